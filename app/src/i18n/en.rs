use shared::city::FigureKey;

use shared::{
    accounts::Role,
    budget::{
        BallotStyle, MilestoneStatus, PhaseKind, ProjectOutcome, ProposalStatus, Rating, ResultRule,
    },
    defects::{DefectStatus, QuestionKind},
    moderation::{ContentKind, ReportReason, Visibility},
    polls::{PollPhase, RankingRule, ReceiptStatus},
};

use super::{
    AccountTexts, BudgetTexts, CouncilEditTexts, CouncilTexts, DefectTexts, Module, PollTexts,
    Section, Texts,
};

pub const EN: Texts = Texts {
    thousands_separator: ",",
    decimal_separator: ".",
    site_name: "Digital City",
    site_name_for_city: |city| format!("Digital City {city}"),
    skip_to_content: "Skip to content",
    main_nav_label: "Main navigation",
    home: "Home",
    budget: "Participatory budget",
    defects: "Report a problem",
    participation: "Consultations",
    votes: "Votes",
    council: "City council",
    sign_in: "Sign in",
    switch_language: "Deutsch",
    switch_language_hint: "Auf Deutsch umschalten",
    footer_nav_label: "Legal notices and open data",
    imprint: "Legal notice",
    privacy: "Privacy",
    accessibility: "Accessibility statement",
    api_docs: "Open interface (OpenAPI)",
    loading: "Loading …",
    retry: "Try again",
    error_network: "The server cannot be reached right now. Please check your internet connection and try again.",
    error_server: "The server could not process the request.",
    error_unreadable: "The server's answer could not be read. Please reload the page.",
    page_loaded: |title| format!("Page loaded: {title}"),
    page_title: |title| format!("{title} – Digital City"),

    home_title: |city| format!("Welcome to the Digital City {city}"),
    home_intro: "Propose ideas for the city budget, report problems in public spaces, comment on plans and bylaws, vote, and read what the city council decides.",
    figures_heading: "The city in figures",
    figure_label: |key| match key {
        FigureKey::Population => "Inhabitants",
        FigureKey::Districts => "City districts",
        FigureKey::AreaKm2 => "Area",
    },
    figure_unit: |key| match key {
        FigureKey::AreaKm2 => "km²",
        FigureKey::Population | FigureKey::Districts => "",
    },
    modules_heading: "Take part and stay informed",
    module_summary: |module| match module {
        Module::Budget => {
            "Propose ideas for the city budget, support them and vote on what gets built."
        }
        Module::Defects => {
            "Report potholes, broken street lights or dumped rubbish with a photo and location, and follow the progress."
        }
        Module::Participation => {
            "Comment on draft plans, concepts and bylaws before the council decides."
        }
        Module::Votes => "Take part in the city's polls and votes – secret and verifiable.",
        Module::Council => {
            "Read meetings, agendas, papers and decisions of the council and its committees."
        }
    },
    module_details: |module| match module {
        Module::Budget => &[
            "In the participatory budget the city sets aside part of its budget for ideas from its residents.",
            "You submit ideas, the administration checks feasibility and cost, and in the ballot you decide which projects are carried out. Afterwards you follow their implementation here.",
        ],
        Module::Defects => &[
            "Report damage and litter in public spaces directly to the department in charge.",
            "Choose a category, mark the place and add up to five photos. Every report gets a number under which you can follow its progress.",
        ],
        Module::Participation => &[
            "In online consultations the city publishes drafts such as plans, concepts or bylaws.",
            "You comment on individual sections, the administration answers every comment, and the weighing of all comments is published.",
        ],
        Module::Votes => &[
            "In polls and votes every eligible person casts exactly one vote.",
            "Your vote is stored separately from your name. With a receipt you can check after the end that it was counted.",
        ],
        Module::Council => &[
            "The council information system shows all public meetings, agendas, papers and decisions.",
            "All data is also published as open data in the OParl standard.",
        ],
    },
    module_not_yet_available: "This area is not yet in operation in this installation. As soon as it is switched on, you will find it here.",

    council_open_data_heading: "Open council data (OParl)",
    council_open_data_text: "All public council data – committees, people, meetings, agendas and papers – is already available in machine-readable form in the OParl 1.1 standard, free to use for apps, research and archives.",
    council_open_data_link: "Go to the OParl interface",

    not_found_title: "Page not found",
    not_found_text: "There is no page at this address. Perhaps there is a typo, or the page has moved.",
    back_home: "Go to the home page",

    imprint_provider: "Provider",
    imprint_represented_by: "Represented by",
    imprint_contact: "Contact",
    phone: "Phone",
    email: "Email",
    imprint_content_note: "Residents are responsible for the content they publish. The city reviews reported posts and removes unlawful content.",
    imprint_software: "This platform runs on the free software “Digitale Stadt” (licence AGPL-3.0-or-later).",

    privacy_sections: &[
        Section {
            heading: "What is stored when you visit these pages",
            paragraphs: &[
                "For every request the server logs the time, the address requested, the response code and a random request id, in order to find faults. Your IP address is not stored.",
                "These pages use no analytics cookies, no tracking pixels, and load nothing from other servers (no external fonts, maps or videos).",
            ],
        },
        Section {
            heading: "Storage in your browser",
            paragraphs: &[
                "When you switch the language, your browser remembers your choice in its local storage (entry “ds-lang”). This is technically necessary for the function you asked for (§ 25(2) TDDDG) and never leaves your device. You can delete the entry in your browser settings at any time.",
            ],
        },
        Section {
            heading: "Account and sign-in",
            paragraphs: &[
                "For an account we store your username, display name and role, the public key and name of each passkey, and your recovery codes only as irreversible hashes. We store no e-mail address and no password.",
                "While you are signed in your browser holds two cookies: “ds_access” (valid for 15 minutes) and “ds_refresh” (until 30 days after last use). They are technically necessary for signing in (§ 25(2) TDDDG), unreadable by scripts and deleted when you sign out. With every sign-in we store the browser and system (e.g. “Firefox on Android”) so that you can recognise your devices and sign them out.",
                "To prevent abuse the server counts sign-in attempts and contributions per IP address and account for one minute in memory; the IP address is not stored.",
                "Under “My account” you download all stored data and delete your account yourself.",
            ],
        },
        Section {
            heading: "Participatory budget",
            paragraphs: &[
                "Proposals and comments are public with your display name. Supports, ratings and your ballot are stored with your account so that everyone votes once and can change their ballot until voting closes; ballots are only published without names, under random numbers, so that anyone can recompute the result.",
                "Voting with a printed voting code needs no account: only a check value of the code is stored, which says nothing about the person.",
            ],
        },
        Section {
            heading: "Legal basis",
            paragraphs: &[
                "The city operates this platform to fulfil its public tasks (Art. 6(1)(e) GDPR together with the Data Protection Act of North Rhine-Westphalia).",
            ],
        },
        Section {
            heading: "Your rights",
            paragraphs: &[
                "You have the right of access, rectification, erasure and restriction of processing, the right to data portability and the right to object (Art. 15 to 21 GDPR).",
                "You can lodge a complaint with the supervisory authority: the State Commissioner for Data Protection and Freedom of Information of North Rhine-Westphalia.",
            ],
        },
    ],
    privacy_controller: "Controller",
    privacy_officer: "Data protection officer",

    accessibility_sections: &[
        Section {
            heading: "Scope",
            paragraphs: &[
                "The city strives to make this platform accessible in accordance with the Disability Equality Act of North Rhine-Westphalia and the accessible information technology regulation BITV NRW. The standard is the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA.",
            ],
        },
        Section {
            heading: "Compliance status",
            paragraphs: &[
                "This platform is partially compliant with these requirements.",
                "With every change of the software, each page is checked automatically with the axe-core tool for violations of WCAG 2.1 A and AA and operated by keyboard. A complete BITV test by an independent body is still pending.",
                "All pages can be used by keyboard alone, have a skip link to the content, visible focus outlines, and announce page changes to screen readers. They work from 320 pixels wide and at 200 % zoom without loss of information.",
            ],
        },
        Section {
            heading: "Content that is not accessible",
            paragraphs: &[
                "Information in Easy Language (Leichte Sprache) and in German Sign Language is not offered yet.",
            ],
        },
        Section {
            heading: "Enforcement procedure",
            paragraphs: &[
                "If you do not receive a satisfactory answer to your feedback, you can contact the ombudsperson for accessible information technology of North Rhine-Westphalia. The procedure is free of charge.",
            ],
        },
    ],
    accessibility_feedback_heading: "Report a barrier",
    accessibility_feedback_text: "Have you found a barrier, or do you need content in another form? Write to us:",
    accounts: AccountTexts {
        my_account: "My account",
        administration: "Administration",
        sign_in_intro: "You sign in with a passkey: your phone or computer confirms it is you by fingerprint, face or device PIN. There is no password.",
        sign_in_button: "Sign in with a passkey",
        sign_in_with_username: "Sign in with your username",
        already_signed_in: |name| format!("You are signed in as {name}."),
        username_label: "Username",
        username_hint: "3 to 32 characters: letters a–z, digits, dot, underscore or hyphen.",
        display_name_label: "Display name",
        display_name_hint: "How you appear next to your contributions, e.g. “Anna M.”.",
        no_account: "No account yet?",
        register_link: "Register now",
        lost_passkey: "Lost your passkey?",
        recover_link: "Sign in with a recovery code",

        register_title: "Register",
        register_intro: "Your account needs only a username and a passkey on this device. We store no e-mail address and no password.",
        register_with_invite: "You are registering with an invitation; your account gets the role it grants.",
        register_button: "Create passkey and register",
        default_passkey_name: "First device",
        recovery_codes_title: "Your recovery codes",
        recovery_codes_text: "These codes get you back into your account if you lose your passkey. Each code works once. Print them or keep them in your password manager – they are shown only now.",
        recovery_codes_saved: "I have stored the codes safely.",
        continue_to_account: "Continue to my account",

        recover_title: "Sign in with a recovery code",
        recover_intro: "Enter your username and one of your recovery codes. Then create a new passkey on this device.",
        code_label: "Recovery code",
        code_hint: "For example K7QM-2XPD-9HWA. Upper or lower case does not matter.",
        recover_button: "Check code and create a new passkey",

        role_label: "Role",
        role_name: |role| match role {
            Role::Citizen => "Citizen",
            Role::Moderator => "Moderator",
            Role::Staff => "City staff",
            Role::Council => "Council member",
            Role::Admin => "Administrator",
        },
        member_since: "Member since",
        blocked_notice: |reason| {
            format!("Your account is blocked. You can read but not contribute. Reason: {reason}")
        },
        signed_out_notice: "You are not signed in.",
        sign_out: "Sign out",
        passkeys_heading: "Passkeys",
        passkey_name_label: "Name of the new passkey",
        passkey_name_hint: "So you recognise it later, e.g. “Phone” or “Laptop”.",
        add_passkey: "Add passkey",
        passkey_added: "The passkey was added.",
        remove: "Remove",
        created_on: |date| format!("created {date}"),
        last_used_on: |date| format!("last used {date}"),
        sessions_heading: "Signed-in devices",
        this_device: "this device",
        end_session: "Sign out",
        end_all_sessions: "Sign out everywhere",
        data_heading: "Your data",
        export_text: "Download everything we store about your account (Art. 15 and 20 GDPR) as one JSON file.",
        export_link: "Download my data",
        delete_heading: "Delete account",
        delete_text: "Your username, name, passkeys and sessions are deleted. Your contributions remain and are shown as from a “deleted account”. This cannot be undone.",
        delete_confirm_label: |username| format!("To confirm, type your username “{username}”"),
        delete_button: "Delete account for good",
        delete_mismatch: "The username you typed does not match.",

        search_label: "Username or name",
        search_button: "Search",
        accounts_heading: "Accounts",
        no_accounts_found: "No accounts found.",
        departments_label: "Departments",
        departments_hint: "Separate several with commas, e.g. “Tiefbauamt, Grünflächenamt”.",
        save_departments: "Save departments",
        save_role: "Save role",
        saved: "Saved.",
        block_reason_label: "Reason for the block (shown to the person)",
        block: "Block",
        unblock: "Unblock",
        blocked: "blocked",
        invite_heading: "Create an invitation",
        invite_text: "An invitation link works once and for 72 hours. Whoever registers with it gets the chosen role.",
        invite_button: "Create invitation link",
        invite_created: |until| format!("Invitation link, valid until {until}:"),
        audit_heading: "Audit log",
        audit_at: "Time",
        audit_action: "Action",
        audit_target: "Concerns",
        audit_detail: "Details",
        not_allowed: "This page is for moderators and administrators.",

        moderation_title: "Moderation",
        queue_empty: "No open reports.",
        content_kind: |kind| match kind {
            ContentKind::Profile => "Display name",
            ContentKind::BudgetProposal => "Budget proposal",
            ContentKind::BudgetComment => "Comment on a budget proposal",
            ContentKind::ConsultationComment => "Comment on a draft",
            ContentKind::DebateArgument => "Argument in a debate",
        },
        report_reason: |reason| match reason {
            ReportReason::Spam => "Spam or advertising",
            ReportReason::Offensive => "Offensive or hateful",
            ReportReason::OffTopic => "Does not belong here",
            ReportReason::PersonalData => "Contains personal data",
        },
        visibility: |visibility| match visibility {
            Visibility::Visible => "visible",
            Visibility::Pending => "hidden until reviewed",
            Visibility::Hidden => "hidden",
        },
        decision_reason_label: "Reason (shown to the author when hiding)",
        hide: "Hide",
        restore: "Show again",
        own_content_notice: |kind, visibility, reason| {
            let what = match kind {
                ContentKind::Profile => "Your display name",
                ContentKind::BudgetProposal => "Your budget proposal",
                ContentKind::BudgetComment => "Your comment on a budget proposal",
                ContentKind::ConsultationComment => "Your comment on a draft",
                ContentKind::DebateArgument => "Your argument in a debate",
            };
            match (visibility, reason) {
                (Visibility::Hidden, Some(reason)) => {
                    format!("{what} was hidden by the moderators. Reason: {reason}")
                }
                _ => format!(
                    "{what} was reported several times and is hidden until the moderators have reviewed it."
                ),
            }
        },

        report_button: "Report",
        report_reason_label: "Reason",
        report_note_label: "Note (optional)",
        report_send: "Send report",
        reported: "Thank you. The moderators will look at it.",
        hidden_by_moderation: "Hidden by the moderators.",
        passkey_unsupported: "Your browser does not support passkeys. Please use a current browser such as Firefox, Chrome, Safari or Edge.",
        passkey_cancelled: "The request was cancelled or took too long. Please try again.",
        passkey_already_registered: "This device already holds a passkey for this account.",
        passkey_failed: |name| format!("The passkey could not be used ({name}). Please try again."),
    },
    reader: CouncilTexts {
        calendar_heading: |month| format!("Meetings in {month}"),
        month_name: |month| match month {
            1 => "January",
            2 => "February",
            3 => "March",
            4 => "April",
            5 => "May",
            6 => "June",
            7 => "July",
            8 => "August",
            9 => "September",
            10 => "October",
            11 => "November",
            _ => "December",
        },
        previous_month: "Previous month",
        next_month: "Next month",
        organization_filter: "Committee",
        all_organizations: "All committees",
        no_meetings: "There are no meetings this month.",
        cancelled: "cancelled",
        subscribe_heading: "Meetings in your calendar",
        subscribe_text: "Subscribe to the meeting dates in your calendar app (iCalendar). New and moved meetings appear there by themselves.",
        subscribe_all: "Subscribe to all meetings",
        subscribe_organization: |name| format!("Subscribe to meetings of “{name}”"),
        meeting_when: "When",
        meeting_where: "Where",
        meeting_state: "Status",
        organizations: "Committees",
        agenda: "Agenda",
        no_agenda: "No agenda has been published for this meeting yet.",
        public: "public",
        not_public: "not public",
        result: "Result",
        resolution: "Resolution",
        to_paper: |reference| format!("Paper {reference}"),
        files: "Documents",
        open_file: "View",
        download_file: "Download",
        file_size: |bytes| {
            if bytes >= 1_000_000 {
                format!("{}.{} MB", bytes / 1_000_000, (bytes % 1_000_000) / 100_000)
            } else {
                format!("{} kB", bytes.div_ceil(1000))
            }
        },
        paper_reference: "Reference",
        paper_type: "Type",
        paper_date: "Date",
        originators: "Submitted by",
        consultations: "Consultations",
        authoritative: "decides",
        to_meeting: "To the meeting",
        related_papers: "Related papers",
        locations: "Places",
        back_to_calendar: "To the meeting calendar",
        search_label: "Search papers, meetings and documents",
        search_button: "Search",
        search_title: "Search the council information",
        results_count: |n, q| match n {
            1 => format!("1 result for “{q}”"),
            n => format!("{n} results for “{q}”"),
        },
        no_results: |q| format!("No results for “{q}”. Try another or a more general word."),
        kind_paper: "Paper",
        kind_meeting: "Meeting",
        type_label: "Type",
        type_all: "Papers and meetings",
        sort_label: "Order",
        sort_relevance: "by relevance",
        sort_date: "by date",
        found_in: |name| format!("found in “{name}”"),
        members: "Members",
        memberships: "Memberships",
        since: |date| format!("since {date}"),
        subscribe_person: "Subscribe to the meetings of these committees",
        classification: "Kind",
        date_from: "Date from",
        date_until: "Date until",
        view_list: "List",
        view_month: "Month",
        weekday: |day, short| match (day, short) {
            (0, true) => "Mon",
            (1, true) => "Tue",
            (2, true) => "Wed",
            (3, true) => "Thu",
            (4, true) => "Fri",
            (5, true) => "Sat",
            (6, true) => "Sun",
            (0, false) => "Monday",
            (1, false) => "Tuesday",
            (2, false) => "Wednesday",
            (3, false) => "Thursday",
            (4, false) => "Friday",
            (5, false) => "Saturday",
            _ => "Sunday",
        },
        on_map: "on the map (OpenStreetMap)",
        save_offline: "Save for offline reading",
        offline_saved: |date, size| format!("Saved for offline reading on {date} ({size})."),
        offline_now: "The meeting with its papers and documents can now be read without a connection.",
        offline_failed: "The meeting could not be saved for offline reading. Please check the connection and try again.",
        refresh_offline: "Refresh offline copy",
        remove_offline: "Remove offline copy",
        offline_removed: "The offline copy was removed.",
        saved_meetings: "Meetings saved for offline reading",
        storage_used: |size| format!("Storage this site uses in the browser: {size}"),
    },
    council_edit: CouncilEditTexts {
        new_meeting: "Create a meeting",
        organization_label: "Committee",
        name_label: "Title",
        start_label: "Start",
        end_label: "End",
        room_label: "Place",
        room_hint: "e.g. Room 202, Stadthaus 3",
        state_label: "State",
        create_meeting_button: "Create meeting",
        time_missing: "Please enter the date and time the meeting starts.",
        edit_heading: "Edit this meeting",
        add_item_heading: "Add an agenda item",
        item_number_label: "Number",
        item_name_label: "Subject",
        item_public_label: "Public",
        paper_legend: "Paper for this item (optional)",
        paper_name_label: "Title of the paper",
        paper_reference_label: "Reference number",
        paper_type_label: "Kind of paper",
        pdf_label: "PDF file",
        add_item_button: "Add item",
        item_added: "The agenda item was added.",
        results_heading: "Record results",
        result_label: "Result",
        result_none: "– none yet –",
        resolution_label: "Resolution text",
        save_result_button: "Save result",
        result_saved: "The result was saved.",
        attach_heading: "Attach a document",
        document_kind_label: "Kind of document",
        document_invitation: "Invitation",
        document_results_protocol: "Minutes of results",
        document_verbatim_protocol: "Verbatim minutes",
        document_auxiliary: "Other attachment",
        document_name_label: "Title of the document",
        attach_button: "Upload and attach",
        attached: "The document was attached.",
        choose_pdf: "Please choose a PDF file.",
    },
    budgets: BudgetTexts {
        cycles_heading: "Participatory budgets",
        no_cycles: "There is no participatory budget yet.",
        new_cycle: "Set up a new participatory budget",
        rules_link: "How results are computed",
        rules: &[
            Section {
                heading: "Timeline",
                paragraphs: &[
                    "A participatory budget has six phases with fixed dates: proposals, review, support, ballot, results and implementation. The dates and all rules are fixed before voting opens and are published here and on the budget's page.",
                    "The administration reviews every proposal and states in public whether it is feasible, who is responsible and what it costs once and per year. Only feasible proposals go to the ballot; where supports are used, only those with enough supports.",
                ],
            },
            Section {
                heading: "Who votes",
                paragraphs: &[
                    "Everyone with an account or a printed voting code can vote, once per participatory budget. The ballot can be changed until voting closes; the last version counts.",
                    "The ballot lists the city-wide projects and those of one district of your choice. Each budget is computed on its own.",
                ],
            },
            Section {
                heading: "By votes (greedy)",
                paragraphs: &[
                    "Projects are ordered by their number of votes. In that order each project is funded if it still fits into the money left; a project that no longer fits is skipped, and cheaper ones after it may still fit. Projects without votes are not funded.",
                ],
            },
            Section {
                heading: "Method of Equal Shares",
                paragraphs: &[
                    "Everyone who voted in a budget receives an equal share of it. A project can be funded if the people who chose it can pay its cost together from their shares. They pay equal amounts; whoever has less left pays all they have and the others cover the rest.",
                    "Each round funds the project where the largest amount a single supporter has to pay is smallest relative to its cost (satisfaction by cost: choosing a project counts its cost as benefit). The next round starts with the money people have left, until no further project can be paid for.",
                    "Completion: because money is often left over, everyone's share is raised in steps of 1 € and the computation repeated while the outcome still fits the real budget; the last fitting outcome counts. Money still left then goes, in order of votes, to the projects that still fit.",
                ],
            },
            Section {
                heading: "Ties",
                paragraphs: &[
                    "If two projects have the same number of votes (or, with equal shares, the same priority), the cheaper one comes first; if they cost the same, the one with the smaller number.",
                ],
            },
            Section {
                heading: "Recompute it yourself",
                paragraphs: &[
                    "After voting, every budget's ballots are published without names in the Pabulib format (pabulib.org) and all projects as CSV. With these files anyone can recompute the result with their own software; the endpoint /api/v1/budgets/pabulib/check computes such a file by both rules.",
                ],
            },
        ],
        next_phase: |phase, date| format!("Next: {phase} from {date}"),
        check_heading: "Recompute a Pabulib file",
        check_file_label: "Pabulib file (.pb) with approval ballots",
        check_button: "Recompute",
        check_facts: |projects, voters, budget| {
            format!("{projects} projects, {voters} ballots, budget {budget}")
        },
        selected_in_file: "Marked as funded in the file",
        phase_name: |phase| match phase {
            PhaseKind::Proposals => "Proposals",
            PhaseKind::Review => "Review",
            PhaseKind::Preselection => "Support",
            PhaseKind::Ballot => "Ballot",
            PhaseKind::Results => "Results",
            PhaseKind::Implementation => "Implementation",
        },
        phase_does: |phase| match phase {
            PhaseKind::Proposals => "Submit proposals and comment on those of others.",
            PhaseKind::Review => {
                "The administration reviews feasibility and cost and gives public reasons."
            }
            PhaseKind::Preselection => {
                "Support feasible proposals; supported ones go to the ballot."
            }
            PhaseKind::Ballot => {
                "Choose city-wide projects and those of one district, as far as the budget goes."
            }
            PhaseKind::Results => {
                "The results are final and can be recomputed from the published data."
            }
            PhaseKind::Implementation => {
                "The city carries out the chosen projects and reports progress."
            }
        },
        current_phase: "Current phase",
        not_started: "Not started yet",
        finished: "Finished",
        phases_heading: "Timeline",
        from_to: |from, to| format!("{from} to {to}"),
        budget_heading: "Budget",
        city_wide: "City-wide",
        total: "Total",
        proposals_heading: "Proposals",
        district_label: "District",
        all: "All",
        category_label: "Category",
        no_proposals: "No proposals found.",
        status: |status| match status {
            ProposalStatus::Submitted => "under review",
            ProposalStatus::Feasible => "feasible",
            ProposalStatus::NotFeasible => "not feasible",
            ProposalStatus::Merged => "merged",
        },
        propose_button: "Submit a proposal",
        proposals_left: |n| format!("You can submit {n} more proposals."),
        to_ballot: "To the ballot",
        to_results: "To the results",
        staff_heading: "Administration",
        advance_button: "Start the next phase now",
        advanced: "The next phase has started.",
        codes_heading: "Voting codes for people without an account",
        codes_count_label: "Number",
        codes_note_label: "Purpose, e.g. Hiltrup citizens' office",
        codes_button: "Create codes",
        codes_created: "Print or save the codes now: they will not be shown again.",
        sign_in_first: "Please sign in to take part.",
        title_label: "Title",
        description_label: "Description",
        description_hint: "What should happen, where and why? Markdown is allowed.",
        cost_label: "Estimated cost in euros",
        location_label: "Place (optional)",
        use_position: "Use my location",
        position_failed: "Your location could not be found. Allow access or leave the place empty.",
        remove_position: "Remove place",
        on_map: "View on OpenStreetMap",
        submit_button: "Send proposal",
        similar_heading: "Similar proposals – does your idea exist already?",
        by: |name| format!("by {name}"),
        paper_or_phone: "submitted on paper or by phone",
        cost: "Cost",
        review_heading: "Review by the administration",
        feasible: "feasible",
        not_feasible: "not feasible",
        department: "Responsible",
        cost_once: "One-off cost",
        cost_yearly: "Follow-up cost per year",
        merged_into: "Merged into proposal",
        support_button: "Support",
        withdraw_button: "Withdraw support",
        supports: |n| format!("{n} supports"),
        counts_hidden: "Counts are published when the support phase ends.",
        rating_name: |rating| match rating {
            Rating::Approve => "in favour",
            Rating::Reject => "against",
            Rating::Neutral => "neutral",
            Rating::CannotJudge => "cannot judge",
        },
        rating_legend: "Your rating",
        comments_heading: "Comments",
        comment_label: "Your comment",
        comment_button: "Comment",
        reply_button: "Reply",
        reply_label: "Your reply",
        no_comments: "No comments yet.",
        review_form_heading: "Enter the review",
        reason_label: "Reason (published)",
        merge_label: "Merge into proposal no. (optional)",
        save_button: "Save",
        saved: "Saved.",
        milestones_heading: "Implementation",
        milestone_status: |status| match status {
            MilestoneStatus::Planned => "planned",
            MilestoneStatus::InProgress => "in progress",
            MilestoneStatus::Done => "done",
        },
        council_paper: "Council decision (paper)",
        milestone_title_label: "New milestone",
        progress_label: "Progress in percent",
        date_label: "Date",
        outcome: |outcome, lang| match outcome {
            ProjectOutcome::Won => "Funded.".to_owned(),
            ProjectOutcome::WonInCompletion => {
                "Funded from the money left after equal shares.".to_owned()
            }
            ProjectOutcome::Missed {
                euros,
                votes: Some(votes),
            } => format!(
                "Not funded: when its turn came, {} were missing; {votes} more votes would have funded it.",
                lang.format_number(*euros as f64, 0) + " €"
            ),
            ProjectOutcome::Missed { euros, votes: None } => {
                format!(
                    "Not funded: when its turn came, {} were missing.",
                    lang.format_number(*euros as f64, 0) + " €"
                )
            }
            ProjectOutcome::SupportersShort { supporters_money } => format!(
                "Not funded: its supporters had only {} of their equal shares left, less than its cost.",
                lang.format_number(*supporters_money as f64, 0) + " €"
            ),
            ProjectOutcome::NoVotes => "Not funded: it received no votes.".to_owned(),
        },
        ballot_heading: "Ballot",
        ballot_intro: |style| {
            match style {
        BallotStyle::Knapsack { .. } => "Choose projects until the budget is spent. You can vote city-wide and in one district.".to_owned(),
        BallotStyle::Approval { max_choices } => format!("Choose up to {max_choices} projects city-wide and in one district."),
    }
        },
        remaining: |left| format!("Left to spend: {left}"),
        home_district_label: "Your district (optional)",
        no_district: "– none –",
        code_label: "Voting code (only without an account)",
        cast_button: "Cast ballot",
        cast_done: "Your ballot is saved. You can change it until the ballot closes.",
        over_budget: "The selection exceeds the budget.",
        results_heading: "Results",
        rule_name: |rule| match rule {
            ResultRule::Greedy => "by votes (greedy)",
            ResultRule::Mes => "Method of Equal Shares",
        },
        votes: |n| format!("{n} votes"),
        spent_of: |spent, amount| format!("{spent} of {amount} spent"),
        voters: |n| format!("{n} ballots"),
        downloads: "Data to recompute",
        csv_file: "All projects (CSV)",
        csv_ballots: "All ballots without names (CSV)",
        new_heading: "New participatory budget",
        categories_label: "Categories, separated by commas",
        city_amount_label: "City-wide budget in euros",
        district_pool_label: "District budgets in euros (split by population)",
        start_label: "Start of the proposal phase",
        weeks_label: "Length of each phase in weeks",
        limit_label: "Proposals per person",
        supports_max_label: "Supports per person",
        threshold_label: "Supports needed for the ballot",
        approval_label: "Ballot: at most this many projects (empty: spend the budget)",
        rule_label: "How results are computed",
        create_button: "Create",
    },
    defect_reports: DefectTexts {
        status: |status| match status {
            DefectStatus::Neu => "new",
            DefectStatus::InPruefung => "being checked",
            DefectStatus::InBearbeitung => "in progress",
            DefectStatus::Erledigt => "fixed",
            DefectStatus::Abgelehnt => "declined",
            DefectStatus::Duplikat => "duplicate",
            DefectStatus::NichtZustaendig => "not our responsibility",
        },
        overdue: "overdue",
        no_reports: "No reports for this selection.",
        report_title: |number, category| {
            if category.is_empty() {
                format!("Report {number}")
            } else {
                format!("Report {number}: {category}")
            }
        },
        affected: |n| {
            if n == 1 {
                "1 more person affected".into()
            } else {
                format!("{n} more people affected")
            }
        },
        all_statuses: "all",
        open_ones: "open",
        closed_ones: "closed",
        intro: "Potholes, broken street lights, fly-tipping: report problems in the city with a location and a photo. The office in charge answers here in public.",
        report_button: "Report a problem",
        mine_link: "My reports",
        inbox_link: "Handle reports",
        category_label: "Category",
        all_categories: "all categories",
        status_label: "Status",
        period_label: "Reported",
        period: |days| match days {
            Some(days) => format!("in the last {days} days"),
            None => "any time".into(),
        },
        map_label: "Map of the reports",
        map_note: "The map shows the same reports as the list below. Tap a marker to go to its report.",
        list_heading: "Reports",
        count: |n| {
            if n == 1 {
                "1 report".into()
            } else {
                format!("{n} reports")
            }
        },
        open_data_heading: "Open data",
        open_data_text: "All reports of the chosen selection to download. Coordinates are rounded to about 100 metres.",
        too_many_photos: |n| format!("At most {n} photos per report."),
        position_failed: "Your location could not be found. Please tap the place on the map.",
        location_missing: "Please give the place: on the map, with your location or from a photo.",
        form_heading: "Report a problem",
        form_intro: "A report needs a category, the place and a short description. Photos help the city a lot. You do not need an account.",
        step_category: "1. What is broken?",
        group_label: "Area",
        kind_label: "Kind of problem",
        expected: |days| format!("Usually handled within {days} working days."),
        step_photos: "2. Photos (optional)",
        photos_label: |n| format!("Choose or take photos (up to {n})"),
        photos_hint: "JPEG or PNG. If a photo knows where it was taken, we suggest that place. Location, camera and time are removed from photos before they are published.",
        uploading: "Uploading photo",
        photo_alt: |n| format!("Photo {n} of the report"),
        remove_photo: |n| format!("Remove photo {n}"),
        step_location: "3. Where?",
        location_hint: "Tap the place on the map, use your location or find the street.",
        pick_map_label: "Map: tap the place of the problem",
        no_location_yet: "No place chosen yet.",
        use_position: "Use my location",
        address_label: "Address or description of the place",
        address_hint: "Type a street name and choose “Find address”, or describe the place, e.g. “in front of number 12”",
        nearby_heading: "Has this been reported already?",
        nearby_intro: "There are open reports of the same kind nearby. If it is the same problem, say “Me too” and follow its progress there.",
        step_description: "4. Description",
        description_label: "What is wrong?",
        step_contact: "5. Contact (optional)",
        contact_hint: "With an e-mail address the city can ask you questions. It is never published.",
        name_label: "Name",
        name_public_label: "Show my name with the report",
        email_label: "E-mail address",
        send_button: "Send report",
        from_map: "Place on the map",
        from_device: "Your location",
        from_photo: "Place taken from the photo – please check",
        from_address: "Street from the register – please set it more exactly on the map",
        find_address: "Find address",
        no_places: "No street of that name found. Please tap the place on the map.",
        places_found: "Streets and squares found – please choose:",
        distance: |m| format!("{m} m away"),
        me_too: |n| format!("Me too (report {n})"),
        thanks_heading: "Thank you for your report",
        thanks_number: |n| format!("Your report has the number {n}."),
        thanks_department: |department, days, by| {
            format!(
                "It goes to: {department}. It is usually handled within {days} working days (by {by})."
            )
        },
        thanks_follow: "Under “My reports” you can always see its status and the city's answers – on this device even without an account.",
        department_label: "Office in charge",
        reported_label: "Reported",
        closed_label: "Closed",
        expected_label: "Planned to be done by",
        place_label: "Place",
        reporter_label: "Reported by",
        contact_label: "Contact (for the city only)",
        duplicate_of_label: "Duplicate of",
        affected_label: "Others affected",
        me_too_done: "Thank you! You are counted as affected and find the report under “My reports”.",
        me_too_anonymous: "Without an account we count you and remember the report on this device.",
        following: "You follow this report.",
        history_heading: "History",
        back_to_overview: "All reports",
        saved: "Saved. The reporter sees the answer.",
        staff_heading: "Handle",
        change_status: "Change status",
        public_answer_label: "Public answer",
        save_status: "Save status",
        reassign_heading: "Hand on",
        reason_label: "Public reason",
        reassign_button: "Hand on",
        merge_number_missing: "Please give the number of the original report.",
        merge_heading: "Close as duplicate",
        merge_label: "Number of the original report",
        merge_hint: "Whoever follows this report follows the original afterwards.",
        merge_button: "Merge",
        mine_heading: "My reports",
        mine_intro: "Reports you sent or said “Me too” to, with their current status.",
        staff_only: "This page is for the staff of the city administration.",
        all_departments: "all offices",
        only_overdue: "overdue only",
        figures_heading: "Figures",
        by_department: "By office",
        by_category: "By category",
        figures_name: "Name",
        figures_open: "open",
        figures_overdue: "overdue",
        figures_closed: "closed",
        figures_duplicates: "duplicates",
        hidden_badge: "hidden",
        hide_heading: "Take out of public view",
        hide_reason_label: "Reason (seen only by the city and the reporter)",
        hide_button: "Hide report",
        show_button: "Show in public again",
        hidden_notice: |reason| format!("This report is not public. Reason: {reason}"),
        categories_heading: "Categories of the defect reporter",
        categories_caption: "What can be reported, where it goes and how long it should take",
        categories_link: "Set up categories",
        days_label: "Processing time in working days",
        active_label: "Open for new reports",
        edit_button: "Edit",
        yes: "yes",
        no: "no",
        edit_category: |name| format!("Edit category “{name}”"),
        new_category: "New category",
        question_kind: |kind| match kind {
            QuestionKind::Text => "free text",
            QuestionKind::Number => "number",
            QuestionKind::SingleChoice => "one choice",
            QuestionKind::MultiChoice => "several choices",
        },
        days_invalid: "Please give the processing time as a whole number of working days.",
        code_label: "Code",
        code_hint: "Lower-case letters, digits and hyphens; also the Open311 service code. Cannot be changed later.",
        category_description_label: "Explanation for reporters",
        keywords_label: "Keywords, separated by commas",
        questions_heading: "Extra questions",
        question_number: |n| format!("Question {n}"),
        question_label: "Question",
        question_kind_label: "Kind of answer",
        options_label: "Choices, separated by commas",
        required_label: "An answer is required",
        remove_question: |n| format!("Remove question {n}"),
        add_question: "Add question",
        save_category: "Save category",
        figures_median: "Median days to close",
    },
    polls: PollTexts {
        new_poll: "Set up a new poll",
        no_polls: "There are no polls at the moment.",
        phase: |phase| match phase {
            PollPhase::Upcoming => "starts soon",
            PollPhase::Open => "open",
            PollPhase::Closed => "closed",
        },
        window: |from, until| format!("from {from} until {until}"),
        ballots: |n| match n {
            1 => "1 vote cast".into(),
            n => format!("{n} votes cast"),
        },
        only_district: |name| format!("For people who live in {name}"),
        sign_in_to_vote: "Sign in to vote. Everyone has one vote.",
        already_voted: "You have voted in this poll. Thank you!",
        opens_later: |at| format!("The poll opens on {at}."),
        closed: "The poll has closed.",
        ballot_heading: "Your ballot",
        secrecy_note: "Your vote is secret. We store that you voted and, separately, your ballot without your name. With the receipt code you can check after the close that it was counted.",
        required: "required",
        optional: "optional",
        at_most: |k| match k {
            1 => "Choose one answer.".into(),
            k => format!("Choose at most {k} answers."),
        },
        rank_hint: "Give your first choice rank 1, your second rank 2 and so on. You do not have to rank everything.",
        not_ranked: "not ranked",
        rank: |n| format!("Rank {n}"),
        rank_twice: "Each rank can be given only once.",
        cast_button: "Cast vote",
        receipt_heading: "Your vote has been cast",
        receipt_text: "Write down this receipt code; it is shown only now. After the close, use it on this page to check that your ballot was counted. The code does not tell anyone how you voted.",
        check_heading: "Check a receipt",
        check_label: "Receipt code",
        check_button: "Check",
        receipt_status: |status| match status {
            ReceiptStatus::Received => {
                "Your ballot has been received. It is counted when the poll closes."
            }
            ReceiptStatus::Counted => "Your ballot was counted.",
            ReceiptStatus::Unknown => {
                "There is no ballot with this code in this poll. Please check what you typed."
            }
        },
        results_heading: "Result",
        live_results: "Interim count: the poll is still open.",
        results_later: |at| {
            format!(
                "The result is published after the close on {at}. Until then nobody sees it, the city's staff included."
            )
        },
        answered: |n| match n {
            1 => "1 answer".into(),
            n => format!("{n} answers"),
        },
        votes: |n| match n {
            1 => "1 vote".into(),
            n => format!("{n} votes"),
        },
        points: |n| format!("{n} points"),
        first_choices: |n| match n {
            1 => "first choice once".into(),
            n => format!("first choice {n} times"),
        },
        winners: "Ahead",
        rule_explained: |rule| match rule {
            RankingRule::Borda => {
                "Counted by Borda: with n options a first rank earns n−1 points, a second n−2 and so on; unranked options earn nothing."
            }
            RankingRule::InstantRunoff => {
                "Counted as instant runoff: the option with the fewest first choices drops out and its ballots count for their next choice, until one option has more than half. In a tie, the option with fewer votes in earlier rounds drops out, otherwise the one listed lower."
            }
        },
        round: |n| format!("Round {n}"),
        drops_out: |name| format!("drops out: {name}"),
        exhausted: |n| format!("{n} ballots with no further choice"),
        free_answers: "Answers",
        ballots_csv: "All ballots without names (CSV)",
        close_now: "Close the poll now",
        new_heading: "New poll",
        title_label: "Title",
        description_label: "Description (Markdown)",
        who_votes_label: "Who may vote?",
        whole_city: "Everyone in the city",
        opens_label: "Opens",
        closes_label: "Closes",
        results_label: "Show the result",
        results_after_close: "only after the close",
        results_live: "while the poll is open (survey)",
        question: |n| format!("Question {n}"),
        question_text_label: "Question",
        kind_label: "Kind of answer",
        kinds: [
            "one answer",
            "several answers",
            "ranking, by Borda",
            "ranking, instant runoff",
            "free text",
        ],
        max_choices_label: "At most this many answers",
        options_label: "Options, one per line",
        required_label: "Required",
        add_question: "Another question",
        remove_question: "Remove question",
        create_button: "Set up poll",
        home_district_label: "Your district",
        home_district_hint: "In polls about one district, the people who live there vote. What you state is not checked against the residents' register; please state it truthfully.",
        no_district: "not stated",
        home_district_save: "Save district",
        home_district_saved: "Your district has been saved.",
    },
};
