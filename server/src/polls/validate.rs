//! What a poll and a ballot must look like before they are stored. Errors
//! are sentences for the person who filled in the form.

use std::ops::RangeInclusive;

use chrono::{DateTime, Utc};
use shared::polls::{Answer, PollDraft, Question, QuestionKind};

use crate::error::{Error, Result};

const TITLE_CHARS: RangeInclusive<usize> = 3..=200;
const DESCRIPTION_CHARS: usize = 20_000;
const QUESTIONS: RangeInclusive<usize> = 1..=30;
const QUESTION_CHARS: RangeInclusive<usize> = 3..=500;
const OPTIONS: RangeInclusive<usize> = 2..=30;
const OPTION_CHARS: RangeInclusive<usize> = 1..=200;
const ANSWER_CHARS: usize = 2_000;

/// A draft that may be stored: trimmed, its times parsed.
#[derive(Debug)]
pub struct CheckedDraft {
    pub draft: PollDraft,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

/// Checks a poll as staff set it up. `districts` are the city's district keys.
pub fn checked_draft(mut draft: PollDraft, districts: &[String]) -> Result<CheckedDraft> {
    draft.title = draft.title.trim().to_owned();
    if !TITLE_CHARS.contains(&draft.title.chars().count()) {
        return invalid(format!(
            "Der Titel braucht {} bis {} Zeichen.",
            TITLE_CHARS.start(),
            TITLE_CHARS.end()
        ));
    }
    if draft.description.chars().count() > DESCRIPTION_CHARS {
        return invalid(format!(
            "Die Beschreibung darf höchstens {DESCRIPTION_CHARS} Zeichen lang sein."
        ));
    }
    draft.district = draft
        .district
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty());
    if let Some(key) = &draft.district
        && !districts.contains(key)
    {
        return invalid(format!("Einen Stadtbezirk „{key}“ gibt es hier nicht."));
    }
    let opens_at = moment(&draft.opens_at, "Beginn")?;
    let closes_at = moment(&draft.closes_at, "Ende")?;
    if closes_at <= opens_at {
        return invalid("Das Ende muss nach dem Beginn liegen.".into());
    }
    if !QUESTIONS.contains(&draft.questions.len()) {
        return invalid(format!(
            "Eine Abstimmung hat {} bis {} Fragen.",
            QUESTIONS.start(),
            QUESTIONS.end()
        ));
    }
    for (index, question) in draft.questions.iter_mut().enumerate() {
        check_question(question)
            .map_err(|message| Error::InvalidInput(format!("Frage {}: {message}", index + 1)))?;
    }
    Ok(CheckedDraft {
        draft,
        opens_at,
        closes_at,
    })
}

fn moment(text: &str, what: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            Error::InvalidInput(format!(
                "{what}: „{text}“ ist kein Zeitpunkt (RFC 3339, z. B. 2026-12-01T08:00:00+01:00)."
            ))
        })
}

fn check_question(question: &mut Question) -> Result<(), String> {
    question.text = question.text.trim().to_owned();
    if !QUESTION_CHARS.contains(&question.text.chars().count()) {
        return Err(format!(
            "Der Fragetext braucht {} bis {} Zeichen.",
            QUESTION_CHARS.start(),
            QUESTION_CHARS.end()
        ));
    }
    for option in &mut question.options {
        *option = option.trim().to_owned();
    }
    if question.kind == QuestionKind::Text {
        if !question.options.is_empty() {
            return Err("Eine Freitextfrage hat keine Antwortmöglichkeiten.".into());
        }
        return Ok(());
    }
    if !OPTIONS.contains(&question.options.len()) {
        return Err(format!(
            "Sie braucht {} bis {} Antwortmöglichkeiten.",
            OPTIONS.start(),
            OPTIONS.end()
        ));
    }
    if let Some(option) = question
        .options
        .iter()
        .find(|o| !OPTION_CHARS.contains(&o.chars().count()))
    {
        return Err(format!(
            "Die Antwortmöglichkeit „{option}“ braucht {} bis {} Zeichen.",
            OPTION_CHARS.start(),
            OPTION_CHARS.end()
        ));
    }
    for (index, option) in question.options.iter().enumerate() {
        if question.options[..index].contains(option) {
            return Err(format!(
                "Die Antwortmöglichkeit „{option}“ steht zweimal da."
            ));
        }
    }
    if let QuestionKind::Multiple { max_choices } = question.kind
        && (max_choices == 0 || max_choices as usize > question.options.len())
    {
        return Err(format!(
            "Höchstens {max_choices} Kreuze passt nicht zu {} Antwortmöglichkeiten.",
            question.options.len()
        ));
    }
    Ok(())
}

