//! One Bürgerhaushalt cycle in a real browser: staff set it up, a citizen
//! proposes (and sees her idea suggested when typing a similar title),
//! staff review it and move the phases on, the citizen supports and votes
//! with the remaining budget announced, and the results show the project
//! as funded.

use e2e::Browser;
use shared::accounts::Role;

async fn advance(browser: &Browser, cycle: &str, to: &str) {
    browser.open(cycle).await;
    browser
        .click_text("main button", "Nächste Phase jetzt starten")
        .await;
    browser.wait_for_text("main p strong", to).await;
}

#[tokio::test]
async fn staff_set_up_citizens_propose_support_vote_and_see_the_result() {
    let browser = Browser::start().await;
    browser
        .register_invited(Role::Staff, "kaemmerei", "Kämmerei")
        .await;

    browser.open("/buergerhaushalt/neu").await;
    browser.wait_for_text("h1", "Neuer Bürgerhaushalt").await;
    browser.assert_accessible().await;
    browser
        .type_into("zyklus-titel", "Bürgerhaushalt E2E")
        .await;
    let yesterday = browser.local_time(-24).await;
    browser
        .set_value("#zyklus-beginn", &yesterday, "input")
        .await;
    browser
        .click_text("main button", "Bürgerhaushalt anlegen")
        .await;
    browser.wait_for_text("h1", "Bürgerhaushalt E2E").await;
    browser.wait_for_text("main p strong", "Vorschläge").await;
    browser
        .wait_for_text("main p", "Als Nächstes: Prüfung ab")
        .await;
    let cycle = browser
        .eval("location.pathname")
        .await
        .as_str()
        .unwrap()
        .to_owned();
    browser.assert_accessible().await;

    browser.sign_out().await;
    browser
        .register_invited_on_this_device(Role::Citizen, "berta", "Berta Bürgerin")
        .await;
    browser.open(&cycle).await;
    browser.click_text("main a", "Vorschlag einreichen").await;
    browser.wait_for_text("h1", "Vorschlag einreichen").await;
    browser
        .type_into("vorschlag-titel", "Mehr Sitzbänke am Kanal")
        .await;
    browser
        .type_into(
            "vorschlag-beschreibung",
            "Zwischen Hafen und Schleuse fehlen Bänke zum Ausruhen.",
        )
        .await;
    browser.type_into("vorschlag-kosten", "25000").await;
    browser.set_position(51.9607, 7.6261).await;
    browser
        .click_text("main button", "Meinen Standort übernehmen")
        .await;
    browser
        .wait_for_text("main fieldset p", "51.96070, 7.62610")
        .await;
    browser.assert_accessible().await;
    browser
        .click_text("main button", "Vorschlag absenden")
        .await;
    browser.wait_for_text("h1", "Mehr Sitzbänke am Kanal").await;
    browser
        .wait_for_text("main .facts a", "Auf OpenStreetMap ansehen")
        .await;
    let proposal = browser
        .eval("location.pathname")
        .await
        .as_str()
        .unwrap()
        .to_owned();
    browser.assert_accessible().await;

    // Typing a similar title suggests the existing proposal.
    browser.open(&format!("{cycle}/vorschlagen")).await;
    browser.wait_for_text("h1", "Vorschlag einreichen").await;
    browser
        .type_into("vorschlag-titel", "Sitzbänke Kanal")
        .await;
    browser
        .wait_for_text("[role=status] a", "Mehr Sitzbänke am Kanal")
        .await;

    // The list asks the server for the filtered page: the proposal has the
    // first category, so the second shows none and the first shows it.
    browser.open(&cycle).await;
    browser
        .wait_for_text(".cards h3", "Mehr Sitzbänke am Kanal")
        .await;
    for (option, selector, expected) in [
        (2, "main p", "Keine Vorschläge gefunden."),
        (1, ".cards h3", "Mehr Sitzbänke am Kanal"),
    ] {
        let value = browser
            .eval(&format!(
                "document.querySelector('#filter-kategorie').options[{option}].value"
            ))
            .await;
        browser
            .set_value("#filter-kategorie", value.as_str().unwrap(), "change")
            .await;
        browser.wait_for_text(selector, expected).await;
    }

    browser.sign_in("kaemmerei").await;
    browser.open(&proposal).await;
    browser.wait_for_text("h2", "Prüfung eintragen").await;
    browser
        .type_into("pruefung-begruendung", "Gut umsetzbar.")
        .await;
    browser.type_into("pruefung-amt", "Grünflächenamt").await;
    browser.click_text("main form button", "Speichern").await;
    browser
        .wait_for_text("#pruefung", "Prüfung durch die Verwaltung")
        .await;
    browser.wait_for_text("section p", "Gut umsetzbar.").await;
    advance(&browser, &cycle, "Prüfung").await;
    advance(&browser, &cycle, "Unterstützung").await;

    browser.sign_in("berta").await;
    browser.open(&proposal).await;
    browser.click_text("main button", "Unterstützen").await;
    browser
        .wait_for_text("main button", "Unterstützung zurücknehmen")
        .await;

    browser.sign_in("kaemmerei").await;
    advance(&browser, &cycle, "Abstimmung").await;

    browser.sign_in("berta").await;
    browser.open(&cycle).await;
    browser.click_text("main a", "Zur Abstimmung").await;
    browser.wait_for_text("h1", "Abstimmung").await;
    browser
        .wait_for_text(".ballot-left", "Noch zu verteilen: 400.000 €")
        .await;
    browser.click_text("label", "Mehr Sitzbänke am Kanal").await;
    browser
        .wait_for_text(".ballot-left", "Noch zu verteilen: 375.000 €")
        .await;
    browser.assert_accessible().await;
    browser
        .click_text("main button", "Stimmzettel abgeben")
        .await;
    browser
        .wait_for_text("[role=status]", "Ihr Stimmzettel ist gespeichert")
        .await;

    browser.sign_in("kaemmerei").await;
    advance(&browser, &cycle, "Ergebnis").await;
    browser.sign_out().await;
    browser.open(&format!("{cycle}/ergebnis")).await;
    browser.wait_for_text("h1", "Ergebnis").await;
    browser
        .wait_for_text(".bars__won", "Mehr Sitzbänke am Kanal")
        .await;
    browser.wait_for_text(".bars__won p", "Gefördert").await;
    browser.assert_accessible().await;
    browser.open(&proposal).await;
    browser.wait_for_text(".outcome", "Gefördert").await;

    // The published rules explain both ways of computing results.
    browser.click_text("main a", "Bürgerhaushalt E2E").await;
    browser.click_text(".main-nav a", "Bürgerhaushalt").await;
    browser
        .click_text("main a", "So werden die Ergebnisse berechnet")
        .await;
    browser
        .wait_for_text("h2", "Methode der gleichen Anteile")
        .await;
    browser
        .wait_for_text("main p", "in Schritten von 1 €")
        .await;
    // equalshares.net's reference example, recomputed from a file.
    let example = browser.scratch_file(
        "beispiel.pb",
        b"META\nkey;value\nbudget;150\nvote_type;approval\nPROJECTS\nproject_id;cost\np1;100\np2;50\np3;50\nVOTES\nvoter_id;vote\n1;p1,p2\n2;p1\n3;p3\n",
    );
    browser.choose_file("pabulib-datei", &example).await;
    browser.click_text("main button", "Nachrechnen").await;
    browser
        .wait_for_text("[role=status] p", "3 Projekte, 3 Stimmzettel, Budget 150")
        .await;
    browser.wait_for_text(".facts dd", "p1, p3").await;
    browser.assert_accessible().await;
    browser.quit().await;
}
