//! Nichtöffentliche Tagesordnungspunkte: agenda items with `public: false`.
//! Everyone sees that such an item exists, with its number and place on
//! the agenda, as council information systems show it, but not what it is
//! about: its name, result, resolution and files, and the consultation
//! that names the paper it treats, stay out of OParl, the public reader and
//! the search. Council members, staff and administrators read them whole
//! (`/api/v1/council/meetings/{n}/non-public`, and the files' own URLs).

use std::collections::HashSet;

use serde_json::Value;
use shared::oparl::{AgendaItem, Common};

use super::{
    kind::Kind,
    store::{self, Row},
};
use crate::{db::Db, error::Result};

/// Whether a stored agenda item document is non-public.
pub fn is_non_public(doc: &Value) -> bool {
    doc.get("public") == Some(&Value::Bool(false))
}

/// Leaves of a non-public item only that it exists and where.
pub fn redact(item: &mut AgendaItem) {
    if item.public != Some(false) {
        return;
    }
    let common = &item.common;
    *item = AgendaItem {
        common: Common {
            id: common.id.clone(),
            kind: common.kind.clone(),
            created: common.created.clone(),
            modified: common.modified.clone(),
            deleted: common.deleted,
            ..Common::default()
        },
        meeting: item.meeting.take(),
        number: item.number.take(),
        order: item.order,
        public: Some(false),
        start: item.start.take(),
        end: item.end.take(),
        ..AgendaItem::default()
    };
}

/// Whether the agenda item a reference (`agenda-item/7`) in `$r` names is
/// non-public, in SurrealQL; a reference to no agenda item is not.
const NON_PUBLIC_ITEM: &str = "(string::is_numeric(string::replace(<string> ($r ?? ''), 'agenda-item/', ''))
      AND type::record('council_agenda_item', <int> string::replace(<string> $r, 'agenda-item/', '')).doc.public = false)";

/// The one rule of what the public must not see, as a SurrealQL condition
/// on a stored object of `kind` that holds where the public may see it: not
/// a consultation treated in a non-public item, nor a file that only such
/// items name (a file of a paper or a meeting stays public). None where
/// every object of the kind is public.
pub fn public_condition(kind: Kind) -> Option<String> {
    let item = |reference: &str| NON_PUBLIC_ITEM.replace("$r", reference);
    match kind {
        Kind::Consultation => Some(format!("NOT {}", item("doc.agendaItem"))),
        Kind::File => Some(format!(
            "NOT (array::len(doc.agendaItem ?? []) > 0 AND array::len(doc.paper ?? []) = 0
                  AND array::len(doc.meeting ?? []) = 0
                  AND array::all((doc.agendaItem ?? []).map(|$r| {})))",
            item("$r")
        )),
        _ => None,
    }
}

/// The numbers among these objects of `kind` that the public must not see.
pub async fn withheld(db: &Db, kind: Kind, numbers: &[u64]) -> Result<HashSet<u64>> {
    match public_condition(kind) {
        Some(public) if !numbers.is_empty() => {
            store::numbers_where(db, kind, numbers, &format!("NOT ({public})")).await
        }
        _ => Ok(HashSet::new()),
    }
}

