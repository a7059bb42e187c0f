use dioxus::prelude::*;
use shared::{
    accounts::{Me, PasskeyInfo, Role, SessionInfo},
    moderation::ModerationNotice,
};

use crate::{
    api,
    browser::format_datetime,
    components::{LoadError, Loading, Notice, PageHeading, TextField},
    i18n::use_lang,
    routes::Route,
    session::{self, Session, use_session},
};

/// The signed-in person's account: passkeys, devices, data and deletion.
#[component]
pub fn Konto() -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let navigator = navigator();

    let me = match session() {
        Session::Unknown => return rsx! { Loading {} },
        Session::SignedOut => {
            return rsx! {
                PageHeading { text: texts.accounts.my_account }
                p { class: "notice", role: "note", "{texts.accounts.signed_out_notice}" }
                p { Link { to: Route::Anmelden {}, "{texts.sign_in}" } }
            };
        }
        Session::SignedIn(me) => me,
    };
    let since = format_datetime(&me.created_at, lang().code());

    rsx! {
        PageHeading { text: texts.accounts.my_account }
        if let Some(reason) = &me.blocked {
            p { class: "notice notice--error", role: "note", {(texts.accounts.blocked_notice)(reason)} }
        }
        dl { class: "facts",
            dt { "{texts.accounts.username_label}" }
            dd { "{me.username}" }
            dt { "{texts.accounts.display_name_label}" }
            dd { "{me.display_name}" }
            dt { "{texts.accounts.role_label}" }
            dd { {(texts.accounts.role_name)(me.role)} }
            if !me.departments.is_empty() {
                dt { "{texts.accounts.departments_label}" }
                dd { {me.departments.join(", ")} }
            }
            dt { "{texts.accounts.member_since}" }
            dd { "{since}" }
        }
        p {
            button {
                r#type: "button",
                onclick: move |_| async move {
                    if session::sign_out(session).await.is_ok() {
                        navigator.push(Route::Home {});
                    }
                },
                "{texts.accounts.sign_out}"
            }
        }
        crate::pages::polls::HomeDistrictField { current: me.district.clone() }
        OwnModerationNotices {}
        if matches!(me.role, Role::Admin | Role::Moderator) {
            ul {
                li { Link { to: Route::KontenVerwaltung {}, "{texts.accounts.administration}" } }
                li { Link { to: Route::Moderation {}, "{texts.accounts.moderation_title}" } }
            }
        }
        Passkeys {}
        Devices {}
        h2 { "{texts.accounts.data_heading}" }
        p { "{texts.accounts.export_text}" }
        p {
            a { href: "/api/v1/me/export", download: "digitale-stadt-meine-daten.json",
                "{texts.accounts.export_link}"
            }
        }
        DeleteAccount { me: me.clone() }
    }
}

/// Tells the author when moderators hid some of their content, and why.
#[component]
fn OwnModerationNotices() -> Element {
    let texts = &use_lang()().texts().accounts;
    let notices = use_resource(|| api::get::<Vec<ModerationNotice>>("/api/v1/me/moderation"));
    let notices = notices.read();
    let Some(Ok(notices)) = &*notices else {
        return rsx! {};
    };
    rsx! {
        for notice in notices.iter() {
            p { class: "notice notice--error", role: "note",
                {(texts.own_content_notice)(notice.target.kind, notice.visibility, notice.reason.as_deref())}
            }
        }
    }
}

