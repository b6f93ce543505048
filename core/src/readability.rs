//! How hard a piece of English is to read: the Flesch–Kincaid grade level
//! (Kincaid et al. 1975), for the string tests that keep the survey's
//! words plain (a grade of 6 or below: a reader of 11 follows it).
//!
//! No well-kept Rust crate does just this; the formula is one line and the
//! syllable count a heuristic (vowel groups, a silent final "e", short
//! capitalised abbreviations read letter by letter), as the usual
//! readability tools do. ARCHITECTURE.md says why it is written here.

/// The highest grade the survey's new words may read at: US grade 6 is
/// ages 11 to 12, so a reader of 9 to 11 follows grade 6 and below.
pub const MAX_GRADE: f64 = 6.0;

/// The Flesch–Kincaid grade of `text`: 0.39 × words per sentence +
/// 11.8 × syllables per word − 15.59. Text without words reads at 0.
pub fn grade(text: &str) -> f64 {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '/' || c == '\u{2013}' || c == '\u{2014}')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    if words.is_empty() {
        return 0.0;
    }
    let sentences =
        text.split(['.', '!', '?']).filter(|s| s.chars().any(char::is_alphanumeric)).count().max(1);
    let syllables: usize = words.iter().map(|w| syllables(w)).sum();
    let (words, sentences, syllables) = (words.len() as f64, sentences as f64, syllables as f64);
    0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59
}

/// Syllables in one word, by the usual heuristic.
pub fn syllables(word: &str) -> usize {
    let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        // A number ("116 123", "999") is read as a word or two; count one.
        return 1;
    }
    // "NHS", "GP", "CSV": short abbreviations are read letter by letter.
    let upper = letters.chars().all(|c| c.is_uppercase());
    if upper && (2..=4).contains(&letters.chars().count()) {
        return letters.chars().count();
    }
    let lower = letters.to_lowercase();
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut groups = 0usize;
    let mut previous = false;
    for c in lower.chars() {
        let v = vowel(c);
        if v && !previous {
            groups = groups.saturating_add(1);
        }
        previous = v;
    }
    // A silent final "e" ("care", "time"), but not "-le" ("little").
    if groups > 1 && lower.ends_with('e') && !lower.ends_with("le") {
        groups = groups.saturating_sub(1);
    }
    groups.max(1)
}

#[cfg(test)]
mod tests {
    use super::{grade, syllables};

    #[test]
    fn counts_syllables_as_read() {
        for (word, n) in [
            ("care", 1),
            ("support", 2),
            ("little", 2),
            ("practice", 2),
            ("NHS", 3),
            ("999", 1),
            ("everyone", 3),
            ("emergency", 4),
        ] {
            assert_eq!(syllables(word), n, "{word}");
        }
    }

    #[test]
    fn plain_words_read_low_and_dense_words_high() {
        assert!(grade("Talk to someone. It is free.") < 3.0);
        // A long sentence of long words reads at university level.
        let dense = "Organisational psychological safety characteristically necessitates \
            interpersonal vulnerability acknowledgement throughout multidisciplinary collaboration.";
        assert!(grade(dense) > 16.0, "{}", grade(dense));
        assert_eq!(grade(""), 0.0);
    }
}
