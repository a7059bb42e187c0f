//! The only code that reads and writes the `defect_*` tables.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use shared::{
    defects::{DefectCategory, DefectStatus, Place},
    geo::{Boundary, GeoPoint},
};

use super::photos::Processed;
use crate::{
    db::{self, Db, Rows, first_cause},
    error::{Error, Result},
    page::Page,
};

pub async fn allocate(db: &Db) -> Result<u64> {
    crate::db::next_number(db, "defect_sequence", "report").await
}

pub async fn area(db: &Db) -> Result<Option<Boundary>> {
    db.query("SELECT outline FROM ONLY defect_area:city")
        .await?
        .check()?
        .row(0)
}

pub async fn set_area(db: &Db, area: &Boundary) -> Result<()> {
    db.query("UPSERT defect_area:city SET outline = $outline")
        .bind(("outline", serde_json::to_value(&area.outline)?))
        .await?
        .check()?;
    Ok(())
}

const CATEGORY_FIELDS: &str =
    "code, group, name, description, department, expected_days, questions, keywords, active";

/// In the order staff set, groups together.
pub async fn categories(db: &Db) -> Result<Vec<DefectCategory>> {
    db.query(format!(
        "SELECT {CATEGORY_FIELDS}, position FROM defect_category ORDER BY position, code"
    ))
    .await?
    .check()?
    .rows(0)
}

/// When a category last changed: the Open311 `changeset` of the services.
pub async fn categories_changed(db: &Db) -> Result<Option<String>> {
    #[derive(Deserialize)]
    struct Changed {
        updated_at: String,
    }
    let newest: Option<Changed> = db
        .query("SELECT <string> updated_at AS updated_at FROM defect_category ORDER BY updated_at DESC LIMIT 1")
        .await?
        .check()?
        .row(0)?;
    Ok(newest.map(|c| c.updated_at))
}

/// Creates or replaces a category; new ones go to the end.
pub async fn save_category(db: &Db, category: &DefectCategory) -> Result<()> {
    db.query(
        "LET $position = (SELECT VALUE position FROM ONLY type::record('defect_category', $category.code))
             ?? count(SELECT VALUE id FROM defect_category);
         UPSERT type::record('defect_category', $category.code) CONTENT object::extend($category, { position: $position });",
    )
    .bind(("category", serde_json::to_value(category)?))
    .await?
    .check()?;
    crate::search::wrote();
    Ok(())
}

/// A report as stored, with its number of followers.
#[derive(Debug, Clone, Deserialize)]
pub struct ReportRow {
    pub number: u64,
    pub category: String,
    pub department: String,
    pub status: DefectStatus,
    pub location: GeoPoint,
    pub address: Option<String>,
    pub description: String,
    pub answers: BTreeMap<String, Vec<String>>,
    pub photos: Vec<String>,
    pub reporter: Option<String>,
    pub reporter_name: Option<String>,
    pub name_public: bool,
    pub contact: Option<String>,
    pub channel: String,
    pub media_url: Option<String>,
    pub token: String,
    pub duplicate_of: Option<u64>,
    pub affected: u32,
    pub followers: u32,
    pub created_at: String,
    pub updated_at: String,
    pub closed_at: Option<String>,
    /// Why staff took it out of public view; `None` for public reports.
    pub hidden: Option<String>,
}

impl ReportRow {
    pub fn created(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        crate::clock::parse(&self.created_at)
    }
}

const REPORT_FIELDS: &str = "number, category, department, status, location, address, description, answers, photos, \
    IF reporter = NONE THEN NONE ELSE record::id(reporter) END AS reporter, reporter_name, name_public, contact, \
    channel, media_url, token, duplicate_of, affected, \
    count(SELECT VALUE id FROM defect_follower WHERE report = $parent.number) AS followers, \
    <string> created_at AS created_at, <string> updated_at AS updated_at, \
    IF closed_at = NONE THEN NONE ELSE <string> closed_at END AS closed_at, hidden";

