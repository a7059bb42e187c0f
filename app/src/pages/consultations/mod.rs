//! Online-Beteiligung: drafts with numbered paragraphs to comment on, the
//! city's answers, versions and what changed, the Abwägungstabelle, debates
//! with pro and contra arguments, and the box the council reader shows next
//! to a paper.

mod comments;
mod debate;
mod diff;
mod draft;
mod list;
mod new_consultation;
mod outcome;

pub use debate::Diskussion;
pub use diff::BeteiligungAenderungen;
pub use draft::BeteiligungEntwurf;
pub use list::Beteiligung;
pub use new_consultation::BeteiligungAnlegen;
pub use outcome::PaperOutcome;

use crate::{browser, i18n::Lang};

const API: &str = "/api/v1/consultations";
const DEBATES: &str = "/api/v1/debates";

/// "vom 3. Dez. 2026, 08:00 bis …" in the reader's language and time zone.
fn window(lang: Lang, opens_at: &str, closes_at: &str) -> String {
    (lang.texts().consultations.window)(
        &browser::format_datetime(opens_at, lang.code()),
        &browser::format_datetime(closes_at, lang.code()),
    )
}
