use dioxus::prelude::*;
use shared::oparl::File;

use crate::i18n::use_texts;

/// Documents with a link to view them in the browser and one to download
/// them under their real file name.
#[component]
pub fn FileList(files: Vec<File>) -> Element {
    let texts = &use_texts().reader;
    if files.is_empty() {
        return rsx! {};
    }
    rsx! {
        ul { class: "item-list files",
            for file in files {
                li { key: "{file.common.id}",
                    span { class: "item-list__title",
                        {file.name.clone().or(file.file_name.clone()).unwrap_or_default()}
                    }
                    span { class: "item-list__meta", {describe(&file, texts)} }
                    if let Some(url) = &file.access_url {
                        a { href: "{url}", target: "_blank", rel: "noopener", "{texts.open_file}" }
                    }
                    if let Some(url) = &file.download_url {
                        a { href: "{url}", download: file.file_name.clone().unwrap_or_default(), "{texts.download_file}" }
                    }
                }
            }
        }
    }
}

/// "PDF · 120 kB": the format people know and the size.
fn describe(file: &File, texts: &crate::i18n::CouncilTexts) -> String {
    let format = match file.mime_type.as_deref() {
        Some("application/pdf") => Some("PDF".to_owned()),
        other => other.map(str::to_owned),
    };
    [format, file.size.map(texts.file_size)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}
