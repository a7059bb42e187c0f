use dioxus::prelude::*;

use super::{Loading, PageHeading};
use crate::session::Session;

/// What a page for staff shows instead of itself: the loading notice while
/// the session is being asked for, and to everyone else its heading and why
/// they cannot use it. `None` for staff.
pub fn staff_only(
    session: &Session,
    heading: &'static str,
    not_allowed: &'static str,
) -> Option<Element> {
    match session {
        Session::Unknown => Some(rsx! { Loading {} }),
        session if !session.is_staff() => Some(rsx! {
            PageHeading { text: heading }
            p { class: "notice", role: "note", "{not_allowed}" }
        }),
        _ => None,
    }
}
