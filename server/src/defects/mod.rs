//! Mängelmelder: citizens report defects in public space with photos and a
//! location; the city routes, fixes and answers them in public. Open311
//! (`crate::open311`) reads and writes reports only through the functions
//! exported here.

pub mod demo;
mod exports;
mod indexed;
mod intake;
pub mod photos;
mod routes;
mod store;
mod time;
mod views;

use clap::Args;

pub use indexed::Indexed;
pub use intake::{Channel, Submission, submit};
pub use routes::router;
pub use store::{Change, ReportRow, Selection, UpdateRow};
pub use views::Catalogue;

use shared::defects::{DefectCategory, OwnReport};

use crate::{db::Db, error::Result};

/// Maps, address search and photo limits of the Mängelmelder.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Map tiles as a `{z}/{x}/{y}` URL template; empty for no background map
    /// (markers and the list still work).
    #[arg(
        long,
        env = "DS_MAP_TILES",
        default_value = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    )]
    pub map_tiles: String,

    /// Attribution shown on the map, as the tile provider requires.
    #[arg(
        long,
        env = "DS_MAP_ATTRIBUTION",
        default_value = "© OpenStreetMap-Mitwirkende"
    )]
    pub map_attribution: String,

    /// Largest photo accepted for a defect report, in bytes.
    #[arg(long, env = "DS_PHOTO_LIMIT", default_value_t = 15 * 1024 * 1024)]
    pub photo_limit: usize,

    /// Photos with more pixels are refused before decoding.
    #[arg(long, env = "DS_PHOTO_MAX_PIXELS", default_value_t = 50_000_000)]
    pub photo_max_pixels: u64,

    /// Uploaded photos one client (address) may have waiting for their
    /// report; uploads no report takes are deleted after two hours. Mobile
    /// networks put many people behind one address, hence the room.
    #[arg(long, env = "DS_PENDING_PHOTOS_PER_CLIENT", default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..))]
    pub pending_photos_per_client: u64,

    /// Uploaded photos all clients together may have waiting: the storage
    /// such uploads can take, against someone with many addresses.
    #[arg(long, env = "DS_PENDING_PHOTOS_TOTAL", default_value_t = 20_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub pending_photos_total: u64,

    /// Days after a report is closed until the reporter's e-mail address,
    /// kept for questions and feedback, is deleted (data minimisation).
    #[arg(long, env = "DS_CONTACT_RETENTION_DAYS", default_value_t = 90)]
    pub contact_retention_days: u32,

    /// The Open311 `jurisdiction_id` this server answers to (optional in requests).
    #[arg(
        long,
        env = "DS_OPEN311_JURISDICTION",
        default_value = "digitale-stadt"
    )]
    pub jurisdiction: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            map_tiles: String::new(),
            map_attribution: String::new(),
            photo_limit: 15 * 1024 * 1024,
            photo_max_pixels: 50_000_000,
            pending_photos_per_client: 50,
            pending_photos_total: 20_000,
            contact_retention_days: 90,
            jurisdiction: "digitale-stadt".into(),
        }
    }
}

/// Deletes what is no longer needed, every ten minutes: uploads no report
/// took, who said "Ich auch" to reports now closed, and reporters' e-mail
/// addresses once their report has been closed for the retention period.
pub async fn housekeeping(db: Db, contact_retention_days: u32) {
    let mut interval = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        interval.tick().await;
        if let Err(err) = store::forget_unclaimed_photos(&db).await {
            tracing::warn!(error = %err, "cannot delete unclaimed photos");
        }
        if let Err(err) = store::forget_affected_of_closed(&db).await {
            tracing::warn!(error = %err, "cannot delete the \"Ich auch\" of closed reports");
        }
        match forget_old_contacts(&db, contact_retention_days).await {
            Ok(0) => {}
            Ok(forgotten) => {
                tracing::info!(forgotten, "e-mail addresses of closed reports deleted")
            }
            Err(err) => tracing::warn!(error = %err, "cannot delete old e-mail addresses"),
        }
    }
}

/// Deletes the e-mail addresses of reports closed more than `days` ago;
/// answers how many.
pub async fn forget_old_contacts(db: &Db, days: u32) -> Result<u64> {
    store::forget_contacts(db, days).await
}

/// At most this many photos per report.
pub const MAX_PHOTOS: usize = 5;

pub async fn categories(db: &Db) -> Result<Vec<DefectCategory>> {
    store::categories(db).await
}

pub async fn categories_changed(db: &Db) -> Result<Option<String>> {
    store::categories_changed(db).await
}

pub async fn report(db: &Db, number: u64) -> Result<Option<ReportRow>> {
    store::report(db, number).await
}

pub async fn report_by_token(db: &Db, token: &str) -> Result<Option<ReportRow>> {
    store::report_by_token(db, token).await
}

pub async fn reports(db: &Db, selection: &Selection) -> Result<Vec<ReportRow>> {
    store::reports(db, selection).await
}

/// The histories of these reports by number, each oldest first.
pub async fn histories(
    db: &Db,
    numbers: &[u64],
) -> Result<std::collections::HashMap<u64, Vec<UpdateRow>>> {
    store::updates_of(db, numbers).await
}

pub async fn history_between(db: &Db, from: &str, until: &str) -> Result<Vec<UpdateRow>> {
    store::updates_between(db, from, until).await
}

/// A status change from outside (an Open311 client of the city); answers
/// the id of the new history entry.
pub async fn apply_change(db: &Db, number: u64, change: &Change) -> Result<String> {
    store::change(db, number, change, None).await
}

/// The history entry an outside system already sent under its own id.
pub async fn update_by_external_id(db: &Db, external_id: &str) -> Result<Option<UpdateRow>> {
    store::update_by_external_id(db, external_id).await
}

/// The Mängelmelder's part of a person's data: the reports they sent, with
/// the name and e-mail given, and those they follow.
pub struct Privacy;

impl crate::privacy::PersonalData for Privacy {
    fn export<'a>(
        &'a self,
        db: &'a Db,
        account: &'a str,
        export: &'a mut shared::accounts::DataExport,
    ) -> futures_util::future::BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            export.defect_reports = reports_of(db, account).await?;
            export.followed_defect_reports = store::followed_by(db, account).await?;
            Ok(())
        })
    }

    /// The name and e-mail given with reports, and whom the account follows.
    fn erase<'a>(
        &'a self,
        db: &'a Db,
        account: &'a str,
    ) -> futures_util::future::BoxFuture<'a, Result<()>> {
        Box::pin(store::forget_account(db, account))
    }
}

async fn reports_of(db: &Db, account: &str) -> Result<Vec<OwnReport>> {
    Ok(store::reports_of(db, account)
        .await?
        .into_iter()
        .map(|row| OwnReport {
            number: row.number,
            category: row.category,
            status: row.status,
            location: row.location,
            address: row.address,
            description: row.description,
            name: row.reporter_name,
            email: row.contact,
            created: crate::clock::german_iso(&row.created_at),
        })
        .collect())
}

/// Public addresses of a report's photos, display size.
pub fn photo_url(id: &str) -> String {
    views::photo_urls(id).1
}

pub use time::expected_by;
pub use views::absolute as absolute_url;
