//! The demo city's Bürgerhaushalt: a finished cycle with district budgets,
//! a knapsack ballot and a few hundred ballots, so that results, exports
//! and project pages show something real; and a cycle that is open for
//! proposals now.

use chrono::{Duration, TimeZone, Utc};
use shared::{
    budget::{
        Ballot, BallotStyle, CycleSettings, DistrictBudgets, Milestone, MilestoneStatus, Phase,
        PhaseKind, Preselection, ProposalStatus, ResultRule, Review,
    },
    city::City,
};

use super::{
    settings::{self, format_time},
    store::{self, ProposalRow},
    tally,
};
use crate::{db::Db, error::Result, secret};

/// Ballots in the finished cycle.
pub const DEMO_BALLOTS: usize = 340;

const CATEGORIES: [&str; 7] = [
    "Verkehr",
    "Umwelt und Grün",
    "Bildung",
    "Kultur",
    "Soziales",
    "Sport und Freizeit",
    "Sauberkeit",
];

/// City-wide ideas: title, category, cost, popularity weight.
const CITY_WIDE_IDEAS: [(&str, &str, u64, u32); 12] = [
    (
        "Sichere Radwege an der Promenade beleuchten",
        "Verkehr",
        180_000,
        9,
    ),
    (
        "Trinkwasserbrunnen in der Innenstadt",
        "Umwelt und Grün",
        60_000,
        8,
    ),
    (
        "Mehr Sitzbänke entlang der Aa",
        "Sport und Freizeit",
        25_000,
        6,
    ),
    (
        "Kostenlose Schwimmkurse für Grundschulkinder",
        "Sport und Freizeit",
        90_000,
        7,
    ),
    (
        "Stadtbäume gießen: Patenschaften mit Wassersäcken",
        "Umwelt und Grün",
        30_000,
        5,
    ),
    (
        "Digitale Ausleihe in allen Stadtteilbüchereien",
        "Bildung",
        70_000,
        4,
    ),
    ("Öffentliche Toiletten am Hafen", "Sauberkeit", 120_000, 6),
    ("Lastenräder zum Ausleihen", "Verkehr", 80_000, 5),
    ("Musik im Park: Bühne für junge Bands", "Kultur", 40_000, 3),
    (
        "Hitzeschutz: Sonnensegel auf Spielplätzen",
        "Umwelt und Grün",
        150_000,
        7,
    ),
    (
        "Beratung für Seniorinnen und Senioren im Quartier",
        "Soziales",
        55_000,
        3,
    ),
    ("Mehr Mülleimer mit Pfandring", "Sauberkeit", 20_000, 4),
];

/// Per district: title, category, cost, popularity weight.
const DISTRICT_IDEAS: [(&str, &str, u64, u32); 4] = [
    (
        "Neuer Spielplatz im Quartierspark",
        "Sport und Freizeit",
        45_000,
        7,
    ),
    ("Zebrastreifen vor der Grundschule", "Verkehr", 15_000, 8),
    ("Blühwiese statt Rasen", "Umwelt und Grün", 10_000, 5),
    ("Treffpunkt für Jugendliche", "Soziales", 35_000, 4),
];

/// Seeds both cycles unless the installation has budget cycles already.
pub async fn seed_if_empty(db: &Db, city: &City) -> Result<()> {
    if !store::cycles(db).await?.is_empty() {
        return Ok(());
    }
    seed_finished_cycle(db, city).await?;
    seed_open_cycle(db).await?;
    Ok(())
}

fn phases(starts: [chrono::DateTime<Utc>; 7]) -> Vec<Phase> {
    PhaseKind::ALL
        .iter()
        .enumerate()
        .map(|(i, kind)| Phase {
            kind: *kind,
            starts: format_time(starts[i]),
            ends: format_time(starts[i + 1]),
        })
        .collect()
}

fn day(y: i32, m: u32, d: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0)
        .single()
        .unwrap_or_else(Utc::now)
}

fn base_settings(title: &str, phases: Vec<Phase>) -> CycleSettings {
    CycleSettings {
        title: title.to_owned(),
        description: "Die Stadt stellt einen Teil ihres Haushalts für Ideen aus der Bürgerschaft bereit. \
            Schlagen Sie vor, was in Ihrem Stadtbezirk oder in der ganzen Stadt fehlt; die Verwaltung prüft \
            Machbarkeit und Kosten, danach entscheiden Sie mit, was umgesetzt wird."
            .to_owned(),
        categories: CATEGORIES.iter().map(|c| (*c).to_owned()).collect(),
        city_wide_amount: 400_000,
        districts: DistrictBudgets::Population { pool: 300_000 },
        phases,
        proposal_limit: 30,
        preselection: Preselection::Supports {
            max_per_person: 10,
            threshold: 0,
        },
        hide_counts: true,
        ballot: BallotStyle::Knapsack {
            min_spend_percent: 0,
        },
        result_rule: ResultRule::Mes,
    }
}

