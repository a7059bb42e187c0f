//! The only code that reads and writes the `poll*` tables.

use std::collections::HashMap;

use serde::Deserialize;
use shared::polls::{Answer, Question, ResultsShown};

use super::validate::CheckedDraft;
use crate::{
    db::{self, Db, Rows, first_cause},
    error::{Error, Result},
};

/// A poll as stored; times in RFC 3339 (UTC).
#[derive(Debug, Clone, Deserialize)]
pub struct PollRow {
    pub number: u64,
    pub title: String,
    pub description: String,
    pub district: Option<String>,
    pub opens_at: String,
    pub closes_at: String,
    pub results: ResultsShown,
    pub questions: Vec<Question>,
}

const POLL_FIELDS: &str = "record::id(id) AS number, title, description, district, \
    <string> opens_at AS opens_at, <string> closes_at AS closes_at, results, questions";

pub async fn allocate(db: &Db) -> Result<u64> {
    crate::db::next_number(db, "poll_sequence", "poll").await
}

/// `author` is none for the demo city.
pub async fn create(db: &Db, number: u64, poll: &CheckedDraft, author: Option<&str>) -> Result<()> {
    db.query(format!(
        "CREATE type::record('poll', $number) CONTENT {{ {SET_FIELDS},
             created_by: IF $author = NONE THEN NONE ELSE type::record('account', $author) END }}"
    ))
    .bind(("number", number as i64))
    .bind(("author", author.map(str::to_owned)))
    .bind(("draft", serde_json::to_value(&poll.draft)?))
    .bind(("opens_at", poll.opens_at.to_rfc3339()))
    .bind(("closes_at", poll.closes_at.to_rfc3339()))
    .await?
    .check()?;
    crate::search::wrote();
    Ok(())
}

/// Replaces a poll that has not opened yet; once open, its questions are
/// what the ballots answer and cannot change.
pub async fn update(db: &Db, number: u64, poll: &CheckedDraft) -> Result<()> {
    db.query(format!(
        "BEGIN TRANSACTION;
         LET $poll = type::record('poll', $number);
         IF time::now() >= $poll.opens_at {{ THROW 'poll_already_open' }};
         UPDATE $poll MERGE {{ {SET_FIELDS} }};
         COMMIT TRANSACTION;"
    ))
    .bind(("number", number as i64))
    .bind(("draft", serde_json::to_value(&poll.draft)?))
    .bind(("opens_at", poll.opens_at.to_rfc3339()))
    .bind(("closes_at", poll.closes_at.to_rfc3339()))
    .await
    .and_then(first_cause)
    .map_err(|err| {
        if err.to_string().contains("poll_already_open") {
            Error::Conflict(
                "Die Abstimmung hat schon begonnen; ihre Fragen und Zeiten bleiben, wie sie sind."
                    .into(),
            )
        } else {
            err.into()
        }
    })?;
    crate::search::wrote();
    Ok(())
}

/// What staff set, as fields of the stored record.
const SET_FIELDS: &str = "title: $draft.title, description: $draft.description,
    district: $draft.district ?? NONE, results: $draft.results, questions: $draft.questions,
    opens_at: <datetime> $opens_at, closes_at: <datetime> $closes_at";

/// Ends an open poll now, on the database's clock.
pub async fn close_now(db: &Db, number: u64) -> Result<()> {
    db.query(
        "BEGIN TRANSACTION;
         LET $poll = type::record('poll', $number);
         IF time::now() < $poll.opens_at { THROW 'poll_not_open' };
         IF time::now() >= $poll.closes_at { THROW 'poll_closed' };
         UPDATE $poll SET closes_at = time::now();
         COMMIT TRANSACTION;",
    )
    .bind(("number", number as i64))
    .await
    .and_then(first_cause)
    .map_err(|err| match err.to_string() {
        text if text.contains("poll_not_open") => Error::Conflict(
            "Die Abstimmung hat noch nicht begonnen. Ändern Sie stattdessen ihre Zeiten.".into(),
        ),
        text if text.contains("poll_closed") => {
            Error::Conflict("Die Abstimmung ist schon beendet.".into())
        }
        _ => err.into(),
    })?;
    Ok(())
}

pub async fn poll(db: &Db, number: u64) -> Result<Option<PollRow>> {
    db.query(format!(
        "SELECT {POLL_FIELDS} FROM ONLY type::record('poll', $number)"
    ))
    .bind(("number", number as i64))
    .await?
    .check()?
    .row(0)
}

/// The polls of these numbers, in their order; unknown ones are skipped.
pub async fn polls_by_numbers(db: &Db, numbers: &[u64]) -> Result<Vec<PollRow>> {
    db::rows_by_numbers(db, "poll", POLL_FIELDS, numbers).await
}

/// Up to `limit` poll numbers above `after`, in order.
pub async fn numbers_after(db: &Db, after: u64, limit: usize) -> Result<Vec<u64>> {
    db::numbers_after(db, "poll", after, limit).await
}

