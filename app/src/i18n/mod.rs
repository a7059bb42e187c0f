//! Every text the app shows lives in one catalogue per language: `de.rs` and
//! `en.rs`. Both fill the same [`Texts`] struct, so a text missing in one
//! language is a compile error, not a blank on screen.

mod de;
mod en;

use dioxus::prelude::*;
use shared::{
    accounts::Role,
    budget::{
        BallotStyle, MilestoneStatus, PhaseKind, ProjectOutcome, ProposalStatus, Rating, ResultRule,
    },
    city::FigureKey,
    consultations::{ConsultationPhase, Decision, Side},
    defects::{DefectStatus, QuestionKind},
    moderation::{ContentKind, ReportReason, Visibility},
    polls::{PollPhase, RankingRule, ReceiptStatus},
};

use crate::browser;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    De,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    /// BCP 47 code, as used in `<html lang>` and in the stored preference.
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|lang| lang.code() == code)
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::De => &de::DE,
            Lang::En => &en::EN,
        }
    }

    /// The language the switch offers from this one.
    pub fn other(self) -> Self {
        match self {
            Lang::De => Lang::En,
            Lang::En => Lang::De,
        }
    }

    /// Groups thousands and writes decimals the way readers of the language expect.
    pub fn format_number(self, value: f64, decimals: usize) -> String {
        let texts = self.texts();
        let formatted = format!("{:.*}", decimals, value.abs());
        let (whole, fraction) = formatted.split_once('.').unwrap_or((&formatted, ""));
        let grouped = shared::numbers::group_digits(whole, texts.thousands_separator);
        let sign = if value < 0.0 { "-" } else { "" };
        if fraction.is_empty() {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped}{}{fraction}", texts.decimal_separator)
        }
    }
}

/// The language chosen for this browser: German unless the person switched.
pub fn initial_lang() -> Lang {
    browser::stored_language()
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or(Lang::De)
}

/// The current language as a signal, provided once by the app root.
pub fn use_lang() -> Signal<Lang> {
    use_context::<Signal<Lang>>()
}

/// The texts of the current language; reading them subscribes the component
/// to language changes.
pub fn use_texts() -> &'static Texts {
    use_lang()().texts()
}

/// Switches the language, remembers it in this browser and updates `<html lang>`.
pub fn switch_language(mut lang: Signal<Lang>, to: Lang) {
    lang.set(to);
    browser::store_language(to.code());
    browser::set_document_language(to.code());
}

pub struct Texts {
    pub thousands_separator: &'static str,
    pub decimal_separator: &'static str,
    pub site_name: &'static str,
    pub site_name_for_city: fn(&str) -> String,
    pub skip_to_content: &'static str,
    pub main_nav_label: &'static str,
    pub home: &'static str,
    pub budget: &'static str,
    pub defects: &'static str,
    pub participation: &'static str,
    pub votes: &'static str,
    pub council: &'static str,
    pub sign_in: &'static str,
    /// Name of the other language, written in that language.
    pub switch_language: &'static str,
    pub switch_language_hint: &'static str,
    pub footer_nav_label: &'static str,
    pub imprint: &'static str,
    pub privacy: &'static str,
    pub accessibility: &'static str,
    pub api_docs: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    pub error_network: &'static str,
    pub error_server: &'static str,
    pub error_unreadable: &'static str,
    /// The server's `recovered_elsewhere`: signed out because the account
    /// was recovered with a code on another device.
    pub error_recovered_elsewhere: &'static str,
    /// The server's `sign_in_again`: the passkey is needed once more.
    pub error_sign_in_again: &'static str,
    pub page_loaded: fn(&str) -> String,
    pub page_title: fn(&str) -> String,