/// What a new report stores besides its number.
#[derive(Debug, Clone, Serialize)]
pub struct NewReport {
    pub category: String,
    pub department: String,
    pub location: GeoPoint,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub description: String,
    pub answers: BTreeMap<String, Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reporter_name: Option<String>,
    pub name_public: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    pub channel: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_url: Option<String>,
    pub token: String,
}

/// A photo to take over: its id and the hash of the key its uploader got.
#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    pub id: String,
    pub claim: String,
}

/// Stores a report with its photos and first history entry, all or nothing.
/// Photos must be unclaimed and uploaded by the same person.
pub async fn create_report(
    db: &Db,
    number: u64,
    report: &NewReport,
    reporter: Option<&str>,
    photos: &[Claim],
    first_update: &str,
) -> Result<()> {
    // No photo has the empty id, and SurrealDB refuses it as a record id.
    if photos.iter().any(|photo| photo.id.is_empty()) {
        return Err(photo_unavailable());
    }
    db.query(
        "BEGIN TRANSACTION;
         FOR $photo IN $photos {
             LET $taken = UPDATE type::record('defect_photo_info', $photo.id)
                 SET report = $number, uploader = NONE
                 WHERE claim = $photo.claim AND report = NONE RETURN VALUE id;
             IF array::len($taken) = 0 { THROW 'photo_unavailable' };
         };
         CREATE type::record('defect_report', $number) CONTENT object::extend($report, {
             number: $number, status: 'neu', photos: $photos.map(|$p| $p.id),
             reporter: IF $reporter_id = NONE THEN NONE ELSE type::record('account', $reporter_id) END
         });
         CREATE defect_update CONTENT { report: $number, status: 'neu', text: $first_update, department: $report.department };
         COMMIT TRANSACTION;",
    )
    .bind(("number", number as i64))
    .bind(("report", serde_json::to_value(report)?))
    .bind(("reporter_id", reporter.map(str::to_owned)))
    .bind(("photos", serde_json::to_value(photos)?))
    .bind(("first_update", first_update.to_owned()))
    .await
    .and_then(first_cause)
    .map_err(|err| {
        if err.to_string().contains("photo_unavailable") {
            photo_unavailable()
        } else {
            err.into()
        }
    })?;
    crate::search::wrote();
    Ok(())
}

fn photo_unavailable() -> Error {
    Error::Conflict(
        "Ein Foto gehört schon zu einer Meldung oder wurde nicht von Ihnen hochgeladen. Bitte laden Sie es neu hoch.".into(),
    )
}

pub async fn report(db: &Db, number: u64) -> Result<Option<ReportRow>> {
    db.query(format!(
        "SELECT {REPORT_FIELDS} FROM ONLY type::record('defect_report', $number)"
    ))
    .bind(("number", number as i64))
    .await?
    .check()?
    .row(0)
}

pub async fn report_by_token(db: &Db, token: &str) -> Result<Option<ReportRow>> {
    db.query(format!(
        "SELECT {REPORT_FIELDS} FROM defect_report WHERE token = $request_token LIMIT 1"
    ))
    .bind(("request_token", token.to_owned()))
    .await?
    .check()?
    .row(0)
}

/// Up to `limit` report numbers above `after`, in order, hidden ones too.
pub async fn numbers_after(db: &Db, after: u64, limit: usize) -> Result<Vec<u64>> {
    db::numbers_after(db, "defect_report", after, limit).await
}

/// The numbers of the reports of a category, hidden ones too.
pub async fn numbers_in_category(db: &Db, code: &str) -> Result<Vec<u64>> {
    db.query("SELECT VALUE number FROM defect_report WHERE category = $code")
        .bind(("code", code.to_owned()))
        .await?
        .check()?
        .rows(0)
}

/// How many reports there are, hidden ones too.
pub async fn count_all(db: &Db) -> Result<u64> {
    db::count_all(db, "defect_report").await
}

