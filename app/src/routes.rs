//! Every address of the app. Unknown paths render the not-found page; the
//! server answers them with `index.html` so that reloads work.

use dioxus::prelude::*;

use crate::{
    pages::{
        accounts::{Anmelden, KontenVerwaltung, Konto, Moderation, Registrieren, Wiederherstellen},
        budget::{
            Buergerhaushalt, Ergebnis, Haushalt, HaushaltAbstimmung, HaushaltAnlegen, Regeln,
            Vorschlag, Vorschlagen,
        },
        consultations::{
            Beteiligung, BeteiligungAenderungen, BeteiligungAnlegen, BeteiligungEntwurf, Diskussion,
        },
        council::{Gremium, Person, Ratsinformation, Sitzung, SitzungAnlegen, Vorlage},
        defects::{
            MaengelBearbeitung, MaengelKategorien, Maengelmelder, MangelMelden, MeineMeldungen,
            Meldung, MeldungEingegangen,
        },
        home::Home,
        legal::{Barrierefreiheit, Datenschutz, Impressum},
        not_found::NotFound,
        polls::{AbstimmungAnlegen, AbstimmungBearbeiten, AbstimmungDetails, Abstimmungen},
        search::Suche,
    },
    shell::Shell,
};

#[derive(Routable, Clone, Debug, PartialEq)]
#[rustfmt::skip]
pub enum Route {
    #[layout(Shell)]
        #[route("/")]
        Home {},
        #[route("/buergerhaushalt")]
        Buergerhaushalt {},
        #[route("/buergerhaushalt/neu")]
        HaushaltAnlegen {},
        #[route("/buergerhaushalt/regeln")]
        Regeln {},
        #[route("/buergerhaushalt/:nummer")]
        Haushalt { nummer: u64 },
        #[route("/buergerhaushalt/:nummer/vorschlagen")]
        Vorschlagen { nummer: u64 },
        #[route("/buergerhaushalt/:nummer/vorschlag/:vorschlag")]
        Vorschlag { nummer: u64, vorschlag: u64 },
        #[route("/buergerhaushalt/:nummer/abstimmung")]
        HaushaltAbstimmung { nummer: u64 },
        #[route("/buergerhaushalt/:nummer/ergebnis")]
        Ergebnis { nummer: u64 },
        #[route("/maengelmelder")]
        Maengelmelder {},
        #[route("/maengelmelder/melden")]
        MangelMelden {},
        #[route("/maengelmelder/meine")]
        MeineMeldungen {},
        #[route("/maengelmelder/bearbeitung")]
        MaengelBearbeitung {},
        #[route("/maengelmelder/kategorien")]
        MaengelKategorien {},
        #[route("/maengelmelder/meldung/:nummer")]
        Meldung { nummer: u64 },
        #[route("/maengelmelder/eingegangen/:nummer")]
        MeldungEingegangen { nummer: u64 },
        #[route("/beteiligung")]
        Beteiligung {},
        #[route("/beteiligung/neu")]
        BeteiligungAnlegen {},
        #[route("/beteiligung/entwurf/:nummer?:fassung")]
        BeteiligungEntwurf { nummer: u64, fassung: String },
        #[route("/beteiligung/entwurf/:nummer/aenderungen?:bis")]
        BeteiligungAenderungen { nummer: u64, bis: String },
        #[route("/beteiligung/diskussion/:nummer")]
        Diskussion { nummer: u64 },
        #[route("/abstimmungen")]
        Abstimmungen {},
        #[route("/abstimmungen/neu")]
        AbstimmungAnlegen {},
        #[route("/abstimmungen/:nummer")]
        AbstimmungDetails { nummer: u64 },
        #[route("/abstimmungen/:nummer/bearbeiten")]
        AbstimmungBearbeiten { nummer: u64 },
        #[route("/ratsinformation")]
        Ratsinformation {},
        #[route("/ratsinformation/neue-sitzung")]
        SitzungAnlegen {},
        #[route("/ratsinformation/sitzung/:nummer")]
        Sitzung { nummer: u64 },
        #[route("/ratsinformation/gremium/:nummer")]
        Gremium { nummer: u64 },
        #[route("/ratsinformation/person/:nummer")]
        Person { nummer: u64 },
        #[route("/ratsinformation/vorlage/:nummer")]
        Vorlage { nummer: u64 },
        #[route("/suche?:q")]
        Suche { q: String },
        #[route("/anmelden")]
        Anmelden {},
        #[route("/registrieren?:einladung")]
        Registrieren { einladung: String },
        #[route("/wiederherstellen")]
        Wiederherstellen {},
        #[route("/konto")]
        Konto {},
        #[route("/verwaltung/konten")]
        KontenVerwaltung {},
        #[route("/verwaltung/moderation")]
        Moderation {},
        #[route("/impressum")]
        Impressum {},
        #[route("/datenschutz")]
        Datenschutz {},
        #[route("/barrierefreiheit")]
        Barrierefreiheit {},
        #[route("/:..segments")]
        NotFound { segments: Vec<String> },
}
