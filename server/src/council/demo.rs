//! A realistic, deterministic demo council for the demo city: the Rat,
//! committees, district councils and factions over five legislative terms,
//! people with memberships, meetings with agendas, and papers with their
//! Beratungsfolge and places. Names of people are invented.
//!
//! `scale` multiplies meetings and papers, for benchmarks on large councils.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha512};
use shared::{
    city::City,
    oparl::{
        AgendaItem, Body, Common, Consultation, File, LegislativeTerm, Location, Meeting,
        Membership, Organization, Paper, Person,
    },
};

use super::{
    demo_pdf,
    kind::Kind,
    store::{self, NewRow},
    timestamp::Timestamp,
};
use crate::{db::Db, error::Result};

/// A one-line progress bar on stderr, for the large benchmark councils.
struct Progress {
    total: usize,
    done: usize,
    shown: usize,
}

impl Progress {
    fn new(total: usize) -> Self {
        Self {
            total,
            done: 0,
            shown: 0,
        }
    }

    fn advance(&mut self, count: usize, what: &str) {
        self.done += count;
        let percent = self.done * 100 / self.total.max(1);
        if self.total > 20_000 && percent > self.shown {
            self.shown = percent;
            let bar = "#".repeat(percent / 4);
            eprint!(
                "\r[{bar:<25}] {percent:>3}%  {}/{} objects ({what})      ",
                self.done, self.total
            );
        }
    }

    fn finish(&self) {
        if self.total > 20_000 {
            eprintln!();
        }
    }
}

