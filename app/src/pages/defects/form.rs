use std::collections::BTreeMap;

use dioxus::prelude::*;
use shared::{
    api::ApiErrorBody,
    defects::{
        DefectCategory, DefectReport, DefectSetup, NearbyReport, PhotoClaim, Place, QuestionKind,
        ReportDraft, UploadedPhoto,
    },
    geo::GeoPoint,
};

use super::{API, Select, StatusBadge, load_setup, map, remember};
use crate::{
    api::{self, ApiError},
    browser,
    components::{Notice, PageHeading, TextField, loaded},
    i18n::{Lang, use_lang},
    routes::Route,
};

const MAP: &str = "melde-karte";
const PHOTOS: &str = "melde-fotos";

/// How the point was set, said back to the person.
#[derive(Clone, Copy, PartialEq)]
enum Source {
    Map,
    Device,
    Photo,
    Address,
}

/// The report form, phone first: category, photos (their GPS position is
/// offered as the point), the point on the map, from the device or from the
/// city's street register by typing, the
/// description and the category's questions, optional contact. Open reports
/// of the same kind nearby are shown before sending, with "Ich auch".
#[component]
pub fn MangelMelden() -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let setup = use_resource(load_setup);
    let mut group = use_signal(String::new);
    let mut category = use_signal(String::new);
    let mut photos = use_signal(Vec::<UploadedPhoto>::new);
    let mut progress = use_signal(|| None::<u8>);
    let mut location = use_signal(|| None::<(GeoPoint, Source)>);
    let mut address = use_signal(String::new);
    let mut found_places = use_signal(|| None::<Vec<Place>>);
    let mut description = use_signal(String::new);
    let answers = use_signal(BTreeMap::<String, Vec<String>>::new);
    let name = use_signal(String::new);
    let email = use_signal(String::new);
    let mut name_public = use_signal(|| false);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let mut sending = use_signal(|| false);
    let navigator = use_navigator();
    let nearby = use_resource(move || async move {
        let (Some((point, _)), code) = (location(), category()) else {
            return Vec::new();
        };
        if code.is_empty() {
            return Vec::new();
        }
        let path = format!(
            "{API}/nearby?lat={}&lon={}&category={}",
            point.lat,
            point.lon,
            api::query_value(&code)
        );
        api::get::<Vec<NearbyReport>>(&path)
            .await
            .unwrap_or_default()
    });
    use_effect(move || {
        if let Some(Ok(setup)) = setup.read().clone() {
            spawn(async move {
                map::pick_points(MAP, &setup, move |point| {
                    location.set(Some((point, Source::Map)))
                })
                .await;
            });
        }
    });
    let setup = match loaded(setup) {
        Ok(setup) => setup,
        Err(placeholder) => return placeholder,
    };
    let t = &texts.defect_reports;
    let groups = groups(&setup);
    if group().is_empty()
        && let Some(first) = groups.first()
    {
        group.set(first.clone());
    }
    let in_group: Vec<DefectCategory> = setup
        .categories
        .iter()
        .filter(|c| c.group == group())
        .cloned()
        .collect();
    if !in_group.iter().any(|c| c.code == category())
        && let Some(first) = in_group.first()
    {
        category.set(first.code.clone());
    }
    let chosen = setup
        .categories
        .iter()
        .find(|c| c.code == category())
        .cloned();
    let max_photos = setup.max_photos;

    let choose_photos = move |_| async move {
        let lang = lang();
        let t = &lang.texts().defect_reports;
        notice.set(None);
        if location().is_none()
            && let Some(point) = map::photo_position(PHOTOS).await
        {
            location.set(Some((point, Source::Photo)));
            map::place_pin(MAP, point);
        }
        let chosen = map::chosen_files(PHOTOS).await;
        for index in 0..chosen {
            if photos.read().len() >= max_photos {
                notice.set(Some(Err((t.too_many_photos)(max_photos))));
                break;
            }
            progress.set(Some(0));
            let answer = map::upload(PHOTOS, index, |p| progress.set(Some(p))).await;
            progress.set(None);
            match serde_json::from_str::<UploadedPhoto>(&answer.body) {
                Ok(photo) if answer.status == 201 => photos.write().push(photo),
                _ => {
                    let error = ApiError::Status {
                        status: answer.status,
                        body: serde_json::from_str::<ApiErrorBody>(&answer.body).ok(),
                    };
                    notice.set(Some(Err(if answer.status == 0 {
                        ApiError::Network.message(lang)
                    } else {
                        error.message(lang)
                    })));
                    break;
                }
            }
        }
    };

    let use_device = move |_| async move {
        match browser::current_position().await {
            Some((lat, lon)) => {
                let point = GeoPoint { lat, lon };
                location.set(Some((point, Source::Device)));
                map::place_pin(MAP, point);
            }
            None => notice.set(Some(Err(lang()
                .texts()
                .defect_reports
                .position_failed
                .to_owned()))),
        }
    };

    let asked: Vec<String> = chosen
        .iter()
        .flat_map(|c| c.questions.iter().map(|q| q.code.clone()))
        .collect();
    let find_address = move |_| async move {
        let path = format!("{API}/places?q={}", api::query_value(address().trim()));
        match api::get::<Vec<Place>>(&path).await {
            Ok(places) => found_places.set(Some(places)),
            Err(error) => notice.set(Some(Err(error.message(lang())))),
        }
    };

    let submit = move |event: FormEvent| {
        event.prevent_default();
        let asked = asked.clone();
        async move {
            let lang = lang();
            let Some((point, _)) = location() else {
                notice.set(Some(Err(lang
                    .texts()
                    .defect_reports
                    .location_missing
                    .to_owned())));
                return;
            };
            sending.set(true);
            let draft = ReportDraft {
                category: category(),
                location: point,
                address: Some(address()).filter(|a| !a.trim().is_empty()),
                description: description(),
                // Answers to questions of a category chosen before stay behind.
                answers: answers()
                    .into_iter()
                    .filter(|(code, _)| asked.contains(code))
                    .collect(),
                photos: photos()
                    .into_iter()
                    .map(|p| PhotoClaim {
                        id: p.id,
                        key: p.key,
                    })
                    .collect(),
                email: Some(email()).filter(|e| !e.trim().is_empty()),
                name: Some(name()).filter(|n| !n.trim().is_empty()),
                name_public: name_public(),
            };
            match api::send::<DefectReport, _>("POST", &format!("{API}/reports"), Some(&draft))
                .await
            {
                Ok(report) => {
                    remember(report.number);
                    navigator.push(Route::MeldungEingegangen {
                        nummer: report.number,
                    });
                }
                Err(error) => {
                    sending.set(false);
                    notice.set(Some(Err(error.message(lang))));
                }
            }
        }
    };

    let group_options: Vec<(String, String)> =
        groups.iter().map(|g| (g.clone(), g.clone())).collect();
    let category_options: Vec<(String, String)> = in_group
        .iter()
        .map(|c| (c.code.clone(), c.name.clone()))
        .collect();
    let hints = nearby.read().clone().unwrap_or_default();
    rsx! {
        PageHeading { text: t.form_heading }
        p { "{t.form_intro}" }
        Notice { message: notice() }
        form { onsubmit: submit,
            fieldset {
                legend { "{t.step_category}" }
                Select { id: "melde-bereich", label: t.group_label, options: group_options, value: group }
                Select { id: "melde-kategorie", label: t.kind_label, options: category_options, value: category }
                if let Some(chosen) = &chosen {
                    p { class: "field__hint", "{chosen.description} {(t.expected)(chosen.expected_days)}" }
                }
            }
            fieldset {
                legend { "{t.step_photos}" }
                div { class: "field",
                    label { r#for: PHOTOS, "{(t.photos_label)(max_photos)}" }
                    p { id: "melde-fotos-hint", class: "field__hint", "{t.photos_hint}" }
                    input {
                        id: PHOTOS,
                        r#type: "file",
                        accept: "image/jpeg,image/png",
                        multiple: true,
                        aria_describedby: "melde-fotos-hint",
                        disabled: photos.read().len() >= max_photos,
                        onchange: choose_photos,
                    }
                }
                if let Some(percent) = progress() {
                    label { r#for: "melde-fortschritt", "{t.uploading}" }
                    progress { id: "melde-fortschritt", max: "100", value: "{percent}", "{percent} %" }
                }
                if !photos.read().is_empty() {
                    ul { class: "photo-list",
                        for (index, photo) in photos().into_iter().enumerate() {
                            li { key: "{photo.id}",
                                img { src: "{photo.thumbnail_url}", alt: (t.photo_alt)(index + 1), width: "96" }
                                button {
                                    r#type: "button",
                                    onclick: move |_| { photos.write().remove(index); },
                                    "{(t.remove_photo)(index + 1)}"
                                }
                            }
                        }
                    }
                }
            }
            fieldset {
                legend { "{t.step_location}" }
                p { class: "field__hint", "{t.location_hint}" }
                div { id: MAP, class: "map map--small", role: "region", aria_label: t.pick_map_label }
                div { role: "status", aria_live: "polite",
                    match location() {
                        Some((point, source)) => rsx! {
                            p { id: "melde-ort",
                                "{source_text(lang(), source)}: {point.lat:.5}, {point.lon:.5}"
                            }
                        },
                        None => rsx! { p { "{t.no_location_yet}" } },
                    }
                }
                button { r#type: "button", onclick: use_device, "{t.use_position}" }
                TextField { id: "melde-adresse", label: t.address_label, value: address, hint: t.address_hint.to_owned() }
                button { r#type: "button", onclick: find_address, "{t.find_address}" }
                if let Some(places) = found_places() {
                    div { role: "status", aria_live: "polite",
                        if places.is_empty() {
                            p { "{t.no_places}" }
                        } else {
                            p { "{t.places_found}" }
                            ul {
                                for place in places {
                                    li { key: "{place.name}",
                                        button {
                                            r#type: "button",
                                            onclick: move |_| {
                                                location.set(Some((place.location, Source::Address)));
                                                map::place_pin(MAP, place.location);
                                                address.set(place.name.clone());
                                                found_places.set(None);
                                            },
                                            "{place.name}"
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if !hints.is_empty() {
                section { class: "notice", aria_labelledby: "schon-gemeldet",
                    h2 { id: "schon-gemeldet", "{t.nearby_heading}" }
                    p { "{t.nearby_intro}" }
                    ul {
                        for hint in hints {
                            NearbyHint { hint }
                        }
                    }
                }
            }
            fieldset {
                legend { "{t.step_description}" }
                div { class: "field",
                    label { r#for: "melde-beschreibung", "{t.description_label}" }
                    textarea {
                        id: "melde-beschreibung",
                        required: true,
                        rows: "5",
                        value: "{description}",
                        oninput: move |e| description.set(e.value()),
                    }
                }
                if let Some(chosen) = &chosen {
                    for question in chosen.questions.clone() {
                        QuestionField { key: "{chosen.code}-{question.code}", question, answers }
                    }
                }
            }
            fieldset {
                legend { "{t.step_contact}" }
                p { class: "field__hint", "{t.contact_hint}" }
                TextField { id: "melde-name", label: t.name_label, value: name, autocomplete: "name".to_owned() }
                div { class: "field field--check",
                    input {
                        id: "melde-name-oeffentlich",
                        r#type: "checkbox",
                        checked: name_public(),
                        onchange: move |e| name_public.set(e.checked()),
                    }
                    label { r#for: "melde-name-oeffentlich", "{t.name_public_label}" }
                }
                TextField { id: "melde-email", label: t.email_label, value: email, autocomplete: "email".to_owned() }
            }
            button { r#type: "submit", disabled: sending() || progress().is_some(), "{t.send_button}" }
        }
    }
}

fn groups(setup: &DefectSetup) -> Vec<String> {
    let mut groups: Vec<String> = Vec::new();
    for category in &setup.categories {
        if !groups.contains(&category.group) {
            groups.push(category.group.clone());
        }
    }
    groups
}

fn source_text(lang: Lang, source: Source) -> &'static str {
    let t = &lang.texts().defect_reports;
    match source {
        Source::Map => t.from_map,
        Source::Device => t.from_device,
        Source::Photo => t.from_photo,
        Source::Address => t.from_address,
    }
}

/// An open report nearby: say "Ich auch" instead of reporting it again.
#[component]
fn NearbyHint(hint: NearbyReport) -> Element {
    let lang = use_lang();
    let t = &lang().texts().defect_reports;
    let navigator = use_navigator();
    let mut failed = use_signal(|| None::<String>);
    let number = hint.report.number;
    rsx! {
        li {
            Link { to: Route::Meldung { nummer: number }, "{(t.report_title)(number, &hint.report.category_name)}" }
            " "
            StatusBadge { status: hint.report.status, overdue: false }
            " {(t.distance)(hint.distance_m)}"
            p { "{hint.report.excerpt}" }
            button {
                r#type: "button",
                onclick: move |_| async move {
                    match api::send_empty::<()>("POST", &format!("{API}/reports/{number}/affected"), None).await {
                        Ok(()) => {
                            remember(number);
                            navigator.push(Route::Meldung { nummer: number });
                        }
                        Err(error) => failed.set(Some(error.message(lang()))),
                    }
                },
                "{(t.me_too)(number)}"
            }
            if let Some(message) = failed() {
                p { class: "notice notice--error", role: "alert", "{message}" }
            }
        }
    }
}

/// One of the category's questions, answered into `answers`.
#[component]
fn QuestionField(
    question: shared::defects::Question,
    answers: Signal<BTreeMap<String, Vec<String>>>,
) -> Element {
    let id = format!("frage-{}", question.code);
    let code = question.code.clone();
    let current = answers.read().get(&code).cloned().unwrap_or_default();
    let set = move |values: Vec<String>| answer(answers, &code, values);
    match question.kind {
        QuestionKind::Text | QuestionKind::Number => rsx! {
            div { class: "field",
                label { r#for: "{id}", "{question.label}" }
                input {
                    id: "{id}",
                    r#type: if question.kind == QuestionKind::Number { "number" } else { "text" },
                    required: question.required,
                    value: current.first().cloned().unwrap_or_default(),
                    oninput: {
                        let set = set.clone();
                        move |e: FormEvent| set(vec![e.value()])
                    },
                }
            }
        },
        QuestionKind::SingleChoice => rsx! {
            fieldset {
                legend { "{question.label}" }
                for (i, option) in question.options.iter().enumerate() {
                    div { class: "field field--check",
                        input {
                            id: "{id}-{i}",
                            r#type: "radio",
                            name: "{id}",
                            required: question.required,
                            checked: current.contains(option),
                            onchange: {
                                let (option, set) = (option.clone(), set.clone());
                                move |_| set(vec![option.clone()])
                            },
                        }
                        label { r#for: "{id}-{i}", "{option}" }
                    }
                }
            }
        },
        QuestionKind::MultiChoice => rsx! {
            fieldset {
                legend { "{question.label}" }
                for (i, option) in question.options.iter().enumerate() {
                    div { class: "field field--check",
                        input {
                            id: "{id}-{i}",
                            r#type: "checkbox",
                            checked: current.contains(option),
                            onchange: {
                                let (option, set) = (option.clone(), set.clone());
                                let current = current.clone();
                                move |e: FormEvent| {
                                    let mut values: Vec<String> = current.iter().filter(|v| **v != option).cloned().collect();
                                    if e.checked() {
                                        values.push(option.clone());
                                    }
                                    set(values)
                                }
                            },
                        }
                        label { r#for: "{id}-{i}", "{option}" }
                    }
                }
            }
        },
    }
}

fn answer(mut answers: Signal<BTreeMap<String, Vec<String>>>, code: &str, values: Vec<String>) {
    answers.write().insert(code.to_owned(), values);
}
