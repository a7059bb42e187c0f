//! The only code that reads and writes the `consultation*` and `debate*`
//! tables.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use shared::consultations::{Decision, Side};

use super::validate::{CheckedConsultation, StoredParagraph};
use crate::{
    db::{self, Db, Rows, first_cause},
    error::{Error, Result},
    page::Page,
};

#[derive(Debug, Clone, Deserialize)]
pub struct ConsultationRow {
    pub number: u64,
    pub title: String,
    pub summary: String,
    pub opens_at: String,
    pub closes_at: String,
    pub council_paper: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct VersionRow {
    pub version: u32,
    pub note: String,
    pub paragraphs: Vec<StoredParagraph>,
    #[serde(default)]
    pub prompted_by: Vec<String>,
    pub published_at: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AnswerRow {
    pub decision: Decision,
    pub reason: String,
    pub answered_at: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CommentRow {
    pub id: String,
    pub consultation: u64,
    pub version: u32,
    pub paragraph: u32,
    pub quote: Option<String>,
    pub reply_to: Option<String>,
    pub author: Option<String>,
    pub entered_for: Option<String>,
    pub body: String,
    pub created_at: String,
    pub answer: Option<AnswerRow>,
}

/// A comment about to be stored.
pub struct NewComment<'a> {
    pub version: u32,
    pub paragraph: u32,
    pub quote: Option<String>,
    pub reply_to: Option<String>,
    /// The signed-in author, or for a letter the staff member entering it
    /// (none for the demo city's letters).
    pub account: Option<&'a str>,
    pub entered_for: Option<String>,
    pub body: String,
}

const CONSULTATION_FIELDS: &str = "record::id(id) AS number, title, summary, \
    <string> opens_at AS opens_at, <string> closes_at AS closes_at, council_paper";

const COMMENT_FIELDS: &str = "record::id(id) AS id, consultation, version, paragraph, quote, reply_to, \
    IF author = NONE THEN NONE ELSE record::id(author) END AS author, entered_for, body, \
    <string> created_at AS created_at, \
    IF answer = NONE THEN NONE ELSE object::extend(answer, { answered_at: <string> answer.answered_at }) END AS answer";

/// The next number from a sequence table (`consultation_sequence`, `debate_sequence`).
pub async fn allocate(db: &Db, sequence: &str) -> Result<u64> {
    crate::db::next_number(db, sequence, "n").await
}

/// The consultation and its first version, together.
pub async fn create(
    db: &Db,
    number: u64,
    checked: &CheckedConsultation,
    author: Option<&str>,
) -> Result<()> {
    db.query(
        "BEGIN TRANSACTION;
         CREATE type::record('consultation', $number) CONTENT {
             title: $title, summary: $summary, council_paper: $paper ?? NONE,
             opens_at: <datetime> $opens_at, closes_at: <datetime> $closes_at,
             created_by: IF $author = NONE THEN NONE ELSE type::record('account', $author) END };
         CREATE type::record('consultation_version', [$number, 1]) CONTENT {
             consultation: $number, version: 1, text: $text, note: $note, paragraphs: $paragraphs };
         COMMIT TRANSACTION;",
    )
    .bind(("number", number as i64))
    .bind(("title", checked.draft.title.clone()))
    .bind(("summary", checked.draft.summary.clone()))
    .bind(("paper", checked.draft.council_paper.clone()))
    .bind(("opens_at", checked.opens_at.to_rfc3339()))
    .bind(("closes_at", checked.closes_at.to_rfc3339()))
    .bind(("author", author.map(str::to_owned)))
    .bind(("text", checked.draft.text.clone()))
    .bind(("note", "Erster Entwurf".to_owned()))
    .bind(("paragraphs", serde_json::to_value(&checked.paragraphs)?))
    .await
    .and_then(first_cause)?;
    crate::search::wrote();
    Ok(())
}

pub async fn consultation(db: &Db, number: u64) -> Result<Option<ConsultationRow>> {
    db.query(format!(
        "SELECT {CONSULTATION_FIELDS} FROM ONLY type::record('consultation', $number)"
    ))
    .bind(("number", number as i64))
    .await?
    .check()?
    .row(0)
}

/// Newest first.
pub async fn consultations(db: &Db) -> Result<Vec<ConsultationRow>> {
    db.query(format!(
        "SELECT {CONSULTATION_FIELDS}, opens_at FROM consultation ORDER BY opens_at DESC"
    ))
    .await?
    .check()?
    .rows(0)
}

/// The consultations of these numbers, in their order; unknown ones are
/// skipped.
pub async fn consultations_by_numbers(db: &Db, numbers: &[u64]) -> Result<Vec<ConsultationRow>> {
    db::rows_by_numbers(db, "consultation", CONSULTATION_FIELDS, numbers).await
}

/// The current (newest) version of each of these consultations.
pub async fn current_versions(db: &Db, numbers: &[u64]) -> Result<HashMap<u64, VersionRow>> {
    #[derive(Deserialize)]
    struct Numbered {
        consultation: u64,
        #[serde(flatten)]
        version: VersionRow,
    }
    let rows: Vec<Numbered> = db
        .query(
            "SELECT consultation, version, note, paragraphs, prompted_by, <string> published_at AS published_at
             FROM consultation_version WHERE consultation IN $numbers ORDER BY consultation, version",
        )
        .bind(("numbers", numbers.iter().map(|&n| n as i64).collect::<Vec<_>>()))
        .await?
        .check()?
        .rows(0)?;
    // Oldest first: the newest of each stays.
    Ok(rows
        .into_iter()
        .map(|row| (row.consultation, row.version))
        .collect())
}

/// What the search reads page by page: drafts and debates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbered {
    Consultation,
    Debate,
}

impl Numbered {
    fn table(self) -> &'static str {
        match self {
            Self::Consultation => "consultation",
            Self::Debate => "debate",
        }
    }
}

