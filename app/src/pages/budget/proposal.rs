use dioxus::prelude::*;
use shared::budget::{
    Comment, CommentRequest, Cycle, Implementation, Milestone, MilestoneStatus, PhaseKind,
    Preselection, ProjectOutcome, Proposal, ProposalStatus, Rating, RatingRequest, Results, Review,
    ReviewRequest,
};
use shared::moderation::{ContentKind, ContentRef};

use super::{API, budget_name, euros, load_cycle, number};
use crate::{
    api::{self, ApiError},
    components::{Notice, PageHeading, ReportButton, TextField, loaded},
    i18n::use_lang,
    pages::openstreetmap,
    routes::Route,
    session::{Session, use_session},
};

#[derive(Debug, Clone, PartialEq)]
struct ProposalView {
    cycle: Cycle,
    proposal: Proposal,
    comments: Vec<Comment>,
    outcome: Option<ProjectOutcome>,
}

async fn load(nummer: u64, vorschlag: u64) -> Result<ProposalView, ApiError> {
    let cycle = load_cycle(nummer).await?;
    let base = format!("{API}/{nummer}/proposals/{vorschlag}");
    let proposal: Proposal = api::get(&base).await?;
    let comments = api::get_every_part(&format!("{base}/comments")).await?;
    let decided = matches!(
        cycle.current_phase,
        Some(PhaseKind::Results | PhaseKind::Implementation)
    ) || (cycle.begun && cycle.current_phase.is_none());
    let outcome = if decided && proposal.on_ballot {
        let results: Results = api::get(&format!("{API}/{nummer}/results")).await?;
        results
            .budgets
            .into_iter()
            .flat_map(|b| b.projects)
            .find(|p| p.id == proposal.id.to_string())
            .map(|p| p.outcome)
    } else {
        None
    };
    Ok(ProposalView {
        cycle,
        proposal,
        comments,
        outcome,
    })
}

