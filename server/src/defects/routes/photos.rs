//! `/defects/photos`: uploading a photo before the report is sent (so the
//! form shows progress and a preview) and serving the stored sizes.

use axum::{
    Json,
    body::Body,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use shared::{api::ApiErrorBody, defects::UploadedPhoto};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::super::{
    photos::{self, PixelBudget},
    store, views,
};
use crate::{
    accounts::{Action, Actor, ClientAddress},
    error::{Error, Result},
    extract::ApiPath,
    secret,
    state::AppState,
    uploads::FileBody,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload))
        .routes(routes!(serve))
}

/// Takes a JPEG or PNG as the request body. The answer's `key` must come
/// with the report that uses the photo.
#[utoipa::path(post, path = "/defects/photos", tag = "defects",
    request_body(content((inline(FileBody) = "image/jpeg"), (inline(FileBody) = "image/png"))),
    responses(
        (status = 201, body = UploadedPhoto),
        (status = 400, body = ApiErrorBody),
        (status = 413, description = "Too many bytes or pixels", body = ApiErrorBody),
        (status = 415, description = "Not a JPEG or PNG", body = ApiErrorBody),
    ))]
async fn upload(
    State(state): State<AppState>,
    client: ClientAddress,
    body: Body,
) -> Result<(StatusCode, Json<UploadedPhoto>)> {
    // Each client (address) may have only so many uploads waiting for their
    // report, so that one cannot fill the room for everyone; a much larger
    // room for all together bounds the storage against many addresses.
    // Counting is an index count and comes before any work on the photo;
    // clearing out expired uploads reads them, so it runs only when full.
    let uploader = client.pseudonym();
    let full = |(own, all): (u64, u64)| {
        own >= state.defects.pending_photos_per_client || all >= state.defects.pending_photos_total
    };
    if full(store::unclaimed_photos(&state.db, uploader).await?) {
        store::forget_unclaimed_photos(&state.db).await?;
        if full(store::unclaimed_photos(&state.db, uploader).await?) {
            return Err(Error::TooManyRequests {
                retry_after_secs: 600,
            });
        }
    }
    let limit = state.defects.photo_limit;
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| {
        Error::PayloadTooLarge(format!(
            "Das Foto ist größer als {} MB. Bitte wählen Sie ein kleineres.",
            limit / (1024 * 1024)
        ))
    })?;
    if bytes.is_empty() {
        return Err(Error::InvalidInput("Es kam kein Foto an.".into()));
    }
    let budget = PixelBudget {
        max_pixels: state.defects.photo_max_pixels,
    };
    // A photo at the pixel budget needs a few hundred MB while it is worked
    // on: one at a time per core, the others wait their turn.
    let processed = crate::cpu::run(move || photos::process(&bytes, budget)).await??;
    let (width, height) = (processed.display.width, processed.display.height);
    let id = uuid::Uuid::new_v4().simple().to_string();
    let key = secret::token()?;
    store::save_photo(
        &state.db,
        &id,
        &secret::sha256_hex(&key),
        uploader,
        processed,
    )
    .await?;
    let thumbnail_url = views::photo_urls(&id).0;
    Ok((
        StatusCode::CREATED,
        Json(UploadedPhoto {
            id,
            key,
            thumbnail_url,
            width,
            height,
        }),
    ))
}

/// A stored photo as JPEG; `size` is `thumbnail` or `display`. Photos of a
/// report taken out of view are shown only to its reporter and to the staff
/// who handle reports.
/// A photo never changes, but can be taken out of view or removed, so caches
/// keep it only while they ask again each time (answered 304 while it stays).
#[utoipa::path(get, path = "/defects/photos/{id}/{size}", tag = "defects",
    params(("id" = String, Path), ("size" = String, Path, description = "`thumbnail` or `display`", pattern = "^(thumbnail|display)$")),
    responses((status = 200, content_type = "image/jpeg", body = inline(FileBody)), (status = 304, description = "The cached copy is still shown"), (status = 404, body = ApiErrorBody)))]
async fn serve(
    State(state): State<AppState>,
    actor: Option<Actor>,
    headers: HeaderMap,
    ApiPath((id, size)): ApiPath<(String, String)>,
) -> Result<Response> {
    let thumbnail = match size.as_str() {
        "thumbnail" => true,
        "display" => false,
        _ => {
            return Err(Error::NotFound(
                "Fotos gibt es als „thumbnail“ und „display“.".into(),
            ));
        }
    };
    let missing = || Error::NotFound("Dieses Foto gibt es nicht (mehr).".into());
    let audience = store::photo_audience(&state.db, &id)
        .await?
        .ok_or_else(missing)?;
    let hidden = audience.hidden;
    let may_see_hidden = actor.as_ref().is_some_and(|actor| {
        audience.reporter.as_deref() == Some(actor.account.id.as_str())
            || actor.may(Action::HandleDefects).is_ok()
    });
    if hidden && !may_see_hidden {
        return Err(missing());
    }
    let cache = if hidden {
        "private, no-store"
    } else {
        "public, no-cache"
    };
    let etag = format!("\"{id}-{size}\"");
    let cached = crate::headers::names_etag(headers.get(header::IF_NONE_MATCH), &etag);
    if cached && !hidden {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [
                (header::CACHE_CONTROL, cache.to_owned()),
                (header::ETAG, etag),
            ],
        )
            .into_response());
    }
    let jpeg = store::photo(&state.db, &id, thumbnail)
        .await?
        .ok_or_else(missing)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg".to_owned()),
            (header::CACHE_CONTROL, cache.to_owned()),
            (header::ETAG, etag),
        ],
        jpeg,
    )
        .into_response())
}
