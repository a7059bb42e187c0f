//! What the pages of an external list need to know besides their objects,
//! kept per council version like the answers (see `answers`): whether the
//! list's owner is live, and the number of the list's last object, so that
//! a page knows whether another follows without reading on. Every write
//! increases the version, so nothing is used after a change; a harvester
//! walking a list asks the database once per page, for the page's block.

use std::{collections::HashMap, hash::Hash, sync::Mutex};

use super::{
    kind::Kind,
    store::{self, Scope},
};
use crate::{db::Db, error::Result};

#[derive(Default)]
pub struct ListFacts {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    version: u64,
    live: HashMap<(Kind, u64), bool>,
    last: HashMap<(Kind, Scope), Option<u64>>,
}

impl ListFacts {
    /// Whether object `n` of `kind` exists and is not deleted, at `version`.
    pub async fn is_live(&self, db: &Db, version: u64, kind: Kind, n: u64) -> Result<bool> {
        if let Some(live) = self.known(version, |inner| inner.live.get(&(kind, n)).copied()) {
            return Ok(live);
        }
        let live = store::is_live(db, kind, n).await?;
        self.keep(version, |inner| &mut inner.live, (kind, n), live);
        Ok(live)
    }

    /// The number of the last object of `kind` in the unfiltered list of
    /// `scope`, at `version`; none when the list is empty.
    pub async fn last_listed(
        &self,
        db: &Db,
        version: u64,
        kind: Kind,
        scope: &Scope,
    ) -> Result<Option<u64>> {
        let key = (kind, scope.clone());
        if let Some(last) = self.known(version, |inner| inner.last.get(&key).copied()) {
            return Ok(last);
        }
        let last = store::last_listed(db, kind, scope).await?;
        self.keep(version, |inner| &mut inner.last, key, last);
        Ok(last)
    }

    fn known<V>(&self, version: u64, get: impl FnOnce(&Inner) -> Option<V>) -> Option<V> {
        let inner = self.inner.lock().ok()?;
        (inner.version == version).then(|| get(&inner)).flatten()
    }

    /// Keeps a fact learnt at `version`; facts of another version go.
    fn keep<K: Eq + Hash, V>(
        &self,
        version: u64,
        map: impl FnOnce(&mut Inner) -> &mut HashMap<K, V>,
        key: K,
        value: V,
    ) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        if inner.version != version {
            if inner.version > version {
                return;
            }
            *inner = Inner {
                version,
                ..Inner::default()
            };
        }
        map(&mut inner).insert(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::council::texts::tests::{delete, demo_council};

    #[tokio::test]
    async fn facts_follow_the_council_version() {
        let db = demo_council().await;
        let facts = ListFacts::default();
        let body = Scope::Body(1);
        let version = store::version(&db).await.unwrap();
        let last = facts
            .last_listed(&db, version, Kind::Paper, &body)
            .await
            .unwrap()
            .expect("the demo council has papers");
        assert!(
            facts
                .is_live(&db, version, Kind::Paper, last)
                .await
                .unwrap()
        );

        delete(&db, Kind::Paper, last).await;
        // Asked for the version they were learnt at, they stay as they were.
        assert!(
            facts
                .is_live(&db, version, Kind::Paper, last)
                .await
                .unwrap()
        );
        let now = store::version(&db).await.unwrap();
        assert!(!facts.is_live(&db, now, Kind::Paper, last).await.unwrap());
        let before_last = facts
            .last_listed(&db, now, Kind::Paper, &body)
            .await
            .unwrap()
            .unwrap();
        assert!(before_last < last);
        // Once a newer version is learnt, the older facts are gone: asking
        // for the older version reads the database.
        assert!(
            !facts
                .is_live(&db, version, Kind::Paper, last)
                .await
                .unwrap()
        );
    }
}
