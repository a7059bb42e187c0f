pub mod accounts;
pub mod budget;
pub mod consultations;
pub mod council;
pub mod defects;
pub mod home;
pub mod legal;
pub mod not_found;
pub mod polls;
pub mod search;

/// OpenStreetMap centred on a point. Places are linked, not shown on an
/// embedded map: no tiles are loaded from a third party unless the reader
/// follows the link.
pub fn openstreetmap(lat: f64, lon: f64) -> String {
    format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}")
}
