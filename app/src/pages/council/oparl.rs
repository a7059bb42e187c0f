//! Reading our OParl API: objects by their absolute URLs, and the numbers
//! in those URLs that the app's own addresses use.

use serde::de::DeserializeOwned;

use shared::oparl::{Body, ListPage, Organization};

use crate::api::{self, ApiError};

/// The OParl root of this server.
const ROOT: &str = "/oparl/v1/";

/// An object by kind path and number, e.g. `("meeting", 5)`.
pub async fn object<T: DeserializeOwned>(kind: &str, number: u64) -> Result<T, ApiError> {
    api::get(&format!("{ROOT}{kind}/{number}")).await
}

/// Any object by its OParl id (an absolute URL of this server).
pub async fn by_id<T: DeserializeOwned>(id: &str) -> Result<T, ApiError> {
    api::get(path_of(id)).await
}

/// The path of an absolute URL, so that requests stay on this origin.
pub fn path_of(url: &str) -> &str {
    url.find(ROOT).map_or(url, |start| &url[start..])
}

/// The number at the end of an OParl id of the given kind:
/// `…/oparl/v1/paper/17` → 17.
pub fn number_in(id: &str, kind: &str) -> Option<u64> {
    let rest = &id[id.find(ROOT)? + ROOT.len()..];
    rest.strip_prefix(kind)?.strip_prefix('/')?.parse().ok()
}

/// The committees, factions and councils of the (first) body, by name.
pub async fn organizations() -> Result<Vec<(u64, String)>, ApiError> {
    let bodies: ListPage<Body> = api::get("/oparl/v1/body").await?;
    let Some(list) = bodies
        .data
        .first()
        .and_then(|body| body.organization.clone())
    else {
        return Ok(Vec::new());
    };
    let mut url = Some(format!("{list}?limit=100&omit_internal=true"));
    let mut found = Vec::new();
    while let Some(next) = url {
        let page: ListPage<Organization> = by_id(&next).await?;
        found.extend(page.data.into_iter().filter_map(|organization| {
            let n = number_in(&organization.common.id, "organization")?;
            Some((n, organization.name?))
        }));
        url = page.links.next;
    }
    found.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(found)
}

/// An OParl id relative to the OParl root: `…/oparl/v1/paper/17` → `paper/17`.
pub fn relative(id: &str) -> &str {
    id.find(ROOT).map_or(id, |start| &id[start + ROOT.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_come_from_ids_of_the_right_kind() {
        let id = "https://rat.example/oparl/v1/paper/17";
        assert_eq!(number_in(id, "paper"), Some(17));
        assert_eq!(number_in(id, "meeting"), None);
        assert_eq!(
            number_in("https://rat.example/oparl/v1/paper/17/x", "paper"),
            None
        );
        assert_eq!(path_of(id), "/oparl/v1/paper/17");
        assert_eq!(relative(id), "paper/17");
    }
}
