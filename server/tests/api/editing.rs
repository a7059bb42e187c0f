//! Staff editing of the council data: what staff create, change, upload and
//! delete is at once valid OParl, consistent from both ends, found by the
//! search, and bad input changes nothing.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::accounts::Role;

use crate::{
    helpers::{TestApp, spawn_app, spawn_demo_app},
    oparl::{assert_no_problems, check_object, get_json},
};

struct Staff<'a> {
    app: &'a TestApp,
    token: String,
}

impl Staff<'_> {
    async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> (StatusCode, Value) {
        let response = self
            .app
            .send(
                method,
                &format!("/api/v1/council/{path}"),
                Some(&self.token),
                body,
            )
            .await;
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Creates an object; panics unless the server answers 201.
    async fn create(&self, kind: &str, object: Value) -> Value {
        let (status, answer) = self
            .send(Method::POST, &format!("objects/{kind}"), Some(&object))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{kind}: {answer}");
        answer
    }

    async fn upload(&self, query: &str, content_type: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
        let response = self
            .app
            .client
            .post(self.app.url(&format!("/api/v1/council/files?{query}")))
            .bearer_auth(&self.token)
            .header("content-type", content_type)
            .body(bytes)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

async fn staff(app: &TestApp) -> Staff<'_> {
    let person = app.person_with_role("sachbearbeitung", Role::Staff).await;
    Staff {
        app,
        token: person.access_token().to_owned(),
    }
}

fn id(object: &Value) -> String {
    object["id"].as_str().expect("object has an id").to_owned()
}

async fn oparl(app: &TestApp, id: &str) -> Value {
    let (status, _, object) = get_json(app, id).await;
    assert_eq!(status, StatusCode::OK, "{id}");
    object
}

/// The first committee of the demo council's body.
async fn first_organization(app: &TestApp) -> Value {
    let body = oparl(app, &app.url("/oparl/v1/body/1")).await;
    let list = body["organization"].as_str().unwrap();
    oparl(app, &format!("{list}?limit=1")).await["data"][0].clone()
}

fn pdf(title: &str, words: &str) -> Vec<u8> {
    digitale_stadt::council::demo_pdf::document(title, &[words.to_owned()])
}

#[tokio::test]
async fn staff_prepare_a_meeting_with_agenda_paper_and_pdf_and_record_the_result() {
    let app = spawn_demo_app().await;
    let staff = staff(&app).await;

    let (status, file) = staff
        .upload(
            "fileName=V-0815-2026.pdf&name=Beschlussvorlage%20Radstation&date=2026-11-20",
            "application/pdf",
            pdf(
                "Radstation am Hauptbahnhof",
                "Die Fahrradgaragenbetreiberin erhält einen Zuschuss von 40.000 Euro.",
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{file}");
    assert_eq!(file["mimeType"], "application/pdf");
    assert_eq!(file["fileName"], "V-0815-2026.pdf");
    assert_eq!(file["sha512Checksum"].as_str().map(str::len), Some(128));
    assert!(
        file["text"]
            .as_str()
            .unwrap()
            .contains("Fahrradgaragenbetreiberin")
    );
    let download = app
        .client
        .get(file["downloadUrl"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(
        download.bytes().await.unwrap().len() as u64,
        file["size"].as_u64().unwrap()
    );

    let organization = first_organization(&app).await;
    let meeting = staff
        .create(
            "meeting",
            json!({
                "name": "Sondersitzung Mobilität",
                "meetingState": "eingeladen",
                "start": "2026-12-03T17:00:00+01:00",
                "end": "2026-12-03T19:00:00+01:00",
                "organization": [id(&organization)],
            }),
        )
        .await;
    let paper = staff
        .create(
            "paper",
            json!({
                "name": "Radstation am Hauptbahnhof erweitern",
                "reference": "V/0815/2026",
                "date": "2026-11-20",
                "paperType": "Beschlussvorlage",
                "mainFile": { "id": id(&file) },
                "originatorOrganization": [id(&organization)],
            }),
        )
        .await;
    assert_eq!(paper["mainFile"]["name"], "Beschlussvorlage Radstation");
    let file_now = oparl(&app, &id(&file)).await;
    assert_eq!(file_now["paper"], json!([id(&paper)]));

    let opening = staff
        .create(
            "agenda-item",
            json!({ "meeting": id(&meeting), "number": "1", "name": "Eröffnung", "public": true }),
        )
        .await;
    let item = staff
        .create(
            "agenda-item",
            json!({ "meeting": id(&meeting), "number": "2", "name": "Radstation", "public": true }),
        )
        .await;
    assert_eq!(
        (opening["order"].as_u64(), item["order"].as_u64()),
        (Some(0), Some(1))
    );
    let consultation = staff
        .create(
            "consultation",
            json!({
                "paper": id(&paper),
                "meeting": id(&meeting),
                "agendaItem": id(&item),
                "organization": [id(&organization)],
                "role": "Entscheidung",
                "authoritative": true,
            }),
        )
        .await;
    let item_now = oparl(&app, &id(&item)).await;
    assert_eq!(item_now["consultation"], id(&consultation));

    // The result is recorded on the agenda item.
    let mut decided = item_now.clone();
    decided["result"] = json!("beschlossen");
    decided["resolutionText"] = json!("Der Beschlussvorschlag wird angenommen.");
    let item_path = id(&item).replace(&app.url("/oparl/v1/"), "objects/");
    let (status, answer) = staff.send(Method::PUT, &item_path, Some(&decided)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["result"], "beschlossen");
    assert_eq!(answer["consultation"], id(&consultation));

    let meeting_now = oparl(&app, &id(&meeting)).await;
    let agenda: Vec<&str> = meeting_now["agendaItem"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["name"].as_str().unwrap())
        .collect();
    assert_eq!(agenda, ["Eröffnung", "Radstation"]);
    assert_eq!(
        meeting_now["agendaItem"][1]["resolutionText"],
        "Der Beschlussvorschlag wird angenommen."
    );
    assert!(meeting_now["modified"].as_str() >= meeting["modified"].as_str());
    let paper_now = oparl(&app, &id(&paper)).await;
    assert_eq!(paper_now["consultation"][0]["id"], id(&consultation));
    let consultation_now = oparl(&app, &id(&consultation)).await;
    assert_eq!(consultation_now["agendaItem"], id(&item));

    let mut problems = Vec::new();
    for object in [
        &meeting_now,
        &paper_now,
        &file_now,
        &item_now,
        &consultation_now,
    ] {
        check_object(object, false, &mut problems);
    }
    assert_no_problems(&problems);

    // The search finds the new paper by a word only its uploaded PDF
    // contains, within a second of the write.
    app.council_search_until(
        "q=Fahrradgaragenbetreiberin",
        std::time::Duration::from_secs(1),
        |hits| {
            hits.iter()
                .any(|hit| hit.title == "Radstation am Hauptbahnhof erweitern")
        },
    )
    .await;

    // The audit log names what staff did.
    let admin = app.person_with_role("verwaltung", Role::Admin).await;
    let audit = app
        .send(
            Method::GET,
            "/api/v1/admin/audit",
            Some(admin.access_token()),
            None,
        )
        .await
        .text()
        .await
        .unwrap();
    for action in ["council.upload", "council.create", "council.update"] {
        assert!(audit.contains(action), "{action} not in the audit log");
    }
}

#[tokio::test]
async fn deleting_an_agenda_item_clears_the_other_end_and_changes_the_meeting() {
    let app = spawn_demo_app().await;
    let staff = staff(&app).await;
    let meeting = staff
        .create("meeting", json!({ "name": "Arbeitssitzung" }))
        .await;
    let paper = staff
        .create("paper", json!({ "name": "Spielplatz Aaseewiesen" }))
        .await;
    let item = staff
        .create(
            "agenda-item",
            json!({ "meeting": id(&meeting), "name": "Spielplatz" }),
        )
        .await;
    let consultation = staff
        .create(
            "consultation",
            json!({ "paper": id(&paper), "agendaItem": id(&item), "meeting": id(&meeting) }),
        )
        .await;
    let item_path = id(&item).replace(&app.url("/oparl/v1/"), "objects/");
    let (status, _) = staff.send(Method::DELETE, &item_path, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = staff.send(Method::DELETE, &item_path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "deleting twice");

    let tombstone = oparl(&app, &id(&item)).await;
    assert_eq!(tombstone["deleted"], true);
    let consultation_now = oparl(&app, &id(&consultation)).await;
    assert!(
        consultation_now.get("agendaItem").is_none(),
        "{consultation_now}"
    );
    let meeting_now = oparl(&app, &id(&meeting)).await;
    assert!(
        meeting_now
            .get("agendaItem")
            .is_none_or(|items| items.as_array().is_some_and(Vec::is_empty))
    );
}

#[tokio::test]
async fn bad_edits_are_refused_with_a_reason_and_change_nothing() {
    let app = spawn_demo_app().await;
    let staff = staff(&app).await;
    let meeting = staff
        .create("meeting", json!({ "name": "Haushaltssitzung" }))
        .await;
    let other = staff
        .create("meeting", json!({ "name": "Andere Sitzung" }))
        .await;
    let item = staff
        .create(
            "agenda-item",
            json!({ "meeting": id(&meeting), "name": "Haushalt" }),
        )
        .await;
    let before = oparl(&app, &id(&meeting)).await;

    let refused = [
        (
            "objects/paper",
            json!({ "originatorPerson": ["organization/1"] }),
            "originatorPerson",
        ),
        (
            "objects/paper",
            json!({ "originatorPerson": ["person/999999"] }),
            "person/999999",
        ),
        (
            "objects/meeting",
            json!({ "start": "3.12.2026 17 Uhr" }),
            "start",
        ),
        (
            "objects/meeting",
            json!({ "agendaItem": [{ "name": "TOP 1" }] }),
            "agenda-item",
        ),
        (
            "objects/agenda-item",
            json!({ "name": "ohne Sitzung" }),
            "meeting",
        ),
        ("objects/file", json!({ "name": "x.pdf" }), "hochgeladen"),
        ("objects/paper", json!(["kein Objekt"]), "JSON-Objekt"),
    ];
    for (path, object, hint) in refused {
        let (status, answer) = staff.send(Method::POST, path, Some(&object)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path} {object}: {answer}");
        let message = answer["message"].as_str().unwrap_or_default();
        assert!(message.contains(hint), "{path}: {message}");
    }
    let (status, _) = staff
        .send(Method::POST, "objects/drucksache", Some(&json!({})))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // An agenda item stays in its meeting.
    let item_path = id(&item).replace(&app.url("/oparl/v1/"), "objects/");
    let moved = json!({ "meeting": id(&other), "name": "Haushalt" });
    let (status, answer) = staff.send(Method::PUT, &item_path, Some(&moved)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");

    // Uploads must be readable PDFs.
    let (status, answer) = staff
        .upload("fileName=bild.pdf", "image/png", b"\x89PNG".to_vec())
        .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{answer}");
    let (status, _) = staff
        .upload("fileName=falsch.pdf", "application/pdf", b"GIF89a".to_vec())
        .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let (status, answer) = staff
        .upload(
            "fileName=kaputt.pdf",
            "application/pdf",
            b"%PDF-1.7\ngarbage".to_vec(),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let (status, _) = staff
        .upload(
            "fileName=vorlage.docx",
            "application/pdf",
            pdf("Titel", "Text"),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    assert_eq!(oparl(&app, &id(&meeting)).await, before);
}

#[tokio::test]
async fn uploads_over_the_limit_are_refused_before_they_are_stored() {
    let app = spawn_app(|config| config.upload_limit = 2048).await;
    let staff = staff(&app).await;
    let body = staff
        .create("body", json!({ "name": "Stadt Teststadt" }))
        .await;
    assert!(body["paper"].as_str().is_some());
    let words = "Haushaltsplanentwurf ".repeat(400);
    let (status, answer) = staff
        .upload("fileName=gross.pdf", "application/pdf", pdf("Groß", &words))
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer}");
    assert!(answer["message"].as_str().unwrap().contains("höchstens"));
    let files = oparl(&app, body["file"].as_str().unwrap()).await;
    assert_eq!(files["data"], json!([]));
}

/// Security review, item 8: agenda items with `public: false` were published
/// with their name, result, resolution, paper and files. Now OParl shows
/// only that such an item exists; its consultation and a file only it
/// names are not there for the public; council members read it whole.
#[tokio::test]
async fn non_public_agenda_items_are_read_whole_only_by_the_council() {
    let app = spawn_demo_app().await;
    let staff = staff(&app).await;
    let organization = first_organization(&app).await;
    let meeting = staff
        .create(
            "meeting",
            json!({
                "name": "Haupt- und Finanzausschuss",
                "start": "2026-12-10T17:00:00+01:00",
                "organization": [id(&organization)],
            }),
        )
        .await;
    let paper = staff
        .create(
            "paper",
            json!({ "name": "Verkauf des Grundstücks Hafenstraße 12", "reference": "V/0999/2026" }),
        )
        .await;
    let (status, file) = staff
        .upload(
            "fileName=anlage.pdf&name=Wertgutachten",
            "application/pdf",
            pdf("Wertgutachten", "Der Verkehrswert beträgt 1.234.567 Euro."),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{file}");
    let item = staff
        .create(
            "agenda-item",
            json!({
                "meeting": id(&meeting), "number": "N 1", "public": false,
                "name": "Grundstücksverkauf Hafenstraße", "result": "beschlossen",
                "resolutionText": "Der Verkauf an die Meistbietende wird beschlossen.",
                "auxiliaryFile": [{ "id": id(&file) }],
            }),
        )
        .await;
    assert_eq!(
        item["name"], "Grundstücksverkauf Hafenstraße",
        "staff see what they wrote"
    );
    let consultation = staff
        .create(
            "consultation",
            json!({
                "paper": id(&paper), "meeting": id(&meeting), "agendaItem": id(&item),
                "organization": [id(&organization)], "role": "Entscheidung",
            }),
        )
        .await;

    // The public: the item exists, nothing of what it is about.
    let shown = oparl(&app, &id(&item)).await;
    for hidden in [
        "name",
        "result",
        "resolutionText",
        "auxiliaryFile",
        "consultation",
    ] {
        assert!(shown.get(hidden).is_none(), "{hidden}: {shown}");
    }
    assert_eq!(
        (shown["public"].clone(), shown["number"].clone()),
        (json!(false), json!("N 1"))
    );
    let meeting_now = oparl(&app, &id(&meeting)).await;
    let embedded = &meeting_now["agendaItem"][0];
    assert!(
        embedded.get("name").is_none() && embedded.get("result").is_none(),
        "{embedded}"
    );
    let (status, _, _) = get_json(&app, &id(&consultation)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let paper_now = oparl(&app, &id(&paper)).await;
    assert!(paper_now.get("consultation").is_none(), "{paper_now}");
    let (status, _, _) = get_json(&app, &id(&file)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let access = file["accessUrl"].as_str().unwrap().to_owned();
    let public = app.client.get(&access).send().await.unwrap();
    assert_eq!(public.status(), StatusCode::NOT_FOUND);
    let whole_path = format!(
        "/api/v1/council/meetings/{}/non-public",
        id(&meeting).rsplit('/').next().unwrap()
    );
    assert_eq!(
        app.send(Method::GET, &whole_path, None, None)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let citizen = app.person_with_role("buergerin", Role::Citizen).await;
    assert_eq!(
        app.send(Method::GET, &whole_path, Some(citizen.access_token()), None)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    // A council member reads the item whole and opens its file.
    let council = app.person_with_role("ratsmitglied", Role::Council).await;
    let whole: Value = app
        .json_of(Method::GET, &whole_path, Some(council.access_token()), None)
        .await;
    let read = &whole[0]["item"];
    assert_eq!(read["name"], "Grundstücksverkauf Hafenstraße", "{whole}");
    assert_eq!(read["result"], "beschlossen");
    assert_eq!(read["consultation"], id(&consultation));
    assert_eq!(read["auxiliaryFile"][0]["id"], id(&file));
    assert_eq!(
        whole[0]["paper"],
        json!({ "number": id(&paper).rsplit('/').next().unwrap().parse::<u64>().unwrap(), "label": "V/0999/2026" }),
        "the paper it treats, which the public cannot follow"
    );
    let opened = app
        .client
        .get(&access)
        .bearer_auth(council.access_token())
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), StatusCode::OK);
    assert_eq!(opened.headers()["cache-control"], "private, no-store");

    // Made public, it is there for everyone.
    let mut public_now = read.clone();
    public_now["public"] = json!(true);
    let item_path = id(&item).replace(&app.url("/oparl/v1/"), "objects/");
    let (status, answer) = staff.send(Method::PUT, &item_path, Some(&public_now)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        oparl(&app, &id(&item)).await["name"],
        "Grundstücksverkauf Hafenstraße"
    );
    assert_eq!(
        oparl(&app, &id(&consultation)).await["agendaItem"],
        id(&item)
    );
    assert_eq!(
        app.client.get(&access).send().await.unwrap().status(),
        StatusCode::OK
    );
    // A sign-in that no longer works changes nothing for a public file.
    let stale = app.client.get(&access).bearer_auth("expired.token.value");
    assert_eq!(stale.send().await.unwrap().status(), StatusCode::OK);
}