/// A proposal: what it is, the administration's answer, supports or
/// ratings, its outcome and implementation, and the discussion.
#[component]
pub fn Vorschlag(nummer: u64, vorschlag: u64) -> Element {
    let lang = use_lang();
    let texts = lang().texts();
    let session = use_session();
    let mut resource = use_resource(use_reactive!(|nummer, vorschlag| load(nummer, vorschlag)));
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let view = match loaded(resource) {
        Ok(view) => view,
        Err(placeholder) => return placeholder,
    };
    let b = &texts.budgets;
    let (cycle, p) = (&view.cycle, &view.proposal);
    let base = format!("{API}/{nummer}/proposals/{vorschlag}");
    let preselecting = cycle.current_phase == Some(PhaseKind::Preselection)
        && p.status == ProposalStatus::Feasible;
    let signed_in = matches!(session(), Session::SignedIn(_));
    let act = move |method: &'static str, path: String, body: Option<RatingRequest>| async move {
        match api::send::<Proposal, _>(method, &path, body.as_ref()).await {
            Ok(_) => {
                notice.set(Some(Ok(lang().texts().budgets.saved.to_owned())));
                resource.restart();
            }
            Err(error) => notice.set(Some(Err(error.message(lang())))),
        }
    };
    let author = if p.author.is_empty() {
        b.paper_or_phone.to_owned()
    } else {
        (b.by)(&p.author)
    };
    rsx! {
        PageHeading { text: p.title.clone() }
        p { Link { to: Route::Haushalt { nummer }, "{cycle.settings.title}" } }
        Notice { message: notice() }
        dl { class: "facts",
            dt { "{b.district_label}" }
            dd { {budget_name(cycle, p.district.as_ref(), b.city_wide)} }
            dt { "{b.category_label}" }
            dd { "{p.category}" }
            dt { "{b.cost}" }
            dd { {euros(lang(), p.cost)} }
            dt { "Status" }
            dd { {(b.status)(p.status)} }
            if let Some(point) = p.location {
                dt { "{b.location_label}" }
                dd { a { href: openstreetmap(point.lat, point.lon), target: "_blank", rel: "noopener", "{b.on_map}" } }
            }
        }
        p { class: "byline", "{author}" }
        div { class: "markdown", dangerous_inner_html: "{p.description_html}" }
        if signed_in && !p.own && !p.author.is_empty() {
            ReportButton { target: ContentRef { kind: ContentKind::BudgetProposal, id: p.id.to_string() } }
        }
        if let Some(review) = &p.review {
            ReviewAnswer { review: review.clone(), merged_into: p.merged_into, nummer }
        }
        if let Some(outcome) = &view.outcome {
            h2 { "{b.results_heading}" }
            p { class: "outcome", {(b.outcome)(outcome, lang())} }
        }
        if let (Some(n), Preselection::Supports { threshold: 1.., .. }) = (p.supports, cycle.settings.preselection) {
            p { {(b.supports)(n)} }
        } else if preselecting && p.supports.is_none() {
            p { "{b.counts_hidden}" }
        }
        if preselecting && signed_in {
            match cycle.settings.preselection {
                Preselection::Supports { .. } => {
                    let path = format!("{base}/support");
                    let (method, label) = if p.my_support { ("DELETE", b.withdraw_button) } else { ("PUT", b.support_button) };
                    rsx! {
                        button { r#type: "button", aria_pressed: "{p.my_support}", onclick: move |_| act(method, path.clone(), None), "{label}" }
                    }
                }
                Preselection::Rating { .. } => rsx! {
                    RatingChoice { current: p.my_rating, on_rate: move |rating| act("PUT", format!("{API}/{nummer}/proposals/{vorschlag}/rating"), Some(RatingRequest { rating })) }
                },
            }
        }
        if !p.milestones.is_empty() || p.council_paper.is_some() {
            h2 { "{b.milestones_heading}" }
            if let Some(paper) = &p.council_paper {
                p { "{b.council_paper}: " a { href: "{paper}", "{paper}" } }
            }
            ol { class: "milestones",
                for m in &p.milestones {
                    li {
                        strong { "{m.title}" }
                        " – {(b.milestone_status)(m.status)}, {m.progress} %"
                        if let Some(date) = &m.date { " ({date})" }
                        progress { max: "100", value: "{m.progress}", aria_label: "{m.title}" }
                    }
                }
            }
        }
        if session().is_staff() {
            StaffForms { view: view.clone(), on_change: move |_| resource.restart() }
        }
        Comments { comments: view.comments.clone(), path: format!("{base}/comments"), can_write: signed_in, on_change: move |_| resource.restart() }
    }
}

#[component]
fn ReviewAnswer(review: Review, merged_into: Option<u64>, nummer: u64) -> Element {
    let lang = use_lang();
    let b = &lang().texts().budgets;
    rsx! {
        section { aria_labelledby: "pruefung",
            h2 { id: "pruefung", "{b.review_heading}" }
            p { strong { if review.feasible { "{b.feasible}" } else { "{b.not_feasible}" } } }
            p { "{review.reason}" }
            dl { class: "facts",
                dt { "{b.department}" }
                dd { "{review.department}" }
                dt { "{b.cost_once}" }
                dd { {euros(lang(), review.cost_once)} }
                dt { "{b.cost_yearly}" }
                dd { {euros(lang(), review.cost_yearly)} }
            }
            if let Some(target) = merged_into {
                p { "{b.merged_into} " Link { to: Route::Vorschlag { nummer, vorschlag: target }, "{target}" } }
            }
        }
    }
}

#[component]
fn RatingChoice(current: Option<Rating>, on_rate: EventHandler<Rating>) -> Element {
    let lang = use_lang();
    let b = &lang().texts().budgets;
    rsx! {
        fieldset {
            legend { "{b.rating_legend}" }
            for rating in Rating::ALL {
                button {
                    r#type: "button",
                    aria_pressed: "{current == Some(rating)}",
                    onclick: move |_| on_rate.call(rating),
                    {(b.rating_name)(rating)}
                }
            }
        }
    }
}

