//! The demo city's polls: one open for everybody, one finished with its
//! results, one upcoming for the residents of Hiltrup.

use chrono::{Duration, Utc};
use shared::polls::{Answer, PollDraft, Question, QuestionKind, RankingRule, ResultsShown};

use super::{receipt, store, validate};
use crate::{db::Db, error::Result};

/// Made-up voters of the finished poll.
const FINISHED_POLL_VOTERS: u64 = 240;

pub async fn seed_if_empty(db: &Db, districts: &[String]) -> Result<()> {
    if !store::polls(db).await?.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    let window = |from: i64, to: i64| {
        (
            (now + Duration::days(from)).to_rfc3339(),
            (now + Duration::days(to)).to_rfc3339(),
        )
    };

    let (opens_at, closes_at) = window(-30, -10);
    let finished = save(
        db,
        PollDraft {
            title: "Spielplatz im Südpark: Was soll neu dazukommen?".into(),
            description: "Der Spielplatz im Südpark wird 2027 erneuert. Das Grünflächenamt \
                hat drei Entwürfe vorbereitet und fragt, welche Spielgeräte Ihnen wichtig sind.\n\n\
                Die Rangfolge der Entwürfe wird nach der **Borda-Zählung** ausgewertet."
                .into(),
            district: None,
            opens_at,
            closes_at,
            results: ResultsShown::AfterClose,
            questions: vec![
                Question {
                    text: "Bringen Sie die Entwürfe in Ihre Reihenfolge.".into(),
                    kind: QuestionKind::Ranking {
                        rule: RankingRule::Borda,
                    },
                    options: strings(&["Wasserspielplatz", "Kletterlandschaft", "Naturspielraum"]),
                    required: true,
                },
                Question {
                    text: "Welche Ausstattung fehlt Ihnen? (höchstens zwei)".into(),
                    kind: QuestionKind::Multiple { max_choices: 2 },
                    options: strings(&["Schatten", "Sitzbänke", "Toilette", "Trinkbrunnen"]),
                    required: false,
                },
            ],
        },
        districts,
    )
    .await?;
    store::insert_demo_ballots(db, finished, &finished_ballots()?).await?;

    let (opens_at, closes_at) = window(-3, 25);
    save(
        db,
        PollDraft {
            title: "Wie soll der neue Platz am Hafen heißen?".into(),
            description: "Zwischen Kreativkai und Hafenweg entsteht ein neuer Platz. Der Rat \
                hat die Bürgerinnen und Bürger gebeten, aus den Vorschlägen der Bezirksvertretung \
                einen Namen auszuwählen. Das Ergebnis wird nach dem Ende veröffentlicht und dem \
                Rat als Empfehlung vorgelegt."
                .into(),
            district: None,
            opens_at,
            closes_at,
            results: ResultsShown::AfterClose,
            questions: vec![
                Question {
                    text: "Welcher Name gefällt Ihnen am besten?".into(),
                    kind: QuestionKind::Single,
                    options: strings(&["Hafenplatz", "Platz der Kaufleute", "Speicherplatz"]),
                    required: true,
                },
                Question {
                    text: "Möchten Sie uns noch etwas zum Platz sagen?".into(),
                    kind: QuestionKind::Text,
                    options: Vec::new(),
                    required: false,
                },
            ],
        },
        districts,
    )
    .await?;

    let (opens_at, closes_at) = window(5, 19);
    save(
        db,
        PollDraft {
            title: "Wochenmarkt Hiltrup: an welchem Tag?".into(),
            description: "Der Wochenmarkt auf dem Marktplatz Hiltrup soll einen zweiten Tag \
                bekommen. Abstimmen können Menschen, die in Hiltrup wohnen; die Auswertung \
                folgt der **integrierten Stichwahl**."
                .into(),
            district: Some("hiltrup".into()),
            opens_at,
            closes_at,
            results: ResultsShown::AfterClose,
            questions: vec![Question {
                text: "Welche Tage wären Ihnen am liebsten? Bringen Sie sie in eine Reihenfolge."
                    .into(),
                kind: QuestionKind::Ranking {
                    rule: RankingRule::InstantRunoff,
                },
                options: strings(&["Dienstag", "Donnerstag", "Freitag", "Samstag"]),
                required: true,
            }],
        },
        districts,
    )
    .await?;
    tracing::info!("demo polls loaded");
    Ok(())
}

async fn save(db: &Db, draft: PollDraft, districts: &[String]) -> Result<u64> {
    let checked = validate::checked_draft(draft, districts)?;
    let number = store::allocate(db).await?;
    store::create(db, number, &checked, None).await?;
    Ok(number)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Varied, repeatable ballots: the water playground leads, most want shade.
fn finished_ballots() -> Result<Vec<(String, String, Vec<Answer>)>> {
    const RANKINGS: [&[u32]; 6] = [
        &[0, 1, 2],
        &[0, 2, 1],
        &[1, 0, 2],
        &[2, 0],
        &[0, 1],
        &[1, 2, 0],
    ];
    const EXTRAS: [&[u32]; 5] = [&[0, 1], &[0], &[2, 3], &[0, 3], &[]];
    (0..FINISHED_POLL_VOTERS)
        .map(|i| {
            let pick = |n: u64| ((i * 7919 + n * 104_729) % 1_009) as usize;
            let answers = vec![
                Answer {
                    choices: RANKINGS[pick(1) % RANKINGS.len()].to_vec(),
                    text: None,
                },
                Answer {
                    choices: EXTRAS[pick(2) % EXTRAS.len()].to_vec(),
                    text: None,
                },
            ];
            Ok((
                format!("demo-waehlerin-{i}"),
                receipt::hash(&receipt::new_code()?),
                answers,
            ))
        })
        .collect()
}
