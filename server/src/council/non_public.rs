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

/// The non-public ones among these agenda item references (`agenda-item/7`).
async fn non_public_items<'a>(
    db: &Db,
    references: impl IntoIterator<Item = &'a str>,
) -> Result<HashSet<String>> {
    let numbers: Vec<u64> = references
        .into_iter()
        .filter_map(|reference| Kind::AgendaItem.number_of(reference))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    Ok(store::by_numbers(db, Kind::AgendaItem, &numbers)
        .await?
        .into_iter()
        .filter(|row| is_non_public(&row.doc))
        .map(|row| Kind::AgendaItem.reference(row.n))
        .collect())
}

fn agenda_items(doc: &Value) -> Vec<&str> {
    match doc.get("agendaItem") {
        Some(Value::String(one)) => vec![one.as_str()],
        Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn names_any(doc: &Value, field: &str) -> bool {
    match doc.get(field) {
        Some(Value::Array(list)) => !list.is_empty(),
        Some(Value::Null) | None => false,
        Some(_) => true,
    }
}

/// Whether a stored object is withheld from the public, given the
/// non-public agenda items among those it names: a consultation treated in
/// a non-public item, and a file that only non-public items name (a file
/// of a paper or a meeting stays public).
fn withheld(kind: Kind, doc: &Value, non_public: &HashSet<String>) -> bool {
    let items = agenda_items(doc);
    match kind {
        Kind::Consultation => items.iter().any(|item| non_public.contains(*item)),
        Kind::File => {
            !items.is_empty()
                && items.iter().all(|item| non_public.contains(*item))
                && !names_any(doc, "paper")
                && !names_any(doc, "meeting")
        }
        _ => false,
    }
}

/// Whether the agenda item a reference (`agenda-item/7`) in `$r` names is
/// non-public, in SurrealQL; a reference to no agenda item is not.
const NON_PUBLIC_ITEM: &str = "(string::is_numeric(string::replace(<string> ($r ?? ''), 'agenda-item/', ''))
      AND type::record('council_agenda_item', <int> string::replace(<string> $r, 'agenda-item/', '')).doc.public = false)";

/// The condition that keeps what the public must not see out of a list of
/// `kind` (see `store::page`), in SurrealQL: the rule of [`withheld`].
pub fn shown_in_public_lists(kind: Kind) -> Option<String> {
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

/// The documents among these (consultations or files) that the public must
/// not see, by position.
pub async fn withheld_of(db: &Db, kind: Kind, docs: &[&Value]) -> Result<Vec<bool>> {
    if !matches!(kind, Kind::Consultation | Kind::File) {
        return Ok(vec![false; docs.len()]);
    }
    let non_public = non_public_items(db, docs.iter().flat_map(|doc| agenda_items(doc))).await?;
    Ok(docs
        .iter()
        .map(|doc| withheld(kind, doc, &non_public))
        .collect())
}

/// Whether the public must not see this stored object.
pub async fn is_withheld(db: &Db, kind: Kind, row: &Row) -> Result<bool> {
    Ok(withheld_of(db, kind, &[&row.doc]).await?[0])
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

    #[test]
    fn files_of_papers_and_meetings_stay_public() {
        let non_public = HashSet::from(["agenda-item/7".to_owned()]);
        let only_there = json!({"agendaItem": ["agenda-item/7"]});
        let also_public_item = json!({"agendaItem": ["agenda-item/7", "agenda-item/8"]});
        let of_a_paper = json!({"agendaItem": ["agenda-item/7"], "paper": ["paper/1"]});
        assert!(withheld(Kind::File, &only_there, &non_public));
        assert!(!withheld(Kind::File, &also_public_item, &non_public));
        assert!(!withheld(Kind::File, &of_a_paper, &non_public));
        assert!(!withheld(Kind::File, &json!({}), &non_public));
        assert!(withheld(
            Kind::Consultation,
            &json!({"agendaItem": "agenda-item/7"}),
            &non_public
        ));
        assert!(!withheld(
            Kind::Consultation,
            &json!({"agendaItem": "agenda-item/8"}),
            &non_public
        ));
    }
}

pub mod routes {
    //! `GET /api/v1/council/meetings/{n}/non-public`: the reader's view of
    //! a meeting's non-public agenda items for those who may read them.

    use axum::{Json, extract::State};
    use shared::{api::ApiErrorBody, oparl::AgendaItem};
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
        http::AppState,
    };

    pub fn router() -> OpenApiRouter<AppState> {
        OpenApiRouter::new().routes(routes!(meeting_items))
    }

    /// The meeting's non-public agenda items whole (OParl AgendaItem
    /// objects with name, result, resolution, files and consultation), for
    /// council members, staff and administrators. OParl shows only that
    /// they exist.
    #[utoipa::path(get, path = "/council/meetings/{number}/non-public", tag = "council",
        params(("number" = u64, Path, description = "Number of the meeting in its OParl id")),
        responses(
            (status = 200, description = "OParl AgendaItem objects", body = Vec<Object>),
            (status = 401, body = ApiErrorBody),
            (status = 403, body = ApiErrorBody),
            (status = 404, body = ApiErrorBody),
        ))]
    async fn meeting_items(
        State(state): State<AppState>,
        actor: Actor,
        ApiPath(number): ApiPath<u64>,
    ) -> Result<Json<Vec<AgendaItem>>> {
        actor.may(Action::ReadNonPublicCouncil)?;
        let missing = || Error::NotFound(format!("Eine Sitzung {number} gibt es nicht."));
        let meeting = store::get(&state.db, Kind::Meeting, number)
            .await?
            .ok_or_else(missing)?;
        if meeting.deleted {
            return Err(missing());
        }
        let rows = store::children(&state.db, Kind::AgendaItem, &[number])
            .await?
            .into_iter()
            .filter(|row| super::is_non_public(&row.doc))
            .collect();
        let base = format!("{}oparl/v1/", state.public_url);
        let renderer = Renderer {
            db: &state.db,
            base: &base,
            readers: Readers::Council,
        };
        Ok(Json(renderer.render::<AgendaItem>(rows, false).await?))
    }
}
