//! Passkey ceremonies: registering an account, signing in (with or without
//! a username), adding a passkey, and coming back with a recovery code.
//! Each is a start that answers WebAuthn options and a finish that checks
//! the browser's credential against the state kept since the start.

use serde::{Deserialize, Serialize};
use shared::accounts::{Ceremony, CeremonyFinish, Role};
use url::Url;
use webauthn_rs::prelude::{
    DiscoverableAuthentication, Passkey, PasskeyAuthentication, PasskeyRegistration,
    PublicKeyCredential, RegisterPublicKeyCredential, Uuid, Webauthn, WebauthnBuilder,
};

use super::{
    ceremony,
    decoy::Decoy,
    invites,
    store::{self, AccountRow, NewPasskey},
    validate::{DisplayName, Username},
};
use crate::{
    db::Db,
    error::{Error, Result},
    secret,
};

/// The relying party: this installation, identified by `--public-url`.
pub struct RelyingParty {
    webauthn: Webauthn,
}

impl RelyingParty {
    pub fn new(public_url: &Url) -> Result<Self> {
        let host = public_url.host_str().ok_or_else(|| {
            Error::InvalidInput(format!("--public-url {public_url} has no host name"))
        })?;
        let webauthn = WebauthnBuilder::new(host, public_url)
            .and_then(|builder| builder.rp_name("Digitale Stadt").build())
            .map_err(|e| {
                Error::InvalidInput(format!(
                    "passkeys cannot work with --public-url {public_url}: {e} (use a host name such as localhost, not an IP address)"
                ))
            })?;
        Ok(Self { webauthn })
    }
}

/// What the server remembers between the start and the finish.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Pending {
    Registration {
        account: Uuid,
        username: String,
        display_name: String,
        invite: Option<String>,
        state: PasskeyRegistration,
    },
    Login {
        state: PasskeyAuthentication,
    },
    DiscoverableLogin {
        state: DiscoverableAuthentication,
    },
    NewPasskey {
        account: String,
        state: PasskeyRegistration,
        /// Started with a recovery code (signs in) rather than from a session.
        recovery: bool,
    },
}

/// Who may finish a new-passkey ceremony.
pub enum NewPasskeyFor<'a> {
    /// The signed-in owner of the account.
    Account(&'a str),
    /// Whoever spent a recovery code at the start.
    Recovery,
}

/// A new account and the recovery codes to show once.
pub struct Registered {
    pub account: AccountRow,
    pub recovery_codes: Vec<String>,
}

pub async fn start_registration(
    db: &Db,
    rp: &RelyingParty,
    username: &str,
    display_name: &str,
    invite: Option<String>,
) -> Result<Ceremony> {
    let username = Username::parse(username)?;
    let display_name = DisplayName::parse(display_name)?;
    if store::username_taken(db, &username).await? {
        return Err(Error::Conflict(
            "Dieser Benutzername ist schon vergeben. Bitte wählen Sie einen anderen.".into(),
        ));
    }
    if let Some(token) = &invite {
        invites::role_of(db, token).await?;
    }
    let account = Uuid::new_v4();
    let (options, state) = rp
        .webauthn
        .start_passkey_registration(account, username.as_str(), display_name.as_str(), None)
        .map_err(webauthn_failed)?;
    let pending = Pending::Registration {
        account,
        username: username.as_str().to_owned(),
        display_name: display_name.as_str().to_owned(),
        invite,
        state,
    };
    started(db, &pending, creation_options(options)?).await
}

pub async fn finish_registration(
    db: &Db,
    rp: &RelyingParty,
    finish: &CeremonyFinish,
) -> Result<Registered> {
    let Pending::Registration {
        account,
        username,
        display_name,
        invite,
        state,
    } = ceremony::finish(db, &finish.ceremony_id).await?
    else {
        return Err(wrong_ceremony());
    };
    let credential: RegisterPublicKeyCredential = parse_credential(&finish.credential)?;
    let key = rp
        .webauthn
        .finish_passkey_registration(&credential, &state)
        .map_err(refused)?;
    let passkey = NewPasskey {
        name: passkey_name(finish.passkey_name.as_deref()),
        key,
    };
    let id = account.to_string();
    let role = match &invite {
        Some(token) => invites::redeem(db, token, &id).await?,
        None => Role::Citizen,
    };
    let recovery_codes = (0..secret::RECOVERY_CODES)
        .map(|_| secret::recovery_code())
        .collect::<Result<Vec<_>>>()?;
    let hashes = secret::hash_recovery_codes(recovery_codes.clone()).await?;
    let created = store::create(
        db,
        &id,
        &Username::parse(&username)?,
        &DisplayName::parse(&display_name)?,
        role,
        &passkey,
        hashes,
    )
    .await;
    if let Err(err) = created {
        if let Some(token) = &invite {
            invites::release(db, token).await?;
        }
        return Err(err);
    }
    let account = store::get(db, &id)
        .await?
        .ok_or_else(|| Error::Internal(format!("account {id} vanished after creation")))?;
    Ok(Registered {
        account,
        recovery_codes,
    })
}

