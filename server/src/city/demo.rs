//! The demo city: Münster with its six Stadtbezirke. Population figures are
//! rounded demo values, not official statistics.

use shared::city::{City, District, Operator};

pub fn muenster() -> City {
    let districts = [
        ("mitte", "Münster-Mitte", 126_612),
        ("nord", "Münster-Nord", 41_212),
        ("ost", "Münster-Ost", 28_930),
        ("west", "Münster-West", 57_860),
        ("suedost", "Münster-Südost", 32_148),
        ("hiltrup", "Münster-Hiltrup", 34_184),
    ]
    .into_iter()
    .map(|(key, name, population)| District {
        key: key.into(),
        name: name.into(),
        population,
    })
    .collect::<Vec<_>>();
    City {
        name: "Münster".into(),
        official_name: "Stadt Münster (Demo-Installation)".into(),
        ags: "05515000".into(),
        population: districts.iter().map(|d| d.population).sum(),
        area_km2: 303.28,
        districts,
        operator: Operator {
            name: "Stadt Münster – Demo-Installation der Digitalen Stadt".into(),
            address: vec!["Klemensstraße 10".into(), "48143 Münster".into()],
            email: "beteiligung@muenster.example".into(),
            phone: "+49 251 492-0".into(),
            represented_by: "Der Oberbürgermeister".into(),
            privacy_officer_email: "datenschutz@muenster.example".into(),
            accessibility_email: "barrierefreiheit@muenster.example".into(),
        },
    }
}
