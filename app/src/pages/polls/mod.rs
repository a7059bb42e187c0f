//! Abstimmungen and Umfragen: the list of polls; one poll with its ballot,
//! the receipt check and the results; the staff form for a new poll; and
//! the home district that decides who votes in district polls.

mod ballot;
mod home_district;
mod list;
mod new_poll;
mod poll;
mod results;

pub use home_district::HomeDistrictField;
pub use list::Abstimmungen;
pub use new_poll::{AbstimmungAnlegen, AbstimmungBearbeiten};
pub use poll::AbstimmungDetails;

use crate::{browser, i18n::Lang};

const API: &str = "/api/v1/polls";

/// "vom 3. Dez. 2026, 08:00 bis …" in the reader's language and time zone.
fn window(lang: Lang, opens_at: &str, closes_at: &str) -> String {
    (lang.texts().polls.window)(
        &browser::format_datetime(opens_at, lang.code()),
        &browser::format_datetime(closes_at, lang.code()),
    )
}
