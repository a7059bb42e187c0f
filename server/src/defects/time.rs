//! A report's processing deadline in working days, and when reports become
//! overdue.

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};

use crate::clock;

/// The day by which a report made at `created` should be closed: that many
/// working days (Monday to Friday) later, in German time.
pub fn expected_by(created: DateTime<Utc>, working_days: u32) -> NaiveDate {
    expected_after(clock::german(created).date_naive(), working_days)
}

fn expected_after(reported: NaiveDate, working_days: u32) -> NaiveDate {
    let mut day = reported;
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
    overdue_on(expected_by, clock::german(now).date_naive())
}

/// Open reports made before this instant are overdue at `now`: the start of
/// the first day whose reports are still in time. It lets the database
/// select overdue reports by their time of creation.
pub fn overdue_before(working_days: u32, now: DateTime<Utc>) -> DateTime<Utc> {
    let today = clock::german(now).date_naive();
    let mut first = today;
    while let Some(before) = first.pred_opt()
        && !overdue_on(expected_after(before, working_days), today)
    {
        first = before;
    }
    clock::german_midnight(first)
}

fn overdue_on(expected_by: NaiveDate, today: NaiveDate) -> bool {
    today > expected_by
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

    /// The database's cut by creation time agrees with the deadline of each
    /// report, on every hour of two years and for short and long deadlines.
    #[test]
    fn the_overdue_cut_agrees_with_each_reports_deadline() {
        let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 30, 0).unwrap();
        for days in [0, 1, 3, 10, 30] {
            for now_hours in (0..24 * 730).step_by(97) {
                let now = start + chrono::Duration::hours(now_hours);
                let cut = overdue_before(days, now);
                for back_hours in 0..24 * 60 {
                    let created = now - chrono::Duration::hours(back_hours);
                    assert_eq!(
                        created < cut,
                        overdue(expected_by(created, days), now),
                        "{days} days, made {created}, now {now}"
                    );
                }
            }
        }
    }
}