/// Checks a ballot against the poll's questions and returns it in stored
/// form: texts trimmed, unanswered questions as empty answers.
pub fn checked_ballot(questions: &[Question], answers: Vec<Answer>) -> Result<Vec<Answer>> {
    if answers.len() != questions.len() {
        return invalid(format!(
            "Der Stimmzettel hat {} Antworten, die Abstimmung aber {} Fragen.",
            answers.len(),
            questions.len()
        ));
    }
    questions
        .iter()
        .zip(answers)
        .enumerate()
        .map(|(index, (question, answer))| {
            checked_answer(question, answer)
                .map_err(|message| Error::InvalidInput(format!("Frage {}: {message}", index + 1)))
        })
        .collect()
}

fn checked_answer(question: &Question, mut answer: Answer) -> Result<Answer, String> {
    answer.text = answer
        .text
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    let empty = answer.choices.is_empty() && answer.text.is_none();
    if empty {
        return if question.required {
            Err("Bitte beantworten Sie diese Pflichtfrage.".into())
        } else {
            Ok(answer)
        };
    }
    if question.kind == QuestionKind::Text {
        if !answer.choices.is_empty() {
            return Err("Hier ist eine Antwort in Worten gefragt, kein Kreuz.".into());
        }
        if answer
            .text
            .as_ref()
            .is_some_and(|t| t.chars().count() > ANSWER_CHARS)
        {
            return Err(format!(
                "Die Antwort darf höchstens {ANSWER_CHARS} Zeichen lang sein."
            ));
        }
        return Ok(answer);
    }
    if answer.text.is_some() {
        return Err("Hier wird angekreuzt; ein Text gehört nicht dazu.".into());
    }
    if let Some(choice) = answer
        .choices
        .iter()
        .find(|&&c| c as usize >= question.options.len())
    {
        return Err(format!(
            "Eine Antwortmöglichkeit Nr. {choice} gibt es nicht."
        ));
    }
    for (index, choice) in answer.choices.iter().enumerate() {
        if answer.choices[..index].contains(choice) {
            return Err("Jede Antwortmöglichkeit zählt nur einmal.".into());
        }
    }
    let most = match question.kind {
        QuestionKind::Single => 1,
        QuestionKind::Multiple { max_choices } => max_choices as usize,
        QuestionKind::Ranking { .. } | QuestionKind::Text => question.options.len(),
    };
    if answer.choices.len() > most {
        return Err(match most {
            1 => "Bitte wählen Sie nur eine Antwort.".into(),
            _ => format!("Bitte wählen Sie höchstens {most} Antworten."),
        });
    }
    Ok(answer)
}

fn invalid<T>(message: String) -> Result<T> {
    Err(Error::InvalidInput(message))
}

#[cfg(test)]
mod tests {
    use shared::polls::{RankingRule, ResultsShown};

    use super::*;

    fn question(kind: QuestionKind, options: &[&str]) -> Question {
        Question {
            text: "Wie soll der Platz heißen?".into(),
            kind,
            options: options.iter().map(|o| o.to_string()).collect(),
            required: true,
        }
    }

    fn draft(questions: Vec<Question>) -> PollDraft {
        PollDraft {
            title: "  Platzname  ".into(),
            description: "Worum es geht".into(),
            district: None,
            opens_at: "2026-12-01T08:00:00+01:00".into(),
            closes_at: "2026-12-15T18:00:00+01:00".into(),
            results: ResultsShown::AfterClose,
            questions,
        }
    }

