//! The found words marked in a title or a stretch of text.

use shared::council::SnippetPart;
use std::collections::{BTreeMap, BTreeSet};

use tantivy::{
    Score, Searcher, Term,
    query::Query,
    schema::Field,
    snippet::{Snippet, SnippetGenerator, collapse_overlapped_ranges},
};

use crate::error::{Error, Result};

/// Titles are shown whole (up to this many characters).
const TITLE_CHARS: usize = 400;
/// Characters of a text shown around its found words.
const PASSAGE_CHARS: usize = 240;

/// Marks the words of one query, as the index found them, in texts.
pub struct Marker {
    title: SnippetGenerator,
    texts: SnippetGenerator,
}

impl Marker {
    /// A marker for the words `query` looks for in any of `fields` (all
    /// analyzed alike).
    pub fn new(searcher: &Searcher, query: &dyn Query, fields: &[Field]) -> Result<Self> {
        let failed = |err: tantivy::TantivyError| Error::Search(err.to_string());
        let mut terms: BTreeSet<Term> = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if fields.contains(&term.field()) {
                terms.insert(term.clone());
            }
        });
        // Rarer words weigh more in choosing the passage, as in tantivy's own.
        let mut weights: BTreeMap<String, Score> = BTreeMap::new();
        for term in &terms {
            let value = term.value();
            let Some(text) = value.as_str() else {
                continue;
            };
            let count = searcher.doc_freq(term).map_err(failed)?;
            let weight = weights.entry(text.to_owned()).or_default();
            *weight = weight.max(1.0 / (1.0 + count as Score));
        }
        let Some(field) = fields.first() else {
            return Err(Error::Search("no field to mark words of".into()));
        };
        let analyzer = searcher
            .index()
            .tokenizer_for_field(*field)
            .map_err(failed)?;
        let generator =
            |chars| SnippetGenerator::new(weights.clone(), analyzer.clone(), *field, chars);
        Ok(Self {
            title: generator(TITLE_CHARS),
            texts: generator(PASSAGE_CHARS),
        })
    }

    /// What a hit shows: its title with the found words marked if it has
    /// any, else the stretch of the text with the most of them (and which
    /// text that is), else the title unmarked.
    pub fn snippet(&self, title: &str, texts: &[&str]) -> (Vec<SnippetPart>, Option<usize>) {
        let (marked_title, in_title) = self.title(title);
        if in_title > 0 {
            return (marked_title, None);
        }
        texts
            .iter()
            .enumerate()
            .filter_map(|(i, text)| Some((i, self.passage(text)?)))
            .max_by_key(|(_, (_, marked))| *marked)
            .map_or((marked_title, None), |(i, (passage, _))| (passage, Some(i)))
    }

    /// The title with the found words marked; unmarked when none is in it.
    fn title(&self, title: &str) -> (Vec<SnippetPart>, usize) {
        let snippet = self.title.snippet(title);
        if snippet.highlighted().is_empty() {
            return (plain(title), 0);
        }
        (parts(title, &snippet), snippet.highlighted().len())
    }

    /// The stretch of `text` with the most found words, marked, and how
    /// many it marks; none when no found word is in it.
    fn passage(&self, text: &str) -> Option<(Vec<SnippetPart>, usize)> {
        let snippet = self.texts.snippet(text);
        let marked = snippet.highlighted().len();
        (marked > 0).then(|| (parts(text, &snippet), marked))
    }
}

fn plain(text: &str) -> Vec<SnippetPart> {
    vec![SnippetPart {
        text: text.to_owned(),
        hit: false,
    }]
}

/// The fragment of `text` in the snippet as plain and marked parts, with
/// "…" where it is cut out of a longer text; line breaks become spaces.
fn parts(text: &str, snippet: &Snippet) -> Vec<SnippetPart> {
    let fragment = snippet.fragment();
    let range = snippet.fragment_range();
    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut push = |piece: &str, hit: bool| {
        let piece = piece.replace(['\n', '\r'], " ");
        match parts.last_mut() {
            _ if piece.is_empty() => {}
            Some(last) if last.hit == hit => last.text.push_str(&piece),
            _ => parts.push(SnippetPart { text: piece, hit }),
        }
    };
    if range.start > 0 {
        push("… ", false);
    }
    let mut at = 0;
    for marked in collapse_overlapped_ranges(snippet.highlighted()) {
        if marked.start < at || marked.end > fragment.len() {
            continue;
        }
        push(&fragment[at..marked.start], false);
        push(&fragment[marked.clone()], true);
        at = marked.end;
    }
    push(&fragment[at..], false);
    if range.end < text.len() {
        push(" …", false);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::analyzer::{GERMAN, analyzers};

    /// A marker for the stems of `words`.
    fn marker(words: &[&str]) -> Marker {
        let weights: BTreeMap<String, Score> = words
            .iter()
            .flat_map(|word| crate::search::analyzer::terms(GERMAN, word))
            .map(|term| (term, 1.0))
            .collect();
        let analyzer = analyzers().get(GERMAN).expect("the German analyzer");
        let field = Field::from_field_id(0);
        Marker {
            title: SnippetGenerator::new(weights.clone(), analyzer.clone(), field, TITLE_CHARS),
            texts: SnippetGenerator::new(weights, analyzer, field, PASSAGE_CHARS),
        }
    }

    fn shown(parts: &[SnippetPart]) -> Vec<(&str, bool)> {
        parts.iter().map(|p| (p.text.as_str(), p.hit)).collect()
    }

    #[test]
    fn titles_are_marked_where_other_spellings_were_found() {
        let (parts, marked) = marker(&["Strasse"]).title("Umbau der Weseler Straße: Kosten");
        assert_eq!(marked, 1);
        assert_eq!(
            shown(&parts),
            [
                ("Umbau der Weseler ", false),
                ("Straße", true),
                (": Kosten", false)
            ]
        );
        let (parts, marked) = marker(&["Kita"]).title("Umbau der Weseler Straße");
        assert_eq!(
            (shown(&parts), marked),
            (vec![("Umbau der Weseler Straße", false)], 0)
        );
    }

    #[test]
    fn long_texts_show_the_stretch_with_the_words_cut_with_ellipses() {
        let text = format!(
            "{}Die Mängel der\nStraße sind {}",
            "Wort ".repeat(100),
            "mehr ".repeat(100)
        );
        let (parts, marked) = marker(&["Maengel", "Strassen"])
            .passage(&text)
            .expect("found");
        assert_eq!(marked, 2);
        assert!(parts[0].text.starts_with("… "), "{parts:?}");
        assert!(parts.last().unwrap().text.ends_with(" …"), "{parts:?}");
        let hits: Vec<&str> = parts
            .iter()
            .filter(|p| p.hit)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(hits, ["Mängel", "Straße"]);
        assert!(parts.iter().all(|p| !p.text.contains('\n')));
        assert!(marker(&["Kita"]).passage(&text).is_none());
    }
}
