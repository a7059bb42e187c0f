//! The Pabulib `.pb` format (pabulib.org): a META section of `key;value`
//! lines, then PROJECTS and VOTES, each a `;`-separated table whose first
//! line names its columns. We write one file per (sub-)budget and read
//! files from other cities to check our rules against their elections.

use std::fmt::Write as _;

use super::rules::{Election, Project};
use crate::error::{Error, Result};

/// A parsed `.pb` file, reduced to what the rules need plus the names.
#[derive(Debug, Clone, PartialEq)]
pub struct PbFile {
    pub meta: Vec<(String, String)>,
    pub projects: Vec<PbProject>,
    /// Voter id and the project ids on their ballot.
    pub votes: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PbProject {
    pub id: String,
    pub cost: u64,
    pub name: String,
    pub category: String,
    pub selected: Option<bool>,
}

impl PbFile {
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn budget(&self) -> Result<f64> {
        let raw = self
            .meta("budget")
            .ok_or_else(|| invalid("Im Abschnitt META fehlt der Eintrag „budget“."))?;
        raw.trim()
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|b| b.is_finite() && *b >= 0.0)
            .ok_or_else(|| invalid(format!("„budget;{raw}“ ist kein Geldbetrag.")))
    }

    /// The election the file describes; only approval ballots can be counted.
    pub fn election(&self) -> Result<Election> {
        let vote_type = self.meta("vote_type").unwrap_or("approval");
        if vote_type != "approval" {
            return Err(invalid(format!(
                "Die Datei enthält Stimmzettel der Art „{vote_type}“; berechnet werden können nur Zustimmungs-Stimmzettel (vote_type approval)."
            )));
        }
        let index = |id: &str| self.projects.iter().position(|p| p.id == id);
        let ballots = self
            .votes
            .iter()
            .map(|(voter, ids)| {
                ids.iter()
                    .map(|id| {
                        index(id).ok_or_else(|| {
                            invalid(format!(
                                "Stimmzettel {voter} nennt das Projekt „{id}“, das unter PROJECTS fehlt."
                            ))
                        })
                    })
                    .collect::<Result<Vec<_>>>()
                    // A project named twice on a ballot is one approval.
                    .map(|mut ballot| {
                        let mut seen = std::collections::HashSet::new();
                        ballot.retain(|&project| seen.insert(project));
                        ballot
                    })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Election {
            budget: self.budget()?,
            projects: self
                .projects
                .iter()
                .map(|p| Project {
                    id: p.id.clone(),
                    cost: p.cost,
                })
                .collect(),
            ballots,
        })
    }
}

fn invalid(message: impl Into<String>) -> Error {
    Error::InvalidInput(format!("Pabulib-Datei: {}", message.into()))
}

#[derive(Clone, Copy, PartialEq)]
enum Section {
    None,
    Meta,
    Projects,
    Votes,
}

pub fn parse(text: &str) -> Result<PbFile> {
    let mut file = PbFile {
        meta: Vec::new(),
        projects: Vec::new(),
        votes: Vec::new(),
    };
    let mut section = Section::None;
    let mut header: Option<Vec<String>> = None;
    for (number, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line_number = number + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let next = match line.trim().to_ascii_uppercase().as_str() {
            "META" => Some(Section::Meta),
            "PROJECTS" => Some(Section::Projects),
            "VOTES" => Some(Section::Votes),
            _ => None,
        };
        if let Some(next) = next {
            section = next;
            header = None;
            continue;
        }
        let fields = split_fields(line);
        let Some(columns) = &header else {
            header = Some(fields.iter().map(|f| f.trim().to_lowercase()).collect());
            continue;
        };
        let field = |name: &str| -> Option<&str> {
            columns
                .iter()
                .position(|c| c == name)
                .and_then(|i| fields.get(i))
                .map(|f| f.trim())
        };
        match section {
            Section::None => {
                return Err(invalid(format!(
                    "Zeile {line_number} steht vor dem ersten Abschnitt (META, PROJECTS oder VOTES)."
                )));
            }
            Section::Meta => {
                let key = fields
                    .first()
                    .map(|f| f.trim().to_owned())
                    .unwrap_or_default();
                let value = fields
                    .get(1)
                    .map(|f| f.trim().to_owned())
                    .unwrap_or_default();
                file.meta.push((key, value));
            }
            Section::Projects => {
                let id = field("project_id")
                    .filter(|id| !id.is_empty())
                    .ok_or_else(|| invalid(format!("Zeile {line_number}: project_id fehlt.")))?;
                let cost_text = field("cost").unwrap_or_default();
                let cost = parse_cost(cost_text).ok_or_else(|| {
                    invalid(format!(
                        "Zeile {line_number}: „{cost_text}“ ist keine gültige Kostenangabe."
                    ))
                })?;
                file.projects.push(PbProject {
                    id: id.to_owned(),
                    cost,
                    name: field("name").unwrap_or_default().to_owned(),
                    category: field("category").unwrap_or_default().to_owned(),
                    selected: field("selected").map(|s| s == "1"),
                });
            }
            Section::Votes => {
                let voter = field("voter_id")
                    .ok_or_else(|| invalid(format!("Zeile {line_number}: voter_id fehlt.")))?;
                let vote = field("vote").unwrap_or_default();
                let ids = vote
                    .split(',')
                    .map(str::trim)
                    .filter(|id| !id.is_empty())
                    .map(str::to_owned)
                    .collect();
                file.votes.push((voter.to_owned(), ids));
            }
        }
    }
    if file.projects.is_empty() {
        return Err(invalid("Der Abschnitt PROJECTS fehlt oder ist leer."));
    }
    Ok(file)
}

/// Whole currency units; some files write costs as `1200.0`.
fn parse_cost(text: &str) -> Option<u64> {
    if let Ok(cost) = text.parse::<u64>() {
        return Some(cost);
    }
    let cost = text.parse::<f64>().ok()?;
    (cost.is_finite() && cost >= 0.0 && cost.fract() == 0.0).then_some(cost as u64)
}

/// One line split at `;`, honouring double quotes as CSV does.
fn split_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                current.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ';' if !quoted => fields.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    fields.push(current);
    fields
}

