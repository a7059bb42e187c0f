//! What each role may do. Every handler that changes or reveals something
//! beyond the public asks [`Actor::may`] for its one action, so the whole
//! policy is this table.

use shared::accounts::Role;

use super::actor::Actor;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Passkeys, sessions, export and erasure of one's own account. Allowed
    /// to blocked accounts too: data protection rights do not end with a block.
    ManageOwnAccount,
    /// Search the accounts and see their roles.
    FindAccounts,
    ChangeRoles,
    CreateInvites,
    /// Block or unblock an account.
    BlockAccounts,
    ReadAuditLog,
    /// Report someone else's content to the moderators.
    Report,
    /// See the moderation queue, hide and restore content.
    Moderate,
    /// Create, change and delete the council's meetings, papers and files.
    EditCouncil,
    /// Read non-public agenda items whole, with their files.
    ReadNonPublicCouncil,
    /// Propose, comment, support, rate and vote.
    Participate,
    /// Set up budget cycles and their phases, voting codes, the review of
    /// proposals and their implementation.
    ManageBudgets,
    /// Work on defect reports (status, routing, duplicates) and set up the
    /// Mängelmelder's categories and area.
    HandleDefects,
    /// Hand out and withdraw Open311 API keys.
    ManageApiKeys,
    /// Set up polls and surveys, and end them early.
    ManagePolls,
    /// Publish drafts for consultation and their versions, answer comments
    /// officially, enter statements sent by letter, and run debates.
    ManageConsultations,
}

impl Action {
    fn allowed(self, role: Role) -> bool {
        use Role::*;
        match self {
            Action::ManageOwnAccount => true,
            Action::Report => true,
            Action::FindAccounts | Action::BlockAccounts | Action::Moderate => {
                matches!(role, Moderator | Admin)
            }
            Action::ChangeRoles
            | Action::CreateInvites
            | Action::ReadAuditLog
            | Action::ManageApiKeys => role == Admin,
            Action::EditCouncil
            | Action::ManageBudgets
            | Action::HandleDefects
            | Action::ManagePolls
            | Action::ManageConsultations => {
                matches!(role, Staff | Admin)
            }
            Action::ReadNonPublicCouncil => matches!(role, Council | Staff | Admin),
            Action::Participate => true,
        }
    }

    /// Blocked accounts may read but not act on others.
    fn open_to_blocked(self) -> bool {
        matches!(self, Action::ManageOwnAccount)
    }
}

impl Actor {
    pub fn may(&self, action: Action) -> Result<()> {
        if let Some(reason) = &self.account.blocked
            && !action.open_to_blocked()
        {
            return Err(Error::Forbidden(format!(
                "Ihr Konto ist gesperrt und kann nichts verändern. Begründung: {reason}"
            )));
        }
        if action.allowed(self.account.role) {
            Ok(())
        } else {
            Err(Error::Forbidden(
                "Dafür fehlt Ihrem Konto die Berechtigung.".into(),
            ))
        }
    }
}

impl Actor {
    /// Blocking and unblocking an account with the role `target`: admins may
    /// do it to anyone, moderators only to citizens, so that one moderator
    /// cannot lock the administration, the council or the admins out.
    pub fn may_block(&self, target: Role) -> Result<()> {
        self.may(Action::BlockAccounts)?;
        if self.account.role == Role::Admin || target == Role::Citizen {
            Ok(())
        } else {
            Err(Error::Forbidden(
                "Moderatorinnen und Moderatoren können nur Konten von Bürgerinnen und Bürgern sperren oder entsperren; andere Konten sperrt ein Admin."
                    .into(),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admins_manage_roles_and_everyone_their_own_account() {
        for role in Role::ALL {
            assert!(Action::ManageOwnAccount.allowed(role));
            assert_eq!(Action::ChangeRoles.allowed(role), role == Role::Admin);
        }
        assert!(Action::BlockAccounts.allowed(Role::Moderator));
        assert!(!Action::BlockAccounts.allowed(Role::Staff));
        assert!(Action::EditCouncil.allowed(Role::Staff));
        assert!(!Action::EditCouncil.allowed(Role::Moderator));
    }
}
