//! The GeoReport v2 methods, each in XML and JSON: discovery, service list
//! and definitions, service requests (read with the standard filters plus
//! paging and `bbox`, and posted with an API key), tokens, and mySociety's
//! `servicerequestupdates`.

use std::collections::BTreeMap;

use axum::{
    body::Bytes,
    extract::{FromRequestParts, Path, State},
    http::{HeaderMap, StatusCode, header, request::Parts},
    response::Response,
};
use chrono::{DateTime, Duration, Utc};
use shared::{
    defects::{DefectCategory, DefectStatus, QuestionKind},
    geo::GeoPoint,
};

use super::{
    format::{Document, Field, Format, Item, error, optional, text},
    keys,
};
use crate::{
    defects::{self, Catalogue, Change, Channel, ReportRow, Selection, Submission, UpdateRow},
    error::Error,
    page::Page,
    state::AppState,
};

/// The spec's default window and largest span of `start_date`/`end_date`.
const WINDOW_DAYS: i64 = 90;
const PAGE_SIZE_MAX: usize = 1000;
/// Coordinates to four decimals (about 10 m): enough to find the defect.
const DECIMALS: i32 = 4;
const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";

/// A refusal in the caller's format.
pub struct Refusal(StatusCode, String);

type Answer = Result<Response, Refusal>;

impl Refusal {
    fn bad(message: impl Into<String>) -> Self {
        Self(StatusCode::BAD_REQUEST, message.into())
    }

    fn not_found(message: impl Into<String>) -> Self {
        Self(StatusCode::NOT_FOUND, message.into())
    }
}

/// Client errors keep their message; GeoReport only knows 400, 403 and 404,
/// so conflicts become 400. Server errors say nothing about the inside.
impl From<Error> for Refusal {
    fn from(err: Error) -> Self {
        let (status, _) = err.status_and_code();
        if status.is_server_error() {
            tracing::error!(error = %err, "Open311 request failed");
            return Self(
                status,
                "Interner Fehler; bitte später erneut versuchen.".into(),
            );
        }
        let status = match status {
            StatusCode::NOT_FOUND | StatusCode::FORBIDDEN => status,
            _ => StatusCode::BAD_REQUEST,
        };
        Self(status, err.to_string())
    }
}

fn reply(format: Format, answer: Answer) -> Response {
    answer.unwrap_or_else(|Refusal(status, message)| error(format, status, &message))
}

/// Query or form fields in order; repeated names (`attribute[x][]`) stay.
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(raw: &[u8]) -> Self {
        Self(url::form_urlencoded::parse(raw).into_owned().collect())
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    pub fn list(&self, name: &str) -> Vec<String> {
        self.get(name)
            .map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn number<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, Refusal> {
        self.get(name)
            .map(|v| {
                v.parse()
                    .map_err(|_| Refusal::bad(format!("{name} must be a number, not \"{v}\"")))
            })
            .transpose()
    }

    /// `attribute[code]=v` and `attribute[code][]=v`.
    pub fn attributes(&self) -> BTreeMap<String, Vec<String>> {
        let mut answers: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, value) in &self.0 {
            let Some(rest) = name.strip_prefix("attribute[") else {
                continue;
            };
            let code = rest.trim_end_matches("[]").trim_end_matches(']');
            answers
                .entry(code.to_owned())
                .or_default()
                .push(value.clone());
        }
        answers
    }
}

fn checked_jurisdiction(state: &AppState, params: &Params) -> Result<(), Refusal> {
    match params.get("jurisdiction_id") {
        Some(id) if id != state.defects.jurisdiction => Err(Refusal::not_found(format!(
            "jurisdiction_id \"{id}\" is not served here; this endpoint serves \"{}\"",
            state.defects.jurisdiction
        ))),
        _ => Ok(()),
    }
}

