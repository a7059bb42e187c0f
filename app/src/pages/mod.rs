pub mod accounts;
pub mod budget;
pub mod council;
pub mod home;
pub mod legal;
pub mod modules;
pub mod not_found;