    pub home_title: fn(&str) -> String,
    pub home_intro: &'static str,
    pub figures_heading: &'static str,
    pub figure_label: fn(FigureKey) -> &'static str,
    pub figure_unit: fn(FigureKey) -> &'static str,
    pub modules_heading: &'static str,
    pub module_summary: fn(Module) -> &'static str,
    pub module_details: fn(Module) -> &'static [&'static str],
    pub council_open_data_heading: &'static str,
    pub council_open_data_text: &'static str,
    pub council_open_data_link: &'static str,

    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub back_home: &'static str,

    pub imprint_provider: &'static str,
    pub imprint_represented_by: &'static str,
    pub imprint_contact: &'static str,
    pub phone: &'static str,
    pub email: &'static str,
    pub imprint_content_note: &'static str,
    pub imprint_software: &'static str,

    pub privacy_sections: &'static [Section],
    pub privacy_controller: &'static str,
    pub privacy_officer: &'static str,

    pub accessibility_sections: &'static [Section],
    pub accessibility_feedback_heading: &'static str,
    pub accessibility_feedback_text: &'static str,

    pub accounts: AccountTexts,
    pub search: SearchTexts,
    pub reader: CouncilTexts,
    pub council_edit: CouncilEditTexts,
    pub budgets: BudgetTexts,
    pub defect_reports: DefectTexts,
    pub polls: PollTexts,
    pub consultations: ConsultationTexts,
}

/// Texts of the search over every area (the header's search box and its page).
pub struct SearchTexts {
    pub label: &'static str,
    pub button: &'static str,
    pub title: &'static str,
    pub results_count: fn(u64, &str) -> String,
    pub no_results: fn(&str) -> String,
    /// What one found thing is, by the search's kind (`paper`, `proposal`, …).
    pub kind: fn(&str) -> &'static str,
    pub kind_label: &'static str,
    pub all_kinds: &'static str,
    pub sort_label: &'static str,
    pub sort_relevance: &'static str,
    pub sort_date: &'static str,
    pub found_in: fn(&str) -> String,
    pub date_from: &'static str,
    pub date_until: &'static str,
}

/// Texts of the Online-Beteiligung.
pub struct ConsultationTexts {
    pub consultations_heading: &'static str,
    pub no_consultations: &'static str,
    pub new_consultation: &'static str,
    pub phase: fn(ConsultationPhase) -> &'static str,
    pub window: fn(&str, &str) -> String,
    pub comment_count: fn(u64, u64) -> String,
    pub versions_heading: &'static str,
    pub version: fn(u32) -> String,
    pub showing_version: fn(u32) -> String,
    pub show_newest: &'static str,
    pub what_changed: &'static str,
    pub paragraph: fn(u32) -> String,
    pub comments_on: fn(u32, u64) -> String,
    pub hide_comments: &'static str,
    pub quote_label: &'static str,
    pub quote_hint: &'static str,
    pub take_selection: &'static str,
    pub nothing_selected: &'static str,
    pub comment_label: &'static str,
    pub letter_from_label: &'static str,
    pub letter_from_hint: &'static str,
    pub send_comment: &'static str,
    pub reply: &'static str,
    pub reply_label: &'static str,
    pub send_reply: &'static str,
    pub sign_in_to_comment: &'static str,
    pub closed_for_comments: &'static str,
    pub by_letter: &'static str,
    pub hidden: &'static str,
    pub support: &'static str,
    pub supported: &'static str,
    pub supports: fn(u64) -> String,
    pub official_answer: &'static str,
    pub decision: fn(Decision) -> &'static str,
    pub led_to_change: fn(u32) -> String,
    pub answer_heading: &'static str,
    pub decision_label: &'static str,
    pub reason_label: &'static str,
    pub save_answer: &'static str,
    pub attachments_heading: &'static str,
    pub file_size: fn(u64) -> String,
    pub attachment_title_label: &'static str,
    pub attachment_file_label: &'static str,
    pub add_attachment: &'static str,
    pub no_file_chosen: &'static str,
    pub remove_attachment: &'static str,
    pub abwaegung_heading: &'static str,
    pub abwaegung_html: &'static str,
    pub abwaegung_csv: &'static str,
    pub new_version_heading: &'static str,
    pub new_version_text: &'static str,
    pub new_version_note: &'static str,
    pub prompted_by_legend: &'static str,
    pub publish_version: &'static str,
    pub diff_heading: fn(u32, u32) -> String,
    pub diff_removed: &'static str,
    pub diff_added: &'static str,
    pub diff_unchanged: fn(usize) -> String,
    pub prompted_by: &'static str,
    pub back_to_draft: &'static str,
    pub new_heading: &'static str,
    pub title_label: &'static str,
    pub summary_label: &'static str,
    pub text_label: &'static str,
    pub text_hint: &'static str,
    pub paper_label: &'static str,
    pub paper_hint: &'static str,
    pub publish: &'static str,
    pub council_heading: &'static str,
    pub council_outcome: fn(u64, u64) -> String,
    pub to_consultation: &'static str,
    pub debates_heading: &'static str,
    pub no_debates: &'static str,
    pub debate_counts: fn(u64, u64) -> String,
    pub debate_closed: &'static str,
    pub new_debate: &'static str,
    pub question_label: &'static str,
    pub description_label: &'static str,
    pub open_debate: &'static str,
    pub side: fn(Side) -> &'static str,
    pub no_arguments: &'static str,
    pub side_label: &'static str,
    pub argument_label: &'static str,
    pub add_argument: &'static str,
    pub conclusion_heading: &'static str,
    pub conclusion_label: &'static str,
    pub close_debate: &'static str,
}

