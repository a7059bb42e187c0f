use dioxus::prelude::*;
use futures_util::future::join_all;
use shared::oparl::{Membership, Organization, Person};

use super::oparl;
use crate::{
    api::ApiError,
    components::{PageHeading, loaded},
    i18n::use_lang,
    routes::Route,
};

/// An organization with its current members (person number, name, role).
#[derive(Debug, Clone, PartialEq)]
struct OrganizationView {
    organization: Organization,
    members: Vec<(u64, String, Option<String>)>,
}

async fn load(number: u64) -> Result<OrganizationView, ApiError> {
    let organization: Organization = oparl::object("organization", number).await?;
    let members = join_all(organization.membership.iter().map(|id| async move {
        let membership: Membership = oparl::by_id(id).await.ok()?;
        let person_id = membership.person?;
        let person: Person = oparl::by_id(&person_id).await.ok()?;
        Some((
            oparl::number_in(&person_id, "person")?,
            person.name?,
            membership.role,
        ))
    }))
    .await
    .into_iter()
    .flatten()
    .collect();
    Ok(OrganizationView {
        organization,
        members,
    })
}

/// A committee, faction or district council with its members and feed.
#[component]
pub fn Gremium(nummer: u64) -> Element {
    let lang = use_lang();
    let texts = &lang().texts().reader;
    let view = match loaded(use_resource(use_reactive!(|nummer| load(nummer)))) {
        Ok(view) => view,
        Err(placeholder) => return placeholder,
    };
    let organization = &view.organization;
    let name = organization.name.clone().unwrap_or_default();
    rsx! {
        PageHeading { text: name.clone() }
        if let Some(kind) = organization.classification.clone().or(organization.organization_type.clone()) {
            dl { class: "facts",
                dt { "{texts.classification}" }
                dd { "{kind}" }
            }
        }
        p {
            a { href: "/api/v1/council/organizations/{nummer}/meetings.ics",
                {(texts.subscribe_organization)(&name)}
            }
        }
        h2 { "{texts.members}" }
        ul { class: "item-list",
            for (number, person, role) in view.members.iter().cloned() {
                li { key: "{number}",
                    span { class: "item-list__title",
                        Link { to: Route::Person { nummer: number }, "{person}" }
                    }
                    if let Some(role) = role {
                        span { class: "item-list__meta", "{role}" }
                    }
                }
            }
        }
        p { Link { to: Route::Ratsinformation {}, "{texts.back_to_calendar}" } }
    }
}
