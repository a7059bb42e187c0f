//! The demo Mängelmelder: Münster's outline (simplified), categories as the
//! city's offices split the work, and reports in every status with their
//! public history, spread over the last weeks.

use std::collections::BTreeMap;

use shared::{
    defects::{DefectCategory, DefectStatus, Place, Question, QuestionKind},
    geo::{Boundary, GeoPoint},
};

use super::{
    intake::{self, Channel, Submission},
    store::{self, Change},
};
use crate::{db::Db, error::Result};

const TIEFBAU: &str = "Amt für Mobilität und Tiefbau";
const STADTWERKE: &str = "Stadtwerke Münster (Straßenbeleuchtung)";
const AWM: &str = "Abfallwirtschaftsbetriebe Münster";
const GRUEN: &str = "Amt für Grünflächen, Umwelt und Nachhaltigkeit";

/// Münster's city limits, simplified to a dozen corners [lon, lat].
pub fn muenster_outline() -> Boundary {
    Boundary {
        outline: vec![
            [7.520, 52.060],
            [7.620, 52.062],
            [7.700, 52.032],
            [7.772, 51.990],
            [7.772, 51.920],
            [7.722, 51.868],
            [7.640, 51.840],
            [7.560, 51.848],
            [7.492, 51.888],
            [7.468, 51.950],
            [7.488, 52.022],
        ],
    }
}

fn question(
    code: &str,
    label: &str,
    kind: QuestionKind,
    required: bool,
    options: &[&str],
) -> Question {
    Question {
        code: code.into(),
        label: label.into(),
        kind,
        required,
        options: options.iter().map(|o| o.to_string()).collect(),
    }
}

fn category(
    code: &str,
    group: &str,
    name: &str,
    description: &str,
    department: &str,
    expected_days: u32,
    questions: Vec<Question>,
    keywords: &[&str],
) -> DefectCategory {
    DefectCategory {
        code: code.into(),
        group: group.into(),
        name: name.into(),
        description: description.into(),
        department: department.into(),
        expected_days,
        questions,
        keywords: keywords.iter().map(|k| k.to_string()).collect(),
        active: true,
    }
}

pub fn categories() -> Vec<DefectCategory> {
    use QuestionKind::*;
    vec![
        category(
            "schlagloch",
            "Straße und Verkehr",
            "Schlagloch oder Straßenschaden",
            "Löcher, Risse und abgesackte Stellen in Fahrbahn, Geh- oder Radweg.",
            TIEFBAU,
            10,
            vec![question(
                "lage",
                "Wo genau?",
                SingleChoice,
                true,
                &["Fahrbahn", "Gehweg", "Radweg"],
            )],
            &["Schlagloch", "Straße", "Belag"],
        ),
        category(
            "radweg",
            "Straße und Verkehr",
            "Radweg beschädigt oder zugestellt",
            "Wurzelaufbrüche, Scherben, zugeparkte oder zugewachsene Radwege.",
            TIEFBAU,
            10,
            vec![],
            &["Radweg", "Fahrrad"],
        ),
        category(
            "verkehrszeichen",
            "Straße und Verkehr",
            "Verkehrszeichen beschädigt",
            "Umgefahrene, verdrehte oder unlesbare Schilder.",
            TIEFBAU,
            5,
            vec![],
            &["Schild"],
        ),
        category(
            "ampel",
            "Straße und Verkehr",
            "Ampel gestört",
            "Ausgefallene oder dauerhaft rote Ampeln. Bei Gefahr rufen Sie bitte die Polizei (110).",
            TIEFBAU,
            2,
            vec![],
            &["Ampel", "Lichtsignalanlage"],
        ),
        category(
            "strassenlaterne",
            "Beleuchtung",
            "Straßenlaterne defekt",
            "Laternen, die nicht, flackernd oder am Tag leuchten.",
            STADTWERKE,
            10,
            vec![
                question(
                    "zustand",
                    "Was ist los?",
                    SingleChoice,
                    true,
                    &["leuchtet nicht", "flackert", "leuchtet am Tag"],
                ),
                question("mast", "Nummer am Mast (falls lesbar)", Text, false, &[]),
            ],
            &["Laterne", "Licht"],
        ),
        category(
            "muell",
            "Sauberkeit",
            "Illegale Müllablagerung",
            "Sperrmüll, Säcke oder Bauschutt im öffentlichen Raum.",
            AWM,
            5,
            vec![
                question(
                    "menge",
                    "Wie viel?",
                    SingleChoice,
                    true,
                    &["ein paar Teile", "bis 1 m³", "mehr als 1 m³"],
                ),
                question(
                    "art",
                    "Was liegt dort?",
                    MultiChoice,
                    false,
                    &[
                        "Sperrmüll",
                        "Hausmüll",
                        "Elektrogeräte",
                        "Bauschutt",
                        "Reifen",
                    ],
                ),
            ],
            &["Müll", "Sperrmüll", "wilder Müll"],
        ),
        category(
            "glascontainer",
            "Sauberkeit",
            "Glascontainer voll oder verschmutzt",
            "Überfüllte Container und Scherben rund um den Standort.",
            AWM,
            3,
            vec![],
            &["Glas", "Container"],
        ),
        category(
            "baum",
            "Grün und Spielplätze",
            "Baum oder Ast gefährlich",
            "Abgebrochene Äste, umsturzgefährdete Bäume. Bei akuter Gefahr: Feuerwehr 112.",
            GRUEN,
            3,
            vec![],
            &["Baum", "Ast"],
        ),
        category(
            "spielplatz",
            "Grün und Spielplätze",
            "Spielgerät beschädigt",
            "Kaputte Spielgeräte, Scherben im Sand, gefährliche Stellen auf Spielplätzen.",
            GRUEN,
            5,
            vec![],
            &["Spielplatz"],
        ),
        category(
            "bank",
            "Grün und Spielplätze",
            "Sitzbank beschädigt",
            "Kaputte oder beschmierte Bänke in Parks und an Wegen.",
            GRUEN,
            15,
            vec![],
            &["Bank"],
        ),
    ]
}

