//! Pabulib `.pb` files as `POST /api/v1/budgets/pabulib/check` takes them:
//! `budget::pabulib::parse`, `PbFile::election`, then both counting rules
//! (`rules::greedy`, `rules::equal_shares_within` the check's steps) on
//! the election.
//!
//! Checks: nothing panics (overflow checks are on in fuzz builds); a parsed
//! file written with `pabulib::write` parses back to the same projects,
//! meta data and ballots (except where `write` documentedly turns line
//! breaks inside a field into spaces); the election of the written file is
//! the same; each rule's winners are distinct projects with votes, cost at
//! most the budget, and there is one verdict per project.

#![no_main]

use digitale_stadt::budget::{
    pabulib,
    rules::{self, Election, Outcome},
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(file) = pabulib::parse(text) else {
        return;
    };
    assert!(!file.projects.is_empty());

    let written = pabulib::write(&file);
    let again = pabulib::parse(&written)
        .unwrap_or_else(|err| panic!("own output {written:?} is refused: {err}"));
    let has_line_break = |s: &str| s.contains(['\r', '\n']);
    let mangled =
        file.meta
            .iter()
            .any(|(k, v)| has_line_break(k) || has_line_break(v))
            || file.projects.iter().any(|p| {
                has_line_break(&p.id) || has_line_break(&p.name) || has_line_break(&p.category)
            })
            || file.votes.iter().any(|(voter, ids)| {
                has_line_break(voter) || ids.iter().any(|id| has_line_break(id))
            });
    if !mangled {
        assert_eq!(again.meta, file.meta, "{written:?}");
        let key = |f: &pabulib::PbFile| -> Vec<(String, u64, String, String)> {
            f.projects
                .iter()
                .map(|p| (p.id.clone(), p.cost, p.name.clone(), p.category.clone()))
                .collect()
        };
        assert_eq!(key(&again), key(&file), "{written:?}");
        assert_eq!(again.votes, file.votes, "{written:?}");
    }

    let Ok(election) = file.election() else {
        return;
    };
    if !mangled {
        assert_eq!(
            again.election().ok().as_ref(),
            Some(&election),
            "{written:?}"
        );
    }
    check(&election, &rules::greedy(&election), "greedy");
    if let Some(outcome) = rules::equal_shares_within(&election, rules::CHECK_STEPS) {
        check(&election, &outcome, "equal shares");
    }
});

fn check(election: &Election, outcome: &Outcome, rule: &str) {
    let n = election.projects.len();
    assert_eq!(outcome.verdicts.len(), n, "{rule}");
    let votes = election.votes();
    let mut seen = vec![false; n];
    let mut cost = 0.0;
    for &winner in &outcome.winners {
        assert!(
            winner < n && !seen[winner],
            "{rule}: winners {:?}",
            outcome.winners
        );
        seen[winner] = true;
        assert!(votes[winner] > 0, "{rule}: a project without votes won");
        cost += election.projects[winner].cost as f64;
    }
    assert!(
        cost <= election.budget * (1.0 + 1e-9),
        "{rule}: spent {cost} of {}",
        election.budget
    );
}