/// What every GeoReport call starts with: the resource named by the last
/// path segment (`requests.json`), its format, and the query, whose
/// `jurisdiction_id` must be ours.
pub struct Call {
    name: String,
    format: Format,
    query: Params,
}

impl FromRequestParts<AppState> for Call {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let unknown = || {
            error(
                Format::Xml,
                StatusCode::NOT_FOUND,
                "Unknown resource; use .xml or .json",
            )
        };
        let Path(file) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| unknown())?;
        let (name, format) = Format::split(&file).ok_or_else(unknown)?;
        let query = Params::parse(parts.uri.query().unwrap_or_default().as_bytes());
        checked_jurisdiction(state, &query)
            .map_err(|Refusal(status, message)| error(format, status, &message))?;
        Ok(Self {
            name: name.to_owned(),
            format,
            query,
        })
    }
}

/// `GET /open311/v2/{discovery|services|requests|servicerequestupdates}.{fmt}`
pub async fn get_top(State(state): State<AppState>, call: Call) -> Response {
    let answer = match call.name.as_str() {
        "discovery" => discovery(&state, call.format).await,
        "services" => services(&state, call.format).await,
        "requests" => requests(&state, call.format, &call.query).await,
        "servicerequestupdates" => updates(&state, call.format, &call.query).await,
        name => Err(Refusal::not_found(format!(
            "There is no resource \"{name}\""
        ))),
    };
    reply(call.format, answer)
}

/// `POST /open311/v2/{requests|servicerequestupdates}.{fmt}`, form-encoded.
pub async fn post_top(
    State(state): State<AppState>,
    call: Call,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !form {
        return error(
            call.format,
            StatusCode::BAD_REQUEST,
            "Send the fields as application/x-www-form-urlencoded",
        );
    }
    let params = Params::parse(&body);
    let answer = match checked_jurisdiction(&state, &params) {
        Err(refusal) => Err(refusal),
        Ok(()) => match call.name.as_str() {
            "requests" => post_request(&state, call.format, &params).await,
            "servicerequestupdates" => post_update(&state, call.format, &params).await,
            name => Err(Refusal::not_found(format!(
                "There is no resource \"{name}\" to post to"
            ))),
        },
    };
    reply(call.format, answer)
}

/// `GET /open311/v2/services/{code}.{fmt}`
pub async fn get_service(State(state): State<AppState>, call: Call) -> Response {
    let answer = async {
        let categories = defects::categories(&state.db).await?;
        let category = categories
            .iter()
            .find(|c| c.code == call.name && c.active)
            .ok_or_else(|| Refusal::not_found(format!("There is no service \"{}\"", call.name)))?;
        Ok(definition(category).respond(call.format, StatusCode::OK))
    };
    reply(call.format, answer.await)
}

/// `GET /open311/v2/requests/{id}.{fmt}`
pub async fn get_request(State(state): State<AppState>, call: Call) -> Response {
    let answer = async {
        let id = &call.name;
        let missing = || Refusal::not_found(format!("There is no service request \"{id}\""));
        let number: u64 = id.parse().map_err(|_| missing())?;
        let row = defects::report(&state.db, number)
            .await?
            .filter(|row| row.hidden.is_none())
            .ok_or_else(missing)?;
        let catalogue = Catalogue::new(defects::categories(&state.db).await?);
        let history = defects::histories(&state.db, &[row.number]).await?;
        let item = request_item(
            &state,
            &row,
            history.get(&row.number).map_or(&[][..], Vec::as_slice),
            &catalogue,
            extensions(&call.query),
            Utc::now(),
        );
        Ok(requests_document(vec![item]).respond(call.format, StatusCode::OK))
    };
    reply(call.format, answer.await)
}