#[component]
fn Passkeys() -> Element {
    let lang = use_lang();
    let texts = &lang().texts().accounts;
    let mut list = use_resource(|| api::get::<Vec<PasskeyInfo>>("/api/v1/me/passkeys"));
    let mut name = use_signal(String::new);
    let mut notice = use_signal(|| None::<Result<String, String>>);

    let remove = move |id: String| async move {
        let path = format!("/api/v1/me/passkeys/{id}");
        let removed = session::with_fresh_sign_in(|| async {
            Ok(api::send_empty::<()>("DELETE", &path, None).await?)
        });
        match removed.await {
            Ok(()) => list.restart(),
            Err(error) => notice.set(Some(Err(error.message(lang())))),
        }
    };

    rsx! {
        h2 { "{texts.passkeys_heading}" }
        Notice { message: notice() }
        match &*list.read() {
            None => rsx! { Loading {} },
            Some(Err(error)) => rsx! { LoadError { error: error.clone(), on_retry: move |_| list.restart() } },
            Some(Ok(passkeys)) => rsx! {
                ul { class: "item-list",
                    for passkey in passkeys.iter().cloned() {
                        li { key: "{passkey.id}",
                            span { class: "item-list__title", "{passkey.name}" }
                            span { class: "item-list__meta",
                                {(texts.created_on)(&format_datetime(&passkey.created_at, lang().code()))}
                                if let Some(used) = &passkey.last_used_at {
                                    " · "
                                    {(texts.last_used_on)(&format_datetime(used, lang().code()))}
                                }
                            }
                            if passkeys.len() > 1 {
                                button {
                                    r#type: "button",
                                    aria_label: "{texts.remove}: {passkey.name}",
                                    onclick: move |_| remove(passkey.id.clone()),
                                    "{texts.remove}"
                                }
                            }
                        }
                    }
                }
            },
        }
        form {
            onsubmit: move |event| async move {
                event.prevent_default();
                notice.set(None);
                match session::add_passkey(name()).await {
                    Ok(()) => {
                        name.set(String::new());
                        notice.set(Some(Ok(lang().texts().accounts.passkey_added.to_owned())));
                        list.restart();
                    }
                    Err(error) => notice.set(Some(Err(error.message(lang())))),
                }
            },
            TextField {
                id: "passkey-name",
                label: texts.passkey_name_label,
                hint: texts.passkey_name_hint,
                value: name,
                required: true,
            }
            button { r#type: "submit", "{texts.add_passkey}" }
        }
    }
}

#[component]
fn Devices() -> Element {
    let lang = use_lang();
    let texts = &lang().texts().accounts;
    let mut session = use_session();
    let navigator = navigator();
    let mut list = use_resource(|| api::get::<Vec<SessionInfo>>("/api/v1/me/sessions"));
    let mut notice = use_signal(|| None::<Result<String, String>>);

    let end = move |id: String| async move {
        let path = format!("/api/v1/me/sessions/{id}");
        match api::send_empty::<()>("DELETE", &path, None).await {
            Ok(()) => list.restart(),
            Err(error) => notice.set(Some(Err(error.message(lang())))),
        }
    };

    rsx! {
        h2 { "{texts.sessions_heading}" }
        Notice { message: notice() }
        match &*list.read() {
            None => rsx! { Loading {} },
            Some(Err(error)) => rsx! { LoadError { error: error.clone(), on_retry: move |_| list.restart() } },
            Some(Ok(sessions)) => rsx! {
                ul { class: "item-list",
                    for device in sessions.iter().cloned() {
                        li { key: "{device.id}",
                            span { class: "item-list__title",
                                "{device.device}"
                                if device.current {
                                    " ({texts.this_device})"
                                }
                            }
                            span { class: "item-list__meta",
                                {(texts.last_used_on)(&format_datetime(&device.last_used_at, lang().code()))}
                            }
                            if !device.current {
                                button {
                                    r#type: "button",
                                    aria_label: "{texts.end_session}: {device.device}",
                                    onclick: move |_| end(device.id.clone()),
                                    "{texts.end_session}"
                                }
                            }
                        }
                    }
                }
            },
        }
        button {
            r#type: "button",
            onclick: move |_| async move {
                match api::send_empty::<()>("POST", "/api/v1/me/sessions/revoke-all", None).await {
                    Ok(()) => {
                        session.set(Session::SignedOut);
                        navigator.push(Route::Anmelden {});
                    }
                    Err(error) => notice.set(Some(Err(error.message(lang())))),
                }
            },
            "{texts.end_all_sessions}"
        }
    }
}

#[component]
fn DeleteAccount(me: Me) -> Element {
    let lang = use_lang();
    let texts = &lang().texts().accounts;
    let mut session = use_session();
    let navigator = navigator();
    let confirmation = use_signal(String::new);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let username = me.username.clone();

    rsx! {
        h2 { "{texts.delete_heading}" }
        p { "{texts.delete_text}" }
        Notice { message: notice() }
        form {
            onsubmit: move |event| {
                event.prevent_default();
                let username = username.clone();
                async move {
                    if confirmation().trim() != username {
                        notice.set(Some(Err(lang().texts().accounts.delete_mismatch.to_owned())));
                        return;
                    }
                    let erased = session::with_fresh_sign_in(|| async {
                        Ok(api::send_empty::<()>("DELETE", "/api/v1/me", None).await?)
                    });
                    match erased.await {
                        Ok(()) => {
                            session.set(Session::SignedOut);
                            navigator.push(Route::Home {});
                        }
                        Err(error) => notice.set(Some(Err(error.message(lang())))),
                    }
                }
            },
            TextField {
                id: "konto-loeschen",
                label: (texts.delete_confirm_label)(&me.username),
                value: confirmation,
                required: true,
            }
            button { r#type: "submit", class: "button--danger", "{texts.delete_button}" }
        }
    }
}
