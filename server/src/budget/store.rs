//! The only code that reads and writes the `budget_*` tables.

use std::collections::HashMap;

use serde::{Deserialize, Serialize, de::DeserializeOwned};
use shared::budget::{
    Ballot, CycleSettings, GeoPoint, Milestone, ProposalDraft, ProposalStatus, Rating, Review,
};

use crate::{
    db::{self, Db, Rows, first_cause},
    error::{Error, Result},
    page::Page,
};

/// Hands out the next number of a sequence (`cycle`, `proposal`, ...).
pub async fn allocate(db: &Db, sequence: &str) -> Result<u64> {
    db::next_number(db, "budget_sequence", sequence).await
}

#[derive(Debug, Clone, Deserialize)]
pub struct CycleRow {
    pub number: u64,
    pub settings: CycleSettings,
    pub code_salt: String,
}

pub async fn create_cycle(
    db: &Db,
    number: u64,
    settings: &CycleSettings,
    salt: &str,
) -> Result<()> {
    db.query(
        "CREATE type::record('budget_cycle', $number) CONTENT { number: $number, settings: $settings, code_salt: $salt }",
    )
    .bind(("number", number as i64))
    .bind(("settings", serde_json::to_value(settings)?))
    .bind(("salt", salt.to_owned()))
    .await?
    .check()?;
    Ok(())
}

pub async fn update_settings(db: &Db, number: u64, settings: &CycleSettings) -> Result<()> {
    db.query("UPDATE type::record('budget_cycle', $number) SET settings = $settings")
        .bind(("number", number as i64))
        .bind(("settings", serde_json::to_value(settings)?))
        .await?
        .check()?;
    Ok(())
}

const CYCLE_FIELDS: &str = "number, settings, code_salt";

pub async fn cycle(db: &Db, number: u64) -> Result<Option<CycleRow>> {
    db.query(format!(
        "SELECT {CYCLE_FIELDS} FROM ONLY type::record('budget_cycle', $number)"
    ))
    .bind(("number", number as i64))
    .await?
    .check()?
    .row(0)
}

/// Newest first. A city has few cycles: sorting them beats reading the
/// number index backwards, which SurrealKV (the former embedded engine)
/// did slowly while its memtable was large (370 ms for two cycles after a
/// busy hour).
pub async fn cycles(db: &Db) -> Result<Vec<CycleRow>> {
    db.query(format!(
        "SELECT {CYCLE_FIELDS} FROM budget_cycle WITH NOINDEX ORDER BY number DESC"
    ))
    .await?
    .check()?
    .rows(0)
}

#[derive(Debug, Clone, Deserialize)]
pub struct ProposalRow {
    pub number: u64,
    pub cycle: u64,
    pub author: Option<String>,
    pub title: String,
    pub description: String,
    pub category: String,
    pub district: Option<String>,
    pub location: Option<GeoPoint>,
    pub estimated_cost: u64,
    pub status: ProposalStatus,
    pub review: Option<Review>,
    pub merged_into: Option<u64>,
    pub council_paper: Option<String>,
    pub milestones: Vec<Milestone>,
    pub created_at: String,
}

impl ProposalRow {
    /// The reviewed one-off cost, else the proposer's estimate.
    pub fn cost(&self) -> u64 {
        self.review
            .as_ref()
            .map_or(self.estimated_cost, |review| review.cost_once)
    }
}

const PROPOSAL_FIELDS: &str = "number, cycle, IF author = NONE THEN NONE ELSE record::id(author) END AS author, \
    title, description, category, district, location, estimated_cost, status, review, merged_into, \
    council_paper, milestones, <string> created_at AS created_at";

