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
use utoipa::{
    Modify, OpenApi,
    openapi::{
        Content, Ref, RefOr, ResponseBuilder,
        path::ParameterIn,
        security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme},
    },
};
use utoipa_axum::router::OpenApiRouter;

use crate::{
    accounts::{self, limits},
    audit, budget, city,
    config::ServeConfig,
    consultations, council, defects,
    error::Error,
    headers, moderation, open311, polls,
    privacy::PersonalData,
    search::Searchable,
    search_api,
    state::AppState,
    stats,
};

/// The domains whose content people can report to the moderators.
pub const MODERATED: &[&dyn moderation::Moderated] = &[
    &moderation::Profiles,
    &budget::Moderated,
    &consultations::Moderated,
];

/// The domains whose public content the search finds.
pub const SEARCHABLE: &[&dyn Searchable] = &[
    &council::Indexed,
    &budget::Indexed,
    &consultations::Indexed,
    &polls::Indexed,
    &defects::Indexed,
];

/// The domains that keep something about people, asked for a person's data
/// export and when an account is erased.
pub const PERSONAL_DATA: &[&dyn PersonalData] = &[
    &audit::Privacy,
    &moderation::Privacy,
    &budget::Privacy,
    &defects::Privacy,
    &polls::Privacy,
    &consultations::Privacy,
];

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
        (name = "search", description = "The search index of this app server"),
    )
)]
struct ApiDoc;

/// The `/api/v1` routes and the OpenAPI document describing exactly them.
/// Sign-in has its own rate limit; every write shares another one.
pub fn api(limits: &limits::AddressLimits) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let domain_routes = domains()
        .into_iter()
        .fold(OpenApiRouter::new(), OpenApiRouter::merge);
    let (router, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(accounts::auth_router().layer(limits.sign_in()))
        .merge(domain_routes.layer(limits.writes()))
        .split_for_parts();
    CommonAnswers.modify(&mut openapi);
    (router, openapi)
}

/// The routes of every domain except sign-in, each with its part of the
/// OpenAPI document.
fn domains() -> [OpenApiRouter<AppState>; 11] {
    [
        search_api::router(),
        city::router(),
        council::api_router(),
        budget::router(),
        defects::router(),
        polls::router(),
        consultations::router(),
        open311::api_router(),
        stats::router(),
        accounts::router(),
        moderation::router(),
    ]
}

/// One answer that layers and extractors give for many operations: its name
/// under `components/responses`, its status and what it means.
struct CommonAnswer {
    name: &'static str,
    status: &'static str,
    description: &'static str,
}

/// `Actor` refuses a missing, invalid or expired token, `Option<Actor>` an
/// invalid or expired one. Documented for every operation, although the few
/// that read no token never answer it: the document cannot tell them apart.
const UNAUTHORIZED: CommonAnswer = CommonAnswer {
    name: "Unauthorized",
    status: "401",
    description: "Not signed in, or the access token is invalid or expired",
};
const TOO_MANY_REQUESTS: CommonAnswer = CommonAnswer {
    name: "TooManyRequests",
    status: "429",
    description: "Too many requests from this address or account; `Retry-After` says how long to wait",
};
const CROSS_SITE: CommonAnswer = CommonAnswer {
    name: "CrossSite",
    status: "403",
    description: "A write a browser sent from another website",
};
const BAD_REQUEST: CommonAnswer = CommonAnswer {
    name: "BadRequest",
    status: "400",
    description: "The body or the query parameters are not of the documented form",
};
const PAYLOAD_TOO_LARGE: CommonAnswer = CommonAnswer {
    name: "PayloadTooLarge",
    status: "413",
    description: "The body is larger than allowed",
};
const NOT_FOUND: CommonAnswer = CommonAnswer {
    name: "NotFound",
    status: "404",
    description: "Nothing has this id, or a path parameter is not of the documented form",
};

/// Documents the common answers once for every operation they apply to,
/// instead of in each annotation: the sign-in check, the rate limits (every
/// write, and all of `/auth`), the cross-site check on writes, the body
/// limit, and the extractors that refuse a body or query (400) or a path
/// parameter (404) of the wrong form. What an annotation documents itself
/// is kept. Also declares the bearer token.
struct CommonAnswers;

