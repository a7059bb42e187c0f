//! How texts become index terms. German words are lower-cased, folded to
//! ASCII (ä → a, ß → ss) and stemmed with Snowball's German stemmer, which
//! also reads "ae", "oe" and "ue" as umlauts: "Straße", "Strasse" and
//! "Straßen" give one term, as do "Müller" and "Mueller". Queries go through
//! the same chain, so whatever form a person types finds the others.

use std::{borrow::Cow, mem};

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer, TokenizerManager,
};

/// German words, stemmed: titles and texts.
pub const GERMAN: &str = "de";
/// German words, not stemmed: the last word of a query typed so far
/// matches their beginnings ("Radw" → "Radweg").
pub const GERMAN_WORDS: &str = "de_words";
/// A reference number as one term, lower-cased, without spaces
/// ("A/0179/2026"), so that typing it finds exactly that paper.
pub const REFERENCE: &str = "reference";

/// Names the analyzers' behaviour; an index built with another is rebuilt,
/// since the terms it holds would no longer match the queries' terms.
pub const ANALYZER: &str = "de-1: simple, limit 40, lower, ascii, frostem=1.20260821.8 german";

/// Words longer than this (in bytes) are left out: no one searches for
/// them, and they are mostly hashes and URLs.
const LONGEST_WORD: usize = 40;

/// The analyzers under their names, for an index and its queries.
pub fn analyzers() -> TokenizerManager {
    let manager = TokenizerManager::default();
    manager.register(GERMAN, german(true));
    manager.register(GERMAN_WORDS, german(false));
    manager.register(
        REFERENCE,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .filter(WithoutSpaces)
            .build(),
    );
    manager
}

fn german(stemmed: bool) -> TextAnalyzer {
    let words = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter);
    if stemmed {
        words.filter(GermanStem).build()
    } else {
        words.build()
    }
}

/// Snowball's German stemmer as a token filter.
#[derive(Clone, Copy)]
struct GermanStem;

impl TokenFilter for GermanStem {
    type Tokenizer<T: Tokenizer> = Stemming<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> Stemming<T> {
        Stemming { inner }
    }
}

#[derive(Clone)]
struct Stemming<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for Stemming<T> {
    type TokenStream<'a> = StemmedTokens<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemmedTokens {
            tail: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::German),
            buffer: String::new(),
        }
    }
}

struct StemmedTokens<T> {
    tail: T,
    stemmer: frostem::Stemmer,
    buffer: String,
}

impl<T: TokenStream> TokenStream for StemmedTokens<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        match self.stemmer.stem(&token.text) {
            Cow::Owned(stem) => token.text = stem,
            Cow::Borrowed(stem) => {
                self.buffer.clear();
                self.buffer.push_str(stem);
                mem::swap(&mut token.text, &mut self.buffer);
            }
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Removes whitespace from a token: "A / 0179 / 2026" is "a/0179/2026".
#[derive(Clone, Copy)]
struct WithoutSpaces;

impl TokenFilter for WithoutSpaces {
    type Tokenizer<T: Tokenizer> = Unspaced<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> Unspaced<T> {
        Unspaced { inner }
    }
}

#[derive(Clone)]
struct Unspaced<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for Unspaced<T> {
    type TokenStream<'a> = UnspacedTokens<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        UnspacedTokens {
            tail: self.inner.token_stream(text),
        }
    }
}

struct UnspacedTokens<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for UnspacedTokens<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        token.text.retain(|c| !c.is_whitespace());
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The terms `analyzer` makes of `text`.
pub fn terms(analyzer: &str, text: &str) -> Vec<String> {
    let Some(mut analyzer) = analyzers().get(analyzer) else {
        return Vec::new();
    };
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        terms.push(stream.token().text.clone());
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_term(analyzer: &str, words: &[&str]) {
        let first = terms(analyzer, words[0]);
        assert_eq!(first.len(), 1, "{first:?}");
        for word in words {
            assert_eq!(terms(analyzer, word), first, "{word} vs {}", words[0]);
        }
    }

    #[test]
    fn spellings_of_one_german_word_give_one_term() {
        one_term(
            GERMAN,
            &["Straße", "Strasse", "STRASSE", "Straßen", "strassen"],
        );
        one_term(GERMAN, &["Müller", "Mueller", "Muller"]);
        one_term(GERMAN, &["Mängel", "Maengel", "Mangel"]);
        one_term(GERMAN, &["Radweg", "Radwege", "Radwegen"]);
        one_term(GERMAN, &["Spielplatz", "Spielplätze"]);
        one_term(GERMAN, &["Sitzung", "Sitzungen"]);
    }

    #[test]
    fn unstemmed_words_keep_their_beginnings() {
        assert_eq!(
            terms(GERMAN_WORDS, "Straßenbahn Radwege"),
            ["strassenbahn", "radwege"]
        );
    }

    #[test]
    fn reference_numbers_split_into_words_or_stay_one_term() {
        assert_eq!(terms(GERMAN, "A/0179/2026"), ["a", "0179", "2026"]);
        assert_eq!(terms(REFERENCE, "A / 0179/2026"), ["a/0179/2026"]);
    }

    #[test]
    fn overlong_words_are_left_out() {
        let long = "x".repeat(LONGEST_WORD);
        assert_eq!(terms(GERMAN, &format!("kurz {long}")), ["kurz"]);
    }
}
