//! Access tokens: short-lived JWTs signed with Ed25519 keys that live in the
//! database, so that every app server of an installation signs and checks
//! with the same keys. The private keys are stored sealed with the key file
//! (see [`KeyFile`]). The key id (`kid`) in each header allows rotation.

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use aws_lc_rs::{
    rand::SystemRandom,
    signature::{Ed25519KeyPair, KeyPair},
};
use base64::{
    Engine,
    engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD},
};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;

use super::key_file::KeyFile;
use crate::{
    db::{Db, Rows},
    error::{Error, Result},
};

/// How long an access token is valid; the app refreshes it before it ends.
pub const ACCESS_TOKEN_SECS: u64 = 15 * 60;

/// Who the access token speaks for. `sid` ties it to a session, so that
/// signing out ends it at once and not only when it expires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// Account id.
    pub sub: String,
    /// Session id.
    pub sid: String,
    pub iat: u64,
    pub nbf: u64,
    pub exp: u64,
}

/// The audience our tokens are issued for; a token for anything else is refused.
const AUDIENCE: &str = "digitale-stadt-api";

pub struct TokenKeys {
    issuer: String,
    key_file: KeyFile,
    keys: RwLock<KeySet>,
    /// When the keys were last read; made-up key ids must not make every
    /// request a database read.
    loaded_at: std::sync::Mutex<Instant>,
}

/// How often at most an unknown key id makes this server look for new keys.
const RELOAD_AT_MOST_EVERY: Duration = Duration::from_secs(10);

struct KeySet {
    signing_kid: String,
    signing: EncodingKey,
    verifying: HashMap<String, DecodingKey>,
}

#[derive(Deserialize)]
struct KeyRow {
    kid: String,
    sealed_pkcs8: String,
    public_key: String,
}

/// Opens the key file of `path`. A new one is made only while no key in
/// use is sealed with another, or when every key in use is about to be
/// retired (a lost or leaked key file).
pub async fn open_key_file(db: &Db, path: &std::path::Path, retiring_all: bool) -> Result<KeyFile> {
    let sealed = db
        .query(
            "SELECT count() FROM signing_key
             WHERE sealed_pkcs8 != NONE AND retired_at = NONE GROUP ALL",
        )
        .await?
        .check()?
        .count(0)?;
    KeyFile::open(path, retiring_all || sealed == 0)
}

/// Keys stored before they were sealed (in plain text up to migration 0021)
/// are sealed now, and their plain text is removed.
async fn seal_plain_keys(db: &Db, key_file: &KeyFile) -> Result<()> {
    #[derive(Deserialize)]
    struct Plain {
        kid: String,
        private_pkcs8: String,
    }
    let plain: Vec<Plain> = db
        .query("SELECT record::id(id) AS kid, private_pkcs8 FROM signing_key WHERE private_pkcs8 != NONE")
        .await?
        .check()?
        .rows(0)?;
    for key in plain {
        let private = STANDARD
            .decode(&key.private_pkcs8)
            .map_err(|e| Error::Internal(format!("stored signing key is not base64: {e}")))?;
        db.query(
            "UPDATE type::record('signing_key', $kid) SET sealed_pkcs8 = $sealed, private_pkcs8 = NONE",
        )
        .bind(("sealed", key_file.seal(&key.kid, &private)?))
        .bind(("kid", key.kid))
        .await?
        .check()?;
    }
    Ok(())
}

impl TokenKeys {
    /// Loads the installation's keys, creating the first one on first start.
    pub async fn load_or_create(db: &Db, issuer: String, key_file: KeyFile) -> Result<Self> {
        seal_plain_keys(db, &key_file).await?;
        let keys = match load(db, &key_file).await? {
            Some(keys) => keys,
            None => {
                create_key(db, &key_file).await?;
                load(db, &key_file).await?.ok_or_else(|| {
                    Error::Internal("the new signing key cannot be read back".into())
                })?
            }
        };
        Ok(Self {
            issuer,
            key_file,
            keys: RwLock::new(keys),
            // The first unknown key id may reload at once.
            loaded_at: std::sync::Mutex::new(
                Instant::now()
                    .checked_sub(RELOAD_AT_MOST_EVERY)
                    .unwrap_or_else(Instant::now),
            ),
        })
    }

