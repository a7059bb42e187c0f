//! The Leaflet map of `static/maengelmelder.js`, driven from Rust by calls
//! into its `dsDefects` object. The map is an addition: every screen with a map also
//! lists the same reports or offers other ways to set a point.

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

fn view(setup: &DefectSetup) -> View<'_> {
    View {
        lat: setup.centre.lat,
        lon: setup.centre.lon,
        zoom: 12,
        tiles: &setup.tile_url,
        attribution: &setup.tile_attribution,
        outline: &setup.boundary.outline,
    }
}

/// Shows the city with these reports in the element `id`.
pub async fn show_reports(id: &'static str, setup: &DefectSetup, markers: &[Marker]) {
    js::show(id, &view(setup)).await;
    js::call("markers", &[js::text(id), js::json(markers)]);
}

/// Shows the city in `id` and reports every tap as the new point, until
/// the page goes away.
pub async fn pick_points(id: &'static str, setup: &DefectSetup, picked: impl FnMut(GeoPoint)) {
    js::show(id, &view(setup)).await;
    js::pick(id, picked).await;
}

/// Moves the pin of the map in `id` to a point set another way.
pub fn place_pin(id: &'static str, point: GeoPoint) {
    js::call(
        "place",
        &[
            js::text(id),
            js::json(&point.lat),
            js::json(&point.lon),
            js::json(&true),
        ],
    );
}

/// The GPS position in the first chosen photo of the file input `id`.
pub async fn photo_position(input: &'static str) -> Option<GeoPoint> {
    let found = js::answer("gps", &[js::text(input)]).await?;
    serde_json::from_value::<Option<GeoPoint>>(found)
        .ok()
        .flatten()
}

/// How many files are chosen in the file input `id`.
pub async fn chosen_files(input: &'static str) -> usize {
    js::answer("count", &[js::text(input)])
        .await
        .and_then(|n| n.as_u64())
        .unwrap_or_default() as usize
}

/// What the server answered to an upload.
pub struct Uploaded {
    pub status: u16,
    pub body: String,
}

/// Uploads file `index` of the input `id`, reporting percent done.
pub async fn upload(input: &'static str, index: usize, progress: impl FnMut(u8)) -> Uploaded {
    let answer = js::upload(input, index, progress).await.unwrap_or_default();
    Uploaded {
        status: answer["status"].as_u64().unwrap_or_default() as u16,
        body: answer["body"].as_str().unwrap_or_default().to_owned(),
    }
}

/// The calls into `dsDefects`, made as plain function calls: the content
/// security policy allows no `eval`, which `document::eval` needs.
#[cfg(target_arch = "wasm32")]
mod js {
    use futures_util::StreamExt;
    use serde::Serialize;
    use shared::geo::GeoPoint;
    use wasm_bindgen::{JsCast, JsValue, closure::Closure};
    use wasm_bindgen_futures::JsFuture;

    pub fn text(value: &str) -> JsValue {
        JsValue::from_str(value)
    }

    pub fn json(value: &(impl Serialize + ?Sized)) -> JsValue {
        serde_json::to_string(value)
            .ok()
            .and_then(|text| js_sys::JSON::parse(&text).ok())
            .unwrap_or(JsValue::NULL)
    }

    fn from_js(value: &JsValue) -> Option<serde_json::Value> {
        let text = js_sys::JSON::stringify(value).ok()?.as_string()?;
        serde_json::from_str(&text).ok()
    }

    /// `dsDefects[method](...args)`; `None` if the script is not loaded.
    pub fn call(method: &str, args: &[JsValue]) -> Option<JsValue> {
        let window = web_sys::window()?;
        let defects = js_sys::Reflect::get(&window, &"dsDefects".into()).ok()?;
        let function: js_sys::Function = js_sys::Reflect::get(&defects, &method.into())
            .ok()?
            .dyn_into()
            .ok()?;
        let args: js_sys::Array = args.iter().collect();
        function.apply(&defects, &args).ok()
    }

    /// The call's answer, awaited if it is a promise, as JSON.
    pub async fn answer(method: &str, args: &[JsValue]) -> Option<serde_json::Value> {
        let answer = settled(call(method, args)?).await?;
        from_js(&answer)
    }

    async fn settled(value: JsValue) -> Option<JsValue> {
        match value.dyn_into::<js_sys::Promise>() {
            Ok(promise) => JsFuture::from(promise).await.ok(),
            Err(value) => Some(value),
        }
    }

    pub async fn show(id: &str, view: &super::View<'_>) {
        if let Some(shown) = call("show", &[text(id), json(view)]) {
            settled(shown).await;
        }
    }

    /// Hands every tap on the map to `picked` for as long as this future
    /// lives; the callback goes when the page's task is dropped.
    pub async fn pick(id: &str, mut picked: impl FnMut(GeoPoint)) {
        let (taps, mut tapped) = futures_channel::mpsc::unbounded();
        let on_tap = Closure::<dyn FnMut(f64, f64)>::new(move |lat, lon| {
            let _ = taps.unbounded_send(GeoPoint { lat, lon });
        });
        call("pick", &[text(id), on_tap.as_ref().clone()]);
        while let Some(point) = tapped.next().await {
            picked(point);
        }
        drop(on_tap);
    }

    pub async fn upload(
        input: &str,
        index: usize,
        mut progress: impl FnMut(u8),
    ) -> Option<serde_json::Value> {
        enum Step {
            Progress(u8),
            Answer(Option<JsValue>),
        }
        let (steps, mut stepped) = futures_channel::mpsc::unbounded();
        let on_progress = {
            let steps = steps.clone();
            Closure::<dyn FnMut(f64)>::new(move |percent: f64| {
                let _ = steps.unbounded_send(Step::Progress(percent.clamp(0.0, 100.0) as u8));
            })
        };
        let started = call(
            "upload",
            &[text(input), json(&index), on_progress.as_ref().clone()],
        )?;
        wasm_bindgen_futures::spawn_local(async move {
            let _ = steps.unbounded_send(Step::Answer(settled(started).await));
        });
        while let Some(step) = stepped.next().await {
            match step {
                Step::Progress(percent) => progress(percent),
                Step::Answer(answer) => return answer.as_ref().and_then(from_js),
            }
        }
        None
    }
}

/// Outside the browser (server-side rendering in tests) there is no map.
#[cfg(not(target_arch = "wasm32"))]
mod js {
    use serde::Serialize;
    use shared::geo::GeoPoint;

    pub struct Nothing;

    pub fn text(_: &str) -> Nothing {
        Nothing
    }
    pub fn json(_: &(impl Serialize + ?Sized)) -> Nothing {
        Nothing
    }
    pub fn call(_: &str, _: &[Nothing]) {}
    pub async fn answer(_: &str, _: &[Nothing]) -> Option<serde_json::Value> {
        None
    }
    pub async fn show(_: &str, _: &super::View<'_>) {}
    pub async fn pick(_: &str, _: impl FnMut(GeoPoint)) {}
    pub async fn upload(_: &str, _: usize, _: impl FnMut(u8)) -> Option<serde_json::Value> {
        None
    }
}
