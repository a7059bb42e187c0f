//! What a consultation, a comment and a debate must look like before they
//! are stored, and how a draft becomes numbered paragraphs.

use std::ops::RangeInclusive;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::consultations::ConsultationDraft;

use crate::error::{Error, Result};

const TITLE_CHARS: RangeInclusive<usize> = 3..=200;
const SUMMARY_CHARS: usize = 2_000;
const TEXT_CHARS: RangeInclusive<usize> = 1..=200_000;
pub const COMMENT_CHARS: RangeInclusive<usize> = 2..=5_000;
pub const REASON_CHARS: RangeInclusive<usize> = 2..=5_000;
pub const NOTE_CHARS: RangeInclusive<usize> = 2..=2_000;
pub const QUOTE_CHARS: usize = 1_000;

/// A block of a version as stored; numbered unless a heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredParagraph {
    pub number: Option<u32>,
    pub markdown: String,
}

/// Splits a draft into blocks and numbers the ones people comment on.
pub fn paragraphs(text: &str) -> Vec<StoredParagraph> {
    let mut next = 0;
    shared::markdown::blocks(text)
        .into_iter()
        .map(|block| StoredParagraph {
            number: (!block.heading).then(|| {
                next += 1;
                next
            }),
            markdown: block.markdown,
        })
        .collect()
}

pub struct CheckedConsultation {
    pub draft: ConsultationDraft,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub paragraphs: Vec<StoredParagraph>,
}

pub fn checked_consultation(mut draft: ConsultationDraft) -> Result<CheckedConsultation> {
    draft.title = draft.title.trim().to_owned();
    draft.summary = draft.summary.trim().to_owned();
    within(&draft.title, TITLE_CHARS, "Der Titel")?;
    if draft.summary.chars().count() > SUMMARY_CHARS {
        return Err(Error::InvalidInput(format!(
            "Die Zusammenfassung darf höchstens {SUMMARY_CHARS} Zeichen lang sein."
        )));
    }
    let paragraphs = checked_text(&draft.text)?;
    let opens_at = moment(&draft.opens_at, "Beginn")?;
    let closes_at = moment(&draft.closes_at, "Ende")?;
    if closes_at <= opens_at {
        return Err(Error::InvalidInput(
            "Das Ende der Beteiligung muss nach ihrem Beginn liegen.".into(),
        ));
    }
    draft.council_paper = draft
        .council_paper
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty());
    if let Some(paper) = &draft.council_paper
        && !(paper.starts_with("https://") || paper.starts_with("http://"))
    {
        return Err(Error::InvalidInput(format!(
            "„{paper}“ ist keine OParl-Adresse einer Vorlage (https://…/oparl/v1/paper/…)."
        )));
    }
    Ok(CheckedConsultation {
        draft,
        opens_at,
        closes_at,
        paragraphs,
    })
}

/// The text of a version: at least one paragraph to comment on.
pub fn checked_text(text: &str) -> Result<Vec<StoredParagraph>> {
    within(text.trim(), TEXT_CHARS, "Der Entwurfstext")?;
    let paragraphs = paragraphs(text);
    if paragraphs.iter().all(|p| p.number.is_none()) {
        return Err(Error::InvalidInput(
            "Der Entwurf braucht mindestens einen Absatz, der kommentiert werden kann.".into(),
        ));
    }
    Ok(paragraphs)
}

/// Trims `text` and checks its length; `what` names it in the message.
pub fn within(text: &str, chars: RangeInclusive<usize>, what: &str) -> Result<String> {
    let text = text.trim();
    if chars.contains(&text.chars().count()) {
        Ok(text.to_owned())
    } else {
        Err(Error::InvalidInput(format!(
            "{what} braucht {} bis {} Zeichen.",
            chars.start(),
            chars.end()
        )))
    }
}

fn moment(text: &str, what: &str) -> Result<DateTime<Utc>> {
    crate::clock::parse(text.trim()).ok_or_else(|| {
        Error::InvalidInput(format!(
            "{what}: „{text}“ ist kein Zeitpunkt (RFC 3339, z. B. 2026-12-01T08:00:00+01:00)."
        ))
    })
}

/// The passage must be words of the paragraph, as a reader selected them.
pub fn checked_quote(quote: Option<String>, paragraph_markdown: &str) -> Result<Option<String>> {
    let Some(quote) = quote
        .map(|q| q.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|q| !q.is_empty())
    else {
        return Ok(None);
    };
    if quote.chars().count() > QUOTE_CHARS {
        return Err(Error::InvalidInput(format!(
            "Die markierte Stelle darf höchstens {QUOTE_CHARS} Zeichen lang sein; kommentieren Sie sonst den ganzen Absatz."
        )));
    }
    if !shared::markdown::plain_text(paragraph_markdown).contains(&quote) {
        return Err(Error::InvalidInput(
            "Die markierte Stelle steht so nicht in diesem Absatz. Bitte markieren Sie sie erneut."
                .into(),
        ));
    }
    Ok(Some(quote))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(text: &str) -> ConsultationDraft {
        ConsultationDraft {
            title: "Radverkehrskonzept".into(),
            summary: "Worum es geht".into(),
            text: text.into(),
            opens_at: "2026-12-01T08:00:00+01:00".into(),
            closes_at: "2027-01-15T18:00:00+01:00".into(),
            council_paper: None,
        }
    }

    #[test]
    fn headings_are_not_numbered_paragraphs_are() {
        let numbers: Vec<Option<u32>> = paragraphs("# Ziele\n\nA\n\nB\n\n## Wege\n\nC")
            .iter()
            .map(|p| p.number)
            .collect();
        assert_eq!(numbers, [None, Some(1), Some(2), None, Some(3)]);
    }

    #[test]
    fn a_draft_needs_something_to_comment_on_and_a_sensible_period() {
        assert!(checked_consultation(draft("Ein Absatz.")).is_ok());
        let only_heading = checked_consultation(draft("# Nur eine Überschrift"));
        assert!(
            only_heading
                .err()
                .unwrap()
                .to_string()
                .contains("mindestens einen Absatz")
        );
        let mut backwards = draft("Text");
        backwards.closes_at = backwards.opens_at.clone();
        assert!(checked_consultation(backwards).is_err());
        let mut paper = draft("Text");
        paper.council_paper = Some("Vorlage 12".into());
        assert!(checked_consultation(paper).is_err());
    }

    #[test]
    fn a_quote_must_be_words_of_its_paragraph() {
        let paragraph = "Die **Linde** am Markt\nbleibt stehen.";
        assert_eq!(
            checked_quote(Some(" Linde am  Markt bleibt ".into()), paragraph).unwrap(),
            Some("Linde am Markt bleibt".into())
        );
        assert!(checked_quote(Some("Eiche".into()), paragraph).is_err());
        assert_eq!(checked_quote(Some("  ".into()), paragraph).unwrap(), None);
    }
}