/// Comments in order, each reply right under what it answers.
#[component]
fn Comments(
    comments: Vec<Comment>,
    path: String,
    can_write: bool,
    on_change: EventHandler<()>,
) -> Element {
    let lang = use_lang();
    let b = &lang().texts().budgets;
    let mut body = use_signal(String::new);
    let mut reply_to = use_signal(|| None::<Comment>);
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let top: Vec<&Comment> = comments.iter().filter(|c| c.parent.is_none()).collect();
    let label = if reply_to().is_some() {
        b.reply_label
    } else {
        b.comment_label
    };
    rsx! {
        section { aria_labelledby: "kommentare",
            h2 { id: "kommentare", "{b.comments_heading} ({comments.len()})" }
            if comments.is_empty() {
                p { "{b.no_comments}" }
            }
            ul { class: "comments",
                for c in top {
                    li {
                        CommentBody { comment: c.clone(), can_report: can_write }
                        if can_write {
                            button { r#type: "button", class: "link", onclick: { let c = c.clone(); move |_| reply_to.set(Some(c.clone())) }, "{b.reply_button}" }
                        }
                        ul {
                            for r in comments.iter().filter(|r| r.parent.as_ref() == Some(&c.id)) {
                                li { CommentBody { comment: r.clone(), can_report: can_write } }
                            }
                        }
                    }
                }
            }
            if can_write {
                Notice { message: notice() }
                form {
                    onsubmit: move |event| {
                        event.prevent_default();
                        let path = path.clone();
                        async move {
                            let request = CommentRequest { body: body(), parent: reply_to().map(|c| c.id) };
                            match api::send::<Comment, _>("POST", &path, Some(&request)).await {
                                Ok(_) => {
                                    body.set(String::new());
                                    reply_to.set(None);
                                    notice.set(None);
                                    on_change.call(());
                                }
                                Err(error) => notice.set(Some(Err(error.message(lang())))),
                            }
                        }
                    },
                    div { class: "field",
                        label { r#for: "kommentar", "{label}" }
                        if let Some(parent) = reply_to() {
                            p { class: "field__hint", "↳ {parent.author}" }
                        }
                        textarea { id: "kommentar", rows: "4", required: true, value: "{body}", oninput: move |e| body.set(e.value()) }
                    }
                    button { r#type: "submit", "{b.comment_button}" }
                }
            }
        }
    }
}

#[component]
fn CommentBody(comment: Comment, can_report: bool) -> Element {
    let lang = use_lang();
    let a = &lang().texts().accounts;
    let target = ContentRef {
        kind: ContentKind::BudgetComment,
        id: comment.id.clone(),
    };
    rsx! {
        p { class: "byline", strong { "{comment.author}" } }
        if comment.hidden {
            p { em { "{a.hidden_by_moderation}" } }
        } else {
            div { class: "markdown", dangerous_inner_html: "{comment.body_html}" }
            if can_report && !comment.own {
                ReportButton { target }
            }
        }
    }
}

/// Staff: the review before voting, milestones once results are out.
#[component]
fn StaffForms(view: ProposalView, on_change: EventHandler<()>) -> Element {
    let lang = use_lang();
    let b = &lang().texts().budgets;
    let (cycle, p) = (&view.cycle, &view.proposal);
    let path = format!("{API}/{}/proposals/{}", cycle.id, p.id);
    let reviewing = matches!(
        cycle.current_phase,
        Some(PhaseKind::Proposals | PhaseKind::Review | PhaseKind::Preselection)
    ) || !cycle.begun;
    let implementing = matches!(
        cycle.current_phase,
        Some(PhaseKind::Results | PhaseKind::Implementation)
    );
    let old = p.review.clone();
    let mut feasible = use_signal(|| old.as_ref().is_none_or(|r| r.feasible));
    let reason = use_signal(|| old.as_ref().map(|r| r.reason.clone()).unwrap_or_default());
    let department = use_signal(|| {
        old.as_ref()
            .map(|r| r.department.clone())
            .unwrap_or_default()
    });
    let cost_once = use_signal(|| {
        old.as_ref()
            .map_or(p.estimated_cost, |r| r.cost_once)
            .to_string()
    });
    let cost_yearly = use_signal(|| old.as_ref().map_or(0, |r| r.cost_yearly).to_string());
    let merge = use_signal(String::new);
    let milestone = use_signal(String::new);
    let progress = use_signal(|| "0".to_owned());
    let mut notice = use_signal(|| None::<Result<String, String>>);
    let milestones = p.milestones.clone();
    let paper = p.council_paper.clone();
    let review_path = format!("{path}/review");
    let implementation_path = format!("{path}/implementation");
    rsx! {
        Notice { message: notice() }
        if reviewing {
            form {
                onsubmit: move |event| {
                    event.prevent_default();
                    let path = review_path.clone();
                    async move {
                        let request = ReviewRequest {
                            review: Review {
                                feasible: feasible(),
                                reason: reason(),
                                department: department(),
                                cost_once: number(&cost_once()),
                                cost_yearly: number(&cost_yearly()),
                            },
                            merge_into: Some(number(&merge())).filter(|n| *n > 0),
                        };
                        match api::send::<Proposal, _>("PUT", &path, Some(&request)).await {
                            Ok(_) => {
                                notice.set(Some(Ok(lang().texts().budgets.saved.to_owned())));
                                on_change.call(());
                            }
                            Err(error) => notice.set(Some(Err(error.message(lang())))),
                        }
                    }
                },
                h2 { "{b.review_form_heading}" }
                fieldset {
                    legend { "{b.review_heading}" }
                    label { input { r#type: "radio", name: "machbar", checked: feasible(), onchange: move |_| feasible.set(true) } " {b.feasible}" }
                    label { input { r#type: "radio", name: "machbar", checked: !feasible(), onchange: move |_| feasible.set(false) } " {b.not_feasible}" }
                }
                TextField { id: "pruefung-begruendung", label: b.reason_label, value: reason, required: true }
                TextField { id: "pruefung-amt", label: b.department, value: department, required: true }
                TextField { id: "pruefung-kosten", label: b.cost_once, value: cost_once, required: true }
                TextField { id: "pruefung-folgekosten", label: b.cost_yearly, value: cost_yearly }
                TextField { id: "pruefung-zusammenfuehren", label: b.merge_label, value: merge }
                button { r#type: "submit", "{b.save_button}" }
            }
        }
        if implementing && p.on_ballot {
            form {
                onsubmit: move |event| {
                    event.prevent_default();
                    let path = implementation_path.clone();
                    let mut all = milestones.clone();
                    all.push(Milestone {
                        title: milestone(),
                        description: String::new(),
                        status: if number(&progress()) >= 100 { MilestoneStatus::Done } else { MilestoneStatus::InProgress },
                        progress: number(&progress()).min(100) as u8,
                        date: None,
                    });
                    let request = Implementation { council_paper: paper.clone(), milestones: all };
                    async move {
                        match api::send::<Proposal, _>("PUT", &path, Some(&request)).await {
                            Ok(_) => on_change.call(()),
                            Err(error) => notice.set(Some(Err(error.message(lang())))),
                        }
                    }
                },
                h2 { "{b.milestones_heading}" }
                TextField { id: "meilenstein-titel", label: b.milestone_title_label, value: milestone, required: true }
                TextField { id: "meilenstein-fortschritt", label: b.progress_label, value: progress }
                button { r#type: "submit", "{b.save_button}" }
            }
        }
    }
}
