//! Integration tests of the server over real HTTP on a loopback port, one
//! binary with a module per area.

mod accounts;
mod budget;
mod cli;
mod consultations;
mod defects;
mod editing;
mod feeds;
mod foundation;
mod helpers;
mod import;
mod moderation;
mod ocr;
mod oparl;
mod open311;
mod polls;
mod roles;
mod scale_out;
mod search;
