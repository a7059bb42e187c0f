//! Staff editing of the council data under `/api/v1/council/objects`:
//! create, replace and (softly) delete objects of every OParl type, and
//! upload PDF files whose text the search then finds. The objects are
//! written and answered in OParl's own form.

mod draft;
mod save;

use std::sync::Arc;

use axum::{
    body::Body,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha512};
use shared::api::ApiErrorBody;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    kind::Kind,
    object::with_object_type,
    pdf_text,
    render::{Readers, Renderer},
    store,
};
use crate::{
    accounts::{Action, Actor},
    audit,
    error::{Error, Result},
    extract::{ApiJson, ApiPath, ApiQuery},
    state::AppState,
    uploads::FileBody,
};

pub use save::{delete, store_ocr_text};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_object))
        .routes(routes!(replace_object, delete_object))
        .routes(routes!(upload_file))
        .routes(routes!(replace_file_content))
}

fn kind_of(path: &str) -> Result<Kind> {
    Kind::from_path(path).ok_or_else(|| {
        Error::NotFound(format!(
            "Den Objekttyp „{path}“ gibt es nicht. Möglich sind: {}.",
            Kind::ALL.map(Kind::path).join(", ")
        ))
    })
}

fn base(state: &AppState) -> String {
    format!("{}oparl/v1/", state.public_url)
}

/// The object as the OParl API now shows it.
async fn rendered(state: &AppState, kind: Kind, number: u64) -> Result<Value> {
    let base = base(state);
    // Staff edit non-public items too, and see what they wrote.
    let renderer = Renderer {
        db: &state.db,
        base: &base,
        readers: Readers::Council,
    };
    let rows: Vec<_> = store::get(&state.db, kind, number)
        .await?
        .into_iter()
        .collect();
    with_object_type!(kind, T => {
        let object = renderer.render::<T>(rows, false).await?.pop();
        Ok(serde_json::to_value(object)?)
    })
}

async fn answer(state: &AppState, status: StatusCode, kind: Kind, number: u64) -> Result<Response> {
    let object = rendered(state, kind, number).await?;
    let location = object["id"].as_str().unwrap_or_default().to_owned();
    Ok((status, [(header::LOCATION, location)], axum::Json(object)).into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct BodyChoice {
    /// Number of the body the object belongs to, needed only when there are
    /// several and neither the object nor its parent names one.
    body: Option<u64>,
}

/// Create a council object (staff). The body is the OParl object without
/// `id`, `created` and `modified`; references may be absolute or relative
/// (`person/4`); embedded places and files are given by their `id`.
#[utoipa::path(post, path = "/council/objects/{kind}", tag = "council",
    params(("kind" = String, Path, description = "OParl type in the URL's spelling: paper, meeting, agenda-item, …"), BodyChoice),
    request_body(content = Object, description = "An OParl 1.1 object of the type"),
    responses(
        (status = 201, description = "Created; the object as OParl shows it", body = Object),
        (status = 400, description = "Invalid object or reference", body = ApiErrorBody),
        (status = 403, description = "Only staff and administrators edit the council data", body = ApiErrorBody)))]
async fn create_object(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(kind): ApiPath<String>,
    ApiQuery(choice): ApiQuery<BodyChoice>,
    ApiJson(input): ApiJson<Value>,
) -> Result<Response> {
    actor.may(Action::EditCouncil)?;
    let kind = kind_of(&kind)?;
    if kind == Kind::File {
        return Err(Error::InvalidInput(
            "Dateien werden als PDF mit POST /api/v1/council/files hochgeladen.".into(),
        ));
    }
    let draft = with_object_type!(kind, T => draft::draft::<T>(input, &base(&state))?);
    let number = save::create(&state.db, kind, draft, choice.body).await?;
    record(&state, &actor, "council.create", kind, number).await?;
    answer(&state, StatusCode::CREATED, kind, number).await
}

/// Replace a council object (staff) with a new version of it.
#[utoipa::path(put, path = "/council/objects/{kind}/{number}", tag = "council",
    params(("kind" = String, Path), ("number" = u64, Path)),
    request_body(content = Object, description = "The whole object as it shall be"),
    responses(
        (status = 200, description = "The object as OParl now shows it", body = Object),
        (status = 404, description = "No such live object", body = ApiErrorBody),
        (status = 409, description = "Someone changed the object meanwhile", body = ApiErrorBody)))]
async fn replace_object(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath((kind, number)): ApiPath<(String, u64)>,
    ApiJson(input): ApiJson<Value>,
) -> Result<Response> {
    actor.may(Action::EditCouncil)?;
    let kind = kind_of(&kind)?;
    let draft = with_object_type!(kind, T => draft::draft::<T>(input, &base(&state))?);
    save::replace(&state.db, kind, number, draft).await?;
    record(&state, &actor, "council.update", kind, number).await?;
    answer(&state, StatusCode::OK, kind, number).await
}

