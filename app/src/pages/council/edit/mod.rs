//! Staff editing of the council data: a new meeting, and on a meeting's
//! page its agenda, papers, documents and results. Everything is written
//! through the editing API as OParl objects.

mod meeting_tools;
mod new_meeting;

pub use meeting_tools::SitzungBearbeiten;
pub use new_meeting::SitzungAnlegen;

use serde::{Serialize, de::DeserializeOwned};
use shared::oparl::{Common, File};

use super::oparl;
use crate::{
    api::{self, ApiError},
    browser,
};

const OBJECTS: &str = "/api/v1/council/objects";

/// Creates an object of the OParl type with this URL spelling (`agenda-item`).
async fn create<T: Serialize + DeserializeOwned>(kind: &str, object: &T) -> Result<T, ApiError> {
    api::send("POST", &format!("{OBJECTS}/{kind}"), Some(object)).await
}

/// Replaces an object with a changed version of what the OParl API showed.
async fn replace<T: Serialize + DeserializeOwned>(id: &str, object: &T) -> Result<T, ApiError> {
    api::send(
        "PUT",
        &format!("{OBJECTS}/{}", oparl::relative(id)),
        Some(object),
    )
    .await
}

/// Uploads the PDF chosen in the file input `input_id` as a new File.
/// `None` when no file is chosen.
async fn upload_pdf(input_id: &str, name: &str) -> Option<Result<File, ApiError>> {
    let file_name = browser::chosen_file_name(input_id)?;
    let path = format!(
        "/api/v1/council/files?fileName={}&name={}",
        api::query_value(&file_name),
        api::query_value(name.trim()),
    );
    Some(api::upload("POST", &path, input_id).await)
}

/// How an existing object is embedded or named: by its id alone.
fn stub(id: &str) -> Common {
    Common {
        id: id.to_owned(),
        ..Common::default()
    }
}

/// Empty form fields are absent values.
fn given(value: String) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}