pub async fn count(db: &Db) -> Result<u64> {
    db::count_all(db, "poll").await
}

/// Newest first.
pub async fn polls(db: &Db) -> Result<Vec<PollRow>> {
    db.query(format!(
        "SELECT {POLL_FIELDS}, opens_at FROM poll ORDER BY opens_at DESC"
    ))
    .await?
    .check()?
    .rows(0)
}

/// Ballots per poll of these polls.
pub async fn ballot_counts(db: &Db, polls: &[u64]) -> Result<HashMap<u64, u64>> {
    db::counts_per_key(db, "poll_ballot", "poll", polls).await
}

pub async fn has_voted(db: &Db, number: u64, account: &str) -> Result<bool> {
    let exists: Option<bool> = db
        .query("RETURN record::exists(type::record('poll_voter', [$number, $account]))")
        .bind(("number", number as i64))
        .bind(("account", account.to_owned()))
        .await?
        .check()?
        .row(0)?;
    Ok(exists.unwrap_or(false))
}

/// Why a ballot was not taken.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    NotOpen,
    Closed,
    AlreadyVoted,
}

/// Records that `account` voted and stores the ballot apart from that, in
/// one transaction, checking the poll's window on the database's clock.
/// Concurrent transactions that touch the same keys make all but one fail
/// with a retryable conflict; those are tried again, and a repeat vote then
/// finds the voter record.
pub async fn cast(
    db: &Db,
    number: u64,
    account: &str,
    receipt: &str,
    answers: &[Answer],
) -> Result<Result<(), Refusal>> {
    let answers = serde_json::to_value(answers)?;
    let outcome = db::retrying_conflicts(|| async {
        db.query(
            "BEGIN TRANSACTION;
             LET $poll = type::record('poll', $number).*;
             IF time::now() < $poll.opens_at { THROW 'poll_not_open' };
             IF time::now() >= $poll.closes_at { THROW 'poll_closed' };
             LET $voter = type::record('poll_voter', [$number, $account]);
             IF record::exists($voter) { THROW 'poll_already_voted' };
             CREATE $voter CONTENT { poll: $number, account: type::record('account', $account) };
             CREATE poll_ballot CONTENT { poll: $number, receipt: $receipt, answers: $answers };
             COMMIT TRANSACTION;",
        )
        .bind(("number", number as i64))
        .bind(("account", account.to_owned()))
        .bind(("receipt", receipt.to_owned()))
        .bind(("answers", answers.clone()))
        .await
        .and_then(first_cause)
    })
    .await;
    let Err(err) = outcome else {
        return Ok(Ok(()));
    };
    let text = err.to_string();
    if text.contains("poll_already_voted") || text.contains("already exists") {
        return Ok(Err(Refusal::AlreadyVoted));
    }
    if text.contains("poll_not_open") {
        return Ok(Err(Refusal::NotOpen));
    }
    if text.contains("poll_closed") {
        return Ok(Err(Refusal::Closed));
    }
    Err(err.into())
}

/// Ballots of a poll whose voters are made up (the demo city), written
/// without the window check so that a finished poll can have them.
pub async fn insert_demo_ballots(
    db: &Db,
    number: u64,
    ballots: &[(String, String, Vec<Answer>)],
) -> Result<()> {
    for (voter, receipt, answers) in ballots {
        db.query(
            "BEGIN TRANSACTION;
             CREATE type::record('poll_voter', [$number, $voter]) CONTENT { poll: $number, account: type::record('account', $voter) };
             CREATE poll_ballot CONTENT { poll: $number, receipt: $receipt, answers: $answers };
             COMMIT TRANSACTION;",
        )
        .bind(("number", number as i64))
        .bind(("voter", voter.clone()))
        .bind(("receipt", receipt.clone()))
        .bind(("answers", serde_json::to_value(answers)?))
        .await?
        .check()?;
    }
    Ok(())
}

/// Every ballot's answers, in no meaningful order (ballot ids are random).
pub async fn ballots(db: &Db, number: u64) -> Result<Vec<Vec<Answer>>> {
    db.query("SELECT VALUE answers FROM poll_ballot WHERE poll = $number")
        .bind(("number", number as i64))
        .await?
        .check()?
        .rows(0)
}

pub async fn has_receipt(db: &Db, number: u64, receipt: &str) -> Result<bool> {
    let found: Option<u64> = db
        .query("SELECT VALUE poll FROM poll_ballot WHERE receipt = $receipt LIMIT 1")
        .bind(("receipt", receipt.to_owned()))
        .await?
        .check()?
        .row(0)?;
    Ok(found == Some(number))
}

/// The receipts' hashes of a poll, for checking a tally against them.
#[cfg(test)]
pub async fn receipts(db: &Db, number: u64) -> Result<Vec<String>> {
    db.query("SELECT VALUE receipt FROM poll_ballot WHERE poll = $number")
        .bind(("number", number as i64))
        .await?
        .check()?
        .rows(0)
}