/// Stores a proposal unless its author already made `limit` in the cycle.
pub async fn create_proposal(
    db: &Db,
    number: u64,
    cycle: u64,
    author: &str,
    draft: &ProposalDraft,
    limit: u32,
) -> Result<()> {
    db.query(
        "BEGIN TRANSACTION;
         LET $author = type::record('account', $author_id);
         IF count(SELECT VALUE number FROM budget_proposal WHERE author = $author AND cycle = $cycle) >= $limit {
             THROW 'proposal_limit';
         };
         CREATE type::record('budget_proposal', $number) CONTENT {
             number: $number, cycle: $cycle, author: $author, title: $draft.title,
             description: $draft.description, category: $draft.category,
             district: $draft.district ?? NONE, location: $draft.location ?? NONE,
             estimated_cost: $draft.estimated_cost, status: 'submitted'
         };
         COMMIT TRANSACTION;",
    )
    .bind(("number", number as i64))
    .bind(("cycle", cycle as i64))
    .bind(("author_id", author.to_owned()))
    .bind(("draft", serde_json::to_value(draft)?))
    .bind(("limit", i64::from(limit)))
    .await
    .and_then(first_cause)
    .map_err(|err| {
        if err.to_string().contains("proposal_limit") {
            Error::Conflict(format!(
                "Sie haben in diesem Bürgerhaushalt schon {limit} Vorschläge eingereicht, mehr sind nicht möglich."
            ))
        } else {
            err.into()
        }
    })?;
    crate::search::wrote();
    Ok(())
}

pub async fn proposal(db: &Db, number: u64) -> Result<Option<ProposalRow>> {
    db.query(format!(
        "SELECT {PROPOSAL_FIELDS} FROM ONLY type::record('budget_proposal', $number)"
    ))
    .bind(("number", number as i64))
    .await?
    .check()?
    .row(0)
}

/// All proposals of a cycle, oldest first.
pub async fn proposals(db: &Db, cycle: u64) -> Result<Vec<ProposalRow>> {
    select_proposals(db, &ProposalSelection::all_of(cycle)).await
}

/// The feasible proposals of a cycle, oldest first: those that can reach
/// the ballot.
pub async fn feasible_proposals(db: &Db, cycle: u64) -> Result<Vec<ProposalRow>> {
    select_proposals(
        db,
        &ProposalSelection {
            status: Some(ProposalStatus::Feasible),
            ..ProposalSelection::all_of(cycle)
        },
    )
    .await
}

pub async fn count_proposals(db: &Db, cycle: u64) -> Result<u64> {
    db.query("SELECT count() FROM budget_proposal WHERE cycle = $cycle GROUP ALL")
        .bind(("cycle", cycle as i64))
        .await?
        .check()?
        .count(0)
}

/// How many proposals there are, in every cycle.
pub async fn count_all_proposals(db: &Db) -> Result<u64> {
    db::count_all(db, "budget_proposal").await
}

/// Up to `limit` proposal numbers above `after`, in order, of every cycle.
pub async fn proposal_numbers_after(db: &Db, after: u64, limit: usize) -> Result<Vec<u64>> {
    db::numbers_after(db, "budget_proposal", after, limit).await
}

/// The proposals of these numbers, in their order; unknown ones are skipped.
pub async fn proposals_by_numbers(db: &Db, numbers: &[u64]) -> Result<Vec<ProposalRow>> {
    db::rows_by_numbers(db, "budget_proposal", PROPOSAL_FIELDS, numbers).await
}

/// Which proposals of a cycle a list shows, oldest first.
#[derive(Debug, Default, Serialize)]
pub struct ProposalSelection {
    pub cycle: u64,
    /// Only city-wide ones.
    #[serde(skip)]
    pub city_wide: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ProposalStatus>,
    /// Only these.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only: Option<Vec<u64>>,
    /// Taken out of view by moderation: left out unless `viewer` wrote them
    /// or they are in `shown_anyway`.
    pub hidden: Vec<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub viewer: Option<String>,
    pub shown_anyway: Vec<u64>,
    #[serde(skip)]
    pub page: Page,
}

impl ProposalSelection {
    pub fn all_of(cycle: u64) -> Self {
        Self {
            cycle,
            ..Self::default()
        }
    }

    fn conditions(&self) -> Vec<&'static str> {
        let mut conditions = vec!["cycle = $s.cycle"];
        if self.city_wide {
            conditions.push("district = NONE");
        }
        for (given, condition) in [
            (self.district.is_some(), "district = $s.district"),
            (self.category.is_some(), "category = $s.category"),
            (self.status.is_some(), "status = $s.status"),
            (self.only.is_some(), "number IN $s.only"),
            (self.page.after.is_some(), "number > $after"),
        ] {
            if given {
                conditions.push(condition);
            }
        }
        if !self.hidden.is_empty() {
            conditions.push(if self.viewer.is_some() {
                "(number NOT IN $s.hidden OR number IN $s.shown_anyway
                  OR author = type::record('account', $s.viewer))"
            } else {
                "(number NOT IN $s.hidden OR number IN $s.shown_anyway)"
            });
        }
        conditions
    }
}