/// Which reports a query asks for; empty lists mean "all".
#[derive(Debug, Clone, Default, Serialize)]
pub struct Selection {
    pub numbers: Vec<u64>,
    pub statuses: Vec<DefectStatus>,
    pub categories: Vec<String>,
    pub departments: Vec<String>,
    /// RFC 3339, inclusive.
    pub created_from: Option<String>,
    /// RFC 3339, exclusive.
    pub created_until: Option<String>,
    pub reporter_or_follower: Option<String>,
    /// Also reports staff took out of public view.
    pub include_hidden: bool,
    /// Only reports inside this box: `[min_lon, min_lat, max_lon, max_lat]`.
    pub area: Option<[f64; 4]>,
    /// Only open reports past their deadline.
    pub overdue: Option<Overdue>,
    /// Only this page of the selected reports.
    #[serde(skip)]
    pub page: Page,
}

/// When reports become overdue at one moment: each category has its own
/// number of working days, so its own cut (see `time::overdue_before`).
#[derive(Debug, Clone, Serialize)]
pub struct Overdue {
    pub open: Vec<DefectStatus>,
    /// RFC 3339 by category code: reports made before it are overdue.
    pub before: BTreeMap<String, String>,
    /// The cut for a category no longer in the catalogue.
    pub otherwise: String,
}

/// The selected reports, newest first.
pub async fn reports(db: &Db, selection: &Selection) -> Result<Vec<ReportRow>> {
    let mut conditions = vec!["true"];
    if !selection.include_hidden {
        conditions.push("hidden = NONE");
    }
    if !selection.numbers.is_empty() {
        conditions.push("number IN $s.numbers");
    }
    if !selection.statuses.is_empty() {
        conditions.push("status IN $s.statuses");
    }
    if !selection.categories.is_empty() {
        conditions.push("category IN $s.categories");
    }
    if !selection.departments.is_empty() {
        conditions.push("department IN $s.departments");
    }
    if selection.created_from.is_some() {
        conditions.push("created_at >= <datetime> $s.created_from");
    }
    if selection.created_until.is_some() {
        conditions.push("created_at < <datetime> $s.created_until");
    }
    // The followed reports are read first: as a subquery in the condition,
    // the engine read every report and ran the subquery once for each.
    let mut before = "";
    if selection.reporter_or_follower.is_some() {
        before = "LET $followed = (SELECT VALUE report FROM defect_follower
                      WHERE account = type::record('account', $s.reporter_or_follower));";
        conditions.push(
            "(reporter = type::record('account', $s.reporter_or_follower) OR number IN $followed)",
        );
    }
    if selection.area.is_some() {
        conditions.push(
            "location.lon >= $s.area[0] AND location.lat >= $s.area[1]
             AND location.lon <= $s.area[2] AND location.lat <= $s.area[3]",
        );
    }
    if selection.overdue.is_some() {
        conditions.push(
            "status IN $s.overdue.open
             AND created_at < <datetime> ($s.overdue.before[category] ?? $s.overdue.otherwise)",
        );
    }
    if selection.page.after.is_some() {
        conditions.push("newest_first > $after");
    }
    let mut selection_json = serde_json::to_value(selection)?;
    strip_nulls(&mut selection_json);
    // The planner would take a filter's index and sort all its matches; a
    // page of the broad list is cheaper read off an index in its order: the
    // public one without hidden reports, or staff's with them. A box or a
    // time window is narrow: there the planner knows better.
    let broad = selection.numbers.is_empty()
        && selection.area.is_none()
        && selection.created_from.is_none();
    let source = match (
        selection.page.limit.is_some() && broad,
        selection.include_hidden,
    ) {
        (false, _) => "defect_report",
        (true, false) => "defect_report WITH INDEX defect_report_public_newest_first",
        (true, true) => "defect_report WITH INDEX defect_report_newest_first",
    };
    let query = db
        .query(format!(
            "{before} SELECT {REPORT_FIELDS} FROM {source} WHERE {} ORDER BY newest_first{}",
            conditions.join(" AND "),
            selection.page.clauses()
        ))
        .bind(("s", selection_json))
        .bind(("after", selection.page.after_stored().map(|n| -n)));
    let statement = usize::from(!before.is_empty());
    selection.page.bind(query).await?.check()?.rows(statement)
}

