//! The OParl 1.1 read API under `/oparl/v1`: the System object, the list of
//! bodies, every object at its own URL, and the external lists of bodies and
//! organizations. Every answer is JSON with `Access-Control-Allow-Origin: *`;
//! failures carry the OParl error object.

use axum::{
    Json, Router,
    body::Bytes,
    extract::{Path, RawQuery, State},
    http::{HeaderValue, header},
    middleware,
    response::{IntoResponse, Response},
    routing::get,
};
use shared::oparl::{
    AgendaItem, Body, Common, Consultation, File, LegislativeTerm, Links, Location, Meeting,
    Membership, OPARL_VERSION, OparlError, Organization, Pagination, Paper, Person, System, types,
};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::council::{
    answers::CachedAnswer,
    blocks, conditional,
    kind::Kind,
    non_public,
    object::{Object, with_object_type},
    query::ListQuery,
    render::{Readers, Renderer, oparl_base},
    store::{self, Scope},
    texts,
};
use crate::{
    accounts::{Action, Actor},
    city,
    error::Error,
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/system", get(system))
        .route("/body", get(bodies))
        .route("/file/{number}/access", get(file_access))
        .route("/file/{number}/download", get(file_download))
        .route("/{kind}/{number}", get(object))
        .route("/{kind}/{number}/{list}", get(list))
        .fallback(unknown_path)
        .layer(middleware::from_fn(conditional::conditional_get))
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
}

/// Errors of the OParl API, answered with the OParl error object.
struct Failure(Error);

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        Self(err)
    }
}

impl From<serde_json::Error> for Failure {
    fn from(err: serde_json::Error) -> Self {
        Self(Error::from(err))
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let (status, code) = self.0.status_and_code();
        let message = if status.is_server_error() {
            tracing::error!(error = %self.0, "OParl request failed");
            "Ein interner Fehler ist aufgetreten.".to_owned()
        } else {
            self.0.to_string()
        };
        let body = OparlError {
            kind: types::ERROR.into(),
            message,
            debug: code.into(),
        };
        (status, Json(body)).into_response()
    }
}

type Answer = Result<Response, Failure>;

fn base(state: &AppState) -> String {
    oparl_base(&state.public_url)
}

fn not_found(what: &str) -> Failure {
    Failure(Error::NotFound(format!("{what} gibt es nicht.")))
}

async fn unknown_path() -> Failure {
    not_found("Diese OParl-Adresse")
}

async fn system(State(state): State<AppState>) -> Answer {
    let created = store::system_created(&state.db).await?;
    let city = city::load(&state.db).await?;
    let base = base(&state);
    let system = System {
        common: Common {
            id: format!("{base}system"),
            kind: types::SYSTEM.into(),
            modified: created.clone(),
            created,
            ..Common::default()
        },
        oparl_version: OPARL_VERSION.into(),
        body: format!("{base}body"),
        name: city
            .as_ref()
            .map(|c| format!("Digitale Stadt {} – Ratsinformation", c.name)),
        contact_email: city.as_ref().map(|c| c.operator.email.clone()),
        contact_name: city.as_ref().map(|c| c.operator.name.clone()),
        website: Some(state.public_url.to_string()),
        ..System::default()
    };
    Ok(Json(system).into_response())
}