/// The selected proposals, read in order off the (cycle, number) index, so
/// that a page costs the same wherever it is in the list.
pub async fn select_proposals(db: &Db, selection: &ProposalSelection) -> Result<Vec<ProposalRow>> {
    let query = db
        .query(format!(
            "SELECT {PROPOSAL_FIELDS} FROM budget_proposal WHERE {} ORDER BY number{}",
            selection.conditions().join(" AND "),
            selection.page.clauses()
        ))
        .bind(("s", serde_json::to_value(selection)?))
        .bind(("after", selection.page.after_stored()));
    selection.page.bind(query).await?.check()?.rows(0)
}

pub async fn count_by_author(db: &Db, cycle: u64, author: &str) -> Result<u64> {
    count(
        db,
        "count(SELECT VALUE number FROM budget_proposal WHERE author = type::record('account', $account) AND cycle = $cycle)",
        cycle,
        author,
    )
    .await
}

async fn count(db: &Db, expression: &str, cycle: u64, account: &str) -> Result<u64> {
    let n: Option<u64> = db
        .query(format!("RETURN {expression}"))
        .bind(("cycle", cycle as i64))
        .bind(("account", account.to_owned()))
        .await?
        .check()?
        .row(0)?;
    Ok(n.unwrap_or_default())
}

/// Records the review; a merge also moves the supports (one per person)
/// to the proposal merged into.
pub async fn set_review(
    db: &Db,
    number: u64,
    review: &Review,
    merge_into: Option<u64>,
) -> Result<()> {
    let status = match (merge_into, review.feasible) {
        (Some(_), _) => ProposalStatus::Merged,
        (None, true) => ProposalStatus::Feasible,
        (None, false) => ProposalStatus::NotFeasible,
    };
    db.query(
        "BEGIN TRANSACTION;
         UPDATE type::record('budget_proposal', $number) SET review = $review, status = $status, merged_into = $merge_into ?? NONE;
         IF $merge_into != NONE {
             FOR $support IN (SELECT * FROM budget_support WHERE proposal = $number) {
                 UPSERT type::record('budget_support', [$merge_into, record::id($support.account)]) CONTENT {
                     cycle: $support.cycle, proposal: $merge_into, account: $support.account, created_at: $support.created_at
                 };
             };
             DELETE budget_support WHERE proposal = $number;
         };
         COMMIT TRANSACTION;",
    )
    .bind(("number", number as i64))
    .bind(("review", serde_json::to_value(review)?))
    .bind(("status", serde_json::to_value(status)?))
    .bind(("merge_into", merge_into.map(|n| n as i64)))
    .await?
    .check()?;
    Ok(())
}

pub async fn set_implementation(
    db: &Db,
    number: u64,
    council_paper: Option<&str>,
    milestones: &[Milestone],
) -> Result<()> {
    db.query(
        "UPDATE type::record('budget_proposal', $number) SET council_paper = $paper ?? NONE, milestones = $milestones",
    )
    .bind(("number", number as i64))
    .bind(("paper", council_paper.map(str::to_owned)))
    .bind(("milestones", serde_json::to_value(milestones)?))
    .await?
    .check()?;
    Ok(())
}

/// Adds a support unless the person has given `limit` in the cycle; giving
/// the same support twice changes nothing.
pub async fn add_support(
    db: &Db,
    cycle: u64,
    proposal: u64,
    account: &str,
    limit: u32,
) -> Result<()> {
    db.query(
        "BEGIN TRANSACTION;
         LET $account = type::record('account', $account_id);
         LET $id = type::record('budget_support', [$proposal, $account_id]);
         IF record::exists($id) { RETURN NONE };
         IF count(SELECT VALUE proposal FROM budget_support WHERE account = $account AND cycle = $cycle) >= $limit {
             THROW 'support_limit';
         };
         CREATE $id CONTENT { cycle: $cycle, proposal: $proposal, account: $account };
         COMMIT TRANSACTION;",
    )
    .bind(("cycle", cycle as i64))
    .bind(("proposal", proposal as i64))
    .bind(("account_id", account.to_owned()))
    .bind(("limit", i64::from(limit)))
    .await
    .and_then(first_cause)
    .map_err(|err| {
        if err.to_string().contains("support_limit") {
            Error::Conflict(format!(
                "Sie haben schon alle {limit} Unterstützungen vergeben. Nehmen Sie eine zurück, um diesen Vorschlag zu unterstützen."
            ))
        } else {
            err.into()
        }
    })?;
    Ok(())
}

