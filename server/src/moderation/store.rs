//! The only code that reads and writes `report` and `moderation`.

use serde::Deserialize;
use shared::moderation::{
    ContentKind, ContentRef, ModerationNotice, Report, ReportReason, Visibility,
};

use crate::{
    db::{Db, Rows},
    error::{Error, Result},
};

/// Files a report and hides the content pending review once it has
/// `reports_to_hide` open reports. One report per person and content.
pub async fn add_report(
    db: &Db,
    target: &ContentRef,
    author: &str,
    reporter: &str,
    reason: ReportReason,
    note: Option<String>,
    reports_to_hide: u32,
) -> Result<()> {
    db.query(
        "BEGIN TRANSACTION;
         CREATE report CONTENT {
             target: $target, reporter: type::record('account', $reporter), reason: $reason, note: $note
         };
         LET $state = type::record('moderation', $target);
         UPSERT $state SET target = $target, author = type::record('account', $author),
             visibility = visibility ?? 'visible', open_reports = (open_reports ?? 0) + 1;
         UPDATE $state SET visibility = 'pending' WHERE visibility = 'visible' AND open_reports >= $threshold;
         COMMIT TRANSACTION;",
    )
    .bind(("target", target.to_string()))
    .bind(("author", author.to_owned()))
    .bind(("reporter", reporter.to_owned()))
    .bind(("reason", serde_json::to_value(reason)?))
    .bind(("note", note))
    .bind(("threshold", reports_to_hide))
    .await?
    .check()
    .map_err(|err| {
        if err.to_string().contains("report_once") {
            Error::Conflict("Sie haben diesen Beitrag schon gemeldet.".into())
        } else {
            Error::from(err)
        }
    })?;
    // The content may be hidden now: the search drops it at once.
    crate::search::wrote();
    Ok(())
}

#[derive(Deserialize)]
pub struct QueueRow {
    pub target: String,
    pub visibility: Visibility,
}

/// Content that waits for a moderator: hidden pending review first, then
/// the most reported.
pub async fn queue(db: &Db, limit: u32) -> Result<Vec<QueueRow>> {
    db.query(
        "SELECT target, visibility, open_reports, visibility = 'pending' AS pending FROM moderation
         WHERE visibility = 'pending' OR open_reports > 0
         ORDER BY pending DESC, open_reports DESC LIMIT $limit",
    )
    .bind(("limit", limit))
    .await?
    .check()?
    .rows(0)
}

/// The open reports about one piece of content, oldest first.
pub async fn open_reports(db: &Db, target: &str) -> Result<Vec<Report>> {
    #[derive(Deserialize)]
    struct Row {
        reason: ReportReason,
        note: Option<String>,
        at: String,
    }
    let rows: Vec<Row> = db
        .query(
            "SELECT reason, note, <string> created_at AS at, created_at FROM report
             WHERE target = $target AND resolved = false ORDER BY created_at",
        )
        .bind(("target", target.to_owned()))
        .await?
        .check()?
        .rows(0)?;
    let target = parse_target(target)?;
    Ok(rows
        .into_iter()
        .map(|row| Report {
            target: target.clone(),
            reason: row.reason,
            note: row.note,
            at: row.at,
        })
        .collect())
}

/// Records a moderator's decision and closes the open reports.
pub async fn decide(
    db: &Db,
    target: &ContentRef,
    author: &str,
    visibility: Visibility,
    reason: Option<String>,
    moderator: &str,
) -> Result<()> {
    db.query(
        "BEGIN TRANSACTION;
         UPSERT type::record('moderation', $target) MERGE {
             target: $target, author: type::record('account', $author), visibility: $visibility,
             reason: $reason, open_reports: 0,
             decided_by: type::record('account', $moderator), decided_at: time::now()
         };
         UPDATE report SET resolved = true WHERE target = $target AND resolved = false;
         COMMIT TRANSACTION;",
    )
    .bind(("target", target.to_string()))
    .bind(("author", author.to_owned()))
    .bind(("visibility", serde_json::to_value(visibility)?))
    .bind(("reason", reason))
    .bind(("moderator", moderator.to_owned()))
    .await?
    .check()?;
    crate::search::wrote();
    Ok(())
}

