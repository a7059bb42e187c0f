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
