//! Similar titles, so that people find an existing proposal before they
//! write the same one again: trigram similarity as PostgreSQL's pg_trgm
//! computes it (Decidim shows matches from 0.25 on).

use std::collections::HashSet;

/// From this similarity on, a title is shown as similar.
pub const THRESHOLD: f64 = 0.25;

fn trigrams(text: &str) -> HashSet<[char; 3]> {
    let mut set = HashSet::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let padded: Vec<char> = "  "
            .chars()
            .chain(word.chars().flat_map(char::to_lowercase))
            .chain(" ".chars())
            .collect();
        for window in padded.windows(3) {
            set.insert([window[0], window[1], window[2]]);
        }
    }
    set
}

/// Shared trigrams over all trigrams of both, from 0 to 1.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (trigrams(a), trigrams(b));
    let union = a.union(&b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_same_idea_in_other_words_and_case() {
        let similar = similarity("Mehr Fahrradständer am Bahnhof", "fahrradständer bahnhof");
        assert!(similar >= THRESHOLD, "{similar}");
        assert_eq!(similarity("Parkbank", "Parkbank"), 1.0);
        assert!(similarity("Spielplatz Gievenbeck", "Straßenbeleuchtung Hiltrup") < THRESHOLD);
        assert_eq!(similarity("", "!!"), 0.0);
    }
}
