//! Turns stored rows into OParl objects: embedded children and locations
//! filled in, back-references set or dropped, tombstones for deleted
//! objects, and every reference made absolute under the public URL.

use std::collections::{HashMap, HashSet};

use serde_json::Value;
use shared::oparl::{File, Location, References};

use super::{
    kind::Kind,
    non_public,
    object::Object,
    store::{self, Row},
};
use crate::{db::Db, error::Result};

/// The stored document with the bookkeeping columns written back as OParl fields.
fn document(kind: Kind, row: &Row) -> Value {
    let mut doc = match &row.doc {
        Value::Object(map) => Value::Object(map.clone()),
        _ => Value::Object(Default::default()),
    };
    doc["id"] = Value::from(kind.reference(row.n));
    doc["type"] = Value::from(kind.type_url());
    doc["created"] = Value::from(row.created.clone());
    doc["modified"] = Value::from(row.modified.clone());
    doc
}

/// A deleted object keeps only `id`, `type`, `created`, `modified` and `deleted`.
fn tombstone<T: Object>(row: &Row) -> T {
    let mut object = T::default();
    let common = object.common();
    common.id = T::KIND.reference(row.n);
    common.kind = T::KIND.type_url().into();
    common.created = Some(row.created.clone());
    common.modified = Some(row.modified.clone());
    common.deleted = true;
    object
}

/// Absolute URL of the OParl root for a server at `public_url`, ending in `/`.
pub fn oparl_base(public_url: &url::Url) -> String {
    format!("{public_url}oparl/v1/")
}

/// Drops the embedded objects of type `E` for which the predicate is false.
type Retain<T, E> = fn(&mut T, &dyn Fn(&E) -> bool);

/// Who reads: everyone (OParl, the public reader), or council members and
/// staff, who see non-public agenda items whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readers {
    Public,
    Council,
}

pub struct Renderer<'a> {
    pub db: &'a Db,
    /// Absolute URL of the OParl root, ending in `/`.
    pub base: &'a str,
    pub readers: Readers,
}

impl Renderer<'_> {
    pub async fn render<T: Object>(&self, rows: Vec<Row>, omit_internal: bool) -> Result<Vec<T>> {
        Ok(self
            .render_numbered(rows, omit_internal)
            .await?
            .into_iter()
            .map(|(_, object)| object)
            .collect())
    }

    /// The JSON texts of the objects these readers may see, each with its
    /// number.
    pub async fn texts<T: Object>(
        &self,
        rows: Vec<Row>,
        omit_internal: bool,
    ) -> Result<Vec<(u64, String)>> {
        self.render_numbered::<T>(rows, omit_internal)
            .await?
            .into_iter()
            .map(|(n, object)| Ok((n, serde_json::to_string(&object)?)))
            .collect()
    }

    /// The objects these readers may see, each with its number.
    async fn render_numbered<T: Object>(
        &self,
        rows: Vec<Row>,
        omit_internal: bool,
    ) -> Result<Vec<(u64, T)>> {
        let rows = self.shown(T::KIND, rows).await?;
        let numbers: Vec<u64> = rows.iter().map(|row| row.n).collect();
        let live: Vec<u64> = rows
            .iter()
            .filter(|row| !row.deleted)
            .map(|row| row.n)
            .collect();
        let mut children: HashMap<u64, Vec<Value>> = HashMap::new();
        if let Some(child) = T::KIND.child() {
            let rows = store::children(self.db, child, &live).await?;
            for row in self.shown(child, rows).await? {
                if let Some(parent) = row.parent {
                    children
                        .entry(parent)
                        .or_default()
                        .push(document(child, &row));
                }
            }
        }

        let mut objects = Vec::with_capacity(rows.len());
        for row in rows {
            if row.deleted {
                objects.push(tombstone::<T>(&row));
                continue;
            }
            let mut object: T = serde_json::from_value(document(T::KIND, &row))?;
            if let (Some(parent), Some(number)) = (T::KIND.parent(), row.parent) {
                object.set_parent(parent.reference(number));
            }
            if T::KIND.child().is_some() {
                object.adopt(children.remove(&row.n).unwrap_or_default())?;
            }
            object.complete(row.n);
            if self.readers == Readers::Public {
                object.redact_non_public();
            }
            objects.push(object);
        }

        self.fill::<T, Location>(&mut objects, T::locations, T::retain_locations)
            .await?;
        self.fill::<T, File>(&mut objects, T::files, T::retain_files)
            .await?;
        if omit_internal {
            objects.iter_mut().for_each(Object::omit_internal);
        }
        for object in &mut objects {
            self.absolutize(object);
        }
        Ok(numbers.into_iter().zip(objects).collect())
    }

    /// The rows these readers may see: the public not the consultations
    /// and files of non-public agenda items (deleted ones stay tombstones).
    async fn shown(&self, kind: Kind, rows: Vec<Row>) -> Result<Vec<Row>> {
        if self.readers == Readers::Council {
            return Ok(rows);
        }
        let numbers: Vec<u64> = rows.iter().map(|row| row.n).collect();
        let withheld = non_public::withheld(self.db, kind, &numbers).await?;
        Ok(rows
            .into_iter()
            .filter(|row| row.deleted || !withheld.contains(&row.n))
            .collect())
    }

    /// Embedded locations and files are stored as references (`{"id":
    /// "location/7"}`); replace them by the live objects and drop the deleted.
    async fn fill<T: Object, E: Object>(
        &self,
        objects: &mut [T],
        stubs: fn(&mut T) -> Vec<&mut E>,
        retain: Retain<T, E>,
    ) -> Result<()> {
        let wanted: HashSet<u64> = objects
            .iter_mut()
            .flat_map(|object| {
                stubs(object)
                    .into_iter()
                    .filter_map(|e| E::KIND.number_of(e.id()))
                    .collect::<Vec<_>>()
            })
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let wanted: Vec<u64> = wanted.into_iter().collect();
        let mut found: HashMap<String, E> = HashMap::new();
        for row in store::by_numbers(self.db, E::KIND, &wanted).await? {
            if !row.deleted {
                let mut embedded: E = serde_json::from_value(document(E::KIND, &row))?;
                embedded.complete(row.n);
                embedded.strip_back_references();
                found.insert(E::KIND.reference(row.n), embedded);
            }
        }
        for object in objects.iter_mut() {
            for stub in stubs(object) {
                if let Some(full) = found.get(stub.id()) {
                    *stub = full.clone();
                }
            }
            retain(object, &|embedded: &E| found.contains_key(embedded.id()));
        }
        Ok(())
    }

    fn absolutize<T: References>(&self, object: &mut T) {
        object.map_references(&mut |reference| {
            if !reference.starts_with("http://") && !reference.starts_with("https://") {
                *reference = format!("{}{reference}", self.base);
            }
        });
    }

    pub fn absolute(&self, reference: &str) -> String {
        format!("{}{reference}", self.base)
    }
}
