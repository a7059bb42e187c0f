//! The two names of an account, checked once where they enter the system.

use crate::error::{Error, Result};

/// Login name: 3 to 32 lowercase letters, digits, `.`, `_` or `-`. Stored
/// lowercase so that "Anna" and "anna" are the same person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Self> {
        let name = raw.trim().to_lowercase();
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
        if !(3..=32).contains(&name.chars().count()) {
            return Err(Error::InvalidInput(
                "Der Benutzername muss 3 bis 32 Zeichen lang sein.".into(),
            ));
        }
        if !name.chars().all(allowed) {
            return Err(Error::InvalidInput(
                "Der Benutzername darf nur Buchstaben a–z, Ziffern und . _ - enthalten.".into(),
            ));
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name shown next to contributions: 1 to 80 printable characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self> {
        let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || name.chars().count() > 80 {
            return Err(Error::InvalidInput(
                "Der angezeigte Name muss 1 bis 80 Zeichen lang sein.".into(),
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(Error::InvalidInput(
                "Der angezeigte Name darf keine Steuerzeichen enthalten.".into(),
            ));
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_normalised_and_checked() {
        assert_eq!(Username::parse(" Anna.M ").unwrap().as_str(), "anna.m");
        for bad in ["ab", "anna müller", "anna@x", &"a".repeat(33)] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn display_names_collapse_spaces_and_refuse_control_characters() {
        assert_eq!(
            DisplayName::parse("  Anna   Müller ").unwrap().as_str(),
            "Anna Müller"
        );
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse("Anna\u{7}").is_err());
        assert!(DisplayName::parse(&"x".repeat(81)).is_err());
    }
}