pub async fn remove_support(db: &Db, proposal: u64, account: &str) -> Result<()> {
    db.query("DELETE type::record('budget_support', [$proposal, $account])")
        .bind(("proposal", proposal as i64))
        .bind(("account", account.to_owned()))
        .await?
        .check()?;
    Ok(())
}

pub async fn supports_given(db: &Db, cycle: u64, account: &str) -> Result<Vec<u64>> {
    values(
        db,
        "SELECT VALUE proposal FROM budget_support WHERE account = type::record('account', $account) AND cycle = $cycle",
        cycle,
        account,
    )
    .await
}

async fn values<T: DeserializeOwned>(
    db: &Db,
    query: &str,
    cycle: u64,
    account: &str,
) -> Result<Vec<T>> {
    db.query(query)
        .bind(("cycle", cycle as i64))
        .bind(("account", account.to_owned()))
        .await?
        .check()?
        .rows(0)
}

/// Whose supports and ratings to count: a whole cycle's, to rank its
/// proposals for the ballot, or only those of the proposals being shown.
#[derive(Debug, Clone, Copy)]
pub enum Counted<'a> {
    Cycle(u64),
    Proposals(&'a [u64]),
}

/// Supports per proposal.
pub async fn support_counts(db: &Db, counted: Counted<'_>) -> Result<HashMap<u64, u64>> {
    #[derive(Deserialize)]
    struct Row {
        proposal: u64,
        count: u64,
    }
    let cycle = match counted {
        Counted::Cycle(cycle) => cycle,
        Counted::Proposals(numbers) => {
            return db::counts_per_key(db, "budget_support", "proposal", numbers).await;
        }
    };
    let rows: Vec<Row> = db
        .query("SELECT proposal, count() AS count FROM budget_support WHERE cycle = $cycle GROUP BY proposal")
        .bind(("cycle", cycle as i64))
        .await?
        .check()?
        .rows(0)?;
    Ok(rows.into_iter().map(|r| (r.proposal, r.count)).collect())
}

pub async fn set_rating(
    db: &Db,
    cycle: u64,
    proposal: u64,
    account: &str,
    rating: Rating,
) -> Result<()> {
    db.query(
        "UPSERT type::record('budget_rating', [$proposal, $account]) CONTENT {
             cycle: $cycle, proposal: $proposal, account: type::record('account', $account), rating: $rating
         }",
    )
    .bind(("cycle", cycle as i64))
    .bind(("proposal", proposal as i64))
    .bind(("account", account.to_owned()))
    .bind(("rating", serde_json::to_value(rating)?))
    .await?
    .check()?;
    Ok(())
}

/// Ratings per proposal and kind.
pub async fn ratings(db: &Db, counted: Counted<'_>) -> Result<Vec<(u64, Rating, u64)>> {
    #[derive(Deserialize)]
    struct Row {
        proposal: u64,
        rating: Rating,
        count: u64,
    }
    let cycle = match counted {
        Counted::Cycle(cycle) => cycle,
        Counted::Proposals(numbers) => {
            let counts = db::counts_per_key_and(
                db,
                "budget_rating",
                "proposal",
                numbers,
                "rating",
                &Rating::ALL,
            )
            .await?;
            return Ok(counts
                .into_iter()
                .map(|((proposal, rating), n)| (proposal, rating, n))
                .collect());
        }
    };
    let rows: Vec<Row> = db
        .query("SELECT proposal, rating, count() AS count FROM budget_rating WHERE cycle = $cycle GROUP BY proposal, rating")
        .bind(("cycle", cycle as i64))
        .await?
        .check()?
        .rows(0)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.proposal, r.rating, r.count))
        .collect())
}

