//! The city's side: the inbox, status changes with public answers, handing
//! reports on, merging duplicates, figures, and the categories and area.

use std::collections::BTreeMap;

use axum::{Json, extract::State};
use chrono::Utc;
use shared::defects::{Place, Visibility};
use shared::{
    api::ApiErrorBody,
    defects::{
        DefectCategory, DefectFigures, DefectReport, DefectStatistics, DefectStatus, MergeRequest,
        QuestionKind, Reassignment, ReportSummary, StatusChange,
    },
    geo::Boundary,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    super::{
        store::{self, Change, ReportRow, Selection},
        views::{self, Catalogue},
    },
    ReportFilter,
    reports::{existing, one},
};
use crate::{
    accounts::{Action, Actor},
    audit,
    error::{Error, Result},
    extract::{ApiJson, ApiPath, ApiQuery},
    state::AppState,
};

const TEXT_CHARS: std::ops::RangeInclusive<usize> = 5..=4_000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(inbox))
        .routes(routes!(change_status))
        .routes(routes!(reassign))
        .routes(routes!(merge))
        .routes(routes!(statistics))
        .routes(routes!(all_categories))
        .routes(routes!(save_category))
        .routes(routes!(set_area))
        .routes(routes!(set_places))
        .routes(routes!(set_visibility))
        .routes(routes!(remove_photo))
}

/// The staff inbox: open reports unless a status is asked for, oldest first
/// (first come, first served), overdue ones marked.
#[utoipa::path(get, path = "/defects/inbox", tag = "defects", params(ReportFilter),
    responses((status = 200, body = Vec<ReportSummary>), (status = 403, body = ApiErrorBody)))]
async fn inbox(
    State(state): State<AppState>,
    actor: Actor,
    ApiQuery(mut filter): ApiQuery<ReportFilter>,
) -> Result<Json<Vec<ReportSummary>>> {
    actor.may(Action::HandleDefects)?;
    if filter.status.as_deref().is_none_or(str::is_empty) {
        filter.status = Some("offen".into());
    }
    let catalogue = Catalogue::new(store::categories(&state.db).await?);
    let rows = store::reports(&state.db, &filter.selection(true, &catalogue)?).await?;
    let now = Utc::now();
    Ok(Json(
        rows.iter()
            .rev()
            .map(|row| views::summary(row, &catalogue, now))
            .collect(),
    ))
}

fn public_text(text: &str) -> Result<String> {
    let text = text.trim();
    if !TEXT_CHARS.contains(&text.chars().count()) {
        return Err(Error::InvalidInput(format!(
            "Bitte schreiben Sie eine öffentliche Antwort von {} bis {} Zeichen; die meldende Person liest sie.",
            TEXT_CHARS.start(),
            TEXT_CHARS.end()
        )));
    }
    Ok(text.to_owned())
}

/// Sets the status with a public answer; reporters and followers see it.
#[utoipa::path(post, path = "/defects/reports/{number}/status", tag = "defects", request_body = StatusChange,
    params(("number" = u64, Path, description = "Number of the report")),
    responses((status = 200, body = DefectReport), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn change_status(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(number): ApiPath<u64>,
    ApiJson(request): ApiJson<StatusChange>,
) -> Result<Json<DefectReport>> {
    actor.may(Action::HandleDefects)?;
    let row = existing(&state, number).await?;
    if request.status == DefectStatus::Duplikat {
        return Err(Error::InvalidInput(
            "Als Duplikat schließen Sie eine Meldung über „Zusammenführen“, damit die Betroffenen übernommen werden.".into(),
        ));
    }
    let change = Change::status(&row, request.status, public_text(&request.text)?);
    let detail = request.status.key();
    recorded(&state, &actor, number, &change, "defects.status", detail).await
}

/// Hands the report to another category or department; the reason is public.
#[utoipa::path(post, path = "/defects/reports/{number}/reassign", tag = "defects", request_body = Reassignment,
    params(("number" = u64, Path, description = "Number of the report")),
    responses((status = 200, body = DefectReport), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn reassign(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(number): ApiPath<u64>,
    ApiJson(request): ApiJson<Reassignment>,
) -> Result<Json<DefectReport>> {
    actor.may(Action::HandleDefects)?;
    let row = existing(&state, number).await?;
    let catalogue = Catalogue::new(store::categories(&state.db).await?);
    let mut said = Vec::new();
    let category = match request.category.as_deref().filter(|c| !c.is_empty()) {
        Some(code) if code != row.category => {
            let to = catalogue.get(code).ok_or_else(|| {
                Error::InvalidInput(format!("Die Kategorie „{code}“ gibt es nicht."))
            })?;
            let from = catalogue
                .get(&row.category)
                .map_or(row.category.as_str(), |c| c.name.as_str());
            said.push(format!("Kategorie: {from} → {}", to.name));
            Some(to)
        }
        _ => None,
    };
    let department = request
        .department
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty() && *d != row.department)
        .map(str::to_owned)
        .or_else(|| category.map(|c| c.department.clone()))
        .unwrap_or_else(|| row.department.clone());
    if department != row.department {
        said.push(format!("Zuständig: {} → {department}", row.department));
    }
    if said.is_empty() {
        return Err(Error::InvalidInput(
            "Bitte wählen Sie eine andere Kategorie oder Dienststelle.".into(),
        ));
    }
    let change = Change {
        status: row.status,
        category: category.map_or(row.category.clone(), |c| c.code.clone()),
        department,
        text: public_text(&request.reason)?,
        change: Some(said.join("; ")),
        duplicate_of: None,
        external_id: None,
    };
    let detail = change.change.clone().unwrap_or_default();
    recorded(&state, &actor, number, &change, "defects.reassign", &detail).await
}

/// Applies a staff member's change, logs it, and answers the report as
/// they now see it.
async fn recorded(
    state: &AppState,
    actor: &Actor,
    number: u64,
    change: &Change,
    action: &str,
    detail: &str,
) -> Result<Json<DefectReport>> {
    store::change(&state.db, number, change, Some(&actor.account.id)).await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        action,
        &number.to_string(),
        detail,
    )
    .await?;
    Ok(Json(one(state, number, Some(actor)).await?))
}

