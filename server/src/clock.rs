//! Time as the city reads it: German civil time and where German days
//! begin, times as SurrealDB stores them, seconds since the epoch for
//! tokens, and the margin by which clocks may differ.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch; a clock before 1970 counts as 0.
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// How long after a time has passed this server trusts that it has: the
/// database's and the app servers' clocks differ a little, and a ballot
/// taken in the last moment may still be on its way to the database. What
/// is kept in memory because it can no longer change (an opened poll's
/// questions, a closed vote's ballots) is kept only this long after.
pub const MARGIN: chrono::TimeDelta = chrono::TimeDelta::minutes(1);

/// German civil time (MEZ/MESZ): summer time runs from the last Sunday of
/// March to the last Sunday of October, switching at 01:00 UTC, as the EU
/// rule has it. Dates shown to citizens ("erledigt bis 3. Dezember") are
/// dates in this time, not in UTC.
pub fn german(time: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::FixedOffset> {
    use chrono::{Datelike, FixedOffset, NaiveDate, TimeZone, Utc, Weekday};
    let last_sunday_at_one = |month: u32| {
        let last_day = NaiveDate::from_ymd_opt(time.year(), month, 31).unwrap_or_default();
        let back = last_day.weekday().num_days_from_sunday();
        let sunday = last_day - chrono::Days::new(u64::from(back));
        debug_assert_eq!(sunday.weekday(), Weekday::Sun);
        Utc.from_utc_datetime(&sunday.and_hms_opt(1, 0, 0).unwrap_or_default())
    };
    let summer = time >= last_sunday_at_one(3) && time < last_sunday_at_one(10);
    let hours = if summer { 2 } else { 1 };
    let offset = FixedOffset::east_opt(hours * 3600)
        .unwrap_or(FixedOffset::east_opt(0).expect("zero offset"));
    time.with_timezone(&offset)
}

/// The instant a German day begins. Summer time switches at 01:00 UTC, so
/// the offset an hour before midnight at UTC+1 is the offset of midnight.
pub fn german_midnight(day: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
    use chrono::{TimeZone, Utc};
    let as_utc = Utc.from_utc_datetime(&day.and_time(chrono::NaiveTime::MIN));
    let offset = german(as_utc - chrono::Duration::hours(1))
        .offset()
        .local_minus_utc();
    as_utc - chrono::Duration::seconds(offset.into())
}

/// A time as SurrealDB returns it (`<string>` of a datetime).
pub fn parse(stored: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(stored)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// German local time with its offset, whole seconds: `2026-11-27T09:30:00+01:00`.
pub fn german_iso(stored: &str) -> String {
    parse(stored).map_or_else(
        || stored.to_owned(),
        |t| german(t).to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
    )
}

/// As German readers write it: `3.12.2026, 18:00 Uhr`.
pub fn german_text(time: chrono::DateTime<chrono::Utc>) -> String {
    german(time).format("%-d.%-m.%Y, %H:%M Uhr").to_string()
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    #[test]
    fn stored_times_are_shown_with_the_german_offset() {
        assert_eq!(
            super::german_iso("2026-11-27T09:00:00.123456Z"),
            "2026-11-27T10:00:00+01:00"
        );
    }

    #[test]
    fn german_days_begin_at_local_midnight_also_on_switch_days() {
        let midnight = |y, m, d| {
            super::german_midnight(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()).to_rfc3339()
        };
        assert_eq!(midnight(2026, 1, 15), "2026-01-14T23:00:00+00:00");
        assert_eq!(midnight(2026, 7, 15), "2026-07-14T22:00:00+00:00");
        // Summer time begins at 02:00 on 29 March and ends at 03:00 on 25 October.
        assert_eq!(midnight(2026, 3, 29), "2026-03-28T23:00:00+00:00");
        assert_eq!(midnight(2026, 3, 30), "2026-03-29T22:00:00+00:00");
        assert_eq!(midnight(2026, 10, 25), "2026-10-24T22:00:00+00:00");
        assert_eq!(midnight(2026, 10, 26), "2026-10-25T23:00:00+00:00");
    }

    #[test]
    fn german_time_switches_on_the_last_sundays_of_march_and_october() {
        let at = |y, m, d, h| {
            super::german(Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()).to_rfc3339()
        };
        assert_eq!(at(2026, 3, 29, 0), "2026-03-29T01:00:00+01:00");
        assert_eq!(at(2026, 3, 29, 1), "2026-03-29T03:00:00+02:00");
        assert_eq!(at(2026, 10, 25, 0), "2026-10-25T02:00:00+02:00");
        assert_eq!(at(2026, 10, 25, 1), "2026-10-25T02:00:00+01:00");
        assert_eq!(at(2026, 11, 26, 23), "2026-11-27T00:00:00+01:00");
    }
}