async fn bodies(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Answer {
    page::<Body>(&state, Scope::All, "body", raw.as_deref()).await
}

async fn object(
    State(state): State<AppState>,
    Path((kind, number)): Path<(String, String)>,
) -> Answer {
    let kind = Kind::from_path(&kind).ok_or_else(|| not_found("Diese Objektart"))?;
    let number: u64 = number.parse().map_err(|_| not_found("Dieses Objekt"))?;
    with_object_type!(kind, T => one::<T>(&state, number).await)
}

async fn one<T: Object>(state: &AppState, number: u64) -> Answer {
    cached(state, T::KIND.reference(number), || {
        render_one::<T>(state, number)
    })
    .await
}

async fn render_one<T: Object>(state: &AppState, number: u64) -> Result<Vec<u8>, Failure> {
    let text = texts::one::<T>(&state.db, &base(state), number)
        .await?
        .ok_or_else(|| not_found("Dieses Objekt"))?;
    Ok(text.into_bytes())
}

/// Serves the answer rendered for the current council version, rendering
/// and keeping it when this app server has none yet.
async fn cached<F, Fut>(state: &AppState, key: String, render: F) -> Answer
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Vec<u8>, Failure>>,
{
    let version = state.council_version.current(&state.db).await?;
    let answer = match state.oparl_answers.get(version, &key) {
        Some(answer) => answer,
        None => {
            let answer = CachedAnswer::new(Bytes::from(render().await?));
            state.oparl_answers.put(version, key, answer.clone());
            answer
        }
    };
    let mut response = (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        answer.body,
    )
        .into_response();
    answer.validators.apply(response.headers_mut());
    Ok(response)
}

async fn list(
    State(state): State<AppState>,
    Path((owner, number, list)): Path<(String, String, String)>,
    RawQuery(raw): RawQuery,
) -> Answer {
    let owner = Kind::from_path(&owner).ok_or_else(|| not_found("Diese Liste"))?;
    let number: u64 = number.parse().map_err(|_| not_found("Diese Liste"))?;
    let listed = Kind::from_path(&list).ok_or_else(|| not_found("Diese Liste"))?;
    let path = format!("{}/{list}", owner.reference(number));
    let raw = raw.as_deref();
    match (owner, listed) {
        (Kind::Body, Kind::Body) => Err(not_found("Diese Liste")),
        (Kind::Body, Kind::LegislativeTerm) => {
            page::<LegislativeTerm>(&state, Scope::Body(number), &path, raw).await
        }
        (Kind::Body, Kind::Organization) => {
            page::<Organization>(&state, Scope::Body(number), &path, raw).await
        }
        (Kind::Body, Kind::Person) => page::<Person>(&state, Scope::Body(number), &path, raw).await,
        (Kind::Body, Kind::Membership) => {
            page::<Membership>(&state, Scope::Body(number), &path, raw).await
        }
        (Kind::Body, Kind::Meeting) => {
            page::<Meeting>(&state, Scope::Body(number), &path, raw).await
        }
        (Kind::Body, Kind::AgendaItem) => {
            page::<AgendaItem>(&state, Scope::Body(number), &path, raw).await
        }
        (Kind::Body, Kind::Paper) => page::<Paper>(&state, Scope::Body(number), &path, raw).await,
        (Kind::Body, Kind::Consultation) => {
            page::<Consultation>(&state, Scope::Body(number), &path, raw).await
        }
        (Kind::Body, Kind::File) => page::<File>(&state, Scope::Body(number), &path, raw).await,
        (Kind::Body, Kind::Location) => {
            page::<Location>(&state, Scope::Body(number), &path, raw).await
        }
        (Kind::Organization, Kind::Meeting) => {
            page::<Meeting>(&state, Scope::Organization(number), &path, raw).await
        }
        (Kind::Organization, Kind::Consultation) => {
            page::<Consultation>(&state, Scope::Organization(number), &path, raw).await
        }
        _ => Err(not_found("Diese Liste")),
    }
}

/// One page of an external list, with `next` on every page but the last.
async fn page<T: Object>(state: &AppState, scope: Scope, path: &str, raw: Option<&str>) -> Answer {
    let query = ListQuery::parse(raw)?;
    let key = format!("{path}?{}", query.to_query_string(Some(query.after)));
    cached(state, key, || render_page::<T>(state, scope, path, query)).await
}

async fn render_page<T: Object>(
    state: &AppState,
    scope: Scope,
    path: &str,
    query: ListQuery,
) -> Result<Vec<u8>, Failure> {
    // Checked only when rendering: a cached page implies its owner was
    // there in this council version.
    let owner = match scope {
        Scope::All => None,
        Scope::Body(n) => Some((Kind::Body, n)),
        Scope::Organization(n) => Some((Kind::Organization, n)),
    };
    let version = state.council_version.current(&state.db).await?;
    let facts = &state.oparl_lists;
    if let Some((kind, n)) = owner
        && !facts.is_live(&state.db, version, kind, n).await?
    {
        return Err(not_found("Diese Liste"));
    }
    let base = base(state);
    let renderer = Renderer {
        db: &state.db,
        base: &base,
        readers: Readers::Public,
    };
    // The stored texts are the full objects; the rarely asked short form
    // is rendered. Plain lists are read from blocks of texts.
    // One more than the page tells whether the list goes on.
    let owned: Vec<(u64, String)>;
    let blocks: blocks::Page;
    let (data, has_next): (Vec<(u64, &str)>, bool) = if query.omit_internal {
        let rows: Vec<store::Row> = store::page(
            &state.db,
            T::KIND,
            &scope,
            &query.filter,
            query.after,
            query.limit + 1,
        )
        .await?;
        owned = renderer.texts::<T>(rows, true).await?;
        one_more(&owned, query.limit)
    } else if blocks::serve(&scope, &query.filter) {
        let body = match scope {
            Scope::Body(n) => Some(n),
            _ => None,
        };
        let last = facts
            .last_listed(&state.db, version, T::KIND, &scope)
            .await?;
        blocks = blocks::page::<T>(&state.db, &base, body, query.after, query.limit, last).await?;
        (blocks.items(), blocks.has_next)
    } else {
        owned = texts::page::<T>(
            &state.db,
            &base,
            &scope,
            &query.filter,
            query.after,
            query.limit + 1,
        )
        .await?;
        one_more(&owned, query.limit)
    };
    let last = data.last().map(|(n, _)| *n);

    let link = |after: Option<u64>| {
        let query_string = query.to_query_string(after);
        let url = renderer.absolute(path);
        if query_string.is_empty() {
            url
        } else {
            format!("{url}?{query_string}")
        }
    };
    let links = Links {
        first: Some(link(None)),
        self_: Some(link(Some(query.after))),
        next: if has_next {
            last.map(|n| link(Some(n)))
        } else {
            None
        },
        ..Links::default()
    };
    let pagination = Pagination {
        elements_per_page: Some(query.limit),
        ..Pagination::default()
    };
    let texts: Vec<&str> = data.into_iter().map(|(_, text)| text).collect();
    Ok(list_page(&texts, &pagination, &links)?)
}

/// A page of `limit` texts out of one more, and whether there was one more.
fn one_more(texts: &[(u64, String)], limit: u64) -> (Vec<(u64, &str)>, bool) {
    let page = texts
        .iter()
        .take(limit as usize)
        .map(|(n, text)| (*n, text.as_str()))
        .collect();
    (page, texts.len() as u64 > limit)
}

/// The JSON of a [`shared::oparl::ListPage`] whose objects are ready texts, joined as
/// they are rather than parsed and written again.
fn list_page(
    texts: &[&str],
    pagination: &Pagination,
    links: &Links,
) -> serde_json::Result<Vec<u8>> {
    let size = texts.iter().map(|text| text.len() + 1).sum::<usize>();
    let mut page = Vec::with_capacity(size + 512);
    page.extend_from_slice(b"{\"data\":[");
    for (i, text) in texts.iter().enumerate() {
        if i > 0 {
            page.push(b',');
        }
        page.extend_from_slice(text.as_bytes());
    }
    page.extend_from_slice(b"],\"pagination\":");
    serde_json::to_writer(&mut page, pagination)?;
    page.extend_from_slice(b",\"links\":");
    serde_json::to_writer(&mut page, links)?;
    page.push(b'}');
    Ok(page)
}

/// `accessUrl`: the file shown in the browser (never as attachment).
async fn file_access(
    State(state): State<AppState>,
    reader: Result<Actor, Error>,
    Path(number): Path<String>,
) -> Answer {
    file_content(&state, reader.ok(), &number, "inline").await
}

/// `downloadUrl`: the same bytes as an attachment with the real file name.
async fn file_download(
    State(state): State<AppState>,
    reader: Result<Actor, Error>,
    Path(number): Path<String>,
) -> Answer {
    file_content(&state, reader.ok(), &number, "attachment").await
}

/// A file only non-public agenda items name is there for council members,
/// staff and administrators only (and never kept by a cache); for everyone
/// else it does not exist. Files are public otherwise: a sign-in that no
/// longer works (an old cookie) makes no difference to them.
async fn file_content(
    state: &AppState,
    reader: Option<Actor>,
    number: &str,
    disposition: &str,
) -> Answer {
    let number: u64 = number.parse().map_err(|_| not_found("Diese Datei"))?;
    let row = store::get(&state.db, Kind::File, number)
        .await?
        .ok_or_else(|| not_found("Diese Datei"))?;
    if row.deleted {
        return Err(Failure(Error::Gone("Diese Datei wurde gelöscht.".into())));
    }
    let withheld = non_public::is_withheld(&state.db, Kind::File, &row).await?;
    let council = reader.is_some_and(|r| r.may(Action::ReadNonPublicCouncil).is_ok());
    if withheld && !council {
        return Err(not_found("Diese Datei"));
    }
    let file: File = serde_json::from_value(row.doc)?;
    let content = store::content(&state.db, number)
        .await?
        .ok_or_else(|| not_found("Der Inhalt dieser Datei"))?;
    let name = file.file_name.unwrap_or_else(|| format!("datei-{number}"));
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = url::form_urlencoded::byte_serialize(name.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    // Only a PDF is shown in the browser. Whatever else an imported source
    // sent (an HTML page would run as our own) is a download that nothing
    // may run, whatever its declared type.
    let pdf = content.starts_with(b"%PDF-");
    let (mime, disposition) = if pdf {
        ("application/pdf", disposition)
    } else {
        ("application/octet-stream", "attachment")
    };
    // The checksum is the file's validator, so that the conditional GET
    // layer need not read the whole file to hash it.
    let etag = file
        .sha512_checksum
        .as_deref()
        .filter(|sum| sum.len() >= 32 && sum.chars().all(|c| c.is_ascii_hexdigit()))
        .and_then(|sum| HeaderValue::from_str(&format!("\"{}\"", &sum[..32])).ok());
    let mut response = content.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if !pdf {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("sandbox; default-src 'none'"),
        );
    }
    if withheld {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    } else if let Some(etag) = etag {
        headers.insert(header::ETAG, etag);
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    if let Ok(value) = HeaderValue::from_str(&format!(
        "{disposition}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    )) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    if let Some(modified) = chrono::DateTime::parse_from_rfc3339(&row.modified).ok()
        && let Ok(value) = HeaderValue::from_str(
            &modified
                .to_utc()
                .format("%a, %d %b %Y %H:%M:%S GMT")
                .to_string(),
        )
    {
        headers.insert(header::LAST_MODIFIED, value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};
    use shared::oparl::ListPage;

    use super::*;

    #[test]
    fn a_page_of_texts_is_the_list_page_of_their_objects() {
        let objects = vec![json!({"id": "a", "name": "Ä \"1\""}), json!({"id": "b"})];
        let pagination = Pagination {
            elements_per_page: Some(2),
            ..Pagination::default()
        };
        let links = Links {
            next: Some("https://rat.example/oparl/v1/body/1/paper?after=2".into()),
            ..Links::default()
        };
        let texts: Vec<String> = objects.iter().map(Value::to_string).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let joined = list_page(&texts, &pagination, &links).unwrap();
        let whole = serde_json::to_vec(&ListPage {
            data: objects,
            pagination,
            links,
        })
        .unwrap();
        assert_eq!(
            String::from_utf8(joined).unwrap(),
            String::from_utf8(whole).unwrap()
        );
        assert_eq!(
            list_page(&[], &Pagination::default(), &Links::default()).unwrap(),
            br#"{"data":[],"pagination":{},"links":{}}"#
        );
    }
}
