//! Loads the demo city. Every domain that has demo data is called from here,
//! so `digitale-stadt seed` and `serve --demo` produce the same city.

use crate::{budget, city, consultations, council, db::Db, defects, error::Result, polls};

/// Seeds the demo city (its council `scale` times the usual size) unless the installation already has a city; returns
/// whether it seeded. Existing data is never overwritten.
pub async fn demo_if_empty(db: &Db, scale: u64) -> Result<bool> {
    if city::is_configured(db).await? {
        return Ok(false);
    }
    let city = city::demo::muenster();
    city::save(db, &city).await?;
    council::demo::seed_if_empty(db, &city, scale).await?;
    budget::demo::seed_if_empty(db, &city).await?;
    defects::demo::seed_if_empty(db).await?;
    let districts: Vec<String> = city.districts.iter().map(|d| d.key.clone()).collect();
    polls::demo::seed_if_empty(db, &districts).await?;
    consultations::demo::seed_if_empty(db).await?;
    tracing::info!("demo city loaded");
    Ok(true)
}
