//! The query string of an external list: OParl's filters, `limit`,
//! `omit_internal`, and our keyset cursor `after`. Parsed leniently where real
//! clients differ, strictly where a value is nonsense, and written back in one
//! canonical spelling for the `links` of every page.

use url::form_urlencoded;

use super::{store::Filter, timestamp::Timestamp};
use crate::error::{Error, Result};

pub const DEFAULT_LIMIT: u64 = 100;
pub const MAX_LIMIT: u64 = 1000;

#[derive(Debug, Clone, PartialEq)]
pub struct ListQuery {
    pub filter: Filter,
    /// Objects per page; clamped, never refused (OParl issue #344).
    pub limit: u64,
    pub omit_internal: bool,
    /// Number of the last object of the previous page.
    pub after: u64,
}

impl ListQuery {
    pub fn parse(raw: Option<&str>) -> Result<Self> {
        let mut query = ListQuery {
            filter: Filter::default(),
            limit: DEFAULT_LIMIT,
            omit_internal: false,
            after: 0,
        };
        for (name, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            match name.as_ref() {
                "created_since" => {
                    query.filter.created_since = Some(Timestamp::since(time(&name, &value)?))
                }
                "created_until" => {
                    query.filter.created_until = Some(Timestamp::until(time(&name, &value)?))
                }
                "modified_since" => {
                    query.filter.modified_since = Some(Timestamp::since(time(&name, &value)?))
                }
                "modified_until" => {
                    query.filter.modified_until = Some(Timestamp::until(time(&name, &value)?))
                }
                "limit" => {
                    let limit: u64 = value
                        .trim()
                        .parse()
                        .map_err(|_| invalid(&name, &value, "eine positive ganze Zahl"))?;
                    query.limit = limit.clamp(1, MAX_LIMIT);
                }
                "omit_internal" => {
                    query.omit_internal = match value.as_ref() {
                        "true" => true,
                        "false" => false,
                        _ => return Err(invalid(&name, &value, "true oder false")),
                    }
                }
                "after" => {
                    query.after = value
                        .trim()
                        .parse()
                        .map_err(|_| invalid(&name, &value, "eine Objektnummer"))?;
                }
                // Unknown parameters (cache busters, tracking) do not change the list.
                _ => {}
            }
        }
        Ok(query)
    }

    /// The query string for a page of this list, filters first in a fixed order.
    pub fn to_query_string(&self, after: Option<u64>) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (name, value) in [
            ("created_since", &self.filter.created_since),
            ("created_until", &self.filter.created_until),
            ("modified_since", &self.filter.modified_since),
            ("modified_until", &self.filter.modified_until),
        ] {
            if let Some(value) = value {
                out.append_pair(name, value.as_str());
            }
        }
        if self.limit != DEFAULT_LIMIT {
            out.append_pair("limit", &self.limit.to_string());
        }
        if self.omit_internal {
            out.append_pair("omit_internal", "true");
        }
        if let Some(after) = after.filter(|&after| after > 0) {
            out.append_pair("after", &after.to_string());
        }
        out.finish()
    }
}

fn time(name: &str, value: &str) -> Result<chrono::DateTime<chrono::Utc>> {
    Timestamp::parse_filter(value)
        .ok_or_else(|| invalid(name, value, "ein Zeitpunkt wie 2024-05-01T00:00:00+02:00"))
}

fn invalid(name: &str, value: &str, expected: &str) -> Error {
    Error::InvalidInput(format!(
        "Der Parameter {name} hat den ungültigen Wert {value:?}; erwartet wird {expected}."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_filters_in_raw_and_encoded_spelling() {
        let raw = ListQuery::parse(Some("modified_since=2024-05-01T00:00:00+02:00")).unwrap();
        let encoded =
            ListQuery::parse(Some("modified_since=2024-05-01T00%3A00%3A00%2B02%3A00")).unwrap();
        let zulu = ListQuery::parse(Some("modified_since=2024-04-30T22:00:00Z")).unwrap();
        assert_eq!(raw, encoded);
        assert_eq!(raw, zulu);
        assert_eq!(
            raw.filter.modified_since.unwrap().as_str(),
            "2024-04-30T22:00:00+00:00"
        );
    }

    #[test]
    fn clamps_limit_and_refuses_garbage() {
        assert_eq!(ListQuery::parse(Some("limit=0")).unwrap().limit, 1);
        assert_eq!(
            ListQuery::parse(Some("limit=999999")).unwrap().limit,
            MAX_LIMIT
        );
        for bad in [
            "limit=-3",
            "limit=viele",
            "created_since=gestern",
            "omit_internal=yes",
            "after=x",
        ] {
            let err = ListQuery::parse(Some(bad)).unwrap_err();
            assert!(matches!(err, Error::InvalidInput(_)), "{bad}");
        }
    }

    #[test]
    fn links_keep_the_filters_in_canonical_form() {
        let query = ListQuery::parse(Some(
            "omit_internal=true&limit=20&created_since=2024-05-01T00:00:00Z&foo=bar",
        ))
        .unwrap();
        assert_eq!(
            query.to_query_string(Some(40)),
            "created_since=2024-05-01T00%3A00%3A00%2B00%3A00&limit=20&omit_internal=true&after=40"
        );
        assert_eq!(
            ListQuery::parse(Some(&query.to_query_string(Some(40))))
                .unwrap()
                .after,
            40
        );
        assert_eq!(ListQuery::parse(None).unwrap().to_query_string(None), "");
    }

    /// Found by the fuzz target `oparl_list_query`: the leap second rounded
    /// up to "+10000-01-01T00:00:00+00:00", a filter that its own `next`
    /// link could not repeat and that sorted before every real timestamp.
    #[test]
    fn refuses_instants_outside_four_digit_years() {
        for raw in [
            "modified_since=9999-12-31T23:59:60Z",
            "created_since=9999-12-31T23:59:59.5Z",
            "created_until=0000-01-01T00:00:00+01:00",
            "modified_until=9999-12-31T23:00:00-01:00",
        ] {
            let err = ListQuery::parse(Some(raw)).unwrap_err();
            assert!(matches!(err, Error::InvalidInput(_)), "{raw}");
        }
        let last = ListQuery::parse(Some("modified_since=9999-12-31T23:59:59Z")).unwrap();
        assert_eq!(
            last.filter.modified_since.unwrap().as_str(),
            "9999-12-31T23:59:59+00:00"
        );
        let leap = ListQuery::parse(Some("modified_since=2016-12-31T23:59:60Z")).unwrap();
        assert_eq!(
            leap.filter.modified_since.unwrap().as_str(),
            "2017-01-01T00:00:00+00:00"
        );
    }
}