/// Texts of the Abstimmungen and Umfragen.
pub struct PollTexts {
    pub new_poll: &'static str,
    pub no_polls: &'static str,
    pub phase: fn(PollPhase) -> &'static str,
    pub window: fn(&str, &str) -> String,
    pub ballots: fn(u64) -> String,
    pub only_district: fn(&str) -> String,
    pub sign_in_to_vote: &'static str,
    pub already_voted: &'static str,
    pub opens_later: fn(&str) -> String,
    pub closed: &'static str,
    pub ballot_heading: &'static str,
    pub secrecy_note: &'static str,
    pub required: &'static str,
    pub optional: &'static str,
    pub at_most: fn(u32) -> String,
    pub rank_hint: &'static str,
    pub not_ranked: &'static str,
    pub rank: fn(usize) -> String,
    pub rank_twice: &'static str,
    pub cast_button: &'static str,
    pub receipt_heading: &'static str,
    pub receipt_text: &'static str,
    pub check_heading: &'static str,
    pub check_label: &'static str,
    pub check_button: &'static str,
    pub receipt_status: fn(ReceiptStatus) -> &'static str,
    pub results_heading: &'static str,
    pub live_results: &'static str,
    pub results_later: fn(&str) -> String,
    pub answered: fn(u64) -> String,
    pub votes: fn(u64) -> String,
    pub points: fn(u64) -> String,
    pub first_choices: fn(u64) -> String,
    pub winners: &'static str,
    pub rule_explained: fn(RankingRule) -> &'static str,
    pub round: fn(usize) -> String,
    pub drops_out: fn(&str) -> String,
    pub exhausted: fn(u64) -> String,
    pub free_answers: &'static str,
    pub ballots_csv: &'static str,
    pub close_now: &'static str,
    pub new_heading: &'static str,
    pub title_label: &'static str,
    pub description_label: &'static str,
    pub who_votes_label: &'static str,
    pub whole_city: &'static str,
    pub opens_label: &'static str,
    pub closes_label: &'static str,
    pub results_label: &'static str,
    pub results_after_close: &'static str,
    pub results_live: &'static str,
    pub question: fn(usize) -> String,
    pub question_text_label: &'static str,
    pub kind_label: &'static str,
    pub kinds: [&'static str; 5],
    pub max_choices_label: &'static str,
    pub options_label: &'static str,
    pub required_label: &'static str,
    pub add_question: &'static str,
    pub remove_question: &'static str,
    pub create_button: &'static str,
    pub edit_heading: &'static str,
    pub edit_link: &'static str,
    pub save_button: &'static str,
    pub home_district_label: &'static str,
    pub home_district_hint: &'static str,
    pub no_district: &'static str,
    pub home_district_save: &'static str,
    pub home_district_saved: &'static str,
}

/// Texts of the Mängelmelder.
pub struct DefectTexts {
    pub status: fn(DefectStatus) -> &'static str,
    pub overdue: &'static str,
    pub no_reports: &'static str,
    pub report_title: fn(u64, &str) -> String,
    pub affected: fn(u32) -> String,
    pub all_statuses: &'static str,
    pub open_ones: &'static str,
    pub closed_ones: &'static str,
    pub intro: &'static str,
    pub report_button: &'static str,
    pub mine_link: &'static str,
    pub inbox_link: &'static str,
    pub category_label: &'static str,
    pub all_categories: &'static str,
    pub status_label: &'static str,
    pub period_label: &'static str,
    pub period: fn(Option<u32>) -> String,
    pub map_label: &'static str,
    pub map_note: &'static str,
    pub list_heading: &'static str,
    pub count: fn(usize) -> String,
    pub open_data_heading: &'static str,
    pub open_data_text: &'static str,
    pub too_many_photos: fn(usize) -> String,
    pub position_failed: &'static str,
    pub location_missing: &'static str,
    pub form_heading: &'static str,
    pub form_intro: &'static str,
    pub step_category: &'static str,
    pub group_label: &'static str,
    pub kind_label: &'static str,
    pub expected: fn(u32) -> String,
    pub step_photos: &'static str,
    pub photos_label: fn(usize) -> String,
    pub photos_hint: &'static str,
    pub uploading: &'static str,
    pub photo_alt: fn(usize) -> String,
    pub remove_photo: fn(usize) -> String,
    pub step_location: &'static str,
    pub location_hint: &'static str,
    pub pick_map_label: &'static str,
    pub no_location_yet: &'static str,
    pub use_position: &'static str,
    pub address_label: &'static str,
    pub address_hint: &'static str,
    pub nearby_heading: &'static str,
    pub nearby_intro: &'static str,
    pub step_description: &'static str,
    pub description_label: &'static str,
    pub step_contact: &'static str,
    pub contact_hint: &'static str,
    pub name_label: &'static str,
    pub name_public_label: &'static str,
    pub email_label: &'static str,
    pub send_button: &'static str,
    pub from_map: &'static str,
    pub from_device: &'static str,
    pub from_photo: &'static str,
    pub from_address: &'static str,
    pub find_address: &'static str,
    pub no_places: &'static str,
    pub places_found: &'static str,
    pub distance: fn(u32) -> String,
    pub me_too: fn(u64) -> String,
    pub thanks_heading: &'static str,
    pub thanks_number: fn(u64) -> String,
    pub thanks_department: fn(&str, u32, &str) -> String,
    pub thanks_follow: &'static str,
    pub department_label: &'static str,
    pub reported_label: &'static str,
    pub closed_label: &'static str,
    pub expected_label: &'static str,
    pub place_label: &'static str,
    pub reporter_label: &'static str,
    pub contact_label: &'static str,
    pub duplicate_of_label: &'static str,
    pub affected_label: &'static str,
    pub me_too_done: &'static str,
    pub me_too_anonymous: &'static str,
    pub following: &'static str,
    pub history_heading: &'static str,
    pub back_to_overview: &'static str,
    pub saved: &'static str,
    pub staff_heading: &'static str,
    pub change_status: &'static str,
    pub public_answer_label: &'static str,
    pub save_status: &'static str,
    pub reassign_heading: &'static str,
    pub reason_label: &'static str,
    pub reassign_button: &'static str,
    pub merge_number_missing: &'static str,
    pub merge_heading: &'static str,
    pub merge_label: &'static str,
    pub merge_hint: &'static str,
    pub merge_button: &'static str,
    pub mine_heading: &'static str,
    pub mine_intro: &'static str,
    pub staff_only: &'static str,
    pub all_departments: &'static str,
    pub only_overdue: &'static str,
    pub figures_heading: &'static str,
    pub by_department: &'static str,
    pub by_category: &'static str,
    pub figures_name: &'static str,
    pub figures_open: &'static str,
    pub figures_overdue: &'static str,
    pub figures_closed: &'static str,
    pub figures_duplicates: &'static str,
    pub hidden_badge: &'static str,
    pub hide_heading: &'static str,
    pub hide_reason_label: &'static str,
    pub hide_button: &'static str,
    pub show_button: &'static str,
    pub hidden_notice: fn(&str) -> String,
    pub categories_heading: &'static str,
    pub categories_caption: &'static str,
    pub categories_link: &'static str,
    pub days_label: &'static str,
    pub active_label: &'static str,
    pub edit_button: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub edit_category: fn(&str) -> String,
    pub new_category: &'static str,
    pub question_kind: fn(QuestionKind) -> &'static str,
    pub days_invalid: &'static str,
    pub code_label: &'static str,
    pub code_hint: &'static str,
    pub category_description_label: &'static str,
    pub keywords_label: &'static str,
    pub questions_heading: &'static str,
    pub question_number: fn(usize) -> String,
    pub question_label: &'static str,
    pub question_kind_label: &'static str,
    pub options_label: &'static str,
    pub required_label: &'static str,
    pub remove_question: fn(usize) -> String,
    pub add_question: &'static str,
    pub save_category: &'static str,
    pub figures_median: &'static str,
}

/// Texts of the Bürgerhaushalt.
pub struct BudgetTexts {
    pub cycles_heading: &'static str,
    pub no_cycles: &'static str,
    pub new_cycle: &'static str,
    pub rules_link: &'static str,
    pub rules: &'static [Section],
    pub check_heading: &'static str,
    pub check_file_label: &'static str,
    pub check_button: &'static str,
    pub check_facts: fn(u64, u64, &str) -> String,
    pub selected_in_file: &'static str,
    pub next_phase: fn(&str, &str) -> String,
    pub phase_name: fn(PhaseKind) -> &'static str,
    pub phase_does: fn(PhaseKind) -> &'static str,
    pub current_phase: &'static str,
    pub not_started: &'static str,
    pub finished: &'static str,
    pub phases_heading: &'static str,
    pub from_to: fn(&str, &str) -> String,
    pub budget_heading: &'static str,
    pub city_wide: &'static str,
    pub total: &'static str,
    pub proposals_heading: &'static str,
    pub district_label: &'static str,
    pub all: &'static str,
    pub category_label: &'static str,
    pub no_proposals: &'static str,
    /// The button under a list that loads its next page.
    pub more_proposals: &'static str,
    pub status: fn(ProposalStatus) -> &'static str,
    pub propose_button: &'static str,
    pub proposals_left: fn(u64) -> String,
    pub to_ballot: &'static str,
    pub to_results: &'static str,
    pub staff_heading: &'static str,
    pub advance_button: &'static str,
    pub advanced: &'static str,
    pub codes_heading: &'static str,
    pub codes_count_label: &'static str,
    pub codes_note_label: &'static str,
    pub codes_button: &'static str,
    pub codes_created: &'static str,
    pub sign_in_first: &'static str,
    pub title_label: &'static str,
    pub description_label: &'static str,
    pub description_hint: &'static str,
    pub cost_label: &'static str,
    pub location_label: &'static str,
    pub use_position: &'static str,
    pub position_failed: &'static str,
    pub remove_position: &'static str,
    pub on_map: &'static str,
    pub submit_button: &'static str,
    pub similar_heading: &'static str,
    pub by: fn(&str) -> String,
    pub paper_or_phone: &'static str,
    pub cost: &'static str,
    pub review_heading: &'static str,
    pub feasible: &'static str,
    pub not_feasible: &'static str,
    pub department: &'static str,
    pub cost_once: &'static str,
    pub cost_yearly: &'static str,
    pub merged_into: &'static str,
    pub support_button: &'static str,
    pub withdraw_button: &'static str,
    pub supports: fn(u64) -> String,
    pub counts_hidden: &'static str,
    pub rating_name: fn(Rating) -> &'static str,
    pub rating_legend: &'static str,
    pub comments_heading: &'static str,
    pub comment_label: &'static str,
    pub comment_button: &'static str,
    pub reply_button: &'static str,
    pub reply_label: &'static str,
    pub no_comments: &'static str,
    pub review_form_heading: &'static str,
    pub reason_label: &'static str,
    pub merge_label: &'static str,
    pub save_button: &'static str,
    pub saved: &'static str,
    pub milestones_heading: &'static str,
    pub milestone_status: fn(MilestoneStatus) -> &'static str,
    pub council_paper: &'static str,
    pub milestone_title_label: &'static str,
    pub progress_label: &'static str,
    pub date_label: &'static str,
    pub outcome: fn(&ProjectOutcome, Lang) -> String,
    pub ballot_heading: &'static str,
    pub ballot_intro: fn(BallotStyle) -> String,
    pub remaining: fn(&str) -> String,
    pub home_district_label: &'static str,
    pub no_district: &'static str,
    pub code_label: &'static str,
    /// The code field for a signed-in person, who needs it only with a code from the post.
    pub code_label_signed_in: &'static str,
    pub cast_button: &'static str,
    pub cast_done: &'static str,
    pub over_budget: &'static str,
    pub results_heading: &'static str,
    pub rule_name: fn(ResultRule) -> &'static str,
    pub votes: fn(u64) -> String,
    pub spent_of: fn(&str, &str) -> String,
    pub voters: fn(u64) -> String,
    pub downloads: &'static str,
    pub csv_file: &'static str,
    pub csv_ballots: &'static str,
    pub new_heading: &'static str,
    pub categories_label: &'static str,
    pub city_amount_label: &'static str,
    pub district_pool_label: &'static str,
    pub start_label: &'static str,
    pub weeks_label: &'static str,
    pub limit_label: &'static str,
    pub supports_max_label: &'static str,
    pub threshold_label: &'static str,
    pub approval_label: &'static str,
    pub rule_label: &'static str,
    pub create_button: &'static str,
}

/// Texts of the staff's council editing.
pub struct CouncilEditTexts {
    pub new_meeting: &'static str,
    pub organization_label: &'static str,
    pub name_label: &'static str,
    pub start_label: &'static str,
    pub end_label: &'static str,
    pub room_label: &'static str,
    pub room_hint: &'static str,
    pub state_label: &'static str,
    pub create_meeting_button: &'static str,
    pub time_missing: &'static str,
    pub edit_heading: &'static str,
    pub add_item_heading: &'static str,
    pub item_number_label: &'static str,
    pub item_name_label: &'static str,
    pub item_public_label: &'static str,
    pub paper_legend: &'static str,
    pub paper_name_label: &'static str,
    pub paper_reference_label: &'static str,
    pub paper_type_label: &'static str,
    pub pdf_label: &'static str,
    pub add_item_button: &'static str,
    pub item_added: &'static str,
    pub results_heading: &'static str,
    pub result_label: &'static str,
    pub result_none: &'static str,
    pub resolution_label: &'static str,
    pub save_result_button: &'static str,
    pub result_saved: &'static str,
    pub attach_heading: &'static str,
    pub document_kind_label: &'static str,
    pub document_invitation: &'static str,
    pub document_results_protocol: &'static str,
    pub document_verbatim_protocol: &'static str,
    pub document_auxiliary: &'static str,
    pub document_name_label: &'static str,
    pub attach_button: &'static str,
    pub attached: &'static str,
    pub choose_pdf: &'static str,
}

/// Texts of the council reader (Ratsinformation).
pub struct CouncilTexts {
    pub calendar_heading: fn(&str) -> String,
    pub month_name: fn(u32) -> &'static str,
    pub previous_month: &'static str,
    pub next_month: &'static str,
    pub organization_filter: &'static str,
    pub all_organizations: &'static str,
    pub no_meetings: &'static str,
    pub cancelled: &'static str,
    pub subscribe_heading: &'static str,
    pub subscribe_text: &'static str,
    pub subscribe_all: &'static str,
    pub subscribe_organization: fn(&str) -> String,
    pub meeting_when: &'static str,
    pub meeting_where: &'static str,
    pub meeting_state: &'static str,
    pub organizations: &'static str,
    pub agenda: &'static str,
    pub no_agenda: &'static str,
    pub public: &'static str,
    pub not_public: &'static str,
    /// Name shown for a non-public agenda item to those who may not read it.
    pub non_public_item: &'static str,
    pub result: &'static str,
    pub resolution: &'static str,
    pub to_paper: fn(&str) -> String,
    pub files: &'static str,
    pub open_file: &'static str,
    pub download_file: &'static str,
    pub file_size: fn(u64) -> String,
    pub paper_reference: &'static str,
    pub paper_type: &'static str,
    pub paper_date: &'static str,
    pub originators: &'static str,
    pub consultations: &'static str,
    pub authoritative: &'static str,
    pub to_meeting: &'static str,
    pub related_papers: &'static str,
    pub locations: &'static str,
    pub back_to_calendar: &'static str,
    pub members: &'static str,
    pub memberships: &'static str,
    pub since: fn(&str) -> String,
    pub subscribe_person: &'static str,
    pub classification: &'static str,
    pub view_list: &'static str,
    pub view_month: &'static str,
    pub weekday: fn(u32, bool) -> &'static str,
    pub on_map: &'static str,
    pub save_offline: &'static str,
    pub offline_saved: fn(&str, &str) -> String,
    pub offline_now: &'static str,
    pub offline_failed: &'static str,
    pub refresh_offline: &'static str,
    pub remove_offline: &'static str,
    pub offline_removed: &'static str,
    pub saved_meetings: &'static str,
    pub storage_used: fn(&str) -> String,
}

/// Texts of signing up and in, the own account and account administration.
pub struct AccountTexts {
    pub my_account: &'static str,
    pub administration: &'static str,
    pub sign_in_intro: &'static str,
    pub sign_in_button: &'static str,
    pub sign_in_with_username: &'static str,
    pub already_signed_in: fn(&str) -> String,
    pub username_label: &'static str,
    pub username_hint: &'static str,
    pub display_name_label: &'static str,
    pub display_name_hint: &'static str,
    pub no_account: &'static str,
    pub register_link: &'static str,
    pub lost_passkey: &'static str,
    pub recover_link: &'static str,