/// With a username: that account's passkeys are offered. Without: the
/// browser offers every passkey it holds for this site. A username without
/// an account, or an account without a passkey, is answered alike (see
/// [`Decoy`]); signing in then fails as with a passkey this device lacks.
pub async fn start_login(
    db: &Db,
    rp: &RelyingParty,
    decoy: &Decoy,
    username: Option<&str>,
) -> Result<Ceremony> {
    let Some(username) = username.map(str::trim).filter(|u| !u.is_empty()) else {
        let (options, state) = rp
            .webauthn
            .start_discoverable_authentication()
            .map_err(webauthn_failed)?;
        return started(db, &Pending::DiscoverableLogin { state }, to_json(options)?).await;
    };
    let username = Username::parse(username)?;
    let keys: Vec<_> = match store::by_username(db, &username).await? {
        Some(account) => store::passkeys(db, &account.id)
            .await?
            .into_iter()
            .map(|stored| stored.key)
            .collect(),
        None => Vec::new(),
    };
    if keys.is_empty() {
        let (options, state) = rp
            .webauthn
            .start_discoverable_authentication()
            .map_err(webauthn_failed)?;
        let mut options = to_json(options)?;
        // What a request for any passkey has beyond one for an account's.
        if let Some(request) = options.as_object_mut() {
            request.remove("mediation");
        }
        if let Some(public_key) = options["publicKey"].as_object_mut() {
            public_key.remove("extensions");
            public_key.insert(
                "allowCredentials".into(),
                serde_json::json!([{ "type": "public-key", "id": decoy.credential_id(&username) }]),
            );
        }
        return started(db, &Pending::DiscoverableLogin { state }, options).await;
    }
    login_with(db, rp, &keys).await
}

/// Starts asking a signed-in account for one of its passkeys again, before
/// a change that needs a recent sign-in; finished like a sign-in.
pub async fn start_confirmation(db: &Db, rp: &RelyingParty, account: &str) -> Result<Ceremony> {
    let keys: Vec<_> = store::passkeys(db, account)
        .await?
        .into_iter()
        .map(|stored| stored.key)
        .collect();
    login_with(db, rp, &keys).await
}

/// A sign-in ceremony offering these passkeys.
async fn login_with(db: &Db, rp: &RelyingParty, keys: &[Passkey]) -> Result<Ceremony> {
    let (options, state) = rp
        .webauthn
        .start_passkey_authentication(keys)
        .map_err(webauthn_failed)?;
    started(db, &Pending::Login { state }, to_json(options)?).await
}

/// The account that just proved it holds one of its passkeys.
pub async fn finish_login(
    db: &Db,
    rp: &RelyingParty,
    finish: &CeremonyFinish,
) -> Result<AccountRow> {
    let pending: Pending = ceremony::finish(db, &finish.ceremony_id).await?;
    let credential: PublicKeyCredential = parse_credential(&finish.credential)?;
    let credential_id = store::credential_id(credential.get_credential_id());
    let mut stored = store::passkey_by_credential(db, &credential_id)
        .await?
        .ok_or_else(unknown_passkey)?;
    let result = match pending {
        Pending::Login { state } => rp
            .webauthn
            .finish_passkey_authentication(&credential, &state),
        Pending::DiscoverableLogin { state } => {
            let (user, _) = rp
                .webauthn
                .identify_discoverable_authentication(&credential)
                .map_err(refused)?;
            if user.to_string() != stored.account {
                return Err(unknown_passkey());
            }
            rp.webauthn
                .finish_discoverable_authentication_v2(&credential, state, &stored.key)
        }
        _ => return Err(wrong_ceremony()),
    }
    .map_err(refused)?;
    stored.key.update_credential(&result);
    store::passkey_used(db, &stored).await?;
    let account = store::get(db, &stored.account)
        .await?
        .filter(|account| !account.erased)
        .ok_or_else(unknown_passkey)?;
    Ok(account)
}

/// Starts adding a passkey to a signed-in account.
pub async fn start_new_passkey(
    db: &Db,
    rp: &RelyingParty,
    account: &AccountRow,
) -> Result<Ceremony> {
    start_passkey_for(db, rp, account, false).await
}

async fn start_passkey_for(
    db: &Db,
    rp: &RelyingParty,
    account: &AccountRow,
    recovery: bool,
) -> Result<Ceremony> {
    let existing = store::passkeys(db, &account.id)
        .await?
        .into_iter()
        .map(|stored| stored.key.cred_id().clone())
        .collect();
    let user = Uuid::parse_str(&account.id)
        .map_err(|_| Error::Internal(format!("account id {} is not a UUID", account.id)))?;
    let (options, state) = rp
        .webauthn
        .start_passkey_registration(
            user,
            &account.username,
            &account.display_name,
            Some(existing),
        )
        .map_err(webauthn_failed)?;
    let pending = Pending::NewPasskey {
        account: account.id.clone(),
        state,
        recovery,
    };
    started(db, &pending, creation_options(options)?).await
}

