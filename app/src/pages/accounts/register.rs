use dioxus::prelude::*;
use shared::accounts::RegisterStart;

use crate::{
    components::{Notice, PageHeading, TextField},
    i18n::use_lang,
    routes::Route,
    session::{self, use_session},
};

/// Registration, optionally with an invitation token from the link.
#[component]
pub fn Registrieren(einladung: String) -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let username = use_signal(String::new);
    let display_name = use_signal(String::new);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let mut busy = use_signal(|| false);
    let mut codes = use_signal(|| None::<Vec<String>>);
    let invite = (!einladung.is_empty()).then_some(einladung);
    let has_invite = invite.is_some();

    if let Some(codes) = codes() {
        return rsx! { RecoveryCodes { codes } };
    }

    rsx! {
        PageHeading { text: texts.accounts.register_title }
        p { "{texts.accounts.register_intro}" }
        if has_invite {
            p { class: "notice", role: "note", "{texts.accounts.register_with_invite}" }
        }
        Notice { message: notice() }
        form {
            onsubmit: move |event| {
                event.prevent_default();
                let request = RegisterStart {
                    username: username(),
                    display_name: display_name(),
                    invite: invite.clone(),
                };
                let passkey_name = lang().texts().accounts.default_passkey_name.to_owned();
                spawn(async move {
                    busy.set(true);
                    notice.set(None);
                    match session::register(session, request, passkey_name).await {
                        Ok(recovery_codes) => codes.set(Some(recovery_codes)),
                        Err(error) => notice.set(Some(Err(error.message(lang())))),
                    }
                    busy.set(false);
                });
            },
            TextField {
                id: "registrieren-benutzername",
                label: texts.accounts.username_label,
                hint: texts.accounts.username_hint,
                value: username,
                autocomplete: "username",
                required: true,
            }
            TextField {
                id: "registrieren-name",
                label: texts.accounts.display_name_label,
                hint: texts.accounts.display_name_hint,
                value: display_name,
                autocomplete: "nickname",
                required: true,
            }
            button { r#type: "submit", disabled: busy(), "{texts.accounts.register_button}" }
        }
    }
}

/// The ten recovery codes, shown once, with a confirmation before leaving.
#[component]
fn RecoveryCodes(codes: Vec<String>) -> Element {
    let texts = &use_lang()().texts().accounts;
    let mut saved = use_signal(|| false);
    let navigator = navigator();
    rsx! {
        PageHeading { text: texts.recovery_codes_title }
        p { "{texts.recovery_codes_text}" }
        ol { class: "recovery-codes",
            for code in codes {
                li { code { "{code}" } }
            }
        }
        div { class: "field field--check",
            input {
                id: "codes-gesichert",
                r#type: "checkbox",
                checked: saved(),
                onchange: move |event| saved.set(event.checked()),
            }
            label { r#for: "codes-gesichert", "{texts.recovery_codes_saved}" }
        }
        button {
            r#type: "button",
            disabled: !saved(),
            onclick: move |_| {
                navigator.push(Route::Konto {});
            },
            "{texts.continue_to_account}"
        }
    }
}
