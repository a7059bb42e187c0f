//! Counting ballots, question by question, by the rule each question
//! publishes. Pure functions over the stored answers.

use shared::polls::{
    Answer, OptionCount, Question, QuestionKind, QuestionResult, RankingRule, RunoffRound,
};

/// The results of every question; `ballots` holds each ballot's answers in
/// question order.
pub fn count(questions: &[Question], ballots: &[Vec<Answer>]) -> Vec<QuestionResult> {
    questions
        .iter()
        .enumerate()
        .map(|(index, question)| {
            let answers: Vec<&Answer> = ballots
                .iter()
                .filter_map(|ballot| ballot.get(index))
                .filter(|a| !a.choices.is_empty() || a.text.is_some())
                .collect();
            count_question(question, &answers)
        })
        .collect()
}

fn count_question(question: &Question, answers: &[&Answer]) -> QuestionResult {
    let mut result = QuestionResult {
        text: question.text.clone(),
        kind: question.kind,
        answered: answers.len() as u64,
        options: Vec::new(),
        winners: Vec::new(),
        rounds: Vec::new(),
        texts: Vec::new(),
    };
    let n = question.options.len();
    let mut votes = vec![0u64; n];
    for answer in answers {
        let counted: &[u32] = match question.kind {
            QuestionKind::Ranking { .. } => &answer.choices[..answer.choices.len().min(1)],
            _ => &answer.choices,
        };
        for &choice in counted {
            if let Some(v) = votes.get_mut(choice as usize) {
                *v += 1;
            }
        }
    }
    match question.kind {
        QuestionKind::Text => {
            result.texts = answers.iter().filter_map(|a| a.text.clone()).collect();
        }
        QuestionKind::Single | QuestionKind::Multiple { .. } => {
            result.winners = most(&question.options, &votes);
        }
        QuestionKind::Ranking {
            rule: RankingRule::Borda,
        } => {
            let points = borda(n, answers);
            result.winners = most(&question.options, &points);
            result.options = options(question, &votes, Some(&points));
            return result;
        }
        QuestionKind::Ranking {
            rule: RankingRule::InstantRunoff,
        } => {
            let (rounds, winners) = instant_runoff(&question.options, answers);
            result.rounds = rounds;
            result.winners = winners;
        }
    }
    result.options = options(question, &votes, None);
    result
}

fn options(question: &Question, votes: &[u64], points: Option<&[u64]>) -> Vec<OptionCount> {
    question
        .options
        .iter()
        .enumerate()
        .map(|(i, option)| OptionCount {
            option: option.clone(),
            votes: votes[i],
            points: points.map(|p| p[i]),
        })
        .collect()
}

/// The options with the highest score, several when tied; none without any
/// score at all.
fn most(options: &[String], scores: &[u64]) -> Vec<String> {
    let top = scores.iter().copied().max().unwrap_or(0);
    if top == 0 {
        return Vec::new();
    }
    options
        .iter()
        .zip(scores)
        .filter(|(_, score)| **score == top)
        .map(|(option, _)| option.clone())
        .collect()
}

fn borda(n: usize, answers: &[&Answer]) -> Vec<u64> {
    let mut points = vec![0u64; n];
    for answer in answers {
        for (place, &choice) in answer.choices.iter().enumerate() {
            if let Some(p) = points.get_mut(choice as usize) {
                *p += (n - 1 - place) as u64;
            }
        }
    }
    points
}

