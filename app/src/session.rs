//! Who is signed in, known to every page, and the passkey flows that change
//! it. The tokens themselves are HttpOnly cookies the app never sees.

use dioxus::prelude::*;
use shared::accounts::{
    Ceremony, CeremonyFinish, LoginStart, Me, RecoverStart, RegisterStart, Role, SignedIn,
};

use crate::{
    api::{self, ApiError},
    i18n::Lang,
    passkey::{self, PasskeyError},
};

#[derive(Debug, Clone, PartialEq)]
pub enum Session {
    /// Still asking the server.
    Unknown,
    SignedOut,
    SignedIn(Me),
}

impl Session {
    pub fn me(&self) -> Option<&Me> {
        match self {
            Session::SignedIn(me) => Some(me),
            _ => None,
        }
    }

    /// Whether the signed-in person reads non-public agenda items whole:
    /// council members, staff and admins.
    pub fn reads_non_public(&self) -> bool {
        self.me()
            .is_some_and(|me| matches!(me.role, Role::Council | Role::Staff | Role::Admin))
    }

    /// Whether the signed-in person works for the city (staff, admins):
    /// they edit council data and run budget cycles.
    pub fn is_staff(&self) -> bool {
        self.me()
            .is_some_and(|me| matches!(me.role, Role::Staff | Role::Admin))
    }
}

/// Asks the server once who this browser is signed in as (renewing an
/// expired sign-in from its refresh cookie).
pub fn provide_session() {
    let mut session = use_context_provider(|| Signal::new(Session::Unknown));
    let mut ended = use_context_provider(|| EndedElsewhere(Signal::new(false)));
    use_future(move || async move {
        let state = match api::send::<Option<Me>, ()>("POST", "/api/v1/auth/session", None).await {
            Ok(Some(me)) => Session::SignedIn(me),
            Ok(None) => Session::SignedOut,
            Err(error) => {
                ended.0.set(error.code() == Some(api::RECOVERED_ELSEWHERE));
                Session::SignedOut
            }
        };
        session.set(state);
    });
}

pub fn use_session() -> Signal<Session> {
    use_context::<Signal<Session>>()
}

/// Whether this device was signed out because the account was recovered
/// with a code on another device: the frame tells the person until they
/// sign in again.
#[derive(Clone, Copy)]
pub struct EndedElsewhere(pub Signal<bool>);

pub fn use_ended_elsewhere() -> Signal<bool> {
    use_context::<EndedElsewhere>().0
}

/// Why a passkey flow failed: the server refused, or the browser did.
#[derive(Debug, Clone, PartialEq)]
pub enum FlowError {
    Api(ApiError),
    Passkey(PasskeyError),
}

impl From<ApiError> for FlowError {
    fn from(error: ApiError) -> Self {
        FlowError::Api(error)
    }
}

impl From<PasskeyError> for FlowError {
    fn from(error: PasskeyError) -> Self {
        FlowError::Passkey(error)
    }
}

impl FlowError {
    pub fn message(&self, lang: Lang) -> String {
        let texts = &lang.texts().accounts;
        match self {
            FlowError::Api(error) => error.message(lang),
            FlowError::Passkey(PasskeyError::Unsupported) => texts.passkey_unsupported.to_owned(),
            FlowError::Passkey(PasskeyError::Cancelled) => texts.passkey_cancelled.to_owned(),
            FlowError::Passkey(PasskeyError::AlreadyRegistered) => {
                texts.passkey_already_registered.to_owned()
            }
            FlowError::Passkey(PasskeyError::Failed(name)) => (texts.passkey_failed)(name),
        }
    }
}

/// Registers an account with a new passkey; answers the recovery codes.
pub async fn register(
    mut session: Signal<Session>,
    request: RegisterStart,
    passkey_name: String,
) -> Result<Vec<String>, FlowError> {
    let ceremony: Ceremony =
        api::send("POST", "/api/v1/auth/register/start", Some(&request)).await?;
    let signed_in =
        finish_creation(&ceremony, "/api/v1/auth/register/finish", passkey_name).await?;
    session.set(Session::SignedIn(signed_in.me));
    Ok(signed_in.recovery_codes)
}