/// How many people voted in a poll, by the record of who voted.
#[cfg(test)]
pub async fn voters(db: &Db, number: u64) -> Result<u64> {
    db.query("SELECT count() FROM poll_voter WHERE poll = $number GROUP ALL")
        .bind(("number", number as i64))
        .await?
        .check()?
        .count(0)
}

pub async fn voted_in(db: &Db, account: &str) -> Result<Vec<u64>> {
    db.query(
        "SELECT VALUE poll FROM poll_voter WHERE account = type::record('account', $account) ORDER BY poll",
    )
    .bind(("account", account.to_owned()))
    .await?
    .check()?
    .rows(0)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use chrono::{Duration, Utc};
    use shared::polls::{PollDraft, QuestionKind};

    use super::*;
    use crate::{db, migrate, polls::validate};

    const VOTERS: usize = 1_000;
    const ATTEMPTS_EACH: usize = 3;

    async fn open_poll(db: &Db) -> u64 {
        let draft = PollDraft {
            title: "Sturm".into(),
            description: String::new(),
            district: None,
            opens_at: (Utc::now() - Duration::minutes(1)).to_rfc3339(),
            closes_at: (Utc::now() + Duration::hours(1)).to_rfc3339(),
            results: ResultsShown::AfterClose,
            questions: vec![Question {
                text: "Welche Farbe?".into(),
                kind: QuestionKind::Single,
                options: vec!["Rot".into(), "Grün".into(), "Blau".into()],
                required: true,
            }],
        };
        let checked = validate::checked_draft(draft, &[]).unwrap();
        let number = allocate(db).await.unwrap();
        create(db, number, &checked, None).await.unwrap();
        number
    }

    /// Thousands of concurrent ballots, every voter trying three times with
    /// different answers: exactly one per voter is taken, and the stored
    /// ballots are exactly the ones whose receipts were handed out.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_votes_are_counted_once_each_and_match_the_receipts() {
        let dir = std::env::temp_dir().join(format!("ds-poll-storm-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let config = db::DbConfig {
            db: format!("rocksdb://{}", dir.display()).parse().unwrap(),
            ..db::DbConfig::default()
        };
        let db = db::connect(&config).await.unwrap();
        migrate::run(&db).await.unwrap();
        let poll = open_poll(&db).await;

        let mut tasks = Vec::new();
        for attempt in 0..ATTEMPTS_EACH {
            for voter in 0..VOTERS {
                let db = db.clone();
                tasks.push(tokio::spawn(async move {
                    let choice = ((voter + attempt) % 3) as u32;
                    let receipt = format!("r-{voter}-{attempt}");
                    let answers = [Answer {
                        choices: vec![choice],
                        text: None,
                    }];
                    let outcome = cast(&db, poll, &format!("v{voter}"), &receipt, &answers).await;
                    (voter, receipt, choice, outcome)
                }));
            }
        }
        let mut accepted: HashMap<String, u32> = HashMap::new();
        let mut per_voter = vec![0; VOTERS];
        for task in tasks {
            let (voter, receipt, choice, outcome) = task.await.unwrap();
            match outcome.unwrap() {
                Ok(()) => {
                    per_voter[voter] += 1;
                    accepted.insert(receipt, choice);
                }
                Err(refusal) => assert_eq!(refusal, Refusal::AlreadyVoted),
            }
        }
        assert!(
            per_voter.iter().all(|&n| n == 1),
            "every voter exactly once"
        );

        let mut stored = receipts(&db, poll).await.unwrap();
        stored.sort();
        let mut handed_out: Vec<String> = accepted.keys().cloned().collect();
        handed_out.sort();
        assert_eq!(stored, handed_out);
        assert_eq!(voters(&db, poll).await.unwrap(), VOTERS as u64);

        let mut expected = [0u64; 3];
        for choice in accepted.values() {
            expected[*choice as usize] += 1;
        }
        let mut tallied = [0u64; 3];
        for ballot in ballots(&db, poll).await.unwrap() {
            tallied[ballot[0].choices[0] as usize] += 1;
        }
        assert_eq!(tallied, expected);

        db::close(db).await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn ballots_outside_the_window_are_refused_on_the_database_clock() {
        let db = db::connect(&db::DbConfig::default()).await.unwrap();
        migrate::run(&db).await.unwrap();
        let poll = open_poll(&db).await;
        let answers = [Answer {
            choices: vec![0],
            text: None,
        }];
        assert_eq!(cast(&db, poll, "a", "r1", &answers).await.unwrap(), Ok(()));
        close_now(&db, poll).await.unwrap();
        assert_eq!(
            cast(&db, poll, "b", "r2", &answers).await.unwrap(),
            Err(Refusal::Closed)
        );
        assert!(matches!(
            close_now(&db, poll).await,
            Err(Error::Conflict(_))
        ));
        assert_eq!(voted_in(&db, "a").await.unwrap(), [poll]);
        assert!(has_receipt(&db, poll, "r1").await.unwrap());
        assert!(!has_receipt(&db, poll, "r2").await.unwrap());
    }
}