/// Rounds until one option holds more than half of the ballots still in
/// the count. The option with the fewest ballots drops out; a tie for that
/// is broken by the earlier rounds (fewer then drops out), and failing that
/// the option listed later drops out. When all remaining options are tied,
/// they all win.
fn instant_runoff(options: &[String], answers: &[&Answer]) -> (Vec<RunoffRound>, Vec<String>) {
    let mut remaining: Vec<usize> = (0..options.len()).collect();
    let mut history: Vec<Vec<u64>> = Vec::new();
    let mut rounds = Vec::new();
    loop {
        let mut counts = vec![0u64; options.len()];
        let mut exhausted = 0;
        for answer in answers {
            match answer
                .choices
                .iter()
                .map(|&c| c as usize)
                .find(|c| remaining.contains(c))
            {
                Some(choice) => counts[choice] += 1,
                None => exhausted += 1,
            }
        }
        let active: u64 = remaining.iter().map(|&o| counts[o]).sum();
        let mut round = RunoffRound {
            counts: remaining
                .iter()
                .map(|&o| (options[o].clone(), counts[o]))
                .collect(),
            exhausted,
            eliminated: None,
        };
        if active == 0 {
            rounds.push(round);
            return (rounds, Vec::new());
        }
        if let Some(&leader) = remaining.iter().find(|&&o| counts[o] * 2 > active) {
            rounds.push(round);
            return (rounds, vec![options[leader].clone()]);
        }
        let first = counts[remaining[0]];
        if remaining.iter().all(|&o| counts[o] == first) {
            rounds.push(round);
            let winners = remaining.iter().map(|&o| options[o].clone()).collect();
            return (rounds, winners);
        }
        history.push(counts.clone());
        let loser = *remaining
            .iter()
            .min_by(|&&a, &&b| {
                history
                    .iter()
                    .rev()
                    .map(|round| round[a].cmp(&round[b]))
                    .find(|order| order.is_ne())
                    .unwrap_or_else(|| b.cmp(&a))
            })
            .unwrap_or(&remaining[0]);
        round.eliminated = Some(options[loser].clone());
        rounds.push(round);
        remaining.retain(|&o| o != loser);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(kind: QuestionKind, options: &[&str]) -> Question {
        Question {
            text: "Frage".into(),
            kind,
            options: options.iter().map(|o| o.to_string()).collect(),
            required: false,
        }
    }

    fn ballots(choices: &[&[u32]]) -> Vec<Vec<Answer>> {
        choices
            .iter()
            .map(|c| {
                vec![Answer {
                    choices: c.to_vec(),
                    text: None,
                }]
            })
            .collect()
    }

    fn ranking(rule: RankingRule) -> Question {
        question(QuestionKind::Ranking { rule }, &["A", "B", "C"])
    }

    #[test]
    fn choices_are_counted_and_ties_share_the_win() {
        let q = question(QuestionKind::Multiple { max_choices: 2 }, &["A", "B", "C"]);
        let result = &count(&[q], &ballots(&[&[0, 1], &[1, 0], &[2], &[]]))[0];
        let votes: Vec<u64> = result.options.iter().map(|o| o.votes).collect();
        assert_eq!(votes, [2, 2, 1]);
        assert_eq!(result.answered, 3);
        assert_eq!(result.winners, ["A", "B"]);
    }

    #[test]
    fn borda_gives_n_minus_one_points_for_a_first_place() {
        // A: 2+0+1 = 3, B: 1+2+2 = 5, C: 0+1+0 = 1 (the partial ballot ranks only B, A).
        let result = &count(
            &[ranking(RankingRule::Borda)],
            &ballots(&[&[0, 1, 2], &[1, 2, 0], &[1, 0]]),
        )[0];
        let points: Vec<Option<u64>> = result.options.iter().map(|o| o.points).collect();
        assert_eq!(points, [Some(3), Some(5), Some(1)]);
        assert_eq!(result.winners, ["B"]);
    }

    #[test]
    fn instant_runoff_transfers_the_last_options_ballots() {
        // First preferences A 3, B 2, C 2: no majority of 7. B and C tie at the
        // bottom with nothing earlier to tell them apart, so C (listed later)
        // drops out; its ballots go to B: A 3, B 4.
        let result = &count(
            &[ranking(RankingRule::InstantRunoff)],
            &ballots(&[&[0], &[0], &[0], &[1], &[1], &[2, 1], &[2, 1]]),
        )[0];
        assert_eq!(result.rounds.len(), 2);
        assert_eq!(result.rounds[0].eliminated.as_deref(), Some("C"));
        assert_eq!(result.rounds[1].counts, [("A".into(), 3), ("B".into(), 4)]);
        assert_eq!(result.winners, ["B"]);
    }

    #[test]
    fn instant_runoff_counts_exhausted_ballots_apart() {
        // A 2, B 1, C 1 of 4: C drops out (listed later than B); its ballot
        // ranks nothing else and is exhausted. A has 2 of the 3 still in.
        let result = &count(
            &[ranking(RankingRule::InstantRunoff)],
            &ballots(&[&[0], &[0], &[1], &[2]]),
        )[0];
        assert_eq!(result.rounds[1].exhausted, 1);
        assert_eq!(result.winners, ["A"]);
    }

    #[test]
    fn a_final_tie_in_the_runoff_names_both() {
        let result = &count(
            &[ranking(RankingRule::InstantRunoff)],
            &ballots(&[&[0], &[1]]),
        )[0];
        assert_eq!(result.winners, ["A", "B"]);
    }

    #[test]
    fn free_answers_are_collected_and_nothing_wins() {
        let q = question(QuestionKind::Text, &[]);
        let ballots = vec![
            vec![Answer {
                choices: vec![],
                text: Some("Mehr Bänke".into()),
            }],
            vec![Answer::default()],
        ];
        let result = &count(&[q], &ballots)[0];
        assert_eq!(result.texts, ["Mehr Bänke"]);
        assert_eq!(result.answered, 1);
        assert!(result.winners.is_empty());
    }
}