pub async fn ratings_given(db: &Db, cycle: u64, account: &str) -> Result<Vec<(u64, Rating)>> {
    #[derive(Deserialize)]
    struct Row {
        proposal: u64,
        rating: Rating,
    }
    let rows: Vec<Row> = values(
        db,
        "SELECT proposal, rating FROM budget_rating WHERE account = type::record('account', $account) AND cycle = $cycle",
        cycle,
        account,
    )
    .await?;
    Ok(rows.into_iter().map(|r| (r.proposal, r.rating)).collect())
}

/// Writes the one ballot of `voter` (`account:<id>` or `code:<hash>`),
/// replacing an earlier one; the export token stays the same.
pub async fn put_ballot(
    db: &Db,
    cycle: u64,
    voter: &str,
    ballot: &Ballot,
    token: &str,
) -> Result<()> {
    let ballot = serde_json::to_value(ballot)?;
    // The same person sending their ballot twice at once: the last one wins.
    db::retrying_conflicts(|| async {
        db.query(
            "UPSERT type::record('budget_ballot', [$cycle, $voter]) SET
                 cycle = $cycle, voter = $voter, token = token ?? $export_token,
                 city_wide = $ballot.city_wide, district = $ballot.district ?? NONE,
                 district_projects = $ballot.district_projects",
        )
        .bind(("cycle", cycle as i64))
        .bind(("voter", voter.to_owned()))
        .bind(("ballot", ballot.clone()))
        .bind(("export_token", token.to_owned()))
        .await?
        .check()
    })
    .await?;
    Ok(())
}

/// Whose ballot a signed-in person casts: their account's, or that of the
/// voting code they once voted with while signed in (both are one voter).
pub async fn voter_of_account(db: &Db, cycle: u64, account: &str) -> Result<String> {
    let joined: Option<String> = db
        .query("SELECT VALUE code_voter FROM ONLY type::record('budget_voter_link', [$cycle, $account])")
        .bind(("cycle", cycle as i64))
        .bind(("account", account.to_owned()))
        .await?
        .check()?
        .row(0)?;
    Ok(joined.unwrap_or_else(|| format!("account:{account}")))
}

/// Makes the account and the code one voter: the account's own ballot goes,
/// the code's counts. Refused when either is one with another already.
pub async fn join_code(db: &Db, cycle: u64, account: &str, code_voter: &str) -> Result<()> {
    db.query(
        "BEGIN TRANSACTION;
         LET $mine = SELECT VALUE code_voter FROM ONLY type::record('budget_voter_link', [$cycle, $account]);
         LET $theirs = (SELECT VALUE account FROM budget_voter_link WHERE cycle = $cycle AND code_voter = $code)[0];
         IF ($mine != NONE AND $mine != $code) OR ($theirs != NONE AND $theirs != $account) {
             THROW 'joined_with_another';
         };
         UPSERT type::record('budget_voter_link', [$cycle, $account])
             CONTENT { cycle: $cycle, account: $account, code_voter: $code };
         DELETE type::record('budget_ballot', [$cycle, 'account:' + $account]);
         COMMIT TRANSACTION;",
    )
    .bind(("cycle", cycle as i64))
    .bind(("account", account.to_owned()))
    .bind(("code", code_voter.to_owned()))
    .await
    .and_then(first_cause)
    .map_err(|err| {
        // Another account joining the same code at the same moment trips
        // the unique index instead.
        if err.to_string().contains("joined_with_another") || err.to_string().contains("budget_voter_link_code") {
            Error::Conflict(
                "Dieser Abstimmungscode gehört schon zu einem anderen Konto, oder Ihr Konto hat schon mit einem anderen Code abgestimmt. Jede Person gibt einen Stimmzettel ab.".into(),
            )
        } else {
            err.into()
        }
    })
}

pub async fn ballot(db: &Db, cycle: u64, voter: &str) -> Result<Option<Ballot>> {
    db.query(
        "SELECT city_wide, district, district_projects FROM ONLY type::record('budget_ballot', [$cycle, $voter])",
    )
    .bind(("cycle", cycle as i64))
    .bind(("voter", voter.to_owned()))
    .await?
    .check()?
    .row(0)
}

