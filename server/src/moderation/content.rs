//! What moderation needs to know about each kind of content — that it
//! exists, who wrote it, and its text — asked from the domain that owns it
//! through [`Moderated`], so that moderation need not know the domains.

use futures_util::future::BoxFuture;
use shared::moderation::{ContentKind, ContentRef};

use crate::{accounts, db::Db, error::Result};

pub struct Content {
    /// Account id of the author.
    pub author: String,
    /// The text moderators judge.
    pub preview: String,
}

/// A domain whose content people can report.
pub trait Moderated: Send + Sync {
    /// The kinds of content the domain owns.
    fn kinds(&self) -> &'static [ContentKind];

    /// Author and text of one piece of content of one of [`Self::kinds`];
    /// `None` if there is none, or none with an author account (things
    /// that came on paper are not reported online).
    fn content<'a>(
        &'a self,
        db: &'a Db,
        kind: ContentKind,
        id: &'a str,
    ) -> BoxFuture<'a, Result<Option<Content>>>;
}

/// People's profiles: their display names.
pub struct Profiles;

impl Moderated for Profiles {
    fn kinds(&self) -> &'static [ContentKind] {
        &[ContentKind::Profile]
    }

    fn content<'a>(
        &'a self,
        db: &'a Db,
        _kind: ContentKind,
        id: &'a str,
    ) -> BoxFuture<'a, Result<Option<Content>>> {
        Box::pin(async move {
            Ok(accounts::profile(db, id).await?.map(|profile| Content {
                author: id.to_owned(),
                preview: profile.display_name,
            }))
        })
    }
}

pub async fn lookup(
    db: &Db,
    owners: &[&dyn Moderated],
    target: &ContentRef,
) -> Result<Option<Content>> {
    // Nothing has the empty id, and SurrealDB refuses it as a record id.
    if target.id.is_empty() {
        return Ok(None);
    }
    match owners
        .iter()
        .find(|owner| owner.kinds().contains(&target.kind))
    {
        Some(owner) => owner.content(db, target.kind, &target.id).await,
        None => Ok(None),
    }
}
