//! What people type into a search box, read without surprises: words (each
//! must occur), "phrases in quotes", `-word` or `-"phrase"` to exclude.
//! Nothing else has a meaning: `Thema: Radweg`, `AND`, `^` or `*` are
//! words like any other, unlike in tantivy's own query language.

/// One part of a typed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The words as typed; several for a phrase.
    pub text: String,
    pub phrase: bool,
    /// Found documents must not contain it.
    pub excluded: bool,
}

/// The parts of `typed`, in order. An unclosed quote runs to the end.
pub fn parts(typed: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = typed.trim_start();
    while !rest.is_empty() {
        let excluded =
            rest.starts_with('-') && rest[1..].chars().next().is_some_and(|c| !c.is_whitespace());
        let after_sign = if excluded { &rest[1..] } else { rest };
        let (text, phrase, next) = if let Some(quoted) = after_sign.strip_prefix('"') {
            match quoted.find('"') {
                Some(end) => (&quoted[..end], true, &quoted[end + 1..]),
                None => (quoted, true, ""),
            }
        } else {
            let end = after_sign
                .find(char::is_whitespace)
                .unwrap_or(after_sign.len());
            (&after_sign[..end], false, &after_sign[end..])
        };
        if !text.trim().is_empty() {
            parts.push(Part {
                text: text.trim().to_owned(),
                phrase,
                excluded,
            });
        }
        rest = next.trim_start();
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(text: &str, phrase: bool, excluded: bool) -> Part {
        Part {
            text: text.into(),
            phrase,
            excluded,
        }
    }

    #[test]
    fn words_phrases_and_exclusions() {
        assert_eq!(
            parts(r#"Radweg "Weseler Straße" -Kosten -"erste Lesung""#),
            [
                part("Radweg", false, false),
                part("Weseler Straße", true, false),
                part("Kosten", false, true),
                part("erste Lesung", true, true),
            ]
        );
    }

    #[test]
    fn query_syntax_of_other_engines_is_plain_text() {
        assert_eq!(
            parts("Thema: AND ^2 [a TO b] * -"),
            ["Thema:", "AND", "^2", "[a", "TO", "b]", "*", "-"].map(|w| part(w, false, false))
        );
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_end_and_empty_parts_vanish() {
        assert_eq!(
            parts(r#"Kita "neue Plätze"#),
            [part("Kita", false, false), part("neue Plätze", true, false)]
        );
        assert_eq!(parts(r#"  ""  - "#), [part("-", false, false)]);
        assert!(parts("").is_empty());
    }
}
