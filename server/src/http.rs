//! Assembles the HTTP surface: the JSON API under `/api/v1` (documented by the
//! OpenAPI file it serves), the health check, and the web app with its
//! single-page fallback. Cross-cutting layers are applied here once.

use std::{path::Path, time::Duration};

use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, MatchedPath, Request, State},
    http::{HeaderName, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use tower::ServiceBuilder;
use tower_http::{
    compression::CompressionLayer,
    csrf::CsrfLayer,
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    services::{ServeDir, ServeFile},
    set_header::SetResponseHeaderLayer,
    timeout::TimeoutLayer,
    trace::TraceLayer,
};
use url::Url;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::{
    accounts::{self, Accounts, limits},
    audit, budget, city,
    config::ServeConfig,
    consultations, council,
    db::Db,
    defects,
    error::Error,
    moderation, open311, polls, stats,
};

/// What every handler may use. Cheap to clone: the database handle is shared.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub public_url: Url,
    /// Rendered OParl answers of this app server, valid per council version.
    pub oparl_answers: std::sync::Arc<council::AnswerCache>,
    pub council_version: std::sync::Arc<council::CouncilVersion>,
    pub accounts: std::sync::Arc<Accounts>,
    pub moderation: moderation::Rules,
    /// Largest accepted upload (a council PDF), in bytes.
    pub upload_limit: usize,
    pub defects: std::sync::Arc<crate::defects::Settings>,
    /// Started with `--demo`: the Open311 key `demo` works.
    pub demo: bool,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Digitale Stadt API",
        description = "JSON API of Digitale Stadt. Errors are answered as `{\"error\": code, \"message\": text}`.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later")
    ),
    servers((url = "/api/v1")),
    tags(
        (name = "city", description = "The city operating this installation"),
        (name = "stats", description = "Live figures"),
        (name = "accounts", description = "Passkey sign-up and sign-in, sessions, own data"),
        (name = "admin", description = "Accounts, roles, invitations and the audit log"),
        (name = "moderation", description = "Reports, the moderation queue and decisions"),
        (name = "council", description = "The meeting calendar and its iCalendar feeds"),
        (name = "budget", description = "Bürgerhaushalt: cycles, proposals, ballots, results and Pabulib exports"),
        (name = "defects", description = "Mängelmelder: categories, reports with photos, the staff workflow, statistics and open data (GeoJSON, CSV)"),
        (name = "consultations", description = "Online-Beteiligung: drafts with paragraph comments, official answers, versions and their differences, the Abwägungstabelle (CSV, HTML) and debates"),
        (name = "polls", description = "Abstimmungen and Umfragen: polls, secret ballots with receipt codes, results and anonymous ballots (CSV)"),
        (name = "open311", description = "API keys of the Open311 GeoReport v2 interface at /open311/v2/"),
    )
)]
struct ApiDoc;

/// The `/api/v1` routes and the OpenAPI document describing exactly them.
/// Sign-in has its own rate limit; every write shares another one.
pub fn api(limits: limits::Limits) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(accounts::auth_router().layer(limits::per_ip_sign_in(limits)))
        .merge(
            OpenApiRouter::new()
                .merge(city::router())
                .merge(council::api_router())
                .merge(budget::router())
                .merge(defects::router())
                .merge(polls::router())
                .merge(consultations::router())
                .merge(open311::api_router())
                .merge(stats::router())
                .merge(accounts::router())
                .merge(audit::router())
                .merge(moderation::router())
                .layer(limits::per_ip_writes(limits)),
        )
        .split_for_parts()
}

pub fn router(state: AppState, config: &ServeConfig) -> Router {
    let (api, openapi) = api(config.limits());
    let api = api
        .route("/openapi.json", get(move || async move { Json(openapi) }))
        .fallback(api_not_found)
        .method_not_allowed_fallback(api_method_not_allowed)
        // JSON bodies are held to the body limit, uploads read their bodies
        // themselves up to the upload limit.
        .layer(DefaultBodyLimit::max(config.body_limit))
        .layer(RequestBodyLimitLayer::new(
            config
                .body_limit
                .max(config.upload_limit)
                .max(config.defects.photo_limit),
        ))
        .layer(cross_site_protection());

    Router::new()
        .nest("/api/v1", api)
        .route("/api", get(api_not_found))
        .route("/api/{*rest}", get(api_not_found).fallback(api_not_found))
        .nest("/oparl/v1", council::oparl_router())
        .nest(
            "/open311/v2",
            open311::router().layer(limits::per_ip_writes(config.limits())),
        )
        .route("/healthz", get(healthz))
        .fallback_service(site(&config.site))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(request_span))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::REQUEST_TIMEOUT,
                    config.request_timeout(),
                ))
                .layer(CompressionLayer::new())
                .layer(SetResponseHeaderLayer::if_not_present(
                    HeaderName::from_static("x-content-type-options"),
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("strict-origin-when-cross-origin"),
                )),
        )
        .with_state(state)
}

/// Browsers say where a request comes from (`Sec-Fetch-Site`, `Origin`);
/// writes from other sites are refused, so a foreign page cannot act with
/// the app's cookies. Clients that send neither header (API clients with a
/// bearer token) are not browsers and pass.
fn cross_site_protection() -> CsrfLayer<fn(tower_http::csrf::ProtectionError) -> Response> {
    CsrfLayer::new().with_rejection_response(cross_site_refused)
}

fn cross_site_refused(_: tower_http::csrf::ProtectionError) -> Response {
    Error::Forbidden(
        "Diese Anfrage kam von einer anderen Website und wurde deshalb abgelehnt.".into(),
    )
    .into_response()
}

fn request_span(request: &Request) -> tracing::Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(MatchedPath::as_str);
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!("request", method = %request.method(), uri = %request.uri(), route, request_id)
}

/// The built web app. Unknown paths get `index.html` so that client-side
/// routes work on reload; the build puts a brotli copy (`.br`) beside every file.
fn site(dir: &Path) -> Router {
    let index = dir.join("index.html");
    if !index.is_file() {
        tracing::warn!(
            site = %dir.display(),
            "no web app found; the API works, build the app with `cargo xtask demo` or `cargo xtask build-web`"
        );
        return Router::new().fallback(app_not_built);
    }
    let files = ServeDir::new(dir)
        .precompressed_br()
        .fallback(ServeFile::new(index).precompressed_br());
    Router::new().fallback_service(
        ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::overriding(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-cache"),
            ))
            .service(files),
    )
}

async fn app_not_built() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "Die Web-Oberfläche ist nicht gebaut. Bauen Sie sie mit `cargo xtask build-web` (oder starten Sie `cargo xtask demo`).\n",
    )
        .into_response()
}

async fn api_not_found() -> Error {
    Error::NotFound("Diese API-Adresse gibt es nicht. Die Beschreibung aller Adressen steht unter /api/v1/openapi.json.".into())
}

async fn api_method_not_allowed() -> Error {
    Error::MethodNotAllowed
}

/// 200 only when the database answers within a second, so that a load
/// balancer takes a server out of rotation when its database is gone.
async fn healthz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(1), state.db.health()).await {
        Ok(Ok(())) => (StatusCode::OK, "ok\n").into_response(),
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "health check: database failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
        }
        Err(_) => {
            tracing::warn!("health check: database timed out");
            (StatusCode::SERVICE_UNAVAILABLE, "database timeout\n").into_response()
        }
    }
}