/// A part of Münster's street register, one point per street (roughly its
/// middle): enough to find the demo places by typing.
const PLACES: &[(&str, f64, f64)] = &[
    ("Prinzipalmarkt", 51.9620, 7.6283),
    ("Domplatz", 51.9627, 7.6254),
    ("Salzstraße", 51.9616, 7.6315),
    ("Ludgeristraße", 51.9593, 7.6284),
    ("Ludgeriplatz", 51.9591, 7.6241),
    ("Rosenstraße", 51.9641, 7.6174),
    ("Rothenburg", 51.9602, 7.6255),
    ("Aegidiistraße", 51.9589, 7.6224),
    ("Bahnhofstraße", 51.9573, 7.6345),
    ("Hammer Straße", 51.9490, 7.6310),
    ("Wolbecker Straße", 51.9567, 7.6462),
    ("Warendorfer Straße", 51.9644, 7.6478),
    ("Hörsterstraße", 51.9648, 7.6345),
    ("Mauritzstraße", 51.9637, 7.6370),
    ("Servatiiplatz", 51.9618, 7.6368),
    ("Kanalstraße", 51.9760, 7.6345),
    ("Steinfurter Straße", 51.9755, 7.6000),
    ("Grevener Straße", 51.9800, 7.6140),
    ("Schlossplatz", 51.9630, 7.6135),
    ("Hüfferstraße", 51.9597, 7.6131),
    ("Annette-Allee", 51.9545, 7.6135),
    ("Weseler Straße", 51.9418, 7.6100),
    ("Roxeler Straße", 51.9535, 7.5880),
    ("Gievenbecker Weg", 51.9675, 7.5860),
    ("Albersloher Weg", 51.9430, 7.6470),
    ("Hafenweg", 51.9495, 7.6430),
    ("Geiststraße", 51.9445, 7.6285),
    ("Kappenberger Damm", 51.9486, 7.6009),
    ("Marktallee (Hiltrup)", 51.9037, 7.6380),
    ("Idenbrockplatz (Kinderhaus)", 51.9984, 7.6045),
];

pub fn places() -> Vec<Place> {
    PLACES
        .iter()
        .map(|(name, lat, lon)| Place {
            name: (*name).into(),
            location: GeoPoint {
                lat: *lat,
                lon: *lon,
            },
        })
        .collect()
}

/// Category, where, what, the status it reached (with the city's answer)
/// and how many days ago it was reported.
struct DemoReport {
    category: &'static str,
    at: (f64, f64),
    address: &'static str,
    description: &'static str,
    answers: &'static [(&'static str, &'static str)],
    steps: &'static [(DefectStatus, &'static str)],
    days_ago: u32,
}

