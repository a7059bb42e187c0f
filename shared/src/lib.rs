//! Wire types shared by the Digitale Stadt server and web app, plus the one
//! Markdown renderer both use. Serde only: this crate compiles for wasm32 and
//! for the server alike and knows nothing about storage.

pub mod accounts;
pub mod api;
pub mod budget;
pub mod city;
pub mod consultations;
pub mod council;
pub mod defects;
pub mod geo;
pub mod markdown;
pub mod moderation;
pub mod numbers;
pub mod oparl;
pub mod polls;
pub mod search;
