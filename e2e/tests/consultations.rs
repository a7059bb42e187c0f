//! A consultation in a real browser: staff publish a draft, a citizen marks
//! a passage of a paragraph and comments on it, staff answer officially,
//! and the Abwägungstabelle (CSV and the printable page, which passes the
//! accessibility check) contains comment, paragraph, decision and reason;
//! the council reader shows the outcome next to the linked paper.

use e2e::Browser;
use shared::accounts::Role;

const TEXT: &str = "# Lindenplatz\n\nDer Platz wird neu gepflastert.\n\nDie alte Linde wird gefällt und durch drei junge Bäume ersetzt.\n\nDie Bänke bleiben.";

#[tokio::test]
async fn a_paragraph_comment_is_answered_and_lands_in_the_abwaegungstabelle() {
    let browser = Browser::start().await;
    browser
        .register_invited(Role::Staff, "planungsamt", "Planungsamt")
        .await;

    browser.open("/beteiligung/neu").await;
    browser.wait_for_text("h1", "Entwurf zur Beteiligung").await;
    browser.assert_accessible().await;
    browser
        .type_into("entwurf-titel", "Umgestaltung Lindenplatz")
        .await;
    browser.set_value("#entwurf-text", TEXT, "input").await;
    let opens = browser.local_time(-1).await;
    let closes = browser.local_time(48).await;
    browser.set_value("#entwurf-beginn", &opens, "input").await;
    browser.set_value("#entwurf-ende", &closes, "input").await;
    let paper = format!("{}/oparl/v1/paper/1", browser.base_url);
    browser.type_into("entwurf-vorlage", &paper).await;
    browser
        .click_text("main button", "Entwurf veröffentlichen")
        .await;
    browser
        .wait_for_text("h1", "Umgestaltung Lindenplatz")
        .await;
    let draft = browser
        .eval("location.pathname")
        .await
        .as_str()
        .expect("path")
        .to_owned();

    browser.sign_out().await;
    browser
        .register_invited_on_this_device(Role::Citizen, "clara", "Clara Citoyenne")
        .await;
    browser.open(&draft).await;
    browser
        .click_text("main button", "Absatz 2 kommentieren")
        .await;
    browser.wait_for_text("label", "Markierte Stelle").await;
    browser.assert_accessible().await;
    // Select "Linde wird gefällt" as a reader does with mouse or finger.
    browser
        .eval(
            "(() => { const p = document.querySelector('#absatz-2 p').firstChild; const r = document.createRange(); \
             const at = p.textContent.indexOf('Linde wird gefällt'); r.setStart(p, at); r.setEnd(p, at + 'Linde wird gefällt'.length); \
             const s = window.getSelection(); s.removeAllRanges(); s.addRange(r); return true; })()",
        )
        .await;
    browser
        .click_text("main button", "Markierung übernehmen")
        .await;
    browser
        .wait_until(
            "document.getElementById('absatz-2-stelle').value === 'Linde wird gefällt'",
            "the selection in the passage field",
        )
        .await;
    browser
        .type_into("absatz-2-text", "Die Linde ist gesund und soll bleiben.")
        .await;
    browser
        .click_text("main button", "Stellungnahme senden")
        .await;
    browser
        .wait_for_text(".comment blockquote", "Linde wird gefällt")
        .await;
    browser
        .wait_for_text(".comment__body", "Die Linde ist gesund")
        .await;

    browser.sign_in("planungsamt").await;
    browser.open(&draft).await;
    browser
        .click_text("main button", "1 Stellungnahme zu Absatz 2")
        .await;
    browser
        .click_text("summary", "Antwort der Stadt geben")
        .await;
    let comment_id = browser
        .eval("document.querySelector('.comment').id.replace('stellungnahme-', '')")
        .await
        .as_str()
        .expect("comment id")
        .to_owned();
    browser
        .set_value(&format!("#entscheidung-{comment_id}"), "Accepted", "change")
        .await;
    browser
        .type_into(
            &format!("begruendung-{comment_id}"),
            "Die Linde bleibt stehen; ein Gutachten bestätigt ihre Gesundheit.",
        )
        .await;
    browser.click_text("main button", "Antwort speichern").await;
    browser
        .wait_for_text(".answer", "Antwort der Stadt: berücksichtigt")
        .await;
    browser.assert_accessible().await;

    let number = draft.rsplit('/').next().expect("number");
    let csv = browser
        .eval(&format!(
            "fetch('/api/v1/consultations/{number}/abwaegungstabelle.csv').then(r => r.text())"
        ))
        .await;
    let csv = csv.as_str().expect("CSV text");
    assert!(
        csv.contains("1;1;2;Linde wird gefällt;;online;Die Linde ist gesund und soll bleiben.;berücksichtigt;\"Die Linde bleibt stehen; ein Gutachten bestätigt ihre Gesundheit.\""),
        "{csv}"
    );

    browser
        .open(&format!(
            "/api/v1/consultations/{number}/abwaegungstabelle.html"
        ))
        .await;
    browser
        .wait_for_text("td", "Die Linde ist gesund und soll bleiben.")
        .await;
    browser.wait_for_text("td", "berücksichtigt").await;
    browser.assert_accessible().await;

    // The council reader shows the outcome next to the paper.
    browser.open("/ratsinformation/vorlage/1").await;
    browser
        .wait_for_text("h2", "Bürgerbeteiligung zu dieser Vorlage")
        .await;
    browser
        .wait_for_text(
            "main p",
            "1 Stellungnahme, davon 0 noch ohne Antwort der Stadt.",
        )
        .await;
    browser.wait_for_text("main li", "berücksichtigt: 1").await;
    browser.assert_accessible().await;
    browser.quit().await;
}