/// What the author's own content looks like to moderation right now.
pub async fn notices_for(db: &Db, author: &str) -> Result<Vec<ModerationNotice>> {
    #[derive(Deserialize)]
    struct Row {
        target: String,
        visibility: Visibility,
        reason: Option<String>,
    }
    let rows: Vec<Row> = db
        .query(
            "SELECT target, visibility, reason FROM moderation
             WHERE author = type::record('account', $author) AND visibility != 'visible'",
        )
        .bind(("author", author.to_owned()))
        .await?
        .check()?
        .rows(0)?;
    rows.into_iter()
        .map(|row| {
            Ok(ModerationNotice {
                target: parse_target(&row.target)?,
                visibility: row.visibility,
                reason: row.reason,
            })
        })
        .collect()
}

/// Ids of the content of one kind that is hidden (by a moderator or
/// pending review).
pub async fn hidden(db: &Db, kind: ContentKind) -> Result<Vec<String>> {
    let targets: Vec<String> = db
        .query(
            "SELECT VALUE target FROM moderation
             WHERE visibility != 'visible' AND string::starts_with(target, $prefix)",
        )
        .bind(("prefix", format!("{}:", kind.as_str())))
        .await?
        .check()?
        .rows(0)?;
    Ok(targets
        .into_iter()
        .filter_map(|t| t.split_once(':').map(|(_, id)| id.to_owned()))
        .collect())
}

/// Which of these ids of `kind` are hidden or pending, read by record id.
pub async fn hidden_among(db: &Db, kind: ContentKind, ids: &[String]) -> Result<Vec<String>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let prefix = format!("{}:", kind.as_str());
    let targets: Vec<String> = ids.iter().map(|id| format!("{prefix}{id}")).collect();
    let hidden: Vec<String> = db
        .query(
            "SELECT VALUE target FROM $targets.map(|$t| type::record('moderation', $t))
             WHERE visibility != 'visible'",
        )
        .bind(("targets", targets))
        .await?
        .check()?
        .rows(0)?;
    Ok(hidden
        .into_iter()
        .filter_map(|t| t.strip_prefix(&prefix).map(str::to_owned))
        .collect())
}

/// The reports a person made, for their data export.
pub async fn reports_by(db: &Db, reporter: &str) -> Result<Vec<Report>> {
    #[derive(Deserialize)]
    struct Row {
        target: String,
        reason: ReportReason,
        note: Option<String>,
        at: String,
    }
    let rows: Vec<Row> = db
        .query(
            "SELECT target, reason, note, <string> created_at AS at, created_at FROM report
             WHERE reporter = type::record('account', $reporter) ORDER BY created_at",
        )
        .bind(("reporter", reporter.to_owned()))
        .await?
        .check()?
        .rows(0)?;
    rows.into_iter()
        .map(|row| {
            Ok(Report {
                target: parse_target(&row.target)?,
                reason: row.reason,
                note: row.note,
                at: row.at,
            })
        })
        .collect()
}

/// Stored targets were written from a `ContentRef`; anything else is corrupt.
pub fn parse_target(stored: &str) -> Result<ContentRef> {
    let (kind, id) = stored
        .split_once(':')
        .ok_or_else(|| Error::Internal(format!("moderation target {stored:?} has no kind")))?;
    let kind = serde_json::from_value(serde_json::Value::from(kind)).map_err(|_| {
        Error::Internal(format!("moderation target {stored:?} has an unknown kind"))
    })?;
    Ok(ContentRef {
        kind,
        id: id.to_owned(),
    })
}