/// Whether the public must not see this stored object.
pub async fn is_withheld(db: &Db, kind: Kind, row: &Row) -> Result<bool> {
    Ok(withheld(db, kind, &[row.n]).await?.contains(&row.n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_redacted_item_keeps_only_that_it_exists_and_where() {
        let mut item: AgendaItem = serde_json::from_value(json!({
            "id": "agenda-item/7", "type": "https://schema.oparl.org/1.1/AgendaItem",
            "meeting": "meeting/3", "number": "Ö 7", "order": 9, "public": false,
            "name": "Grundstücksverkauf Hafenstraße", "result": "beschlossen",
            "resolutionText": "Der Verkauf wird beschlossen.", "consultation": "consultation/4",
            "auxiliaryFile": [{"id": "file/2"}], "keyword": ["Grundstück"]
        }))
        .unwrap();
        redact(&mut item);
        let shown = serde_json::to_value(&item).unwrap();
        assert_eq!(
            shown,
            json!({
                "id": "agenda-item/7", "type": "https://schema.oparl.org/1.1/AgendaItem",
                "meeting": "meeting/3", "number": "Ö 7", "order": 9, "public": false
            })
        );
    }

    /// Stores `doc` as object `n` of `kind` in body 1 (agenda items in
    /// meeting 1, consultations in paper 1).
    async fn stored(db: &Db, kind: Kind, n: u64, doc: Value) {
        let at = "2026-12-01T10:00:00+00:00".to_owned();
        let row = store::NewRow {
            n,
            body: 1,
            parent: kind.parent().map(|_| 1),
            position: kind.parent().map(|_| n),
            created: at.clone(),
            modified: at,
            doc,
        };
        store::insert(db, kind, vec![row]).await.unwrap();
    }

    #[tokio::test]
    async fn files_of_papers_and_meetings_stay_public() {
        let db = crate::db::connect(&crate::db::DbConfig::default())
            .await
            .unwrap();
        crate::migrate::run(&db).await.unwrap();
        stored(&db, Kind::AgendaItem, 7, json!({"public": false})).await;
        stored(&db, Kind::AgendaItem, 8, json!({"public": true})).await;
        let files = [
            json!({"agendaItem": ["agenda-item/7"]}),
            json!({"agendaItem": ["agenda-item/7", "agenda-item/8"]}),
            json!({"agendaItem": ["agenda-item/7"], "paper": ["paper/1"]}),
            json!({}),
        ];
        for (n, doc) in (1..).zip(files) {
            stored(&db, Kind::File, n, doc).await;
        }
        let consultations = [
            json!({"agendaItem": "agenda-item/7"}),
            json!({"agendaItem": "agenda-item/8"}),
        ];
        for (n, doc) in (1..).zip(consultations) {
            stored(&db, Kind::Consultation, n, doc).await;
        }
        let withheld_files = withheld(&db, Kind::File, &[1, 2, 3, 4]).await.unwrap();
        assert!(withheld_files.contains(&1));
        assert!(!withheld_files.contains(&2));
        assert!(!withheld_files.contains(&3));
        assert!(!withheld_files.contains(&4));
        let withheld_consultations = withheld(&db, Kind::Consultation, &[1, 2]).await.unwrap();
        assert!(withheld_consultations.contains(&1));
        assert!(!withheld_consultations.contains(&2));
    }
}

pub mod routes {
    //! `GET /api/v1/council/meetings/{n}/non-public`: the reader's view of
    //! a meeting's non-public agenda items for those who may read them.

    use axum::{Json, extract::State};
    use serde_json::Value;
    use shared::{
        api::ApiErrorBody,
        council::{NonPublicItem, PaperName},
        oparl::AgendaItem,
    };
    use utoipa_axum::{router::OpenApiRouter, routes};

    use super::super::{
        kind::Kind,
        render::{Readers, Renderer},
        store,
    };
    use crate::{
        accounts::{Action, Actor},
        error::{Error, Result},
        extract::ApiPath,
        state::AppState,
    };

    pub fn router() -> OpenApiRouter<AppState> {
        OpenApiRouter::new().routes(routes!(meeting_items))
    }

    /// The meeting's non-public agenda items whole (OParl AgendaItem
    /// objects with name, result, resolution, files and consultation) with
    /// the paper each treats, for council members, staff and
    /// administrators. OParl shows only that they exist.
    #[utoipa::path(get, path = "/council/meetings/{number}/non-public", tag = "council",
        params(("number" = u64, Path, description = "Number of the meeting in its OParl id")),
        responses(
            (status = 200, body = Vec<NonPublicItem>),
            (status = 401, body = ApiErrorBody),
            (status = 403, body = ApiErrorBody),
            (status = 404, body = ApiErrorBody),
        ))]
    async fn meeting_items(
        State(state): State<AppState>,
        actor: Actor,
        ApiPath(number): ApiPath<u64>,
    ) -> Result<Json<Vec<NonPublicItem>>> {
        actor.may(Action::ReadNonPublicCouncil)?;
        let missing = || Error::NotFound(format!("Eine Sitzung {number} gibt es nicht."));
        let meeting = store::get(&state.db, Kind::Meeting, number)
            .await?
            .ok_or_else(missing)?;
        if meeting.deleted {
            return Err(missing());
        }
        let rows: Vec<_> = store::children(&state.db, Kind::AgendaItem, &[number])
            .await?
            .into_iter()
            .filter(|row| super::is_non_public(&row.doc))
            .collect();
        let mut papers = Vec::with_capacity(rows.len());
        for row in &rows {
            papers.push(treated_paper(&state, &row.doc).await?);
        }
        let base = format!("{}oparl/v1/", state.public_url);
        let renderer = Renderer {
            db: &state.db,
            base: &base,
            readers: Readers::Council,
        };
        let items = renderer.render::<AgendaItem>(rows, false).await?;
        Ok(Json(
            items
                .into_iter()
                .zip(papers)
                .map(|(item, paper)| NonPublicItem { item, paper })
                .collect(),
        ))
    }

    /// The paper an agenda item treats, through its consultation.
    async fn treated_paper(state: &AppState, item: &Value) -> Result<Option<PaperName>> {
        let live = |row: Option<store::Row>| row.filter(|row| !row.deleted);
        let reference =
            |doc: &Value, field: &str| doc.get(field).and_then(Value::as_str).map(str::to_owned);
        let Some(consultation) =
            reference(item, "consultation").and_then(|r| Kind::Consultation.number_of(&r))
        else {
            return Ok(None);
        };
        let Some(consultation) =
            live(store::get(&state.db, Kind::Consultation, consultation).await?)
        else {
            return Ok(None);
        };
        // A consultation is stored under the paper it belongs to.
        let Some(number) = consultation.parent else {
            return Ok(None);
        };
        Ok(
            live(store::get(&state.db, Kind::Paper, number).await?).map(|paper| PaperName {
                number,
                label: reference(&paper.doc, "reference")
                    .or_else(|| reference(&paper.doc, "name"))
                    .unwrap_or_default(),
            }),
        )
    }
}