/// Closes this report as duplicate of `into`; its reporter and followers
/// follow the original from now on.
#[utoipa::path(post, path = "/defects/reports/{number}/merge", tag = "defects", request_body = MergeRequest,
    params(("number" = u64, Path, description = "Number of the duplicate")),
    responses((status = 200, body = DefectReport), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
async fn merge(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(number): ApiPath<u64>,
    ApiJson(request): ApiJson<MergeRequest>,
) -> Result<Json<DefectReport>> {
    actor.may(Action::HandleDefects)?;
    if request.into == number {
        return Err(Error::InvalidInput(
            "Eine Meldung kann kein Duplikat ihrer selbst sein.".into(),
        ));
    }
    let duplicate = existing(&state, number).await?;
    let original = existing(&state, request.into).await?;
    if !duplicate.status.is_open() {
        return Err(Error::Conflict(format!(
            "Die Meldung {number} ist schon abgeschlossen ({}).",
            duplicate.status.label_de()
        )));
    }
    if !original.status.is_open() {
        return Err(Error::Conflict(format!(
            "Die Meldung {} ist abgeschlossen ({}); bitte öffnen Sie sie erst wieder oder wählen Sie eine offene.",
            original.number,
            original.status.label_de()
        )));
    }
    if original.duplicate_of.is_some() {
        return Err(Error::Conflict(format!(
            "Die Meldung {} ist selbst ein Duplikat; bitte führen Sie mit der ursprünglichen zusammen.",
            original.number
        )));
    }
    let text = match request
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(text) => public_text(text)?,
        None => format!(
            "Dieser Mangel ist schon gemeldet. Wir bearbeiten ihn unter Meldung {}; dort sehen Sie den Fortschritt.",
            original.number
        ),
    };
    let closing = Change {
        status: DefectStatus::Duplikat,
        category: duplicate.category.clone(),
        department: duplicate.department.clone(),
        text,
        change: Some(format!("Duplikat von Meldung {}", original.number)),
        duplicate_of: Some(original.number),
        external_id: None,
    };
    store::merge(
        &state.db,
        number,
        original.number,
        &closing,
        &actor.account.id,
    )
    .await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "defects.merge",
        &number.to_string(),
        &original.number.to_string(),
    )
    .await?;
    Ok(Json(one(&state, number, Some(&actor)).await?))
}

/// Open, overdue and closed reports and the median days to close, per
/// category and per department.
#[utoipa::path(get, path = "/defects/statistics", tag = "defects",
    responses((status = 200, body = DefectStatistics), (status = 403, body = ApiErrorBody)))]