/// Small deterministic generator (SplitMix64): the same seed gives the same council.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const GIVEN_FEMALE: &[&str] = &[
    "Anna",
    "Birgit",
    "Claudia",
    "Dörte",
    "Elif",
    "Franziska",
    "Gabriele",
    "Hanna",
    "Ilka",
    "Jana",
    "Katrin",
    "Lena",
    "Maria",
    "Nadine",
    "Olga",
    "Petra",
    "Ronja",
    "Sabine",
    "Tanja",
    "Ulrike",
    "Vera",
    "Wiebke",
    "Yasemin",
    "Zoe",
];
const GIVEN_MALE: &[&str] = &[
    "Andreas",
    "Bernd",
    "Christian",
    "Dirk",
    "Emre",
    "Frank",
    "Georg",
    "Heiner",
    "Ingo",
    "Jan",
    "Klaus",
    "Lukas",
    "Markus",
    "Niklas",
    "Oliver",
    "Peter",
    "Rainer",
    "Stefan",
    "Thomas",
    "Uwe",
    "Volker",
    "Werner",
    "Yusuf",
    "Zacharias",
];
const FAMILY: &[&str] = &[
    "Althoff",
    "Becker",
    "Brüggemann",
    "Dieckmann",
    "Eickholt",
    "Feldkamp",
    "Große Kracht",
    "Hagedorn",
    "Hölscher",
    "Jansen",
    "Kemper",
    "Klostermann",
    "Lammers",
    "Meyer zu Altenschildesche",
    "Niehues",
    "Osthues",
    "Pohlmann",
    "Rensing",
    "Schulze Pellengahr",
    "Tenbrink",
    "Uhlenbrock",
    "Vennemann",
    "Wessels",
    "Wienhues",
    "Yilmaz",
    "Zumbusch",
];
/// Street, how a title names a place on it, longitude, latitude.
const STREETS: &[(&str, &str, f64, f64)] = &[
    ("Prinzipalmarkt", "am Prinzipalmarkt", 7.6285, 51.9625),
    ("Hammer Straße", "an der Hammer Straße", 7.6265, 51.9480),
    (
        "Warendorfer Straße",
        "an der Warendorfer Straße",
        7.6480,
        51.9620,
    ),
    ("Weseler Straße", "an der Weseler Straße", 7.6120, 51.9440),
    (
        "Steinfurter Straße",
        "an der Steinfurter Straße",
        7.6050,
        51.9780,
    ),
    (
        "Wolbecker Straße",
        "an der Wolbecker Straße",
        7.6450,
        51.9560,
    ),
    ("Grevener Straße", "an der Grevener Straße", 7.6150, 51.9830),
    (
        "Hiltruper Straße",
        "an der Hiltruper Straße",
        7.6330,
        51.9050,
    ),
    ("Kanalstraße", "an der Kanalstraße", 7.6340, 51.9740),
    ("Aegidiimarkt", "am Aegidiimarkt", 7.6230, 51.9590),
];
/// Subjects of papers about a place; `{at}` names the place.
const PLACE_TOPICS: &[&str] = &[
    "Sanierung der Grundschule {at}",
    "Neue Radverkehrsachse {at}",
    "Barrierefreier Umbau der Bushaltestellen {at}",
    "Bebauungsplan Nr. {number} – Wohnquartier {at}",
    "Mehr Bäume und Entsiegelung {at}",
    "Tempo 30 vor der Kita {at}",
    "Zuschuss für das Stadtteilfest {at}",
    "Öffentliche Toilette {at}",
    "Sichere Querung für Fußgängerinnen und Fußgänger {at}",
    "Fahrradabstellanlage {at}",
    "Neugestaltung des Spielplatzes {at}",
    "Sanierung der Kanalisation {at}",
    "Umbau der Kreuzung {at}",
    "Erweiterung der Kindertageseinrichtung {at}",
    "Anwohnerparken {at}",
    "Bessere Beleuchtung {at}",
    "Photovoltaik auf dem Dach der Sporthalle {at}",
    "Lärmschutz {at}",
    "Wochenmarkt {at}",
    "Ladesäulen für Elektrofahrzeuge {at}",
];
/// Subjects a council takes up once a year; `{year}` names the year.
const YEARLY_TOPICS: &[&str] = &[
    "Haushaltssatzung {year}",
    "Klimaanpassungskonzept: Maßnahmen für {year}",
    "Digitalisierung der Schulen: Sachstand {year}",
    "Wohnungsbauprogramm {year}",
    "Jahresabschluss der Stadtwerke {previous}",
    "Bericht der Gleichstellungsbeauftragten {previous}",
];
const COMMITTEES: &[(&str, &str)] = &[
    ("Haupt- und Finanzausschuss", "HFA"),
    (
        "Ausschuss für Stadtplanung, Stadtentwicklung, Verkehr und Wohnen",
        "ASSVW",
    ),
    (
        "Ausschuss für Umweltschutz, Klimaschutz und Bauwesen",
        "AUKB",
    ),
    ("Ausschuss für Schule und Weiterbildung", "ASW"),
    ("Ausschuss für Kinder, Jugendliche und Familien", "AKJF"),
    (
        "Ausschuss für Soziales, Gesundheit und Arbeitsförderung",
        "ASGA",
    ),
    ("Ausschuss für Kultur", "AK"),
    ("Sportausschuss", "SpA"),
    (
        "Ausschuss für Wirtschaft, Digitalisierung und Smart City",
        "AWDS",
    ),
    (
        "Ausschuss für Bürgerbeteiligung, Anregungen und Beschwerden",
        "ABAB",
    ),
    ("Rechnungsprüfungsausschuss", "RPA"),
    ("Ausschuss für Gleichstellung und Vielfalt", "AGV"),
    ("Betriebsausschuss Abfallwirtschaftsbetriebe", "BA AWM"),
    ("Wahlprüfungsausschuss", "WPA"),
];
const FACTIONS: &[(&str, &str)] = &[
    ("CDU-Fraktion", "CDU"),
    ("Fraktion Bündnis 90/Die Grünen", "GRÜNE"),
    ("SPD-Fraktion", "SPD"),
    ("FDP-Fraktion", "FDP"),
    ("Fraktion Die Linke", "Linke"),
    ("Fraktion Volt", "Volt"),
    ("Fraktion ÖDP/Die PARTEI", "ÖDP/PARTEI"),
];
const ADVISORY_BOARDS: &[(&str, &str)] = &[
    ("Integrationsrat", "IR"),
    (
        "Kommission zur Förderung der Inklusion von Menschen mit Behinderung",
        "KIB",
    ),
    ("Seniorenvertretung", "SV"),
    ("Jugendrat", "JR"),
    ("Klimabeirat", "KB"),
    ("Beirat für Kommunale Entwicklungszusammenarbeit", "BKE"),
];
const DEPARTMENTS: &[(&str, &str)] = &[
    ("Dezernat I – Oberbürgermeister", "Dez. I"),
    (
        "Dezernat II – Finanzen, Beteiligungen und Personal",
        "Dez. II",
    ),
    ("Dezernat III – Planung, Bau und Wirtschaft", "Dez. III"),
    ("Dezernat IV – Jugend, Schule und Soziales", "Dez. IV"),
    ("Dezernat V – Umwelt, Klima und Mobilität", "Dez. V"),
];
const TERMS: &[(&str, &str, &str)] = &[
    ("Wahlperiode 2004–2009", "2004-10-01", "2009-10-20"),
    ("Wahlperiode 2009–2014", "2009-10-21", "2014-06-15"),
    ("Wahlperiode 2014–2020", "2014-06-16", "2020-10-31"),
    ("Wahlperiode 2020–2025", "2020-11-01", "2025-10-31"),
    ("Wahlperiode 2025–2030", "2025-11-01", "2030-10-31"),
];
const REASONS: &[&str] = &[
    "Die Maßnahme ist mit dem Denkmalschutz abgestimmt.",
    "Der Seniorenbeirat hat die Planung ausdrücklich begrüßt.",
    "Die Anwohnerinnen und Anwohner wurden in einer Informationsveranstaltung beteiligt.",
    "Für die Umsetzung stehen Fördermittel des Landes Nordrhein-Westfalen bereit.",
    "Die Verwaltung empfiehlt, die Arbeiten in den Sommerferien auszuführen.",
    "Ein Verkehrsgutachten bestätigt den Handlungsbedarf.",
    "Die Feuerwehr hat gegen die Planung keine Bedenken.",
    "Der Umweltbericht kommt zu dem Ergebnis, dass keine geschützten Arten betroffen sind.",
    "Die Kosten sind im Haushaltsentwurf bereits berücksichtigt.",
    "Die Pflasterung erfolgt mit wiederverwendeten Klinkersteinen.",
];
const ROOMS: &[&str] = &[
    "Festsaal im Rathaus",
    "Sitzungssaal Stadthaus 1",
    "Raum 202, Stadthaus 3",
];

