//! iCalendar (RFC 5545) output for meeting feeds: content lines folded at
//! 75 octets, CRLF line ends, text values escaped, times in UTC.

use chrono::{DateTime, Utc};

/// One meeting as a calendar event.
pub struct Event {
    /// Globally unique and stable: the meeting's OParl URL.
    pub uid: String,
    pub url: String,
    pub summary: String,
    pub start: DateTime<Utc>,
    pub end: Option<DateTime<Utc>>,
    pub location: Option<String>,
    pub cancelled: bool,
    pub last_modified: Option<DateTime<Utc>>,
}

/// A whole `VCALENDAR` with its events.
pub fn calendar(name: &str, events: &[Event], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Digitale Stadt//Ratsinformation//DE");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    for event in events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", escape(&event.uid)));
        line(&mut out, &format!("DTSTAMP:{}", utc(now)));
        line(&mut out, &format!("DTSTART:{}", utc(event.start)));
        if let Some(end) = event.end.filter(|end| *end > event.start) {
            line(&mut out, &format!("DTEND:{}", utc(end)));
        }
        line(&mut out, &format!("SUMMARY:{}", escape(&event.summary)));
        if let Some(location) = &event.location {
            line(&mut out, &format!("LOCATION:{}", escape(location)));
        }
        line(&mut out, &format!("URL:{}", event.url));
        if let Some(modified) = event.last_modified {
            line(&mut out, &format!("LAST-MODIFIED:{}", utc(modified)));
        }
        let status = if event.cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        };
        line(&mut out, &format!("STATUS:{status}"));
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn utc(time: DateTime<Utc>) -> String {
    time.format("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and newlines.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            '\r' => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// Writes one content line, folded so that no line exceeds 75 octets and
/// no UTF-8 character is split (RFC 5545 3.1).
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn lines_are_folded_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "Ä".repeat(60));
        line(&mut out, &long);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical}",
                physical.len()
            );
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), long);
    }

    #[test]
    fn events_carry_utc_times_escaped_text_and_their_state() {
        let events = [Event {
            uid: "https://x/oparl/v1/meeting/1".into(),
            url: "https://x/oparl/v1/meeting/1".into(),
            summary: "Rat; 12. Sitzung, öffentlich".into(),
            start: at("2026-11-26T17:00:00+01:00"),
            end: Some(at("2026-11-26T20:00:00+01:00")),
            location: Some("Festsaal, Rathaus".into()),
            cancelled: true,
            last_modified: None,
        }];
        let text = calendar("Sitzungen", &events, at("2026-11-01T00:00:00Z"));
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.contains("DTSTART:20261126T160000Z\r\n"));
        assert!(text.contains("DTEND:20261126T190000Z\r\n"));
        assert!(text.contains("SUMMARY:Rat\\; 12. Sitzung\\, öffentlich\r\n"));
        assert!(text.contains("LOCATION:Festsaal\\, Rathaus\r\n"));
        assert!(text.contains("STATUS:CANCELLED\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
    }
}