/// SurrealDB refuses JSON `null` where it expects NONE.
fn strip_nulls(value: &mut serde_json::Value) {
    if let Some(object) = value.as_object_mut() {
        object.retain(|_, v| !v.is_null());
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct UpdateRow {
    pub id: String,
    pub report: u64,
    pub status: DefectStatus,
    pub text: String,
    pub change: Option<String>,
    pub department: String,
    pub author: Option<String>,
    pub at: String,
}

const UPDATE_FIELDS: &str = "record::id(id) AS id, report, status, text, change, department, \
    IF author = NONE THEN NONE ELSE record::id(author) END AS author, <string> at AS at";

/// The history of a report, oldest first.
pub async fn updates(db: &Db, number: u64) -> Result<Vec<UpdateRow>> {
    Ok(updates_of(db, &[number])
        .await?
        .remove(&number)
        .unwrap_or_default())
}

/// The histories of these reports, each oldest first, in one query.
pub async fn updates_of(
    db: &Db,
    numbers: &[u64],
) -> Result<std::collections::HashMap<u64, Vec<UpdateRow>>> {
    let rows: Vec<UpdateRow> = db
        .query(format!(
            "SELECT {UPDATE_FIELDS} FROM defect_update WHERE report IN $numbers ORDER BY at, id"
        ))
        .bind((
            "numbers",
            numbers.iter().map(|&n| n as i64).collect::<Vec<_>>(),
        ))
        .await?
        .check()?
        .rows(0)?;
    let mut by_report = std::collections::HashMap::<u64, Vec<UpdateRow>>::new();
    for row in rows {
        by_report.entry(row.report).or_default().push(row);
    }
    Ok(by_report)
}

/// The newest 1000 history entries of reports in public view in a time
/// window (RFC 3339, both inclusive), newest first.
pub async fn updates_between(db: &Db, from: &str, until: &str) -> Result<Vec<UpdateRow>> {
    db.query(format!(
        "SELECT {UPDATE_FIELDS} FROM defect_update
         WHERE at >= <datetime> $from AND at <= <datetime> $until
             AND type::record('defect_report', report).hidden = NONE
         ORDER BY at DESC, id DESC LIMIT 1000"
    ))
    .bind(("from", from.to_owned()))
    .bind(("until", until.to_owned()))
    .await?
    .check()?
    .rows(0)
}

/// A change of a report by the city, with its public history entry.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub status: DefectStatus,
    pub category: String,
    pub department: String,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

impl Change {
    /// A new status with its public answer; category and office stay.
    pub fn status(row: &ReportRow, status: DefectStatus, text: String) -> Self {
        Self {
            status,
            category: row.category.clone(),
            department: row.department.clone(),
            text,
            change: None,
            duplicate_of: None,
            external_id: None,
        }
    }
}

/// The history entry an Open311 client sent under this id before.
pub async fn update_by_external_id(db: &Db, external_id: &str) -> Result<Option<UpdateRow>> {
    db.query(format!(
        "SELECT {UPDATE_FIELDS} FROM defect_update WHERE external_id = $external LIMIT 1"
    ))
    .bind(("external", external_id.to_owned()))
    .await?
    .check()?
    .row(0)
}

/// Applies a change and answers the id of its history entry; closing sets
/// the closing time, reopening clears it.
pub async fn change(db: &Db, number: u64, change: &Change, author: Option<&str>) -> Result<String> {
    let update_id = uuid::Uuid::new_v4().simple().to_string();
    db.query(
        "BEGIN TRANSACTION;
         LET $report = type::record('defect_report', $number);
         UPDATE $report SET status = $change.status, category = $change.category,
             department = $change.department, duplicate_of = $change.duplicate_of ?? NONE,
             updated_at = time::now(),
             closed_at = IF $closed THEN closed_at ?? time::now() ELSE NONE END;
         CREATE type::record('defect_update', $update_id) CONTENT {
             report: $number, status: $change.status, text: $change.text, change: $change.change ?? NONE,
             department: $change.department, external_id: $change.external_id ?? NONE,
             author: IF $author_id = NONE THEN NONE ELSE type::record('account', $author_id) END
         };
         COMMIT TRANSACTION;",
    )
    .bind(("number", number as i64))
    .bind(("change", serde_json::to_value(change)?))
    .bind(("closed", !change.status.is_open()))
    .bind(("author_id", author.map(str::to_owned)))
    .bind(("update_id", update_id.clone()))
    .await
    .and_then(first_cause)?;
    crate::search::wrote();
    Ok(update_id)
}

/// Closes `duplicate` as a duplicate of `original`: its reporter and
/// followers follow the original, its anonymous "Ich auch" count moves over.
pub async fn merge(
    db: &Db,
    duplicate: u64,
    original: u64,
    closing: &Change,
    author: &str,
) -> Result<()> {
    db.query(
        "BEGIN TRANSACTION;
         LET $dup = type::record('defect_report', $duplicate);
         LET $author = type::record('account', $author_id);
         LET $people = array::union(
             (SELECT VALUE account FROM defect_follower WHERE report = $duplicate),
             IF $dup.reporter = NONE THEN [] ELSE [$dup.reporter] END
         );
         FOR $account IN $people {
             IF $account != (SELECT VALUE reporter FROM ONLY type::record('defect_report', $original)) {
                 UPSERT type::record('defect_follower', [$original, record::id($account)])
                     SET report = $original, account = $account;
             };
         };
         UPDATE type::record('defect_report', $original) SET
             affected += $dup.affected + IF $dup.reporter = NONE THEN 1 ELSE 0 END,
             updated_at = time::now();
         UPDATE $dup SET status = 'duplikat', duplicate_of = $original, updated_at = time::now(),
             closed_at = time::now();
         CREATE defect_update CONTENT {
             report: $duplicate, status: 'duplikat', text: $closing.text, change: $closing.change,
             department: $closing.department, author: $author
         };
         COMMIT TRANSACTION;",
    )
    .bind(("duplicate", duplicate as i64))
    .bind(("original", original as i64))
    .bind(("closing", serde_json::to_value(closing)?))
    .bind(("author_id", author.to_owned()))
    .await
    .and_then(first_cause)?;
    crate::search::wrote();
    Ok(())
}

/// "Ich auch" of a signed-in person; saying it twice changes nothing.
pub async fn follow(db: &Db, number: u64, account: &str) -> Result<()> {
    db.query(
        "UPSERT type::record('defect_follower', [$number, $account])
             SET report = $number, account = type::record('account', $account)",
    )
    .bind(("number", number as i64))
    .bind(("account", account.to_owned()))
    .await?
    .check()?;
    Ok(())
}

pub async fn unfollow(db: &Db, number: u64, account: &str) -> Result<()> {
    db.query("DELETE type::record('defect_follower', [$number, $account])")
        .bind(("number", number as i64))
        .bind(("account", account.to_owned()))
        .await?
        .check()?;
    Ok(())
}

pub async fn follows(db: &Db, number: u64, account: &str) -> Result<bool> {
    let found: Option<serde_json::Value> = db
        .query("SELECT VALUE id FROM ONLY type::record('defect_follower', [$number, $account])")
        .bind(("number", number as i64))
        .bind(("account", account.to_owned()))
        .await?
        .check()?
        .row(0)?;
    Ok(found.is_some())
}

/// "Ich auch" without an account only counts.
/// "Ich auch" without an account: counted once per client and report.
pub async fn count_affected(db: &Db, number: u64, client: &str) -> Result<()> {
    db.query(
        "BEGIN TRANSACTION;
         LET $said = type::record('defect_affected', [$number, $client]);
         IF !record::exists($said) {
             CREATE $said CONTENT { report: $number, client: $client };
             UPDATE type::record('defect_report', $number) SET affected += 1;
         };
         COMMIT TRANSACTION;",
    )
    .bind(("number", number as i64))
    .bind(("client", client.to_owned()))
    .await?
    .check()?;
    Ok(())
}

/// Who said "Ich auch" is needed only while the report is open.
pub async fn forget_affected_of_closed(db: &Db) -> Result<()> {
    db.query(
        "DELETE defect_affected
         WHERE type::record('defect_report', report).closed_at != NONE",
    )
    .await?
    .check()?;
    Ok(())
}

pub async fn save_photo(
    db: &Db,
    id: &str,
    claim: &str,
    uploader: &str,
    photo: Processed,
) -> Result<()> {
    db.query(
        "BEGIN TRANSACTION;
         CREATE type::record('defect_photo', $id) CONTENT { display: $display, thumbnail: $thumbnail };
         CREATE type::record('defect_photo_info', $id) CONTENT {
             claim: $claim, uploader: $uploader, width: $width, height: $height
         };
         COMMIT TRANSACTION;",
    )
    .bind(("id", id.to_owned()))
    .bind(("uploader", uploader.to_owned()))
    .bind(("claim", claim.to_owned()))
    .bind(("display", surrealdb::types::Bytes::from(photo.display.jpeg)))
    .bind((
        "thumbnail",
        surrealdb::types::Bytes::from(photo.thumbnail.jpeg),
    ))
    .bind(("width", i64::from(photo.display.width)))
    .bind(("height", i64::from(photo.display.height)))
    .await?
    .check()?;
    Ok(())
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct PhotoSize {
    pub width: u32,
    pub height: u32,
}

pub async fn photo_size(db: &Db, id: &str) -> Result<Option<PhotoSize>> {
    db.query("SELECT width, height FROM ONLY type::record('defect_photo_info', $id)")
        .bind(("id", id.to_owned()))
        .await?
        .check()?
        .row(0)
}

/// The JPEG of a photo in one size: the thumbnail or the display size.
pub async fn photo(db: &Db, id: &str, thumbnail: bool) -> Result<Option<Vec<u8>>> {
    let bytes: Option<surrealdb::types::Bytes> = db
        .query(format!(
            "SELECT VALUE {} FROM ONLY type::record('defect_photo', $id)",
            if thumbnail { "thumbnail" } else { "display" }
        ))
        .bind(("id", id.to_owned()))
        .await?
        .check()?
        .take(0)?;
    Ok(bytes.map(|bytes| bytes.into_inner().to_vec()))
}

/// Who may see a stored photo: everyone, unless its report was taken out
/// of public view.
#[derive(Debug, Deserialize)]
pub struct PhotoAudience {
    pub hidden: bool,
    /// The account that sent the photo's report.
    pub reporter: Option<String>,
}

/// `None` when there is no such photo (any more).
pub async fn photo_audience(db: &Db, id: &str) -> Result<Option<PhotoAudience>> {
    db.query(
        "LET $info = SELECT report FROM ONLY type::record('defect_photo_info', $id);
         LET $report = IF $info.report = NONE THEN NONE
             ELSE (SELECT hidden, reporter FROM ONLY type::record('defect_report', $info.report)) END;
         RETURN IF $info = NONE THEN NONE ELSE {
             hidden: $report.hidden != NONE,
             reporter: IF $report.reporter = NONE THEN NONE ELSE record::id($report.reporter) END
         } END;",
    )
    .bind(("id", id.to_owned()))
    .await?
    .check()?
    .last_row()
}

/// Uploads nobody sent a report with are removed after two hours.
pub async fn forget_unclaimed_photos(db: &Db) -> Result<()> {
    db.query(
        "BEGIN TRANSACTION;
         LET $unclaimed = SELECT VALUE record::id(id) FROM defect_photo_info
             WHERE report = NONE AND created_at < time::now() - 2h;
         FOR $id IN $unclaimed {
             DELETE type::record('defect_photo', $id);
             DELETE type::record('defect_photo_info', $id);
         };
         COMMIT TRANSACTION;",
    )
    .await?
    .check()?;
    Ok(())
}

/// Uploads that no report has taken yet, of this client and of all.
pub async fn unclaimed_photos(db: &Db, uploader: &str) -> Result<(u64, u64)> {
    let mut counts = db
        .query(
            "SELECT count() FROM defect_photo_info
             WHERE uploader = $uploader AND report = NONE GROUP ALL;
             SELECT count() FROM defect_photo_info WHERE report = NONE GROUP ALL;",
        )
        .bind(("uploader", uploader.to_owned()))
        .await?
        .check()?;
    Ok((counts.count(0)?, counts.count(1)?))
}

/// Moves a report `days` into the past, its history spread evenly over the
/// time since and its closing time to its last entry. For the demo city only.
pub async fn move_back(db: &Db, number: u64, days: u32) -> Result<()> {
    let history = updates(db, number).await?;
    let now = chrono::Utc::now();
    let created = now - chrono::Duration::days(days.into());
    let step = (now - created) / (history.len().max(1) as i32);
    let times: Vec<(String, String)> = history
        .iter()
        .enumerate()
        .map(|(i, update)| (update.id.clone(), (created + step * i as i32).to_rfc3339()))
        .collect();
    let last = times
        .last()
        .map_or(created.to_rfc3339(), |(_, at)| at.clone());
    db.query(
        "FOR $entry IN $times {
             UPDATE type::record('defect_update', $entry[0]) SET at = <datetime> $entry[1];
         };
         UPDATE type::record('defect_report', $number) SET created_at = <datetime> $created,
             updated_at = <datetime> $last,
             closed_at = IF closed_at = NONE THEN NONE ELSE <datetime> $last END;",
    )
    .bind(("times", serde_json::to_value(&times)?))
    .bind(("number", number as i64))
    .bind(("created", created.to_rfc3339()))
    .bind(("last", last))
    .await?
    .check()?;
    Ok(())
}

/// Reports sent with an account, oldest first, for its data export.
pub async fn reports_of(db: &Db, account: &str) -> Result<Vec<ReportRow>> {
    db.query(format!(
        "SELECT {REPORT_FIELDS} FROM defect_report WHERE reporter = type::record('account', $account) ORDER BY number"
    ))
    .bind(("account", account.to_owned()))
    .await?
    .check()?
    .rows(0)
}

pub async fn followed_by(db: &Db, account: &str) -> Result<Vec<u64>> {
    db.query("SELECT VALUE report FROM defect_follower WHERE account = type::record('account', $account) ORDER BY report")
        .bind(("account", account.to_owned()))
        .await?
        .check()?
        .rows(0)
}

/// An erased account's name and e-mail leave its reports (which stay, as
/// anonymous ones), and it follows nothing any more.
pub async fn forget_account(db: &Db, account: &str) -> Result<()> {
    db.query(
        "BEGIN TRANSACTION;
         LET $account = type::record('account', $account_id);
         UPDATE defect_report SET reporter_name = NONE, contact = NONE, name_public = false WHERE reporter = $account;
         DELETE defect_follower WHERE account = $account;
         COMMIT TRANSACTION;",
    )
    .bind(("account_id", account.to_owned()))
    .await
    .and_then(first_cause)?;
    Ok(())
}

/// Places whose name contains `query` (lower case), shortest names first.
pub async fn places(db: &Db, query: &str, limit: usize) -> Result<Vec<Place>> {
    db.query(
        "SELECT name, location, string::len(name) AS length FROM defect_place
         WHERE string::contains(search, $query) ORDER BY length, name LIMIT $limit",
    )
    .bind(("query", query.to_owned()))
    .bind(("limit", limit as i64))
    .await?
    .check()?
    .rows(0)
}

/// Replaces the whole register, all or nothing.
pub async fn replace_places(db: &Db, places: &[Place]) -> Result<()> {
    let rows: Vec<serde_json::Value> = places
        .iter()
        .map(|p| serde_json::json!({ "name": p.name, "search": p.name.to_lowercase(), "location": p.location }))
        .collect();
    db.query(
        "BEGIN TRANSACTION;
         DELETE defect_place;
         INSERT INTO defect_place $rows;
         COMMIT TRANSACTION;",
    )
    .bind(("rows", serde_json::Value::Array(rows)))
    .await
    .and_then(first_cause)?;
    Ok(())
}

/// Deletes the e-mail addresses of reports closed more than `days` ago;
/// answers how many.
pub async fn forget_contacts(db: &Db, days: u32) -> Result<u64> {
    let forgotten: Vec<serde_json::Value> = db
        .query(
            "UPDATE defect_report SET contact = NONE
             WHERE contact != NONE AND closed_at != NONE AND closed_at < time::now() - <duration> $period
             RETURN VALUE number",
        )
        .bind(("period", format!("{days}d")))
        .await?
        .check()?
        .rows(0)?;
    Ok(forgotten.len() as u64)
}

/// Takes a report out of public view (with the reason) or shows it again.
pub async fn set_hidden(db: &Db, number: u64, reason: Option<&str>) -> Result<()> {
    db.query("UPDATE type::record('defect_report', $number) SET hidden = $reason ?? NONE")
        .bind(("number", number as i64))
        .bind(("reason", reason.map(str::to_owned)))
        .await?
        .check()?;
    crate::search::wrote();
    Ok(())
}

/// Removes one photo of a report for good; false if the report has no such photo.
pub async fn remove_photo(db: &Db, number: u64, id: &str) -> Result<bool> {
    let removed: Option<bool> = db
        .query(
            "BEGIN TRANSACTION;
             LET $report = type::record('defect_report', $number);
             LET $had = $id IN $report.photos;
             IF $had {
                 UPDATE $report SET photos = array::complement(photos, [$id]);
                 DELETE type::record('defect_photo', $id);
                 DELETE type::record('defect_photo_info', $id);
             };
             COMMIT TRANSACTION;
             RETURN $had;",
        )
        .bind(("number", number as i64))
        .bind(("id", id.to_owned()))
        .await?
        .check()?
        .last_row()?;
    Ok(removed.unwrap_or(false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{db, defects::photos::Rendition};

    fn tiny_photo() -> Processed {
        let rendition = |jpeg: &[u8]| Rendition {
            jpeg: jpeg.to_vec(),
            width: 4,
            height: 3,
        };
        Processed {
            display: rendition(b"display"),
            thumbnail: rendition(b"thumbnail"),
        }
    }

    #[tokio::test]
    async fn unclaimed_photos_are_forgotten_after_two_hours_with_their_jpegs() {
        let db = db::connect(&db::DbConfig::default()).await.unwrap();
        crate::migrate::run(&db).await.unwrap();
        save_photo(&db, "alt", "c1", "client", tiny_photo())
            .await
            .unwrap();
        save_photo(&db, "frisch", "c2", "client", tiny_photo())
            .await
            .unwrap();
        db.query("UPDATE defect_photo_info:alt SET created_at = time::now() - 3h")
            .await
            .unwrap()
            .check()
            .unwrap();

        forget_unclaimed_photos(&db).await.unwrap();
        assert_eq!(photo(&db, "alt", true).await.unwrap(), None);
        assert!(photo_size(&db, "alt").await.unwrap().is_none());
        assert_eq!(
            photo(&db, "frisch", false).await.unwrap(),
            Some(b"display".to_vec())
        );
        assert_eq!(unclaimed_photos(&db, "client").await.unwrap(), (1, 1));
    }
}