    pub async fn sign(&self, account: &str, session: &str, now: u64) -> Result<String> {
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: AUDIENCE.into(),
            sub: account.into(),
            sid: session.into(),
            iat: now,
            nbf: now,
            exp: now + ACCESS_TOKEN_SECS,
        };
        let keys = self.keys.read().await;
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(keys.signing_kid.clone());
        jsonwebtoken::encode(&header, &claims, &keys.signing)
            .map_err(|e| Error::Internal(format!("cannot sign an access token: {e}")))
    }

    /// The claims of a token we issued and that is valid now. A key id we do
    /// not know yet may have been created by another server: reload once.
    pub async fn verify(&self, db: &Db, token: &str) -> Result<Claims> {
        let refused = || Error::Unauthorized(INVALID_TOKEN.into());
        let header = jsonwebtoken::decode_header(token).map_err(|_| refused())?;
        let kid = header.kid.ok_or_else(refused)?;
        if !self.keys.read().await.verifying.contains_key(&kid) && self.may_reload() {
            self.reload(db).await?;
        }
        let keys = self.keys.read().await;
        let key = keys.verifying.get(&kid).ok_or_else(refused)?;
        let data = jsonwebtoken::decode::<Claims>(token, key, &self.validation()).map_err(
            |err| match err.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => {
                    Error::Unauthorized(EXPIRED_TOKEN.into())
                }
                _ => refused(),
            },
        )?;
        Ok(data.claims)
    }

    /// Reads the keys again: a key made on another server signs from now
    /// on, and retired keys no longer verify.
    pub async fn reload(&self, db: &Db) -> Result<()> {
        if let Some(fresh) = load(db, &self.key_file).await? {
            *self.keys.write().await = fresh;
        }
        Ok(())
    }

    fn may_reload(&self) -> bool {
        let Ok(mut loaded_at) = self.loaded_at.lock() else {
            return false;
        };
        if loaded_at.elapsed() < RELOAD_AT_MOST_EVERY {
            return false;
        }
        *loaded_at = Instant::now();
        true
    }

    fn validation(&self) -> Validation {
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = 5;
        validation
    }
}

const INVALID_TOKEN: &str = "Ihre Anmeldung ist ungültig. Bitte melden Sie sich erneut an.";
const EXPIRED_TOKEN: &str = "Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.";

/// Adds a new signing key; from now on it signs. Older keys still verify
/// unless `retire_old`, which ends them (a leaked key). Returns the new key id.
pub async fn rotate(db: &Db, key_file: &KeyFile, retire_old: bool) -> Result<String> {
    let kid = create_key(db, key_file).await?;
    if retire_old {
        db.query(
            "UPDATE signing_key SET retired_at = time::now()
             WHERE retired_at = NONE AND id != type::record('signing_key', $kid)",
        )
        .bind(("kid", kid.clone()))
        .await?
        .check()?;
    }
    Ok(kid)
}

async fn create_key(db: &Db, key_file: &KeyFile) -> Result<String> {
    let rng = SystemRandom::new();
    let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng)
        .map_err(|_| Error::Internal("the system random source failed".into()))?;
    let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref())
        .map_err(|_| Error::Internal("a generated key was refused".into()))?;
    let kid = uuid::Uuid::new_v4().to_string();
    db.query(
        "CREATE type::record('signing_key', $kid) CONTENT {
            algorithm: 'EdDSA', sealed_pkcs8: $sealed, public_key: $public
        }",
    )
    .bind(("sealed", key_file.seal(&kid, pkcs8.as_ref())?))
    .bind(("kid", kid.clone()))
    .bind(("public", URL_SAFE_NO_PAD.encode(pair.public_key().as_ref())))
    .await?
    .check()?;
    Ok(kid)
}

