use dioxus::prelude::*;
use shared::polls::{Poll, PollPhase, Receipt, ReceiptCheck, Standing};

use super::{API, ballot::Stimmzettel, results::Results, window};
use crate::{
    api::{self, ApiError},
    browser,
    components::{Loading, Notice, PageHeading, TextField, loaded},
    i18n::use_lang,
    routes::Route,
    session::{Session, use_session},
};

/// The poll's standing depends on who asks, so it is asked for again when
/// the person signs in or out.
async fn load(nummer: u64, _signed_in: bool) -> Result<Poll, ApiError> {
    api::get(&format!("{API}/{nummer}")).await
}

/// One poll: what it is about, the ballot for those who may vote, the
/// receipt once cast, the receipt check, and the results when published.
#[component]
pub fn AbstimmungDetails(nummer: u64) -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let signed_in = matches!(session(), Session::SignedIn(_));
    let mut resource = use_resource(use_reactive!(|nummer, signed_in| load(nummer, signed_in)));
    let mut receipt = use_signal(|| None::<Receipt>);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    if session() == Session::Unknown {
        return rsx! { Loading {} };
    }
    let poll = match loaded(resource) {
        Ok(poll) => poll,
        Err(placeholder) => return placeholder,
    };
    let t = &texts.polls;
    let closes = browser::format_datetime(&poll.closes_at, lang().code());
    rsx! {
        PageHeading { text: poll.title.clone() }
        p { Link { to: Route::Abstimmungen {}, "{texts.votes}" } }
        p {
            strong { {(t.phase)(poll.phase)} }
            " · "
            {window(lang(), &poll.opens_at, &poll.closes_at)}
        }
        if let Some(name) = &poll.district_name {
            p { {(t.only_district)(name)} }
        }
        div { class: "markdown", dangerous_inner_html: "{poll.description_html}" }
        p { {(t.ballots)(poll.ballots)} }
        Notice { message: notice() }
        if let Some(receipt) = receipt() {
            section { class: "receipt", role: "status", aria_labelledby: "quittung",
                h2 { id: "quittung", "{t.receipt_heading}" }
                p { class: "receipt__code", "{receipt.code}" }
                p { "{t.receipt_text}" }
            }
        } else {
            {standing(&poll, lang(), move |cast: Receipt| {
                receipt.set(Some(cast));
                resource.restart();
            })}
        }
        if session().is_staff() && poll.phase == PollPhase::Upcoming {
            p { Link { to: Route::AbstimmungBearbeiten { nummer }, "{t.edit_link}" } }
        }
        if session().is_staff() && poll.phase == PollPhase::Open {
            button {
                r#type: "button",
                class: "button--secondary",
                onclick: move |_| async move {
                    match api::send::<Poll, ()>("POST", &format!("{API}/{nummer}/close"), None).await {
                        Ok(_) => resource.restart(),
                        Err(error) => notice.set(Some(Err(error.message(lang())))),
                    }
                },
                "{t.close_now}"
            }
        }
        ReceiptCheckForm { nummer }
        if poll.results_available {
            Results { nummer, live: poll.phase == PollPhase::Open }
        } else if poll.phase != PollPhase::Closed {
            section { aria_labelledby: "ergebnis",
                h2 { id: "ergebnis", "{t.results_heading}" }
                p { {(t.results_later)(&closes)} }
            }
        }
    }
}

/// What the reader can do now: vote, sign in, or read why not.
fn standing(
    poll: &Poll,
    lang: crate::i18n::Lang,
    on_cast: impl FnMut(Receipt) + 'static,
) -> Element {
    let t = &lang.texts().polls;
    match (&poll.standing, poll.phase) {
        (_, PollPhase::Upcoming) => rsx! {
            p { class: "notice", role: "note",
                {(t.opens_later)(&browser::format_datetime(&poll.opens_at, lang.code()))}
            }
        },
        (_, PollPhase::Closed) => rsx! { p { class: "notice", role: "note", "{t.closed}" } },
        (Standing::Eligible, PollPhase::Open) => rsx! {
            Stimmzettel { poll: poll.clone(), on_cast: EventHandler::new(on_cast) }
        },
        (Standing::SignInNeeded, _) => rsx! {
            p { class: "notice", role: "note",
                "{t.sign_in_to_vote} "
                Link { to: Route::Anmelden {}, "{lang.texts().sign_in}" }
            }
        },
        (Standing::AlreadyVoted, _) => {
            rsx! { p { class: "notice", role: "note", "{t.already_voted}" } }
        }
        (Standing::NotEligible { reason }, _) => {
            rsx! { p { class: "notice", role: "note", "{reason}" } }
        }
    }
}

/// Anyone with a receipt code asks whether that ballot is stored and counted.
#[component]
fn ReceiptCheckForm(nummer: u64) -> Element {
    let lang = use_lang();
    let t = &lang().texts().polls;
    let code = use_signal(String::new);
    let mut answer = use_signal(|| None::<Result<String, String>>);
    rsx! {
        section { aria_labelledby: "quittung-pruefen",
            h2 { id: "quittung-pruefen", "{t.check_heading}" }
            form {
                onsubmit: move |event| {
                    event.prevent_default();
                    async move {
                        let path = format!("{API}/{nummer}/receipts/{}", api::query_value(code().trim()));
                        let t = &lang().texts().polls;
                        answer.set(Some(match api::get::<ReceiptCheck>(&path).await {
                            Ok(check) => Ok((t.receipt_status)(check.status).to_owned()),
                            Err(error) => Err(error.message(lang())),
                        }));
                    }
                },
                TextField { id: "quittung-code", label: t.check_label, value: code, required: true, autocomplete: "off" }
                button { r#type: "submit", "{t.check_button}" }
            }
            Notice { message: answer() }
        }
    }
}
