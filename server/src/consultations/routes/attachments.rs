//! PDFs published with a draft: staff add and remove them; everyone reads
//! them in the browser.

use axum::{
    Json,
    body::Body,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use shared::{api::ApiErrorBody, consultations::Attachment};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::consultations::existing;
use crate::consultations::{
    store::{self, AttachmentRow},
    validate,
};
use crate::{
    accounts::{Action, Actor},
    audit,
    error::{Error, Result},
    extract::{ApiPath, ApiQuery},
    state::AppState,
    uploads,
    uploads::FileBody,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(add))
        .routes(routes!(read, remove))
}

pub fn attachment(number: u64, row: AttachmentRow) -> Attachment {
    Attachment {
        url: format!("/api/v1/consultations/{number}/attachments/{}", row.id),
        id: row.id,
        title: row.title,
        file_name: row.file_name,
        size: row.size,
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct NewAttachment {
    /// The file's name, ending in `.pdf`.
    file_name: String,
    /// What readers see; the file name when left out.
    title: Option<String>,
}

/// Adds a PDF to the draft (staff). The request body is the PDF itself.
#[utoipa::path(post, path = "/consultations/{number}/attachments", tag = "consultations",
    params(("number" = u64, Path, description = "Number of the consultation"), NewAttachment),
    request_body(content = inline(FileBody), content_type = "application/pdf"),
    responses((status = 201, body = Attachment), (status = 400, body = ApiErrorBody), (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody), (status = 413, body = ApiErrorBody), (status = 415, body = ApiErrorBody)))]
async fn add(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath(number): ApiPath<u64>,
    ApiQuery(file): ApiQuery<NewAttachment>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<Attachment>)> {
    actor.may(Action::ManageConsultations)?;
    existing(&state, number).await?;
    let file_name = uploads::pdf_file_name(&file.file_name)?;
    let title = match file.title.as_deref().map(str::trim) {
        Some(title) if !title.is_empty() => {
            validate::within(title, 2..=200, "Der Titel der Datei")?
        }
        _ => file_name.clone(),
    };
    let content = uploads::pdf(&headers, body, state.upload_limit).await?;
    let size = content.len() as u64;
    let id = store::add_attachment(&state.db, number, &title, &file_name, content).await?;
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "consultation.attachment",
        &format!("consultation:{number}"),
        &file_name,
    )
    .await?;
    let row = AttachmentRow {
        id,
        title,
        file_name,
        size,
    };
    Ok((StatusCode::CREATED, Json(attachment(number, row))))
}

/// The PDF, shown in the browser.
#[utoipa::path(get, path = "/consultations/{number}/attachments/{id}", tag = "consultations",
    params(("number" = u64, Path, description = "Number of the consultation"), ("id" = String, Path, description = "Id of the attachment")),
    responses((status = 200, content_type = "application/pdf", body = inline(FileBody)), (status = 404, body = ApiErrorBody)))]
async fn read(
    State(state): State<AppState>,
    ApiPath((number, id)): ApiPath<(u64, String)>,
) -> Result<Response> {
    let (file_name, content) = store::attachment_content(&state.db, number, &id)
        .await?
        .ok_or_else(|| not_found(&id))?;
    let disposition = format!(
        "inline; filename=\"{}\"",
        file_name.replace(['"', '\\'], "_")
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        content,
    )
        .into_response())
}

/// Removes a PDF from the draft (staff).
#[utoipa::path(delete, path = "/consultations/{number}/attachments/{id}", tag = "consultations",
    params(("number" = u64, Path, description = "Number of the consultation"), ("id" = String, Path, description = "Id of the attachment")),
    responses((status = 204, description = "Removed"), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
async fn remove(
    State(state): State<AppState>,
    actor: Actor,
    ApiPath((number, id)): ApiPath<(u64, String)>,
) -> Result<StatusCode> {
    actor.may(Action::ManageConsultations)?;
    if !store::remove_attachment(&state.db, number, &id).await? {
        return Err(not_found(&id));
    }
    audit::record(
        &state.db,
        Some(&actor.account.id),
        "consultation.attachment_removed",
        &format!("consultation:{number}"),
        &id,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

fn not_found(id: &str) -> Error {
    Error::NotFound(format!(
        "Eine Datei „{id}“ gibt es bei dieser Beteiligung nicht."
    ))
}