/// Up to `limit` numbers above `after`, in order.
pub async fn numbers_after(db: &Db, of: Numbered, after: u64, limit: usize) -> Result<Vec<u64>> {
    db::numbers_after(db, of.table(), after, limit).await
}

pub async fn count(db: &Db, of: Numbered) -> Result<u64> {
    db::count_all(db, of.table()).await
}

/// Oldest first.
pub async fn versions(db: &Db, number: u64) -> Result<Vec<VersionRow>> {
    db.query(
        "SELECT version, note, paragraphs, prompted_by, <string> published_at AS published_at
         FROM consultation_version WHERE consultation = $number ORDER BY version",
    )
    .bind(("number", number as i64))
    .await?
    .check()?
    .rows(0)
}

/// Publishes the next version; returns its number.
pub async fn add_version(
    db: &Db,
    number: u64,
    text: &str,
    note: &str,
    paragraphs: &[StoredParagraph],
    prompted_by: &[String],
) -> Result<u32> {
    let version: Option<u32> = db
        .query(
            "BEGIN TRANSACTION;
             LET $next = (math::max(SELECT VALUE version FROM consultation_version WHERE consultation = $number) ?? 0) + 1;
             CREATE type::record('consultation_version', [$number, $next]) CONTENT {
                 consultation: $number, version: $next, text: $text, note: $note,
                 paragraphs: $paragraphs, prompted_by: $prompted_by };
             COMMIT TRANSACTION;
             RETURN math::max(SELECT VALUE version FROM consultation_version WHERE consultation = $number);",
        )
        .bind(("number", number as i64))
        .bind(("text", text.to_owned()))
        .bind(("note", note.to_owned()))
        .bind(("paragraphs", serde_json::to_value(paragraphs)?))
        .bind(("prompted_by", prompted_by.to_vec()))
        .await?
        .check()?
        .last_row()?;
    crate::search::wrote();
    version.ok_or_else(|| Error::Internal("the new version cannot be read back".into()))
}

pub async fn add_comment(db: &Db, number: u64, comment: NewComment<'_>) -> Result<String> {
    let letter = comment.entered_for.is_some();
    let id: Option<String> = db
        .query(
            "SELECT VALUE record::id(id) FROM CREATE consultation_comment CONTENT {
                 consultation: $number, version: $version, paragraph: $paragraph,
                 quote: $quote ?? NONE, reply_to: $reply_to ?? NONE, body: $body,
                 author: IF $letter THEN NONE ELSE type::record('account', $account) END,
                 entered_for: $entered_for ?? NONE,
                 entered_by: IF $letter AND $account != NONE THEN type::record('account', $account) ELSE NONE END }",
        )
        .bind(("number", number as i64))
        .bind(("version", i64::from(comment.version)))
        .bind(("paragraph", i64::from(comment.paragraph)))
        .bind(("quote", comment.quote))
        .bind(("reply_to", comment.reply_to))
        .bind(("body", comment.body))
        .bind(("letter", letter))
        .bind(("account", comment.account.map(str::to_owned)))
        .bind(("entered_for", comment.entered_for))
        .await?
        .check()?
        .row(0)?;
    id.ok_or_else(|| Error::Internal("the new comment cannot be read back".into()))
}