    fn answer(choices: &[u32]) -> Answer {
        Answer {
            choices: choices.to_vec(),
            text: None,
        }
    }

    fn message(result: Result<impl std::fmt::Debug>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn a_draft_is_trimmed_and_its_times_parsed() {
        let checked = checked_draft(
            draft(vec![question(QuestionKind::Single, &[" A ", "B"])]),
            &[],
        )
        .unwrap();
        assert_eq!(checked.draft.title, "Platzname");
        assert_eq!(checked.draft.questions[0].options, ["A", "B"]);
        assert_eq!(checked.opens_at.to_rfc3339(), "2026-12-01T07:00:00+00:00");
    }

    #[test]
    fn drafts_that_cannot_be_voted_on_are_refused_with_the_reason() {
        let mut backwards = draft(vec![question(QuestionKind::Single, &["A", "B"])]);
        backwards.closes_at = backwards.opens_at.clone();
        assert!(message(checked_draft(backwards, &[])).contains("nach dem Beginn"));

        let twice = draft(vec![question(QuestionKind::Single, &["A", "A"])]);
        assert!(message(checked_draft(twice, &[])).contains("zweimal"));

        let too_many = draft(vec![question(
            QuestionKind::Multiple { max_choices: 3 },
            &["A", "B"],
        )]);
        assert!(message(checked_draft(too_many, &[])).starts_with("Frage 1:"));

        let mut elsewhere = draft(vec![question(QuestionKind::Text, &[])]);
        elsewhere.district = Some("atlantis".into());
        assert!(message(checked_draft(elsewhere, &["hiltrup".into()])).contains("atlantis"));
    }

    #[test]
    fn ballots_keep_to_each_questions_rules() {
        let questions = [
            question(QuestionKind::Single, &["A", "B", "C"]),
            question(QuestionKind::Multiple { max_choices: 2 }, &["A", "B", "C"]),
            question(
                QuestionKind::Ranking {
                    rule: RankingRule::Borda,
                },
                &["A", "B", "C"],
            ),
            Question {
                required: false,
                ..question(QuestionKind::Text, &[])
            },
        ];
        let good = vec![answer(&[2]), answer(&[0, 1]), answer(&[1, 2]), answer(&[])];
        assert_eq!(checked_ballot(&questions, good.clone()).unwrap(), good);

        let cases: [(Vec<Answer>, &str); 6] = [
            (
                vec![answer(&[0, 1]), answer(&[0]), answer(&[0]), answer(&[])],
                "nur eine",
            ),
            (
                vec![answer(&[0]), answer(&[0, 1, 2]), answer(&[0]), answer(&[])],
                "höchstens 2",
            ),
            (
                vec![answer(&[0]), answer(&[0]), answer(&[1, 1]), answer(&[])],
                "nur einmal",
            ),
            (
                vec![answer(&[3]), answer(&[0]), answer(&[0]), answer(&[])],
                "Nr. 3",
            ),
            (
                vec![answer(&[]), answer(&[0]), answer(&[0]), answer(&[])],
                "Pflichtfrage",
            ),
            (vec![answer(&[0])], "1 Antworten"),
        ];
        for (ballot, expected) in cases {
            let text = message(checked_ballot(&questions, ballot));
            assert!(text.contains(expected), "{text}");
        }
    }

    #[test]
    fn free_answers_are_trimmed_and_blank_ones_count_as_unanswered() {
        let questions = [Question {
            required: false,
            ..question(QuestionKind::Text, &[])
        }];
        let blank = Answer {
            choices: vec![],
            text: Some("   ".into()),
        };
        assert_eq!(
            checked_ballot(&questions, vec![blank]).unwrap(),
            vec![Answer::default()]
        );
        let ticked = checked_ballot(&questions, vec![answer(&[0])]);
        assert!(message(ticked).contains("in Worten"));
    }
}
