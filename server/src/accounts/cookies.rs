//! The two cookies that keep the web app signed in. Both are HttpOnly (no
//! script can read them) and SameSite=Strict; the refresh cookie is only
//! sent to the sign-in endpoints.

use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use time::Duration;
use url::Url;

use super::tokens::ACCESS_TOKEN_SECS;

pub const ACCESS_COOKIE: &str = "ds_access";
pub const REFRESH_COOKIE: &str = "ds_refresh";
const REFRESH_PATH: &str = "/api/v1/auth";

/// Whether cookies carry `Secure`: always, except for a plain-HTTP server on
/// localhost (development and tests), where browsers would drop them. The
/// refresh cookie is kept `refresh_days`.
#[derive(Debug, Clone, Copy)]
pub struct CookiePolicy {
    secure: bool,
    refresh_days: i64,
}

impl CookiePolicy {
    pub fn new(public_url: &Url, refresh_days: i64) -> Self {
        let local_http = public_url.scheme() == "http"
            && matches!(
                public_url.host_str(),
                Some("localhost" | "127.0.0.1" | "[::1]")
            );
        Self {
            secure: !local_http,
            refresh_days,
        }
    }

    pub fn signed_in(self, jar: CookieJar, access: String, refresh: String) -> CookieJar {
        jar.add(self.cookie(
            ACCESS_COOKIE,
            access,
            "/",
            Duration::seconds(ACCESS_TOKEN_SECS as i64),
        ))
        .add(self.cookie(
            REFRESH_COOKIE,
            refresh,
            REFRESH_PATH,
            Duration::days(self.refresh_days),
        ))
    }

    pub fn signed_out(self, jar: CookieJar) -> CookieJar {
        jar.add(self.cookie(ACCESS_COOKIE, String::new(), "/", Duration::ZERO))
            .add(self.cookie(REFRESH_COOKIE, String::new(), REFRESH_PATH, Duration::ZERO))
    }

    fn cookie(
        self,
        name: &'static str,
        value: String,
        path: &'static str,
        max_age: Duration,
    ) -> Cookie<'static> {
        Cookie::build((name, value))
            .path(path)
            .http_only(true)
            .secure(self.secure)
            .same_site(SameSite::Strict)
            .max_age(max_age)
            .build()
    }
}

pub fn refresh_token(jar: &CookieJar) -> Option<String> {
    jar.get(REFRESH_COOKIE)
        .map(|cookie| cookie.value().to_owned())
        .filter(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secure(url: &str) -> bool {
        let jar = CookiePolicy::new(&url.parse().unwrap(), 30).signed_in(
            CookieJar::new(),
            "a".into(),
            "r".into(),
        );
        jar.get(ACCESS_COOKIE).unwrap().secure().unwrap_or(false)
    }

    #[test]
    fn cookies_are_secure_everywhere_but_plain_http_on_localhost() {
        assert!(!secure("http://localhost:8080/"));
        assert!(!secure("http://127.0.0.1:8080/"));
        assert!(secure("https://beteiligung.muenster.de/"));
        assert!(secure("http://beteiligung.muenster.de/"));
    }
}