/// `GET /open311/v2/tokens/{token}.{fmt}`
pub async fn get_token(State(state): State<AppState>, call: Call) -> Response {
    let answer = async {
        let token = &call.name;
        let row = defects::report_by_token(&state.db, token)
            .await?
            .ok_or_else(|| Refusal::not_found(format!("There is no token \"{token}\"")))?;
        Ok(requests_document(vec![vec![
            ("service_request_id", text(row.number.to_string())),
            ("token", text(token.clone())),
        ]])
        .respond(call.format, StatusCode::OK))
    };
    reply(call.format, answer.await)
}

async fn discovery(state: &AppState, format: Format) -> Answer {
    let changeset = defects::categories_changed(&state.db)
        .await?
        .map(|t| crate::clock::german_iso(&t))
        .unwrap_or_default();
    let url = defects::absolute_url(&state.public_url, "/open311/v2/");
    Ok(Document::Object {
        root: "discovery",
        fields: vec![
            ("changeset", text(changeset.clone())),
            (
                "contact",
                text(format!("Open311-Schnittstelle von Digitale Stadt, {url}")),
            ),
            (
                "key_service",
                text("API-Schlüssel vergibt die Stadtverwaltung (Administration → Open311)."),
            ),
            (
                "endpoints",
                Field::List(
                    "endpoint",
                    vec![vec![
                        ("specification", text(SPECIFICATION)),
                        ("url", text(url)),
                        ("changeset", text(changeset)),
                        ("type", text("production")),
                        (
                            "formats",
                            Field::Values(
                                "format",
                                vec!["text/xml".into(), "application/json".into()],
                            ),
                        ),
                    ]],
                ),
            ),
        ],
    }
    .respond(format, StatusCode::OK))
}

async fn services(state: &AppState, format: Format) -> Answer {
    let items = defects::categories(&state.db)
        .await?
        .into_iter()
        .filter(|c| c.active)
        .map(|c| {
            vec![
                ("service_code", text(c.code)),
                ("service_name", text(c.name)),
                ("description", text(c.description)),
                ("metadata", Field::Bool(!c.questions.is_empty())),
                ("type", text("realtime")),
                ("keywords", text(c.keywords.join(","))),
                ("group", text(c.group)),
            ]
        })
        .collect();
    Ok(Document::List {
        root: "services",
        item: "service",
        items,
    }
    .respond(format, StatusCode::OK))
}

fn definition(category: &DefectCategory) -> Document {
    let attributes = category
        .questions
        .iter()
        .enumerate()
        .map(|(order, q)| {
            let (datatype, described) = match q.kind {
                QuestionKind::Text => ("string", "Freitext"),
                QuestionKind::Number => ("number", "Eine Zahl"),
                QuestionKind::SingleChoice => ("singlevaluelist", "Ein Wert aus der Liste"),
                QuestionKind::MultiChoice => {
                    ("multivaluelist", "Ein oder mehrere Werte aus der Liste")
                }
            };
            let values = q
                .options
                .iter()
                .map(|o| vec![("key", text(o.clone())), ("name", text(o.clone()))])
                .collect();
            vec![
                ("variable", Field::Bool(true)),
                ("code", text(q.code.clone())),
                ("datatype", text(datatype)),
                ("required", Field::Bool(q.required)),
                ("datatype_description", text(described)),
                ("order", Field::Integer(order as i64 + 1)),
                ("description", text(q.label.clone())),
                ("values", Field::List("value", values)),
            ]
        })
        .collect();
    Document::Object {
        root: "service_definition",
        fields: vec![
            ("service_code", text(category.code.clone())),
            ("attributes", Field::List("attribute", attributes)),
        ],
    }
}

fn requests_document(items: Vec<Item>) -> Document {
    Document::List {
        root: "service_requests",
        item: "request",
        items,
    }
}

fn extensions(params: &Params) -> bool {
    params.get("extensions") == Some("true")
}

