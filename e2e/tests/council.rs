//! The council reader in a real browser: calendar → meeting → paper → file,
//! all read from the server's own OParl API.

use digitale_stadt::db::Rows;
use e2e::Browser;

#[tokio::test]
async fn calendar_meeting_paper_and_file() {
    let browser = Browser::start().await;
    browser.open("/ratsinformation").await;
    browser.wait_for_text("h2", "Sitzungen im").await;
    let violations = browser.axe_violations().await;
    assert!(violations.is_empty(), "{violations:?}");
    // The same month as a grid of weeks, Monday first.
    browser.click_text("main button", "Monatsansicht").await;
    browser.wait_for_text("table.month th", "Mo").await;
    let violations = browser.axe_violations().await;
    assert!(violations.is_empty(), "{violations:?}");
    browser.click_text("main button", "Liste").await;

    // Go back month by month to one with a meeting whose agenda names a paper:
    // past meetings of the demo council have agendas with papers.
    let mut found = false;
    for _ in 0..24 {
        browser.click_text("main button", "Voriger Monat").await;
        browser
            .wait_until(
                "!document.querySelector('main .loading')",
                "the month has loaded",
            )
            .await;
        let has = browser
            .eval("Array.from(document.querySelectorAll('.meetings .badge')).some(b => b.textContent.includes('durchgeführt'))")
            .await;
        if has == serde_json::Value::Bool(true) {
            found = true;
            break;
        }
    }
    assert!(found, "a month with a past meeting");
    browser
        .eval("(Array.from(document.querySelectorAll('.meetings li')).find(li => li.textContent.includes('durchgeführt')).querySelector('a').click(), true)")
        .await;
    browser.wait_for_text("h2", "Tagesordnung").await;
    browser.wait_for_text(".agenda a", "Vorlage").await;
    let violations = browser.axe_violations().await;
    assert!(violations.is_empty(), "{violations:?}");

    browser.click_text(".agenda a", "Vorlage").await;
    browser.wait_for_text("h2", "Beratungsfolge").await;
    browser
        .wait_for_text(".facts dt", "Drucksachennummer")
        .await;
    browser.wait_for_text(".files a", "Ansehen").await;
    // The heading arrives with the data, then takes focus and is announced.
    browser
        .wait_until(
            "document.activeElement && document.activeElement.id === 'main-heading' && document.querySelector('[role=status]').textContent === 'Seite geladen: ' + document.querySelector('h1').textContent",
            "focus on the loaded heading and its announcement",
        )
        .await;
    let violations = browser.axe_violations().await;
    assert!(violations.is_empty(), "{violations:?}");

    // The file opens inline as a PDF and downloads under its own name.
    let check = r#"
        const done = arguments[arguments.length - 1];
        const view = document.querySelector('.files a[target=_blank]').href;
        const download = document.querySelector('.files a[download]');
        fetch(view).then(async r => {
            const bytes = new Uint8Array(await r.arrayBuffer());
            done([r.status, r.headers.get('content-type'), String.fromCharCode(...bytes.slice(0, 5)),
                  download.getAttribute('download')]);
        }).catch(e => done(['failed', String(e)]));
    "#;
    let result = browser
        .driver
        .execute_async(check, Vec::new())
        .await
        .expect("file fetched")
        .json()
        .clone();
    assert_eq!(result[0], 200, "{result}");
    assert_eq!(result[1], "application/pdf", "{result}");
    assert_eq!(result[2], "%PDF-", "{result}");
    assert!(result[3].as_str().unwrap().ends_with(".pdf"), "{result}");

    browser.click_text("main a", "Zur Sitzung").await;
    browser.wait_for_text("h2", "Tagesordnung").await;

    // From the meeting to its committee, a member, and back to a committee.
    browser
        .eval("(document.querySelector('.facts a[href^=\"/ratsinformation/gremium/\"]').click(), true)")
        .await;
    browser.wait_for_text("h2", "Mitglieder").await;
    let violations = browser.axe_violations().await;
    assert!(violations.is_empty(), "{violations:?}");
    browser
        .eval("(document.querySelector('.item-list a[href^=\"/ratsinformation/person/\"]').click(), true)")
        .await;
    browser.wait_for_text("h2", "Mitgliedschaften").await;
    browser
        .wait_for_text("main a", "Sitzungen dieser Gremien abonnieren")
        .await;
    let violations = browser.axe_violations().await;
    assert!(violations.is_empty(), "{violations:?}");
    browser.quit().await;
}

#[tokio::test]
async fn the_calendar_filters_by_committee_and_offers_its_feed() {
    let browser = Browser::start().await;
    browser.open("/ratsinformation").await;
    browser
        .wait_until(
            "document.querySelectorAll('#gremium option').length > 5",
            "the committees",
        )
        .await;
    let chosen = browser
        .eval("(() => { const s = document.getElementById('gremium'); const o = Array.from(s.options).find(o => o.textContent === 'Rat'); return o ? o.value : s.options[1].value; })()")
        .await;
    let chosen = chosen.as_str().expect("an organization number").to_owned();
    browser
        .eval(&format!(
            "(() => {{ const s = document.getElementById('gremium'); s.value = '{chosen}'; s.dispatchEvent(new Event('change', {{ bubbles: true }})); return true; }})()"
        ))
        .await;
    browser
        .wait_until(
            &format!("Array.from(document.querySelectorAll('main a')).some(a => a.getAttribute('href') === '/api/v1/council/organizations/{chosen}/meetings.ics')"),
            "the committee's calendar feed",
        )
        .await;
    browser.quit().await;
}