/// The document as stored: without what the store keeps in its own columns.
fn doc<T: Serialize>(object: &T) -> Result<Value> {
    let mut value = serde_json::to_value(object)?;
    if let Value::Object(map) = &mut value {
        for column in ["id", "type", "created", "modified", "deleted"] {
            map.remove(column);
        }
    }
    Ok(value)
}

fn stub(kind: Kind, number: u64) -> Common {
    Common {
        id: kind.reference(number),
        ..Common::default()
    }
}

/// German thousands separators: 1.570.000.
fn euros(amount: u64) -> String {
    shared::numbers::group_digits(&amount.to_string(), ".")
}

fn date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn at(time: DateTime<Utc>) -> String {
    Timestamp::from_utc(time).as_str().to_owned()
}

fn local(time: DateTime<Utc>) -> String {
    // Meetings are announced in local time; +01:00 is what the city prints in winter.
    (time + Duration::hours(1))
        .format("%Y-%m-%dT%H:%M:%S+01:00")
        .to_string()
}

/// A generated PDF and where it belongs.
struct NewFile {
    name: String,
    file_name: String,
    day: String,
    title: String,
    paragraphs: Vec<String>,
    created: String,
    /// Reference of the paper or meeting the file belongs to.
    owner: String,
}

struct Rows {
    body: u64,
    rows: Vec<(Kind, NewRow)>,
    /// Bytes of the files, by file number.
    contents: Vec<(u64, Vec<u8>)>,
    files: Vec<(File, String)>,
}

impl Rows {
    /// A PDF file with its metadata; returns the stub to embed.
    fn file(&mut self, new: NewFile) -> File {
        let NewFile {
            name,
            file_name,
            day,
            title,
            paragraphs,
            created,
            owner,
        } = new;
        let n = self.files.len() as u64 + 1;
        let bytes = demo_pdf::document(&title, &paragraphs);
        let mut file = File {
            name: Some(name),
            file_name: Some(file_name),
            mime_type: Some("application/pdf".into()),
            date: Some(day),
            size: Some(bytes.len() as u64),
            sha512_checksum: Some(
                Sha512::digest(&bytes)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect(),
            ),
            text: Some(
                std::iter::once(title.to_owned())
                    .chain(paragraphs.iter().cloned())
                    .collect::<Vec<_>>()
                    .join("\n\n"),
            ),
            access_url: Some(format!("{}/access", Kind::File.reference(n))),
            download_url: Some(format!("{}/download", Kind::File.reference(n))),
            ..File::default()
        };
        if owner.starts_with("paper/") {
            file.paper.push(owner);
        } else {
            file.meeting.push(owner);
        }
        self.contents.push((n, bytes));
        self.files.push((file, created));
        File {
            common: stub(Kind::File, n),
            ..File::default()
        }
    }
}

impl Rows {
    fn push(
        &mut self,
        kind: Kind,
        n: u64,
        parent: Option<(u64, u64)>,
        created: &str,
        modified: &str,
        doc: Value,
    ) {
        self.rows.push((
            kind,
            NewRow {
                n,
                body: self.body,
                parent: parent.map(|(parent, _)| parent),
                position: parent.map(|(_, position)| position),
                created: created.into(),
                modified: modified.into(),
                doc,
            },
        ));
    }
}

/// Seeds the council unless one exists; returns whether it did.
pub async fn seed_if_empty(db: &Db, city: &City, scale: u64) -> Result<bool> {
    if store::has_bodies(db).await? {
        return Ok(false);
    }
    let rows = generate(city, scale.max(1), 0x4D55_454E_5354_4552)?;
    let total = rows.rows.len() + rows.contents.len();
    let mut progress = Progress::new(total);
    for kind in Kind::ALL {
        let batch: Vec<NewRow> = rows
            .rows
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, row)| row.clone())
            .collect();
        if batch.is_empty() {
            continue;
        }
        store::allocate(db, kind, batch.len() as u64).await?;
        for chunk in batch.chunks(500) {
            store::insert(db, kind, chunk.to_vec()).await?;
            progress.advance(chunk.len(), kind.path());
        }
    }
    // One request per batch of about 4 MB rather than one per file, and
    // no request of unbounded size.
    let mut batch = Vec::new();
    let mut bytes = 0;
    let mut contents = rows.contents.into_iter().peekable();
    while let Some((n, content)) = contents.next() {
        bytes += content.len();
        batch.push((n, content));
        if bytes >= 4 << 20 || contents.peek().is_none() {
            let count = batch.len();
            store::put_contents(db, std::mem::take(&mut batch)).await?;
            progress.advance(count, "file content");
            bytes = 0;
        }
    }
    progress.finish();
    tracing::info!(objects = rows.rows.len(), "demo council loaded");
    Ok(true)
}