fn parse_time(params: &Params, name: &str) -> Result<Option<DateTime<Utc>>, Refusal> {
    params
        .get(name)
        .map(|v| {
            // Form decoding turns the "+" of an offset into a space.
            let repaired = v.replace(' ', "+");
            DateTime::parse_from_rfc3339(&repaired)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| {
                    Refusal::bad(format!(
                        "{name} must be a W3C date-time such as 2026-11-27T10:00:00+01:00, not \"{v}\""
                    ))
                })
        })
        .transpose()
}

/// The window of `start_date`/`end_date`: the last 90 days by default and
/// never longer.
pub fn window(params: &Params) -> Result<(DateTime<Utc>, DateTime<Utc>), Refusal> {
    let (start, end) = (
        parse_time(params, "start_date")?,
        parse_time(params, "end_date")?,
    );
    let span = Duration::days(WINDOW_DAYS);
    let now = Utc::now();
    let (start, end) = match (start, end) {
        (Some(start), Some(end)) => (start, end),
        (Some(start), None) => (start, (start + span).min(now)),
        (None, Some(end)) => (end - span, end),
        (None, None) => (now - span, now),
    };
    if end < start {
        return Err(Refusal::bad("end_date is before start_date"));
    }
    if end - start > span {
        return Err(Refusal::bad(format!(
            "start_date and end_date may be at most {WINDOW_DAYS} days apart"
        )));
    }
    Ok((start, end))
}

/// `minLng,minLat,maxLng,maxLat`
pub fn bbox(params: &Params) -> Result<Option<[f64; 4]>, Refusal> {
    let Some(value) = params.get("bbox") else {
        return Ok(None);
    };
    let parts: Vec<f64> = value
        .split(',')
        .filter_map(|p| p.trim().parse().ok())
        .collect();
    match parts.as_slice() {
        [min_lon, min_lat, max_lon, max_lat] if min_lon <= max_lon && min_lat <= max_lat => {
            Ok(Some([*min_lon, *min_lat, *max_lon, *max_lat]))
        }
        _ => Err(Refusal::bad("bbox must be minLng,minLat,maxLng,maxLat")),
    }
}

async fn requests(state: &AppState, format: Format, params: &Params) -> Answer {
    let ids = params.list("service_request_id");
    let selection = if ids.is_empty() {
        let (start, end) = window(params)?;
        let mut statuses = Vec::new();
        for status in params.list("status") {
            let open = match status.as_str() {
                "open" => true,
                "closed" => false,
                other => {
                    return Err(Refusal::bad(format!(
                        "status must be open or closed, not \"{other}\""
                    )));
                }
            };
            statuses.extend(
                DefectStatus::ALL
                    .into_iter()
                    .filter(|s| s.is_open() == open),
            );
        }
        Selection {
            statuses,
            categories: params.list("service_code"),
            created_from: Some(start.to_rfc3339()),
            created_until: Some((end + Duration::seconds(1)).to_rfc3339()),
            ..Default::default()
        }
    } else {
        // The ids override every other filter, as the spec says.
        Selection {
            numbers: ids.iter().filter_map(|id| id.parse().ok()).collect(),
            ..Default::default()
        }
    };
    if !ids.is_empty() && selection.numbers.is_empty() {
        return Ok(requests_document(Vec::new()).respond(format, StatusCode::OK));
    }
    let page = params.number::<usize>("page")?.unwrap_or(1).max(1);
    let page_size = params
        .number::<usize>("page_size")?
        .unwrap_or(PAGE_SIZE_MAX)
        .clamp(1, PAGE_SIZE_MAX);
    // The database reads only the page asked for, and the histories of its
    // requests come in one more query: three queries whatever the size.
    let selection = Selection {
        area: bbox(params)?,
        page: Page {
            limit: Some(page_size),
            offset: (page - 1).saturating_mul(page_size),
            after: None,
        },
        ..selection
    };
    let rows = defects::reports(&state.db, &selection).await?;
    let numbers: Vec<u64> = rows.iter().map(|row| row.number).collect();
    let histories = defects::histories(&state.db, &numbers).await?;
    let catalogue = Catalogue::new(defects::categories(&state.db).await?);
    let now = Utc::now();
    let items = rows
        .iter()
        .map(|row| {
            let history = histories.get(&row.number).map_or(&[][..], Vec::as_slice);
            request_item(state, row, history, &catalogue, extensions(params), now)
        })
        .collect();
    Ok(requests_document(items).respond(format, StatusCode::OK))
}