/// This page of a consultation's comments, oldest first.
pub async fn comments(db: &Db, number: u64, page: Page) -> Result<Vec<CommentRow>> {
    let query = db
        .query(format!(
            "SELECT {COMMENT_FIELDS}, created_at AS at FROM consultation_comment
             WHERE consultation = $number ORDER BY at, id{}",
            page.clauses()
        ))
        .bind(("number", number as i64));
    page.bind(query).await?.check()?.rows(0)
}

/// Comments and answered comments per consultation of `consultations`.
pub async fn comment_counts(db: &Db, consultations: &[u64]) -> Result<HashMap<u64, (u64, u64)>> {
    let per_answered = db::counts_per_key_and(
        db,
        "consultation_comment",
        "consultation",
        consultations,
        "answered",
        &[false, true],
    )
    .await?;
    let mut counts: HashMap<u64, (u64, u64)> = HashMap::new();
    for ((consultation, answered), n) in per_answered {
        let (comments, answers) = counts.entry(consultation).or_default();
        *comments += n;
        if answered {
            *answers += n;
        }
    }
    Ok(counts)
}

pub async fn comment(db: &Db, id: &str) -> Result<Option<CommentRow>> {
    // A reply may name the empty id, which SurrealDB refuses as a record id.
    if id.is_empty() {
        return Ok(None);
    }
    db.query(format!(
        "SELECT {COMMENT_FIELDS} FROM ONLY type::record('consultation_comment', $id)"
    ))
    .bind(("id", id.to_owned()))
    .await?
    .check()?
    .row(0)
}

pub async fn comments_by(db: &Db, account: &str) -> Result<Vec<CommentRow>> {
    db.query(format!(
        "SELECT {COMMENT_FIELDS}, created_at AS at FROM consultation_comment
         WHERE author = type::record('account', $account) ORDER BY at"
    ))
    .bind(("account", account.to_owned()))
    .await?
    .check()?
    .rows(0)
}

pub async fn set_answer(
    db: &Db,
    id: &str,
    decision: Decision,
    reason: &str,
    by: Option<&str>,
) -> Result<()> {
    db.query(
        "UPDATE type::record('consultation_comment', $id) SET answer = {
             decision: $decision, reason: $reason, answered_at: time::now(),
             answered_by: IF $by = NONE THEN NONE ELSE type::record('account', $by) END }",
    )
    .bind(("id", id.to_owned()))
    .bind(("decision", serde_json::to_value(decision)?))
    .bind(("reason", reason.to_owned()))
    .bind(("by", by.map(str::to_owned)))
    .await?
    .check()?;
    Ok(())
}

/// Supports a comment (`on`) or takes the support back; idempotent.
pub async fn set_support(
    db: &Db,
    table: SupportTable,
    parent: u64,
    target: &str,
    account: &str,
    on: bool,
) -> Result<()> {
    let (support, parent_field, target_field) = table.names();
    let query = if on {
        format!(
            "UPSERT type::record('{support}', [$target, $account]) CONTENT {{
                 {target_field}: $target, {parent_field}: $parent, account: type::record('account', $account) }}"
        )
    } else {
        format!("DELETE type::record('{support}', [$target, $account])")
    };
    db.query(query)
        .bind(("target", target.to_owned()))
        .bind(("parent", parent as i64))
        .bind(("account", account.to_owned()))
        .await?
        .check()?;
    Ok(())
}

/// Supports per comment (or argument) of one consultation (or debate), and
/// which of them `viewer` supports.
pub async fn supports(
    db: &Db,
    table: SupportTable,
    parent: u64,
    viewer: Option<&str>,
) -> Result<(HashMap<String, u64>, HashSet<String>)> {
    #[derive(Deserialize)]
    struct Support {
        target: String,
        account: String,
    }
    let (support, parent_field, target_field) = table.names();
    let rows: Vec<Support> = db
        .query(format!(
            "SELECT {target_field} AS target, record::id(account) AS account FROM {support}
             WHERE {parent_field} = $parent"
        ))
        .bind(("parent", parent as i64))
        .await?
        .check()?
        .rows(0)?;
    let mut counts = HashMap::new();
    let mut own = HashSet::new();
    for row in rows {
        *counts.entry(row.target.clone()).or_insert(0) += 1;
        if viewer == Some(row.account.as_str()) {
            own.insert(row.target);
        }
    }
    Ok((counts, own))
}

