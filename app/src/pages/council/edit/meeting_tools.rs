use dioxus::prelude::*;
use shared::oparl::{AgendaItem, Consultation, File, Meeting, Paper};

use super::{create, given, replace, stub, upload_pdf};
use crate::{
    api::ApiError,
    components::{ChoiceField, Notice, TextField},
    i18n::{CouncilEditTexts, Lang, use_lang},
    pages::council::oparl,
};

/// Results as German councils record them.
const RESULTS: [&str; 5] = [
    "beschlossen",
    "geändert beschlossen",
    "abgelehnt",
    "vertagt",
    "zur Kenntnis genommen",
];

const PAPER_TYPES: [&str; 4] = [
    "Beschlussvorlage",
    "Mitteilungsvorlage",
    "Antrag",
    "Anfrage",
];

type Outcome = Signal<Option<Result<String, String>>>;

/// Tells the person how a step ended; on success the meeting reloads.
fn report(
    mut notice: Outcome,
    on_change: EventHandler<()>,
    result: Result<(), ApiError>,
    success: &str,
    lang: Lang,
) {
    match result {
        Ok(()) => {
            notice.set(Some(Ok(success.to_owned())));
            on_change.call(());
        }
        Err(error) => notice.set(Some(Err(error.message(lang)))),
    }
}

/// The staff's tools below a meeting: add agenda items (with a new paper
/// and its PDF), record results, attach documents.
#[component]
pub fn SitzungBearbeiten(meeting: Meeting, on_change: EventHandler<()>) -> Element {
    let lang = use_lang();
    let texts = &lang().texts().council_edit;
    rsx! {
        section { class: "editing", aria_labelledby: "sitzung-bearbeiten",
            h2 { id: "sitzung-bearbeiten", "{texts.edit_heading}" }
            AddAgendaItem { meeting: meeting.clone(), on_change }
            if !meeting.agenda_item.is_empty() {
                h3 { "{texts.results_heading}" }
                for item in meeting.agenda_item.iter().cloned() {
                    RecordResult { key: "{item.common.id}", item, on_change }
                }
            }
            AttachDocument { meeting, on_change }
        }
    }
}