fn request_item(
    state: &AppState,
    row: &ReportRow,
    history: &[UpdateRow],
    catalogue: &Catalogue,
    extended: bool,
    now: DateTime<Utc>,
) -> Item {
    let category = catalogue.get(&row.category);
    let expected = defects::expected_by(
        row.created().unwrap_or(now),
        catalogue.expected_days(&row.category),
    );
    let point = row.location.rounded(DECIMALS);
    let media_url = row
        .photos
        .first()
        .map(|id| defects::absolute_url(&state.public_url, &defects::photo_url(id)))
        .or_else(|| row.media_url.clone());
    let mut item: Item = vec![
        ("service_request_id", text(row.number.to_string())),
        (
            "status",
            text(if row.status.is_open() {
                "open"
            } else {
                "closed"
            }),
        ),
        (
            "status_notes",
            optional(history.last().map(|u| u.text.clone())),
        ),
        (
            "service_name",
            text(category.map_or(row.category.clone(), |c| c.name.clone())),
        ),
        ("service_code", text(row.category.clone())),
        ("description", text(row.description.clone())),
        ("agency_responsible", text(row.department.clone())),
        (
            "service_notice",
            text(format!(
                "Bearbeitung in der Regel innerhalb von {} Arbeitstagen",
                catalogue.expected_days(&row.category)
            )),
        ),
        (
            "requested_datetime",
            text(crate::clock::german_iso(&row.created_at)),
        ),
        (
            "updated_datetime",
            text(crate::clock::german_iso(
                row.closed_at.as_deref().unwrap_or(&row.updated_at),
            )),
        ),
        ("expected_datetime", text(end_of_day(expected))),
        ("address", optional(row.address.clone())),
        ("address_id", Field::Empty),
        ("zipcode", Field::Empty),
        ("lat", Field::Number(point.lat)),
        ("long", Field::Number(point.lon)),
        ("media_url", optional(media_url)),
    ];
    if extended {
        item.push(("detailed_status", text(row.status.key())));
        item.push((
            "notes",
            Field::List("note", history.iter().map(note).collect()),
        ));
        item.push((
            "photos",
            Field::Values(
                "photo",
                row.photos
                    .iter()
                    .map(|id| defects::absolute_url(&state.public_url, &defects::photo_url(id)))
                    .collect(),
            ),
        ));
    }
    item
}

/// The last second of a German day, with that day's offset.
fn end_of_day(day: chrono::NaiveDate) -> String {
    let noon = day.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc();
    let offset = crate::clock::german(noon).format("%:z");
    format!("{day}T23:59:59{offset}")
}

fn note(update: &UpdateRow) -> Item {
    vec![
        ("datetime", text(crate::clock::german_iso(&update.at))),
        ("status", text(update.status.key())),
        ("description", text(update.text.clone())),
        ("summary", optional(update.change.clone())),
    ]
}

/// mySociety's status names for ours.
pub fn external_status(status: DefectStatus) -> &'static str {
    match status {
        DefectStatus::Neu => "OPEN",
        DefectStatus::InPruefung => "INVESTIGATING",
        DefectStatus::InBearbeitung => "IN_PROGRESS",
        DefectStatus::Erledigt => "FIXED",
        DefectStatus::Abgelehnt => "NO_FURTHER_ACTION",
        DefectStatus::Duplikat => "DUPLICATE",
        DefectStatus::NichtZustaendig => "NOT_COUNCILS_RESPONSIBILITY",
    }
}

