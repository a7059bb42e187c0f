//! What every request handler may use: the database, the installation's
//! settings, and each domain's own state (caches, settings), one field per
//! domain. This is the one place below the domains that names their types;
//! the domains depend on it, and it on nothing of theirs but those types.

use std::sync::Arc;

use url::Url;

use crate::{
    accounts::Accounts, budget::ClosedBallots, council, db::Db, defects, moderation, polls,
    privacy::PersonalData, search::Search,
};

/// What every handler may use. Cheap to clone: the database handle is shared.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub public_url: Url,
    /// Rendered OParl answers of this app server, valid per council version.
    pub oparl_answers: Arc<council::AnswerCache>,
    pub council_version: Arc<council::CouncilVersion>,
    /// Owners and ends of OParl lists of this app server, per council version.
    pub oparl_lists: Arc<council::ListFacts>,
    pub accounts: Arc<Accounts>,
    /// Polls that have opened, as votes need them (see `polls::OpenedPolls`).
    pub opened_polls: Arc<polls::OpenedPolls>,
    /// Closed polls' counts and results (see `polls::ClosedPolls`).
    pub closed_polls: Arc<polls::ClosedPolls>,
    /// Closed Bürgerhaushalt ballots with their results (see `budget::ClosedBallots`).
    pub closed_ballots: Arc<ClosedBallots>,
    pub moderation: moderation::Rules,
    /// Largest accepted upload (a council PDF), in bytes.
    pub upload_limit: usize,
    pub defects: Arc<defects::Settings>,
    /// Started with `--demo`: the Open311 key `demo` works.
    pub demo: bool,
    /// Steps Equal Shares may take for a Pabulib file sent in for checking.
    pub pabulib_check_steps: u64,
    /// Every domain's part of a person's data (see `privacy`).
    pub personal_data: &'static [&'static dyn PersonalData],
    /// This app server's search index (see `search`).
    pub search: Arc<Search>,
}
