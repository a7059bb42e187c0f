//! Security headers (OWASP's HTTP headers and CSP cheat sheets): a content
//! security policy for the web app, one that allows nothing for the API,
//! no framing anywhere, HSTS behind https, and personal API answers kept
//! out of every cache.

use axum::{
    extract::Request,
    http::{HeaderValue, header},
    middleware::Next,
    response::Response,
};
use url::Url;

/// The web app's policy. Scripts and styles come only from this origin, no
/// inline script and no `eval`; `'wasm-unsafe-eval'` lets the app compile
/// its WebAssembly. Pictures may also be photos shown before their upload
/// (`blob:`), Leaflet's `data:` images and the tiles of `--map-tiles`.
pub fn app_policy(map_tiles: &str) -> String {
    let tiles = tile_source(map_tiles).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: blob: {tiles}; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    .replace(" ;", ";")
}

/// JSON and files need nothing of a browser.
pub const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// A page the server writes itself with one inline style sheet (such as the
/// Abwägungstabelle for printing): that sheet, identified by its hash, and
/// nothing else.
pub fn page_with_style(style: &str) -> String {
    use base64::{Engine, engine::general_purpose::STANDARD};
    use sha2::{Digest, Sha256};
    let hash = STANDARD.encode(Sha256::digest(style.as_bytes()));
    format!("default-src 'none'; style-src 'sha256-{hash}'; frame-ancestors 'none'")
}

/// Whether `If-None-Match` names `etag` (or `*`): the client's copy is current.
pub fn names_etag(if_none_match: Option<&HeaderValue>, etag: &str) -> bool {
    if_none_match
        .and_then(|value| value.to_str().ok())
        .is_some_and(|candidates| {
            candidates
                .split(',')
                .map(str::trim)
                .any(|c| c == "*" || c.trim_start_matches("W/") == etag)
        })
}

/// `https://{s}.tile.example.org/{z}/{x}/{y}.png` → `https://*.tile.example.org`.
fn tile_source(template: &str) -> Option<String> {
    let (scheme, rest) = template.split_once("://")?;
    if !matches!(scheme, "https" | "http") {
        return None;
    }
    let host = rest.split('/').next()?.replace("{s}", "*");
    let valid = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.*:[]".contains(c));
    valid.then(|| format!("{scheme}://{host}"))
}

/// `Strict-Transport-Security` when the public address is https: browsers
/// then never try plain http for a year.
pub fn hsts(public_url: &Url) -> Option<HeaderValue> {
    (public_url.scheme() == "https").then(|| HeaderValue::from_static("max-age=31536000"))
}

/// Answers to a request that carried a sign-in (bearer token or cookie) can
/// hold personal data: no cache keeps them, unless the handler said how to
/// cache (as the photos do).
pub async fn personal_not_stored(request: Request, next: Next) -> Response {
    let signed_in = request.headers().contains_key(header::AUTHORIZATION)
        || request.headers().contains_key(header::COOKIE);
    let mut response = next.run(request).await;
    if signed_in && !response.headers().contains_key(header::CACHE_CONTROL) {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tile_server_is_allowed_for_pictures_only() {
        let policy = app_policy("https://{s}.tile.example.org/{z}/{x}/{y}.png");
        assert!(policy.contains("img-src 'self' data: blob: https://*.tile.example.org;"));
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert!(!policy.contains("unsafe-inline"));
    }

    #[test]
    fn no_tiles_or_a_strange_template_add_no_source() {
        for template in ["", "javascript:alert(1)", "https://a b/{z}", "https:///x"] {
            assert!(
                app_policy(template).contains("img-src 'self' data: blob:;"),
                "{template}"
            );
        }
    }

    #[test]
    fn hsts_only_behind_https() {
        let https: Url = "https://beteiligung.example/".parse().expect("url");
        let http: Url = "http://localhost:8080/".parse().expect("url");
        assert_eq!(hsts(&https).expect("a header"), "max-age=31536000");
        assert!(hsts(&http).is_none());
    }
}