#[tokio::test]
async fn search_finds_a_paper_by_a_word_inside_its_pdf() {
    let browser = Browser::start().await;
    browser.open("/ratsinformation").await;
    browser.type_into("suche", "Beschlussvorschlag").await;
    browser.click_text("header button", "Suchen").await;
    browser
        .wait_for_text("[role=status]", "Treffer für „Beschlussvorschlag“")
        .await;
    // No paper is titled so: the word is only inside the PDFs.
    browser
        .wait_for_text(".search-results mark", "Beschlussvorschlag")
        .await;
    browser
        .wait_for_text(".snippet__source", "gefunden in")
        .await;
    let violations = browser.axe_violations().await;
    assert!(violations.is_empty(), "{violations:?}");

    // Narrowed to a time in which no paper was written, nothing is left.
    browser
        .set_value("#suche-von", "1990-01-01", "change")
        .await;
    browser
        .set_value("#suche-bis", "1990-12-31", "change")
        .await;
    browser
        .wait_for_text("[role=status]", "Keine Treffer")
        .await;
    browser.set_value("#suche-von", "", "change").await;
    browser.set_value("#suche-bis", "", "change").await;
    browser
        .wait_for_text(".search-results mark", "Beschlussvorschlag")
        .await;

    // Only papers, then the first of them.
    browser.set_value("#suche-art", "paper", "change").await;
    browser
        .wait_until(
            "(b => b.length > 0 && b.every(b => b.textContent === 'Vorlage'))(Array.from(document.querySelectorAll('.search-results .badge')))",
            "papers only",
        )
        .await;
    browser
        .eval("(document.querySelector('.search-results .item-list__title a').click(), true)")
        .await;
    browser.wait_for_text("h2", "Beratungsfolge").await;
    browser.quit().await;
}

#[tokio::test]
async fn staff_prepare_a_meeting_and_readers_find_its_paper_by_the_pdf() {
    let browser = Browser::start().await;
    browser
        .register_invited(shared::accounts::Role::Staff, "rats.buero", "Ratsbüro")
        .await;
    let pdf = browser.scratch_file(
        "V-0900-2026.pdf",
        &digitale_stadt::council::demo_pdf::document(
            "Fahrradstraße Kanalstraße",
            &["Die Kanalstraße wird zwischen Ring und Hafen zur Fahrradstraße; Kfz-Anliegerverkehr bleibt frei. Stichwort Pollerabsenkungsplan.".to_owned()],
        ),
    );

    browser.open("/ratsinformation").await;
    browser.click_text("main a", "Neue Sitzung anlegen").await;
    browser.wait_for_text("h1", "Neue Sitzung anlegen").await;
    browser
        .wait_until(
            "document.querySelectorAll('#sitzung-gremium option').length > 10",
            "the committees to choose from",
        )
        .await;
    browser
        .type_into("sitzung-name", "Sondersitzung Radverkehr")
        .await;
    browser
        .set_value("#sitzung-beginn", "2026-12-10T17:00", "input")
        .await;
    browser
        .set_value("#sitzung-ende", "2026-12-10T19:30", "input")
        .await;
    browser
        .type_into("sitzung-ort", "Raum 202, Stadthaus 3")
        .await;
    let violations = browser.axe_violations().await;
    assert!(violations.is_empty(), "{violations:?}");
    browser.click_text("main button", "Sitzung anlegen").await;

    browser
        .wait_for_text("h1", "Sondersitzung Radverkehr")
        .await;
    browser
        .wait_for_text(".facts dd", "Raum 202, Stadthaus 3")
        .await;
    browser.wait_for_text("h2", "Sitzung bearbeiten").await;
    browser.type_into("top-nummer", "1").await;
    browser
        .type_into("top-thema", "Fahrradstraße Kanalstraße")
        .await;
    browser
        .type_into("vorlage-titel", "Fahrradstraße Kanalstraße einrichten")
        .await;
    browser.type_into("vorlage-nummer", "V/0900/2026").await;
    browser.choose_file("vorlage-pdf", &pdf).await;
    browser.click_text("main button", "Punkt hinzufügen").await;
    browser
        .wait_for_text("[role=status]", "Tagesordnungspunkt wurde hinzugefügt")
        .await;
    browser.wait_for_text(".agenda a", "V/0900/2026").await;

    browser
        .set_value("select[id^=ergebnis-]", "beschlossen", "change")
        .await;
    browser
        .type_into_first(
            "textarea[id^=beschluss-]",
            "Die Fahrradstraße wird eingerichtet.",
        )
        .await;
    browser
        .click_text("main button", "Ergebnis speichern")
        .await;
    browser.wait_for_text(".agenda p", "beschlossen").await;
    browser
        .wait_for_text(".agenda p", "Die Fahrradstraße wird eingerichtet.")
        .await;

    browser.choose_file("sitzung-pdf", &pdf).await;
    browser
        .click_text("main button", "Hochladen und anhängen")
        .await;
    browser
        .wait_for_text("[role=status]", "Dokument wurde angehängt")
        .await;
    browser.wait_for_text(".files", "Einladung").await;
    let violations = browser.axe_violations().await;
    assert!(violations.is_empty(), "{violations:?}");

    // Readers find the new paper by a word that only its PDF contains.
    browser.open("/suche?q=Pollerabsenkungsplan").await;
    browser
        .wait_for_text("main li", "Fahrradstraße Kanalstraße einrichten")
        .await;
    browser.quit().await;
}

