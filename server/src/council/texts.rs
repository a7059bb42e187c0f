//! The stored form of a published OParl object: its JSON text as the public
//! reads it, so that a list page joins ready texts, with no conversion per
//! field (harvesters walk every page once, so the answer cache rarely has
//! them). Plain lists read them joined in blocks (see `blocks`).
//!
//! A text is derived and kept in step by the store: every write clears the
//! texts of what it changes and of everything showing that, in the same
//! transaction. A page renders the texts it finds missing and stores them
//! unless the council changed meanwhile; a pass at start renders the rest
//! and builds the blocks.
//! Texts hold absolute URLs, so they are rendered for one OParl root: a
//! server started for another root, or built with other rendering code,
//! forgets them all first.

use std::{collections::HashMap, time::Instant};

use tokio::task::JoinSet;
use url::Url;

use super::{
    blocks,
    kind::Kind,
    object::{Object, with_object_type},
    render::{Readers, Renderer, oparl_base},
    store::{self, BLOCK_SIZE, Filter, Scope, StoredText},
};
use crate::{db::Db, error::Result};

/// A fingerprint of the code that renders OParl objects (see build.rs).
const RENDERING: &str = include!(concat!(env!("OUT_DIR"), "/oparl_rendering.rs"));

/// What texts rendered by this server are for: its OParl root, and how it
/// renders (a build that renders differently must not serve older texts).
pub(super) fn rendered_for(base: &str) -> String {
    format!("{RENDERING} {base}")
}

/// Readies the stored texts for this server's OParl root and renders the
/// missing ones in a task of `background`.
pub async fn start_texts(db: &Db, public_url: &Url, background: &mut JoinSet<()>) -> Result<()> {
    let base = oparl_base(public_url);
    prepare(db, &base).await?;
    background.spawn(fill(db.clone(), base));
    Ok(())
}

/// Forgets the stored texts when they were rendered for another OParl root
/// or by other rendering code.
async fn prepare(db: &Db, base: &str) -> Result<()> {
    let wanted = rendered_for(base);
    let stored = store::texts_for(db).await?;
    if stored.as_deref() != Some(wanted.as_str()) {
        tracing::info!(
            was = stored.as_deref().unwrap_or("keine"),
            now = %wanted,
            "OParl-Texte werden neu erzeugt"
        );
        store::forget_texts(db, &wanted).await?;
    }
    Ok(())
}

/// Renders every missing text, kind after kind, while the server answers.
async fn fill(db: Db, base: String) {
    let started = Instant::now();
    let mut rendered = 0;
    for kind in Kind::ALL {
        match with_object_type!(kind, T => fill_kind::<T>(&db, &base).await) {
            Ok(count) => rendered += count,
            Err(err) => tracing::error!(error = %err, ?kind, "OParl-Texte nicht erzeugt"),
        }
    }
    tracing::info!(
        rendered,
        seconds = started.elapsed().as_secs_f64(),
        "OParl-Texte vollständig"
    );
}

/// Renders the missing texts of `T` and builds the missing blocks, a block
/// at a time, so that it holds a request thread no longer than a page does.
async fn fill_kind<T: Object>(db: &Db, base: &str) -> Result<usize> {
    let last = store::highest_number(db, T::KIND).await?;
    let mut rendered = 0;
    let mut from = 1;
    while from <= last {
        let to = from.saturating_add(BLOCK_SIZE - 1).min(last);
        let missing = store::without_text(db, T::KIND, from, to).await?;
        if !missing.is_empty() {
            rendered += render::<T>(db, base, &missing).await?.len();
        }
        if store::block(db, T::KIND, from).await?.is_none() {
            blocks::build::<T>(db, base, from).await?;
        }
        from = to + 1;
        // Requests come first.
        tokio::task::yield_now().await;
    }
    Ok(rendered)
}

/// One page of a list as the objects' texts with their numbers, in number
/// order; missing texts are rendered (and stored) on the way.
pub async fn page<T: Object>(
    db: &Db,
    base: &str,
    scope: &Scope,
    filter: &Filter,
    after: u64,
    limit: u64,
) -> Result<Vec<(u64, String)>> {
    let stored: Vec<StoredText> = store::page(db, T::KIND, scope, filter, after, limit).await?;
    Ok(completed::<T>(db, base, stored)
        .await?
        .into_iter()
        .map(|(stored, text)| (stored.n, text))
        .collect())
}

/// The listed objects with their texts, the missing ones rendered (and
/// stored) on the way. An object the public may no longer see by the time
/// it was rendered has no text and is left out, as its list would leave it
/// out now.
pub(super) async fn completed<T: Object>(
    db: &Db,
    base: &str,
    listed: Vec<StoredText>,
) -> Result<Vec<(StoredText, String)>> {
    let missing: Vec<u64> = listed
        .iter()
        .filter(|stored| stored.text.is_none())
        .map(|stored| stored.n)
        .collect();
    let mut rendered = if missing.is_empty() {
        HashMap::new()
    } else {
        render::<T>(db, base, &missing).await?
    };
    Ok(listed
        .into_iter()
        .filter_map(|mut stored| {
            let text = stored.text.take().or_else(|| rendered.remove(&stored.n))?;
            Some((stored, text))
        })
        .collect())
}

