use shared::city::FigureKey;

use super::{Module, Section, Texts};

pub const DE: Texts = Texts {
    thousands_separator: ".",
    decimal_separator: ",",
    site_name: "Digitale Stadt",
    site_name_for_city: |city| format!("Digitale Stadt {city}"),
    skip_to_content: "Zum Inhalt springen",
    main_nav_label: "Hauptnavigation",
    home: "Start",
    budget: "Bürgerhaushalt",
    defects: "Mängelmelder",
    participation: "Beteiligung",
    votes: "Abstimmungen",
    council: "Ratsinformation",
    sign_in: "Anmelden",
    switch_language: "English",
    switch_language_hint: "Switch to English",
    footer_nav_label: "Rechtliches und offene Daten",
    imprint: "Impressum",
    privacy: "Datenschutz",
    accessibility: "Erklärung zur Barrierefreiheit",
    api_docs: "Offene Schnittstelle (OpenAPI)",
    loading: "Wird geladen …",
    retry: "Erneut versuchen",
    error_network: "Der Server ist gerade nicht erreichbar. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.",
    error_server: "Der Server konnte die Anfrage nicht bearbeiten.",
    error_unreadable: "Die Antwort des Servers war unverständlich. Bitte laden Sie die Seite neu.",
    page_loaded: |title| format!("Seite geladen: {title}"),
    page_title: |title| format!("{title} – Digitale Stadt"),

    home_title: |city| format!("Willkommen in der Digitalen Stadt {city}"),
    home_intro: "Hier schlagen Sie Ideen für den Haushalt vor, melden Schäden im Stadtbild, reden bei Plänen und Satzungen mit, stimmen ab und lesen nach, was der Rat beschließt.",
    figures_heading: "Die Stadt in Zahlen",
    figure_label: |key| match key {
        FigureKey::Population => "Einwohnerinnen und Einwohner",
        FigureKey::Districts => "Stadtbezirke",
        FigureKey::AreaKm2 => "Fläche",
    },
    figure_unit: |key| match key {
        FigureKey::AreaKm2 => "km²",
        FigureKey::Population | FigureKey::Districts => "",
    },
    modules_heading: "Mitmachen und informieren",
    module_summary: |module| match module {
        Module::Budget => {
            "Ideen für den städtischen Haushalt vorschlagen, unterstützen und über die Umsetzung abstimmen."
        }
        Module::Defects => {
            "Schlaglöcher, defekte Laternen oder wilden Müll mit Foto und Ort melden und den Stand verfolgen."
        }
        Module::Participation => {
            "Entwürfe von Plänen, Konzepten und Satzungen kommentieren, bevor der Rat entscheidet."
        }
        Module::Votes => {
            "An Umfragen und Abstimmungen der Stadt teilnehmen – geheim und nachprüfbar."
        }
        Module::Council => {
            "Sitzungen, Tagesordnungen, Vorlagen und Beschlüsse des Rates und seiner Ausschüsse lesen."
        }
    },
    module_details: |module| match module {
        Module::Budget => &[
            "Im Bürgerhaushalt stellt die Stadt einen Teil ihres Haushalts für Vorschläge aus der Bürgerschaft bereit.",
            "Sie reichen Ideen ein, die Verwaltung prüft Machbarkeit und Kosten, und in der Abstimmung entscheiden Sie, welche Projekte umgesetzt werden. Danach verfolgen Sie hier den Stand der Umsetzung.",
        ],
        Module::Defects => &[
            "Mit dem Mängelmelder melden Sie Schäden und Verschmutzungen im öffentlichen Raum direkt an die zuständige Stelle.",
            "Sie wählen eine Kategorie, markieren den Ort und fügen bis zu fünf Fotos hinzu. Jede Meldung erhält eine Nummer, unter der Sie den Bearbeitungsstand verfolgen können.",
        ],
        Module::Participation => &[
            "In Online-Beteiligungen legt die Stadt Entwürfe offen, etwa für Pläne, Konzepte oder Satzungen.",
            "Sie kommentieren einzelne Abschnitte, die Verwaltung antwortet auf jede Stellungnahme, und die Abwägung wird veröffentlicht.",
        ],
        Module::Votes => &[
            "Bei Umfragen und Abstimmungen gibt jede berechtigte Person genau eine Stimme ab.",
            "Ihre Stimme wird getrennt von Ihrem Namen gespeichert. Mit einer Quittung prüfen Sie nach dem Ende, dass sie gezählt wurde.",
        ],
        Module::Council => &[
            "Das Ratsinformationssystem zeigt alle öffentlichen Sitzungen, Tagesordnungen, Vorlagen und Beschlüsse.",
            "Alle Daten stehen zusätzlich als offene Daten im Standard OParl bereit.",
        ],
    },
    module_not_yet_available: "Dieser Bereich ist in dieser Installation noch nicht in Betrieb. Sobald er freigeschaltet ist, finden Sie ihn hier.",

    council_open_data_heading: "Offene Ratsdaten (OParl)",
    council_open_data_text: "Alle öffentlichen Daten des Rates – Gremien, Personen, Sitzungen, Tagesordnungen und Drucksachen – stehen schon jetzt maschinenlesbar im Standard OParl 1.1 bereit, zur freien Nutzung für Apps, Recherchen und Archive.",
    council_open_data_link: "Zur OParl-Schnittstelle",

    not_found_title: "Seite nicht gefunden",
    not_found_text: "Unter dieser Adresse gibt es keine Seite. Vielleicht hat sich ein Tippfehler eingeschlichen, oder die Seite wurde verschoben.",
    back_home: "Zur Startseite",

    imprint_provider: "Anbieterin",
    imprint_represented_by: "Vertreten durch",
    imprint_contact: "Kontakt",
    phone: "Telefon",
    email: "E-Mail",
    imprint_content_note: "Für die Inhalte, die Bürgerinnen und Bürger veröffentlichen, sind diese selbst verantwortlich. Die Stadt prüft gemeldete Beiträge und entfernt rechtswidrige Inhalte.",
    imprint_software: "Diese Plattform läuft mit der freien Software „Digitale Stadt“ (Lizenz AGPL-3.0-or-later).",

    privacy_sections: &[
        Section {
            heading: "Was beim Besuch dieser Seiten gespeichert wird",
            paragraphs: &[
                "Der Server protokolliert zu jeder Anfrage Zeitpunkt, aufgerufene Adresse, Antwortcode und eine zufällige Anfragekennung, um Fehler zu finden. Ihre IP-Adresse wird dabei nicht gespeichert.",
                "Diese Seiten verwenden keine Cookies zur Analyse, keine Zählpixel und laden keine Inhalte von fremden Servern (keine externen Schriftarten, Karten oder Videos).",
            ],
        },
        Section {
            heading: "Speicherung in Ihrem Browser",
            paragraphs: &[
                "Wenn Sie die Sprache wechseln, merkt sich Ihr Browser Ihre Wahl im lokalen Speicher (Eintrag „ds-lang“). Das ist für die gewünschte Funktion technisch erforderlich (§ 25 Abs. 2 TDDDG) und verlässt Ihr Gerät nicht. Sie können den Eintrag jederzeit in den Einstellungen Ihres Browsers löschen.",
            ],
        },
        Section {
            heading: "Rechtsgrundlage",
            paragraphs: &[
                "Die Stadt betreibt diese Plattform zur Erfüllung ihrer öffentlichen Aufgaben (Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit dem Datenschutzgesetz Nordrhein-Westfalen).",
            ],
        },
        Section {
            heading: "Ihre Rechte",
            paragraphs: &[
                "Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung Ihrer Daten, auf Datenübertragbarkeit sowie das Recht, der Verarbeitung zu widersprechen (Art. 15 bis 21 DSGVO).",
                "Sie können sich bei der Aufsichtsbehörde beschweren: der Landesbeauftragten für Datenschutz und Informationsfreiheit Nordrhein-Westfalen.",
            ],
        },
    ],
    privacy_controller: "Verantwortlich für die Datenverarbeitung",
    privacy_officer: "Datenschutzbeauftragte Stelle",

    accessibility_sections: &[
        Section {
            heading: "Geltungsbereich",
            paragraphs: &[
                "Die Stadt ist bemüht, diese Plattform im Einklang mit dem Behindertengleichstellungsgesetz Nordrhein-Westfalen und der Barrierefreie-Informationstechnik-Verordnung NRW (BITV NRW) barrierefrei zugänglich zu machen. Maßstab sind die Web Content Accessibility Guidelines (WCAG) 2.1 in der Konformitätsstufe AA.",
            ],
        },
        Section {
            heading: "Stand der Vereinbarkeit",
            paragraphs: &[
                "Diese Plattform ist mit den Anforderungen teilweise vereinbar.",
                "Jede Seite wird bei jeder Änderung der Software automatisch mit dem Prüfwerkzeug axe-core auf Verstöße gegen WCAG 2.1 A und AA geprüft und mit der Tastatur bedient. Ein vollständiger Test nach BITV durch eine unabhängige Prüfstelle steht noch aus.",
                "Die Seiten lassen sich vollständig mit der Tastatur bedienen, haben eine Sprungmarke zum Inhalt, sichtbare Fokusrahmen und kündigen Seitenwechsel für Screenreader an. Sie sind ab 320 Pixel Breite und bei 200 % Vergrößerung ohne Informationsverlust nutzbar.",
            ],
        },
        Section {
            heading: "Nicht barrierefreie Inhalte",
            paragraphs: &[
                "Informationen in Leichter Sprache und in Deutscher Gebärdensprache werden noch nicht angeboten.",
            ],
        },
        Section {
            heading: "Durchsetzungsverfahren",
            paragraphs: &[
                "Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie sich an die Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen wenden. Das Verfahren ist kostenlos.",
            ],
        },
    ],
    accessibility_feedback_heading: "Barrieren melden",
    accessibility_feedback_text: "Ist Ihnen eine Barriere aufgefallen, oder benötigen Sie Inhalte in einer anderen Form? Schreiben Sie uns:",
};