/// Ours for mySociety's (and the plain OPEN/CLOSED); `None` if unknown.
pub fn status_from_external(name: &str, current: DefectStatus) -> Option<DefectStatus> {
    Some(match name.to_ascii_uppercase().as_str() {
        "OPEN" | "REOPEN" if current.is_open() => current,
        "OPEN" | "REOPEN" => DefectStatus::Neu,
        "INVESTIGATING" | "FOR_TRIAGE" | "INTERNAL_REFERRAL" => DefectStatus::InPruefung,
        "IN_PROGRESS" | "ACTION_SCHEDULED" => DefectStatus::InBearbeitung,
        "CLOSED" | "FIXED" => DefectStatus::Erledigt,
        "NO_FURTHER_ACTION" | "CANCELLED" => DefectStatus::Abgelehnt,
        "DUPLICATE" => DefectStatus::Duplikat,
        "NOT_COUNCILS_RESPONSIBILITY" => DefectStatus::NichtZustaendig,
        _ => return None,
    })
}

async fn updates(state: &AppState, format: Format, params: &Params) -> Answer {
    let (start, end) = window(params)?;
    let mut history =
        defects::history_between(&state.db, &start.to_rfc3339(), &end.to_rfc3339()).await?;
    // The newest thousand, oldest first as clients read a feed.
    history.reverse();
    let items = history
        .iter()
        .map(|u| {
            vec![
                ("update_id", text(u.id.clone())),
                ("service_request_id", text(u.report.to_string())),
                ("status", text(external_status(u.status))),
                ("external_status_code", text(u.status.key())),
                ("description", text(u.text.clone())),
                ("updated_datetime", text(crate::clock::german_iso(&u.at))),
                ("media_url", Field::Empty),
            ]
        })
        .collect();
    Ok(Document::List {
        root: "service_request_updates",
        item: "request_update",
        items,
    }
    .respond(format, StatusCode::OK))
}

async fn key_holder(state: &AppState, params: &Params) -> Result<keys::KeyHolder, Refusal> {
    let key = params
        .get("api_key")
        .ok_or_else(|| Refusal::bad("api_key is required"))?;
    keys::holder(state, key)
        .await?
        .ok_or_else(|| Refusal(StatusCode::FORBIDDEN, "api_key is not valid".into()))
}

fn required<'a>(params: &'a Params, name: &str) -> Result<&'a str, Refusal> {
    params
        .get(name)
        .ok_or_else(|| Refusal::bad(format!("{name} is required")))
}