/// One object's text, unless it does not exist or the public may not see it.
pub async fn one<T: Object>(db: &Db, base: &str, n: u64) -> Result<Option<String>> {
    match store::public_text(db, T::KIND, n).await? {
        Some(StoredText {
            text: Some(text), ..
        }) => Ok(Some(text)),
        Some(_) => Ok(render::<T>(db, base, &[n]).await?.remove(&n)),
        None => Ok(None),
    }
}

/// Renders the public texts of these objects and stores them; objects the
/// public may not see get none.
async fn render<T: Object>(db: &Db, base: &str, numbers: &[u64]) -> Result<HashMap<u64, String>> {
    // Read before the objects: if the council changes after this, the
    // texts are not stored, since they might show the older state.
    let version = store::version(db).await?;
    let rows = store::by_numbers(db, T::KIND, numbers).await?;
    let renderer = Renderer {
        db,
        base,
        readers: Readers::Public,
    };
    let texts = renderer.texts::<T>(rows, false).await?;
    // The texts are served anyway; keeping them only saves the next reader
    // the work (a write conflict with a council change is no error here).
    if let Err(err) = store::keep_texts(db, T::KIND, version, &rendered_for(base), &texts).await {
        tracing::debug!(error = %err, kind = ?T::KIND, "OParl-Texte nicht gespeichert");
    }
    Ok(texts.into_iter().collect())
}

#[cfg(test)]
pub(super) mod tests {
    use chrono::Utc;
    use serde_json::{Value, json};
    use shared::oparl::{Consultation, Paper};

    use super::*;
    use crate::council::{
        demo,
        store::{Change, Row},
        timestamp::Timestamp,
    };

    pub(in crate::council) const BASE: &str = "https://rat.example/oparl/v1/";

    pub(in crate::council) async fn demo_council() -> Db {
        let db = crate::db::connect(&crate::db::DbConfig::default())
            .await
            .unwrap();
        crate::migrate::run(&db).await.unwrap();
        demo::seed_if_empty(&db, &crate::city::demo::muenster(), 1)
            .await
            .unwrap();
        prepare(&db, BASE).await.unwrap();
        fill(db.clone(), BASE.into()).await;
        db
    }

    /// The first page of every `T` of the council, rendered as before and
    /// from the stored texts.
    async fn both<T: Object>(db: &Db) -> (Vec<Value>, Vec<Value>) {
        let rows: Vec<Row> = store::page(db, T::KIND, &Scope::All, &Filter::default(), 0, 1000)
            .await
            .unwrap();
        let renderer = Renderer {
            db,
            base: BASE,
            readers: Readers::Public,
        };
        let rendered = renderer.render::<T>(rows, false).await.unwrap();
        let texts = page::<T>(db, BASE, &Scope::All, &Filter::default(), 0, 1000)
            .await
            .unwrap();
        (
            rendered
                .iter()
                .map(|object| serde_json::to_value(object).unwrap())
                .collect(),
            texts
                .iter()
                .map(|(_, text)| serde_json::from_str(text).unwrap())
                .collect(),
        )
    }

    async fn is_stored(db: &Db, kind: Kind, n: u64) -> bool {
        store::without_text(db, kind, n, n)
            .await
            .unwrap()
            .is_empty()
    }

    pub(in crate::council) async fn rows(db: &Db, kind: Kind) -> Vec<Row> {
        store::page(db, kind, &Scope::All, &Filter::default(), 0, 10_000)
            .await
            .unwrap()
    }

    /// Deletes object `n` of `kind`.
    pub(in crate::council) async fn delete(db: &Db, kind: Kind, n: u64) {
        let delete = Change::Delete {
            n,
            read_modified: None,
        };
        store::apply(db, vec![(kind, delete)], &Timestamp::from_utc(Utc::now()))
            .await
            .unwrap();
    }

    /// A paper with a main file: their numbers.
    pub(in crate::council) fn paper_with_main_file(papers: &[Row]) -> (u64, u64) {
        papers
            .iter()
            .find_map(|row| {
                let file = row.doc.pointer("/mainFile/id")?.as_str()?;
                Some((row.n, Kind::File.number_of(file)?))
            })
            .expect("a paper with a main file")
    }

    pub(in crate::council) async fn update(
        db: &Db,
        kind: Kind,
        row: &Row,
        change: impl FnOnce(&mut Value),
    ) {
        let mut doc = row.doc.clone();
        change(&mut doc);
        let update = Change::Update {
            n: row.n,
            read: store::Seen::from(row),
            doc,
            position: row.position,
        };
        store::apply(db, vec![(kind, update)], &Timestamp::from_utc(Utc::now()))
            .await
            .unwrap();
    }