/// Supports of comments and of debate arguments work alike.
#[derive(Debug, Clone, Copy)]
pub enum SupportTable {
    Comments,
    Arguments,
}

impl SupportTable {
    /// Table, field naming the consultation or debate, field naming the target.
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            SupportTable::Comments => ("consultation_support", "consultation", "comment"),
            SupportTable::Arguments => ("debate_support", "debate", "argument"),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct AttachmentRow {
    pub id: String,
    pub title: String,
    pub file_name: String,
    pub size: u64,
}

pub async fn add_attachment(
    db: &Db,
    number: u64,
    title: &str,
    file_name: &str,
    content: Vec<u8>,
) -> Result<String> {
    let id: Option<String> = db
        .query(
            "SELECT VALUE record::id(id) FROM CREATE consultation_attachment CONTENT {
                 consultation: $number, title: $title, file_name: $file_name,
                 size: $size, content: $content }",
        )
        .bind(("number", number as i64))
        .bind(("title", title.to_owned()))
        .bind(("file_name", file_name.to_owned()))
        .bind(("size", content.len() as i64))
        .bind(("content", surrealdb::types::Bytes::from(content)))
        .await?
        .check()?
        .row(0)?;
    id.ok_or_else(|| Error::Internal("the new attachment cannot be read back".into()))
}

/// In the order they were added.
pub async fn attachments(db: &Db, number: u64) -> Result<Vec<AttachmentRow>> {
    db.query(
        "SELECT record::id(id) AS id, title, file_name, size, created_at FROM consultation_attachment
         WHERE consultation = $number ORDER BY created_at",
    )
    .bind(("number", number as i64))
    .await?
    .check()?
    .rows(0)
}

/// File name and bytes of an attachment of this consultation.
pub async fn attachment_content(
    db: &Db,
    number: u64,
    id: &str,
) -> Result<Option<(String, Vec<u8>)>> {
    #[derive(Deserialize)]
    struct Name {
        file_name: String,
    }
    let mut response = db
        .query(
            "SELECT file_name FROM consultation_attachment WHERE id = type::record('consultation_attachment', $id) AND consultation = $number;
             SELECT VALUE content FROM consultation_attachment WHERE id = type::record('consultation_attachment', $id) AND consultation = $number;",
        )
        .bind(("id", id.to_owned()))
        .bind(("number", number as i64))
        .await?
        .check()?;
    let names: Vec<Name> = response.rows(0)?;
    let content: Vec<surrealdb::types::Bytes> = response.take(1)?;
    Ok(names
        .into_iter()
        .next()
        .zip(content.into_iter().next())
        .map(|(name, bytes)| (name.file_name, bytes.into_inner().to_vec())))
}

/// Whether there was such an attachment to remove.
pub async fn remove_attachment(db: &Db, number: u64, id: &str) -> Result<bool> {
    let removed: Option<u64> = db
        .query(
            "LET $found = SELECT VALUE id FROM consultation_attachment
                 WHERE id = type::record('consultation_attachment', $id) AND consultation = $number;
             DELETE $found;
             RETURN count($found);",
        )
        .bind(("id", id.to_owned()))
        .bind(("number", number as i64))
        .await?
        .check()?
        .last_row()?;
    Ok(removed.unwrap_or(0) > 0)
}

#[derive(Debug, Clone, Deserialize)]
pub struct DebateRow {
    pub number: u64,
    pub question: String,
    pub description: String,
    pub conclusion: Option<String>,
    pub closed_at: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ArgumentRow {
    pub id: String,
    pub debate: u64,
    pub side: Side,
    pub author: String,
    pub body: String,
    pub created_at: String,
}

const DEBATE_FIELDS: &str = "record::id(id) AS number, question, description, conclusion, \
    IF closed_at = NONE THEN NONE ELSE <string> closed_at END AS closed_at, <string> created_at AS created_at";

const ARGUMENT_FIELDS: &str = "record::id(id) AS id, debate, side, record::id(author) AS author, body, \
    <string> created_at AS created_at";

pub async fn create_debate(
    db: &Db,
    number: u64,
    question: &str,
    description: &str,
    author: Option<&str>,
) -> Result<()> {
    db.query(
        "CREATE type::record('debate', $number) CONTENT {
             question: $question, description: $description,
             created_by: IF $author = NONE THEN NONE ELSE type::record('account', $author) END }",
    )
    .bind(("number", number as i64))
    .bind(("question", question.to_owned()))
    .bind(("description", description.to_owned()))
    .bind(("author", author.map(str::to_owned)))
    .await?
    .check()?;
    crate::search::wrote();
    Ok(())
}

