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
    http::{Method, Request, Response},
    response::IntoResponse,
};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter, clock::Clock};
use tower_governor::{
    GovernorError, GovernorLayer,
    governor::{GovernorConfig, GovernorConfigBuilder},
    key_extractor::KeyExtractor,
};

use crate::error::Error;

/// How many requests a client may make per minute, and whether to believe
/// a reverse proxy about the client's address.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub sign_in_per_minute: u32,
    pub writes_per_minute: u32,
    pub trust_forwarded_for: bool,
}

/// The client's address: the peer, or behind a trusted reverse proxy the
/// first address of `X-Forwarded-For`.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp {
    trust_forwarded_for: bool,
}

impl KeyExtractor for ClientIp {
    type Key = IpAddr;

    fn extract<T>(&self, req: &Request<T>) -> Result<IpAddr, GovernorError> {
        let forwarded = self
            .trust_forwarded_for
            .then(|| req.headers().get("x-forwarded-for")?.to_str().ok())
            .flatten()
            .and_then(|list| list.split(',').next()?.trim().parse().ok());
        forwarded
            .or_else(|| {
                req.extensions()
                    .get::<ConnectInfo<SocketAddr>>()
                    .map(|info| info.0.ip())
            })
            .ok_or(GovernorError::UnableToExtractKey)
    }
}

type IpLayer = GovernorLayer<
    ClientIp,
    governor::middleware::NoOpMiddleware<governor::clock::QuantaInstant>,
    Body,
>;

/// Limits every request it wraps (the sign-in endpoints).
pub fn per_ip_sign_in(limits: Limits) -> IpLayer {
    per_ip(limits.sign_in_per_minute, None, limits.trust_forwarded_for)
}

/// Limits writes (not GET, HEAD or OPTIONS) of the routes it wraps.
pub fn per_ip_writes(limits: Limits) -> IpLayer {
    let writes = vec![Method::POST, Method::PUT, Method::PATCH, Method::DELETE];
    per_ip(
        limits.writes_per_minute,
        Some(writes),
        limits.trust_forwarded_for,
    )
}

fn per_ip(per_minute: u32, methods: Option<Vec<Method>>, trust_forwarded_for: bool) -> IpLayer {
    let per_minute = per_minute.max(1);
    let mut builder = GovernorConfigBuilder::default().key_extractor(ClientIp {
        trust_forwarded_for,
    });
    builder
        .period(Duration::from_secs(60) / per_minute)
        .burst_size(per_minute);
    if let Some(methods) = methods {
        builder.methods(methods);
    }
    let config: Option<GovernorConfig<ClientIp, _>> = builder.finish();
    let layer = match config {
        Some(config) => GovernorLayer::new(Arc::new(config)),
        None => unreachable!("period and burst size are never zero"),
    };
    layer.error_handler(too_many)
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