/// The papers' subjects, each once and in the order the dice give: every
/// place topic at every street (with the street's index), and the yearly
/// ones for `year`.
fn subjects(dice: &mut Dice, year: i32) -> Vec<(String, Option<usize>)> {
    let mut subjects: Vec<(String, Option<usize>)> = PLACE_TOPICS
        .iter()
        .enumerate()
        .flat_map(|(t, topic)| {
            STREETS.iter().enumerate().map(move |(street, place)| {
                let plan = 500 + t * STREETS.len() + street;
                let subject = topic
                    .replace("{at}", place.1)
                    .replace("{number}", &plan.to_string());
                (subject, Some(street))
            })
        })
        .chain(YEARLY_TOPICS.iter().map(|topic| {
            let subject = topic
                .replace("{year}", &year.to_string())
                .replace("{previous}", &(year - 1).to_string());
            (subject, None)
        }))
        .collect();
    // Fisher–Yates.
    for i in (1..subjects.len()).rev() {
        subjects.swap(i, dice.below(i + 1));
    }
    subjects
}

fn generate(city: &City, scale: u64, seed: u64) -> Result<Rows> {
    let mut dice = Dice(seed);
    let mut out = Rows {
        body: 1,
        rows: Vec::new(),
        contents: Vec::new(),
        files: Vec::new(),
    };
    let setup = Utc
        .with_ymd_and_hms(2025, 11, 3, 8, 0, 0)
        .single()
        .unwrap_or_else(Utc::now);
    let setup_at = at(setup);

    // Places: the town hall buildings and one place per street of the papers.
    let mut locations: Vec<Location> = Vec::new();
    let mut new_location = |street: &str, lon: f64, lat: f64, room: Option<&str>| {
        let n = locations.len() as u64 + 1;
        locations.push(Location {
            common: stub(Kind::Location, n),
            description: Some(match room {
                Some(room) => format!("{room}, {street}"),
                None => street.to_owned(),
            }),
            geojson: Some(json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": {}})),
            street_address: Some(street.to_owned()),
            room: room.map(str::to_owned),
            postal_code: Some("48143".into()),
            locality: Some(city.name.clone()),
            ..Location::default()
        });
        n
    };
    let town_hall = new_location("Prinzipalmarkt 10", 7.6283, 51.9623, None);
    let rooms: Vec<u64> = ROOMS
        .iter()
        .map(|room| new_location("Klemensstraße 10", 7.6261, 51.9607, Some(room)))
        .collect();
    let street_locations: Vec<u64> = STREETS
        .iter()
        .map(|(street, _, lon, lat)| new_location(street, *lon, *lat, None))
        .collect();

    // Body with its legislative terms.
    let body = Body {
        name: Some(city.official_name.clone()),
        short_name: Some(city.name.clone()),
        ags: Some(city.ags.clone()),
        classification: Some("Kreisfreie Stadt".into()),
        contact_email: Some(city.operator.email.clone()),
        contact_name: Some(city.operator.name.clone()),
        oparl_since: Some(setup_at.clone()),
        location: Some(Location {
            common: stub(Kind::Location, town_hall),
            ..Location::default()
        }),
        ..Body::default()
    };
    locations[town_hall as usize - 1]
        .bodies
        .push(Kind::Body.reference(1));
    out.push(Kind::Body, 1, None, &setup_at, &setup_at, doc(&body)?);
    for (i, (name, start, end)) in TERMS.iter().enumerate() {
        let term = LegislativeTerm {
            name: Some((*name).into()),
            start_date: Some((*start).into()),
            end_date: Some((*end).into()),
            ..LegislativeTerm::default()
        };
        out.push(
            Kind::LegislativeTerm,
            i as u64 + 1,
            Some((1, i as u64)),
            &setup_at,
            &setup_at,
            doc(&term)?,
        );
    }

    // Organizations.
    let term_start = "2025-11-01";
    let mut organizations: Vec<Organization> = Vec::new();
    let mut new_org = |name: &str, short: &str, org_type: &str, classification: &str| {
        organizations.push(Organization {
            common: stub(Kind::Organization, organizations.len() as u64 + 1),
            body: Some(Kind::Body.reference(1)),
            name: Some(name.into()),
            short_name: Some(short.into()),
            organization_type: Some(org_type.into()),
            classification: Some(classification.into()),
            start_date: Some(term_start.into()),
            ..Organization::default()
        });
        organizations.len() as u64
    };
    let council = new_org(
        &format!(
            "Rat der {}",
            city.official_name
                .split(" (")
                .next()
                .unwrap_or(&city.official_name)
        ),
        "Rat",
        "Gremium",
        "Parlament",
    );
    let committees: Vec<u64> = COMMITTEES
        .iter()
        .map(|(name, short)| new_org(name, short, "Gremium", "Ausschuss"))
        .collect();
    let districts: Vec<u64> = city
        .districts
        .iter()
        .map(|d| {
            new_org(
                &format!("Bezirksvertretung {}", d.name),
                &format!("BV {}", d.name.trim_start_matches("Münster-")),
                "Gremium",
                "Bezirksvertretung",
            )
        })
        .collect();
    let factions: Vec<u64> = FACTIONS
        .iter()
        .map(|(name, short)| new_org(name, short, "Fraktion", "Fraktion"))
        .collect();
    for (name, short) in ADVISORY_BOARDS {
        new_org(name, short, "Gremium", "Beirat");
    }
    let departments: Vec<u64> = DEPARTMENTS
        .iter()
        .map(|(name, short)| new_org(name, short, "Verwaltungsbereich", "Dezernat"))
        .collect();
    for &n in &rooms[..1] {
        locations[n as usize - 1]
            .organizations
            .push(Kind::Organization.reference(council));
    }
    organizations[council as usize - 1].location = Some(Location {
        common: stub(Kind::Location, rooms[0]),
        ..Location::default()
    });

    // People and their memberships.
    let person_count = 150;
    let mut membership_n = 0u64;
    let mut organization_people: Vec<Vec<u64>> = vec![Vec::new(); organizations.len()];
    let mut council_members: Vec<u64> = Vec::new();
    for p in 1..=person_count as u64 {
        let female = dice.chance(50);
        let given = *dice.pick(if female { GIVEN_FEMALE } else { GIVEN_MALE });
        let family = *dice.pick(FAMILY);
        let doctor = dice.chance(12);
        let faction = factions[dice.below(factions.len())];
        let person = Person {
            body: Some(Kind::Body.reference(1)),
            name: Some(format!(
                "{}{given} {family}",
                if doctor { "Dr. " } else { "" }
            )),
            family_name: Some(family.into()),
            given_name: Some(given.into()),
            form_of_address: Some(if female { "Frau" } else { "Herr" }.into()),
            title: if doctor {
                vec!["Dr.".into()]
            } else {
                Vec::new()
            },
            gender: Some(if female { "female" } else { "male" }.into()),
            status: vec![
                if p <= 66 {
                    "Ratsmitglied"
                } else {
                    "Sachkundige Bürgerin/Sachkundiger Bürger"
                }
                .into(),
            ],
            ..Person::default()
        };
        out.push(Kind::Person, p, None, &setup_at, &setup_at, doc(&person)?);

        let mut seats = vec![(
            faction,
            if dice.chance(8) {
                "Vorsitz"
            } else {
                "Mitglied"
            },
            None,
        )];
        if p <= 66 {
            council_members.push(p);
            seats.push((council, "Ratsmitglied", Some(faction)));
            seats.push((
                committees[(p as usize) % committees.len()],
                "Mitglied",
                Some(faction),
            ));
            seats.push((
                committees[(p as usize * 7 + 3) % committees.len()],
                "stellvertretendes Mitglied",
                Some(faction),
            ));
        } else if p <= 66 + 6 * 12 {
            seats.push((
                districts[(p as usize - 67) % districts.len()],
                "Bezirksvertreterin/Bezirksvertreter",
                Some(faction),
            ));
        } else {
            seats.push((
                committees[(p as usize) % committees.len()],
                "Sachkundige Bürgerin/Sachkundiger Bürger",
                Some(faction),
            ));
        }
        for (position, (organization, role, on_behalf_of)) in seats.into_iter().enumerate() {
            membership_n += 1;
            let membership = Membership {
                organization: Some(Kind::Organization.reference(organization)),
                role: Some(role.into()),
                voting_right: Some(!role.starts_with("stellvertretend")),
                start_date: Some(term_start.into()),
                on_behalf_of: on_behalf_of.map(|f| Kind::Organization.reference(f)),
                ..Membership::default()
            };
            organization_people[organization as usize - 1].push(p);
            organizations[organization as usize - 1]
                .membership
                .push(Kind::Membership.reference(membership_n));
            out.push(
                Kind::Membership,
                membership_n,
                Some((p, position as u64)),
                &setup_at,
                &setup_at,
                doc(&membership)?,
            );
        }
    }

    // Meetings with agendas; papers with their Beratungsfolge linked to agenda items.
    let meeting_count = 60 * scale;
    let paper_count = 200 * scale;
    let first_meeting = Utc
        .with_ymd_and_hms(2025, 11, 18, 16, 0, 0)
        .single()
        .unwrap_or(setup);
    let today = Utc
        .with_ymd_and_hms(2026, 11, 26, 12, 0, 0)
        .single()
        .unwrap_or(setup);
    let gremien: Vec<u64> = std::iter::once(council)
        .chain(committees.iter().copied())
        .chain(districts.iter().copied())
        .collect();
    struct Slot {
        meeting: u64,
        organization: u64,
        start: DateTime<Utc>,
        items: Vec<AgendaItem>,
    }
    let mut slots: Vec<Slot> = (1..=meeting_count)
        .map(|m| Slot {
            meeting: m,
            organization: gremien[(m as usize - 1) % gremien.len()],
            start: first_meeting
                + Duration::days(((m - 1) * 400 / meeting_count) as i64)
                + Duration::hours((m % 3) as i64),
            items: Vec::new(),
        })
        .collect();

    let subjects = subjects(&mut dice, 2026);
    // Each kind of paper is numbered on its own, from 1 every year.
    let mut numbered: HashMap<(&str, i32), u64> = HashMap::new();
    let mut consultation_n = 0u64;
    for p in 1..=paper_count {
        let index = (p - 1) as usize;
        let (subject, street) = &subjects[index % subjects.len()];
        // A council larger than the subjects (benchmarks) takes them up again.
        let topic = match index / subjects.len() {
            0 => subject.clone(),
            again => format!("{subject} – Fortschreibung {again}"),
        };
        let (paper_type, prefix) = *dice.pick(&[
            ("Beschlussvorlage", "V"),
            ("Antrag", "A"),
            ("Anfrage", "AF"),
            ("Mitteilungsvorlage", "M"),
        ]);
        let day = first_meeting.date_naive() + Duration::days(((p - 1) * 380 / paper_count) as i64);
        let number = numbered.entry((prefix, day.year())).or_default();
        *number += 1;
        let created = Utc.from_utc_datetime(&day.and_hms_opt(9, 30, 0).unwrap_or_default());
        let department = departments[dice.below(departments.len())];
        let from_faction = paper_type == "Antrag" || paper_type == "Anfrage";
        let mut paper = Paper {
            body: Some(Kind::Body.reference(1)),
            name: Some(topic.clone()),
            reference: Some(format!("{prefix}/{:04}/{}", number, day.year())),
            date: Some(date(day)),
            paper_type: Some(paper_type.into()),
            under_direction_of: vec![Kind::Organization.reference(department)],
            originator_organization: vec![Kind::Organization.reference(if from_faction {
                factions[dice.below(factions.len())]
            } else {
                department
            })],
            ..Paper::default()
        };
        if from_faction {
            paper.originator_person =
                vec![Kind::Person.reference(council_members[dice.below(council_members.len())])];
        }
        if let Some(street) = *street {
            let location = street_locations[street];
            paper.location.push(Location {
                common: stub(Kind::Location, location),
                ..Location::default()
            });
            locations[location as usize - 1]
                .papers
                .push(Kind::Paper.reference(p));
        }
        if p > 1 && dice.chance(10) {
            paper.related_paper.push(Kind::Paper.reference(p - 1));
        }
        let reference = paper.reference.clone().unwrap_or_default();
        let paragraphs = vec![
            format!("Betreff: {topic}"),
            format!(
                "Federführung: {}",
                DEPARTMENTS[(department - departments[0]) as usize].0
            ),
            format!("Beschlussvorschlag: Der Rat beschließt die oben beschriebene Maßnahme."),
            format!("Begründung: {} {}", dice.pick(REASONS), dice.pick(REASONS)),
            format!(
                "Finanzielle Auswirkungen: Die Kosten betragen voraussichtlich {} Euro.",
                euros(10_000 * (1 + dice.below(250) as u64))
            ),
        ];
        paper.main_file = Some(out.file(NewFile {
            name: format!("{paper_type} {reference}"),
            file_name: format!("{}.pdf", reference.replace('/', "-")),
            day: date(day),
            title: format!("{paper_type} {reference}: {topic}"),
            paragraphs,
            created: at(created),
            owner: Kind::Paper.reference(p),
        }));

        // Beratungsfolge: a committee (or district council), then the Rat decides.
        let route: Vec<u64> = if paper_type == "Anfrage" || paper_type == "Mitteilungsvorlage" {
            vec![gremien[1 + dice.below(gremien.len() - 1)]]
        } else {
            vec![gremien[1 + dice.below(gremien.len() - 1)], council]
        };
        let mut modified = created;
        let mut after = created;
        for (position, organization) in route.iter().enumerate() {
            consultation_n += 1;
            let authoritative = position + 1 == route.len() && paper_type != "Mitteilungsvorlage";
            let mut consultation = Consultation {
                organization: vec![Kind::Organization.reference(*organization)],
                authoritative: Some(authoritative),
                role: Some(
                    if authoritative {
                        "Entscheidung"
                    } else {
                        "Vorberatung"
                    }
                    .into(),
                ),
                ..Consultation::default()
            };
            if let Some(slot) = slots.iter_mut().find(|slot| {
                slot.organization == *organization && slot.start > after && slot.items.len() < 14
            }) {
                let order = slot.items.len() as u32;
                consultation.meeting = Some(Kind::Meeting.reference(slot.meeting));
                let past = slot.start < today;
                let result = past.then(|| {
                    dice.pick(&[
                        "beschlossen",
                        "beschlossen",
                        "geändert beschlossen",
                        "vertagt",
                        "zur Kenntnis genommen",
                        "abgelehnt",
                    ])
                    .to_string()
                });
                slot.items.push(AgendaItem {
                    // Two opening items come first (see the agenda below).
                    number: Some((order + 3).to_string()),
                    name: Some(topic.clone()),
                    public: Some(!dice.chance(8)),
                    consultation: Some(Kind::Consultation.reference(consultation_n)),
                    result: result.clone(),
                    resolution_text: result.filter(|r| r.contains("beschlossen")).map(|_| {
                        format!(
                            "Der Beschlussvorschlag der Vorlage {} wird angenommen.",
                            paper.reference.as_deref().unwrap_or_default()
                        )
                    }),
                    ..AgendaItem::default()
                });
                after = slot.start;
                if past {
                    modified = modified.max(slot.start + Duration::days(2));
                }
            }
            out.push(
                Kind::Consultation,
                consultation_n,
                Some((p, position as u64)),
                &at(created),
                &at(modified),
                doc(&consultation)?,
            );
        }
        out.push(
            Kind::Paper,
            p,
            None,
            &at(created),
            &at(modified),
            doc(&paper)?,
        );
    }

    // Agenda items get their consultation's number; the meeting frames them
    // with opening and closing items.
    let mut agenda_n = 0u64;
    let mut consultation_agenda: Vec<(u64, u64)> = Vec::new();
    for slot in &slots {
        let past = slot.start < today;
        let cancelled = !past && dice.chance(4);
        let state = if past {
            "durchgeführt"
        } else if slot.start < today + Duration::days(14) {
            "eingeladen"
        } else {
            "terminiert"
        };
        let organization_name = organizations[slot.organization as usize - 1]
            .name
            .clone()
            .unwrap_or_default();
        let room = rooms[if slot.organization == council {
            0
        } else {
            1 + (slot.meeting as usize % 2)
        }];
        locations[room as usize - 1]
            .meetings
            .push(Kind::Meeting.reference(slot.meeting));
        let created = slot.start - Duration::days(28);
        let modified = if past {
            slot.start + Duration::days(2)
        } else {
            created
        };
        let day = date(slot.start.date_naive());
        let agenda: Vec<String> = slot
            .items
            .iter()
            .map(|item| {
                format!(
                    "TOP {}: {}",
                    item.number.as_deref().unwrap_or_default(),
                    item.name.as_deref().unwrap_or_default()
                )
            })
            .collect();
        let owner = Kind::Meeting.reference(slot.meeting);
        let invitation = (state != "terminiert").then(|| {
            let mut text = vec![format!(
                "Hiermit lade ich Sie zur Sitzung am {} um {} Uhr ein.",
                slot.start.format("%d.%m.%Y"),
                (slot.start + Duration::hours(1)).format("%H:%M")
            )];
            text.extend(agenda.iter().cloned());
            out.file(NewFile {
                name: "Einladung".into(),
                file_name: format!("einladung-{day}.pdf"),
                day: day.clone(),
                title: format!("Einladung: Sitzung {organization_name}"),
                paragraphs: text,
                created: at(created),
                owner: owner.clone(),
            })
        });
        let protocol = (past && !cancelled).then(|| {
            let mut text = vec![format!(
                "Die Sitzung wurde um {} Uhr eröffnet. Die Beschlussfähigkeit wurde festgestellt.",
                (slot.start + Duration::hours(1)).format("%H:%M")
            )];
            text.extend(slot.items.iter().map(|item| {
                format!(
                    "TOP {}: {} – {}",
                    item.number.as_deref().unwrap_or_default(),
                    item.name.as_deref().unwrap_or_default(),
                    item.result.as_deref().unwrap_or("beraten")
                )
            }));
            out.file(NewFile {
                name: "Niederschrift".into(),
                file_name: format!("niederschrift-{day}.pdf"),
                day: day.clone(),
                title: format!("Niederschrift: Sitzung {organization_name}"),
                paragraphs: text,
                created: at(modified),
                owner: owner.clone(),
            })
        });
        let meeting = Meeting {
            invitation,
            results_protocol: protocol,
            name: Some(format!("Sitzung {organization_name}")),
            meeting_state: Some(state.into()),
            cancelled: cancelled.then_some(true),
            start: Some(local(slot.start)),
            end: Some(local(slot.start + Duration::hours(3))),
            location: Some(Location {
                common: stub(Kind::Location, room),
                ..Location::default()
            }),
            organization: vec![Kind::Organization.reference(slot.organization)],
            participant: if past && !cancelled {
                organization_people[slot.organization as usize - 1]
                    .iter()
                    .take(40)
                    .map(|&p| Kind::Person.reference(p))
                    .collect()
            } else {
                Vec::new()
            },
            ..Meeting::default()
        };
        out.push(
            Kind::Meeting,
            slot.meeting,
            None,
            &at(created),
            &at(modified),
            doc(&meeting)?,
        );

        // Opening and closing items frame the papers; numbers follow the order.
        let framing = |name: &str| AgendaItem {
            name: Some(name.into()),
            public: Some(true),
            ..AgendaItem::default()
        };
        let agenda = [
            framing("Eröffnung der Sitzung und Feststellung der Tagesordnung"),
            framing("Genehmigung der Niederschrift der letzten Sitzung"),
        ]
        .into_iter()
        .chain(slot.items.iter().cloned())
        .chain(std::iter::once(framing("Mitteilungen und Anfragen")));
        for (position, mut item) in agenda.enumerate() {
            agenda_n += 1;
            item.order = Some(position as u32);
            item.number = Some((position + 1).to_string());
            if let Some(consultation) = item
                .consultation
                .as_deref()
                .and_then(|c| Kind::Consultation.number_of(c))
            {
                consultation_agenda.push((consultation, agenda_n));
            }
            out.push(
                Kind::AgendaItem,
                agenda_n,
                Some((slot.meeting, position as u64)),
                &at(created),
                &at(modified),
                doc(&item)?,
            );
        }
    }
    slots.clear();

    // Consultations learn the agenda item that treats them.
    for (consultation, agenda_item) in consultation_agenda {
        if let Some((_, row)) = out
            .rows
            .iter_mut()
            .find(|(kind, row)| *kind == Kind::Consultation && row.n == consultation)
        {
            row.doc["agendaItem"] = Value::from(Kind::AgendaItem.reference(agenda_item));
        }
    }

    for organization in &organizations {
        let n = Kind::Organization
            .number_of(&organization.common.id)
            .unwrap_or_default();
        out.push(
            Kind::Organization,
            n,
            None,
            &setup_at,
            &setup_at,
            doc(organization)?,
        );
    }
    for location in &locations {
        let n = Kind::Location
            .number_of(&location.common.id)
            .unwrap_or_default();
        out.push(
            Kind::Location,
            n,
            None,
            &setup_at,
            &setup_at,
            doc(location)?,
        );
    }
    let files = std::mem::take(&mut out.files);
    for (i, (file, created)) in files.iter().enumerate() {
        out.push(Kind::File, i as u64 + 1, None, created, created, doc(file)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::city::demo::muenster;

    #[test]
    fn the_same_seed_gives_the_same_council() {
        let a = generate(&muenster(), 1, 7).unwrap();
        let b = generate(&muenster(), 1, 7).unwrap();
        assert_eq!(a.rows.len(), b.rows.len());
        let docs = |rows: &Rows| {
            rows.rows
                .iter()
                .map(|(k, r)| (*k, r.n, r.doc.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(docs(&a), docs(&b));
    }

    #[test]
    fn the_council_has_the_promised_size_and_unique_numbers() {
        let rows = generate(&muenster(), 1, 7).unwrap();
        let count = |kind| rows.rows.iter().filter(|(k, _)| *k == kind).count();
        assert_eq!(count(Kind::Body), 1);
        assert_eq!(count(Kind::LegislativeTerm), 5);
        assert!(
            count(Kind::Organization) >= 38,
            "{}",
            count(Kind::Organization)
        );
        assert_eq!(count(Kind::Person), 150);
        assert_eq!(count(Kind::Meeting), 60);
        assert_eq!(count(Kind::Paper), 200);
        for kind in Kind::ALL {
            let mut numbers: Vec<u64> = rows
                .rows
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, r)| r.n)
                .collect();
            let total = numbers.len();
            numbers.sort_unstable();
            numbers.dedup();
            assert_eq!(numbers.len(), total, "{kind:?}");
            assert_eq!(numbers.first().copied().unwrap_or(1), 1, "{kind:?}");
            assert_eq!(
                numbers.last().copied().unwrap_or(0),
                total as u64,
                "{kind:?}"
            );
        }
        assert_eq!(
            generate(&muenster(), 3, 7)
                .unwrap()
                .rows
                .iter()
                .filter(|(k, _)| *k == Kind::Paper)
                .count(),
            600
        );
    }

    /// A demo city should read like a real one: no two papers share a
    /// title, and each kind of paper is numbered on its own, every year
    /// from 1 (V/0001/2026, A/0001/2026, …), as councils number them.
    #[test]
    fn papers_have_their_own_titles_and_references_numbered_per_kind_and_year() {
        for scale in [1, 3] {
            let rows = generate(&muenster(), scale, 7).unwrap();
            let papers: Vec<&Value> = rows
                .rows
                .iter()
                .filter(|(k, _)| *k == Kind::Paper)
                .map(|(_, r)| &r.doc)
                .collect();
            let field = |name: &str| -> Vec<String> {
                papers
                    .iter()
                    .map(|doc| doc[name].as_str().expect("a text").to_owned())
                    .collect()
            };
            for name in ["name", "reference"] {
                let mut values = field(name);
                values.sort_unstable();
                values.dedup();
                assert_eq!(values.len(), papers.len(), "{name} at scale {scale}");
            }
            let mut per_kind_and_year: HashMap<(String, String), Vec<u64>> = HashMap::new();
            for reference in field("reference") {
                let [prefix, number, year] = reference.split('/').collect::<Vec<_>>()[..] else {
                    panic!("{reference}");
                };
                per_kind_and_year
                    .entry((prefix.into(), year.into()))
                    .or_default()
                    .push(number.parse().expect("a number"));
            }
            assert!(per_kind_and_year.len() >= 8, "{per_kind_and_year:?}");
            for (key, numbers) in per_kind_and_year {
                let count = numbers.len() as u64;
                assert_eq!(numbers, (1..=count).collect::<Vec<_>>(), "{key:?}");
            }
        }
    }
}
