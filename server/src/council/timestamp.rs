//! OParl's date-time format and the tolerant reading of filter values.

use chrono::{DateTime, SecondsFormat, Timelike, Utc};

/// Whole-second UTC time in OParl's exact form `yyyy-mm-ddThh:mm:ss+00:00`.
/// Stored as this string, so that string order is time order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(String);

impl Timestamp {
    pub fn from_utc(time: DateTime<Utc>) -> Self {
        let whole = time.with_nanosecond(0).unwrap_or(time);
        Self(whole.to_rfc3339_opts(SecondsFormat::Secs, false))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Reads a filter value as clients really send it: with `Z` or an
    /// offset, with or without fractions, and with the `+` of the offset
    /// turned into a space by form decoding. Only instants that OParl's form
    /// can write are taken: years 0000 to 9999 in UTC, up to
    /// 9999-12-31T23:59:59Z, so that `since` rounding a fraction or a leap
    /// second up cannot leave them either.
    pub fn parse_filter(value: &str) -> Option<DateTime<Utc>> {
        let value = value.trim();
        let repaired = match value.rfind(' ') {
            Some(i) if i > 10 => format!("{}+{}", &value[..i], &value[i + 1..]),
            _ => value.to_owned(),
        };
        // 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
        let first = DateTime::from_timestamp(-62_167_219_200, 0)?;
        let last = DateTime::from_timestamp(253_402_300_799, 0)?;
        DateTime::parse_from_rfc3339(&repaired)
            .ok()
            .map(|t| t.with_timezone(&Utc))
            .filter(|t| (first..=last).contains(t))
    }

    /// Lower bound: a fraction rounds up, so that `>=` on whole seconds keeps
    /// exactly the objects at or after the instant.
    pub fn since(time: DateTime<Utc>) -> Self {
        let rounded = if time.nanosecond() > 0 {
            time + chrono::Duration::seconds(1)
        } else {
            time
        };
        Self::from_utc(rounded)
    }

    /// Upper bound: a fraction rounds down.
    pub fn until(time: DateTime<Utc>) -> Self {
        Self::from_utc(time)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_exactly_as_oparl_requires() {
        let time = DateTime::parse_from_rfc3339("2024-03-05T07:08:09.123456+01:00")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            Timestamp::from_utc(time).as_str(),
            "2024-03-05T06:08:09+00:00"
        );
        assert_eq!(Timestamp::from_utc(Utc::now()).as_str().len(), 25);
    }

    #[test]
    fn reads_filter_values_in_every_real_spelling() {
        let expected = "2024-03-05T06:08:09+00:00";
        for value in [
            "2024-03-05T07:08:09+01:00",
            "2024-03-05T07:08:09 01:00",
            "2024-03-05T06:08:09Z",
            "2024-03-05T06:08:09+00:00",
        ] {
            let parsed = Timestamp::parse_filter(value).unwrap_or_else(|| panic!("{value}"));
            assert_eq!(Timestamp::until(parsed).as_str(), expected, "{value}");
        }
        for garbage in ["gestern", "2024-03-05", "2024-13-05T00:00:00Z", ""] {
            assert_eq!(Timestamp::parse_filter(garbage), None, "{garbage}");
        }
    }

    #[test]
    fn fractions_round_towards_the_inside_of_the_range() {
        let time = Timestamp::parse_filter("2024-03-05T06:08:09.5Z").unwrap();
        assert_eq!(Timestamp::since(time).as_str(), "2024-03-05T06:08:10+00:00");
        assert_eq!(Timestamp::until(time).as_str(), "2024-03-05T06:08:09+00:00");
    }
}
