//! A poll in a real browser: staff set it up, a citizen votes (a choice and
//! a ranking) and gets a receipt code, cannot vote a second time, staff end
//! the poll, and the citizen checks with the code that her ballot was
//! counted and reads the result.

use e2e::Browser;
use shared::accounts::Role;

#[tokio::test]
async fn a_citizen_votes_once_and_checks_the_receipt_after_the_close() {
    let browser = Browser::start().await;
    browser
        .register_invited(Role::Staff, "wahlamt", "Wahlamt")
        .await;

    browser.open("/abstimmungen/neu").await;
    browser.wait_for_text("h1", "Neue Abstimmung").await;
    browser.assert_accessible().await;
    browser
        .type_into("abstimmung-titel", "Name für den Platz am Kanal")
        .await;
    let opens = browser.local_time(-1).await;
    let closes = browser.local_time(24).await;
    browser
        .set_value("#abstimmung-beginn", &opens, "input")
        .await;
    browser
        .set_value("#abstimmung-ende", &closes, "input")
        .await;
    browser.type_into("frage-0-text", "Welcher Name?").await;
    browser
        .set_value("#frage-0-optionen", "Kanalplatz\nSchleusenplatz", "input")
        .await;
    browser.click_text("main button", "Weitere Frage").await;
    browser.wait_for_text("legend", "Frage 2").await;
    browser.type_into("frage-1-text", "Welche Bäume?").await;
    browser.set_value("#frage-1-art", "3", "change").await;
    browser
        .set_value("#frage-1-optionen", "Linde\nEiche\nAhorn", "input")
        .await;
    browser
        .click_text("main button", "Abstimmung anlegen")
        .await;
    browser
        .wait_for_text("h1", "Name für den Platz am Kanal")
        .await;
    browser.wait_for_text("main p strong", "läuft").await;
    let poll = browser
        .eval("location.pathname")
        .await
        .as_str()
        .expect("path")
        .to_owned();

    browser.sign_out().await;
    browser
        .register_invited_on_this_device(Role::Citizen, "berta", "Berta Bürgerin")
        .await;
    browser.open(&poll).await;
    browser.wait_for_text("h2", "Ihr Stimmzettel").await;
    browser.assert_accessible().await;
    browser
        .eval("(document.getElementById('wahl-0-0').click(), true)")
        .await;
    browser.set_value("#rang-1-1", "1", "change").await;
    browser.set_value("#rang-1-0", "2", "change").await;
    browser.click_text("main button", "Stimme abgeben").await;
    browser
        .wait_for_text("h2", "Ihre Stimme ist abgegeben")
        .await;
    let code = browser.text_of(".receipt__code").await;
    assert_eq!(code.len(), 19, "{code}");
    browser.assert_accessible().await;

    browser.open(&poll).await;
    browser
        .wait_for_text("[role=note]", "Sie haben in dieser Abstimmung abgestimmt")
        .await;
    assert_eq!(
        browser
            .eval("document.getElementById('stimmzettel') === null")
            .await,
        true
    );
    let number = poll.rsplit('/').next().expect("number");
    let second = browser
        .eval(&format!(
            "fetch('/api/v1/polls/{number}/ballots', {{ method: 'POST', headers: {{ 'Content-Type': 'application/json' }}, body: JSON.stringify({{ answers: [{{ choices: [1] }}, {{ choices: [0] }}] }}) }}).then(r => r.status)"
        ))
        .await;
    assert_eq!(second, 409, "a second ballot is refused");

    browser.type_into("quittung-code", &code).await;
    browser.click_text("main button", "Prüfen").await;
    browser.wait_for_text("[role=status]", "eingegangen").await;
    browser
        .wait_for_text("main p", "Das Ergebnis wird nach dem Ende")
        .await;

    browser.sign_in("wahlamt").await;
    browser.open(&poll).await;
    browser
        .click_text("main button", "Abstimmung jetzt beenden")
        .await;
    browser.wait_for_text("main p strong", "beendet").await;

    browser.sign_in("berta").await;
    browser.open(&poll).await;
    browser.wait_for_text("h2", "Ergebnis").await;
    browser
        .type_into("quittung-code", &code.to_lowercase())
        .await;
    browser.click_text("main button", "Prüfen").await;
    browser
        .wait_for_text("[role=status]", "Ihr Stimmzettel wurde gezählt.")
        .await;
    browser.wait_for_text(".bars__won", "Kanalplatz").await;
    browser.wait_for_text("main p", "Vorne: Eiche").await;
    browser.assert_accessible().await;
    browser.quit().await;
}