async fn statistics(State(state): State<AppState>, actor: Actor) -> Result<Json<DefectStatistics>> {
    actor.may(Action::HandleDefects)?;
    let all = Selection {
        include_hidden: true,
        ..Default::default()
    };
    let rows = store::reports(&state.db, &all).await?;
    let catalogue = Catalogue::new(store::categories(&state.db).await?);
    let now = Utc::now();
    let name = |row: &ReportRow| {
        catalogue
            .get(&row.category)
            .map_or(row.category.clone(), |c| {
                format!("{} – {}", c.group, c.name)
            })
    };
    Ok(Json(DefectStatistics {
        by_category: figures(&rows, &catalogue, now, name),
        by_department: figures(&rows, &catalogue, now, |row| row.department.clone()),
    }))
}

fn figures(
    rows: &[ReportRow],
    catalogue: &Catalogue,
    now: chrono::DateTime<Utc>,
    key: impl Fn(&ReportRow) -> String,
) -> Vec<DefectFigures> {
    let mut groups: BTreeMap<String, (DefectFigures, Vec<f64>)> = BTreeMap::new();
    for row in rows {
        let name = key(row);
        let (figures, days) = groups.entry(name.clone()).or_insert_with(|| {
            (
                DefectFigures {
                    name,
                    open: 0,
                    overdue: 0,
                    closed: 0,
                    duplicates: 0,
                    median_days_to_close: None,
                },
                Vec::new(),
            )
        });
        if row.status.is_open() {
            figures.open += 1;
            figures.overdue += u32::from(views::deadline(row, catalogue, now).overdue);
        } else if row.status == DefectStatus::Duplikat {
            // Merged within minutes, they would make closing look faster than it is.
            figures.duplicates += 1;
        } else {
            figures.closed += 1;
            let closed = row.closed_at.as_deref().and_then(crate::clock::parse);
            if let (Some(created), Some(closed)) = (row.created(), closed) {
                days.push((closed - created).num_seconds() as f64 / 86_400.0);
            }
        }
    }
    groups
        .into_values()
        .map(|(mut figures, mut days)| {
            figures.median_days_to_close = median(&mut days).map(|d| (d * 10.0).round() / 10.0);
            figures
        })
        .collect()
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[middle - 1] + values[middle]) / 2.0
    } else {
        values[middle]
    })
}

/// All categories, the inactive ones too, in their order.
#[utoipa::path(get, path = "/defects/categories", tag = "defects",
    responses((status = 200, body = Vec<DefectCategory>), (status = 403, body = ApiErrorBody)))]
async fn all_categories(
    State(state): State<AppState>,
    actor: Actor,
) -> Result<Json<Vec<DefectCategory>>> {
    actor.may(Action::HandleDefects)?;
    Ok(Json(store::categories(&state.db).await?))
}

/// Creates or changes a category. Reports keep their department when the
/// category's changes; staff hand them on explicitly.
#[utoipa::path(put, path = "/defects/categories/{code}", tag = "defects", request_body = DefectCategory,
    params(("code" = String, Path, description = "Category code")),
    responses((status = 200, body = DefectCategory), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn save_category(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(code): ApiPath<String>,
    ApiJson(mut category): ApiJson<DefectCategory>,
) -> Result<Json<DefectCategory>> {
    actor.may(Action::HandleDefects)?;
    category.code = code;
    check_category(&category)?;
    store::save_category(&state.db, &category).await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "defects.category",
        &category.code,
        &category.name,
    )
    .await?;
    Ok(Json(category))
}

fn check_category(category: &DefectCategory) -> Result<()> {
    let code_ok = !category.code.is_empty()
        && category.code.len() <= 60
        && category
            .code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !code_ok {
        return Err(Error::InvalidInput(
            "Der Code einer Kategorie besteht aus a–z, 0–9 und Bindestrichen (höchstens 60 Zeichen).".into(),
        ));
    }
    for (value, what) in [
        (&category.group, "Die Gruppe"),
        (&category.name, "Der Name"),
        (&category.department, "Die Dienststelle"),
    ] {
        if value.trim().is_empty() || value.chars().count() > 120 {
            return Err(Error::InvalidInput(format!(
                "{what} muss 1 bis 120 Zeichen lang sein."
            )));
        }
    }
    if !(1..=365).contains(&category.expected_days) {
        return Err(Error::InvalidInput(
            "Die Bearbeitungszeit muss 1 bis 365 Arbeitstage betragen.".into(),
        ));
    }
    let mut codes = std::collections::HashSet::new();
    for question in &category.questions {
        if question.code.is_empty()
            || !codes.insert(&question.code)
            || question.label.trim().is_empty()
        {
            return Err(Error::InvalidInput(
                "Jede Zusatzfrage braucht einen eigenen Code und einen Text.".into(),
            ));
        }
        let choice = matches!(
            question.kind,
            QuestionKind::SingleChoice | QuestionKind::MultiChoice
        );
        if choice && question.options.len() < 2 {
            return Err(Error::InvalidInput(format!(
                "Die Auswahlfrage „{}“ braucht mindestens zwei Antworten.",
                question.label
            )));
        }
    }
    Ok(())
}

