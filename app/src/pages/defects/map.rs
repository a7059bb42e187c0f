//! The Leaflet map of `static/maengelmelder.js`, driven from Rust through
//! `document::eval`. The map is an addition: every screen with a map also
//! lists the same reports or offers other ways to set a point.

use dioxus::prelude::*;
use serde::Serialize;
use shared::{defects::DefectSetup, geo::GeoPoint};

#[derive(Serialize)]
struct View<'a> {
    lat: f64,
    lon: f64,
    zoom: u8,
    tiles: &'a str,
    attribution: &'a str,
    outline: &'a [[f64; 2]],
}

/// A report on the map.
#[derive(Serialize)]
pub struct Marker {
    pub number: u64,
    pub lat: f64,
    pub lon: f64,
    pub label: String,
}

fn view(setup: &DefectSetup) -> String {
    serde_json::to_string(&View {
        lat: setup.centre.lat,
        lon: setup.centre.lon,
        zoom: 12,
        tiles: &setup.tile_url,
        attribution: &setup.tile_attribution,
        outline: &setup.boundary.outline,
    })
    .unwrap_or_default()
}

/// Shows the city with these reports in the element `id`.
pub async fn show_reports(id: &'static str, setup: &DefectSetup, markers: &[Marker]) {
    let markers = serde_json::to_string(markers).unwrap_or_default();
    let script = format!(
        "await dsDefects.show({id:?}, {}); dsDefects.markers({id:?}, {markers});",
        view(setup)
    );
    let _ = document::eval(&script).await;
}

/// Shows the city in `id` and reports every tap as the new point, until
/// the page goes away.
pub async fn pick_points(id: &'static str, setup: &DefectSetup, mut picked: impl FnMut(GeoPoint)) {
    let script = format!(
        "await dsDefects.show({id:?}, {}); dsDefects.pick({id:?}, (lat, lon) => dioxus.send([lat, lon])); await new Promise(() => {{}});",
        view(setup)
    );
    let mut eval = document::eval(&script);
    while let Ok((lat, lon)) = eval.recv::<(f64, f64)>().await {
        picked(GeoPoint { lat, lon });
    }
}

/// Moves the pin of the map in `id` to a point set another way.
pub fn place_pin(id: &'static str, point: GeoPoint) {
    document::eval(&format!(
        "dsDefects.place({id:?}, {}, {}, true);",
        point.lat, point.lon
    ));
}

/// The GPS position in the first chosen photo of the file input `id`.
pub async fn photo_position(input: &'static str) -> Option<GeoPoint> {
    let found = document::eval(&format!("return await dsDefects.gps({input:?});"))
        .await
        .ok()?;
    serde_json::from_value::<Option<GeoPoint>>(found)
        .ok()
        .flatten()
}

/// How many files are chosen in the file input `id`.
pub async fn chosen_files(input: &'static str) -> usize {
    document::eval(&format!("return dsDefects.count({input:?});"))
        .await
        .ok()
        .and_then(|n| n.as_u64())
        .unwrap_or_default() as usize
}

/// What the server answered to an upload.
pub struct Uploaded {
    pub status: u16,
    pub body: String,
}

/// Uploads file `index` of the input `id`, reporting percent done.
pub async fn upload(input: &'static str, index: usize, mut progress: impl FnMut(u8)) -> Uploaded {
    let mut eval = document::eval(&format!(
        "const answer = await dsDefects.upload({input:?}, {index}, (p) => dioxus.send(p)); dioxus.send(answer);"
    ));
    loop {
        match eval.recv::<serde_json::Value>().await {
            Ok(serde_json::Value::Number(percent)) => {
                progress(percent.as_u64().unwrap_or_default().min(100) as u8)
            }
            Ok(answer) => {
                return Uploaded {
                    status: answer["status"].as_u64().unwrap_or_default() as u16,
                    body: answer["body"].as_str().unwrap_or_default().to_owned(),
                };
            }
            Err(_) => {
                return Uploaded {
                    status: 0,
                    body: String::new(),
                };
            }
        }
    }
}