/// A small deterministic generator: the demo is the same on every start.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

async fn seed_finished_cycle(db: &Db, city: &City) -> Result<()> {
    let cycle = store::allocate(db, "cycle").await?;
    let settings = base_settings(
        "Bürgerhaushalt 2026",
        phases([
            day(2026, 1, 15),
            day(2026, 3, 1),
            day(2026, 5, 1),
            day(2026, 6, 1),
            day(2026, 7, 1),
            day(2026, 9, 1),
            day(2027, 12, 31),
        ]),
    );
    store::create_cycle(db, cycle, &settings, &secret::token()?).await?;

    let mut proposals = Vec::new();
    let mut weights = Vec::new();
    let mut add = |district: Option<&str>,
                   (title, category, cost, weight): (&str, &str, u64, u32),
                   number: u64| {
        proposals.push(feasible(number, cycle, district, title, category, cost));
        weights.push(weight);
    };
    for idea in CITY_WIDE_IDEAS {
        let number = store::allocate(db, "proposal").await?;
        add(None, idea, number);
    }
    for district in &city.districts {
        for (i, idea) in DISTRICT_IDEAS.iter().enumerate() {
            let number = store::allocate(db, "proposal").await?;
            // Each district's ideas differ a little in cost and appeal.
            let cost = idea.2 + 1_000 * ((number * 7 + i as u64) % 9);
            add(Some(&district.key), (idea.0, idea.1, cost, idea.3), number);
        }
    }
    let not_feasible = store::allocate(db, "proposal").await?;
    let mut rejected = feasible(
        not_feasible,
        cycle,
        None,
        "Seilbahn vom Bahnhof zum Aasee",
        "Verkehr",
        390_000,
    );
    rejected.status = ProposalStatus::NotFeasible;
    rejected.review = Some(Review {
        feasible: false,
        reason: "Eine Seilbahn braucht ein Planfeststellungsverfahren und kostet im Betrieb jährlich mehr, als der Bürgerhaushalt insgesamt umfasst.".into(),
        department: "Amt für Mobilität und Tiefbau".into(),
        cost_once: 390_000,
        cost_yearly: 450_000,
    });
    proposals.push(rejected);

    let budgets = settings::sub_budgets(&settings, &city.districts);
    let ballots = demo_ballots(&proposals, &weights, &budgets, city);
    let on_ballot: Vec<&ProposalRow> = proposals
        .iter()
        .filter(|p| p.status == ProposalStatus::Feasible)
        .collect();
    let winners: Vec<u64> = tally::parts(&budgets, &on_ballot, &ballots)
        .iter()
        .flat_map(|part| {
            let outcome = tally::outcome(&part.election, settings.result_rule);
            outcome
                .winners
                .into_iter()
                .take(1)
                .map(|i| part.projects[i].number)
                .collect::<Vec<_>>()
        })
        .collect();
    for proposal in proposals.iter_mut().filter(|p| winners.contains(&p.number)) {
        proposal.milestones = vec![
            Milestone {
                title: "Ratsbeschluss".into(),
                description: "Der Rat hat die Umsetzung beschlossen.".into(),
                status: MilestoneStatus::Done,
                progress: 100,
                date: Some("2026-09-24".into()),
            },
            Milestone {
                title: "Ausschreibung und Vergabe".into(),
                description: "Die Leistungen werden ausgeschrieben.".into(),
                status: MilestoneStatus::InProgress,
                progress: 40,
                date: Some("2027-02-15".into()),
            },
        ];
    }
    store::insert_proposals(db, &proposals).await?;
    let mut tokens = Dice(0x5eed_70c3);
    let keyed = ballots
        .into_iter()
        .enumerate()
        .map(|(i, ballot)| {
            (
                format!("demo:{i}"),
                ballot,
                format!("{:016x}", tokens.next()),
            )
        })
        .collect();
    store::insert_ballots(db, cycle, keyed).await?;
    Ok(())
}

fn feasible(
    number: u64,
    cycle: u64,
    district: Option<&str>,
    title: &str,
    category: &str,
    cost: u64,
) -> ProposalRow {
    ProposalRow {
        number,
        cycle,
        author: None,
        title: title.to_owned(),
        description: format!(
            "{title}. Der Vorschlag kam in der Vorschlagsphase auf Papier und wurde von der Verwaltung geprüft."
        ),
        category: category.to_owned(),
        district: district.map(str::to_owned),
        location: None,
        estimated_cost: cost,
        status: ProposalStatus::Feasible,
        review: Some(Review {
            feasible: true,
            reason: "Umsetzbar im Rahmen der bestehenden Zuständigkeit.".into(),
            department: "Amt für Grünflächen, Umwelt und Nachhaltigkeit".into(),
            cost_once: cost,
            cost_yearly: cost / 20,
        }),
        merged_into: None,
        council_paper: None,
        milestones: Vec::new(),
        created_at: String::new(),
    }
}