/// Delete a council object (staff). OParl keeps a tombstone: the object
/// answers `deleted: true` and appears in `modified_since` lists.
#[utoipa::path(delete, path = "/council/objects/{kind}/{number}", tag = "council",
    params(("kind" = String, Path), ("number" = u64, Path)),
    responses((status = 204, description = "Deleted"), (status = 404, description = "No such live object", body = ApiErrorBody)))]
async fn delete_object(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath((kind, number)): ApiPath<(String, u64)>,
) -> Result<StatusCode> {
    actor.may(Action::EditCouncil)?;
    let kind = kind_of(&kind)?;
    if !save::delete(&state.db, kind, number).await? {
        return Err(Error::NotFound(format!(
            "Das Objekt {} gibt es nicht.",
            kind.reference(number)
        )));
    }
    record(&state, &actor, "council.delete", kind, number).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
struct NewFile {
    /// File name for downloads, e.g. `V-0123-2026.pdf`.
    file_name: String,
    /// Title shown to readers; the file name when left out.
    name: Option<String>,
    /// Date of the document, `yyyy-mm-dd`.
    date: Option<String>,
    body: Option<u64>,
}

/// Upload a PDF as a new File (staff). The request body is the PDF itself
/// (`Content-Type: application/pdf`). Its text is extracted for the search;
/// scanned pages are read by OCR in the background, and the File's `text`
/// grows by what they say shortly after. Link the answered `id` from a
/// paper, meeting or agenda item.
#[utoipa::path(post, path = "/council/files", tag = "council", params(NewFile),
    request_body(content = inline(FileBody), content_type = "application/pdf"),
    responses(
        (status = 201, description = "The File as OParl shows it", body = Object),
        (status = 400, description = "Unreadable PDF or bad parameters", body = ApiErrorBody),
        (status = 413, description = "Larger than the upload limit", body = ApiErrorBody),
        (status = 415, description = "Not a PDF", body = ApiErrorBody)))]
async fn upload_file(
    State(state): State<AppState>,
    actor: Actor,
    ApiQuery(file): ApiQuery<NewFile>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response> {
    actor.may(Action::EditCouncil)?;
    let facts = content_facts(&state, &headers, body).await?;
    let file_name = crate::uploads::pdf_file_name(&file.file_name)?;
    let mut doc = Map::new();
    doc.insert(
        "name".into(),
        Value::from(
            file.name
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| file_name.clone()),
        ),
    );
    doc.insert("fileName".into(), Value::from(file_name));
    if let Some(date) = file.date {
        doc.insert("date".into(), Value::from(date));
    }
    let draft = draft::draft::<shared::oparl::File>(Value::Object(doc), &base(&state))?;
    let number = save::create_file(&state.db, draft, facts, file.body).await?;
    record(&state, &actor, "council.upload", Kind::File, number).await?;
    answer(&state, StatusCode::CREATED, Kind::File, number).await
}

/// Replace the PDF of a File (staff), e.g. with a corrected version.
#[utoipa::path(put, path = "/council/objects/file/{number}/content", tag = "council",
    params(("number" = u64, Path)),
    request_body(content = inline(FileBody), content_type = "application/pdf"),
    responses(
        (status = 200, description = "The File as OParl now shows it", body = Object),
        (status = 404, description = "No such live file", body = ApiErrorBody),
        (status = 413, description = "Larger than the upload limit", body = ApiErrorBody),
        (status = 415, description = "Not a PDF", body = ApiErrorBody)))]
async fn replace_file_content(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(number): ApiPath<u64>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response> {
    actor.may(Action::EditCouncil)?;
    let facts = content_facts(&state, &headers, body).await?;
    save::replace_content(&state.db, number, facts).await?;
    record(&state, &actor, "council.upload", Kind::File, number).await?;
    answer(&state, StatusCode::OK, Kind::File, number).await
}

/// Reads an uploaded PDF into the File fields the server derives from it.
async fn content_facts(state: &AppState, headers: &HeaderMap, body: Body) -> Result<save::Content> {
    let bytes = Arc::new(crate::uploads::pdf(headers, body, state.upload_limit).await?);
    let read = pdf_text::read(bytes.clone()).await?;
    let checksum: String = Sha512::digest(bytes.as_slice())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut facts = json!({
        "mimeType": "application/pdf",
        "size": bytes.len(),
        "sha512Checksum": checksum,
    });
    if let Some(text) = read.text() {
        facts["text"] = Value::from(text);
    }
    tracing::info!(
        pages = read.pages.len(),
        scanned = read.scanned.len(),
        size = bytes.len(),
        "PDF uploaded"
    );
    Ok(save::Content {
        facts,
        bytes: Arc::try_unwrap(bytes).unwrap_or_else(|shared| shared.as_ref().clone()),
        scanned: !read.scanned.is_empty(),
    })
}

async fn record(
    state: &AppState,
    actor: &Actor,
    action: &str,
    kind: Kind,
    number: u64,
) -> Result<()> {
    audit::record(
        &state.db,
        Some(&actor.account.id),
        action,
        &kind.reference(number),
        "",
    )
    .await
}
