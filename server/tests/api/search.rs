//! Full-text search over everything the public sees: council papers and
//! meetings with the text of their files, proposals, drafts, debates, polls
//! and defect reports.

use std::collections::HashSet;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::{
    accounts::Role,
    council::{HitKind, SearchHit},
    search::SearchResults,
};

use crate::helpers::{TestApp, call, spawn_demo_app};

async fn search(app: &TestApp, query: &str) -> Vec<SearchHit> {
    let response = app.get(&format!("/api/v1/council/search?{query}")).await;
    assert_eq!(response.status(), StatusCode::OK, "{query}");
    response.json().await.unwrap()
}

#[tokio::test]
async fn finds_papers_by_a_word_that_only_their_pdf_contains() {
    let app = spawn_demo_app().await;
    // Every paper's PDF has a "Beschlussvorschlag"; no paper title says so.
    let hits = search(&app, "q=Beschlussvorschlag&type=paper").await;
    assert!(!hits.is_empty());
    for hit in &hits {
        assert_eq!(hit.kind, HitKind::Paper);
        assert!(!hit.title.contains("Beschlussvorschlag"), "{}", hit.title);
        assert!(hit.found_in.is_some(), "found in a document");
        assert!(
            hit.snippet
                .iter()
                .any(|part| part.hit && part.text == "Beschlussvorschlag"),
            "{:?}",
            hit.snippet
        );
    }
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score), "ranked");

    // The search over everything says the same: the paper's reference and
    // the file the word is in.
    let found = everything(&app, "q=Beschlussvorschlag&kind=paper&limit=50").await;
    assert!(!found.hits.is_empty());
    for item in &found.hits {
        let hit = hits.iter().find(|hit| hit.title == item.title);
        let hit = hit.unwrap_or_else(|| panic!("{} only in one search", item.title));
        assert_eq!(item.reference, hit.reference);
        assert!(item.reference.is_some(), "{item:?}");
        assert_eq!(item.found_in, hit.found_in);
    }
}

#[tokio::test]
async fn german_stemming_finds_other_word_forms() {
    let app = spawn_demo_app().await;
    // Meetings are titled "Sitzung <committee>"; the plural must find them.
    let meetings = search(&app, "q=Sitzungen&type=meeting").await;
    assert!(!meetings.is_empty());
    assert!(meetings.iter().all(|hit| hit.kind == HitKind::Meeting));
    assert!(meetings[0].title.starts_with("Sitzung "));
    assert!(
        meetings[0]
            .snippet
            .iter()
            .any(|p| p.hit && p.text == "Sitzung")
    );
}

