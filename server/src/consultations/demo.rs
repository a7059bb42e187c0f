//! The demo city's Online-Beteiligung: the draft of a cycling concept in its
//! second version, with statements that came by letter, the city's answers,
//! and a debate.

use chrono::{Duration, Utc};
use shared::consultations::{ConsultationDraft, Decision};

use super::{store, validate};
use crate::{db::Db, error::Result};

const FIRST_VERSION: &str = "# Radverkehrskonzept Münster 2035 (Entwurf)

Münster will den Anteil des Radverkehrs an allen Wegen bis 2035 auf 50 Prozent erhöhen. Dieses Konzept beschreibt, mit welchen Maßnahmen das gelingen soll.

## Velorouten

Zehn Velorouten verbinden die Stadtteile mit der Innenstadt. Sie sind mindestens 3 Meter breit und haben Vorrang an Kreuzungen.

Die Veloroute nach Hiltrup wird bis 2028 fertiggestellt.

## Abstellanlagen

An allen Bahnhöfen entstehen bis 2030 zusammen 5.000 neue Fahrradstellplätze.

## Sicherheit

Kreuzungen mit vielen Unfällen werden bis 2027 umgebaut.";

const SECOND_VERSION: &str = "# Radverkehrskonzept Münster 2035 (Entwurf)

Münster will den Anteil des Radverkehrs an allen Wegen bis 2035 auf 50 Prozent erhöhen. Dieses Konzept beschreibt, mit welchen Maßnahmen das gelingen soll.

## Velorouten

Zehn Velorouten verbinden die Stadtteile mit der Innenstadt. Sie sind mindestens 4 Meter breit und haben Vorrang an Kreuzungen.

Die Veloroute nach Hiltrup wird bis 2028 fertiggestellt.

## Abstellanlagen

An allen Bahnhöfen entstehen bis 2030 zusammen 5.000 neue Fahrradstellplätze, davon 500 für Lastenräder.

## Sicherheit

Kreuzungen mit vielen Unfällen werden bis 2027 umgebaut.";

/// Statements by letter: paragraph, sender, text, and the city's answer.
const LETTERS: [(u32, &str, &str, Decision, &str); 3] = [
    (
        2,
        "Radverkehrsverein Münster",
        "3 Meter reichen für Velorouten mit Gegenverkehr und Lastenrädern nicht aus. Wir bitten um 4 Meter.",
        Decision::Accepted,
        "Die Mindestbreite wird auf 4 Meter erhöht (Fassung 2).",
    ),
    (
        4,
        "Anwohnerin aus Kinderhaus",
        "Es fehlen Stellplätze für Lastenräder; die normalen Bügel sind dafür zu eng.",
        Decision::Partly,
        "500 der neuen Stellplätze werden für Lastenräder ausgelegt. Eigene Lastenrad-Stationen in den Wohngebieten prüft das Amt für Mobilität gesondert.",
    ),
    (
        3,
        "Anwohner aus Hiltrup",
        "Die Veloroute nach Hiltrup sollte schon 2026 fertig sein.",
        Decision::NotAccepted,
        "Der Bau hängt an der Erneuerung der Kanalbrücke, die nicht vor 2027 beginnen kann.",
    ),
];

pub async fn seed_if_empty(db: &Db) -> Result<()> {
    if !store::consultations(db).await?.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    let checked = validate::checked_consultation(ConsultationDraft {
        title: "Radverkehrskonzept Münster 2035".into(),
        summary: "Wie soll Münster bis 2035 zur Fahrradstadt für alle werden? Sagen Sie uns Absatz für Absatz, was Sie vom Entwurf halten."
            .into(),
        text: FIRST_VERSION.into(),
        opens_at: (now - Duration::days(10)).to_rfc3339(),
        closes_at: (now + Duration::days(20)).to_rfc3339(),
        council_paper: None,
    })?;
    let number = store::allocate(db, "consultation_sequence").await?;
    store::create(db, number, &checked, None).await?;

    let mut prompted = Vec::new();
    for (paragraph, sender, body, decision, reason) in LETTERS {
        let id = store::add_comment(
            db,
            number,
            store::NewComment {
                version: 1,
                paragraph,
                quote: None,
                reply_to: None,
                account: None,
                entered_for: Some(sender.into()),
                body: body.into(),
            },
        )
        .await?;
        store::set_answer(db, &id, decision, reason, None).await?;
        if matches!(decision, Decision::Accepted | Decision::Partly) {
            prompted.push(id);
        }
    }
    let paragraphs = validate::checked_text(SECOND_VERSION)?;
    store::add_version(
        db,
        number,
        SECOND_VERSION,
        "Breitere Velorouten und Stellplätze für Lastenräder nach den ersten Stellungnahmen.",
        &paragraphs,
        &prompted,
    )
    .await?;

    let debate = store::allocate(db, "debate_sequence").await?;
    store::create_debate(
        db,
        debate,
        "Soll der Prinzipalmarkt für Autos ganz gesperrt werden?",
        "Der Rat berät im Frühjahr über eine autofreie Altstadt. Welche Gründe sprechen dafür, welche dagegen?",
        None,
    )
    .await?;
    tracing::info!("demo consultation and debate loaded");
    Ok(())
}
