//! The council reader (Ratsinformation): meeting calendar, meetings with
//! their agendas, and papers with their Beratungsfolge. Details come from
//! our own OParl API through the shared OParl types.

mod calendar;
mod files;
mod meeting;
mod oparl;
mod paper;
mod search;

pub use calendar::Ratsinformation;
pub use meeting::Sitzung;
pub use paper::Vorlage;
pub use search::Suche;
