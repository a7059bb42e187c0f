//! Accounts, passkey ceremonies, sessions and roles as they travel between
//! the app and the server. WebAuthn options and credentials stay opaque JSON
//! here: the browser parses and produces them, the server checks them.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

/// What a person may do on the platform. Every account has exactly one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Bürgerin or Bürger: proposes, votes, reports, comments.
    Citizen,
    /// Reviews reported content and blocks accounts.
    Moderator,
    /// Verwaltung: answers reports, reviews proposals, edits council data.
    Staff,
    /// Ratsmitglied.
    Council,
    /// Runs the installation: roles, invitations, audit log.
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Citizen,
        Role::Moderator,
        Role::Staff,
        Role::Council,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Moderator => "moderator",
            Role::Staff => "staff",
            Role::Council => "council",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == s)
            .ok_or_else(|| {
                format!("Unbekannte Rolle „{s}“. Möglich sind: citizen, moderator, staff, council, admin.")
            })
    }
}

/// The signed-in person, as `GET /api/v1/me` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: String,
    /// Login name, unique, used together with a recovery code.
    pub username: String,
    /// Name shown next to contributions.
    pub display_name: String,
    pub role: Role,
    /// Departments (Ämter) a staff account works for, e.g. "Tiefbauamt".
    #[serde(default)]
    pub departments: Vec<String>,
    /// Set when moderators blocked the account: it can read but not write.
    pub blocked: Option<String>,
    /// Key of the Stadtbezirk the person says they live in (district polls).
    #[serde(default)]
    pub district: Option<String>,
    /// RFC 3339.
    pub created_at: String,
}

/// `PUT /me/district`: where the person lives, for district polls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HomeDistrict {
    /// A district key, or none to withdraw it.
    pub district: Option<String>,
}

/// An account as administrators see it in the user list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountSummary {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    #[serde(default)]
    pub departments: Vec<String>,
    pub blocked: Option<String>,
    pub created_at: String,
}

/// `POST /auth/register/start`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterStart {
    /// 3 to 32 letters a–z, digits, `.`, `_` or `-`; case does not matter.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[A-Za-z0-9._-]{3,32}$"))]
    pub username: String,
    /// Shown next to contributions: up to 80 characters, no control characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 80,
            pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
        )
    )]
    pub display_name: String,
    /// Token of an invitation link; gives the new account the invited role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite: Option<String>,
}

/// `POST /auth/login/start`. Without a username the browser offers the
/// passkeys it knows for this site (discoverable credentials).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginStart {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[A-Za-z0-9._-]{3,32}$"))]
    pub username: Option<String>,
}

/// `POST /auth/recover/start`: a recovery code lets its owner add a passkey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoverStart {
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[A-Za-z0-9._-]{3,32}$"))]
    pub username: String,
    pub code: String,
}

/// A started passkey ceremony: the options go to `navigator.credentials`,
/// the id comes back with the browser's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ceremony {
    pub ceremony_id: String,
    /// WebAuthn `CredentialCreationOptions` or `CredentialRequestOptions` as JSON.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub options: serde_json::Value,
}

/// Finishing a ceremony: the browser's `PublicKeyCredential.toJSON()`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CeremonyFinish {
    pub ceremony_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub credential: serde_json::Value,
    /// A name for the passkey, e.g. "Handy"; only used when one is registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passkey_name: Option<String>,
}

/// Answer of a successful sign-in or registration. The tokens are also set
/// as HttpOnly cookies; API clients use them directly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignedIn {
    pub me: Me,
    /// JWT for `Authorization: Bearer`, valid for `expires_in` seconds.
    /// Left out for browsers, which get it only as an HttpOnly cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    pub expires_in: u64,
    /// Opaque, single use: exchange at `POST /auth/refresh` for a new pair.
    /// Left out for browsers, which get it only as an HttpOnly cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Only at registration: ten one-time codes, shown this once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recovery_codes: Vec<String>,
}

/// `POST /auth/refresh` for API clients; the app sends the cookie instead.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// One signed-in device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub id: String,
    /// Browser and system as the device reported them when signing in.
    pub device: String,
    pub created_at: String,
    pub last_used_at: String,
    /// The session this request was made with.
    pub current: bool,
}

/// A registered passkey, without its key material.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeyInfo {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

/// `PUT /admin/accounts/{id}/role`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleChange {
    pub role: Role,
}

/// `PUT /admin/accounts/{id}/departments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentsChange {
    pub departments: Vec<String>,
}

/// `POST /admin/accounts/{id}/block` and moderation decisions: the reason
/// is shown to the person concerned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reason {
    pub reason: String,
}

/// `POST /admin/invites`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InviteRequest {
    pub role: Role,
}

/// A one-time registration link with a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invite {
    pub role: Role,
    pub link: String,
    pub expires_at: String,
}

/// One entry of the append-only audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub at: String,
    /// Account id of who acted; `None` for the operator's command line.
    pub actor: Option<String>,
    /// Stable action name, e.g. `role.changed`.
    pub action: String,
    /// What was acted on, e.g. `account:…`.
    pub target: String,
    pub detail: String,
}

/// Everything stored about the signed-in person (Art. 15 and 20 DSGVO),
/// as one JSON document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataExport {
    pub exported_at: String,
    pub account: Me,
    pub passkeys: Vec<PasskeyInfo>,
    pub sessions: Vec<SessionInfo>,
    /// How many unused recovery codes exist (the codes are stored only as hashes).
    pub recovery_codes_left: u32,
    /// Audit log entries about this account or made by it.
    pub audit_log: Vec<AuditEntry>,
    /// Content this person reported to the moderators.
    pub reports: Vec<crate::moderation::Report>,
    /// Proposals, comments, supports, ratings and ballots in the Bürgerhaushalt.
    pub budget: crate::budget::BudgetActivity,
    /// Defect reports sent with this account, with the name and e-mail
    /// given, and the numbers of those followed ("Ich auch").
    pub defect_reports: Vec<crate::defects::OwnReport>,
    pub followed_defect_reports: Vec<u64>,
    /// Numbers of the polls this person voted in. What they voted is not
    /// linked to them and therefore not part of the export.
    pub polls_voted_in: Vec<u64>,
    /// Comments on drafts and debate arguments written with this account.
    pub participation: crate::consultations::ParticipationActivity,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
            assert_eq!(
                serde_json::to_value(role).unwrap(),
                serde_json::json!(role.as_str())
            );
        }
        assert!("root".parse::<Role>().unwrap_err().contains("root"));
    }
}