const REPORTS: &[DemoReport] = &[
    DemoReport {
        category: "schlagloch",
        at: (51.95690, 7.63280),
        address: "Hammer Straße 12",
        description: "Tiefes Schlagloch auf der rechten Fahrspur, Radfahrer müssen ausweichen.",
        answers: &[("lage", "Fahrbahn")],
        steps: &[(
            DefectStatus::InBearbeitung,
            "Die Stelle ist gesichert; die Reparatur ist für nächste Woche eingeplant.",
        )],
        days_ago: 4,
    },
    DemoReport {
        category: "strassenlaterne",
        at: (51.96410, 7.61740),
        address: "Rosenstraße 5",
        description: "Die Laterne vor dem Haus bleibt seit Tagen dunkel, der Fußweg ist nachts kaum zu sehen.",
        answers: &[("zustand", "leuchtet nicht"), ("mast", "RS-0815")],
        steps: &[(
            DefectStatus::Erledigt,
            "Das Leuchtmittel wurde getauscht, die Laterne brennt wieder.",
        )],
        days_ago: 20,
    },
    DemoReport {
        category: "muell",
        at: (51.94860, 7.60090),
        address: "Kappenberger Damm, Parkplatz",
        description: "Mehrere Säcke und ein altes Sofa wurden am Parkplatz abgeladen.",
        answers: &[("menge", "bis 1 m³"), ("art", "Sperrmüll")],
        steps: &[(
            DefectStatus::InPruefung,
            "Die Abfallwirtschaftsbetriebe sehen sich die Stelle an.",
        )],
        days_ago: 2,
    },
    DemoReport {
        category: "radweg",
        at: (51.97020, 7.61390),
        address: "Promenade am Kreuztor",
        description: "Baumwurzeln haben den Belag der Promenade angehoben, gefährlich bei Dunkelheit.",
        answers: &[],
        steps: &[],
        days_ago: 16,
    },
    DemoReport {
        category: "spielplatz",
        at: (51.95300, 7.64870),
        address: "Spielplatz Südpark",
        description: "Die Kette der Schaukel ist an einer Seite gerissen.",
        answers: &[],
        steps: &[(
            DefectStatus::Erledigt,
            "Die Schaukel wurde repariert und geprüft.",
        )],
        days_ago: 12,
    },
    DemoReport {
        category: "verkehrszeichen",
        at: (51.97580, 7.59210),
        address: "Steinfurter Straße / Einsteinstraße",
        description: "Das Vorfahrtsschild ist umgefahren worden und liegt im Grünstreifen.",
        answers: &[],
        steps: &[(
            DefectStatus::NichtZustaendig,
            "Die Straße gehört dem Land; wir haben die Meldung an Straßen.NRW weitergegeben.",
        )],
        days_ago: 9,
    },
    DemoReport {
        category: "glascontainer",
        at: (51.94420, 7.62850),
        address: "Geiststraße, Containerstandort",
        description: "Alle Container sind voll, Flaschen stehen daneben auf dem Gehweg.",
        answers: &[],
        steps: &[],
        days_ago: 1,
    },
    DemoReport {
        category: "baum",
        at: (51.96150, 7.60210),
        address: "Aasee, Nordufer",
        description: "Ein großer Ast hängt angebrochen über dem Weg am Aasee.",
        answers: &[],
        steps: &[
            (
                DefectStatus::InBearbeitung,
                "Der Weg ist abgesperrt, die Baumpflege ist beauftragt.",
            ),
            (
                DefectStatus::Erledigt,
                "Der Ast wurde entfernt, der Weg ist wieder frei.",
            ),
        ],
        days_ago: 6,
    },
    DemoReport {
        category: "bank",
        at: (51.95910, 7.62410),
        address: "Ludgeriplatz",
        description: "Zwei Latten der Sitzbank sind gebrochen.",
        answers: &[],
        steps: &[(
            DefectStatus::Abgelehnt,
            "Die Bank wird im Frühjahr mit dem Platz erneuert; bis dahin ist sie gesperrt.",
        )],
        days_ago: 30,
    },
];

/// Loads the area, the street register, the categories and the demo
/// reports into an empty Mängelmelder.
pub async fn seed_if_empty(db: &Db) -> Result<()> {
    if !store::categories(db).await?.is_empty() {
        return Ok(());
    }
    store::set_area(db, &muenster_outline()).await?;
    store::replace_places(db, &places()).await?;
    let categories = categories();
    for category in &categories {
        store::save_category(db, category).await?;
    }
    for report in REPORTS {
        let answers: BTreeMap<String, Vec<String>> = report
            .answers
            .iter()
            .map(|(code, value)| (code.to_string(), vec![value.to_string()]))
            .collect();
        let (number, _) = intake::submit(
            db,
            Submission {
                category: report.category.into(),
                location: GeoPoint {
                    lat: report.at.0,
                    lon: report.at.1,
                },
                address: Some(report.address.into()),
                description: report.description.into(),
                answers,
                photos: Vec::new(),
                email: None,
                name: None,
                name_public: false,
                reporter: None,
                channel: Channel::App,
            },
        )
        .await?;
        for (status, text) in report.steps {
            let row = store::report(db, number).await?.ok_or_else(|| {
                crate::error::Error::Internal(format!("demo report {number} is missing"))
            })?;
            store::change(
                db,
                number,
                &Change::status(&row, *status, (*text).into()),
                None,
            )
            .await?;
        }
        store::move_back(db, number, report.days_ago).await?;
    }
    Ok(())
}