    pub register_title: &'static str,
    pub register_intro: &'static str,
    pub register_with_invite: &'static str,
    pub register_button: &'static str,
    pub default_passkey_name: &'static str,
    pub recovery_codes_title: &'static str,
    pub recovery_codes_text: &'static str,
    pub recovery_codes_saved: &'static str,
    pub continue_to_account: &'static str,

    pub recover_title: &'static str,
    pub recover_intro: &'static str,
    pub code_label: &'static str,
    pub code_hint: &'static str,
    pub recover_button: &'static str,

    pub role_label: &'static str,
    pub role_name: fn(Role) -> &'static str,
    pub member_since: &'static str,
    pub blocked_notice: fn(&str) -> String,
    pub signed_out_notice: &'static str,
    pub sign_out: &'static str,
    pub passkeys_heading: &'static str,
    pub passkey_name_label: &'static str,
    pub passkey_name_hint: &'static str,
    pub add_passkey: &'static str,
    pub passkey_added: &'static str,
    pub remove: &'static str,
    pub created_on: fn(&str) -> String,
    pub last_used_on: fn(&str) -> String,
    pub sessions_heading: &'static str,
    pub this_device: &'static str,
    pub end_session: &'static str,
    pub end_all_sessions: &'static str,
    pub data_heading: &'static str,
    pub export_text: &'static str,
    pub export_link: &'static str,
    pub delete_heading: &'static str,
    pub delete_text: &'static str,
    pub delete_confirm_label: fn(&str) -> String,
    pub delete_button: &'static str,
    pub delete_mismatch: &'static str,