pub async fn debate(db: &Db, number: u64) -> Result<Option<DebateRow>> {
    db.query(format!(
        "SELECT {DEBATE_FIELDS} FROM ONLY type::record('debate', $number)"
    ))
    .bind(("number", number as i64))
    .await?
    .check()?
    .row(0)
}

/// The debates of these numbers, in their order; unknown ones are skipped.
pub async fn debates_by_numbers(db: &Db, numbers: &[u64]) -> Result<Vec<DebateRow>> {
    db::rows_by_numbers(db, "debate", DEBATE_FIELDS, numbers).await
}

/// Newest first.
pub async fn debates(db: &Db) -> Result<Vec<DebateRow>> {
    db.query(format!(
        "SELECT {DEBATE_FIELDS}, created_at AS at FROM debate ORDER BY at DESC"
    ))
    .await?
    .check()?
    .rows(0)
}

/// Closes a debate with the staff's conclusion; a closed one stays as it is.
pub async fn close_debate(db: &Db, number: u64, conclusion: &str) -> Result<()> {
    db.query(
        "BEGIN TRANSACTION;
         LET $debate = type::record('debate', $number);
         IF $debate.closed_at != NONE { THROW 'debate_closed' };
         UPDATE $debate SET closed_at = time::now(), conclusion = $conclusion;
         COMMIT TRANSACTION;",
    )
    .bind(("number", number as i64))
    .bind(("conclusion", conclusion.to_owned()))
    .await
    .and_then(first_cause)
    .map_err(|err| {
        if err.to_string().contains("debate_closed") {
            Error::Conflict("Die Diskussion ist schon abgeschlossen.".into())
        } else {
            err.into()
        }
    })?;
    crate::search::wrote();
    Ok(())
}

pub async fn add_argument(
    db: &Db,
    number: u64,
    side: Side,
    author: &str,
    body: &str,
) -> Result<String> {
    let id: Option<String> = db
        .query(
            "SELECT VALUE record::id(id) FROM CREATE debate_argument CONTENT {
                 debate: $number, side: $side, author: type::record('account', $author), body: $body }",
        )
        .bind(("number", number as i64))
        .bind(("side", serde_json::to_value(side)?))
        .bind(("author", author.to_owned()))
        .bind(("body", body.to_owned()))
        .await?
        .check()?
        .row(0)?;
    id.ok_or_else(|| Error::Internal("the new argument cannot be read back".into()))
}

pub async fn count_arguments(db: &Db, number: u64) -> Result<u64> {
    db.query("SELECT count() FROM debate_argument WHERE debate = $number GROUP ALL")
        .bind(("number", number as i64))
        .await?
        .check()?
        .count(0)
}

pub async fn arguments(db: &Db, number: u64) -> Result<Vec<ArgumentRow>> {
    db.query(format!(
        "SELECT {ARGUMENT_FIELDS}, created_at AS at FROM debate_argument WHERE debate = $number ORDER BY at"
    ))
    .bind(("number", number as i64))
    .await?
    .check()?
    .rows(0)
}

/// Arguments per debate of `debates` and side.
pub async fn argument_counts(db: &Db, debates: &[u64]) -> Result<HashMap<(u64, Side), u64>> {
    db::counts_per_key_and(
        db,
        "debate_argument",
        "debate",
        debates,
        "side",
        &[Side::Pro, Side::Contra],
    )
    .await
}

pub async fn argument(db: &Db, id: &str) -> Result<Option<ArgumentRow>> {
    db.query(format!(
        "SELECT {ARGUMENT_FIELDS} FROM ONLY type::record('debate_argument', $id)"
    ))
    .bind(("id", id.to_owned()))
    .await?
    .check()?
    .row(0)
}

pub async fn arguments_by(db: &Db, account: &str) -> Result<Vec<ArgumentRow>> {
    db.query(format!(
        "SELECT {ARGUMENT_FIELDS}, created_at AS at FROM debate_argument
         WHERE author = type::record('account', $account) ORDER BY at"
    ))
    .bind(("account", account.to_owned()))
    .await?
    .check()?
    .rows(0)
}