async fn post_request(state: &AppState, format: Format, params: &Params) -> Answer {
    let holder = key_holder(state, params).await?;
    let service_code = required(params, "service_code")?;
    let location = match (params.number::<f64>("lat")?, params.number::<f64>("long")?) {
        (Some(lat), Some(lon)) => GeoPoint { lat, lon },
        _ if params.get("address_string").is_some() || params.get("address_id").is_some() => {
            return Err(Refusal::bad(
                "lat and long are required: this server does not look up addresses; send address_string along with lat and long",
            ));
        }
        _ => return Err(Refusal::bad("lat and long are required")),
    };
    let name = [params.get("first_name"), params.get("last_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let media_url = params
        .get("media_url")
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .map(str::to_owned);
    let (number, token) = defects::submit(
        &state.db,
        Submission {
            category: service_code.to_owned(),
            location,
            address: params.get("address_string").map(str::to_owned),
            description: params.get("description").unwrap_or_default().to_owned(),
            answers: params.attributes(),
            photos: Vec::new(),
            email: params.get("email").map(str::to_owned),
            name: Some(name).filter(|n| !n.is_empty()),
            name_public: false,
            reporter: None,
            channel: Channel::Open311 {
                api_key: holder.id,
                media_url,
            },
        },
    )
    .await?;
    Ok(requests_document(vec![vec![
        ("service_request_id", text(number.to_string())),
        ("token", text(token)),
        ("service_notice", text("Die Meldung ist eingegangen.")),
        ("account_id", Field::Empty),
    ]])
    .respond(format, StatusCode::CREATED))
}

async fn post_update(state: &AppState, format: Format, params: &Params) -> Answer {
    let holder = key_holder(state, params).await?;
    if !holder.may_update {
        return Err(Refusal(
            StatusCode::FORBIDDEN,
            "this api_key may not post updates; ask the city for an update key".into(),
        ));
    }
    let id = required(params, "service_request_id")?;
    let update_id = required(params, "update_id")?;
    let status_name = required(params, "status")?;
    let description = required(params, "description")?;
    required(params, "updated_datetime")?;
    parse_time(params, "updated_datetime")?;
    let missing = || Refusal::not_found(format!("There is no service request \"{id}\""));
    let number: u64 = id.parse().map_err(|_| missing())?;
    let row = defects::report(&state.db, number)
        .await?
        .ok_or_else(missing)?;
    let external_id = format!("{}:{update_id}", holder.id);
    // A client that repeats its POST (after a timeout) gets the stored update.
    if let Some(stored) = defects::update_by_external_id(&state.db, &external_id).await? {
        if stored.report != number {
            return Err(Refusal::bad(format!(
                "update_id \"{update_id}\" was already used for service request {}",
                stored.report
            )));
        }
        return Ok(update_answer(stored.id).respond(format, StatusCode::OK));
    }
    let status = params
        .get("external_status_code")
        .and_then(DefectStatus::from_key)
        .or_else(|| status_from_external(status_name, row.status))
        .ok_or_else(|| Refusal::bad(format!("status \"{status_name}\" is not known")))?;
    if status == DefectStatus::Duplikat {
        return Err(Refusal::bad(
            "DUPLICATE cannot be set through updates: staff merge duplicates in the app, so that those affected follow the original",
        ));
    }
    let change = Change {
        external_id: Some(external_id),
        ..Change::status(&row, status, description.to_owned())
    };
    let ours = defects::apply_change(&state.db, number, &change).await?;
    Ok(update_answer(ours).respond(format, StatusCode::OK))
}

fn update_answer(update_id: String) -> Document {
    Document::List {
        root: "service_request_updates",
        item: "request_update",
        items: vec![vec![("update_id", text(update_id))]],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_take_single_and_multiple_values() {
        let params = Params::parse(
            b"attribute[art]=dunkel&attribute[farbe][]=rot&attribute[farbe][]=blau&x=1",
        );
        let attributes = params.attributes();
        assert_eq!(attributes["art"], vec!["dunkel"]);
        assert_eq!(attributes["farbe"], vec!["rot", "blau"]);
        assert_eq!(attributes.len(), 2);
    }

    #[test]
    fn windows_are_at_most_ninety_days() {
        let ok =
            Params::parse(b"start_date=2026-09-01T00:00:00Z&end_date=2026-11-01T00:00:00%2B01:00");
        assert!(window(&ok).is_ok());
        let long = Params::parse(b"start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z");
        assert!(window(&long).is_err());
        let reversed =
            Params::parse(b"start_date=2026-11-01T00:00:00Z&end_date=2026-10-01T00:00:00Z");
        assert!(window(&reversed).is_err());
        let spaced = Params::parse(b"start_date=2026-10-01T00:00:00+01:00");
        assert!(window(&spaced).is_ok());
    }

    #[test]
    fn external_statuses_map_both_ways() {
        for status in DefectStatus::ALL {
            let back = status_from_external(external_status(status), status).unwrap();
            assert_eq!(back.is_open(), status.is_open(), "{status:?}");
        }
        assert_eq!(
            status_from_external("REOPEN", DefectStatus::Erledigt),
            Some(DefectStatus::Neu)
        );
        assert_eq!(status_from_external("WHATEVER", DefectStatus::Neu), None);
    }
}