    pub search_label: &'static str,
    pub search_button: &'static str,
    pub accounts_heading: &'static str,
    pub no_accounts_found: &'static str,
    pub save_role: &'static str,
    pub departments_label: &'static str,
    pub departments_hint: &'static str,
    pub save_departments: &'static str,
    pub saved: &'static str,
    pub block_reason_label: &'static str,
    pub block: &'static str,
    pub unblock: &'static str,
    pub blocked: &'static str,
    pub invite_heading: &'static str,
    pub invite_text: &'static str,
    pub invite_button: &'static str,
    pub invite_created: fn(&str) -> String,
    pub audit_heading: &'static str,
    pub audit_at: &'static str,
    pub audit_action: &'static str,
    pub audit_target: &'static str,
    pub audit_detail: &'static str,
    pub not_allowed: &'static str,

    pub moderation_title: &'static str,
    pub queue_empty: &'static str,
    pub content_kind: fn(ContentKind) -> &'static str,
    pub report_reason: fn(ReportReason) -> &'static str,
    pub visibility: fn(Visibility) -> &'static str,
    pub decision_reason_label: &'static str,
    pub hide: &'static str,
    pub restore: &'static str,
    pub own_content_notice: fn(ContentKind, Visibility, Option<&str>) -> String,
    pub report_button: &'static str,
    pub report_reason_label: &'static str,
    pub report_note_label: &'static str,
    pub report_send: &'static str,
    pub reported: &'static str,
    pub hidden_by_moderation: &'static str,