    async fn paper_text(db: &Db, n: u64) -> Paper {
        let texts = page::<Paper>(db, BASE, &Scope::All, &Filter::default(), n - 1, 1)
            .await
            .unwrap();
        assert_eq!(texts[0].0, n);
        serde_json::from_str(&texts[0].1).unwrap()
    }

    #[tokio::test]
    async fn stored_texts_are_what_the_renderer_makes() {
        let db = demo_council().await;
        for kind in Kind::ALL {
            let (rendered, texts) = with_object_type!(kind, T => both::<T>(&db).await);
            assert!(!texts.is_empty(), "{kind:?}");
            assert_eq!(rendered, texts, "{kind:?}");
        }
        let paper = rows(&db, Kind::Paper).await[0].n;
        assert!(is_stored(&db, Kind::Paper, paper).await);
    }

    #[tokio::test]
    async fn a_change_clears_the_texts_that_show_it() {
        let db = demo_council().await;

        // A file, changed alone: the paper embedding it shows the change.
        let papers = rows(&db, Kind::Paper).await;
        let (paper, file) = paper_with_main_file(&papers);
        let file_row = store::get(&db, Kind::File, file).await.unwrap().unwrap();
        update(&db, Kind::File, &file_row, |doc| {
            doc["name"] = json!("Neue Fassung");
        })
        .await;
        assert!(!is_stored(&db, Kind::File, file).await);
        assert!(!is_stored(&db, Kind::Paper, paper).await);
        let shown = paper_text(&db, paper).await;
        assert_eq!(
            shown.main_file.unwrap().name.as_deref(),
            Some("Neue Fassung")
        );
        assert!(is_stored(&db, Kind::Paper, paper).await);

        // An agenda item made non-public: the consultation it names leaves
        // the paper's text.
        let consultations = rows(&db, Kind::Consultation).await;
        let (consultation, paper, item) = consultations
            .iter()
            .find_map(|row| {
                let item = row.doc.get("agendaItem")?.as_str()?;
                Some((row.n, row.parent?, Kind::AgendaItem.number_of(item)?))
            })
            .expect("a consultation in a meeting");
        let consultation_id = format!("{BASE}{}", Kind::Consultation.reference(consultation));
        let before = paper_text(&db, paper).await;
        assert!(
            before
                .consultation
                .iter()
                .any(|c: &Consultation| c.common.id == consultation_id)
        );
        let item_row = store::get(&db, Kind::AgendaItem, item)
            .await
            .unwrap()
            .unwrap();
        update(&db, Kind::AgendaItem, &item_row, |doc| {
            doc["public"] = json!(false);
        })
        .await;
        assert!(!is_stored(&db, Kind::Consultation, consultation).await);
        assert!(!is_stored(&db, Kind::Paper, paper).await);
        let after = paper_text(&db, paper).await;
        assert!(
            !after
                .consultation
                .iter()
                .any(|c| c.common.id == consultation_id)
        );
        let alone = one::<Consultation>(&db, BASE, consultation).await.unwrap();
        assert_eq!(alone, None, "a consultation of a non-public item");
        let paper_alone = one::<Paper>(&db, BASE, paper).await.unwrap().unwrap();
        assert_eq!(serde_json::from_str::<Paper>(&paper_alone).unwrap(), after);
    }

    #[tokio::test]
    async fn texts_of_an_older_council_are_not_kept() {
        let db = demo_council().await;
        let paper = &rows(&db, Kind::Paper).await[0];
        let version = store::version(&db).await.unwrap();
        update(&db, Kind::Paper, paper, |doc| {
            doc["name"] = json!("Geändert")
        })
        .await;
        let stale = vec![(paper.n, "{}".to_owned())];
        store::keep_texts(&db, Kind::Paper, version, &rendered_for(BASE), &stale)
            .await
            .unwrap();
        assert!(!is_stored(&db, Kind::Paper, paper.n).await);

        let version = store::version(&db).await.unwrap();
        store::keep_texts(&db, Kind::Paper, version, "ein anderer Server", &stale)
            .await
            .unwrap();
        assert!(!is_stored(&db, Kind::Paper, paper.n).await);
    }

    #[tokio::test]
    async fn another_root_forgets_every_text() {
        let db = demo_council().await;
        let first: Vec<(Kind, u64)> = [Kind::Body, Kind::Paper, Kind::Meeting, Kind::File]
            .into_iter()
            .map(|kind| (kind, 1))
            .collect();
        for &(kind, n) in &first {
            assert!(is_stored(&db, kind, n).await, "{kind:?}");
        }
        let other = "https://rat.example.org/oparl/v1/";
        prepare(&db, other).await.unwrap();
        for &(kind, n) in &first {
            assert!(!is_stored(&db, kind, n).await, "{kind:?}");
        }
        assert_eq!(
            store::texts_for(&db).await.unwrap(),
            Some(rendered_for(other))
        );
        let texts = page::<Paper>(&db, other, &Scope::All, &Filter::default(), 0, 1)
            .await
            .unwrap();
        assert!(texts[0].1.starts_with(&format!("{{\"id\":\"{other}paper/")));
    }
}
