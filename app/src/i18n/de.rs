use shared::city::FigureKey;

use shared::{
    accounts::Role,
    budget::{
        BallotStyle, MilestoneStatus, PhaseKind, ProjectOutcome, ProposalStatus, Rating, ResultRule,
    },
    consultations::{ConsultationPhase, Decision, Side},
    defects::{DefectStatus, QuestionKind},
    moderation::{ContentKind, ReportReason, Visibility},
    polls::{PollPhase, RankingRule, ReceiptStatus},
};

use super::{
    AccountTexts, BudgetTexts, ConsultationTexts, CouncilEditTexts, CouncilTexts, DefectTexts,
    Module, PollTexts, Section, Texts,
};

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
            heading: "Konto und Anmeldung",
            paragraphs: &[
                "Für ein Konto speichern wir Ihren Benutzernamen, Ihren angezeigten Namen, Ihre Rolle, den öffentlichen Schlüssel und den Namen jedes Passkeys sowie Ihre Wiederherstellungscodes nur als nicht umkehrbare Prüfwerte. Eine E-Mail-Adresse oder ein Passwort speichern wir nicht.",
                "Solange Sie angemeldet sind, hält Ihr Browser zwei Cookies: „ds_access“ (15 Minuten gültig) und „ds_refresh“ (bis 30 Tage nach der letzten Nutzung). Sie sind für die Anmeldung technisch erforderlich (§ 25 Abs. 2 TDDDG), für Skripte unlesbar und werden beim Abmelden gelöscht. Zu jeder Anmeldung speichern wir Browser und Betriebssystem (zum Beispiel „Firefox auf Android“), damit Sie Ihre Geräte erkennen und abmelden können.",
                "Zum Schutz vor Missbrauch zählt der Server Anmeldeversuche und Beiträge je IP-Adresse und Konto für eine Minute im Arbeitsspeicher; gespeichert wird die IP-Adresse nicht.",
                "Unter „Mein Konto“ laden Sie alle gespeicherten Daten herunter und löschen Ihr Konto selbst.",
            ],
        },
        Section {
            heading: "Bürgerhaushalt",
            paragraphs: &[
                "Vorschläge und Kommentare erscheinen öffentlich mit Ihrem angezeigten Namen. Unterstützungen, Bewertungen und Ihr Stimmzettel werden mit Ihrem Konto gespeichert, damit jede Person nur einmal abstimmt und ihren Stimmzettel bis zum Ende der Abstimmung ändern kann; veröffentlicht werden Stimmzettel nur ohne Namen, unter zufälligen Nummern, damit alle das Ergebnis nachrechnen können.",
                "Wer mit einem gedruckten Abstimmungscode abstimmt, bleibt ohne Konto: Gespeichert wird nur ein Prüfwert des Codes, der keinen Rückschluss auf die Person zulässt.",
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
    accounts: AccountTexts {
        my_account: "Mein Konto",
        administration: "Verwaltung",
        sign_in_intro: "Sie melden sich mit einem Passkey an: Ihr Handy oder Computer bestätigt Sie per Fingerabdruck, Gesichtserkennung oder Geräte-PIN. Ein Passwort gibt es nicht.",
        sign_in_button: "Mit Passkey anmelden",
        sign_in_with_username: "Mit Benutzername anmelden",
        already_signed_in: |name| format!("Sie sind angemeldet als {name}."),
        username_label: "Benutzername",
        username_hint: "3 bis 32 Zeichen: Buchstaben a–z, Ziffern, Punkt, Unterstrich oder Bindestrich.",
        display_name_label: "Angezeigter Name",
        display_name_hint: "So erscheinen Sie bei Ihren Beiträgen, zum Beispiel „Anna M.“.",
        no_account: "Noch kein Konto?",
        register_link: "Jetzt registrieren",
        lost_passkey: "Passkey verloren?",
        recover_link: "Mit einem Wiederherstellungscode anmelden",

        register_title: "Registrieren",
        register_intro: "Für Ihr Konto brauchen Sie nur einen Benutzernamen und einen Passkey auf diesem Gerät. Wir speichern keine E-Mail-Adresse und kein Passwort.",
        register_with_invite: "Sie registrieren sich mit einer Einladung; Ihr Konto erhält die darin vorgesehene Rolle.",
        register_button: "Passkey anlegen und registrieren",
        default_passkey_name: "Erstes Gerät",
        recovery_codes_title: "Ihre Wiederherstellungscodes",
        recovery_codes_text: "Mit diesen Codes kommen Sie wieder in Ihr Konto, wenn Sie Ihren Passkey verlieren. Jeder Code gilt einmal. Drucken Sie sie aus oder speichern Sie sie in Ihrem Passwortmanager – sie werden nur jetzt angezeigt.",
        recovery_codes_saved: "Ich habe die Codes sicher aufbewahrt.",
        continue_to_account: "Weiter zu meinem Konto",

        recover_title: "Mit Wiederherstellungscode anmelden",
        recover_intro: "Geben Sie Ihren Benutzernamen und einen Ihrer Wiederherstellungscodes ein. Danach legen Sie auf diesem Gerät einen neuen Passkey an.",
        code_label: "Wiederherstellungscode",
        code_hint: "Zum Beispiel K7QM-2XPD-9HWA. Groß- und Kleinschreibung spielt keine Rolle.",
        recover_button: "Code prüfen und neuen Passkey anlegen",

        role_label: "Rolle",
        role_name: |role| match role {
            Role::Citizen => "Bürgerin oder Bürger",
            Role::Moderator => "Moderation",
            Role::Staff => "Verwaltung",
            Role::Council => "Ratsmitglied",
            Role::Admin => "Administration",
        },
        member_since: "Konto seit",
        blocked_notice: |reason| {
            format!(
                "Ihr Konto ist gesperrt. Sie können lesen, aber nichts beitragen. Begründung: {reason}"
            )
        },
        signed_out_notice: "Sie sind nicht angemeldet.",
        sign_out: "Abmelden",
        passkeys_heading: "Passkeys",
        passkey_name_label: "Name des neuen Passkeys",
        passkey_name_hint: "Damit Sie ihn später erkennen, zum Beispiel „Handy“ oder „Laptop“.",
        add_passkey: "Passkey hinzufügen",
        passkey_added: "Der Passkey wurde hinzugefügt.",
        remove: "Entfernen",
        created_on: |date| format!("angelegt am {date}"),
        last_used_on: |date| format!("zuletzt genutzt am {date}"),
        sessions_heading: "Angemeldete Geräte",
        this_device: "dieses Gerät",
        end_session: "Abmelden",
        end_all_sessions: "Überall abmelden",
        data_heading: "Ihre Daten",
        export_text: "Laden Sie alles herunter, was wir über Ihr Konto speichern (Art. 15 und 20 DSGVO), als eine JSON-Datei.",
        export_link: "Meine Daten herunterladen",
        delete_heading: "Konto löschen",
        delete_text: "Ihr Benutzername, Ihr Name, Ihre Passkeys und Anmeldungen werden gelöscht. Ihre Beiträge bleiben erhalten und erscheinen als „gelöschtes Konto“. Das lässt sich nicht rückgängig machen.",
        delete_confirm_label: |username| {
            format!("Geben Sie zur Bestätigung Ihren Benutzernamen „{username}“ ein")
        },
        delete_button: "Konto endgültig löschen",
        delete_mismatch: "Der eingegebene Benutzername stimmt nicht.",

        search_label: "Benutzername oder Name",
        search_button: "Suchen",
        accounts_heading: "Konten",
        no_accounts_found: "Keine Konten gefunden.",
        departments_label: "Ämter",
        departments_hint: "Mehrere durch Komma getrennt, zum Beispiel „Tiefbauamt, Grünflächenamt“.",
        save_departments: "Ämter speichern",
        save_role: "Rolle speichern",
        saved: "Gespeichert.",
        block_reason_label: "Grund der Sperre (wird der Person angezeigt)",
        block: "Sperren",
        unblock: "Entsperren",
        blocked: "gesperrt",
        invite_heading: "Einladung erstellen",
        invite_text: "Ein Einladungslink gilt einmal und 72 Stunden. Wer sich damit registriert, erhält die gewählte Rolle.",
        invite_button: "Einladungslink erstellen",
        invite_created: |until| format!("Einladungslink, gültig bis {until}:"),
        audit_heading: "Prüfprotokoll",
        audit_at: "Zeitpunkt",
        audit_action: "Aktion",
        audit_target: "Betroffen",
        audit_detail: "Details",
        not_allowed: "Diese Seite ist der Moderation und der Administration vorbehalten.",

        moderation_title: "Moderation",
        queue_empty: "Keine offenen Meldungen.",
        content_kind: |kind| match kind {
            ContentKind::Profile => "Angezeigter Name",
            ContentKind::BudgetProposal => "Vorschlag im Bürgerhaushalt",
            ContentKind::BudgetComment => "Kommentar im Bürgerhaushalt",
            ContentKind::ConsultationComment => "Stellungnahme zu einem Entwurf",
            ContentKind::DebateArgument => "Argument in einer Diskussion",
        },
        report_reason: |reason| match reason {
            ReportReason::Spam => "Spam oder Werbung",
            ReportReason::Offensive => "Beleidigend oder hasserfüllt",
            ReportReason::OffTopic => "Gehört nicht hierher",
            ReportReason::PersonalData => "Enthält persönliche Daten",
        },
        visibility: |visibility| match visibility {
            Visibility::Visible => "sichtbar",
            Visibility::Pending => "bis zur Prüfung ausgeblendet",
            Visibility::Hidden => "ausgeblendet",
        },
        decision_reason_label: "Begründung (beim Ausblenden sieht die Autorin oder der Autor sie)",
        hide: "Ausblenden",
        restore: "Wieder einblenden",
        own_content_notice: |kind, visibility, reason| {
            let what = match kind {
                ContentKind::Profile => "Ihr angezeigter Name",
                ContentKind::BudgetProposal => "Ihr Vorschlag im Bürgerhaushalt",
                ContentKind::BudgetComment => "Ihr Kommentar im Bürgerhaushalt",
                ContentKind::ConsultationComment => "Ihre Stellungnahme zu einem Entwurf",
                ContentKind::DebateArgument => "Ihr Argument in einer Diskussion",
            };
            match (visibility, reason) {
                (Visibility::Hidden, Some(reason)) => {
                    format!("{what} wurde von der Moderation ausgeblendet. Begründung: {reason}")
                }
                _ => format!(
                    "{what} wurde mehrfach gemeldet und ist ausgeblendet, bis die Moderation ihn geprüft hat."
                ),
            }
        },

        report_button: "Melden",
        report_reason_label: "Grund der Meldung",
        report_note_label: "Anmerkung (freiwillig)",
        report_send: "Meldung absenden",
        reported: "Danke. Die Moderation sieht sich den Beitrag an.",
        hidden_by_moderation: "Von der Moderation ausgeblendet.",
        passkey_unsupported: "Ihr Browser unterstützt keine Passkeys. Bitte verwenden Sie einen aktuellen Browser wie Firefox, Chrome, Safari oder Edge.",
        passkey_cancelled: "Der Vorgang wurde abgebrochen oder hat zu lange gedauert. Bitte versuchen Sie es erneut.",
        passkey_already_registered: "Auf diesem Gerät gibt es schon einen Passkey für dieses Konto.",
        passkey_failed: |name| {
            format!(
                "Der Passkey konnte nicht verwendet werden ({name}). Bitte versuchen Sie es erneut."
            )
        },
    },
    reader: CouncilTexts {
        calendar_heading: |month| format!("Sitzungen im {month}"),
        month_name: |month| match month {
            1 => "Januar",
            2 => "Februar",
            3 => "März",
            4 => "April",
            5 => "Mai",
            6 => "Juni",
            7 => "Juli",
            8 => "August",
            9 => "September",
            10 => "Oktober",
            11 => "November",
            _ => "Dezember",
        },
        previous_month: "Voriger Monat",
        next_month: "Nächster Monat",
        organization_filter: "Gremium",
        all_organizations: "Alle Gremien",
        no_meetings: "In diesem Monat gibt es keine Sitzungen.",
        cancelled: "abgesagt",
        subscribe_heading: "Sitzungen im eigenen Kalender",
        subscribe_text: "Abonnieren Sie die Sitzungstermine in Ihrer Kalender-App (iCalendar). Neue und verschobene Sitzungen erscheinen dort von selbst.",
        subscribe_all: "Alle Sitzungen abonnieren",
        subscribe_organization: |name| format!("Sitzungen von „{name}“ abonnieren"),
        meeting_when: "Wann",
        meeting_where: "Wo",
        meeting_state: "Stand",
        organizations: "Gremien",
        agenda: "Tagesordnung",
        no_agenda: "Für diese Sitzung ist noch keine Tagesordnung veröffentlicht.",
        public: "öffentlich",
        not_public: "nicht öffentlich",
        result: "Ergebnis",
        resolution: "Beschluss",
        to_paper: |reference| format!("Vorlage {reference}"),
        files: "Dokumente",
        open_file: "Ansehen",
        download_file: "Herunterladen",
        file_size: |bytes| {
            if bytes >= 1_000_000 {
                format!("{},{} MB", bytes / 1_000_000, (bytes % 1_000_000) / 100_000)
            } else {
                format!("{} kB", bytes.div_ceil(1000))
            }
        },
        paper_reference: "Drucksachennummer",
        paper_type: "Art",
        paper_date: "Datum",
        originators: "Eingebracht von",
        consultations: "Beratungsfolge",
        authoritative: "entscheidet",
        to_meeting: "Zur Sitzung",
        related_papers: "Verwandte Vorlagen",
        locations: "Orte",
        back_to_calendar: "Zum Sitzungskalender",
        search_label: "Suche in Vorlagen, Sitzungen und Dokumenten",
        search_button: "Suchen",
        search_title: "Suche in der Ratsinformation",
        results_count: |n, q| match n {
            1 => format!("1 Treffer für „{q}“"),
            n => format!("{n} Treffer für „{q}“"),
        },
        no_results: |q| {
            format!("Keine Treffer für „{q}“. Versuchen Sie ein anderes oder allgemeineres Wort.")
        },
        kind_paper: "Vorlage",
        kind_meeting: "Sitzung",
        type_label: "Art",
        type_all: "Vorlagen und Sitzungen",
        sort_label: "Sortierung",
        sort_relevance: "nach Relevanz",
        sort_date: "nach Datum",
        found_in: |name| format!("gefunden in „{name}“"),
        members: "Mitglieder",
        memberships: "Mitgliedschaften",
        since: |date| format!("seit {date}"),
        subscribe_person: "Sitzungen dieser Gremien abonnieren",
        classification: "Art",
        date_from: "Datum von",
        date_until: "Datum bis",
        view_list: "Liste",
        view_month: "Monatsansicht",
        weekday: |day, short| match (day, short) {
            (0, true) => "Mo",
            (1, true) => "Di",
            (2, true) => "Mi",
            (3, true) => "Do",
            (4, true) => "Fr",
            (5, true) => "Sa",
            (6, true) => "So",
            (0, false) => "Montag",
            (1, false) => "Dienstag",
            (2, false) => "Mittwoch",
            (3, false) => "Donnerstag",
            (4, false) => "Freitag",
            (5, false) => "Samstag",
            _ => "Sonntag",
        },
        on_map: "auf der Karte (OpenStreetMap)",
        save_offline: "Für offline speichern",
        offline_saved: |date, size| format!("Offline gespeichert am {date} ({size})."),
        offline_now: "Die Sitzung mit Vorlagen und Dokumenten ist jetzt ohne Verbindung lesbar.",
        offline_failed: "Die Sitzung konnte nicht offline gespeichert werden. Bitte prüfen Sie die Verbindung und versuchen Sie es erneut.",
        refresh_offline: "Offline-Kopie aktualisieren",
        remove_offline: "Offline-Kopie entfernen",
        offline_removed: "Die Offline-Kopie wurde entfernt.",
        saved_meetings: "Offline gespeicherte Sitzungen",
        storage_used: |size| format!("Belegter Speicher dieser Website im Browser: {size}"),
    },
    council_edit: CouncilEditTexts {
        new_meeting: "Neue Sitzung anlegen",
        organization_label: "Gremium",
        name_label: "Bezeichnung",
        start_label: "Beginn",
        end_label: "Ende",
        room_label: "Ort",
        room_hint: "z. B. Raum 202, Stadthaus 3",
        state_label: "Status",
        create_meeting_button: "Sitzung anlegen",
        time_missing: "Bitte geben Sie Datum und Uhrzeit des Beginns an.",
        edit_heading: "Sitzung bearbeiten",
        add_item_heading: "Tagesordnungspunkt hinzufügen",
        item_number_label: "Nummer",
        item_name_label: "Thema",
        item_public_label: "Öffentlich",
        paper_legend: "Vorlage zu diesem Punkt (freiwillig)",
        paper_name_label: "Titel der Vorlage",
        paper_reference_label: "Drucksachennummer",
        paper_type_label: "Art der Vorlage",
        pdf_label: "PDF-Datei",
        add_item_button: "Punkt hinzufügen",
        item_added: "Der Tagesordnungspunkt wurde hinzugefügt.",
        results_heading: "Ergebnisse erfassen",
        result_label: "Ergebnis",
        result_none: "– noch keins –",
        resolution_label: "Beschlusstext",
        save_result_button: "Ergebnis speichern",
        result_saved: "Das Ergebnis wurde gespeichert.",
        attach_heading: "Dokument anhängen",
        document_kind_label: "Art des Dokuments",
        document_invitation: "Einladung",
        document_results_protocol: "Ergebnisprotokoll",
        document_verbatim_protocol: "Wortprotokoll",
        document_auxiliary: "Weitere Anlage",
        document_name_label: "Titel des Dokuments",
        attach_button: "Hochladen und anhängen",
        attached: "Das Dokument wurde angehängt.",
        choose_pdf: "Bitte wählen Sie eine PDF-Datei aus.",
    },
    budgets: BudgetTexts {
        cycles_heading: "Bürgerhaushalte",
        no_cycles: "Es gibt noch keinen Bürgerhaushalt.",
        new_cycle: "Neuen Bürgerhaushalt anlegen",
        rules_link: "So werden die Ergebnisse berechnet",
        rules: &[
            Section {
                heading: "Ablauf",
                paragraphs: &[
                    "Ein Bürgerhaushalt hat sechs Phasen mit festen Terminen: Vorschläge, Prüfung, Unterstützung, Abstimmung, Ergebnis und Umsetzung. Die Termine und alle Regeln stehen fest, bevor die Abstimmung beginnt, und werden hier und auf der Seite des Bürgerhaushalts veröffentlicht.",
                    "Die Verwaltung prüft jeden Vorschlag und begründet öffentlich, ob er umsetzbar ist, wer zuständig ist und was er einmalig und jährlich kostet. Nur umsetzbare Vorschläge kommen zur Abstimmung; sind Unterstützungen vorgesehen, nur die mit genügend Unterstützungen.",
                ],
            },
            Section {
                heading: "Wer abstimmt",
                paragraphs: &[
                    "Abstimmen kann jede Person mit einem Konto oder mit einem gedruckten Abstimmungscode, einmal je Bürgerhaushalt. Bis zum Ende der Abstimmung lässt sich der Stimmzettel ändern; gezählt wird die letzte Fassung.",
                    "Auf dem Stimmzettel stehen die stadtweiten Projekte und die Projekte eines Stadtbezirks nach Wahl. Jedes Budget wird für sich berechnet.",
                ],
            },
            Section {
                heading: "Berechnung nach Stimmen (Greedy)",
                paragraphs: &[
                    "Die Projekte werden nach der Zahl ihrer Stimmen geordnet. Der Reihe nach wird jedes Projekt gefördert, das noch in das verbleibende Budget passt; ein Projekt, das nicht mehr passt, wird übersprungen, danach können günstigere noch passen. Projekte ohne Stimmen werden nicht gefördert.",
                ],
            },
            Section {
                heading: "Methode der gleichen Anteile (Equal Shares)",
                paragraphs: &[
                    "Jede Person, die im jeweiligen Budget abgestimmt hat, erhält einen gleichen Anteil des Budgets. Ein Projekt kann gefördert werden, wenn die Personen, die es gewählt haben, seine Kosten aus ihren Anteilen zusammen bezahlen können. Sie zahlen gleich viel; wer weniger übrig hat, zahlt alles, was er noch hat, den Rest tragen die anderen.",
                    "Gefördert wird jeweils das Projekt, bei dem der höchste Betrag, den eine einzelne Person zahlen muss, im Verhältnis zu den Kosten am kleinsten ist (Zufriedenheit nach Kosten: wer ein Projekt gewählt hat, zählt dessen Kosten als Nutzen). Dann beginnt die nächste Runde mit dem Geld, das den Personen übrig bleibt, bis sich kein weiteres Projekt mehr bezahlen lässt.",
                    "Vervollständigung: Weil danach oft Geld übrig bleibt, wird der Anteil jeder Person in Schritten von 1 € erhöht und die Rechnung wiederholt, solange das Ergebnis noch in das echte Budget passt; das letzte passende Ergebnis gilt. Das dann noch übrige Geld geht der Reihe nach an Projekte mit den meisten Stimmen, die noch hineinpassen.",
                ],
            },
            Section {
                heading: "Gleichstand",
                paragraphs: &[
                    "Haben zwei Projekte gleich viele Stimmen (oder bei gleichen Anteilen den gleichen Vorrang), kommt das günstigere zuerst; kosten sie gleich viel, das mit der kleineren Nummer.",
                ],
            },
            Section {
                heading: "Nachrechnen",
                paragraphs: &[
                    "Nach der Abstimmung stehen für jedes Budget die Stimmzettel ohne Namen im Pabulib-Format (pabulib.org) und alle Projekte als CSV bereit. Mit diesen Dateien kann jede Person das Ergebnis mit eigener Software nachrechnen; die Schnittstelle /api/v1/budgets/pabulib/check rechnet eine solche Datei nach beiden Verfahren.",
                ],
            },
        ],
        next_phase: |phase, date| format!("Als Nächstes: {phase} ab {date}"),
        check_heading: "Eine Pabulib-Datei nachrechnen",
        check_file_label: "Pabulib-Datei (.pb) mit Zustimmungs-Stimmzetteln",
        check_button: "Nachrechnen",
        check_facts: |projects, voters, budget| {
            format!("{projects} Projekte, {voters} Stimmzettel, Budget {budget}")
        },
        selected_in_file: "In der Datei als gefördert markiert",
        phase_name: |phase| match phase {
            PhaseKind::Proposals => "Vorschläge",
            PhaseKind::Review => "Prüfung",
            PhaseKind::Preselection => "Unterstützung",
            PhaseKind::Ballot => "Abstimmung",
            PhaseKind::Results => "Ergebnis",
            PhaseKind::Implementation => "Umsetzung",
        },
        phase_does: |phase| match phase {
            PhaseKind::Proposals => {
                "Reichen Sie Vorschläge ein und kommentieren Sie die der anderen."
            }
            PhaseKind::Review => {
                "Die Verwaltung prüft Machbarkeit und Kosten und begründet ihre Antwort öffentlich."
            }
            PhaseKind::Preselection => {
                "Unterstützen Sie umsetzbare Vorschläge; die unterstützten kommen zur Abstimmung."
            }
            PhaseKind::Ballot => {
                "Wählen Sie stadtweite Projekte und die eines Stadtbezirks, solange das Budget reicht."
            }
            PhaseKind::Results => {
                "Das Ergebnis steht fest und lässt sich mit den veröffentlichten Daten nachrechnen."
            }
            PhaseKind::Implementation => {
                "Die Stadt setzt die gewählten Projekte um und berichtet über den Stand."
            }
        },
        current_phase: "Aktuelle Phase",
        not_started: "Noch nicht begonnen",
        finished: "Abgeschlossen",
        phases_heading: "Ablauf",
        from_to: |from, to| format!("{from} bis {to}"),
        budget_heading: "Budget",
        city_wide: "Stadtweit",
        total: "Gesamt",
        proposals_heading: "Vorschläge",
        district_label: "Stadtbezirk",
        all: "Alle",
        category_label: "Kategorie",
        no_proposals: "Keine Vorschläge gefunden.",
        status: |status| match status {
            ProposalStatus::Submitted => "wird geprüft",
            ProposalStatus::Feasible => "umsetzbar",
            ProposalStatus::NotFeasible => "nicht umsetzbar",
            ProposalStatus::Merged => "zusammengeführt",
        },
        propose_button: "Vorschlag einreichen",
        proposals_left: |n| format!("Sie können noch {n} Vorschläge einreichen."),
        to_ballot: "Zur Abstimmung",
        to_results: "Zum Ergebnis",
        staff_heading: "Verwaltung",
        advance_button: "Nächste Phase jetzt starten",
        advanced: "Die nächste Phase hat begonnen.",
        codes_heading: "Abstimmungscodes für Menschen ohne Konto",
        codes_count_label: "Anzahl",
        codes_note_label: "Zweck, z. B. Bürgerbüro Hiltrup",
        codes_button: "Codes erzeugen",
        codes_created: "Drucken oder speichern Sie die Codes jetzt: Sie werden nicht noch einmal angezeigt.",
        sign_in_first: "Bitte melden Sie sich an, um mitzumachen.",
        title_label: "Titel",
        description_label: "Beschreibung",
        description_hint: "Was soll geschehen, wo und warum? Markdown ist möglich.",
        cost_label: "Geschätzte Kosten in Euro",
        location_label: "Ort (freiwillig)",
        use_position: "Meinen Standort übernehmen",
        position_failed: "Ihr Standort ließ sich nicht bestimmen. Erlauben Sie den Zugriff oder lassen Sie den Ort leer.",
        remove_position: "Ort entfernen",
        on_map: "Auf OpenStreetMap ansehen",
        submit_button: "Vorschlag absenden",
        similar_heading: "Ähnliche Vorschläge – gibt es Ihre Idee schon?",
        by: |name| format!("von {name}"),
        paper_or_phone: "eingereicht auf Papier oder telefonisch",
        cost: "Kosten",
        review_heading: "Prüfung durch die Verwaltung",
        feasible: "umsetzbar",
        not_feasible: "nicht umsetzbar",
        department: "Zuständig",
        cost_once: "Einmalige Kosten",
        cost_yearly: "Folgekosten pro Jahr",
        merged_into: "Zusammengeführt mit Vorschlag",
        support_button: "Unterstützen",
        withdraw_button: "Unterstützung zurücknehmen",
        supports: |n| format!("{n} Unterstützungen"),
        counts_hidden: "Die Zahlen werden veröffentlicht, wenn die Unterstützungsphase endet.",
        rating_name: |rating| match rating {
            Rating::Approve => "zustimmend",
            Rating::Reject => "ablehnend",
            Rating::Neutral => "neutral",
            Rating::CannotJudge => "sachunkundig",
        },
        rating_legend: "Ihre Bewertung",
        comments_heading: "Kommentare",
        comment_label: "Ihr Kommentar",
        comment_button: "Kommentieren",
        reply_button: "Antworten",
        reply_label: "Ihre Antwort",
        no_comments: "Noch keine Kommentare.",
        review_form_heading: "Prüfung eintragen",
        reason_label: "Begründung (wird veröffentlicht)",
        merge_label: "Zusammenführen mit Vorschlag Nr. (freiwillig)",
        save_button: "Speichern",
        saved: "Gespeichert.",
        milestones_heading: "Umsetzung",
        milestone_status: |status| match status {
            MilestoneStatus::Planned => "geplant",
            MilestoneStatus::InProgress => "in Arbeit",
            MilestoneStatus::Done => "erledigt",
        },
        council_paper: "Ratsbeschluss (Vorlage)",
        milestone_title_label: "Neuer Meilenstein",
        progress_label: "Fortschritt in Prozent",
        date_label: "Datum",
        outcome: |outcome, lang| match outcome {
            ProjectOutcome::Won => "Gefördert.".to_owned(),
            ProjectOutcome::WonInCompletion => {
                "Gefördert aus dem Geld, das nach gleichen Anteilen übrig blieb.".to_owned()
            }
            ProjectOutcome::Missed {
                euros,
                votes: Some(votes),
            } => format!(
                "Nicht gefördert: Als es an der Reihe war, fehlten {}; mit {votes} Stimmen mehr wäre es gefördert worden.",
                lang.format_number(*euros as f64, 0) + " €"
            ),
            ProjectOutcome::Missed { euros, votes: None } => {
                format!(
                    "Nicht gefördert: Als es an der Reihe war, fehlten {}.",
                    lang.format_number(*euros as f64, 0) + " €"
                )
            }
            ProjectOutcome::SupportersShort { supporters_money } => format!(
                "Nicht gefördert: Seinen Unterstützenden blieben von ihren gleichen Anteilen zusammen nur {}, weniger als die Kosten.",
                lang.format_number(*supporters_money as f64, 0) + " €"
            ),
            ProjectOutcome::NoVotes => "Nicht gefördert: Es hat keine Stimmen erhalten.".to_owned(),
        },
        ballot_heading: "Abstimmung",
        ballot_intro: |style| {
            match style {
        BallotStyle::Knapsack { .. } => "Wählen Sie Projekte, bis das Budget verteilt ist. Sie können stadtweit und in einem Stadtbezirk abstimmen.".to_owned(),
        BallotStyle::Approval { max_choices } => format!("Wählen Sie stadtweit und in einem Stadtbezirk jeweils bis zu {max_choices} Projekte."),
    }
        },
        remaining: |left| format!("Noch zu verteilen: {left}"),
        home_district_label: "Ihr Stadtbezirk (freiwillig)",
        no_district: "– keiner –",
        code_label: "Abstimmungscode (nur ohne Konto)",
        cast_button: "Stimmzettel abgeben",
        cast_done: "Ihr Stimmzettel ist gespeichert. Bis zum Ende der Abstimmung können Sie ihn ändern.",
        over_budget: "Die Auswahl übersteigt das Budget.",
        results_heading: "Ergebnis",
        rule_name: |rule| match rule {
            ResultRule::Greedy => "nach Stimmen (Greedy)",
            ResultRule::Mes => "Methode der gleichen Anteile (Equal Shares)",
        },
        votes: |n| format!("{n} Stimmen"),
        spent_of: |spent, amount| format!("{spent} von {amount} verteilt"),
        voters: |n| format!("{n} Stimmzettel"),
        downloads: "Daten zum Nachrechnen",
        csv_file: "Alle Projekte (CSV)",
        csv_ballots: "Alle Stimmzettel ohne Namen (CSV)",
        new_heading: "Neuer Bürgerhaushalt",
        categories_label: "Kategorien, durch Kommas getrennt",
        city_amount_label: "Stadtweites Budget in Euro",
        district_pool_label: "Budget der Stadtbezirke in Euro (nach Einwohnerzahl verteilt)",
        start_label: "Beginn der Vorschlagsphase",
        weeks_label: "Dauer jeder Phase in Wochen",
        limit_label: "Vorschläge pro Person",
        supports_max_label: "Unterstützungen pro Person",
        threshold_label: "Nötige Unterstützungen für die Abstimmung",
        approval_label: "Stimmzettel: höchstens so viele Projekte (leer: Budget verteilen)",
        rule_label: "Berechnung des Ergebnisses",
        create_button: "Bürgerhaushalt anlegen",
    },
    defect_reports: DefectTexts {
        status: |status| match status {
            DefectStatus::Neu => "neu",
            DefectStatus::InPruefung => "in Prüfung",
            DefectStatus::InBearbeitung => "in Bearbeitung",
            DefectStatus::Erledigt => "erledigt",
            DefectStatus::Abgelehnt => "abgelehnt",
            DefectStatus::Duplikat => "Duplikat",
            DefectStatus::NichtZustaendig => "nicht zuständig",
        },
        overdue: "überfällig",
        no_reports: "Keine Meldungen für diese Auswahl.",
        report_title: |number, category| {
            if category.is_empty() {
                format!("Meldung {number}")
            } else {
                format!("Meldung {number}: {category}")
            }
        },
        affected: |n| {
            if n == 1 {
                "1 weitere Person betroffen".into()
            } else {
                format!("{n} weitere Personen betroffen")
            }
        },
        all_statuses: "alle",
        open_ones: "offene",
        closed_ones: "abgeschlossene",
        intro: "Schlaglöcher, defekte Laternen, wilder Müll: Melden Sie Mängel im Stadtgebiet mit Ort und Foto. Die zuständige Stelle antwortet hier öffentlich.",
        report_button: "Mangel melden",
        mine_link: "Meine Meldungen",
        inbox_link: "Meldungen bearbeiten",
        category_label: "Kategorie",
        all_categories: "alle Kategorien",
        status_label: "Status",
        period_label: "Gemeldet",
        period: |days| match days {
            Some(days) => format!("in den letzten {days} Tagen"),
            None => "jederzeit".into(),
        },
        map_label: "Karte der Meldungen",
        map_note: "Die Karte zeigt dieselben Meldungen wie die Liste darunter. Tippen Sie auf eine Markierung, um zur Meldung zu gelangen.",
        list_heading: "Meldungen",
        count: |n| {
            if n == 1 {
                "1 Meldung".into()
            } else {
                format!("{n} Meldungen")
            }
        },
        open_data_heading: "Offene Daten",
        open_data_text: "Alle Meldungen mit der gewählten Auswahl zum Herunterladen. Die Koordinaten sind auf etwa 100 Meter gerundet.",
        too_many_photos: |n| format!("Höchstens {n} Fotos pro Meldung."),
        position_failed: "Ihr Standort ließ sich nicht bestimmen. Bitte tippen Sie den Ort auf der Karte an.",
        location_missing: "Bitte geben Sie den Ort an: auf der Karte, mit Ihrem Standort oder aus einem Foto.",
        form_heading: "Mangel melden",
        form_intro: "Eine Meldung braucht eine Kategorie, den Ort und eine kurze Beschreibung. Fotos helfen der Stadt sehr. Ein Konto brauchen Sie nicht.",
        step_category: "1. Was ist kaputt?",
        group_label: "Bereich",
        kind_label: "Art des Mangels",
        expected: |days| format!("Bearbeitung in der Regel innerhalb von {days} Arbeitstagen."),
        step_photos: "2. Fotos (freiwillig)",
        photos_label: |n| format!("Fotos auswählen oder aufnehmen (bis zu {n})"),
        photos_hint: "JPEG oder PNG. Hat ein Foto eine Ortsangabe, schlagen wir den Ort vor. Standort, Kamera und Aufnahmezeit werden vor der Veröffentlichung aus den Fotos entfernt.",
        uploading: "Foto wird hochgeladen",
        photo_alt: |n| format!("Foto {n} der Meldung"),
        remove_photo: |n| format!("Foto {n} entfernen"),
        step_location: "3. Wo?",
        location_hint: "Tippen Sie den Ort auf der Karte an, verwenden Sie Ihren Standort oder suchen Sie die Straße.",
        pick_map_label: "Karte: Ort des Mangels antippen",
        no_location_yet: "Noch kein Ort gewählt.",
        use_position: "Meinen Standort verwenden",
        address_label: "Adresse oder Beschreibung des Ortes",
        address_hint: "Straßennamen eingeben und „Adresse suchen“ wählen, oder den Ort beschreiben, z. B. „vor Hausnummer 12“",
        nearby_heading: "Ist das schon gemeldet?",
        nearby_intro: "In der Nähe gibt es offene Meldungen derselben Art. Ist es derselbe Mangel, sagen Sie „Ich auch“ – dann sehen Sie dort den Fortschritt.",
        step_description: "4. Beschreibung",
        description_label: "Was ist los?",
        step_contact: "5. Kontakt (freiwillig)",
        contact_hint: "Mit E-Mail-Adresse kann die Stadt Rückfragen stellen. Sie wird nie veröffentlicht.",
        name_label: "Name",
        name_public_label: "Meinen Namen bei der Meldung zeigen",
        email_label: "E-Mail-Adresse",
        send_button: "Meldung absenden",
        from_map: "Ort auf der Karte",
        from_device: "Ihr Standort",
        from_photo: "Ort aus dem Foto übernommen – bitte prüfen",
        from_address: "Straße aus dem Verzeichnis – bitte auf der Karte genauer setzen",
        find_address: "Adresse suchen",
        no_places: "Keine Straße dieses Namens gefunden. Bitte tippen Sie den Ort auf der Karte an.",
        places_found: "Gefundene Straßen und Plätze – bitte wählen:",
        distance: |m| format!("{m} m entfernt"),
        me_too: |n| format!("Ich auch (Meldung {n})"),
        thanks_heading: "Vielen Dank für Ihre Meldung",
        thanks_number: |n| format!("Ihre Meldung hat die Nummer {n}."),
        thanks_department: |department, days, by| {
            format!(
                "Zuständig ist: {department}. Die Bearbeitung dauert in der Regel bis zu {days} Arbeitstage (bis {by})."
            )
        },
        thanks_follow: "Unter „Meine Meldungen“ sehen Sie jederzeit den Stand und die Antworten der Stadt – auf diesem Gerät auch ohne Konto.",
        department_label: "Zuständig",
        reported_label: "Gemeldet",
        closed_label: "Abgeschlossen",
        expected_label: "Erledigt bis (geplant)",
        place_label: "Ort",
        reporter_label: "Gemeldet von",
        contact_label: "Kontakt (nur für die Verwaltung)",
        duplicate_of_label: "Duplikat von",
        affected_label: "Weitere Betroffene",
        me_too_done: "Danke! Sie sind als betroffen vermerkt und sehen die Meldung unter „Meine Meldungen“.",
        me_too_anonymous: "Ohne Konto zählen wir Sie mit und merken uns die Meldung auf diesem Gerät.",
        following: "Sie verfolgen diese Meldung.",
        history_heading: "Verlauf",
        back_to_overview: "Zu allen Meldungen",
        saved: "Gespeichert. Die meldende Person sieht die Antwort.",
        staff_heading: "Bearbeiten",
        change_status: "Status ändern",
        public_answer_label: "Öffentliche Antwort",
        save_status: "Status speichern",
        reassign_heading: "Weitergeben",
        reason_label: "Öffentliche Begründung",
        reassign_button: "Weitergeben",
        merge_number_missing: "Bitte geben Sie die Nummer der ursprünglichen Meldung an.",
        merge_heading: "Als Duplikat schließen",
        merge_label: "Nummer der ursprünglichen Meldung",
        merge_hint: "Wer diese Meldung verfolgt, verfolgt danach die ursprüngliche.",
        merge_button: "Zusammenführen",
        mine_heading: "Meine Meldungen",
        mine_intro: "Meldungen, die Sie abgeschickt haben oder bei denen Sie „Ich auch“ gesagt haben, mit ihrem aktuellen Stand.",
        staff_only: "Diese Seite ist für die Mitarbeitenden der Stadtverwaltung.",
        all_departments: "alle Dienststellen",
        only_overdue: "nur überfällige",
        figures_heading: "Zahlen",
        by_department: "Nach Dienststelle",
        by_category: "Nach Kategorie",
        figures_name: "Name",
        figures_open: "offen",
        figures_overdue: "überfällig",
        figures_closed: "abgeschlossen",
        figures_duplicates: "Duplikate",
        hidden_badge: "verborgen",
        hide_heading: "Aus der öffentlichen Ansicht nehmen",
        hide_reason_label: "Begründung (sehen nur die Verwaltung und die meldende Person)",
        hide_button: "Meldung verbergen",
        show_button: "Wieder öffentlich zeigen",
        hidden_notice: |reason| format!("Diese Meldung ist nicht öffentlich. Grund: {reason}"),
        categories_heading: "Kategorien des Mängelmelders",
        categories_caption: "Was gemeldet werden kann, wohin es geht und wie lange es dauern soll",
        categories_link: "Kategorien einrichten",
        days_label: "Bearbeitungszeit in Arbeitstagen",
        active_label: "Für neue Meldungen wählbar",
        edit_button: "Bearbeiten",
        yes: "ja",
        no: "nein",
        edit_category: |name| format!("Kategorie „{name}“ bearbeiten"),
        new_category: "Neue Kategorie",
        question_kind: |kind| match kind {
            QuestionKind::Text => "Freitext",
            QuestionKind::Number => "Zahl",
            QuestionKind::SingleChoice => "eine Auswahl",
            QuestionKind::MultiChoice => "mehrere Auswahlen",
        },
        days_invalid: "Bitte geben Sie die Bearbeitungszeit als ganze Zahl von Arbeitstagen an.",
        code_label: "Code",
        code_hint: "Kleinbuchstaben, Ziffern und Bindestriche; zugleich der Open311-Dienstcode. Lässt sich später nicht ändern.",
        category_description_label: "Erklärung für Meldende",
        keywords_label: "Stichwörter, durch Kommas getrennt",
        questions_heading: "Zusatzfragen",
        question_number: |n| format!("Frage {n}"),
        question_label: "Frage",
        question_kind_label: "Antwortart",
        options_label: "Antworten zur Auswahl, durch Kommas getrennt",
        required_label: "Antwort ist Pflicht",
        remove_question: |n| format!("Frage {n} entfernen"),
        add_question: "Frage hinzufügen",
        save_category: "Kategorie speichern",
        figures_median: "Median Tage bis Abschluss",
    },
    polls: PollTexts {
        new_poll: "Neue Abstimmung anlegen",
        no_polls: "Zurzeit gibt es keine Abstimmungen.",
        phase: |phase| match phase {
            PollPhase::Upcoming => "beginnt bald",
            PollPhase::Open => "läuft",
            PollPhase::Closed => "beendet",
        },
        window: |from, until| format!("vom {from} bis {until}"),
        ballots: |n| match n {
            1 => "1 Stimme abgegeben".into(),
            n => format!("{n} Stimmen abgegeben"),
        },
        only_district: |name| format!("Für Menschen, die in {name} wohnen"),
        sign_in_to_vote: "Melden Sie sich an, um abzustimmen. Jede Person hat eine Stimme.",
        already_voted: "Sie haben in dieser Abstimmung abgestimmt. Danke!",
        opens_later: |at| format!("Die Abstimmung beginnt am {at}."),
        closed: "Die Abstimmung ist beendet.",
        ballot_heading: "Ihr Stimmzettel",
        secrecy_note: "Ihre Stimme ist geheim. Gespeichert wird, dass Sie abgestimmt haben, und getrennt davon Ihr Stimmzettel ohne Namen. Mit dem Quittungscode prüfen Sie nach dem Ende, dass er gezählt wurde.",
        required: "Pflichtfrage",
        optional: "freiwillig",
        at_most: |k| match k {
            1 => "Wählen Sie eine Antwort.".into(),
            k => format!("Wählen Sie höchstens {k} Antworten."),
        },
        rank_hint: "Geben Sie Ihrer ersten Wahl Rang 1, der zweiten Rang 2 und so weiter. Sie müssen nicht alles einordnen.",
        not_ranked: "nicht eingeordnet",
        rank: |n| format!("Rang {n}"),
        rank_twice: "Jeder Rang darf nur einmal vergeben werden.",
        cast_button: "Stimme abgeben",
        receipt_heading: "Ihre Stimme ist abgegeben",
        receipt_text: "Notieren Sie sich diesen Quittungscode; er wird nur jetzt angezeigt. Nach dem Ende prüfen Sie damit auf dieser Seite, dass Ihr Stimmzettel gezählt wurde. Der Code verrät niemandem, wie Sie abgestimmt haben.",
        check_heading: "Quittung prüfen",
        check_label: "Quittungscode",
        check_button: "Prüfen",
        receipt_status: |status| match status {
            ReceiptStatus::Received => {
                "Ihr Stimmzettel ist eingegangen. Gezählt wird nach dem Ende der Abstimmung."
            }
            ReceiptStatus::Counted => "Ihr Stimmzettel wurde gezählt.",
            ReceiptStatus::Unknown => {
                "Zu diesem Code gibt es in dieser Abstimmung keinen Stimmzettel. Bitte prüfen Sie Ihre Eingabe."
            }
        },
        results_heading: "Ergebnis",
        live_results: "Zwischenstand: Die Abstimmung läuft noch.",
        results_later: |at| {
            format!(
                "Das Ergebnis wird nach dem Ende am {at} veröffentlicht. Bis dahin sieht es niemand, auch nicht die Verwaltung."
            )
        },
        answered: |n| match n {
            1 => "1 Antwort".into(),
            n => format!("{n} Antworten"),
        },
        votes: |n| match n {
            1 => "1 Stimme".into(),
            n => format!("{n} Stimmen"),
        },
        points: |n| format!("{n} Punkte"),
        first_choices: |n| match n {
            1 => "1-mal erste Wahl".into(),
            n => format!("{n}-mal erste Wahl"),
        },
        winners: "Vorne",
        rule_explained: |rule| match rule {
            RankingRule::Borda => {
                "Ausgewertet nach Borda: Bei n Möglichkeiten bringt ein erster Rang n−1 Punkte, ein zweiter n−2 und so weiter; nicht Eingeordnetes bringt keine Punkte."
            }
            RankingRule::InstantRunoff => {
                "Ausgewertet als integrierte Stichwahl: Die Möglichkeit mit den wenigsten ersten Wahlen scheidet aus, ihre Stimmzettel zählen für die nächste Wahl – bis eine Möglichkeit mehr als die Hälfte hat. Bei Gleichstand scheidet aus, wer in früheren Runden weniger hatte, sonst die weiter unten stehende."
            }
        },
        round: |n| format!("Runde {n}"),
        drops_out: |name| format!("scheidet aus: {name}"),
        exhausted: |n| format!("{n} Stimmzettel ohne weitere Wahl"),
        free_answers: "Antworten",
        ballots_csv: "Alle Stimmzettel ohne Namen (CSV)",
        close_now: "Abstimmung jetzt beenden",
        new_heading: "Neue Abstimmung",
        title_label: "Titel",
        description_label: "Beschreibung (Markdown)",
        who_votes_label: "Wer darf abstimmen?",
        whole_city: "Alle in der Stadt",
        opens_label: "Beginn",
        closes_label: "Ende",
        results_label: "Ergebnis zeigen",
        results_after_close: "erst nach dem Ende",
        results_live: "schon während der Abstimmung (Umfrage)",
        question: |n| format!("Frage {n}"),
        question_text_label: "Fragetext",
        kind_label: "Art der Antwort",
        kinds: [
            "eine Antwort",
            "mehrere Antworten",
            "Rangfolge, nach Borda",
            "Rangfolge, integrierte Stichwahl",
            "freier Text",
        ],
        max_choices_label: "Höchstens so viele Antworten",
        options_label: "Antwortmöglichkeiten, eine pro Zeile",
        required_label: "Pflichtfrage",
        add_question: "Weitere Frage",
        remove_question: "Frage entfernen",
        create_button: "Abstimmung anlegen",
        home_district_label: "Ihr Stadtbezirk",
        home_district_hint: "Bei Abstimmungen, die nur einen Stadtbezirk betreffen, stimmen die Menschen ab, die dort wohnen. Ihre Angabe wird nicht mit dem Melderegister abgeglichen; bitte geben Sie sie ehrlich an.",
        no_district: "keine Angabe",
        home_district_save: "Stadtbezirk speichern",
        home_district_saved: "Ihr Stadtbezirk ist gespeichert.",
    },
    consultations: ConsultationTexts {
        consultations_heading: "Entwürfe zur Beteiligung",
        no_consultations: "Zurzeit liegen keine Entwürfe zur Beteiligung aus.",
        new_consultation: "Entwurf zur Beteiligung veröffentlichen",
        phase: |phase| match phase {
            ConsultationPhase::Upcoming => "beginnt bald",
            ConsultationPhase::Open => "Stellungnahmen möglich",
            ConsultationPhase::Closed => "beendet",
        },
        window: |from, until| format!("vom {from} bis {until}"),
        comment_count: |all, answered| format!("{all} Stellungnahmen, {answered} beantwortet"),
        versions_heading: "Fassungen",
        version: |n| format!("Fassung {n}"),
        showing_version: |n| format!("Sie lesen Fassung {n}."),
        show_newest: "Zur aktuellen Fassung",
        what_changed: "Was hat sich geändert?",
        paragraph: |n| format!("Absatz {n}"),
        comments_on: |n, count| match count {
            0 => format!("Absatz {n} kommentieren"),
            1 => format!("1 Stellungnahme zu Absatz {n}"),
            c => format!("{c} Stellungnahmen zu Absatz {n}"),
        },
        hide_comments: "Stellungnahmen schließen",
        quote_label: "Markierte Stelle (freiwillig)",
        quote_hint: "Markieren Sie Wörter im Absatz und übernehmen Sie sie, oder schreiben Sie die Stelle genau so ab, wie sie im Absatz steht.",
        take_selection: "Markierung übernehmen",
        nothing_selected: "Im Absatz ist nichts markiert.",
        comment_label: "Ihre Stellungnahme",
        letter_from_label: "Eingang per Brief oder E-Mail von (nur Verwaltung)",
        letter_from_hint: "Leer lassen, wenn Sie selbst schreiben.",
        send_comment: "Stellungnahme senden",
        reply: "Antworten",
        reply_label: "Ihre Antwort",
        send_reply: "Antwort senden",
        sign_in_to_comment: "Melden Sie sich an, um Stellung zu nehmen.",
        closed_for_comments: "Stellungnahmen sind zurzeit nicht möglich.",
        by_letter: "schriftlich eingegangen",
        hidden: "Von der Moderation ausgeblendet.",
        support: "Sehe ich auch so",
        supported: "Unterstützt – zurücknehmen",
        supports: |n| match n {
            1 => "1 Unterstützung".into(),
            n => format!("{n} Unterstützungen"),
        },
        official_answer: "Antwort der Stadt",
        decision: |decision| match decision {
            Decision::Accepted => "berücksichtigt",
            Decision::Partly => "teilweise berücksichtigt",
            Decision::NotAccepted => "nicht berücksichtigt",
            Decision::Noted => "zur Kenntnis genommen",
        },
        led_to_change: |v| format!("Hat zu Änderungen in Fassung {v} geführt."),
        answer_heading: "Antwort der Stadt geben",
        decision_label: "Entscheidung",
        reason_label: "Begründung",
        save_answer: "Antwort speichern",
        abwaegung_heading: "Abwägungstabelle",
        abwaegung_html: "Abwägungstabelle lesen und drucken",
        abwaegung_csv: "Abwägungstabelle als CSV",
        new_version_heading: "Neue Fassung veröffentlichen",
        new_version_text: "Text der neuen Fassung (Markdown)",
        new_version_note: "Was hat sich geändert?",
        prompted_by_legend: "Diese Stellungnahmen haben zu Änderungen geführt",
        publish_version: "Fassung veröffentlichen",
        diff_heading: |from, to| format!("Änderungen von Fassung {from} zu Fassung {to}"),
        diff_removed: "gestrichen",
        diff_added: "neu",
        diff_unchanged: |n| match n {
            1 => "1 Absatz unverändert".into(),
            n => format!("{n} Absätze unverändert"),
        },
        prompted_by: "Geändert aufgrund von",
        back_to_draft: "Zurück zum Entwurf",
        new_heading: "Entwurf zur Beteiligung",
        title_label: "Titel",
        summary_label: "Kurze Zusammenfassung",
        text_label: "Entwurfstext (Markdown)",
        text_hint: "Leerzeilen trennen Absätze; Überschriften beginnen mit #. Jeder Absatz wird nummeriert und kann kommentiert werden.",
        paper_label: "Zugehörige Ratsvorlage (OParl-Adresse, freiwillig)",
        paper_hint: "Dann zeigt das Ratsinformationssystem das Ergebnis der Beteiligung bei dieser Vorlage.",
        publish: "Entwurf veröffentlichen",
        council_heading: "Bürgerbeteiligung zu dieser Vorlage",
        council_outcome: |all, open| {
            format!("{all} Stellungnahmen, davon {open} noch ohne Antwort der Stadt.")
        },
        to_consultation: "Zur Beteiligung",
        debates_heading: "Diskussionen",
        no_debates: "Zurzeit gibt es keine Diskussionen.",
        debate_counts: |pro, contra| format!("{pro} dafür, {contra} dagegen"),
        debate_closed: "abgeschlossen",
        new_debate: "Neue Diskussion eröffnen",
        question_label: "Frage",
        description_label: "Hintergrund (Markdown)",
        open_debate: "Diskussion eröffnen",
        side: |side| match side {
            Side::Pro => "Dafür",
            Side::Contra => "Dagegen",
        },
        no_arguments: "Noch keine Argumente.",
        side_label: "Ihr Argument ist",
        argument_label: "Ihr Argument",
        add_argument: "Argument hinzufügen",
        conclusion_heading: "Fazit der Stadt",
        conclusion_label: "Fazit",
        close_debate: "Diskussion mit Fazit abschließen",
    },
};
