//! Online-Beteiligung over HTTP: comments on paragraphs and passages,
//! official answers, the Abwägungstabelle, versions and their differences,
//! the link to a council paper, and debates.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::accounts::Role;

use crate::helpers::{TestApp, call, spawn_app, spawn_demo_app, tokens};

const TEXT: &str = "# Lindenplatz\n\nDer Platz wird neu gepflastert.\n\nDie alte Linde wird gefällt und durch drei junge Bäume ersetzt.\n\nDie Bänke bleiben.";

/// An open consultation on a draft with three paragraphs.
pub fn draft_json() -> Value {
    json!({
        "title": "Umgestaltung Lindenplatz",
        "summary": "Wie soll der Lindenplatz aussehen?",
        "text": TEXT,
        "opens_at": (Utc::now() - Duration::days(1)).to_rfc3339(),
        "closes_at": (Utc::now() + Duration::days(14)).to_rfc3339(),
    })
}

async fn publish(app: &TestApp, staff: &str, draft: &Value) -> u64 {
    let (status, created) = call(
        app,
        Method::POST,
        "/consultations",
        Some(staff),
        Some(draft),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["number"].as_u64().unwrap()
}

/// A fresh server with planning staff, a citizen and an open consultation.
async fn open_consultation() -> (TestApp, String, String, u64) {
    let app = spawn_app(|_| {}).await;
    let [staff, anna] = tokens(
        &app,
        [("planungsamt", Role::Staff), ("anna", Role::Citizen)],
    )
    .await;
    let number = publish(&app, &staff, &draft_json()).await;
    (app, staff, anna, number)
}

async fn comment(app: &TestApp, number: u64, token: &str, body: &Value) -> (StatusCode, Value) {
    call(
        app,
        Method::POST,
        &format!("/consultations/{number}/comments"),
        Some(token),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn a_paragraph_comment_is_answered_changes_the_draft_and_is_in_the_abwaegungstabelle() {
    let app = spawn_app(|_| {}).await;
    let [staff, anna, ben] = tokens(
        &app,
        [
            ("planungsamt", Role::Staff),
            ("anna", Role::Citizen),
            ("ben", Role::Citizen),
        ],
    )
    .await;
    let number = publish(&app, &staff, &draft_json()).await;

    let (_, shown) = call(
        &app,
        Method::GET,
        &format!("/consultations/{number}"),
        None,
        None,
    )
    .await;
    let numbers: Vec<Value> = shown["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["number"].clone())
        .collect();
    assert_eq!(numbers, [Value::Null, json!(1), json!(2), json!(3)]);
    assert_eq!(shown["phase"], "open");

    let (status, anna_comment) = comment(
        &app,
        number,
        &anna,
        &json!({ "paragraph": 2, "quote": "Linde wird gefällt", "body": "Die Linde ist gesund und soll bleiben." }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{anna_comment}");
    let id = anna_comment["id"].as_str().unwrap().to_owned();
    assert_eq!(anna_comment["quote"], "Linde wird gefällt");

    let (status, reply) = comment(
        &app,
        number,
        &ben,
        &json!({ "paragraph": 1, "reply_to": id, "body": "Sehe ich genauso." }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        reply["paragraph"], 2,
        "a reply belongs to its comment's paragraph"
    );
    for _ in 0..2 {
        let (status, supported) = call(
            &app,
            Method::PUT,
            &format!("/consultations/{number}/comments/{id}/support"),
            Some(&ben),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(supported["supports"], 1, "supporting twice counts once");
    }

    let (status, answered) = call(
        &app,
        Method::PUT,
        &format!("/consultations/{number}/comments/{id}/answer"),
        Some(&staff),
        Some(&json!({ "decision": "accepted", "reason": "Die Linde bleibt stehen; ein Gutachten bestätigt ihre Gesundheit." })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answered}");
    assert_eq!(answered["answer"]["decision"], "accepted");

    let (status, second) = call(
        &app,
        Method::POST,
        &format!("/consultations/{number}/versions"),
        Some(&staff),
        Some(&json!({
            "text": TEXT.replace("Die alte Linde wird gefällt und durch drei junge Bäume ersetzt.", "Die alte Linde bleibt stehen; zwei junge Bäume kommen dazu."),
            "note": "Die Linde bleibt.",
            "prompted_by": [id],
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{second}");
    assert_eq!(second["version"], 2);

    let (status, diff) = call(
        &app,
        Method::GET,
        &format!("/consultations/{number}/diff"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{diff}");
    assert_eq!(
        (diff["from"].as_u64(), diff["to"].as_u64()),
        (Some(1), Some(2))
    );
    let edited: Vec<&Value> = diff["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["edited"] == true)
        .collect();
    assert_eq!(edited.len(), 1, "{diff}");
    assert_eq!(edited[0]["new_number"], 2);
    assert!(
        edited[0]["parts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["change"] == "removed" && p["text"].as_str().unwrap().contains("gefällt"))
    );
    assert_eq!(edited[0]["prompted_by"][0]["id"], id.as_str());

    let (_, comments) = call(
        &app,
        Method::GET,
        &format!("/consultations/{number}/comments"),
        None,
        None,
    )
    .await;
    assert_eq!(comments[0]["led_to_change_in"], 2);
    // A part at a time (security review, item 14): the second comment is
    // the second part of one.
    let (_, second) = call(
        &app,
        Method::GET,
        &format!("/consultations/{number}/comments?limit=1&offset=1"),
        None,
        None,
    )
    .await;
    assert_eq!(second, json!([comments[1]]));

    let csv = app
        .get(&format!(
            "/api/v1/consultations/{number}/abwaegungstabelle.csv"
        ))
        .await
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[1].starts_with("1;1;2;Linde wird gefällt;;online;Die Linde ist gesund und soll bleiben.;berücksichtigt;\"Die Linde bleibt stehen"), "{csv}");
    assert!(
        lines[1].ends_with("Führte zu Änderungen in Fassung 2.\""),
        "{csv}"
    );
    assert!(
        lines[2].starts_with("2;1;2;;1;online;Sehe ich genauso.;noch nicht beantwortet"),
        "{csv}"
    );

    let page = app
        .get(&format!(
            "/api/v1/consultations/{number}/abwaegungstabelle.html"
        ))
        .await;
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = page.text().await.unwrap();
    assert!(html.contains("<html lang=\"de\">") && html.contains("<caption>"));
    assert!(html.contains("<th scope=\"col\">Entscheidung</th>"));
    assert!(html.contains("Die Linde ist gesund und soll bleiben."));
    assert!(html.contains("@page{size:A4 landscape"));
    assert!(!html.contains("Muster"), "no names of private persons");

    let export = app
        .send(Method::GET, "/api/v1/me/export", Some(&anna), None)
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(export["participation"]["comments"][0]["id"], id.as_str());
}

#[tokio::test]
async fn comments_that_do_not_fit_are_refused_with_the_reason() {
    let (app, staff, anna, number) = open_consultation().await;

    let cases = [
        (
            json!({ "paragraph": 9, "body": "Zu Absatz neun." }),
            "Absatz 9",
        ),
        (
            json!({ "paragraph": 2, "quote": "Eiche", "body": "Welche Eiche?" }),
            "markierte Stelle",
        ),
        (json!({ "paragraph": 1, "body": " " }), "Stellungnahme"),
        (
            json!({ "paragraph": 1, "reply_to": "gibtsnicht", "body": "Antwort" }),
            "antworten",
        ),
        (
            json!({ "paragraph": 1, "reply_to": "", "body": "Antwort" }),
            "antworten",
        ),
    ];
    for (body, expected) in cases {
        let (status, refused) = comment(&app, number, &anna, &body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(
            refused["message"].as_str().unwrap().contains(expected),
            "{refused}"
        );
    }
    let (status, _) = comment(
        &app,
        number,
        &anna,
        &json!({ "paragraph": 1, "body": "Als Brief", "entered_for": "Jemand" }),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only staff enter letters");

    let mut past = draft_json();
    past["opens_at"] = json!((Utc::now() - Duration::days(30)).to_rfc3339());
    past["closes_at"] = json!((Utc::now() - Duration::days(1)).to_rfc3339());
    let closed = publish(&app, &staff, &past).await;
    let (status, refused) = comment(
        &app,
        closed,
        &anna,
        &json!({ "paragraph": 1, "body": "Zu spät?" }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(refused["message"].as_str().unwrap().contains("beendet"));
    let (status, letter) = comment(&app, closed, &staff, &json!({ "paragraph": 1, "body": "Fristgerecht per Post eingegangen.", "entered_for": "Bürgerverein Mitte" })).await;
    assert_eq!(status, StatusCode::CREATED, "{letter}");
    assert_eq!(letter["by_letter"], true);
    assert_eq!(letter["author_name"], "Bürgerverein Mitte");

    let (_, comments) = call(
        &app,
        Method::GET,
        &format!("/consultations/{number}/comments"),
        None,
        None,
    )
    .await;
    assert_eq!(
        comments,
        json!([]),
        "nothing was stored by the refused comments"
    );
}

#[tokio::test]
async fn the_council_reader_finds_the_outcome_of_a_consultation_by_its_paper() {
    let app = spawn_app(|_| {}).await;
    let [staff, anna] = tokens(
        &app,
        [("planungsamt", Role::Staff), ("anna", Role::Citizen)],
    )
    .await;
    let mut draft = draft_json();
    draft["council_paper"] = json!("https://rat.example.org/oparl/v1/paper/7");
    let number = publish(&app, &staff, &draft).await;
    let (_, c) = comment(
        &app,
        number,
        &anna,
        &json!({ "paragraph": 3, "body": "Mehr Bänke bitte." }),
    )
    .await;
    call(
        &app,
        Method::PUT,
        &format!(
            "/consultations/{number}/comments/{}/answer",
            c["id"].as_str().unwrap()
        ),
        Some(&staff),
        Some(&json!({ "decision": "noted", "reason": "Wird bei der Ausführungsplanung bedacht." })),
    )
    .await;

    let paper = format!("{}/oparl/v1/paper/7", app.address);
    let (status, outcomes) = call(
        &app,
        Method::GET,
        &format!("/consultations/outcomes?paper={paper}"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(outcomes.as_array().unwrap().len(), 1, "{outcomes}");
    assert_eq!(outcomes[0]["comments"], 1);
    assert_eq!(outcomes[0]["decisions"][3], json!(["noted", 1]));
    let (_, none) = call(
        &app,
        Method::GET,
        "/consultations/outcomes?paper=https://x.de/oparl/v1/paper/8",
        None,
        None,
    )
    .await;
    assert_eq!(none, json!([]));
}

/// Security review, item 14: a debate shows every argument at once, so it
/// takes at most a thousand.
#[tokio::test]
async fn a_debate_takes_at_most_a_thousand_arguments() {
    let app = spawn_app(|_| {}).await;
    let [staff, anna] = tokens(&app, [("amt", Role::Staff), ("anna", Role::Citizen)]).await;
    let (_, debate) = call(
        &app,
        Method::POST,
        "/debates",
        Some(&staff),
        Some(&json!({ "question": "Autofreie Altstadt?", "description": "" })),
    )
    .await;
    let number = debate["number"].as_u64().unwrap();
    let path = format!("/debates/{number}/arguments");
    let argument = json!({ "side": "pro", "body": "Mehr Platz für Menschen." });
    let (status, _) = call(&app, Method::POST, &path, Some(&anna), Some(&argument)).await;
    assert_eq!(status, StatusCode::CREATED);
    app.db
        .query(
            "LET $first = (SELECT * OMIT id FROM debate_argument WHERE debate = $number)[0];
             FOR $n IN 1..1000 { CREATE debate_argument CONTENT $first };",
        )
        .bind(("number", number as i64))
        .await
        .unwrap()
        .check()
        .unwrap();
    let (status, answer) = call(&app, Method::POST, &path, Some(&anna), Some(&argument)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("1.000 Argumente"),
        "{answer}"
    );
    let (_, debate) = call(&app, Method::GET, &format!("/debates/{number}"), None, None).await;
    assert_eq!(debate["arguments"].as_array().unwrap().len(), 1_000);
}

#[tokio::test]
async fn debates_collect_arguments_until_staff_close_them_with_a_conclusion() {
    let app = spawn_app(|_| {}).await;
    let [staff, anna, ben] = tokens(
        &app,
        [
            ("amt", Role::Staff),
            ("anna", Role::Citizen),
            ("ben", Role::Citizen),
        ],
    )
    .await;
    let (status, debate) = call(
        &app,
        Method::POST,
        "/debates",
        Some(&staff),
        Some(&json!({ "question": "Autofreie Altstadt?", "description": "Was meinen Sie?" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let number = debate["number"].as_u64().unwrap();
    let path = format!("/debates/{number}/arguments");
    let (status, _) = call(
        &app,
        Method::POST,
        &path,
        Some(&anna),
        Some(&json!({ "side": "pro", "body": "Mehr Platz für Menschen." })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, debate) = call(
        &app,
        Method::POST,
        &path,
        Some(&ben),
        Some(&json!({ "side": "contra", "body": "Der Lieferverkehr braucht Zufahrt." })),
    )
    .await;
    let contra = debate["arguments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["side"] == "contra")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, supported) = call(
        &app,
        Method::PUT,
        &format!("{path}/{contra}/support"),
        Some(&anna),
        None,
    )
    .await;
    assert_eq!(
        supported["arguments"][0]["id"],
        contra.as_str(),
        "the most supported comes first"
    );
    assert_eq!(supported["arguments"][0]["supported"], true);

    let (status, _) = call(
        &app,
        Method::POST,
        &format!("/debates/{number}/close"),
        Some(&staff),
        Some(&json!({ "text": "" })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, closed) = call(
        &app,
        Method::POST,
        &format!("/debates/{number}/close"),
        Some(&staff),
        Some(&json!({ "text": "Der Rat prüft eine Sperrung mit Lieferzeiten." })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        closed["conclusion"],
        "Der Rat prüft eine Sperrung mit Lieferzeiten."
    );
    let (status, _) = call(
        &app,
        Method::POST,
        &path,
        Some(&anna),
        Some(&json!({ "side": "pro", "body": "Noch ein Argument." })),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    let [moderator] = tokens(&app, [("moderation", Role::Moderator)]).await;
    let (status, _) = call(
        &app,
        Method::POST,
        "/reports",
        Some(&anna),
        Some(&json!({ "target": { "kind": "debate_argument", "id": contra }, "reason": "off_topic" })),
    )
    .await;
    assert!(status.is_success(), "{status}");
    let (status, answer) = call(
        &app,
        Method::POST,
        "/moderation/decisions",
        Some(&moderator),
        Some(&json!({ "target": { "kind": "debate_argument", "id": contra }, "action": "hide", "reason": "Gehört nicht hierher" })),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{answer}");
    let (_, shown) = call(&app, Method::GET, &format!("/debates/{number}"), None, None).await;
    let hidden = shown["arguments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == contra.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        (hidden["hidden"].clone(), hidden["body"].clone()),
        (json!(true), json!(""))
    );

    let (_, list) = call(&app, Method::GET, "/debates", None, None).await;
    assert_eq!(list[0]["pro"], 1);
    assert_eq!(list[0]["contra"], 1);
    assert_eq!(list[0]["closed"], true);
}

#[tokio::test]
async fn the_names_of_people_who_wrote_by_letter_are_shown_to_staff_only() {
    let (app, staff, anna, number) = open_consultation().await;
    let letter = json!({ "paragraph": 1, "body": "Per Post.", "entered_for": "Erika Mustermann" });
    let (status, entered) = comment(&app, number, &staff, &letter).await;
    assert_eq!(status, StatusCode::CREATED, "{entered}");
    assert_eq!(entered["author_name"], "Erika Mustermann");

    let path = format!("/consultations/{number}/comments");
    for viewer in [None, Some(anna.as_str())] {
        let (_, comments) = call(&app, Method::GET, &path, viewer, None).await;
        assert_eq!(comments[0]["by_letter"], true);
        assert_eq!(comments[0]["author_name"], "Name nicht veröffentlicht");
        assert!(!comments.to_string().contains("Mustermann"), "{comments}");
    }
    let (_, comments) = call(&app, Method::GET, &path, Some(&staff), None).await;
    assert_eq!(comments[0]["author_name"], "Erika Mustermann");
}

#[tokio::test]
async fn the_demo_draft_shows_what_the_letters_changed() {
    let app = spawn_demo_app().await;
    let (_, list) = call(&app, Method::GET, "/consultations", None, None).await;
    let number = list[0]["number"].as_u64().unwrap();
    assert_eq!(list[0]["comments"], 3);
    assert_eq!(list[0]["answered"], 3);
    let (_, diff) = call(
        &app,
        Method::GET,
        &format!("/consultations/{number}/diff"),
        None,
        None,
    )
    .await;
    let edited: Vec<&Value> = diff["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["edited"] == true)
        .collect();
    assert_eq!(edited.len(), 2, "{diff}");
    assert!(
        edited
            .iter()
            .all(|p| p["prompted_by"].as_array().unwrap().len() == 1),
        "{diff}"
    );
    let (_, debates) = call(&app, Method::GET, "/debates", None, None).await;
    assert_eq!(debates.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn staff_publish_pdfs_with_a_draft_and_everyone_reads_them() {
    let (app, staff, anna, number) = open_consultation().await;
    let upload = |token: &str, query: &str, content_type: &str, body: &'static [u8]| {
        app.client
            .post(app.url(&format!(
                "/api/v1/consultations/{number}/attachments?{query}"
            )))
            .bearer_auth(token)
            .header("Content-Type", content_type)
            .body(body)
            .send()
    };
    let pdf: &[u8] = b"%PDF-1.7\n% Lageplan\n";

    let refused = upload(&anna, "file_name=plan.pdf", "application/pdf", pdf)
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let not_pdf = upload(&staff, "file_name=plan.pdf", "application/pdf", b"GIF89a")
        .await
        .unwrap();
    assert_eq!(not_pdf.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let bad_name = upload(&staff, "file_name=plan.docx", "application/pdf", pdf)
        .await
        .unwrap();
    assert_eq!(bad_name.status(), StatusCode::BAD_REQUEST);

    let added = upload(
        &staff,
        "file_name=lageplan.pdf&title=Lageplan",
        "application/pdf",
        pdf,
    )
    .await
    .unwrap();
    assert_eq!(added.status(), StatusCode::CREATED);
    let added: Value = added.json().await.unwrap();
    let (_, shown) = call(
        &app,
        Method::GET,
        &format!("/consultations/{number}"),
        None,
        None,
    )
    .await;
    assert_eq!(shown["attachments"][0]["title"], "Lageplan");
    assert_eq!(shown["attachments"][0]["size"], pdf.len());

    let file = app.get(added["url"].as_str().unwrap()).await;
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    assert!(
        file.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("lageplan.pdf")
    );
    assert_eq!(file.bytes().await.unwrap().as_ref(), pdf);

    let path = format!(
        "/consultations/{number}/attachments/{}",
        added["id"].as_str().unwrap()
    );
    let (status, _) = call(&app, Method::DELETE, &path, Some(&staff), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = call(&app, Method::GET, &path, None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
