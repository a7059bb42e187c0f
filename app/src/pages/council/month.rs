//! The month as a grid of weeks (Monday first, as in Germany), each day
//! with its meetings: the view council members know from paper calendars.

use dioxus::prelude::*;
use shared::council::MeetingSummary;

use crate::{i18n::use_lang, routes::Route};

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Day of the week, 0 = Monday (Sakamoto's method).
fn weekday(year: i32, month: u32, day: u32) -> u32 {
    const OFFSETS: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if month < 3 { year - 1 } else { year };
    let sunday_first =
        (y + y / 4 - y / 100 + y / 400 + OFFSETS[month as usize - 1] + day as i32).rem_euclid(7);
    ((sunday_first + 6) % 7) as u32
}

/// The weeks of the month; days outside it are `None`.
fn weeks(year: i32, month: u32) -> Vec<[Option<u32>; 7]> {
    let lead = weekday(year, month, 1) as usize;
    let mut days: Vec<Option<u32>> = vec![None; lead];
    days.extend((1..=days_in(year, month)).map(Some));
    days.resize(days.len().div_ceil(7) * 7, None);
    days.chunks(7)
        .map(|week| std::array::from_fn(|i| week[i]))
        .collect()
}

/// Day of the month of a meeting's start (`yyyy-mm-ddThh:mm…`, local time).
fn day_of(start: &str) -> Option<u32> {
    start.get(8..10)?.parse().ok()
}

#[component]
pub fn MonthGrid(year: i32, month: u32, meetings: Vec<MeetingSummary>) -> Element {
    let lang = use_lang();
    let texts = &lang().texts().reader;
    rsx! {
        table { class: "month",
            thead {
                tr {
                    for i in 0..7 {
                        th { scope: "col", abbr: (texts.weekday)(i, false), {(texts.weekday)(i, true)} }
                    }
                }
            }
            tbody {
                for week in weeks(year, month) {
                    tr {
                        for day in week {
                            td {
                                if let Some(day) = day {
                                    span { class: "month__day", "{day}" }
                                    ul {
                                        for meeting in meetings.iter().filter(|m| day_of(&m.start) == Some(day)).cloned() {
                                            li { key: "{meeting.number}",
                                                class: if meeting.cancelled { "month__meeting month__meeting--cancelled" } else { "month__meeting" },
                                                {meeting.start.get(11..16).unwrap_or_default().to_owned()}
                                                " "
                                                Link { to: Route::Sitzung { nummer: meeting.number }, "{meeting.name}" }
                                                if meeting.cancelled {
                                                    " ({texts.cancelled})"
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday_and_cover_the_month() {
        // 1 November 2026 is a Sunday.
        assert_eq!(weekday(2026, 11, 1), 6);
        assert_eq!(weekday(2024, 2, 29), 3);
        let november = weeks(2026, 11);
        assert_eq!(november.len(), 6);
        assert_eq!(november[0], [None, None, None, None, None, None, Some(1)]);
        assert_eq!(november[5][0], Some(30));
        assert_eq!(weeks(2021, 2).len(), 4, "February 2021 starts on a Monday");
        assert_eq!(days_in(2028, 2), 29);
        assert_eq!(day_of("2026-11-26T17:00:00+01:00"), Some(26));
    }
}
