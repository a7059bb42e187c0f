//! Report times: reading SurrealDB's timestamps, the processing deadline in
//! working days, and the ISO 8601 form with offset that Open311 requires.

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};

use crate::clock;

pub use crate::clock::{german_iso as iso, parse};

/// The day by which a report made at `created` should be closed: that many
/// working days (Monday to Friday) later, in German time.
pub fn expected_by(created: DateTime<Utc>, working_days: u32) -> NaiveDate {
    let mut day = clock::german(created).date_naive();
    let mut left = working_days;
    while left > 0 {
        day = day.succ_opt().unwrap_or(day);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    day
}

/// Past its day: the whole expected day counts as in time.
pub fn overdue(expected_by: NaiveDate, now: DateTime<Utc>) -> bool {
    clock::german(now).date_naive() > expected_by
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn deadlines_skip_weekends() {
        // Friday 27 November 2026, 10:00 in Münster.
        let friday = Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap();
        assert_eq!(expected_by(friday, 1).to_string(), "2026-11-30");
        assert_eq!(expected_by(friday, 5).to_string(), "2026-12-04");
        let due = expected_by(friday, 1);
        assert!(!overdue(
            due,
            Utc.with_ymd_and_hms(2026, 11, 30, 22, 59, 0).unwrap()
        ));
        assert!(overdue(
            due,
            Utc.with_ymd_and_hms(2026, 11, 30, 23, 0, 0).unwrap()
        ));
    }

    #[test]
    fn times_are_shown_with_the_german_offset() {
        assert_eq!(
            iso("2026-11-27T09:00:00.123456Z"),
            "2026-11-27T10:00:00+01:00"
        );
    }
}
