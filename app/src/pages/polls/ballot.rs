use dioxus::prelude::*;
use shared::polls::{Answer, BallotPaper, Poll, Question, QuestionKind, Receipt};

use super::API;
use crate::{api, components::Notice, i18n::use_lang};

/// The ballot: one fieldset per question. Rankings are given with a rank
/// select per option, which works the same by touch, mouse and keyboard.
#[component]
pub fn Stimmzettel(poll: Poll, on_cast: EventHandler<Receipt>) -> Element {
    let lang = use_lang();
    let t = &lang().texts().polls;
    let questions = poll.questions.clone();
    let mut answers = use_signal(|| vec![Answer::default(); questions.len()]);
    let mut ranks = use_signal(|| {
        questions
            .iter()
            .map(|q| vec![0usize; q.options.len()])
            .collect::<Vec<_>>()
    });
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let nummer = poll.number;
    let kinds: Vec<QuestionKind> = questions.iter().map(|q| q.kind).collect();
    rsx! {
        section { aria_labelledby: "stimmzettel",
            h2 { id: "stimmzettel", "{t.ballot_heading}" }
            p { "{t.secrecy_note}" }
            Notice { message: notice() }
            form {
                onsubmit: move |event| {
                    event.prevent_default();
                    let kinds = kinds.clone();
                    async move {
                        let t = &lang().texts().polls;
                        let mut paper = answers();
                        for (index, kind) in kinds.iter().enumerate() {
                            if let QuestionKind::Ranking { .. } = kind {
                                match ranked(&ranks.read()[index]) {
                                    Some(order) => paper[index].choices = order,
                                    None => {
                                        notice.set(Some(Err(t.rank_twice.to_owned())));
                                        return;
                                    }
                                }
                            }
                        }
                        let path = format!("{API}/{nummer}/ballots");
                        match api::send::<Receipt, _>("POST", &path, Some(&BallotPaper { answers: paper })).await {
                            Ok(receipt) => on_cast.call(receipt),
                            Err(error) => notice.set(Some(Err(error.message(lang())))),
                        }
                    }
                },
                for (index, question) in questions.iter().cloned().enumerate() {
                    fieldset { class: "question",
                        legend {
                            {(t.question)(index + 1)} ": {question.text} "
                            span { class: "question__need",
                                "(" {if question.required { t.required } else { t.optional }} ")"
                            }
                        }
                        {question_hint(&question, lang())}
                        match question.kind {
                            QuestionKind::Text => rsx! {
                                label { class: "visually-hidden", r#for: "antwort-{index}", "{question.text}" }
                                textarea {
                                    id: "antwort-{index}",
                                    rows: "4",
                                    maxlength: "2000",
                                    oninput: move |e| answers.with_mut(|a| a[index].text = Some(e.value())),
                                }
                            },
                            QuestionKind::Ranking { .. } => rsx! {
                                for (option_index, option) in question.options.iter().cloned().enumerate() {
                                    div { class: "field field--inline",
                                        label { r#for: "rang-{index}-{option_index}", "{option}" }
                                        select {
                                            id: "rang-{index}-{option_index}",
                                            onchange: move |e| {
                                                let rank = e.value().parse().unwrap_or(0);
                                                ranks.with_mut(|r| r[index][option_index] = rank);
                                            },
                                            option { value: "0", "{t.not_ranked}" }
                                            for rank in 1..=question.options.len() {
                                                option { value: "{rank}", {(t.rank)(rank)} }
                                            }
                                        }
                                    }
                                }
                            },
                            kind => rsx! {
                                for (option_index, option) in question.options.iter().cloned().enumerate() {
                                    div { class: "choice",
                                        input {
                                            id: "wahl-{index}-{option_index}",
                                            name: "frage-{index}",
                                            r#type: if kind == QuestionKind::Single { "radio" } else { "checkbox" },
                                            checked: answers.read()[index].choices.contains(&(option_index as u32)),
                                            disabled: !may_tick(kind, &answers.read()[index].choices, option_index as u32),
                                            // A radio button only ever reports being chosen.
                                            onchange: move |e| answers.with_mut(|a| {
                                                let on = kind == QuestionKind::Single || e.checked();
                                                tick(kind, &mut a[index].choices, option_index as u32, on);
                                            }),
                                        }
                                        label { r#for: "wahl-{index}-{option_index}", "{option}" }
                                    }
                                }
                            },
                        }
                    }
                }
                button { r#type: "submit", "{t.cast_button}" }
            }
        }
    }
}

fn question_hint(question: &Question, lang: crate::i18n::Lang) -> Element {
    let t = &lang.texts().polls;
    let hint = match question.kind {
        QuestionKind::Single => (t.at_most)(1),
        QuestionKind::Multiple { max_choices } => (t.at_most)(max_choices),
        QuestionKind::Ranking { .. } => t.rank_hint.to_owned(),
        QuestionKind::Text => return rsx! {},
    };
    rsx! { p { class: "field__hint", "{hint}" } }
}

/// Whether the option can be ticked now: a multiple-choice question allows
/// no more than its maximum.
fn may_tick(kind: QuestionKind, chosen: &[u32], option: u32) -> bool {
    match kind {
        QuestionKind::Multiple { max_choices } => {
            chosen.contains(&option) || chosen.len() < max_choices as usize
        }
        _ => true,
    }
}

fn tick(kind: QuestionKind, chosen: &mut Vec<u32>, option: u32, on: bool) {
    if kind == QuestionKind::Single {
        chosen.clear();
    }
    chosen.retain(|c| *c != option);
    if on {
        chosen.push(option);
    }
}

/// The options in the order of their ranks (unranked left out); `None`
/// when a rank is given twice.
fn ranked(ranks: &[usize]) -> Option<Vec<u32>> {
    let mut given: Vec<(usize, u32)> = ranks
        .iter()
        .enumerate()
        .filter(|(_, rank)| **rank > 0)
        .map(|(option, rank)| (*rank, option as u32))
        .collect();
    given.sort();
    if given.windows(2).any(|pair| pair[0].0 == pair[1].0) {
        return None;
    }
    Some(given.into_iter().map(|(_, option)| option).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_become_an_order_of_preference() {
        assert_eq!(ranked(&[2, 0, 1]), Some(vec![2, 0]));
        assert_eq!(ranked(&[3, 1, 0]), Some(vec![1, 0]));
        assert_eq!(ranked(&[1, 1, 0]), None);
        assert_eq!(ranked(&[0, 0]), Some(vec![]));
    }

    #[test]
    fn a_multiple_choice_question_stops_at_its_maximum() {
        let kind = QuestionKind::Multiple { max_choices: 2 };
        let mut chosen = vec![0, 1];
        assert!(!may_tick(kind, &chosen, 2));
        assert!(may_tick(kind, &chosen, 1));
        tick(kind, &mut chosen, 1, false);
        assert_eq!(chosen, [0]);
        tick(QuestionKind::Single, &mut chosen, 2, true);
        assert_eq!(chosen, [2]);
    }
}
