//! Stored consultations, comments and arguments as readers see them: names
//! instead of account ids, moderated text left out, supports counted.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use shared::{
    consultations::{
        Argument, Comment, ConsultationPhase, Decision, OfficialAnswer, Paragraph, VersionInfo,
    },
    moderation::ContentKind,
};

use super::{
    store::{self, ArgumentRow, CommentRow, ConsultationRow, SupportTable, VersionRow},
    validate::StoredParagraph,
};
use crate::{accounts, clock, db::Db, error::Result, moderation};

pub fn phase(row: &ConsultationRow, now: DateTime<Utc>) -> ConsultationPhase {
    let at = |stored: &str| clock::parse(stored).unwrap_or(DateTime::<Utc>::MAX_UTC);
    if now < at(&row.opens_at) {
        ConsultationPhase::Upcoming
    } else if now < at(&row.closes_at) {
        ConsultationPhase::Open
    } else {
        ConsultationPhase::Closed
    }
}

pub fn version_info(version: &VersionRow) -> VersionInfo {
    VersionInfo {
        version: version.version,
        note: version.note.clone(),
        published_at: clock::german_iso(&version.published_at),
    }
}

pub fn paragraphs(
    stored: &[StoredParagraph],
    comments: &[CommentRow],
    version: u32,
) -> Vec<Paragraph> {
    stored
        .iter()
        .map(|p| Paragraph {
            number: p.number,
            html: shared::markdown::render(&below_page_heading(p)),
            markdown: p.markdown.clone(),
            comments: p.number.map_or(0, |n| {
                comments
                    .iter()
                    .filter(|c| c.version == version && c.paragraph == n)
                    .count() as u64
            }),
        })
        .collect()
}

/// The page's own title is its only `h1`: a draft's headings move one
/// level down (`# Ziele` shows as `h2`).
fn below_page_heading(paragraph: &StoredParagraph) -> String {
    match paragraph.number {
        None if paragraph.markdown.starts_with('#')
            && !paragraph.markdown.starts_with("######") =>
        {
            format!("#{}", paragraph.markdown)
        }
        _ => paragraph.markdown.clone(),
    }
}

/// Everything needed to show the comments of one consultation.
pub struct CommentContext {
    names: HashMap<String, String>,
    hidden: HashSet<String>,
    supports: HashMap<String, u64>,
    own: HashSet<String>,
    /// Comment id → the version it led to.
    changed_in: HashMap<String, u32>,
    /// Whether the names of people who wrote by letter are shown: to the
    /// staff who enter and weigh them, not to the public (as in the
    /// Abwägungstabelle).
    show_senders: bool,
}

/// What the public sees instead of the name of someone who wrote by letter.
pub const SENDER_NOT_PUBLISHED: &str = "Name nicht veröffentlicht";

impl CommentContext {
    pub async fn load(
        db: &Db,
        number: u64,
        comments: &[CommentRow],
        versions: &[VersionRow],
        viewer: Option<&str>,
        show_senders: bool,
    ) -> Result<Self> {
        let authors: Vec<String> = comments.iter().filter_map(|c| c.author.clone()).collect();
        let ids: Vec<String> = comments.iter().map(|c| c.id.clone()).collect();
        let (supports, own) = store::supports(db, SupportTable::Comments, number, viewer).await?;
        Ok(Self {
            names: accounts::display_names(db, &authors).await?,
            hidden: moderation::hidden_among(db, ContentKind::ConsultationComment, &ids).await?,
            supports,
            own,
            changed_in: versions
                .iter()
                .flat_map(|v| v.prompted_by.iter().map(|id| (id.clone(), v.version)))
                .collect(),
            show_senders,
        })
    }

    pub fn comment(&self, row: &CommentRow) -> Comment {
        let hidden = self.hidden.contains(&row.id);
        let (author_name, by_letter) = match (&row.entered_for, &row.author) {
            (Some(sender), _) if self.show_senders => (sender.clone(), true),
            (Some(_), _) => (SENDER_NOT_PUBLISHED.to_owned(), true),
            (None, Some(author)) => (
                self.names
                    .get(author)
                    .cloned()
                    .unwrap_or_else(|| accounts::ERASED_NAME.to_owned()),
                false,
            ),
            (None, None) => (accounts::ERASED_NAME.to_owned(), false),
        };
        Comment {
            id: row.id.clone(),
            version: row.version,
            paragraph: row.paragraph,
            quote: if hidden { None } else { row.quote.clone() },
            reply_to: row.reply_to.clone(),
            author_name,
            by_letter,
            body: if hidden {
                String::new()
            } else {
                row.body.clone()
            },
            hidden,
            created_at: clock::german_iso(&row.created_at),
            supports: self.supports.get(&row.id).copied().unwrap_or(0),
            supported: self.own.contains(&row.id),
            answer: row.answer.as_ref().map(|a| OfficialAnswer {
                decision: a.decision,
                reason: a.reason.clone(),
                answered_at: clock::german_iso(&a.answered_at),
            }),
            led_to_change_in: self.changed_in.get(&row.id).copied(),
        }
    }
}

/// How many comments got each decision, in the order of [`Decision::ALL`].
pub fn decisions(comments: &[CommentRow]) -> Vec<(Decision, u64)> {
    Decision::ALL
        .iter()
        .map(|d| {
            let n = comments
                .iter()
                .filter(|c| c.answer.as_ref().is_some_and(|a| a.decision == *d))
                .count() as u64;
            (*d, n)
        })
        .collect()
}

pub async fn arguments(
    db: &Db,
    number: u64,
    rows: &[ArgumentRow],
    viewer: Option<&str>,
) -> Result<Vec<Argument>> {
    let authors: Vec<String> = rows.iter().map(|a| a.author.clone()).collect();
    let names = accounts::display_names(db, &authors).await?;
    let ids: Vec<String> = rows.iter().map(|a| a.id.clone()).collect();
    let hidden = moderation::hidden_among(db, ContentKind::DebateArgument, &ids).await?;
    let (supports, own) = store::supports(db, SupportTable::Arguments, number, viewer).await?;
    let mut arguments: Vec<Argument> = rows
        .iter()
        .map(|row| argument(row, &names, &hidden, &supports, &own))
        .collect();
    arguments.sort_by_key(|a| std::cmp::Reverse(a.supports));
    Ok(arguments)
}

fn argument(
    row: &ArgumentRow,
    names: &HashMap<String, String>,
    hidden: &HashSet<String>,
    supports: &HashMap<String, u64>,
    own: &HashSet<String>,
) -> Argument {
    let is_hidden = hidden.contains(&row.id);
    Argument {
        id: row.id.clone(),
        side: row.side,
        author_name: names
            .get(&row.author)
            .cloned()
            .unwrap_or_else(|| accounts::ERASED_NAME.to_owned()),
        body: if is_hidden {
            String::new()
        } else {
            row.body.clone()
        },
        hidden: is_hidden,
        created_at: clock::german_iso(&row.created_at),
        supports: supports.get(&row.id).copied().unwrap_or(0),
        supported: own.contains(&row.id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draft_headings_sit_below_the_page_title() {
        let shown = paragraphs(
            &crate::consultations::validate::paragraphs("# Ziele\n\nText\n\n###### Tief"),
            &[],
            1,
        );
        assert!(shown[0].html.starts_with("<h2>"), "{}", shown[0].html);
        assert!(shown[1].html.starts_with("<p>"));
        assert!(shown[2].html.starts_with("<h6>"));
    }
}
