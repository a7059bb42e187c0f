use dioxus::prelude::*;
use shared::polls::{PollResults, QuestionKind, QuestionResult};

use super::API;
use crate::{
    api::{self, ApiError},
    components::loaded,
    i18n::{Lang, use_lang},
};

async fn load(nummer: u64) -> Result<PollResults, ApiError> {
    api::get(&format!("{API}/{nummer}/results")).await
}

/// The count of every question as bars (with the numbers in text, so the
/// chart is not the only way to read it), the runoff rounds, free answers,
/// and the anonymous ballots to recount.
#[component]
pub fn Results(nummer: u64, live: bool) -> Element {
    let lang = use_lang();
    let t = &lang().texts().polls;
    let resource = use_resource(use_reactive!(|nummer| load(nummer)));
    let results = match loaded(resource) {
        Ok(results) => results,
        Err(placeholder) => return placeholder,
    };
    rsx! {
        section { aria_labelledby: "ergebnis",
            h2 { id: "ergebnis", "{t.results_heading}" }
            if live {
                p { class: "notice", role: "note", "{t.live_results}" }
            }
            p { {(t.ballots)(results.ballots)} }
            for (index, question) in results.questions.iter().enumerate() {
                QuestionCount { index, question: question.clone() }
            }
            p { a { href: "{API}/{nummer}/ballots.csv", download: "", "{t.ballots_csv}" } }
        }
    }
}

#[component]
fn QuestionCount(index: usize, question: QuestionResult) -> Element {
    let lang = use_lang();
    let t = &lang().texts().polls;
    let by_points = question.options.iter().any(|o| o.points.is_some());
    let score = |o: &shared::polls::OptionCount| o.points.unwrap_or(o.votes);
    let top = question.options.iter().map(score).max().unwrap_or(0).max(1);
    rsx! {
        h3 { {(t.question)(index + 1)} ": {question.text}" }
        p { {(t.answered)(question.answered)} }
        if let QuestionKind::Ranking { rule } = question.kind {
            p { {(t.rule_explained)(rule)} }
        }
        if !question.options.is_empty() {
            ul { class: "bars",
                for option in &question.options {
                    li { class: if question.winners.contains(&option.option) { "bars__won" } else { "" },
                        span { class: "bars__label", "{option.option}" }
                        meter { min: "0", max: "{top}", value: "{score(option)}" }
                        " "
                        {count_text(lang(), option.votes, option.points, by_points)}
                    }
                }
            }
        }
        if !question.winners.is_empty() {
            p { strong { "{t.winners}: " } {question.winners.join(", ")} }
        }
        if question.rounds.len() > 1 {
            ol { class: "rounds",
                for (n, round) in question.rounds.iter().enumerate() {
                    li {
                        strong { {(t.round)(n + 1)} ": " }
                        {round.counts.iter().map(|(name, votes)| format!("{name} {votes}")).collect::<Vec<_>>().join(" · ")}
                        if round.exhausted > 0 {
                            " · " {(t.exhausted)(round.exhausted)}
                        }
                        if let Some(out) = &round.eliminated {
                            " – " {(t.drops_out)(out)}
                        }
                    }
                }
            }
        }
        if !question.texts.is_empty() {
            h4 { "{t.free_answers}" }
            ul {
                for text in &question.texts {
                    li { "{text}" }
                }
            }
        }
    }
}

fn count_text(lang: Lang, votes: u64, points: Option<u64>, by_points: bool) -> String {
    let t = &lang.texts().polls;
    match points {
        Some(points) if by_points => {
            format!("{} ({})", (t.points)(points), (t.first_choices)(votes))
        }
        _ => (t.votes)(votes),
    }
}