impl Modify for CommonAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in &mut openapi.paths.paths {
            let operations = [
                (false, &mut item.get),
                (false, &mut item.head),
                (true, &mut item.post),
                (true, &mut item.put),
                (true, &mut item.patch),
                (true, &mut item.delete),
            ];
            for (write, operation) in operations {
                let Some(operation) = operation else { continue };
                let parameters = operation.parameters.as_deref().unwrap_or_default();
                let has = |place: ParameterIn| {
                    parameters.iter().any(|parameter| match parameter {
                        RefOr::T(parameter) => parameter.parameter_in == place,
                        RefOr::Ref(_) => false,
                    })
                };
                let mut answers = vec![&UNAUTHORIZED];
                if write || path.starts_with("/auth/") {
                    answers.push(&TOO_MANY_REQUESTS);
                }
                if write {
                    answers.push(&CROSS_SITE);
                }
                if operation.request_body.is_some() || has(ParameterIn::Query) {
                    answers.push(&BAD_REQUEST);
                }
                if operation.request_body.is_some() {
                    answers.push(&PAYLOAD_TOO_LARGE);
                }
                if has(ParameterIn::Path) {
                    answers.push(&NOT_FOUND);
                }
                for answer in answers {
                    operation
                        .responses
                        .responses
                        .entry(answer.status.to_owned())
                        .or_insert_with(|| Ref::from_response_name(answer.name).into());
                }
            }
        }
        let components = openapi.components.get_or_insert_with(Default::default);
        for answer in [
            UNAUTHORIZED,
            TOO_MANY_REQUESTS,
            CROSS_SITE,
            BAD_REQUEST,
            PAYLOAD_TOO_LARGE,
            NOT_FOUND,
        ] {
            components.responses.insert(
                answer.name.to_owned(),
                ResponseBuilder::new()
                    .description(answer.description)
                    .content(
                        "application/json",
                        Content::new(Some(Ref::from_schema_name("ApiErrorBody"))),
                    )
                    .build()
                    .into(),
            );
        }
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "The `access_token` of a sign-in; the web app sends it as an HttpOnly cookie instead.",
                    ))
                    .build(),
            ),
        );
        // Most operations work without signing in and show more with it.
        openapi.security = Some(vec![
            SecurityRequirement::default(),
            SecurityRequirement::new("bearer", Vec::<String>::new()),
        ]);
    }
}

pub fn router(state: AppState, config: &ServeConfig) -> Router {
    let limits = state.accounts.address_limits().clone();
    let (api, openapi) = api(&limits);
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
        .layer(cross_site_protection())
        .layer(axum::middleware::from_fn(headers::personal_not_stored))
        .layer(api_policy());

    let app_policy = HeaderValue::from_str(&headers::app_policy(&config.defects.map_tiles))
        .unwrap_or_else(|_| HeaderValue::from_static(headers::API_POLICY));
    Router::new()
        .nest("/api/v1", api)
        .route("/api", get(api_not_found))
        .route("/api/{*rest}", get(api_not_found).fallback(api_not_found))
        .nest("/oparl/v1", council::oparl_router())
        .nest(
            "/open311/v2",
            open311::router().layer(limits.writes()).layer(api_policy()),
        )
        .route("/healthz", get(healthz))
        .fallback_service(site(&config.site, app_policy))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            headers::hsts(&state.public_url),
        ))
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
                    header::X_FRAME_OPTIONS,
                    HeaderValue::from_static("DENY"),
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
fn api_policy() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(headers::API_POLICY),
    )
}

fn site(dir: &Path, policy: HeaderValue) -> Router {
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
            .layer(SetResponseHeaderLayer::overriding(
                header::CONTENT_SECURITY_POLICY,
                policy,
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

/// 200 only when the database answers a read within a second, so that a
/// load balancer takes a server out of rotation when its database is gone.
async fn healthz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(1), crate::db::answers(&state.db)).await {
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// The document holds one schema per name, and utoipa names a schema
    /// after its type alone: two types of one name in different domains
    /// would silently be described as the same.
    #[test]
    fn no_schema_name_stands_for_two_different_types() {
        let mut seen = BTreeMap::new();
        for router in domains().into_iter().chain([accounts::auth_router()]) {
            let (_, openapi) = router.split_for_parts();
            for (name, schema) in openapi.components.into_iter().flat_map(|c| c.schemas) {
                if let Some(other) = seen.insert(name.clone(), schema.clone()) {
                    assert!(other == schema, "two different types are called {name}");
                }
            }
        }
        assert!(seen.contains_key("PollQuestion") && seen.contains_key("DefectQuestion"));
    }
}
