use dioxus::prelude::*;
use shared::accounts::RecoverStart;

use crate::{
    components::{Notice, PageHeading, TextField},
    i18n::use_lang,
    routes::Route,
    session::{self, use_session},
};

/// Back into the account with a recovery code and a new passkey.
#[component]
pub fn Wiederherstellen() -> Element {
    let lang = use_lang();
    let texts = &lang().texts().accounts;
    let session = use_session();
    let username = use_signal(String::new);
    let code = use_signal(String::new);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let mut busy = use_signal(|| false);
    let navigator = navigator();

    rsx! {
        PageHeading { text: texts.recover_title }
        p { "{texts.recover_intro}" }
        Notice { message: notice() }
        form {
            onsubmit: move |event| {
                event.prevent_default();
                let request = RecoverStart { username: username(), code: code() };
                let passkey_name = lang().texts().accounts.default_passkey_name.to_owned();
                spawn(async move {
                    busy.set(true);
                    notice.set(None);
                    match session::recover(session, request, passkey_name).await {
                        Ok(()) => {
                            navigator.push(Route::Konto {});
                        }
                        Err(error) => notice.set(Some(Err(error.message(lang())))),
                    }
                    busy.set(false);
                });
            },
            TextField {
                id: "wiederherstellen-benutzername",
                label: texts.username_label,
                value: username,
                autocomplete: "username",
                required: true,
            }
            TextField {
                id: "wiederherstellen-code",
                label: texts.code_label,
                hint: texts.code_hint,
                value: code,
                autocomplete: "one-time-code",
                required: true,
            }
            button { r#type: "submit", disabled: busy(), "{texts.recover_button}" }
        }
    }
}