/// Voters fill their ballot by popularity until the money runs out; most
/// also vote in the district where they live (weighted by population).
fn demo_ballots(
    proposals: &[ProposalRow],
    weights: &[u32],
    budgets: &[shared::budget::SubBudget],
    city: &City,
) -> Vec<Ballot> {
    let mut dice = Dice(0x0b75_2026);
    let people: u64 = city.districts.iter().map(|d| d.population).sum();
    let pick = |dice: &mut Dice, district: Option<&String>, amount: u64| -> Vec<u64> {
        let mut left = amount;
        let mut chosen = Vec::new();
        for (p, weight) in proposals.iter().zip(weights) {
            let wanted = dice.below(10) < u64::from(*weight);
            if p.district.as_ref() == district
                && p.status == ProposalStatus::Feasible
                && wanted
                && p.cost() <= left
            {
                left -= p.cost();
                chosen.push(p.number);
            }
        }
        chosen
    };
    (0..DEMO_BALLOTS)
        .map(|_| {
            let city_wide_amount = budgets.first().map_or(0, |b| b.amount);
            let mut ballot = Ballot {
                city_wide: pick(&mut dice, None, city_wide_amount),
                district: None,
                district_projects: Vec::new(),
            };
            if dice.below(10) < 8 {
                let mut person = dice.below(people);
                let home = city.districts.iter().find(|d| {
                    let here = person < d.population;
                    person = person.saturating_sub(d.population);
                    here
                });
                if let Some(home) = home {
                    let amount = budgets
                        .iter()
                        .find(|b| b.district.as_ref() == Some(&home.key))
                        .map_or(0, |b| b.amount);
                    ballot.district = Some(home.key.clone());
                    ballot.district_projects = pick(&mut dice, Some(&home.key), amount);
                }
            }
            if ballot.district_projects.is_empty() {
                ballot.district = None;
            }
            ballot
        })
        .filter(|b| !b.city_wide.is_empty() || !b.district_projects.is_empty())
        .collect()
}

/// A cycle in its proposal phase, dated around the day the demo starts.
async fn seed_open_cycle(db: &Db) -> Result<()> {
    let cycle = store::allocate(db, "cycle").await?;
    // Phases change at midnight (UTC), as a city would set them.
    let two_weeks_ago = (Utc::now() - Duration::days(14)).date_naive();
    let start = two_weeks_ago
        .and_hms_opt(0, 0, 0)
        .map_or_else(Utc::now, |midnight| midnight.and_utc());
    let weeks = |n: i64| start + Duration::weeks(n);
    let settings = base_settings(
        "Bürgerhaushalt 2027",
        phases([
            start,
            weeks(8),
            weeks(14),
            weeks(18),
            weeks(22),
            weeks(26),
            weeks(130),
        ]),
    );
    store::create_cycle(db, cycle, &settings, &secret::token()?).await?;
    let mut proposals = Vec::new();
    for (title, category, cost, district) in [
        ("Fahrradstraße zum Hauptbahnhof", "Verkehr", 150_000, None),
        (
            "Bücherschrank am Marktplatz",
            "Kultur",
            4_000,
            Some("hiltrup"),
        ),
        (
            "Obstbäume für die Streuobstwiese",
            "Umwelt und Grün",
            12_000,
            Some("west"),
        ),
    ] {
        let number = store::allocate(db, "proposal").await?;
        let mut row = feasible(number, cycle, district, title, category, cost);
        row.status = ProposalStatus::Submitted;
        row.review = None;
        row.description = format!("{title}: eingereicht in der laufenden Vorschlagsphase.");
        proposals.push(row);
    }
    store::insert_proposals(db, &proposals).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_election_has_enough_ballots_in_every_part() {
        let city = crate::city::demo::muenster();
        let settings = base_settings("Test", Vec::new());
        let budgets = settings::sub_budgets(&settings, &city.districts);
        let mut proposals = Vec::new();
        let mut weights = Vec::new();
        for (i, idea) in CITY_WIDE_IDEAS.iter().enumerate() {
            proposals.push(feasible(i as u64 + 1, 1, None, idea.0, idea.1, idea.2));
            weights.push(idea.3);
        }
        for district in &city.districts {
            for idea in DISTRICT_IDEAS {
                proposals.push(feasible(
                    proposals.len() as u64 + 1,
                    1,
                    Some(&district.key),
                    idea.0,
                    idea.1,
                    idea.2,
                ));
                weights.push(idea.3);
            }
        }
        let ballots = demo_ballots(&proposals, &weights, &budgets, &city);
        assert!(ballots.len() >= 300, "{}", ballots.len());
        let refs: Vec<&ProposalRow> = proposals.iter().collect();
        for part in tally::parts(&budgets, &refs, &ballots) {
            assert!(
                part.election.ballots.len() >= 20,
                "{}: {}",
                part.budget.name,
                part.election.ballots.len()
            );
        }
    }
}