/// All ballots of a cycle in the order of their random tokens, so that
/// positions say nothing about who voted or when.
pub async fn ballots(db: &Db, cycle: u64) -> Result<Vec<Ballot>> {
    db.query(
        "SELECT city_wide, district, district_projects, token FROM budget_ballot WHERE cycle = $cycle ORDER BY token",
    )
    .bind(("cycle", cycle as i64))
    .await?
    .check()?
    .rows(0)
}

pub async fn count_ballots(db: &Db, cycle: u64) -> Result<u64> {
    let n: Option<u64> = db
        .query("RETURN count(SELECT VALUE token FROM budget_ballot WHERE cycle = $cycle)")
        .bind(("cycle", cycle as i64))
        .await?
        .check()?
        .row(0)?;
    Ok(n.unwrap_or_default())
}

pub async fn create_code_batch(
    db: &Db,
    cycle: u64,
    number: u64,
    note: &str,
    hashes: Vec<String>,
    created_by: &str,
) -> Result<()> {
    db.query(
        "BEGIN TRANSACTION;
         CREATE budget_code_batch CONTENT {
             cycle: $cycle, number: $number, note: $note, count: array::len($hashes),
             created_by: type::record('account', $created_by)
         };
         INSERT INTO budget_code $hashes.map(|$hash| { cycle: $cycle, batch: $number, hash: $hash });
         COMMIT TRANSACTION;",
    )
    .bind(("cycle", cycle as i64))
    .bind(("number", number as i64))
    .bind(("note", note.to_owned()))
    .bind(("hashes", hashes))
    .bind(("created_by", created_by.to_owned()))
    .await?
    .check()?;
    Ok(())
}

#[derive(Debug, Deserialize)]
pub struct CodeBatchRow {
    pub number: u64,
    pub note: String,
    pub count: u64,
    pub active: bool,
    pub created_at: String,
}

pub async fn code_batches(db: &Db, cycle: u64) -> Result<Vec<CodeBatchRow>> {
    db.query(
        "SELECT number, note, count, active, <string> created_at AS created_at FROM budget_code_batch
         WHERE cycle = $cycle ORDER BY number",
    )
    .bind(("cycle", cycle as i64))
    .await?
    .check()?
    .rows(0)
}

pub async fn set_batch_active(db: &Db, cycle: u64, number: u64, active: bool) -> Result<bool> {
    let changed: Vec<serde_json::Value> = db
        .query("UPDATE budget_code_batch SET active = $active WHERE cycle = $cycle AND number = $number RETURN number")
        .bind(("cycle", cycle as i64))
        .bind(("number", number as i64))
        .bind(("active", active))
        .await?
        .check()?
        .rows(0)?;
    Ok(!changed.is_empty())
}

/// The batch a code hash belongs to and whether that batch is active.
pub async fn code(db: &Db, cycle: u64, hash: &str) -> Result<Option<(u64, bool)>> {
    #[derive(Deserialize)]
    struct Row {
        batch: u64,
        active: bool,
    }
    let row: Option<Row> = db
        .query(
            "SELECT batch, (SELECT VALUE active FROM ONLY budget_code_batch WHERE cycle = $parent.cycle AND number = $parent.batch LIMIT 1) ?? false AS active
             FROM ONLY budget_code WHERE cycle = $cycle AND hash = $hash LIMIT 1",
        )
        .bind(("cycle", cycle as i64))
        .bind(("hash", hash.to_owned()))
        .await?
        .check()?
        .row(0)?;
    Ok(row.map(|r| (r.batch, r.active)))
}

/// Ballots cast with the codes of each batch.
pub async fn codes_used(db: &Db, cycle: u64) -> Result<HashMap<u64, u64>> {
    #[derive(Deserialize)]
    struct Row {
        batch: u64,
        count: u64,
    }
    let rows: Vec<Row> = db
        .query(
            "SELECT batch, count() AS count FROM budget_code
             WHERE cycle = $cycle AND record::exists(type::record('budget_ballot', [$cycle, 'code:' + hash]))
             GROUP BY batch",
        )
        .bind(("cycle", cycle as i64))
        .await?
        .check()?
        .rows(0)?;
    Ok(rows.into_iter().map(|r| (r.batch, r.count)).collect())
}