/// Signs in; without a username the browser offers its passkeys for this site.
pub async fn sign_in(
    mut session: Signal<Session>,
    username: Option<String>,
) -> Result<(), FlowError> {
    let start = LoginStart { username };
    let ceremony: Ceremony = api::send("POST", "/api/v1/auth/login/start", Some(&start)).await?;
    let credential = passkey::get(&ceremony.options).await?;
    let finish = CeremonyFinish {
        ceremony_id: ceremony.ceremony_id,
        credential,
        passkey_name: None,
    };
    let signed_in: SignedIn = api::send("POST", "/api/v1/auth/login/finish", Some(&finish)).await?;
    session.set(Session::SignedIn(signed_in.me));
    Ok(())
}

/// Spends a recovery code, registers a new passkey and signs in.
pub async fn recover(
    mut session: Signal<Session>,
    request: RecoverStart,
    passkey_name: String,
) -> Result<(), FlowError> {
    let ceremony: Ceremony =
        api::send("POST", "/api/v1/auth/recover/start", Some(&request)).await?;
    let signed_in = finish_creation(&ceremony, "/api/v1/auth/recover/finish", passkey_name).await?;
    session.set(Session::SignedIn(signed_in.me));
    Ok(())
}

/// Adds another passkey to the signed-in account.
pub async fn add_passkey(passkey_name: String) -> Result<(), FlowError> {
    let ceremony: Ceremony = with_fresh_sign_in(|| async {
        Ok(api::send::<_, ()>("POST", "/api/v1/me/passkeys/start", None).await?)
    })
    .await?;
    let credential = passkey::create(&ceremony.options).await?;
    let finish = CeremonyFinish {
        ceremony_id: ceremony.ceremony_id,
        credential,
        passkey_name: Some(passkey_name),
    };
    api::send::<serde_json::Value, _>("POST", "/api/v1/me/passkeys/finish", Some(&finish)).await?;
    Ok(())
}

/// Makes a change that needs a recent sign-in (adding or removing a
/// passkey, deleting the account): when the server asks for the passkey
/// again, the browser asks the person for it and the change is made then.
pub async fn with_fresh_sign_in<T, Change, Made>(change: Change) -> Result<T, FlowError>
where
    Change: Fn() -> Made,
    Made: std::future::Future<Output = Result<T, FlowError>>,
{
    match change().await {
        Err(FlowError::Api(error)) if error.code() == Some(api::SIGN_IN_AGAIN) => {
            confirm_sign_in().await?;
            change().await
        }
        done => done,
    }
}

/// Shows one of the account's passkeys again; the session counts as freshly
/// signed in afterwards.
async fn confirm_sign_in() -> Result<(), FlowError> {
    let ceremony: Ceremony = api::send::<_, ()>("POST", "/api/v1/auth/confirm/start", None).await?;
    let credential = passkey::get(&ceremony.options).await?;
    let finish = CeremonyFinish {
        ceremony_id: ceremony.ceremony_id,
        credential,
        passkey_name: None,
    };
    api::send_empty("POST", "/api/v1/auth/confirm/finish", Some(&finish)).await?;
    Ok(())
}

pub async fn sign_out(mut session: Signal<Session>) -> Result<(), ApiError> {
    api::send_empty::<()>("POST", "/api/v1/auth/logout", None).await?;
    session.set(Session::SignedOut);
    Ok(())
}

async fn finish_creation(
    ceremony: &Ceremony,
    finish_path: &str,
    passkey_name: String,
) -> Result<SignedIn, FlowError> {
    let credential = passkey::create(&ceremony.options).await?;
    let finish = CeremonyFinish {
        ceremony_id: ceremony.ceremony_id.clone(),
        credential,
        passkey_name: Some(passkey_name),
    };
    Ok(api::send("POST", finish_path, Some(&finish)).await?)
}