/// A field as written: quoted when it holds a separator, quote or line break.
fn field(value: &str) -> String {
    if value.contains([';', '"', '\n', '\r']) {
        format!(
            "\"{}\"",
            value.replace('"', "\"\"").replace(['\n', '\r'], " ")
        )
    } else {
        value.to_owned()
    }
}

pub fn write(file: &PbFile) -> String {
    let election_votes: Vec<u64> = file
        .projects
        .iter()
        .map(|p| {
            file.votes
                .iter()
                .filter(|(_, ids)| ids.contains(&p.id))
                .count() as u64
        })
        .collect();
    let mut out = String::from("META\nkey;value\n");
    for (key, value) in &file.meta {
        let _ = writeln!(out, "{};{}", field(key), field(value));
    }
    out.push_str("PROJECTS\nproject_id;cost;votes;name;category;selected\n");
    for (project, votes) in file.projects.iter().zip(election_votes) {
        let selected = match project.selected {
            Some(true) => "1",
            Some(false) => "0",
            None => "",
        };
        let _ = writeln!(
            out,
            "{};{};{};{};{};{}",
            field(&project.id),
            project.cost,
            votes,
            field(&project.name),
            field(&project.category),
            selected
        );
    }
    out.push_str("VOTES\nvoter_id;vote\n");
    for (voter, ids) in &file.votes {
        let _ = writeln!(out, "{};{}", field(voter), field(&ids.join(",")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "META\nkey;value\ndescription;Test; \"quoted\"\ncountry;Poland\nunit;Warszawa\nnum_projects;3\nnum_votes;3\nbudget;1000.5\nvote_type;approval\nrule;greedy\nPROJECTS\nproject_id;cost;votes;name;selected\n1;600;2;\"Park; groß\";1\n2;400;2;Bank;1\n3;300.0;1;Baum;0\nVOTES\nvoter_id;vote;age\n1;1,2;30\n2;1;\n3;2,3;45\n";

    #[test]
    fn reads_meta_projects_and_votes() {
        let file = parse(SAMPLE).unwrap();
        assert_eq!(file.meta("unit"), Some("Warszawa"));
        assert_eq!(file.budget().unwrap(), 1000.5);
        assert_eq!(file.projects[0].name, "Park; groß");
        assert_eq!(file.projects[2].cost, 300);
        assert_eq!(file.projects[2].selected, Some(false));
        let election = file.election().unwrap();
        assert_eq!(election.ballots, vec![vec![0, 1], vec![0], vec![1, 2]]);
    }

    #[test]
    fn what_it_writes_reads_back_the_same() {
        let file = parse(SAMPLE).unwrap();
        let again = parse(&write(&file)).unwrap();
        assert_eq!(again, file);
    }

    /// Found by the fuzz target `pabulib`: a quoted vote field holding a `;`
    /// was written without quotes, so the written file read back as a
    /// different ballot.
    #[test]
    fn vote_fields_with_separators_are_written_quoted() {
        let text = "e\r\nPROJECTS\r\nproject_id;cost\r\n10;5\nVOTES\nvoter_id;vote\na\nrk;o\";Gr\u{fc}\u{1}\0\0 ";
        let file = parse(text).unwrap();
        assert_eq!(
            file.votes[1],
            ("rk".into(), vec!["o;Gr\u{fc}\u{1}\0\0".into()])
        );
        assert_eq!(parse(&write(&file)).unwrap().votes, file.votes);
    }

    /// Found by the fuzz target `pabulib`: the ballot `1,1` counted its voter
    /// twice, so Equal Shares paid a project of 600 from a budget of 500.5.
    #[test]
    fn a_project_named_twice_on_a_ballot_is_one_approval() {
        let text = "META\necht3\nbudget;0500.5\neype\nPROJECTS\nproject_id;cost;ved\n1;600;Bank;Sitz\nVOTES\nvoter_id;vote;age\n1;1,1;30\n";
        let election = parse(text).unwrap().election().unwrap();
        assert_eq!(election.ballots, vec![vec![0]]);
        assert_eq!(election.votes(), vec![1]);
        let outcome = super::super::rules::equal_shares(&election);
        assert!(outcome.winners.is_empty(), "{outcome:?}");
        assert!(super::super::rules::greedy(&election).winners.is_empty());
    }

    #[test]
    fn names_the_line_of_a_bad_cost_and_unknown_projects() {
        let err =
            parse("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;zehn\n").unwrap_err();
        assert!(err.to_string().contains("Zeile 6"), "{err}");
        let file = parse("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n7;1,9\n").unwrap();
        let err = file.election().unwrap_err();
        assert!(err.to_string().contains("„9“"), "{err}");
    }

    #[test]
    fn refuses_ballots_it_cannot_count() {
        let file = parse(
            "META\nkey;value\nbudget;10\nvote_type;ordinal\nPROJECTS\nproject_id;cost\n1;5\n",
        )
        .unwrap();
        assert!(file.election().is_err());
    }
}
