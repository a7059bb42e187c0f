//! Stored proposals as people see them: with counts (unless hidden), the
//! viewer's own supports and ratings, and whether they reached the ballot.

use std::collections::{HashMap, HashSet};

use shared::budget::{Preselection, Proposal, Rating};

use super::{
    ballot_list::{self, Preselected},
    context::CycleContext,
    store::{self, Counted, ProposalRow},
};
use crate::{accounts, db::Db, error::Result};

/// Everything about a cycle's proposals beyond their own rows.
pub struct Facts {
    preselected: Preselected,
    /// Whether `preselected` holds the whole cycle's counts, or is still to
    /// be read for the proposals shown.
    whole_cycle_counted: bool,
    /// The counts `view` shows, if the cycle shows them yet.
    counts_shown: Option<Preselection>,
    pub on_ballot: HashSet<u64>,
    /// The proposals on the ballot, oldest first (from the ballot phase on).
    pub ballot: Vec<ProposalRow>,
    comments: HashMap<u64, u64>,
    names: HashMap<String, String>,
    my_supports: HashSet<u64>,
    my_ratings: HashMap<u64, Rating>,
    viewer: Option<String>,
}

impl Facts {
    /// What depends on the whole cycle: the ballot list (and so the counts
    /// that rank it, once the ballot phase has begun), and the viewer's own
    /// supports and ratings.
    pub async fn gather(db: &Db, ctx: &CycleContext, viewer: Option<&str>) -> Result<Self> {
        let cycle = ctx.number();
        let whole_cycle_counted = ctx.has_begun(shared::budget::PhaseKind::Ballot);
        let (preselected, on_ballot, ballot) = if whole_cycle_counted {
            let preselected =
                preselected(db, ctx.row.settings.preselection, Counted::Cycle(cycle)).await?;
            // Only feasible proposals can reach the ballot.
            let feasible = store::feasible_proposals(db, cycle).await?;
            let on_ballot =
                ballot_list::on_ballot(ctx.row.settings.preselection, &feasible, &preselected);
            let ballot = feasible
                .into_iter()
                .filter(|p| on_ballot.contains(&p.number))
                .collect();
            (preselected, on_ballot, ballot)
        } else {
            Default::default()
        };
        let (my_supports, my_ratings) = match viewer {
            Some(account) => (
                store::supports_given(db, cycle, account)
                    .await?
                    .into_iter()
                    .collect(),
                store::ratings_given(db, cycle, account)
                    .await?
                    .into_iter()
                    .collect(),
            ),
            None => Default::default(),
        };
        Ok(Self {
            preselected,
            whole_cycle_counted,
            counts_shown: ctx.counts_public().then_some(ctx.row.settings.preselection),
            on_ballot,
            ballot,
            comments: HashMap::new(),
            names: HashMap::new(),
            my_supports,
            my_ratings,
            viewer: viewer.map(str::to_owned),
        })
    }

    /// Adds what `view` shows per proposal (counts, authors' names) for the
    /// proposals about to be shown, and only for those: a page of a long
    /// list costs the same as a short list.
    pub async fn describe(mut self, db: &Db, shown: &[&ProposalRow]) -> Result<Self> {
        let numbers: Vec<u64> = shown.iter().map(|p| p.number).collect();
        let authors: Vec<String> = shown.iter().filter_map(|p| p.author.clone()).collect();
        if !self.whole_cycle_counted
            && let Some(preselection) = self.counts_shown
        {
            self.preselected = preselected(db, preselection, Counted::Proposals(&numbers)).await?;
        }
        self.comments = store::comment_counts(db, &numbers).await?;
        self.names = accounts::display_names(db, &authors).await?;
        Ok(self)
    }

    pub fn view(&self, ctx: &CycleContext, row: &ProposalRow) -> Proposal {
        let public = ctx.counts_public();
        let supports_mode = matches!(ctx.row.settings.preselection, Preselection::Supports { .. });
        Proposal {
            id: row.number,
            cycle: row.cycle,
            title: row.title.clone(),
            description: row.description.clone(),
            description_html: shared::markdown::render(&row.description),
            category: row.category.clone(),
            district: row.district.clone(),
            location: row.location,
            estimated_cost: row.estimated_cost,
            author: row
                .author
                .as_ref()
                .and_then(|a| self.names.get(a).cloned())
                .unwrap_or_default(),
            own: row.author.is_some() && row.author == self.viewer,
            created_at: row.created_at.clone(),
            status: row.status,
            review: row.review.clone(),
            merged_into: row.merged_into,
            supports: (public && supports_mode).then(|| {
                self.preselected
                    .supports
                    .get(&row.number)
                    .copied()
                    .unwrap_or_default()
            }),
            ratings: (public && !supports_mode).then(|| {
                self.preselected
                    .ratings
                    .get(&row.number)
                    .copied()
                    .unwrap_or_default()
            }),
            my_support: self.my_supports.contains(&row.number),
            my_rating: self.my_ratings.get(&row.number).copied(),
            on_ballot: self.on_ballot.contains(&row.number),
            cost: row.cost(),
            council_paper: row.council_paper.clone(),
            milestones: row.milestones.clone(),
            comments: self.comments.get(&row.number).copied().unwrap_or_default(),
        }
    }
}

/// The supports or the ratings, whichever the cycle's pre-selection uses.
async fn preselected(
    db: &Db,
    preselection: Preselection,
    counted: Counted<'_>,
) -> Result<Preselected> {
    let mut preselected = Preselected::default();
    match preselection {
        Preselection::Supports { .. } => {
            preselected.supports = store::support_counts(db, counted).await?;
        }
        Preselection::Rating { .. } => {
            for (proposal, rating, count) in store::ratings(db, counted).await? {
                preselected.add_rating(proposal, rating, count);
            }
        }
    }
    Ok(preselected)
}
