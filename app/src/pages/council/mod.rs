//! The council reader (Ratsinformation): meeting calendar, meetings with
//! their agendas, and papers with their Beratungsfolge. Details come from
//! our own OParl API through the shared OParl types.

mod calendar;
mod edit;
mod files;
mod meeting;
mod month;
mod offline;
pub(crate) mod oparl;
mod organization;
mod paper;
mod person;

pub use calendar::Ratsinformation;
pub use edit::SitzungAnlegen;
pub use meeting::Sitzung;
pub use offline::refresh_saved;
pub use organization::Gremium;
pub use paper::Vorlage;
pub use person::Person;

/// `yyyy-mm-dd` as German readers write it: 26.11.2026.
fn format_date(date: &str) -> String {
    let mut parts = date.splitn(3, '-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(year), Some(month), Some(day)) => format!("{day}.{month}.{year}"),
        _ => date.to_owned(),
    }
}
