use dioxus::prelude::*;
use shared::polls::PollSummary;

use super::{API, window};
use crate::{
    api,
    components::{ModuleIntro, loaded},
    i18n::{Module, use_lang},
    routes::Route,
    session::use_session,
};

/// Every poll, newest first, with its phase, window and turnout.
#[component]
pub fn Abstimmungen() -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let polls = match loaded(use_resource(|| api::get::<Vec<PollSummary>>(API))) {
        Ok(polls) => polls,
        Err(placeholder) => return placeholder,
    };
    let t = &texts.polls;
    rsx! {
        ModuleIntro { module: Module::Votes }
        if session().is_staff() {
            p { Link { to: Route::AbstimmungAnlegen {}, "{t.new_poll}" } }
        }
        if polls.is_empty() {
            p { "{t.no_polls}" }
        }
        ul { class: "cards",
            for poll in polls {
                li { class: "card",
                    h2 {
                        Link { to: Route::AbstimmungDetails { nummer: poll.number }, "{poll.title}" }
                    }
                    p {
                        strong { {(t.phase)(poll.phase)} }
                        " · "
                        {window(lang(), &poll.opens_at, &poll.closes_at)}
                    }
                    if let Some(name) = &poll.district_name {
                        p { {(t.only_district)(name)} }
                    }
                    p { {(t.ballots)(poll.ballots)} }
                }
            }
        }
    }
}
