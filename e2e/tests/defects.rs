//! The Mängelmelder in a real browser: a citizen reports a broken street
//! light with a photo whose EXIF GPS position is suggested as the place; a
//! second report nearby gets the duplicate hint and says "Ich auch"; staff
//! answer with a new status, which the reporter then sees under "Meine
//! Meldungen" on her device, without an account. The public map shows the
//! reports as markers without any tile server.

use digitale_stadt::defects::photos::sample::{Gps, sample_photo};
use e2e::Browser;
use shared::accounts::Role;

async fn choose_street_light(browser: &Browser) {
    browser.open("/maengelmelder/melden").await;
    browser.wait_for_text("h1", "Mangel melden").await;
    browser.wait_for_text("#melde-bereich", "Beleuchtung").await;
    browser
        .set_value("#melde-bereich", "Beleuchtung", "change")
        .await;
    browser
        .wait_for_text("#melde-kategorie", "Straßenlaterne defekt")
        .await;
    browser
        .wait_until(
            "document.getElementById('frage-zustand-0') !== null",
            "the category's question",
        )
        .await;
}

#[tokio::test]
async fn a_reported_defect_is_answered_by_staff_and_the_reporter_sees_it() {
    let browser = Browser::start().await;

    // Reporting with a photo that knows where it was taken.
    choose_street_light(&browser).await;
    let photo = sample_photo(1200, 900, Some(Gps::new(51.96123, 7.62412)), 6);
    let path = browser.scratch_file("laterne.jpg", &photo);
    browser.choose_file("melde-fotos", &path).await;
    browser
        .wait_for_text(
            "#melde-ort",
            "Ort aus dem Foto übernommen – bitte prüfen: 51.96123, 7.62412",
        )
        .await;
    browser
        .wait_until(
            "document.querySelector('.photo-list img') !== null",
            "the uploaded photo's preview",
        )
        .await;
    browser
        .eval("(document.getElementById('frage-zustand-0').click(), true)")
        .await;
    browser
        .type_into(
            "melde-beschreibung",
            "Die Laterne an der Ecke zum Domplatz leuchtet seit Tagen nicht mehr.",
        )
        .await;
    browser.assert_accessible().await;
    browser.click_text("main button", "Meldung absenden").await;
    browser
        .wait_for_text("h1", "Vielen Dank für Ihre Meldung")
        .await;
    let confirmation = browser.text_of("main .notice").await;
    let number: u64 = confirmation
        .trim_start_matches("Ihre Meldung hat die Nummer ")
        .trim_end_matches('.')
        .parse()
        .unwrap_or_else(|_| panic!("no number in {confirmation:?}"));
    browser
        .wait_for_text("main p", "Stadtwerke Münster (Straßenbeleuchtung)")
        .await;
    browser.assert_accessible().await;

    // The report page shows the photo without its metadata.
    browser
        .open(&format!("/maengelmelder/meldung/{number}"))
        .await;
    browser
        .wait_for_text("h1", &format!("Meldung {number}: Straßenlaterne defekt"))
        .await;
    let exif_free = browser
        .eval(
            "(async () => { const url = document.querySelector('.photo-list a').href; \
             const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer()); \
             const text = new TextDecoder('latin1').decode(bytes); \
             return bytes[0] === 0xFF && bytes[1] === 0xD8 && !text.includes('Exif') && !text.includes('GPS'); })()",
        )
        .await;
    assert_eq!(exif_free, true, "the served photo carries EXIF");

    // A second report at almost the same place: the duplicate hint. The
    // street is found by typing, then the device's position is exact.
    choose_street_light(&browser).await;
    browser.type_into("melde-adresse", "Domp").await;
    browser.click_text("main button", "Adresse suchen").await;
    browser.click_text("main li button", "Domplatz").await;
    browser
        .wait_for_text(
            "#melde-ort",
            "Straße aus dem Verzeichnis – bitte auf der Karte genauer setzen: 51.96270, 7.62540",
        )
        .await;
    browser.set_position(51.96130, 7.62420).await;
    browser
        .click_text("main button", "Meinen Standort verwenden")
        .await;
    browser
        .wait_for_text("#melde-ort", "Ihr Standort: 51.96130, 7.62420")
        .await;
    browser
        .wait_for_text("main section.notice", "Ist das schon gemeldet?")
        .await;
    browser
        .wait_for_text("main section.notice a", &format!("Meldung {number}"))
        .await;
    browser.assert_accessible().await;
    browser
        .click_text(
            "main section.notice button",
            &format!("Ich auch (Meldung {number})"),
        )
        .await;
    browser
        .wait_for_text("h1", &format!("Meldung {number}: Straßenlaterne defekt"))
        .await;
    browser
        .wait_for_text("main .facts dd:last-of-type", "1")
        .await;

    // Staff answer with a new status.
    browser
        .register_invited(Role::Staff, "stadtwerke", "Stadtwerke Licht")
        .await;
    browser
        .open(&format!("/maengelmelder/meldung/{number}"))
        .await;
    browser.wait_for_text("main h2", "Bearbeiten").await;
    browser
        .set_value("#neuer-status", "in_bearbeitung", "change")
        .await;
    browser
        .type_into(
            "oeffentliche-antwort",
            "Ein Kabelschaden ist gefunden, die Reparatur ist beauftragt.",
        )
        .await;
    browser.click_text("main button", "Status speichern").await;
    browser
        .wait_for_text("main .history", "Ein Kabelschaden ist gefunden")
        .await;
    browser.assert_accessible().await;
    browser.open("/maengelmelder/bearbeitung").await;
    browser
        .wait_for_text("main .defect-list", &format!("Meldung {number}"))
        .await;
    browser.assert_accessible().await;

    // Staff set up the categories: the street lights get a shorter deadline.
    browser.open("/maengelmelder/kategorien").await;
    browser
        .wait_for_text("h1", "Kategorien des Mängelmelders")
        .await;
    browser.assert_accessible().await;
    browser
        .eval("(document.querySelector('button[aria-label=\"Kategorie „Straßenlaterne defekt“ bearbeiten\"]').click(), true)")
        .await;
    browser
        .wait_for_text("main h2", "Kategorie „Straßenlaterne defekt“ bearbeiten")
        .await;
    browser.set_value("#kategorie-tage", "7", "input").await;
    browser.assert_accessible().await;
    browser
        .click_text("main button", "Kategorie speichern")
        .await;
    browser
        .wait_until(
            "[...document.querySelectorAll('main tbody tr')].some(r => r.textContent.includes('Straßenlaterne defekt') && r.cells[3].textContent === '7')",
            "the new processing time in the table",
        )
        .await;

    // Signed out again, the reporter's device still lists her report with
    // the city's answer.
    browser.open("/konto").await;
    browser.click_text("main button", "Abmelden").await;
    browser.wait_for_text(".main-nav a", "Anmelden").await;
    browser.open("/maengelmelder/meine").await;
    browser.wait_for_text("h1", "Meine Meldungen").await;
    browser
        .wait_for_text("main .defect-list", &format!("Meldung {number}"))
        .await;
    browser
        .wait_for_text("main .defect-list", "in Bearbeitung")
        .await;
    browser
        .wait_for_text("main .defect-list", "Ein Kabelschaden ist gefunden")
        .await;
    browser.assert_accessible().await;

    // The public map: markers (clustered or single) without tiles, and the
    // same reports as a list.
    browser.open("/maengelmelder").await;
    browser.wait_for_text("main", "Meldungen").await;
    browser
        .wait_until(
            "document.querySelectorAll('#maengel-karte .leaflet-marker-icon').length > 0",
            "markers on the map",
        )
        .await;
    browser
        .wait_for_text("main .defect-list", &format!("Meldung {number}"))
        .await;
    browser.assert_accessible().await;
    browser.quit().await;
}