/// Sets the city's outline; reports outside it are refused.
#[utoipa::path(put, path = "/defects/area", tag = "defects", request_body = Boundary,
    responses((status = 200, body = Boundary), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn set_area(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(area): ApiJson<Boundary>,
) -> Result<Json<Boundary>> {
    actor.may(Action::HandleDefects)?;
    let valid =
        |&[lon, lat]: &[f64; 2]| (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat);
    if area.outline.len() < 3 || !area.outline.iter().all(valid) {
        return Err(Error::InvalidInput(
            "Das Stadtgebiet braucht mindestens drei Eckpunkte [Länge, Breite] in WGS 84.".into(),
        ));
    }
    store::set_area(&state.db, &area).await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "defects.area",
        "city",
        &format!("{} Eckpunkte", area.outline.len()),
    )
    .await?;
    Ok(Json(area))
}

/// Replaces the street register (the city's Straßenverzeichnis, one point
/// per street or place), e.g. from its open data.
#[utoipa::path(put, path = "/defects/places", tag = "defects", request_body = Vec<Place>,
    responses((status = 200, description = "How many places are stored", content_type = "application/json", body = u64), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn set_places(
    State(state): State<AppState>,
    actor: Actor,
    ApiJson(places): ApiJson<Vec<Place>>,
) -> Result<Json<u64>> {
    actor.may(Action::HandleDefects)?;
    if let Some(bad) = places.iter().find(|p| {
        p.name.trim().is_empty() || p.name.chars().count() > 200 || !p.location.is_valid()
    }) {
        return Err(Error::InvalidInput(format!(
            "Jeder Ort braucht einen Namen (bis 200 Zeichen) und gültige Koordinaten; „{}“ hat das nicht.",
            bad.name
        )));
    }
    store::replace_places(&state.db, &places).await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "defects.places",
        "city",
        &format!("{} Orte", places.len()),
    )
    .await?;
    Ok(Json(places.len() as u64))
}

/// Takes a report out of public view (a face or a number plate in a photo,
/// personal data in the text) or shows it again. The reason is for staff
/// and the reporter.
#[utoipa::path(put, path = "/defects/reports/{number}/visibility", tag = "defects", request_body = Visibility,
    params(("number" = u64, Path, description = "Number of the report")),
    responses((status = 200, body = DefectReport), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn set_visibility(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(number): ApiPath<u64>,
    ApiJson(request): ApiJson<Visibility>,
) -> Result<Json<DefectReport>> {
    actor.may(Action::HandleDefects)?;
    existing(&state, number).await?;
    let reason = request.reason.trim();
    if request.hidden && !TEXT_CHARS.contains(&reason.chars().count()) {
        return Err(Error::InvalidInput(format!(
            "Bitte begründen Sie in {} bis {} Zeichen, warum die Meldung nicht öffentlich sein soll.",
            TEXT_CHARS.start(),
            TEXT_CHARS.end()
        )));
    }
    store::set_hidden(&state.db, number, request.hidden.then_some(reason)).await?;
    let (action, detail) = if request.hidden {
        ("defects.hide", reason)
    } else {
        ("defects.show", "")
    };
    audit::record(
        &state.db,
        Some(&actor.account.id),
        action,
        &number.to_string(),
        detail,
    )
    .await?;
    Ok(Json(one(&state, number, Some(&actor)).await?))
}

/// Removes one photo of a report for good (both sizes).
#[utoipa::path(delete, path = "/defects/reports/{number}/photos/{id}", tag = "defects",
    params(("number" = u64, Path, description = "Number of the report"), ("id" = String, Path, description = "Photo id")),
    responses((status = 200, body = DefectReport), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn remove_photo(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath((number, id)): ApiPath<(u64, String)>,
) -> Result<Json<DefectReport>> {
    actor.may(Action::HandleDefects)?;
    existing(&state, number).await?;
    if !store::remove_photo(&state.db, number, &id).await? {
        return Err(Error::NotFound(format!(
            "Die Meldung {number} hat dieses Foto nicht."
        )));
    }
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "defects.photo.remove",
        &number.to_string(),
        &id,
    )
    .await?;
    Ok(Json(one(&state, number, Some(&actor)).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }
}
