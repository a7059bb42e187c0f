use dioxus::prelude::*;
use shared::accounts::{
    AccountSummary, AuditEntry, DepartmentsChange, Invite, InviteRequest, Reason, Role, RoleChange,
};

use crate::{
    api,
    browser::format_datetime,
    components::{LoadError, Loading, Notice, PageHeading, TextField},
    i18n::use_lang,
    session::use_session,
};

/// Finding accounts, roles and blocks (moderators and admins); invitations
/// and the audit log (admins).
#[component]
pub fn KontenVerwaltung() -> Element {
    let lang = use_lang();
    let texts = &lang().texts().accounts;
    let session = use_session();
    // Counts changes made on this page, so that the audit log shows them.
    let changes = use_signal(|| 0_u32);
    let role = match super::moderators_only(session(), texts.administration) {
        Ok(role) => role,
        Err(placeholder) => return placeholder,
    };
    let is_admin = role == Role::Admin;

    rsx! {
        PageHeading { text: texts.administration }
        Accounts { is_admin, changes }
        if is_admin {
            CreateInvite { changes }
            AuditLog { changes }
        }
    }
}

#[component]
fn Accounts(is_admin: bool, changes: Signal<u32>) -> Element {
    let lang = use_lang();
    let texts = &lang().texts().accounts;
    let search = use_signal(String::new);
    let mut query = use_signal(String::new);
    let mut list = use_resource(move || async move {
        api::get::<Vec<AccountSummary>>(&format!(
            "/api/v1/admin/accounts?q={}",
            api::query_value(&query())
        ))
        .await
    });

    rsx! {
        h2 { "{texts.accounts_heading}" }
        form {
            role: "search",
            onsubmit: move |event| {
                event.prevent_default();
                query.set(search());
            },
            TextField { id: "konten-suche", label: texts.search_label, value: search }
            button { r#type: "submit", "{texts.search_button}" }
        }
        match &*list.read() {
            None => rsx! { Loading {} },
            Some(Err(error)) => rsx! { LoadError { error: error.clone(), on_retry: move |_| list.restart() } },
            Some(Ok(accounts)) if accounts.is_empty() => rsx! { p { "{texts.no_accounts_found}" } },
            Some(Ok(accounts)) => rsx! {
                ul { class: "item-list item-list--accounts",
                    for account in accounts.iter().cloned() {
                        AccountItem { key: "{account.id}", account, is_admin, changes }
                    }
                }
            },
        }
    }
}

#[component]
fn AccountItem(account: AccountSummary, is_admin: bool, mut changes: Signal<u32>) -> Element {
    let lang = use_lang();
    let texts = &lang().texts().accounts;
    let mut current = use_signal(|| account.clone());
    let mut role = use_signal(|| account.role);
    let departments = use_signal(|| account.departments.join(", "));
    let reason = use_signal(String::new);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let id = account.id.clone();
    let shown = current();
    let base = format!("/api/v1/admin/accounts/{id}");

    let apply = move |result: Result<AccountSummary, api::ApiError>| match result {
        Ok(updated) => {
            role.set(updated.role);
            current.set(updated);
            changes += 1;
            notice.set(Some(Ok(lang().texts().accounts.saved.to_owned())));
        }
        Err(error) => notice.set(Some(Err(error.message(lang())))),
    };
    let role_path = format!("{base}/role");
    let departments_path = format!("{base}/departments");
    let block_path = format!("{base}/block");
    let unblock_path = block_path.clone();

    rsx! {
        li {
            span { class: "item-list__title", "{shown.display_name} (@{shown.username})" }
            span { class: "item-list__meta",
                {(texts.role_name)(shown.role)}
                if !shown.departments.is_empty() {
                    " · {shown.departments.join(\", \")}"
                }
                if shown.blocked.is_some() {
                    " · {texts.blocked}"
                }
            }
            Notice { message: notice() }
            if is_admin {
                form {
                    class: "inline-form",
                    onsubmit: move |event| {
                        event.prevent_default();
                        let path = role_path.clone();
                        let mut apply = apply;
                        async move {
                            let change = RoleChange { role: role() };
                            apply(api::send("PUT", &path, Some(&change)).await);
                        }
                    },
                    label { r#for: "rolle-{id}", "{texts.role_label}" }
                    select {
                        id: "rolle-{id}",
                        onchange: move |event| {
                            if let Ok(chosen) = event.value().parse::<Role>() {
                                role.set(chosen);
                            }
                        },
                        for option in Role::ALL {
                            option { value: option.as_str(), selected: option == role(), {(texts.role_name)(option)} }
                        }
                    }
                    button { r#type: "submit", "{texts.save_role}" }
                }
            }
            if is_admin {
                form {
                    class: "inline-form",
                    onsubmit: move |event| {
                        event.prevent_default();
                        let path = departments_path.clone();
                        let mut apply = apply;
                        async move {
                            let change = DepartmentsChange {
                                departments: departments()
                                    .split(',')
                                    .map(str::trim)
                                    .filter(|name| !name.is_empty())
                                    .map(str::to_owned)
                                    .collect(),
                            };
                            apply(api::send("PUT", &path, Some(&change)).await);
                        }
                    },
                    TextField {
                        id: "aemter-{id}",
                        label: texts.departments_label,
                        hint: texts.departments_hint,
                        value: departments,
                    }
                    button { r#type: "submit", "{texts.save_departments}" }
                }
            }
            if shown.blocked.is_some() {
                button {
                    r#type: "button",
                    onclick: move |_| {
                        let path = unblock_path.clone();
                        let mut apply = apply;
                        async move { apply(api::send::<_, ()>("DELETE", &path, None).await) }
                    },
                    "{texts.unblock}"
                }
            } else {
                form {
                    class: "inline-form",
                    onsubmit: move |event| {
                        event.prevent_default();
                        let path = block_path.clone();
                        let mut apply = apply;
                        async move {
                            let body = Reason { reason: reason() };
                            apply(api::send("POST", &path, Some(&body)).await);
                        }
                    },
                    TextField { id: "sperrgrund-{id}", label: texts.block_reason_label, value: reason, required: true }
                    button { r#type: "submit", "{texts.block}" }
                }
            }
        }
    }
}

#[component]
fn CreateInvite(mut changes: Signal<u32>) -> Element {
    let lang = use_lang();
    let texts = &lang().texts().accounts;
    let mut role = use_signal(|| Role::Staff);
    let mut created = use_signal(|| None::<Invite>);
    let mut notice = use_signal(|| None::<Result<String, String>>);

    rsx! {
        h2 { "{texts.invite_heading}" }
        p { "{texts.invite_text}" }
        Notice { message: notice() }
        form {
            class: "inline-form",
            onsubmit: move |event| async move {
                event.prevent_default();
                notice.set(None);
                match api::send("POST", "/api/v1/admin/invites", Some(&InviteRequest { role: role() })).await {
                    Ok(invite) => {
                        created.set(Some(invite));
                        changes += 1;
                    }
                    Err(error) => notice.set(Some(Err(error.message(lang())))),
                }
            },
            label { r#for: "einladung-rolle", "{texts.role_label}" }
            select {
                id: "einladung-rolle",
                onchange: move |event| {
                    if let Ok(chosen) = event.value().parse::<Role>() {
                        role.set(chosen);
                    }
                },
                for option in Role::ALL {
                    option { value: option.as_str(), selected: option == role(), {(texts.role_name)(option)} }
                }
            }
            button { r#type: "submit", "{texts.invite_button}" }
        }
        if let Some(invite) = created() {
            div { class: "notice", role: "status",
                label { r#for: "einladung-link",
                    {(texts.invite_created)(&format_datetime(&invite.expires_at, lang().code()))}
                }
                input { id: "einladung-link", r#type: "text", readonly: true, value: "{invite.link}" }
            }
        }
    }
}

#[component]
fn AuditLog(changes: Signal<u32>) -> Element {
    let lang = use_lang();
    let texts = &lang().texts().accounts;
    let mut entries = use_resource(move || {
        changes();
        api::get::<Vec<AuditEntry>>("/api/v1/admin/audit")
    });
    rsx! {
        h2 { "{texts.audit_heading}" }
        match &*entries.read() {
            None => rsx! { Loading {} },
            Some(Err(error)) => rsx! { LoadError { error: error.clone(), on_retry: move |_| entries.restart() } },
            Some(Ok(entries)) => rsx! {
                div { class: "table-scroll", tabindex: "0", role: "region", aria_label: "{texts.audit_heading}",
                    table {
                        thead {
                            tr {
                                th { scope: "col", "{texts.audit_at}" }
                                th { scope: "col", "{texts.audit_action}" }
                                th { scope: "col", "{texts.audit_target}" }
                                th { scope: "col", "{texts.audit_detail}" }
                            }
                        }
                        tbody {
                            for entry in entries.iter() {
                                tr {
                                    td { {format_datetime(&entry.at, lang().code())} }
                                    td { code { "{entry.action}" } }
                                    td { "{entry.target}" }
                                    td { "{entry.detail}" }
                                }
                            }
                        }
                    }
                }
            },
        }
    }
}