#[component]
fn AddAgendaItem(meeting: Meeting, on_change: EventHandler<()>) -> Element {
    let lang = use_lang();
    let texts = &lang().texts().council_edit;
    let mut number = use_signal(String::new);
    let mut name = use_signal(String::new);
    let mut public = use_signal(|| true);
    let mut paper_name = use_signal(String::new);
    let mut paper_reference = use_signal(String::new);
    let paper_type = use_signal(|| PAPER_TYPES[0].to_owned());
    let notice = use_signal(|| None::<Result<String, String>>);
    let meeting_id = meeting.common.id.clone();
    let organizations = meeting.organization.clone();

    rsx! {
        h3 { "{texts.add_item_heading}" }
        Notice { message: notice() }
        form {
            onsubmit: move |event| {
                event.prevent_default();
                let meeting_id = meeting_id.clone();
                let organizations = organizations.clone();
                async move {
                    let texts = &lang().texts().council_edit;
                    let result = add_item(
                        &meeting_id,
                        organizations,
                        AgendaItem {
                            number: given(number()),
                            name: given(name()),
                            public: Some(public()),
                            ..AgendaItem::default()
                        },
                        given(paper_name()).map(|title| Paper {
                            name: Some(title),
                            reference: given(paper_reference()),
                            paper_type: Some(paper_type()),
                            ..Paper::default()
                        }),
                    )
                    .await;
                    if result.is_ok() {
                        number.set(String::new());
                        name.set(String::new());
                        paper_name.set(String::new());
                        paper_reference.set(String::new());
                    }
                    report(notice, on_change, result, texts.item_added, lang());
                }
            },
            TextField { id: "top-nummer", label: texts.item_number_label, value: number }
            TextField { id: "top-thema", label: texts.item_name_label, value: name, required: true }
            div { class: "field field--check",
                input {
                    id: "top-oeffentlich",
                    r#type: "checkbox",
                    checked: public(),
                    onchange: move |event| public.set(event.checked()),
                }
                label { r#for: "top-oeffentlich", "{texts.item_public_label}" }
            }
            fieldset {
                legend { "{texts.paper_legend}" }
                TextField { id: "vorlage-titel", label: texts.paper_name_label, value: paper_name }
                TextField { id: "vorlage-nummer", label: texts.paper_reference_label, value: paper_reference }
                ChoiceField { id: "vorlage-art", label: texts.paper_type_label, choices: &PAPER_TYPES, value: paper_type }
                div { class: "field",
                    label { r#for: "vorlage-pdf", "{texts.pdf_label}" }
                    input { id: "vorlage-pdf", r#type: "file", accept: "application/pdf,.pdf" }
                }
            }
            button { r#type: "submit", "{texts.add_item_button}" }
        }
    }
}

/// The agenda item, and with a paper also the paper (with its PDF) and the
/// consultation that links the two: the Beratungsfolge entry of this meeting.
async fn add_item(
    meeting_id: &str,
    organizations: Vec<String>,
    mut item: AgendaItem,
    paper: Option<Paper>,
) -> Result<(), ApiError> {
    let paper = match paper {
        Some(mut paper) => {
            let title = paper.name.clone().unwrap_or_default();
            if let Some(file) = upload_pdf("vorlage-pdf", &title).await {
                paper.main_file = Some(File {
                    common: stub(&file?.common.id),
                    ..File::default()
                });
            }
            Some(create("paper", &paper).await?)
        }
        None => None,
    };
    item.meeting = Some(meeting_id.to_owned());
    let item = create("agenda-item", &item).await?;
    if let Some(paper) = paper {
        let consultation = Consultation {
            paper: Some(paper.common.id),
            meeting: Some(meeting_id.to_owned()),
            agenda_item: Some(item.common.id),
            organization: organizations,
            role: Some("Entscheidung".into()),
            authoritative: Some(true),
            ..Consultation::default()
        };
        create("consultation", &consultation).await?;
    }
    Ok(())
}

#[component]
fn RecordResult(item: AgendaItem, on_change: EventHandler<()>) -> Element {
    let lang = use_lang();
    let texts = &lang().texts().council_edit;
    let mut result = use_signal(|| item.result.clone().unwrap_or_default());
    let mut resolution = use_signal(|| item.resolution_text.clone().unwrap_or_default());
    let notice = use_signal(|| None::<Result<String, String>>);
    let id = item.common.id.clone();
    let key = oparl::relative(&id).replace('/', "-");
    let title = [item.number.clone(), item.name.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let mut known = RESULTS.map(str::to_owned).to_vec();
    if !result().is_empty() && !known.contains(&result()) {
        known.push(result());
    }

    rsx! {
        form {
            onsubmit: move |event| {
                event.prevent_default();
                let id = id.clone();
                async move {
                    let texts = &lang().texts().council_edit;
                    let saved = async {
                        let mut current: AgendaItem = oparl::by_id(&id).await?;
                        current.result = given(result());
                        current.resolution_text = given(resolution());
                        replace(&id, &current).await.map(drop)
                    }
                    .await;
                    report(notice, on_change, saved, texts.result_saved, lang());
                }
            },
            fieldset {
                legend { "{title}" }
                Notice { message: notice() }
                div { class: "field",
                    label { r#for: "ergebnis-{key}", "{texts.result_label}" }
                    select {
                        id: "ergebnis-{key}",
                        onchange: move |event| result.set(event.value()),
                        option { value: "", selected: result().is_empty(), "{texts.result_none}" }
                        for option in known {
                            option { value: "{option}", selected: result() == option, "{option}" }
                        }
                    }
                }
                div { class: "field",
                    label { r#for: "beschluss-{key}", "{texts.resolution_label}" }
                    textarea {
                        id: "beschluss-{key}",
                        value: "{resolution}",
                        oninput: move |event| resolution.set(event.value()),
                    }
                }
                button { r#type: "submit", "{texts.save_result_button}" }
            }
        }
    }
}

/// Where a document goes in the meeting.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    Invitation,
    ResultsProtocol,
    VerbatimProtocol,
    Auxiliary,
}

impl Slot {
    const ALL: [Slot; 4] = [
        Slot::Invitation,
        Slot::ResultsProtocol,
        Slot::VerbatimProtocol,
        Slot::Auxiliary,
    ];

    fn value(self) -> &'static str {
        match self {
            Slot::Invitation => "invitation",
            Slot::ResultsProtocol => "resultsProtocol",
            Slot::VerbatimProtocol => "verbatimProtocol",
            Slot::Auxiliary => "auxiliaryFile",
        }
    }

    fn label(self, texts: &CouncilEditTexts) -> &'static str {
        match self {
            Slot::Invitation => texts.document_invitation,
            Slot::ResultsProtocol => texts.document_results_protocol,
            Slot::VerbatimProtocol => texts.document_verbatim_protocol,
            Slot::Auxiliary => texts.document_auxiliary,
        }
    }

    fn put(self, meeting: &mut Meeting, file: File) {
        match self {
            Slot::Invitation => meeting.invitation = Some(file),
            Slot::ResultsProtocol => meeting.results_protocol = Some(file),
            Slot::VerbatimProtocol => meeting.verbatim_protocol = Some(file),
            Slot::Auxiliary => meeting.auxiliary_file.push(file),
        }
    }
}

#[component]
fn AttachDocument(meeting: Meeting, on_change: EventHandler<()>) -> Element {
    let lang = use_lang();
    let texts = &lang().texts().council_edit;
    let mut slot = use_signal(|| Slot::Invitation);
    let mut title = use_signal(String::new);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let meeting_id = meeting.common.id.clone();
    let slot_names = Slot::ALL.map(|s| (s, s.label(texts)));

    rsx! {
        h3 { "{texts.attach_heading}" }
        Notice { message: notice() }
        form {
            onsubmit: move |event| {
                event.prevent_default();
                let meeting_id = meeting_id.clone();
                async move {
                    let texts = &lang().texts().council_edit;
                    let name = given(title()).unwrap_or_else(|| slot().label(texts).to_owned());
                    let Some(uploaded) = upload_pdf("sitzung-pdf", &name).await else {
                        notice.set(Some(Err(texts.choose_pdf.to_owned())));
                        return;
                    };
                    let attached = async {
                        let file = uploaded?;
                        let mut current: Meeting = oparl::by_id(&meeting_id).await?;
                        slot().put(&mut current, File { common: stub(&file.common.id), ..File::default() });
                        replace(&meeting_id, &current).await.map(drop)
                    }
                    .await;
                    if attached.is_ok() {
                        title.set(String::new());
                    }
                    report(notice, on_change, attached, texts.attached, lang());
                }
            },
            div { class: "field",
                label { r#for: "dokument-art", "{texts.document_kind_label}" }
                select {
                    id: "dokument-art",
                    onchange: move |event| {
                        if let Some(chosen) = Slot::ALL.into_iter().find(|s| s.value() == event.value()) {
                            slot.set(chosen);
                        }
                    },
                    for (option, name) in slot_names {
                        option { value: option.value(), selected: slot() == option, "{name}" }
                    }
                }
            }
            TextField { id: "dokument-titel", label: texts.document_name_label, value: title }
            div { class: "field",
                label { r#for: "sitzung-pdf", "{texts.pdf_label}" }
                input { id: "sitzung-pdf", r#type: "file", accept: "application/pdf,.pdf", required: true }
            }
            button { r#type: "submit", "{texts.attach_button}" }
        }
    }
}
