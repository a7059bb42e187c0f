use dioxus::prelude::*;
use futures_util::future::join_all;
use shared::oparl::{Organization, Person as OparlPerson};

use super::oparl;
use crate::{
    api::ApiError,
    components::{PageHeading, loaded},
    i18n::use_lang,
    routes::Route,
};

/// A person with the organizations of their memberships.
#[derive(Debug, Clone, PartialEq)]
struct PersonView {
    person: OparlPerson,
    /// Organization number and name, role, start date.
    memberships: Vec<(u64, String, Option<String>, Option<String>)>,
}

async fn load(number: u64) -> Result<PersonView, ApiError> {
    let person: OparlPerson = oparl::object("person", number).await?;
    let memberships = join_all(person.membership.iter().map(|membership| async move {
        let id = membership.organization.as_deref()?;
        let organization: Organization = oparl::by_id(id).await.ok()?;
        Some((
            oparl::number_in(id, "organization")?,
            organization.name?,
            membership.role.clone(),
            membership.start_date.clone(),
        ))
    }))
    .await
    .into_iter()
    .flatten()
    .collect();
    Ok(PersonView {
        person,
        memberships,
    })
}

/// A council member or other person with their committees.
#[component]
pub fn Person(nummer: u64) -> Element {
    let lang = use_lang();
    let texts = &lang().texts().reader;
    let view = match loaded(use_resource(use_reactive!(|nummer| load(nummer)))) {
        Ok(view) => view,
        Err(placeholder) => return placeholder,
    };
    rsx! {
        PageHeading { text: view.person.name.clone().unwrap_or_default() }
        h2 { "{texts.memberships}" }
        ul { class: "item-list",
            for (number, organization, role, start) in view.memberships.iter().cloned() {
                li { key: "{number}-{role:?}-{start:?}",
                    span { class: "item-list__title",
                        Link { to: Route::Gremium { nummer: number }, "{organization}" }
                    }
                    span { class: "item-list__meta",
                        {[role, start.map(|date| (texts.since)(&super::format_date(&date)))]
                            .into_iter().flatten().collect::<Vec<_>>().join(" · ")}
                    }
                }
            }
        }
        p {
            a { href: "/api/v1/council/persons/{nummer}/meetings.ics", "{texts.subscribe_person}" }
        }
        p { Link { to: Route::Ratsinformation {}, "{texts.back_to_calendar}" } }
    }
}
