use dioxus::prelude::*;
use shared::consultations::{Change, ParagraphDiff, VersionDiff};

use super::API;
use crate::{
    api::{self, ApiError},
    components::{PageHeading, loaded},
    i18n::use_lang,
    routes::Route,
};

async fn load(nummer: u64, to: Option<u32>) -> Result<VersionDiff, ApiError> {
    let query = to.map(|v| format!("?to={v}")).unwrap_or_default();
    api::get(&format!("{API}/{nummer}/diff{query}")).await
}

/// What changed from one version to the next: struck and new words, with
/// the comments that led to each change. Unchanged paragraphs are counted,
/// not repeated.
#[component]
pub fn BeteiligungAenderungen(nummer: u64, bis: String) -> Element {
    let lang = use_lang();
    let t = &lang().texts().consultations;
    let to = bis.parse::<u32>().ok();
    let diff = match loaded(use_resource(use_reactive!(|nummer, to| load(nummer, to)))) {
        Ok(diff) => diff,
        Err(placeholder) => return placeholder,
    };
    let unchanged = diff
        .paragraphs
        .iter()
        .filter(|p| !p.edited && p.new_number.is_some())
        .count();
    rsx! {
        PageHeading { text: (t.diff_heading)(diff.from, diff.to) }
        p { Link { to: Route::BeteiligungEntwurf { nummer, fassung: String::new() }, "{t.back_to_draft}" } }
        p { "{diff.note}" }
        p { {(t.diff_unchanged)(unchanged)} }
        for paragraph in diff.paragraphs.iter().filter(|p| p.edited).cloned() {
            EditedParagraph { paragraph }
        }
    }
}

#[component]
fn EditedParagraph(paragraph: ParagraphDiff) -> Element {
    let lang = use_lang();
    let t = &lang().texts().consultations;
    let label = paragraph
        .new_number
        .or(paragraph.old_number)
        .map(|n| (t.paragraph)(n))
        .unwrap_or_default();
    rsx! {
        section { class: "diff", aria_label: "{label}",
            h2 { "{label}" }
            p { class: "diff__text",
                for part in paragraph.parts.iter().cloned() {
                    match part.change {
                        Change::Same => rsx! { span { "{part.text} " } },
                        Change::Removed => rsx! {
                            del { span { class: "visually-hidden", "[{t.diff_removed}: " } "{part.text}" span { class: "visually-hidden", "]" } }
                            " "
                        },
                        Change::Added => rsx! {
                            ins { span { class: "visually-hidden", "[{t.diff_added}: " } "{part.text}" span { class: "visually-hidden", "]" } }
                            " "
                        },
                    }
                }
            }
            if !paragraph.prompted_by.is_empty() {
                p { strong { "{t.prompted_by}:" } }
                ul {
                    for c in paragraph.prompted_by.iter().cloned() {
                        li {
                            "{c.author_name}: „{c.body}“"
                            if let Some(answer) = c.answer {
                                " – " {(t.decision)(answer.decision)}
                            }
                        }
                    }
                }
            }
        }
    }
}
