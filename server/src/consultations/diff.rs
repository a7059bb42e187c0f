//! What changed between two versions of a draft: paragraphs matched by the
//! longest common subsequence, and within a changed paragraph the words.

use shared::consultations::{Change, DiffPart};

use super::validate::StoredParagraph;

/// One paragraph of the comparison before comments are attached.
#[derive(Debug, PartialEq, Eq)]
pub struct Compared {
    pub change: Change,
    pub edited: bool,
    pub old_number: Option<u32>,
    pub new_number: Option<u32>,
    pub parts: Vec<DiffPart>,
}

/// Walks both versions in order. A removed block followed by an added one
/// is one edited paragraph, shown word by word.
pub fn compare(old: &[StoredParagraph], new: &[StoredParagraph]) -> Vec<Compared> {
    let old_texts: Vec<&str> = old.iter().map(|p| p.markdown.as_str()).collect();
    let new_texts: Vec<&str> = new.iter().map(|p| p.markdown.as_str()).collect();
    let steps = lcs(&old_texts, &new_texts);
    let mut out: Vec<Compared> = Vec::new();
    for step in steps {
        match step {
            Step::Same(i, j) => out.push(Compared {
                change: Change::Same,
                edited: false,
                old_number: old[i].number,
                new_number: new[j].number,
                parts: vec![part(Change::Same, &new[j].markdown)],
            }),
            Step::Removed(i) => out.push(Compared {
                change: Change::Removed,
                edited: true,
                old_number: old[i].number,
                new_number: None,
                parts: vec![part(Change::Removed, &old[i].markdown)],
            }),
            Step::Added(j) => {
                let previous = out.last_mut().filter(|c| {
                    c.change == Change::Removed && c.new_number.is_none() && c.parts.len() == 1
                });
                match previous {
                    Some(removed) => {
                        let old_text = removed.parts[0].text.clone();
                        removed.change = Change::Same;
                        removed.new_number = new[j].number;
                        removed.parts = words(&old_text, &new[j].markdown);
                    }
                    None => out.push(Compared {
                        change: Change::Added,
                        edited: true,
                        old_number: None,
                        new_number: new[j].number,
                        parts: vec![part(Change::Added, &new[j].markdown)],
                    }),
                }
            }
        }
    }
    out
}

fn part(change: Change, text: &str) -> DiffPart {
    DiffPart {
        change,
        text: text.to_owned(),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Step {
    Same(usize, usize),
    Removed(usize),
    Added(usize),
}

fn lcs<T: PartialEq>(old: &[T], new: &[T]) -> Vec<Step> {
    let (n, m) = (old.len(), new.len());
    let mut table = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if old[i] == new[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut steps = Vec::new();
    while i < n || j < m {
        if i < n && j < m && old[i] == new[j] {
            steps.push(Step::Same(i, j));
            i += 1;
            j += 1;
        } else if j < m && (i == n || table[i][j + 1] >= table[i + 1][j]) {
            steps.push(Step::Added(j));
            j += 1;
        } else {
            steps.push(Step::Removed(i));
            i += 1;
        }
    }
    // Removed before added reads naturally ("was … now …") and lets an
    // edit pair up.
    let mut ordered = Vec::with_capacity(steps.len());
    let mut added = Vec::new();
    for step in steps {
        match step {
            Step::Added(_) => added.push(step),
            other => {
                if matches!(other, Step::Same(..)) {
                    ordered.append(&mut added);
                }
                ordered.push(other);
            }
        }
    }
    ordered.append(&mut added);
    ordered
}

/// Word by word, joining runs of the same kind.
fn words(old: &str, new: &str) -> Vec<DiffPart> {
    let old_words: Vec<&str> = old.split_whitespace().collect();
    let new_words: Vec<&str> = new.split_whitespace().collect();
    let mut parts: Vec<DiffPart> = Vec::new();
    for step in lcs(&old_words, &new_words) {
        let (change, word) = match step {
            Step::Same(_, j) => (Change::Same, new_words[j]),
            Step::Removed(i) => (Change::Removed, old_words[i]),
            Step::Added(j) => (Change::Added, new_words[j]),
        };
        match parts.last_mut() {
            Some(last) if last.change == change => {
                last.text.push(' ');
                last.text.push_str(word);
            }
            _ => parts.push(part(change, word)),
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(blocks: &[&str]) -> Vec<StoredParagraph> {
        blocks
            .iter()
            .enumerate()
            .map(|(i, b)| StoredParagraph {
                number: Some(i as u32 + 1),
                markdown: b.to_string(),
            })
            .collect()
    }

    #[test]
    fn an_edited_paragraph_is_shown_word_by_word() {
        let old = version(&[
            "Erstens bleibt.",
            "Die Linde wird gefällt.",
            "Drittens bleibt.",
        ]);
        let new = version(&[
            "Erstens bleibt.",
            "Die Linde bleibt stehen.",
            "Drittens bleibt.",
        ]);
        let diff = compare(&old, &new);
        assert_eq!(diff.len(), 3);
        let edited = &diff[1];
        assert!(edited.edited);
        assert_eq!((edited.old_number, edited.new_number), (Some(2), Some(2)));
        let parts: Vec<(Change, &str)> = edited
            .parts
            .iter()
            .map(|p| (p.change, p.text.as_str()))
            .collect();
        assert_eq!(
            parts,
            [
                (Change::Same, "Die Linde"),
                (Change::Removed, "wird gefällt."),
                (Change::Added, "bleibt stehen."),
            ]
        );
        assert!(!diff[0].edited && !diff[2].edited);
    }

    #[test]
    fn new_and_dropped_paragraphs_are_marked() {
        let only_added = compare(&version(&["A"]), &version(&["A", "B"]));
        assert_eq!(only_added[1].change, Change::Added);
        let only_removed = compare(&version(&["A", "B"]), &version(&["A"]));
        assert_eq!(only_removed[1].change, Change::Removed);
    }
}
