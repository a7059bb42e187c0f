//! Accounts and security: passkey sign-up and sign-in, sessions with
//! short-lived access tokens and rotating refresh tokens, roles and the
//! permission check every handler uses, invitations, data export and
//! erasure. Other domains use [`Actor`] and [`Action`] to check who may do
//! what, [`ClientAddress`] for anonymous writes, authors' display names
//! ([`display_names`], [`profile`], [`ERASED_NAME`]); the server's start-up
//! and the operator CLI use the rest (limits, sessions, tokens, invitations).

mod actor;
mod address;
mod ceremony;
mod cookies;
mod decoy;
mod device;
pub mod invites;
mod key_file;
pub mod limits;
mod passkeys;
mod permissions;
mod routes;
pub mod sessions;
mod store;
pub mod tokens;
mod validate;

use std::time::Duration;

use shared::accounts::Me;
use url::Url;

pub use actor::Actor;
pub use address::ClientAddress;
pub use permissions::Action;
pub use routes::{auth_router, router};

use crate::{db::Db, error::Result};

/// Name that replaces the names of an erased account wherever it appears.
pub const ERASED_NAME: &str = "gelöschtes Konto";

/// Everything the accounts domain keeps in memory for the life of a server.
pub struct Accounts {
    tokens: tokens::TokenKeys,
    relying_party: passkeys::RelyingParty,
    cookies: cookies::CookiePolicy,
    decoy: decoy::Decoy,
    account_writes: limits::AccountWrites,
    addresses: limits::AddressLimits,
    lifetimes: sessions::Lifetimes,
    /// Key of the pseudonyms of clients' addresses ([`ClientAddress`]).
    address_key: aws_lc_rs::hmac::Key,
}

impl Accounts {
    pub async fn new(
        db: &Db,
        public_url: &Url,
        key_file: &std::path::Path,
        limits: limits::Limits,
        lifetimes: sessions::Lifetimes,
    ) -> Result<Self> {
        let key_file = tokens::open_key_file(db, key_file, false).await?;
        let address_key = key_file.derived(address::PURPOSE);
        Ok(Self {
            tokens: tokens::TokenKeys::load_or_create(db, public_url.to_string(), key_file).await?,
            relying_party: passkeys::RelyingParty::new(public_url)?,
            decoy: decoy::Decoy::load_or_create(db).await?,
            cookies: cookies::CookiePolicy::new(public_url, lifetimes.cookie_days()),
            account_writes: limits::AccountWrites::new(limits),
            addresses: limits::AddressLimits::new(limits),
            lifetimes,
            address_key,
        })
    }

    /// The per-address rate limits the routers are wrapped in.
    pub fn address_limits(&self) -> &limits::AddressLimits {
        &self.addresses
    }

    /// Sweeps expired ceremonies and idle rate-limit entries, forever.
    pub async fn housekeeping(self: std::sync::Arc<Self>, db: Db) {
        let mut interval = tokio::time::interval(HOUSEKEEPING_EVERY);
        loop {
            interval.tick().await;
            if let Err(err) = ceremony::sweep(&db).await {
                tracing::warn!(error = %err, "cannot sweep expired passkey ceremonies");
            }
            self.account_writes.forget_idle();
            self.addresses.forget_idle();
        }
    }

    /// Reads the signing keys again every minute, so that a key retired on
    /// any server (`admin rotate-keys --retire-old`) stops verifying here too.
    pub async fn refresh_keys(self: std::sync::Arc<Self>, db: Db) {
        let mut interval = tokio::time::interval(KEYS_REFRESH_EVERY);
        loop {
            interval.tick().await;
            if let Err(err) = self.tokens.reload(&db).await {
                tracing::warn!(error = %err, "cannot read the signing keys again");
            }
        }
    }
}

const HOUSEKEEPING_EVERY: Duration = Duration::from_secs(600);
const KEYS_REFRESH_EVERY: Duration = Duration::from_secs(60);

/// The public side of an account, for content that names its author.
pub struct Profile {
    pub display_name: String,
}

/// The profile of an account that exists and is not erased.
pub async fn profile(db: &Db, id: &str) -> Result<Option<Profile>> {
    Ok(store::get(db, id)
        .await?
        .filter(|account| !account.erased)
        .map(|account| Profile {
            display_name: account.display_name,
        }))
}

/// Display names of the given accounts, for content that shows its authors.
pub async fn display_names(
    db: &Db,
    ids: &[String],
) -> Result<std::collections::HashMap<String, String>> {
    Ok(store::display_names(db, ids).await?.into_iter().collect())
}

fn me_of(account: store::AccountRow) -> Me {
    Me {
        id: account.id,
        username: account.username,
        display_name: account.display_name,
        role: account.role,
        departments: account.departments,
        blocked: account.blocked,
        district: account.district,
        created_at: account.created_at,
    }
}
