//! The city profile, loaded once per visit and shared by header, start page
//! and legal pages.

use dioxus::prelude::*;
use shared::city::City;

use crate::api::{self, ApiError};

pub type CityResource = Resource<Result<City, ApiError>>;

/// Starts loading the profile; called once by the app root.
pub fn provide_city() {
    let city: CityResource = use_resource(|| api::get::<City>("/api/v1/city"));
    use_context_provider(|| city);
}

pub fn use_city() -> CityResource {
    use_context::<CityResource>()
}

/// The city's short name once it is known.
pub fn use_city_name() -> Memo<Option<String>> {
    let city = use_city();
    use_memo(move || match &*city.read() {
        Some(Ok(city)) => Some(city.name.clone()),
        _ => None,
    })
}