    pub passkey_unsupported: &'static str,
    pub passkey_cancelled: &'static str,
    pub passkey_already_registered: &'static str,
    pub passkey_failed: fn(&str) -> String,
}

/// A titled block of running text on the legal pages.
#[derive(PartialEq)]
pub struct Section {
    pub heading: &'static str,
    pub paragraphs: &'static [&'static str],
}

/// The participation and information areas of the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Module {
    Budget,
    Defects,
    Participation,
    Votes,
    Council,
}

impl Module {
    pub const ALL: [Module; 5] = [
        Module::Budget,
        Module::Defects,
        Module::Participation,
        Module::Votes,
        Module::Council,
    ];

    pub fn title(self, texts: &Texts) -> &'static str {
        match self {
            Module::Budget => texts.budget,
            Module::Defects => texts.defects,
            Module::Participation => texts.participation,
            Module::Votes => texts.votes,
            Module::Council => texts.council,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers_per_language() {
        assert_eq!(Lang::De.format_number(320_946.0, 0), "320.946");
        assert_eq!(Lang::En.format_number(320_946.0, 0), "320,946");
        assert_eq!(Lang::De.format_number(303.28, 2), "303,28");
        assert_eq!(Lang::En.format_number(1_234_567.5, 1), "1,234,567.5");
        assert_eq!(Lang::De.format_number(6.0, 0), "6");
        assert_eq!(Lang::De.format_number(-1500.0, 0), "-1.500");
    }

    #[test]
    fn language_codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(lang.other().other(), lang);
        }
        assert_eq!(Lang::from_code("fr"), None);
    }
}
