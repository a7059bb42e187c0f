//! Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit. The
//! operator's details come from the city profile, so each installation shows
//! its own.

use dioxus::prelude::*;
use shared::city::Operator;

use crate::{
    city::use_city,
    components::{LoadError, Loading, PageHeading, Sections},
    i18n::use_texts,
};

#[component]
pub fn Impressum() -> Element {
    let texts = use_texts();
    rsx! {
        PageHeading { text: texts.imprint }
        WithOperator { render: move |operator: Operator| rsx! {
            h2 { "{texts.imprint_provider}" }
            Address { operator: operator.clone() }
            h2 { "{texts.imprint_represented_by}" }
            p { "{operator.represented_by}" }
            h2 { "{texts.imprint_contact}" }
            ContactList { operator: operator.clone() }
        } }
        p { "{texts.imprint_content_note}" }
        p { "{texts.imprint_software}" }
    }
}

#[component]
pub fn Datenschutz() -> Element {
    let texts = use_texts();
    rsx! {
        PageHeading { text: texts.privacy }
        WithOperator { render: move |operator: Operator| rsx! {
            h2 { "{texts.privacy_controller}" }
            Address { operator: operator.clone() }
            ContactList { operator: operator.clone() }
            h2 { "{texts.privacy_officer}" }
            p { MailLink { address: operator.privacy_officer_email.clone() } }
        } }
        Sections { sections: texts.privacy_sections }
    }
}

#[component]
pub fn Barrierefreiheit() -> Element {
    let texts = use_texts();
    rsx! {
        PageHeading { text: texts.accessibility }
        Sections { sections: texts.accessibility_sections }
        h2 { "{texts.accessibility_feedback_heading}" }
        p { "{texts.accessibility_feedback_text}" }
        WithOperator { render: move |operator: Operator| rsx! {
            p { MailLink { address: operator.accessibility_email.clone() } }
        } }
    }
}

/// Renders its content once the operator details are loaded.
#[component]
fn WithOperator(render: Callback<Operator, Element>) -> Element {
    let mut city = use_city();
    match &*city.read() {
        None => rsx! { Loading {} },
        Some(Ok(city)) => render(city.operator.clone()),
        Some(Err(error)) => {
            rsx! { LoadError { error: error.clone(), on_retry: move |_| city.restart() } }
        }
    }
}

#[component]
fn Address(operator: Operator) -> Element {
    rsx! {
        address {
            "{operator.name}"
            for line in operator.address {
                br {}
                "{line}"
            }
        }
    }
}

#[component]
fn ContactList(operator: Operator) -> Element {
    let texts = use_texts();
    let tel = operator.phone.replace([' ', '-'], "");
    rsx! {
        dl { class: "contact-list",
            dt { "{texts.phone}" }
            dd { a { href: "tel:{tel}", "{operator.phone}" } }
            dt { "{texts.email}" }
            dd { MailLink { address: operator.email } }
        }
    }
}

#[component]
fn MailLink(address: String) -> Element {
    rsx! { a { href: "mailto:{address}", "{address}" } }
}
