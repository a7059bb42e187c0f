//! The only code that reads and writes the `city` and `district` tables.

use serde::Serialize;
use shared::city::{City, District, Figure, FigureKey};

use crate::{
    db::{Db, from_row},
    error::Result,
};

/// The profile record; an installation serves exactly one city.
const PROFILE: &str = "profile";

#[derive(Serialize)]
struct ProfileRow<'a> {
    name: &'a str,
    official_name: &'a str,
    ags: &'a str,
    population: u64,
    area_km2: f64,
    operator: &'a shared::city::Operator,
}

/// Stores the city profile and replaces its districts, all or nothing.
pub async fn save(db: &Db, city: &City) -> Result<()> {
    let profile = ProfileRow {
        name: &city.name,
        official_name: &city.official_name,
        ags: &city.ags,
        population: city.population,
        area_km2: city.area_km2,
        operator: &city.operator,
    };
    let districts: Vec<serde_json::Value> = city
        .districts
        .iter()
        .enumerate()
        .map(|(position, district)| {
            serde_json::json!({ "key": district.key, "name": district.name, "population": district.population, "position": position })
        })
        .collect();
    db.query(
        "BEGIN TRANSACTION;
         UPSERT type::record('city', $id) CONTENT $profile;
         DELETE district;
         FOR $district IN $districts { CREATE district CONTENT $district; };
         COMMIT TRANSACTION;",
    )
    .bind(("id", PROFILE))
    .bind(("profile", serde_json::to_value(profile)?))
    .bind(("districts", serde_json::Value::Array(districts)))
    .await?
    .check()?;
    Ok(())
}

/// The city profile, or `None` before the installation is configured.
pub async fn load(db: &Db) -> Result<Option<City>> {
    let mut response = db
        .query(
            "SELECT name, official_name, ags, population, area_km2, operator FROM type::record('city', $id);
             SELECT key, name, population, position FROM district ORDER BY position;",
        )
        .bind(("id", PROFILE))
        .await?
        .check()?;
    let profile: Option<serde_json::Value> = response.take(0)?;
    let Some(mut profile) = profile else {
        return Ok(None);
    };
    let districts: Vec<serde_json::Value> = response.take(1)?;
    let districts = districts
        .into_iter()
        .map(from_row::<District>)
        .collect::<Result<Vec<_>>>()?;
    profile["districts"] = serde_json::to_value(districts)?;
    Ok(Some(from_row(profile)?))
}

pub async fn is_configured(db: &Db) -> Result<bool> {
    Ok(load(db).await?.is_some())
}

/// The city's own figures for the start page.
pub async fn figures(db: &Db) -> Result<Vec<Figure>> {
    let Some(city) = load(db).await? else {
        return Ok(Vec::new());
    };
    Ok(vec![
        Figure {
            key: FigureKey::Population,
            value: city.population as f64,
        },
        Figure {
            key: FigureKey::Districts,
            value: city.districts.len() as f64,
        },
        Figure {
            key: FigureKey::AreaKm2,
            value: city.area_km2,
        },
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{city::demo, db, migrate};

    async fn migrated_db() -> Db {
        let db = db::connect(&db::DbConfig::default()).await.unwrap();
        migrate::run(&db).await.unwrap();
        db
    }

    #[tokio::test]
    async fn round_trips_the_profile_with_ordered_districts() {
        let db = migrated_db().await;
        assert_eq!(load(&db).await.unwrap(), None);
        let city = demo::muenster();
        save(&db, &city).await.unwrap();
        assert_eq!(load(&db).await.unwrap(), Some(city));
    }

    #[tokio::test]
    async fn schema_refuses_an_invalid_ags_and_keeps_what_was_stored() {
        let db = migrated_db().await;
        let city = demo::muenster();
        save(&db, &city).await.unwrap();
        let mut broken = city.clone();
        broken.ags = "55A".into();
        broken.districts.truncate(1);
        assert!(save(&db, &broken).await.is_err());
        assert_eq!(load(&db).await.unwrap(), Some(city));
    }

    #[tokio::test]
    async fn figures_come_from_the_stored_city() {
        let db = migrated_db().await;
        assert!(figures(&db).await.unwrap().is_empty());
        save(&db, &demo::muenster()).await.unwrap();
        let figures = figures(&db).await.unwrap();
        let districts = figures
            .iter()
            .find(|f| f.key == FigureKey::Districts)
            .unwrap();
        assert_eq!(districts.value, 6.0);
    }
}