#[derive(Debug, Deserialize)]
pub struct CommentRow {
    pub id: String,
    pub parent: Option<String>,
    pub author: String,
    pub body: String,
    pub created_at: String,
}

pub async fn add_comment(
    db: &Db,
    proposal: u64,
    author: &str,
    body: &str,
    parent: Option<&str>,
) -> Result<String> {
    let id: Option<String> = db
        .query(
            "CREATE budget_comment CONTENT {
                 proposal: $proposal, author: type::record('account', $author), body: $body,
                 parent: IF $parent = NONE THEN NONE ELSE type::record('budget_comment', $parent) END
             } RETURN VALUE record::id(id)",
        )
        .bind(("proposal", proposal as i64))
        .bind(("author", author.to_owned()))
        .bind(("body", body.to_owned()))
        .bind(("parent", parent.map(str::to_owned)))
        .await?
        .check()?
        .row(0)?;
    id.ok_or_else(|| Error::Internal("comment was not created".into()))
}

const COMMENT_FIELDS: &str = "record::id(id) AS id, IF parent = NONE THEN NONE ELSE record::id(parent) END AS parent, \
    record::id(author) AS author, body, <string> created_at AS created_at";

/// This page of the comments on a proposal, oldest first.
pub async fn comments(db: &Db, proposal: u64, page: Page) -> Result<Vec<CommentRow>> {
    let query = db
        .query(format!(
            "SELECT {COMMENT_FIELDS}, created_at AS at FROM budget_comment
             WHERE proposal = $proposal ORDER BY at, id{}",
            page.clauses()
        ))
        .bind(("proposal", proposal as i64));
    page.bind(query).await?.check()?.rows(0)
}

pub async fn comment(db: &Db, id: &str) -> Result<Option<(u64, CommentRow)>> {
    #[derive(Deserialize)]
    struct Row {
        proposal: u64,
        #[serde(flatten)]
        comment: CommentRow,
    }
    let row: Option<Row> = db
        .query(format!(
            "SELECT proposal, {COMMENT_FIELDS} FROM ONLY type::record('budget_comment', $id)"
        ))
        .bind(("id", id.to_owned()))
        .await?
        .check()?
        .row(0)?;
    Ok(row.map(|r| (r.proposal, r.comment)))
}

/// Comments per proposal of a cycle's proposals.
pub async fn comment_counts(db: &Db, proposals: &[u64]) -> Result<HashMap<u64, u64>> {
    db::counts_per_key(db, "budget_comment", "proposal", proposals).await
}

/// Stores proposals as they are, e.g. the demo city's history; `author`
/// stays empty (proposals that came on paper or by phone).
pub async fn insert_proposals(db: &Db, rows: &[ProposalRow]) -> Result<()> {
    let values: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| {
            without_nulls(serde_json::json!({
                "id": row.number, "number": row.number, "cycle": row.cycle, "title": row.title,
                "description": row.description, "category": row.category, "district": row.district,
                "location": row.location, "estimated_cost": row.estimated_cost, "status": row.status,
                "review": row.review, "merged_into": row.merged_into, "council_paper": row.council_paper,
                "milestones": row.milestones,
            }))
        })
        .collect();
    db.query("INSERT INTO budget_proposal $rows")
        .bind(("rows", values))
        .await?
        .check()?;
    Ok(())
}

/// Stores ballots of voters with the given keys in one transaction.
pub async fn insert_ballots(
    db: &Db,
    cycle: u64,
    ballots: Vec<(String, Ballot, String)>,
) -> Result<()> {
    let rows: Vec<serde_json::Value> = ballots
        .into_iter()
        .map(|(voter, ballot, token)| {
            serde_json::json!({
                "voter": voter, "token": token, "city_wide": ballot.city_wide,
                "district": ballot.district, "district_projects": ballot.district_projects,
            })
        })
        .collect();
    db.query(
        "INSERT INTO budget_ballot $rows.map(|$row| {
             id: [$cycle, $row.voter], cycle: $cycle, voter: $row.voter, token: $row.token,
             city_wide: $row.city_wide, district: $row.district ?? NONE, district_projects: $row.district_projects
         })",
    )
    .bind(("cycle", cycle as i64))
    .bind(("rows", rows))
    .await?
    .check()?;
    Ok(())
}

