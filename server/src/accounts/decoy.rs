//! Sign-in answers for usernames without a passkey: the only code that
//! reads and writes `login_decoy`. Naming a username at sign-in answers
//! with that account's passkeys; for a name nobody has (or an account
//! without a passkey) the answer must look the same, or anyone could find
//! out who has an account. So it names a passkey too: one derived from the
//! username and a secret of this installation, the same on every app server
//! and at every try, which no authenticator holds.

use aws_lc_rs::hmac;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};

use super::validate::Username;
use crate::secret;
use crate::{
    db::{Db, Rows},
    error::{Error, Result},
};

pub struct Decoy {
    key: hmac::Key,
}

impl Decoy {
    /// The installation's secret, made by whichever app server needs it first.
    pub async fn load_or_create(db: &Db) -> Result<Self> {
        // Only the first of concurrent creations succeeds; the others read it.
        db.query("CREATE login_decoy:secret CONTENT { secret: $secret }")
            .bind(("secret", secret::token()?))
            .await?;
        let stored: Option<String> = db
            .query("SELECT VALUE secret FROM ONLY login_decoy:secret")
            .await?
            .check()?
            .row(0)?;
        let stored = stored
            .ok_or_else(|| Error::Internal("the sign-in decoy secret cannot be read".into()))?;
        Ok(Self {
            key: hmac::Key::new(hmac::HMAC_SHA256, stored.as_bytes()),
        })
    }

    /// The credential id offered for `username`, base64url like real ones.
    pub fn credential_id(&self, username: &Username) -> String {
        // The whole 32-byte tag; real ids differ in length between authenticators.
        URL_SAFE_NO_PAD.encode(hmac::sign(&self.key, username.as_str().as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoy(secret: &str) -> Decoy {
        Decoy {
            key: hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes()),
        }
    }

    #[test]
    fn the_same_name_always_gets_the_same_id_and_others_another() {
        let name = |raw| Username::parse(raw).expect("a valid name");
        let first = decoy("geheim");
        assert_eq!(
            first.credential_id(&name("niemand")),
            first.credential_id(&name("Niemand"))
        );
        assert_ne!(
            first.credential_id(&name("niemand")),
            first.credential_id(&name("jemand"))
        );
        assert_ne!(
            first.credential_id(&name("niemand")),
            decoy("anders").credential_id(&name("niemand")),
            "the id depends on the installation's secret"
        );
    }
}