/// Stores the new passkey; answers the account it was added to.
pub async fn finish_new_passkey(
    db: &Db,
    rp: &RelyingParty,
    finish: &CeremonyFinish,
    allowed: NewPasskeyFor<'_>,
) -> Result<String> {
    let Pending::NewPasskey {
        account,
        state,
        recovery,
    } = ceremony::finish(db, &finish.ceremony_id).await?
    else {
        return Err(wrong_ceremony());
    };
    let matches = match allowed {
        NewPasskeyFor::Account(owner) => !recovery && owner == account,
        NewPasskeyFor::Recovery => recovery,
    };
    if !matches {
        return Err(wrong_ceremony());
    }
    let credential: RegisterPublicKeyCredential = parse_credential(&finish.credential)?;
    let key = rp
        .webauthn
        .finish_passkey_registration(&credential, &state)
        .map_err(refused)?;
    let passkey = NewPasskey {
        name: passkey_name(finish.passkey_name.as_deref()),
        key,
    };
    store::add_passkey(db, &account, &passkey).await?;
    Ok(account)
}

/// Spends one recovery code and starts adding a new passkey to its account.
pub async fn start_recovery(
    db: &Db,
    rp: &RelyingParty,
    username: &str,
    code: &str,
) -> Result<Ceremony> {
    let refused = || {
        Error::Unauthorized(
            "Benutzername oder Wiederherstellungscode stimmen nicht. Jeder Code gilt nur einmal."
                .into(),
        )
    };
    let account = store::by_username(db, &Username::parse(username)?)
        .await?
        .ok_or_else(refused)?;
    let codes = store::recovery_codes(db, &account.id).await?;
    let code_id = secret::matching_recovery_code(code.to_owned(), codes)
        .await?
        .ok_or_else(refused)?;
    if !store::spend_recovery_code(db, &code_id).await? {
        return Err(refused());
    }
    start_passkey_for(db, rp, &account, true).await
}

async fn started(db: &Db, pending: &Pending, options: serde_json::Value) -> Result<Ceremony> {
    Ok(Ceremony {
        ceremony_id: ceremony::start(db, pending).await?,
        options,
    })
}

/// webauthn-rs asks authenticators not to store the passkey on the device
/// ("discouraged"); we prefer discoverable passkeys so that people can sign
/// in without typing a username. Verification stays required.
fn creation_options(options: impl Serialize) -> Result<serde_json::Value> {
    let mut options = to_json(options)?;
    if let Some(selection) = options
        .pointer_mut("/publicKey/authenticatorSelection")
        .and_then(serde_json::Value::as_object_mut)
    {
        selection.insert("residentKey".into(), "preferred".into());
    }
    Ok(options)
}

fn to_json(options: impl Serialize) -> Result<serde_json::Value> {
    Ok(serde_json::to_value(options)?)
}

fn parse_credential<T: serde::de::DeserializeOwned>(credential: &serde_json::Value) -> Result<T> {
    serde_json::from_value(credential.clone()).map_err(|e| {
        Error::InvalidInput(format!(
            "Die Antwort des Browsers auf die Passkey-Anfrage ist unvollständig: {e}"
        ))
    })
}

/// The passkey's label: what the person typed, or a default.
fn passkey_name(name: Option<&str>) -> String {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => name.chars().take(60).collect(),
        None => "Passkey".into(),
    }
}

fn wrong_ceremony() -> Error {
    Error::InvalidInput(
        "Dieser Anmeldevorgang passt nicht zu dieser Aktion. Bitte beginnen Sie erneut.".into(),
    )
}

fn unknown_passkey() -> Error {
    Error::Unauthorized(
        "Diesen Passkey kennen wir nicht. Vielleicht wurde er entfernt oder gehört zu einer anderen Website.".into(),
    )
}

fn refused(err: webauthn_rs::prelude::WebauthnError) -> Error {
    tracing::info!(error = %err, "passkey refused");
    Error::Unauthorized("Der Passkey wurde nicht akzeptiert. Bitte versuchen Sie es erneut.".into())
}

fn webauthn_failed(err: webauthn_rs::prelude::WebauthnError) -> Error {
    Error::Internal(format!("webauthn: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relying_party_is_the_public_host() {
        assert!(RelyingParty::new(&"https://beteiligung.muenster.de/".parse().unwrap()).is_ok());
        let ip = RelyingParty::new(&"http://127.0.0.1:8080/".parse().unwrap());
        assert!(ip.is_err(), "browsers refuse IP addresses as passkey sites");
    }

    #[test]
    fn registration_prefers_discoverable_passkeys() {
        let options = serde_json::json!({ "publicKey": { "authenticatorSelection": {
            "residentKey": "discouraged", "requireResidentKey": false, "userVerification": "required" } } });
        let options = creation_options(options).unwrap();
        assert_eq!(
            options["publicKey"]["authenticatorSelection"]["residentKey"],
            "preferred"
        );
        assert_eq!(
            options["publicKey"]["authenticatorSelection"]["userVerification"],
            "required"
        );
    }
}