/// SurrealDB stores an absent optional field as NONE; JSON null would be
/// refused by the schema.
fn without_nulls(mut value: serde_json::Value) -> serde_json::Value {
    if let Some(map) = value.as_object_mut() {
        map.retain(|_, v| !v.is_null());
    }
    value
}

/// Everything stored about what one account did in the Bürgerhaushalt.
pub async fn activity_of(db: &Db, account: &str) -> Result<shared::budget::BudgetActivity> {
    let mut response = db
        .query(
            "LET $account = type::record('account', $id);
             SELECT cycle, number AS proposal, title AS text, <string> created_at AS at, created_at FROM budget_proposal WHERE author = $account ORDER BY created_at;
             SELECT (SELECT VALUE cycle FROM ONLY type::record('budget_proposal', $parent.proposal)) ?? 0 AS cycle, proposal, body AS text, <string> created_at AS at, created_at FROM budget_comment WHERE author = $account ORDER BY created_at;
             SELECT cycle, proposal, '' AS text, <string> created_at AS at, created_at FROM budget_support WHERE account = $account ORDER BY created_at;
             SELECT cycle, proposal, rating AS text, '' AS at FROM budget_rating WHERE account = $account;
             SELECT cycle, city_wide, district, district_projects FROM budget_ballot WHERE voter = 'account:' + $id
                 OR voter IN (SELECT VALUE code_voter FROM budget_voter_link WHERE account = $id);",
        )
        .bind(("id", account.to_owned()))
        .await?
        .check()?;
    #[derive(Deserialize)]
    struct BallotRow {
        cycle: u64,
        #[serde(flatten)]
        ballot: Ballot,
    }
    let ballots: Vec<BallotRow> = response.rows(5)?;
    Ok(shared::budget::BudgetActivity {
        proposals: response.rows(1)?,
        comments: response.rows(2)?,
        supports: response.rows(3)?,
        ratings: response.rows(4)?,
        ballots: ballots.into_iter().map(|b| (b.cycle, b.ballot)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{DbConfig, connect};

    #[tokio::test]
    async fn supports_counted_per_shown_proposal_agree_with_the_whole_cycle() {
        let db = connect(&DbConfig::default()).await.unwrap();
        crate::migrate::run(&db).await.unwrap();
        for (proposal, account) in [(1, "anna"), (1, "ben"), (2, "anna"), (3, "carla")] {
            add_support(&db, 7, proposal, account, 3).await.unwrap();
        }
        add_support(&db, 8, 9, "anna", 3).await.unwrap();
        let cycle = support_counts(&db, Counted::Cycle(7)).await.unwrap();
        assert_eq!(cycle, HashMap::from([(1, 2), (2, 1), (3, 1)]));
        let shown = support_counts(&db, Counted::Proposals(&[1, 3, 4]))
            .await
            .unwrap();
        assert_eq!(shown, HashMap::from([(1, 2), (3, 1)]));
    }

    #[tokio::test]
    async fn ratings_counted_per_shown_proposal_agree_with_the_whole_cycle() {
        let db = connect(&DbConfig::default()).await.unwrap();
        crate::migrate::run(&db).await.unwrap();
        for (proposal, account, rating) in [
            (1, "anna", Rating::Approve),
            (1, "ben", Rating::Approve),
            (1, "carla", Rating::CannotJudge),
            (2, "anna", Rating::Reject),
            (3, "ben", Rating::Neutral),
        ] {
            set_rating(&db, 7, proposal, account, rating).await.unwrap();
        }
        let sorted = |mut counts: Vec<(u64, Rating, u64)>| {
            counts.sort_by_key(|&(proposal, rating, _)| (proposal, rating as u8));
            counts
        };
        let cycle = sorted(ratings(&db, Counted::Cycle(7)).await.unwrap());
        assert_eq!(
            cycle,
            [
                (1, Rating::Approve, 2),
                (1, Rating::CannotJudge, 1),
                (2, Rating::Reject, 1),
                (3, Rating::Neutral, 1),
            ]
        );
        let shown = ratings(&db, Counted::Proposals(&[1, 3])).await.unwrap();
        assert_eq!(sorted(shown), [cycle[0], cycle[1], cycle[3]]);
    }
}
