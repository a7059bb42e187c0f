//! Bürgerhaushalt over HTTP: one cycle from its set-up to the results,
//! the rules refusing what they must, voting codes, and the demo cycle's
//! Pabulib export recomputing to the published results.

use chrono::{Duration, SecondsFormat, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::accounts::Role;

use crate::helpers::{Person, TestApp, call, signed_in, spawn_app, spawn_demo_app};

/// Valid settings of a cycle whose first phase starts tomorrow.
pub fn settings(title: &str) -> Value {
    let start = Utc::now() + Duration::days(1);
    let phases: Vec<Value> = [
        "proposals",
        "review",
        "preselection",
        "ballot",
        "results",
        "implementation",
    ]
    .iter()
    .enumerate()
    .map(|(i, kind)| {
        let at =
            |n: i64| (start + Duration::days(7 * n)).to_rfc3339_opts(SecondsFormat::Secs, true);
        json!({"kind": kind, "starts": at(i as i64), "ends": at(i as i64 + 1)})
    })
    .collect();
    json!({
        "title": title,
        "description": "Testzyklus",
        "categories": ["Verkehr", "Umwelt und Grün"],
        "city_wide_amount": 100_000,
        "districts": {"by": "manual", "amounts": [{"district": "hiltrup", "amount": 50_000}]},
        "phases": phases,
        "proposal_limit": 2,
        "preselection": {"mode": "supports", "max_per_person": 2, "threshold": 1},
        "hide_counts": true,
        "ballot": {"style": "knapsack", "min_spend_percent": 0},
        "result_rule": "mes",
    })
}

async fn app_with_city() -> TestApp {
    let app = spawn_app(|_| {}).await;
    digitale_stadt::city::save(&app.db, &digitale_stadt::city::demo::muenster())
        .await
        .expect("city");
    app
}

fn proposal(title: &str, cost: u64, district: Option<&str>) -> Value {
    json!({
        "title": title, "description": "Eine ausführliche Beschreibung der Idee.",
        "category": "Verkehr", "district": district, "location": {"lat": 51.96, "lon": 7.62},
        "estimated_cost": cost,
    })
}

fn review(feasible: bool, cost: u64) -> Value {
    json!({"feasible": feasible, "reason": "Geprüft.", "department": "Tiefbauamt", "cost_once": cost, "cost_yearly": 500})
}

#[tokio::test]
async fn one_cycle_from_set_up_to_results() {
    let app = app_with_city().await;
    let people = signed_in(
        &app,
        [
            ("kaemmerei", Role::Staff),
            ("anna", Role::Citizen),
            ("ben", Role::Citizen),
        ],
    )
    .await;
    let [staff, anna, ben] = people.each_ref().map(Person::access_token);

    let (status, answer) = call(
        &app,
        Method::POST,
        "/budgets",
        Some(anna),
        Some(&settings("X")),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    let mut bad = settings("Falsche Phasen");
    bad["phases"][2]["starts"] = bad["phases"][0]["starts"].clone();
    let (status, answer) = call(&app, Method::POST, "/budgets", Some(staff), Some(&bad)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("Unterstützung"),
        "{answer}"
    );

    let (status, cycle) = call(
        &app,
        Method::POST,
        "/budgets",
        Some(staff),
        Some(&settings("Bürgerhaushalt Test")),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{cycle}");
    let id = cycle["id"].as_u64().unwrap();
    assert_eq!(cycle["total"], 150_000);
    assert_eq!(cycle["current_phase"], Value::Null);
    let c = CycleApi { app: &app, id };

    let (status, answer) = call(
        &app,
        Method::POST,
        &format!("/budgets/{id}/proposals"),
        Some(anna),
        Some(&proposal("Radweg sanieren", 40_000, None)),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert!(
        answer["message"].as_str().unwrap().contains("Vorschläge"),
        "{answer}"
    );

    let (_, cycle) = c.advance(staff).await;
    assert_eq!(cycle["current_phase"], "proposals");
    let (status, radweg) = c
        .submit(
            anna,
            proposal("Radweg an der Kanalpromenade sanieren", 60_000, None),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{radweg}");
    assert!(radweg["own"].as_bool().unwrap());
    let (_, bank) = c
        .submit(
            anna,
            proposal("Bänke am Hiltruper See", 30_000, Some("hiltrup")),
        )
        .await;
    let (status, answer) = c
        .submit(anna, proposal("Noch eine Idee für alle", 1_000, None))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "the limit of 2: {answer}");
    let (status, answer) = c
        .submit(ben, proposal("Zu teuer für das Budget", 100_001, None))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let mut unknown = proposal("Kategorie gibt es nicht", 100, None);
    unknown["category"] = json!("Raumfahrt");
    assert_eq!(c.submit(ben, unknown).await.0, StatusCode::BAD_REQUEST);

    let (_, similar) = call(
        &app,
        Method::GET,
        &format!("/budgets/{id}/similar?title=Radweg%20Kanalpromenade"),
        None,
        None,
    )
    .await;
    assert_eq!(similar[0]["id"], radweg["id"], "{similar}");
    let (_, twin) = c
        .submit(
            ben,
            proposal("Kanalpromenade: Radweg erneuern", 50_000, None),
        )
        .await;
    let (_, tram) = c
        .submit(ben, proposal("Fahrradparkhaus am Bahnhof", 90_000, None))
        .await;

    // A page of the list: the same proposals as the whole list, in order.
    let all = c.proposals(None).await;
    let (status, page) = call(
        &app,
        Method::GET,
        &format!("/budgets/{id}/proposals?limit=2&offset=1"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(all.as_array().unwrap().len(), 4, "{all}");
    assert_eq!(page.as_array().unwrap()[..], all.as_array().unwrap()[1..3]);
    let (_, next) = call(
        &app,
        Method::GET,
        &format!("/budgets/{id}/proposals?limit=2&after={}", page[1]["id"]),
        None,
        None,
    )
    .await;
    assert_eq!(next.as_array().unwrap()[..], all.as_array().unwrap()[3..]);
    // Beyond any stored number (found by Schemathesis: it overflowed).
    let (status, beyond) = call(
        &app,
        Method::GET,
        &format!("/budgets/{id}/proposals?after={}", u64::MAX),
        None,
        None,
    )
    .await;
    assert_eq!((status, beyond), (StatusCode::OK, json!([])));
    let (status, answer) = call(
        &app,
        Method::GET,
        &format!("/budgets/{id}/proposals?limit=zwei"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");

    let (_, cycle) = c.advance(staff).await;
    assert_eq!(cycle["current_phase"], "review");
    let number = |p: &Value| p["id"].as_u64().unwrap();
    let mut no_reason = review(false, 0);
    no_reason["reason"] = json!(" ");
    assert_eq!(
        c.review(staff, number(&tram), no_reason).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        c.review(staff, number(&tram), review(true, 0)).await.0,
        StatusCode::BAD_REQUEST,
        "a feasible project costs something"
    );
    assert_eq!(
        c.review(staff, number(&radweg), review(true, 60_000))
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        c.review(staff, number(&bank), review(true, 30_000)).await.0,
        StatusCode::OK
    );
    assert_eq!(
        c.review(staff, number(&twin), review(true, 50_000)).await.0,
        StatusCode::OK
    );
    let (status, tram) = c.review(staff, number(&tram), review(true, 45_000)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(tram["cost"], 45_000);

    let (_, cycle) = c.advance(staff).await;
    assert_eq!(cycle["current_phase"], "preselection");
    let (status, supported) = c.support(ben, number(&twin)).await;
    assert_eq!(status, StatusCode::OK, "{supported}");
    assert_eq!(supported["supports"], Value::Null, "counts are hidden");
    assert!(supported["my_support"].as_bool().unwrap());
    c.support(anna, number(&bank)).await;
    c.support(anna, number(&tram)).await;
    let (status, answer) = c.support(anna, number(&radweg)).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "two supports per person: {answer}"
    );
    // Staff merge the twin into the original; Ben's support moves along.
    let mut merge = review(true, 50_000);
    merge["merge_into"] = json!(number(&radweg));
    let (status, merged) = c.review(staff, number(&twin), merge).await;
    assert_eq!(status, StatusCode::OK, "{merged}");
    assert_eq!(merged["status"], "merged");
    let (_, radweg_now) = call(
        &app,
        Method::GET,
        &format!("/budgets/{id}/proposals/{}", number(&radweg)),
        Some(ben),
        None,
    )
    .await;
    assert!(radweg_now["my_support"].as_bool().unwrap(), "{radweg_now}");

    let (_, cycle) = c.advance(staff).await;
    assert_eq!(cycle["current_phase"], "ballot");
    let (_, on_ballot) = call(
        &app,
        Method::GET,
        &format!("/budgets/{id}/proposals?on_ballot=true"),
        None,
        None,
    )
    .await;
    let mut listed: Vec<u64> = on_ballot.as_array().unwrap().iter().map(number).collect();
    listed.sort_unstable();
    assert_eq!(listed, [number(&radweg), number(&bank), number(&tram)]);
    let too_dear = json!({"city_wide": [number(&radweg), number(&tram)], "district": null});
    let (status, answer) = c.cast(Some(anna), too_dear).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(
        answer["message"].as_str().unwrap().contains("105000 €"),
        "{answer}"
    );
    let (status, answer) = c
        .cast(Some(anna), json!({"city_wide": [number(&bank)]}))
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a district project on the city-wide list: {answer}"
    );

    // The same person many times at once: one ballot, the last one wins.
    let ballot = json!({"city_wide": [number(&radweg)], "district": "hiltrup", "district_projects": [number(&bank)]});
    let attempts = (0..16).map(|_| c.cast(Some(anna), ballot.clone()));
    for (status, answer) in futures_util::future::join_all(attempts).await {
        assert_eq!(status, StatusCode::OK, "{answer}");
    }
    c.cast(Some(ben), json!({"city_wide": [number(&tram)]}))
        .await;
    let (_, mine) = call(
        &app,
        Method::GET,
        &format!("/budgets/{id}/ballot"),
        Some(anna),
        None,
    )
    .await;
    assert_eq!(mine["district"], "hiltrup");

    // Voting codes: printed, used once, blocked on request.
    let (status, batch) = call(
        &app,
        Method::POST,
        &format!("/budgets/{id}/codes"),
        Some(staff),
        Some(&json!({"count": 2, "note": "Bürgerbüro"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{batch}");
    let code = batch["codes"][0].as_str().unwrap().to_owned();
    let printed = app
        .send(
            Method::POST,
            &format!("/api/v1/budgets/{id}/codes?format=csv"),
            Some(staff),
            Some(&json!({"count": 3, "note": "Briefwahl"})),
        )
        .await;
    assert_eq!(printed.status(), StatusCode::CREATED);
    assert_eq!(printed.headers()["content-type"], "text/csv; charset=utf-8");
    let printed = printed.text().await.unwrap();
    assert_eq!(printed.lines().count(), 1 + 3, "{printed}");
    let (status, answer) = c
        .cast(
            None,
            json!({"city_wide": [number(&tram)], "code": code.to_lowercase()}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, _) = c
        .cast(None, json!({"city_wide": [number(&radweg)], "code": code}))
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a code's ballot can be changed, not doubled"
    );
    let (status, _) = c
        .cast(
            None,
            json!({"city_wide": [number(&tram)], "code": "AAAA-BBBB-CCCC-DDDD"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Ben also got a code by mail. Used while signed in, code and account
    // become one voter: his account's ballot goes, the code's counts, and
    // what he casts signed in later changes that one ballot.
    let mailed = printed
        .lines()
        .nth(1)
        .unwrap()
        .split(';')
        .nth(1)
        .unwrap()
        .to_owned();
    let (status, answer) = c
        .cast(
            Some(ben),
            json!({"city_wide": [number(&tram)], "code": mailed}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, answer) = c
        .cast(
            Some(ben),
            json!({"city_wide": [number(&tram)], "district": null}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (_, by_code) = call(
        &app,
        Method::POST,
        &format!("/budgets/{id}/ballot/lookup"),
        None,
        Some(&json!({"code": mailed})),
    )
    .await;
    assert_eq!(by_code["city_wide"], json!([number(&tram)]), "{by_code}");
    let (_, his) = call(
        &app,
        Method::GET,
        &format!("/budgets/{id}/ballot"),
        Some(ben),
        None,
    )
    .await;
    assert_eq!(his, by_code, "one ballot, reached both ways");
    let (status, answer) = c
        .cast(
            Some(anna),
            json!({"city_wide": [number(&tram)], "code": mailed}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "Ben's code is not Anna's: {answer}"
    );
    let batch_number = batch["number"].as_u64().unwrap();
    call(
        &app,
        Method::PUT,
        &format!("/budgets/{id}/codes/{batch_number}"),
        Some(staff),
        Some(&json!({"active": false})),
    )
    .await;
    let second = batch["codes"][1].as_str().unwrap().to_owned();
    let (status, answer) = c
        .cast(None, json!({"city_wide": [number(&tram)], "code": second}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    let (_, batches) = call(
        &app,
        Method::GET,
        &format!("/budgets/{id}/codes"),
        Some(staff),
        None,
    )
    .await;
    assert_eq!(batches[0]["used"], 1, "{batches}");
    assert_eq!(batches[0]["codes"], json!([]), "codes are shown only once");

    let (status, _) = call(
        &app,
        Method::GET,
        &format!("/budgets/{id}/results"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "no results while voting runs");

    let (_, cycle) = c.advance(staff).await;
    assert_eq!(cycle["current_phase"], "results");
    assert_eq!(
        cycle["ballots"], 3,
        "Anna once, Ben once (with his code), one code"
    );
    let (status, _) = c
        .cast(Some(anna), json!({"city_wide": [number(&tram)]}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "voting has closed");

    let (status, results) = call(
        &app,
        Method::GET,
        &format!("/budgets/{id}/results?rule=greedy"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{results}");
    assert_eq!(results["rule"], "greedy");
    let city = &results["budgets"][0];
    assert_eq!(city["district"], "city-wide");
    // Radweg 2 votes (Anna, the code), Fahrradparkhaus 1 (Ben): together
    // 105 000 € of 100 000 €, so the Fahrradparkhaus misses by 5 000 €.
    assert_eq!(city["winners"], json!([number(&radweg).to_string()]));
    assert_eq!(city["spent"], 60_000);
    let tram_id = number(&tram).to_string();
    let missed = city["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == tram_id.as_str())
        .unwrap();
    assert_eq!(
        missed["outcome"],
        json!({"kind": "missed", "euros": 5_000, "votes": 1}),
        "one more vote ties, and the cheaper project wins a tie"
    );
    let hiltrup = &results["budgets"][1];
    assert_eq!(hiltrup["district_key"], "hiltrup");
    assert_eq!(hiltrup["winners"], json!([number(&bank).to_string()]));

    let (_, mes) = call(
        &app,
        Method::GET,
        &format!("/budgets/{id}/results"),
        None,
        None,
    )
    .await;
    assert_eq!(mes["rule"], "mes");
    let pb_url = mes["budgets"][0]["pabulib"].as_str().unwrap().to_owned();
    assert!(
        pb_url.ends_with(&format!("/api/v1/budgets/{id}/pabulib/city-wide.pb")),
        "{pb_url}"
    );
    let pb = reqwest::get(&pb_url).await.unwrap().text().await.unwrap();
    assert!(pb.starts_with("META\nkey;value\n"), "{pb}");
    let recomputed = recompute(&app, &pb).await;
    assert_eq!(recomputed["mes"], mes["budgets"][0]["winners"]);

    let csv = app
        .get(&format!("/api/v1/budgets/{id}/results.csv"))
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.lines().count() >= 4, "{csv}");
    let ballots = app
        .get(&format!("/api/v1/budgets/{id}/ballots.csv"))
        .await
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = ballots.lines().collect();
    assert_eq!(lines[0], "budget;stimmzettel;projekte");
    assert_eq!(
        lines.len(),
        1 + 3 + 1,
        "three city-wide ballots, one in Hiltrup: {ballots}"
    );
    assert!(!ballots.contains("account"), "{ballots}");

    let (status, _) = call(&app, Method::PUT, &format!("/budgets/{id}/proposals/{}/implementation", number(&radweg)), Some(staff), Some(&json!({
        "council_paper": "https://example.org/oparl/paper/12",
        "milestones": [{"title": "Bauauftrag", "description": "", "status": "in_progress", "progress": 30, "date": "2027-03-01"}]
    }))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, answer) = call(
        &app,
        Method::PUT,
        &format!("/budgets/{id}/proposals/{}/implementation", number(&radweg)),
        Some(staff),
        Some(&json!({
            "council_paper": "javascript:alert(1)", "milestones": []
        })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
}

/// The calls of one cycle.
struct CycleApi<'a> {
    app: &'a TestApp,
    id: u64,
}

impl CycleApi<'_> {
    async fn advance(&self, staff: &str) -> (StatusCode, Value) {
        call(
            self.app,
            Method::POST,
            &format!("/budgets/{}/advance", self.id),
            Some(staff),
            None,
        )
        .await
    }

    async fn proposals(&self, viewer: Option<&str>) -> Value {
        call(
            self.app,
            Method::GET,
            &format!("/budgets/{}/proposals", self.id),
            viewer,
            None,
        )
        .await
        .1
    }

    async fn submit(&self, token: &str, proposal: Value) -> (StatusCode, Value) {
        call(
            self.app,
            Method::POST,
            &format!("/budgets/{}/proposals", self.id),
            Some(token),
            Some(&proposal),
        )
        .await
    }

    async fn review(&self, staff: &str, n: u64, review: Value) -> (StatusCode, Value) {
        call(
            self.app,
            Method::PUT,
            &format!("/budgets/{}/proposals/{n}/review", self.id),
            Some(staff),
            Some(&review),
        )
        .await
    }

    async fn support(&self, token: &str, n: u64) -> (StatusCode, Value) {
        call(
            self.app,
            Method::PUT,
            &format!("/budgets/{}/proposals/{n}/support", self.id),
            Some(token),
            None,
        )
        .await
    }

    async fn cast(&self, token: Option<&str>, ballot: Value) -> (StatusCode, Value) {
        call(
            self.app,
            Method::PUT,
            &format!("/budgets/{}/ballot", self.id),
            token,
            Some(&ballot),
        )
        .await
    }
}

async fn recompute(app: &TestApp, pb: &str) -> Value {
    let (status, check) = checked(app, pb).await;
    assert_eq!(status, StatusCode::OK, "{check}");
    check
}

async fn checked(app: &TestApp, pb: &str) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/budgets/pabulib/check"))
        .header("content-type", "text/plain")
        .body(pb.to_owned())
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

/// The demo city's finished cycle, as the list of cycles shows it.
async fn finished_cycle(app: &TestApp) -> Value {
    let (_, cycles) = call(app, Method::GET, "/budgets", None, None).await;
    cycles
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["current_phase"] == "implementation")
        .expect("a finished cycle")
        .clone()
}

#[tokio::test]
async fn the_demo_cycle_recomputes_from_its_pabulib_files() {
    let app = spawn_demo_app().await;
    let finished = finished_cycle(&app).await;
    assert!(finished["ballots"].as_u64().unwrap() >= 300, "{finished}");
    let id = finished["id"].as_u64().unwrap();
    for rule in ["greedy", "mes"] {
        let (status, results) = call(
            &app,
            Method::GET,
            &format!("/budgets/{id}/results?rule={rule}"),
            None,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{results}");
        assert_eq!(
            results["budgets"].as_array().unwrap().len(),
            7,
            "city-wide and six districts"
        );
        for budget in results["budgets"].as_array().unwrap() {
            let pb = reqwest::get(budget["pabulib"].as_str().unwrap())
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let recomputed = recompute(&app, &pb).await;
            assert_eq!(
                recomputed[rule], budget["winners"],
                "{rule} {}",
                budget["district"]
            );
            assert!(budget["spent"].as_u64().unwrap() <= budget["amount"].as_u64().unwrap());
            assert!(!budget["winners"].as_array().unwrap().is_empty());
        }
    }
    let (_, open) = call(&app, Method::GET, "/budgets", None, None).await;
    assert!(
        open.as_array()
            .unwrap()
            .iter()
            .any(|c| c["current_phase"] == "proposals")
    );
}

/// Security review, item 1: this file of 150 bytes made the completion of
/// Equal Shares step one euro at a time towards nine billion and gave up at a
/// 10-second deadline (400); the completion now jumps between the shares at
/// which the outcome changes, so it is computed.
#[tokio::test]
async fn a_tiny_file_with_a_project_costing_billions_is_computed() {
    let app = spawn_app(|_| {}).await;
    let pb = "META\nkey;value\nbudget;9000000000\nvote_type;approval\n\
        PROJECTS\nproject_id;cost\n1;1\n2;9000000000\n\
        VOTES\nvoter_id;vote\n1;1\n2;2\n3;1\n";
    let check = recompute(&app, pb).await;
    assert_eq!(check["mes"], json!(["1"]), "{check}");
    assert_eq!(check["voters"], 3);
}

/// Security review, item 1: the work of a check is bounded by a number of
/// steps (`--pabulib-check-steps`), not by the size of the file alone,
/// which within the body limit still allows far more work than a check
/// should take.
#[tokio::test]
async fn a_file_that_needs_more_steps_than_a_check_may_take_is_refused() {
    let app = spawn_app(|config| config.pabulib_check_steps = 20).await;
    let pb = "META\nkey;value\nbudget;100\nvote_type;approval\n\
        PROJECTS\nproject_id;cost\n1;60\n2;50\n3;40\n\
        VOTES\nvoter_id;vote\n1;1,2\n2;1,3\n3;2,3\n4;1\n5;3\n";
    let (status, answer) = checked(&app, pb).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("Rechenschritte"),
        "{answer}"
    );

    let app = spawn_app(|_| {}).await;
    assert_eq!(recompute(&app, pb).await["voters"], 5);
}

#[tokio::test]
async fn proposals_and_comments_are_moderated_like_all_content() {
    let app = app_with_city().await;
    let people = signed_in(
        &app,
        [
            ("amt", Role::Staff),
            ("moderation", Role::Moderator),
            ("anna", Role::Citizen),
            ("ben", Role::Citizen),
        ],
    )
    .await;
    let [staff, moderator, anna, ben] = people.each_ref().map(Person::access_token);
    let (_, cycle) = call(
        &app,
        Method::POST,
        "/budgets",
        Some(staff),
        Some(&settings("Moderiert")),
    )
    .await;
    let id = cycle["id"].as_u64().unwrap();
    let c = CycleApi { app: &app, id };
    c.advance(staff).await;
    let (_, proposal) = c
        .submit(anna, proposal("Werbung für meinen Laden", 1_000, None))
        .await;
    let n = proposal["id"].as_u64().unwrap();
    let comments = format!("/budgets/{id}/proposals/{n}/comments");
    let (status, comment) = call(
        &app,
        Method::POST,
        &comments,
        Some(ben),
        Some(&json!({"body": "Das ist **Spam**."})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{comment}");
    assert_eq!(
        comment["body_html"],
        "<p>Das ist <strong>Spam</strong>.</p>\n"
    );
    let (status, reply) = call(
        &app,
        Method::POST,
        &comments,
        Some(anna),
        Some(&json!({"body": "Nein.", "parent": comment["id"]})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{reply}");
    assert_eq!(reply["parent"], comment["id"]);
    let listed = c.proposals(None).await;
    assert_eq!(listed[0]["comments"], 2, "{listed}");
    // The search finds it within a second.
    let found = app
        .search_until("q=Werbung%20Laden", A_SECOND, |found| found.total == 1)
        .await;
    assert_eq!(found.hits[0].kind, "proposal");
    assert_eq!(
        found.hits[0].path,
        format!("/buergerhaushalt/{id}/vorschlag/{n}")
    );
    assert_eq!(
        found.kinds,
        [shared::search::KindCount {
            kind: "proposal".into(),
            count: 1
        }]
    );

    let target = json!({"kind": "budget_proposal", "id": n.to_string()});
    let (status, answer) = call(
        &app,
        Method::POST,
        "/reports",
        Some(anna),
        Some(&json!({"target": target, "reason": "spam"})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "own content: {answer}");
    let (status, _) = call(
        &app,
        Method::POST,
        "/reports",
        Some(ben),
        Some(&json!({"target": target, "reason": "spam"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, queue) = call(
        &app,
        Method::GET,
        "/moderation/queue",
        Some(moderator),
        None,
    )
    .await;
    assert!(
        queue[0]["preview"]
            .as_str()
            .unwrap()
            .contains("Werbung für meinen Laden"),
        "{queue}"
    );

    for target in [
        target.clone(),
        json!({"kind": "budget_comment", "id": comment["id"]}),
    ] {
        decide(&app, moderator, &target, "hide", "Werbung").await;
    }
    let listed = c.proposals(Some(ben)).await;
    assert_eq!(listed, json!([]), "hidden from others");
    // Hidden content is never shown by the search, not even before its
    // index has caught up, and leaves the counts within a second.
    let (_, found) = call(&app, Method::GET, "/search?q=Werbung%20Laden", None, None).await;
    assert_eq!(found["hits"], json!([]), "{found}");
    app.search_until("q=Werbung%20Laden", A_SECOND, |found| found.total == 0)
        .await;
    decide(&app, moderator, &target, "restore", "Doch in Ordnung.").await;
    app.search_until("q=Werbung%20Laden", A_SECOND, |found| found.total == 1)
        .await;
    decide(&app, moderator, &target, "hide", "Werbung").await;
    let (status, _) = call(
        &app,
        Method::GET,
        &format!("/budgets/{id}/proposals/{n}"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(
        &app,
        Method::GET,
        &format!("/budgets/{id}/proposals/{n}"),
        Some(anna),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "the author still sees it");
    let (_, thread) = call(&app, Method::GET, &comments, None, None).await;
    assert_eq!(thread[0]["hidden"], true);
    assert_eq!(thread[0]["body"], "");
    assert_eq!(thread[1]["body"], "Nein.");
    // A part at a time, as the app walks them; at most 500 (security
    // review, item 14).
    let (_, first) = call(
        &app,
        Method::GET,
        &format!("{comments}?limit=1"),
        None,
        None,
    )
    .await;
    let (_, second) = call(
        &app,
        Method::GET,
        &format!("{comments}?limit=1&offset=1"),
        None,
        None,
    )
    .await;
    assert_eq!(json!([first[0], second[0]]), thread);
    assert_eq!(second.as_array().unwrap().len(), 1);
    let (status, _) = call(
        &app,
        Method::GET,
        &format!("{comments}?limit=501"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Her data export holds what she wrote (Art. 15 DSGVO).
    let (_, export) = call(&app, Method::GET, "/me/export", Some(anna), None).await;
    let budget = &export["budget"];
    assert_eq!(
        budget["proposals"][0]["text"], "Werbung für meinen Laden",
        "{budget}"
    );
    assert_eq!(budget["proposals"][0]["cycle"], id);
    assert_eq!(budget["comments"][0]["text"], "Nein.");
    assert_eq!(budget["comments"][0]["proposal"], n);
}

/// Münster's rating scale with a best list of one per budget, and an
/// approval ballot of at most one project.
#[tokio::test]
async fn ratings_pick_the_best_list_and_approval_ballots_count_choices() {
    let app = app_with_city().await;
    let people = signed_in(
        &app,
        [
            ("amt", Role::Staff),
            ("anna", Role::Citizen),
            ("ben", Role::Citizen),
        ],
    )
    .await;
    let [staff, anna, ben] = people.each_ref().map(Person::access_token);
    let mut rules = settings("Bewertet");
    rules["preselection"] = json!({"mode": "rating", "best_list": 1});
    rules["ballot"] = json!({"style": "approval", "max_choices": 1});
    let (_, cycle) = call(&app, Method::POST, "/budgets", Some(staff), Some(&rules)).await;
    let id = cycle["id"].as_u64().unwrap();
    let c = CycleApi { app: &app, id };
    c.advance(staff).await;
    let (_, liked) = c
        .submit(anna, proposal("Beliebte Idee für alle", 10_000, None))
        .await;
    let (_, disliked) = c
        .submit(ben, proposal("Umstrittene Idee für alle", 10_000, None))
        .await;
    let number = |p: &Value| p["id"].as_u64().unwrap();
    c.advance(staff).await;
    for p in [&liked, &disliked] {
        c.review(staff, number(p), review(true, 10_000)).await;
    }
    c.advance(staff).await;
    let rate = |token, n: u64, rating: &str| {
        let body = json!({"rating": rating});
        async move {
            call(
                c.app,
                Method::PUT,
                &format!("/budgets/{id}/proposals/{n}/rating"),
                Some(token),
                Some(&body),
            )
            .await
        }
    };
    let (status, answer) = c.support(anna, number(&liked)).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "rating mode has no supports: {answer}"
    );
    rate(anna, number(&liked), "approve").await;
    rate(ben, number(&liked), "neutral").await;
    rate(anna, number(&disliked), "reject").await;
    let (status, rated) = rate(ben, number(&disliked), "cannot_judge").await;
    assert_eq!(status, StatusCode::OK, "{rated}");
    assert_eq!(rated["my_rating"], "cannot_judge");
    assert_eq!(rated["ratings"], Value::Null, "hidden until the ballot");
    // A new rating replaces the earlier one.
    rate(ben, number(&disliked), "approve").await;
    rate(ben, number(&disliked), "reject").await;

    c.advance(staff).await;
    let (_, shown) = call(
        &app,
        Method::GET,
        &format!("/budgets/{id}/proposals/{}", number(&disliked)),
        None,
        None,
    )
    .await;
    assert_eq!(
        shown["ratings"],
        json!({"approve": 0, "reject": 2, "neutral": 0, "cannot_judge": 0})
    );
    assert_eq!(shown["on_ballot"], false);
    let (_, best) = call(
        &app,
        Method::GET,
        &format!("/budgets/{id}/proposals/{}", number(&liked)),
        None,
        None,
    )
    .await;
    assert_eq!(best["on_ballot"], true);

    let (status, answer) = c
        .cast(Some(ben), json!({"city_wide": [number(&disliked)]}))
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "not on the ballot: {answer}"
    );
    let (status, answer) = c
        .cast(Some(ben), json!({"city_wide": [number(&liked)]}))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

/// Security review, item 14: every view of the results (and of each
/// proposal, which shows its outcome) read every ballot and computed the
/// election again. A closed ballot cannot change, so its results are
/// computed once per app server: even with the ballots gone from the
/// database behind its back, the server answers what it computed.
#[tokio::test]
async fn the_results_of_a_closed_ballot_are_computed_once() {
    let app = spawn_demo_app().await;
    let finished = finished_cycle(&app).await["id"].as_u64().unwrap();
    let path = format!("/budgets/{finished}/results?rule=mes");
    let (status, first) = call(&app, Method::GET, &path, None, None).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert!(first["budgets"][0]["voters"].as_u64().unwrap() > 0);

    app.db
        .query("DELETE budget_ballot WHERE cycle = $cycle")
        .bind(("cycle", finished as i64))
        .await
        .unwrap()
        .check()
        .unwrap();
    let (_, again) = call(&app, Method::GET, &path, None, None).await;
    assert_eq!(again, first);
    let (status, _) = call(
        &app,
        Method::GET,
        &format!("/budgets/{finished}/results?rule=greedy"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

/// How soon a write is findable on the server that made it.
const A_SECOND: std::time::Duration = std::time::Duration::from_secs(1);

/// A moderator's decision (`hide` or `restore`) on `target`.
async fn decide(app: &TestApp, moderator: &str, target: &Value, action: &str, reason: &str) {
    let (status, answer) = call(
        app,
        Method::POST,
        "/moderation/decisions",
        Some(moderator),
        Some(&json!({"target": target, "action": action, "reason": reason})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{answer}");
}