async fn load(db: &Db, key_file: &KeyFile) -> Result<Option<KeySet>> {
    let rows: Vec<KeyRow> = db
        .query(
            "SELECT record::id(id) AS kid, sealed_pkcs8, public_key, created_at
             FROM signing_key WHERE retired_at = NONE AND sealed_pkcs8 != NONE
             ORDER BY created_at DESC",
        )
        .await?
        .check()?
        .rows(0)?;
    let Some(newest) = rows.first() else {
        return Ok(None);
    };
    let private = key_file.open_sealed(&newest.kid, &newest.sealed_pkcs8)?;
    let verifying = rows
        .iter()
        .map(|row| {
            DecodingKey::from_ed_components(&row.public_key)
                .map(|key| (row.kid.clone(), key))
                .map_err(|e| Error::Internal(format!("stored public key {}: {e}", row.kid)))
        })
        .collect::<Result<_>>()?;
    Ok(Some(KeySet {
        signing_kid: newest.kid.clone(),
        signing: EncodingKey::from_ed_der(&private),
        verifying,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{db, migrate};

    const ISSUER: &str = "http://localhost:1/";

    /// Another app server of the installation: the same database and key file.
    async fn server(db: &Db, key_file: &std::path::Path) -> TokenKeys {
        let key_file = open_key_file(db, key_file, false).await.unwrap();
        TokenKeys::load_or_create(db, ISSUER.into(), key_file)
            .await
            .unwrap()
    }

    async fn keys() -> (Db, TokenKeys, std::path::PathBuf) {
        let db = db::connect(&db::DbConfig::default()).await.unwrap();
        migrate::run(&db).await.unwrap();
        let key_file =
            std::env::temp_dir().join(format!("ds-tokens-{}.key", uuid::Uuid::new_v4().simple()));
        let keys = server(&db, &key_file).await;
        (db, keys, key_file)
    }

    fn now() -> u64 {
        crate::clock::unix_now()
    }

    fn forge(header: serde_json::Value, claims: &Claims, signature: &str) -> String {
        format!(
            "{}.{}.{signature}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(serde_json::to_string(claims).unwrap())
        )
    }

    #[tokio::test]
    async fn accepts_its_own_tokens() {
        let (db, keys, _) = keys().await;
        let token = keys.sign("a1", "s1", now()).await.unwrap();
        let claims = keys.verify(&db, &token).await.unwrap();
        assert_eq!((claims.sub.as_str(), claims.sid.as_str()), ("a1", "s1"));
    }

    #[tokio::test]
    async fn refuses_forged_and_stale_tokens() {
        let (db, keys, _) = keys().await;
        let token = keys.sign("a1", "s1", now()).await.unwrap();
        let header = jsonwebtoken::decode_header(&token).unwrap();
        let kid = header.kid.clone().unwrap();
        let claims = Claims {
            iss: "http://localhost:1/".into(),
            aud: AUDIENCE.into(),
            sub: "admin".into(),
            sid: "s1".into(),
            iat: now(),
            nbf: now(),
            exp: now() + 60,
        };
        let signature = token.rsplit('.').next().unwrap();

        let tampered = forge(
            serde_json::json!({"alg": "EdDSA", "kid": kid}),
            &claims,
            signature,
        );
        let none = forge(serde_json::json!({"alg": "none", "kid": kid}), &claims, "");

        // Algorithm confusion: an HMAC keyed with the public key.
        let public = load(&db, &keys.key_file).await.unwrap().unwrap();
        assert!(public.verifying.contains_key(&kid));
        let public_x: String = db
            .query("SELECT VALUE public_key FROM type::record('signing_key', $kid)")
            .bind(("kid", kid.clone()))
            .await
            .unwrap()
            .take::<Option<String>>(0)
            .unwrap()
            .unwrap();
        let mut hs = Header::new(Algorithm::HS256);
        hs.kid = Some(kid.clone());
        let confused =
            jsonwebtoken::encode(&hs, &claims, &EncodingKey::from_secret(public_x.as_bytes()))
                .unwrap();

        let with = |change: &dyn Fn(&mut Claims)| {
            let mut c = claims.clone();
            change(&mut c);
            c
        };
        let mut signed = Vec::new();
        for c in [
            with(&|c| c.exp = now() - 120),
            with(&|c| c.nbf = now() + 120),
            with(&|c| c.aud = "someone-else".into()),
            with(&|c| c.iss = "https://evil.example/".into()),
        ] {
            let keys_guard = keys.keys.read().await;
            let mut h = Header::new(Algorithm::EdDSA);
            h.kid = Some(kid.clone());
            signed.push(jsonwebtoken::encode(&h, &c, &keys_guard.signing).unwrap());
        }
        let mut unknown_kid = Header::new(Algorithm::EdDSA);
        unknown_kid.kid = Some("no-such-key".into());
        let unknown = {
            let keys_guard = keys.keys.read().await;
            jsonwebtoken::encode(&unknown_kid, &claims, &keys_guard.signing).unwrap()
        };

        for (what, token) in [
            ("tampered claims", tampered),
            ("alg none", none),
            ("HS256 with the public key", confused),
            ("expired", signed[0].clone()),
            ("not yet valid", signed[1].clone()),
            ("wrong audience", signed[2].clone()),
            ("wrong issuer", signed[3].clone()),
            ("unknown key id", unknown),
            ("garbage", "not.a.token".into()),
        ] {
            let err = keys.verify(&db, &token).await.unwrap_err();
            assert!(matches!(err, Error::Unauthorized(_)), "{what}: {err}");
        }
    }

    #[tokio::test]
    async fn rotation_keeps_old_tokens_valid_and_signs_with_the_new_key() {
        let (db, keys, key_file) = keys().await;
        let old = keys.sign("a1", "s1", now()).await.unwrap();
        let new_kid = rotate(&db, &keys.key_file, false).await.unwrap();
        // This server learns of the new key when it meets a token signed with it.
        let other_server = server(&db, &key_file).await;
        let new = other_server.sign("a1", "s1", now()).await.unwrap();
        assert_eq!(
            jsonwebtoken::decode_header(&new).unwrap().kid,
            Some(new_kid)
        );
        keys.verify(&db, &new).await.unwrap();
        other_server.verify(&db, &old).await.unwrap();
    }

    #[tokio::test]
    async fn retiring_the_old_keys_ends_their_tokens_on_every_server() {
        let (db, keys, key_file) = keys().await;
        let leaked = keys.sign("a1", "s1", now()).await.unwrap();
        rotate(&db, &keys.key_file, true).await.unwrap();
        let other_server = server(&db, &key_file).await;
        assert!(other_server.verify(&db, &leaked).await.is_err());
        keys.reload(&db).await.unwrap();
        assert!(keys.verify(&db, &leaked).await.is_err());
        let fresh = keys.sign("a1", "s1", now()).await.unwrap();
        other_server.verify(&db, &fresh).await.unwrap();
    }

    #[tokio::test]
    async fn private_keys_are_stored_sealed_and_plain_ones_are_sealed_at_start() {
        #[derive(Debug, Deserialize)]
        struct Stored {
            private_pkcs8: Option<String>,
            sealed_pkcs8: Option<String>,
        }
        let stored = |db: &Db| {
            let db = db.clone();
            async move {
                let rows: Vec<Stored> = db
                    .query("SELECT private_pkcs8, sealed_pkcs8 FROM signing_key")
                    .await
                    .unwrap()
                    .check()
                    .unwrap()
                    .rows(0)
                    .unwrap();
                rows
            }
        };
        let (db, keys, key_file) = keys().await;
        let token = keys.sign("a1", "s1", now()).await.unwrap();
        let rows = stored(&db).await;
        assert!(
            rows.iter()
                .all(|r| r.private_pkcs8.is_none() && r.sealed_pkcs8.is_some()),
            "{rows:?}"
        );

        // As a database from before the key file holds its key.
        let kid = jsonwebtoken::decode_header(&token).unwrap().kid.unwrap();
        let sealed = rows[0].sealed_pkcs8.clone().unwrap();
        let plain = STANDARD.encode(keys.key_file.open_sealed(&kid, &sealed).unwrap());
        db.query("UPDATE signing_key SET private_pkcs8 = $plain, sealed_pkcs8 = NONE")
            .bind(("plain", plain))
            .await
            .unwrap()
            .check()
            .unwrap();
        let upgraded = server(&db, &key_file).await;
        let rows = stored(&db).await;
        assert!(
            rows.iter()
                .all(|r| r.private_pkcs8.is_none() && r.sealed_pkcs8.is_some()),
            "{rows:?}"
        );
        upgraded.verify(&db, &token).await.unwrap();
    }
}
