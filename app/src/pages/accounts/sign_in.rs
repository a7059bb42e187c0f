use dioxus::prelude::*;

use crate::{
    components::{Notice, PageHeading, TextField},
    i18n::use_lang,
    routes::Route,
    session::{self, use_session},
};

#[component]
pub fn Anmelden() -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let username = use_signal(String::new);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let mut busy = use_signal(|| false);
    let navigator = navigator();

    let sign_in = move |username: Option<String>| async move {
        busy.set(true);
        notice.set(None);
        match session::sign_in(session, username).await {
            Ok(()) => {
                navigator.push(Route::Konto {});
            }
            Err(error) => notice.set(Some(Err(error.message(lang())))),
        }
        busy.set(false);
    };

    if let Some(me) = session().me() {
        return rsx! {
            PageHeading { text: texts.sign_in }
            p { {(texts.accounts.already_signed_in)(&me.display_name)} }
            p { Link { to: Route::Konto {}, "{texts.accounts.my_account}" } }
        };
    }

    rsx! {
        PageHeading { text: texts.sign_in }
        p { "{texts.accounts.sign_in_intro}" }
        Notice { message: notice() }
        p {
            button {
                r#type: "button",
                disabled: busy(),
                onclick: move |_| {
                    spawn(sign_in(None));
                },
                "{texts.accounts.sign_in_button}"
            }
        }
        h2 { "{texts.accounts.sign_in_with_username}" }
        form {
            onsubmit: move |event| {
                event.prevent_default();
                spawn(sign_in(Some(username())));
            },
            TextField {
                id: "anmelden-benutzername",
                label: texts.accounts.username_label,
                value: username,
                autocomplete: "username webauthn",
                required: true,
            }
            button { r#type: "submit", disabled: busy(), "{texts.accounts.sign_in_button}" }
        }
        h2 { "{texts.accounts.no_account}" }
        p { Link { to: Route::Registrieren { einladung: String::new() }, "{texts.accounts.register_link}" } }
        h2 { "{texts.accounts.lost_passkey}" }
        p { Link { to: Route::Wiederherstellen {}, "{texts.accounts.recover_link}" } }
    }
}