#[tokio::test]
async fn a_saved_meeting_its_paper_and_pdf_open_without_a_connection() {
    let browser = Browser::start().await;
    browser.open("/ratsinformation").await;
    browser.wait_for_text("h2", "Sitzungen im").await;
    // A past meeting with an invitation and an agenda that treats papers.
    let number = browser
        .eval(
            "fetch('/oparl/v1/body/1/meeting?limit=100').then(r => r.json()).then(page => {
               const m = page.data.find(m => m.invitation && (m.agendaItem || []).some(i => i.consultation));
               return Number(m.id.split('/').pop());
             })",
        )
        .await;
    let number = number.as_u64().expect("a meeting number");
    browser
        .open(&format!("/ratsinformation/sitzung/{number}"))
        .await;
    browser.wait_for_text(".agenda a", "Vorlage").await;
    browser
        .wait_until(
            "navigator.serviceWorker && navigator.serviceWorker.controller !== null",
            "the service worker controls the page",
        )
        .await;
    browser
        .click_text("main button", "Für offline speichern")
        .await;
    browser
        .wait_for_text("[role=status]", "ohne Verbindung lesbar")
        .await;
    browser
        .wait_for_text(".offline__state", "Offline gespeichert am")
        .await;
    let violations = browser.axe_violations().await;
    assert!(violations.is_empty(), "{violations:?}");
    let title = browser.text_of("h1").await;
    let pdf = browser
        .eval("document.querySelector('.files a').href")
        .await
        .as_str()
        .expect("the invitation's address")
        .to_owned();

    browser.set_offline(true).await;
    // Really offline: what nobody saved does not load.
    let unsaved = browser
        .eval("fetch('/oparl/v1/meeting/999999?probe=' + Date.now()).then(() => 'answered', () => 'failed')")
        .await;
    assert_eq!(unsaved, "failed");

    browser.driver.refresh().await.expect("reload");
    browser.wait_for_text("h1", &title).await;
    browser.wait_for_text(".agenda a", "Vorlage").await;
    browser.click_text(".agenda a", "Vorlage").await;
    browser.wait_for_text("h2", "Beratungsfolge").await;

    browser
        .driver
        .goto(&pdf)
        .await
        .expect("open the stored PDF");
    browser
        .wait_until(
            "document.contentType === 'application/pdf'",
            "the stored PDF in the browser's viewer",
        )
        .await;
    browser.set_offline(false).await;
    browser.quit().await;
}

/// Security review, item 8: what a non-public agenda item is about stays
/// out of the public reader; a council member reads it whole.
#[tokio::test]
async fn a_non_public_agenda_item_is_read_whole_by_council_members_only() {
    let browser = Browser::start().await;
    #[derive(serde::Deserialize)]
    struct Item {
        meeting: u64,
        name: String,
        paper: String,
    }
    let item: Item = browser
        .db
        .query(
            "SELECT parent AS meeting, doc.name AS name,
                 type::record('council_paper', type::record('council_consultation',
                     <int> string::replace(doc.consultation, 'consultation/', '')).parent).doc.reference AS paper
             FROM council_agenda_item
             WHERE doc.public = false AND doc.result != NONE AND doc.consultation != NONE
                 AND deleted = false LIMIT 1",
        )
        .await
        .expect("a non-public item")
        .row::<Item>(0)
        .expect("its row")
        .expect("the demo council has non-public items with a result");
    let page = format!("/ratsinformation/sitzung/{}", item.meeting);

    browser.open(&page).await;
    browser
        .wait_for_text(".agenda", "Nichtöffentlicher Tagesordnungspunkt")
        .await;
    let agenda = browser
        .eval("document.querySelector('.agenda').textContent")
        .await;
    assert!(
        !agenda.as_str().unwrap_or_default().contains(&item.name),
        "the public reader shows {:?}",
        item.name
    );

    browser
        .register_invited(
            shared::accounts::Role::Council,
            "ratsfrau.e2e",
            "Ratsfrau E.",
        )
        .await;
    browser.open(&page).await;
    browser.wait_for_text(".agenda", &item.name).await;
    // The paper it treats, which only the item's consultation names.
    browser.wait_for_text(".agenda", &item.paper).await;
    let violations = browser.axe_violations().await;
    assert!(violations.is_empty(), "{violations:?}");
    browser.quit().await;
}
