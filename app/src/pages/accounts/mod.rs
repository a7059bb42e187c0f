//! Screens of the accounts domain: sign in, register, recover, the own
//! account, and account administration.

mod account;
mod admin;
mod moderation;
mod recover;
mod register;
mod sign_in;

pub use account::Konto;
pub use admin::KontenVerwaltung;
pub use moderation::Moderation;
pub use recover::Wiederherstellen;
pub use register::Registrieren;
pub use sign_in::Anmelden;

use dioxus::prelude::*;
use shared::accounts::Role;

use crate::{
    components::{Loading, PageHeading},
    i18n::use_texts,
    session::Session,
};

/// The role of a signed-in moderator or admin, or what to show instead:
/// the loading notice while the session is unknown, otherwise a notice that
/// the page is not for this account. Hooks must be called before this.
fn moderators_only(session: Session, heading: &'static str) -> Result<Role, Element> {
    match session {
        Session::Unknown => Err(rsx! { Loading {} }),
        Session::SignedIn(me) if matches!(me.role, Role::Admin | Role::Moderator) => Ok(me.role),
        _ => {
            let texts = &use_texts().accounts;
            Err(rsx! {
                PageHeading { text: heading }
                p { class: "notice", role: "note", "{texts.not_allowed}" }
            })
        }
    }
}
