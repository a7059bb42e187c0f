//! Rate limits: per client address on sign-in and on all writes (a tower
//! layer, before any work is done) and per account on writes (checked when
//! the account is known). Answers are 429 with `Retry-After`.

use std::{
    net::{IpAddr, SocketAddr},
    num::NonZeroU32,
    sync::Arc,
    time::Duration,
};

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Extensions, HeaderMap, Method, Request, Response},
    response::IntoResponse,
};
use governor::{
    DefaultKeyedRateLimiter, Quota, RateLimiter,
    clock::{Clock, QuantaInstant},
    middleware::NoOpMiddleware,
};
use tower_governor::{
    GovernorError, GovernorLayer,
    governor::{GovernorConfig, GovernorConfigBuilder},
    key_extractor::KeyExtractor,
};

use crate::error::Error;

/// How many requests a client may make per minute, and how many reverse
/// proxies in front of the server add to `X-Forwarded-For`.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub sign_in_per_minute: u32,
    pub writes_per_minute: u32,
    pub trusted_proxies: u8,
}

/// The client's address: the peer, or behind `trusted_proxies` reverse
/// proxies the `X-Forwarded-For` entry the outermost of them added. Each
/// proxy appends the address it was reached from, so that entry is the
/// `trusted_proxies`-th from the right; everything left of it was sent by
/// the client and may be made up.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp {
    trusted_proxies: u8,
}

impl ClientIp {
    /// The client's address of a request with these headers and extensions.
    pub fn of(&self, headers: &HeaderMap, extensions: &Extensions) -> Option<IpAddr> {
        self.forwarded(headers).or_else(|| {
            extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip())
        })
    }

    fn forwarded(&self, headers: &HeaderMap) -> Option<IpAddr> {
        let from_right = usize::from(self.trusted_proxies).checked_sub(1)?;
        let entries: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|list| list.split(','))
            .collect();
        entries.iter().rev().nth(from_right)?.trim().parse().ok()
    }
}

impl KeyExtractor for ClientIp {
    type Key = IpAddr;

    fn extract<T>(&self, req: &Request<T>) -> Result<IpAddr, GovernorError> {
        self.of(req.headers(), req.extensions())
            .ok_or(GovernorError::UnableToExtractKey)
    }
}

type IpConfig = GovernorConfig<ClientIp, NoOpMiddleware<QuantaInstant>>;
type IpLayer = GovernorLayer<ClientIp, NoOpMiddleware<QuantaInstant>, Body>;

/// The per-address limiters, built once: every layer that counts sign-ins
/// or writes shares one of them, and housekeeping forgets idle addresses so
/// that their maps stay as small as the set of recent clients.
#[derive(Clone)]
pub struct AddressLimits {
    sign_in: Arc<IpConfig>,
    writes: Arc<IpConfig>,
    client_ip: ClientIp,
}

impl AddressLimits {
    pub fn new(limits: Limits) -> Self {
        let writes = vec![Method::POST, Method::PUT, Method::PATCH, Method::DELETE];
        Self {
            sign_in: per_ip(limits.sign_in_per_minute, None, limits.trusted_proxies),
            writes: per_ip(
                limits.writes_per_minute,
                Some(writes),
                limits.trusted_proxies,
            ),
            client_ip: ClientIp {
                trusted_proxies: limits.trusted_proxies,
            },
        }
    }

    /// How the client's address is read, the same as for the limits.
    pub fn client_ip(&self) -> ClientIp {
        self.client_ip
    }

    /// Limits every request it wraps (the sign-in endpoints).
    pub fn sign_in(&self) -> IpLayer {
        GovernorLayer::new(self.sign_in.clone()).error_handler(too_many)
    }

    /// Limits writes (not GET, HEAD or OPTIONS) of the routes it wraps.
    pub fn writes(&self) -> IpLayer {
        GovernorLayer::new(self.writes.clone()).error_handler(too_many)
    }

    /// Forgets addresses that have not been limited for a while.
    pub fn forget_idle(&self) {
        self.sign_in.limiter().retain_recent();
        self.writes.limiter().retain_recent();
    }
}

fn per_ip(per_minute: u32, methods: Option<Vec<Method>>, trusted_proxies: u8) -> Arc<IpConfig> {
    let per_minute = per_minute.max(1);
    let mut builder = GovernorConfigBuilder::default().key_extractor(ClientIp { trusted_proxies });
    builder
        .period(Duration::from_secs(60) / per_minute)
        .burst_size(per_minute);
    if let Some(methods) = methods {
        builder.methods(methods);
    }
    match builder.finish() {
        Some(config) => Arc::new(config),
        None => unreachable!("period and burst size are never zero"),
    }
}

fn too_many(error: GovernorError) -> Response<Body> {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => Error::TooManyRequests {
            retry_after_secs: wait_time.max(1),
        }
        .into_response(),
        GovernorError::UnableToExtractKey | GovernorError::Other { .. } => {
            Error::Internal("rate limiter cannot tell the client's address".into()).into_response()
        }
    }
}

/// Writes per account, so that one account cannot flood the platform from
/// many addresses.
pub struct AccountWrites {
    limiter: DefaultKeyedRateLimiter<String>,
}

impl AccountWrites {
    pub fn new(limits: Limits) -> Self {
        let per_minute = NonZeroU32::new(limits.writes_per_minute).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute)),
        }
    }

    pub fn check(&self, account: &str) -> Result<(), Error> {
        self.limiter
            .check_key(&account.to_owned())
            .map_err(|not_until| Error::TooManyRequests {
                retry_after_secs: not_until
                    .wait_time_from(self.limiter.clock().now())
                    .as_secs()
                    .max(1),
            })
    }

    /// Forgets accounts that have not written for a while.
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(trusted_proxies: u8, forwarded_for: &[&str]) -> IpAddr {
        let mut request = Request::new(());
        for value in forwarded_for {
            request
                .headers_mut()
                .append("x-forwarded-for", value.parse().expect("header value"));
        }
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 1], 4711))));
        ClientIp { trusted_proxies }
            .extract(&request)
            .expect("an address")
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        assert_eq!(client(0, &["203.0.113.9"]), ip("10.0.0.1"));
    }

    #[test]
    fn the_entry_the_proxy_added_counts_not_what_the_client_sent() {
        // nginx's `$proxy_add_x_forwarded_for` appends the peer it saw to
        // whatever the client sent.
        assert_eq!(client(1, &["1.2.3.4, 203.0.113.9"]), ip("203.0.113.9"));
        assert_eq!(client(1, &["1.2.3.4", "203.0.113.9"]), ip("203.0.113.9"));
        assert_eq!(client(1, &["203.0.113.9"]), ip("203.0.113.9"));
    }

    #[test]
    fn behind_two_proxies_the_outer_ones_entry_counts() {
        assert_eq!(
            client(2, &["1.2.3.4, 203.0.113.9, 198.51.100.7"]),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn a_missing_or_broken_entry_falls_back_to_the_peer() {
        assert_eq!(client(1, &[]), ip("10.0.0.1"));
        assert_eq!(client(2, &["203.0.113.9"]), ip("10.0.0.1"));
        assert_eq!(client(1, &["1.2.3.4, kaputt"]), ip("10.0.0.1"));
    }
}
