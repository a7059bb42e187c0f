//! The query string of the OParl list endpoints (`created_since`,
//! `modified_until`, `limit`, `omit_internal`, `after`, …):
//! `council::query::ListQuery::parse`, as `council::oparl::page` calls it.
//!
//! Checks: parsing never panics; an accepted query is clamped as documented;
//! every filter is stored in OParl's exact form `yyyy-mm-ddThh:mm:ss+00:00`
//! (25 characters, so that string order is time order); and the canonical
//! query string written into the `links` of a page parses back to the same
//! query and is written again identically.

#![no_main]

use digitale_stadt::council::query::{ListQuery, MAX_LIMIT};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(query) = ListQuery::parse(Some(raw)) else {
        return;
    };
    assert!((1..=MAX_LIMIT).contains(&query.limit), "{query:?}");
    let filter = &query.filter;
    for stamp in [
        &filter.created_since,
        &filter.created_until,
        &filter.modified_since,
        &filter.modified_until,
    ]
    .into_iter()
    .flatten()
    {
        let text = stamp.as_str();
        let shape_ok = text.len() == 25
            && text.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                10 => b == b'T',
                13 | 16 | 22 => b == b':',
                19 => b == b'+',
                _ => b.is_ascii_digit(),
            })
            && text.ends_with("+00:00");
        assert!(shape_ok, "timestamp {text:?} from {raw:?}");
    }
    let link = query.to_query_string(Some(query.after));
    let again = ListQuery::parse(Some(&link))
        .unwrap_or_else(|err| panic!("own link {link:?} (from {raw:?}) is refused: {err}"));
    assert_eq!(again, query, "link {link:?} from {raw:?}");
    assert_eq!(again.to_query_string(Some(again.after)), link);
});
