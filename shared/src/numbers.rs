//! Number formatting both the server (generated documents) and the app need.

/// Groups the digits of a whole number in threes: `1570000` → `1.570.000`
/// with separator `.`.
pub fn group_digits(digits: &str, separator: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::group_digits;

    #[test]
    fn groups_in_threes_from_the_right() {
        assert_eq!(group_digits("1570000", "."), "1.570.000");
        assert_eq!(group_digits("320946", ","), "320,946");
        assert_eq!(group_digits("999", "."), "999");
        assert_eq!(group_digits("1000", "\u{202f}"), "1\u{202f}000");
        assert_eq!(group_digits("", "."), "");
    }
}