#[tokio::test]
async fn filters_and_sorting_are_applied_and_bad_queries_explained() {
    let app = spawn_demo_app().await;
    let all = search(&app, "q=Beschlussvorschlag&type=paper&sort=date").await;
    assert!(
        all.windows(2).all(|w| w[0].date >= w[1].date),
        "newest first"
    );
    let middle = all[all.len() / 2].date.clone().unwrap();
    let later = search(
        &app,
        &format!("q=Beschlussvorschlag&type=paper&from={middle}"),
    )
    .await;
    assert!(!later.is_empty() && later.len() < all.len() || all.len() == 1);
    assert!(
        later
            .iter()
            .all(|hit| hit.date.as_deref() >= Some(middle.as_str()))
    );

    for bad in ["q=a", "q=Rad&type=person", "q=Rad&sort=random", ""] {
        let response = app.get(&format!("/api/v1/council/search?{bad}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        let body: shared::api::ApiErrorBody = response.json().await.unwrap();
        assert_eq!(body.error, "invalid_input");
    }
}

#[tokio::test]
async fn the_organization_filter_keeps_what_the_committee_is_part_of() {
    let app = spawn_demo_app().await;
    let all = search(&app, "q=Beschlussvorschlag&type=paper").await;
    // The committee that discusses the first hit.
    let (_, _, paper) = crate::oparl::get_json(
        &app,
        &app.url(&format!("/oparl/v1/paper/{}", all[0].number)),
    )
    .await;
    let committee = paper["consultation"][0]["organization"][0]
        .as_str()
        .and_then(|id| id.rsplit('/').next())
        .and_then(|n| n.parse::<u64>().ok())
        .expect("a committee");
    let filtered = search(
        &app,
        &format!("q=Beschlussvorschlag&type=paper&organization={committee}"),
    )
    .await;
    assert!(filtered.iter().any(|hit| hit.number == all[0].number));
    assert!(
        filtered.len() < all.len(),
        "{} of {}",
        filtered.len(),
        all.len()
    );
    let none = search(&app, "q=Beschlussvorschlag&organization=999999").await;
    assert!(none.is_empty());
}

/// Creates a council object as staff; answers its number.
async fn create(app: &TestApp, token: &str, kind: &str, object: serde_json::Value) -> u64 {
    let (status, created) = crate::helpers::call(
        app,
        reqwest::Method::POST,
        &format!("/council/objects/{kind}"),
        Some(token),
        Some(&object),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["id"]
        .as_str()
        .and_then(|id| id.rsplit('/').next())
        .and_then(|n| n.parse().ok())
        .expect("a number")
}

#[tokio::test]
async fn spellings_phrases_exclusions_and_reference_numbers() {
    let app = spawn_demo_app().await;
    let staff = app
        .person_with_role("ratsbuero", shared::accounts::Role::Staff)
        .await;
    let token = staff.access_token();
    let street = create(
        &app,
        token,
        "paper",
        json!({ "name": "Umgestaltung der Kötterhagener Straße", "reference": "V/0901/2026" }),
    )
    .await;
    let trees = create(
        &app,
        token,
        "paper",
        json!({ "name": "Neue Bäume für die Kötterhagener Straße", "reference": "V/0902/2026" }),
    )
    .await;
    let within = std::time::Duration::from_secs(1);
    let numbers = |hits: &[SearchHit]| hits.iter().map(|hit| hit.number).collect::<Vec<_>>();

    // "Strasse" finds "Straße", and the words found are marked as written.
    let hits = app
        .council_search_until("q=Koetterhagener%20Strasse&type=paper", within, |hits| {
            numbers(hits).contains(&street) && numbers(hits).contains(&trees)
        })
        .await;
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert!(
        hits.iter()
            .find(|hit| hit.number == street)
            .unwrap()
            .snippet
            .iter()
            .any(|part| part.hit && part.text == "Straße")
    );

    // A phrase must occur as written; an excluded word must not.
    let hits = search(&app, "q=%22die%20Kötterhagener%22&type=paper").await;
    assert_eq!(numbers(&hits), [trees]);
    let hits = search(&app, "q=Kötterhagener%20-Bäume&type=paper").await;
    assert_eq!(numbers(&hits), [street]);
    let hits = search(&app, "q=-Kötterhagener&type=paper").await;
    assert!(hits.is_empty(), "nothing to look for is nothing found");

    // A reference number typed exactly comes first, however sorted.
    for sort in ["relevance", "date"] {
        let hits = search(&app, &format!("q=V%2F0902%2F2026&sort={sort}")).await;
        assert_eq!(hits.first().map(|hit| hit.number), Some(trees), "{sort}");
    }

    // The search over everything finds the same, with counts per kind that
    // stay when the search is narrowed to another kind.
    let everything: shared::search::SearchResults = app
        .get("/api/v1/search?q=Koetterhagener%20Strasse")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(everything.total, 2);
    let mut paths: Vec<&str> = everything
        .hits
        .iter()
        .map(|hit| hit.path.as_str())
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            format!("/ratsinformation/vorlage/{street}"),
            format!("/ratsinformation/vorlage/{trees}")
        ]
    );
    let proposals: shared::search::SearchResults = app
        .get("/api/v1/search?q=Koetterhagener%20Strasse&kind=proposal")
        .await
        .json()
        .await
        .unwrap();
    assert!(proposals.hits.is_empty());
    assert_eq!(
        proposals.kinds,
        [shared::search::KindCount {
            kind: "paper".into(),
            count: 2
        }]
    );
    // While typing, the last word matches the words it begins.
    let typed: shared::search::SearchResults = app
        .get("/api/v1/search?q=K%C3%B6tterh&prefix=true")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(typed.total, 2, "{typed:?}");
    let not_typing: shared::search::SearchResults = app
        .get("/api/v1/search?q=K%C3%B6tterh")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(not_typing.total, 0, "{not_typing:?}");
    for bad in [
        "q=Kita&kind=person",
        "q=Kita&limit=51",
        "q=Kita&limit=0",
        "q=K",
    ] {
        let response = app.get(&format!("/api/v1/search?{bad}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
    }

    // Query syntax of other engines is just text.
    for odd in [
        "Kötterhagener%3A%20AND%20%5E2",
        "%5Ba%20TO%20b%5D%20*",
        "%22%22%22",
    ] {
        let response = app.get(&format!("/api/v1/council/search?q={odd}")).await;
        assert_eq!(response.status(), StatusCode::OK, "{odd}");
    }
}

#[tokio::test]
async fn names_of_non_public_agenda_items_are_never_found() {
    let app = spawn_demo_app().await;
    let staff = app
        .person_with_role("ratsbuero", shared::accounts::Role::Staff)
        .await;
    let token = staff.access_token();
    let meeting = create(
        &app,
        token,
        "meeting",
        json!({ "name": "Hauptausschuss Dezember" }),
    )
    .await;
    for (name, public) in [
        ("Grundstücksgeschäft Kanalufer", false),
        ("Haushaltsrede Kanalufer", true),
    ] {
        create(
            &app,
            token,
            "agenda-item",
            json!({ "meeting": format!("{}/meeting/{meeting}", app.url("/oparl/v1")), "name": name, "public": public }),
        )
        .await;
    }
    let within = std::time::Duration::from_secs(1);
    let hits = app
        .council_search_until("q=Haushaltsrede&type=meeting", within, |hits| {
            !hits.is_empty()
        })
        .await;
    assert_eq!(hits[0].number, meeting);
    let hits = search(&app, "q=Grundstücksgeschäft").await;
    assert!(hits.is_empty(), "{hits:?}");
}

/// The search over everything, once, as the public asks it.
async fn everything(app: &TestApp, query: &str) -> SearchResults {
    let response = app.get(&format!("/api/v1/search?{query}")).await;
    assert_eq!(response.status(), StatusCode::OK, "{query}");
    response.json().await.unwrap()
}

/// Staff `POST` to `path` of `/api/v1`, answered with `expected`.
async fn staff_post(
    app: &TestApp,
    token: &str,
    path: &str,
    body: Value,
    expected: StatusCode,
) -> Value {
    let (status, answer) = call(app, Method::POST, path, Some(token), Some(&body)).await;
    assert_eq!(status, expected, "{path}: {answer}");
    answer
}

/// How soon a write is findable on the server that made it.
const A_SECOND: std::time::Duration = std::time::Duration::from_secs(1);

#[tokio::test]
async fn drafts_debates_polls_and_defect_reports_are_found_as_they_change() {
    let app = spawn_demo_app().await;
    let staff = app.person_with_role("stadtplanung", Role::Staff).await;
    let staff = staff.access_token();
    let open = |days: i64| (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339();

    // (Each search is narrowed to the kind it tests: the demo city's
    // proposals are drawn at random and may share a word.)
    // A draft is found by a word of one paragraph, in another form, and the
    // hit leads to that paragraph.
    let draft = staff_post(
        &app,
        staff,
        "/consultations",
        json!({
            "title": "Spielplatz am Aasee",
            "summary": "Was der Spielplatz bekommt.",
            "text": "# Ausstattung\n\nDer Sandkasten bekommt ein Sonnensegel.\n\nDie Rutsche weicht einer Kletterspinne.",
            "opens_at": open(-1),
            "closes_at": open(14),
        }),
        StatusCode::CREATED,
    )
    .await["number"]
        .as_u64()
        .unwrap();
    let found = app
        .search_until("q=Kletterspinnen&kind=consultation", A_SECOND, |found| {
            found.total == 1
        })
        .await;
    assert_eq!(found.hits[0].kind, "consultation");
    assert_eq!(found.hits[0].title, "Spielplatz am Aasee");
    assert_eq!(
        found.hits[0].path,
        format!("/beteiligung/entwurf/{draft}#absatz-2")
    );
    assert!(
        found.hits[0]
            .snippet
            .iter()
            .any(|part| part.hit && part.text == "Kletterspinne")
    );
    // A new version replaces what the old one said.
    staff_post(
        &app,
        staff,
        &format!("/consultations/{draft}/versions"),
        json!({
            "text": "# Ausstattung\n\nDer Sandkasten bekommt ein Sonnensegel.\n\nDie Rutsche bleibt, daneben kommt eine Seilbahn.",
            "note": "Die Rutsche bleibt.",
        }),
        StatusCode::CREATED,
    )
    .await;
    app.search_until("q=Seilbahn&kind=consultation", A_SECOND, |found| {
        found.total == 1
    })
    .await;
    app.search_until("q=Kletterspinne&kind=consultation", A_SECOND, |found| {
        found.total == 0
    })
    .await;

    // A debate by its question (ß or ss), then by its conclusion.
    let debate = staff_post(
        &app,
        staff,
        "/debates",
        json!({ "question": "Tempo 30 auf der Weseler Straße?", "description": "Anwohnende wünschen sich **weniger Lärm**." }),
        StatusCode::CREATED,
    )
    .await["number"]
        .as_u64()
        .unwrap();
    // (The demo council has many papers about the Weseler Straße.)
    let found = app
        .search_until("q=Weseler%20Strasse&kind=debate", A_SECOND, |found| {
            found.total == 1
        })
        .await;
    assert_eq!(
        found.hits[0].path,
        format!("/beteiligung/diskussion/{debate}")
    );
    staff_post(
        &app,
        staff,
        &format!("/debates/{debate}/close"),
        json!({ "text": "Der Rat lässt eine Lärmschutzprüfung machen." }),
        StatusCode::OK,
    )
    .await;
    app.search_until("q=Laermschutzpruefung&kind=debate", A_SECOND, |found| {
        found.hits.first().is_some_and(|hit| hit.kind == "debate")
    })
    .await;

    // A poll by one of its options.
    let poll = staff_post(
        &app,
        staff,
        "/polls",
        json!({
            "title": "Ein Name für den Skatepark",
            "description": "Der Skatepark am Hafen bekommt einen Namen.",
            "opens_at": open(1),
            "closes_at": open(8),
            "results": "after_close",
            "questions": [{ "text": "Welcher Name?", "kind": { "type": "single" }, "options": ["Rollbrettwiese", "Hafenrampe"], "required": true }]
        }),
        StatusCode::CREATED,
    )
    .await["number"]
        .as_u64()
        .unwrap();
    let found = app
        .search_until("q=Rollbrettwiese&kind=poll", A_SECOND, |found| {
            found.total == 1
        })
        .await;
    assert_eq!(found.hits[0].kind, "poll");
    assert_eq!(found.hits[0].path, format!("/abstimmungen/{poll}"));

    // A defect report by its place and description, then by the office's
    // answer; hidden, it is not found, shown again, it is.
    let (status, report) = call(
        &app,
        Method::POST,
        "/defects/reports",
        None,
        Some(&json!({
            "category": "strassenlaterne",
            "location": { "lat": 51.9620, "lon": 7.6280 },
            "address": "Kanonengraben 4",
            "description": "Die Laterne flackert die ganze Nacht.",
            "answers": { "zustand": ["flackert"] },
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{report}");
    let report = report["number"].as_u64().unwrap();
    let found = app
        .search_until(
            "q=Kanonengraben%20N%C3%A4chte&kind=defect",
            A_SECOND,
            |found| found.total == 1,
        )
        .await;
    assert_eq!(found.hits[0].kind, "defect");
    assert_eq!(
        found.hits[0].path,
        format!("/maengelmelder/meldung/{report}")
    );
    assert!(
        found.hits[0].title.contains("Kanonengraben 4"),
        "{:?}",
        found.hits[0]
    );
    staff_post(
        &app,
        staff,
        &format!("/defects/reports/{report}/status"),
        json!({ "status": "in_bearbeitung", "text": "Das Leuchtmittel wird getauscht." }),
        StatusCode::OK,
    )
    .await;
    // The office's public answer is searched too (a demo report's answer
    // has the same word).
    let path = format!("/maengelmelder/meldung/{report}");
    app.search_until("q=Leuchtmittel&kind=defect", A_SECOND, |found| {
        found.hits.iter().any(|hit| hit.path == path)
    })
    .await;
    let visibility = format!("/defects/reports/{report}/visibility");
    let hide = json!({ "hidden": true, "reason": "Die Beschreibung nennt einen Nachbarn." });
    let (status, answer) = call(&app, Method::PUT, &visibility, Some(staff), Some(&hide)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    // Never shown once hidden, even before the index has caught up.
    assert!(
        everything(&app, "q=Kanonengraben&kind=defect")
            .await
            .hits
            .is_empty()
    );
    app.search_until("q=Kanonengraben&kind=defect", A_SECOND, |found| {
        found.total == 0
    })
    .await;
    let show = json!({ "hidden": false });
    let (status, answer) = call(&app, Method::PUT, &visibility, Some(staff), Some(&show)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    app.search_until("q=Kanonengraben&kind=defect", A_SECOND, |found| {
        found.total == 1
    })
    .await;
    // Its title names its category: renamed, the report is found by the new
    // name.
    let (_, categories) = call(&app, Method::GET, "/defects/categories", Some(staff), None).await;
    let mut lamp = categories
        .as_array()
        .unwrap()
        .iter()
        .find(|category| category["code"] == "strassenlaterne")
        .cloned()
        .unwrap();
    lamp["name"] = json!("Leuchte ausgefallen");
    let (status, answer) = call(
        &app,
        Method::PUT,
        "/defects/categories/strassenlaterne",
        Some(staff),
        Some(&lamp),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let found = app
        .search_until("q=Kanonengraben%20Leuchte&kind=defect", A_SECOND, |found| {
            found.total == 1
        })
        .await;
    assert_eq!(found.hits[0].title, "Leuchte ausgefallen · Kanonengraben 4");

    // The counts per kind name every kind that matched.
    let found = everything(&app, "q=Hafen").await;
    assert!(
        found.kinds.iter().any(|count| count.kind == "poll"),
        "{:?}",
        found.kinds
    );
}

#[tokio::test]
async fn counts_per_committee_and_year_narrow_the_search_and_keep_the_others() {
    let app = spawn_demo_app().await;
    let all = everything(&app, "q=Beschlussvorschlag").await;
    assert!(all.organizations.len() > 1, "{:?}", all.organizations);
    assert!(
        all.organizations
            .iter()
            .all(|count| count.label.as_deref().is_some_and(|name| !name.is_empty())),
        "every committee named: {:?}",
        all.organizations
    );
    assert!(
        all.organizations
            .windows(2)
            .all(|w| w[0].count >= w[1].count),
        "most first"
    );
    assert!(!all.years.is_empty());
    assert!(
        all.years.windows(2).all(|w| w[0].value > w[1].value),
        "newest first"
    );

    // Narrowed to a committee: as many as its count said, and the other
    // committees still counted, to switch to.
    let committee = &all.organizations[1];
    let narrowed = everything(
        &app,
        &format!("q=Beschlussvorschlag&organization={}", committee.value),
    )
    .await;
    assert_eq!(narrowed.total, committee.count);
    assert_eq!(narrowed.organizations, all.organizations);
    assert!(
        narrowed
            .hits
            .iter()
            .all(|hit| hit.path.starts_with("/ratsinformation/"))
    );

    let year = &all.years[0];
    let of_year = everything(&app, &format!("q=Beschlussvorschlag&year={}", year.value)).await;
    assert_eq!(of_year.total, year.count);
    assert_eq!(of_year.years, all.years);
    assert!(
        of_year.hits.iter().all(|hit| hit
            .date
            .as_deref()
            .is_some_and(|d| d.starts_with(&year.value))),
        "{:?}",
        of_year.hits
    );
    // Both: the committee's count within that year.
    let both = everything(
        &app,
        &format!(
            "q=Beschlussvorschlag&organization={}&year={}",
            committee.value, year.value
        ),
    )
    .await;
    let committee_that_year = of_year
        .organizations
        .iter()
        .find(|count| count.value == committee.value)
        .map_or(0, |count| count.count);
    assert_eq!(both.total, committee_that_year);

    for bad in [
        "q=Beschlussvorschlag&year=1800",
        "q=Beschlussvorschlag&organization=Rat",
    ] {
        let response = app.get(&format!("/api/v1/search?{bad}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn newest_first_and_within_days_across_every_area() {
    let app = spawn_demo_app().await;
    let newest = everything(&app, "q=Spielplatz&sort=date&limit=50").await;
    // Council papers and meetings, a defect report and a poll at least.
    assert!(newest.kinds.len() > 3, "several areas: {:?}", newest.kinds);
    // Dates compare as the local day and time they say.
    let dates: Vec<&str> = newest
        .hits
        .iter()
        .map_while(|hit| hit.date.as_deref())
        .map(|date| date.get(..16).unwrap_or(date))
        .collect();
    assert!(dates.len() > 10, "{:?}", newest.hits);
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
    let kinds: HashSet<&str> = newest.hits.iter().map(|hit| hit.kind.as_str()).collect();
    assert!(kinds.len() > 3, "{kinds:?}");

    // One day: only what is dated on it, as many as there are.
    let day = &dates[dates.len() / 2][..10];
    let that_day = everything(
        &app,
        &format!("q=Spielplatz&from={day}&until={day}&limit=50"),
    )
    .await;
    assert!(that_day.total >= 1);
    assert!(that_day.total < newest.total);
    assert!(
        that_day.hits.iter().all(|hit| hit
            .date
            .as_deref()
            .is_some_and(|date| date.starts_with(day))),
        "{:?}",
        that_day.hits
    );

    for bad in [
        "q=Spielplatz&sort=random",
        "q=Spielplatz&from=gestern",
        "q=Spielplatz&until=2026-13-01",
    ] {
        let response = app.get(&format!("/api/v1/search?{bad}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        let answer: Value = response.json().await.unwrap();
        assert!(
            answer["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{answer}"
        );
    }
}
