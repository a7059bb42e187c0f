//! The app shell in a real browser: German start page with live figures,
//! language switch, client-side routing with focus management, keyboard
//! access, and no WCAG 2.1 A/AA violations found by axe-core.

use e2e::Browser;

/// A fresh browser on the start page, once the live figures are in.
async fn on_the_start_page() -> Browser {
    let browser = Browser::start().await;
    browser.open("/").await;
    browser.wait_for_text(".figure dd", "320.946").await;
    browser
}

async fn switch_language(browser: &Browser) {
    browser
        .eval("document.querySelector('.language-switch').click()")
        .await;
}

#[tokio::test]
async fn start_page_shows_live_figures_in_german() {
    let browser = on_the_start_page().await;
    browser
        .wait_for_text("h1", "Willkommen in der Digitalen Stadt Münster")
        .await;
    assert_eq!(browser.eval("document.documentElement.lang").await, "de");
    assert_eq!(
        browser.text_of(".site-name").await,
        "Digitale Stadt Münster"
    );
    browser.wait_for_text(".figure dd", "303,28").await;
    for label in [
        "Bürgerhaushalt",
        "Mängelmelder",
        "Beteiligung",
        "Abstimmungen",
        "Ratsinformation",
        "Anmelden",
    ] {
        browser.wait_for_text(".main-nav a", label).await;
    }
    // "Anmelden" shows that the app asked who is signed in. A visitor who
    // is not is no error: no request of the page failed (the browser logs
    // each failed one in its console).
    let failed = browser
        .eval(
            "performance.getEntriesByType('resource')
                .filter(e => e.responseStatus >= 400)
                .map(e => e.responseStatus + ' ' + e.name)",
        )
        .await;
    assert_eq!(failed, serde_json::json!([]));
    let asked = browser
        .eval(
            "performance.getEntriesByType('resource')
                .filter(e => e.name.endsWith('/api/v1/auth/session'))
                .map(e => e.responseStatus)",
        )
        .await;
    assert_eq!(
        asked,
        serde_json::json!([200]),
        "the list holds the app's requests"
    );
    browser.quit().await;
}

#[tokio::test]
async fn language_switch_changes_texts_and_is_remembered() {
    let browser = on_the_start_page().await;
    switch_language(&browser).await;
    browser
        .wait_for_text(".main-nav a", "Participatory budget")
        .await;
    browser.wait_for_text(".figure dd", "320,946").await;
    assert_eq!(browser.eval("document.documentElement.lang").await, "en");
    assert_eq!(browser.text_of(".language-switch").await, "Deutsch");

    browser.driver.refresh().await.expect("reload");
    browser
        .wait_for_text("h1", "Welcome to the Digital City Münster")
        .await;
    assert_eq!(browser.eval("document.documentElement.lang").await, "en");

    switch_language(&browser).await;
    browser.wait_for_text(".main-nav a", "Bürgerhaushalt").await;
    assert_eq!(browser.eval("document.documentElement.lang").await, "de");
    browser.quit().await;
}

#[tokio::test]
async fn client_side_navigation_moves_focus_and_announces_the_page() {
    let browser = on_the_start_page().await;
    browser.eval("window.__sameDocument = true").await;
    browser.eval("Array.from(document.querySelectorAll('.main-nav a')).find(a => a.textContent === 'Mängelmelder').click()").await;
    browser.wait_for_text("h1", "Mängelmelder").await;
    browser
        .wait_until(
            "document.activeElement && document.activeElement.id === 'main-heading'",
            "focus on the heading",
        )
        .await;
    browser
        .wait_for_text(
            "[role=status][aria-live=polite]",
            "Seite geladen: Mängelmelder",
        )
        .await;
    assert_eq!(browser.eval("location.pathname").await, "/maengelmelder");
    assert_eq!(
        browser.eval("window.__sameDocument === true").await,
        true,
        "navigation must not reload the page"
    );
    assert_eq!(
        browser.eval("document.title").await,
        "Mängelmelder – Digitale Stadt"
    );
    assert_eq!(
        browser
            .eval("document.querySelector('.main-nav a[aria-current=page]').textContent")
            .await,
        "Mängelmelder"
    );
    browser.quit().await;
}

#[tokio::test]
async fn deep_links_and_unknown_paths_load_the_app() {
    let browser = Browser::start().await;
    browser.open("/impressum").await;
    browser.wait_for_text("h1", "Impressum").await;
    browser.wait_for_text("address", "Klemensstraße 10").await;
    browser.open("/gibt/es/nicht").await;
    browser.wait_for_text("h1", "Seite nicht gefunden").await;
    browser.quit().await;
}

#[tokio::test]
async fn skip_link_is_the_first_tab_stop_and_leads_to_the_content() {
    let browser = on_the_start_page().await;
    browser
        .driver
        .action_chain()
        .send_keys("\u{E004}")
        .perform()
        .await
        .expect("tab");
    assert_eq!(
        browser.eval("document.activeElement.className").await,
        "skip-link"
    );
    assert_eq!(
        browser.eval("document.activeElement.textContent").await,
        "Zum Inhalt springen"
    );
    browser
        .driver
        .action_chain()
        .send_keys("\u{E007}")
        .perform()
        .await
        .expect("enter");
    browser
        .wait_until(
            "document.activeElement && document.activeElement.id === 'inhalt'",
            "focus in main",
        )
        .await;
    browser.quit().await;
}

/// Every page of the shell, in both languages, and on a 320 px phone.
#[tokio::test]
async fn pages_have_no_wcag_violations() {
    for width in [1280, 320] {
        let browser = Browser::start_with_width(width).await;
        for (path, heading) in [
            ("/", "Willkommen"),
            ("/buergerhaushalt", "Bürgerhaushalt"),
            ("/maengelmelder", "Mängelmelder"),
            ("/beteiligung", "Beteiligung"),
            ("/abstimmungen", "Abstimmungen"),
            ("/ratsinformation", "Ratsinformation"),
            ("/suche?q=Spielplatz", "Suche"),
            ("/anmelden", "Anmelden"),
            ("/impressum", "Impressum"),
            ("/datenschutz", "Datenschutz"),
            ("/barrierefreiheit", "Barrierefreiheit"),
            ("/nirgendwo", "Seite nicht gefunden"),
        ] {
            browser.open(path).await;
            browser.wait_for_text("h1", heading).await;
            browser
                .wait_until("!document.querySelector('.loading')", "data loaded")
                .await;
            let violations = browser.axe_violations().await;
            assert!(
                violations.is_empty(),
                "{path} at {width}px:\n{}",
                violations.join("\n")
            );
            let overflow = browser
                .eval("document.documentElement.scrollWidth > window.innerWidth")
                .await;
            assert_eq!(overflow, false, "{path} scrolls sideways at {width}px");
        }
        switch_language(&browser).await;
        browser.open("/").await;
        browser.wait_for_text("h1", "Welcome").await;
        browser
            .wait_until("!document.querySelector('.loading')", "data loaded")
            .await;
        let violations = browser.axe_violations().await;
        assert!(
            violations.is_empty(),
            "English start page at {width}px:\n{}",
            violations.join("\n")
        );
        browser.quit().await;
    }
}

/// The accessibility check itself must be able to fail, or the test above
/// proves nothing: a picture without text alternative has to be reported.
#[tokio::test]
async fn axe_reports_a_planted_violation() {
    let browser = Browser::start().await;
    browser.open("/").await;
    browser.wait_for_text("h1", "Willkommen").await;
    browser.eval("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/app.css\">')").await;
    let violations = browser.axe_violations().await;
    assert!(
        violations.iter().any(|v| v.starts_with("image-alt")),
        "{violations:?}"
    );
    browser.quit().await;
}

/// The CSP check every browser test makes must be able to fail: a script
/// planted into the page has to be refused and reported.
#[tokio::test]
async fn the_content_security_policy_refuses_a_planted_inline_script() {
    let browser = Browser::start().await;
    browser.open("/").await;
    browser.wait_for_text("h1", "Willkommen").await;
    browser
        .eval("(() => { const s = document.createElement('script'); s.textContent = 'window.planted = true'; document.head.appendChild(s); return true; })()")
        .await;
    browser
        .wait_until(
            "window.__dsCspViolations.length > 0",
            "the CSP refuses the script",
        )
        .await;
    assert_eq!(browser.eval("window.planted === true").await, false);
    let violations = browser.eval("window.__dsCspViolations").await;
    assert!(
        violations[0]
            .as_str()
            .unwrap_or_default()
            .starts_with("script-src-elem refused inline"),
        "{violations}"
    );
    browser.eval("(window.__dsCspViolations = []).length").await;
    browser.quit().await;
}

#[tokio::test]
async fn the_search_box_in_the_header_finds_every_area() {
    let browser = on_the_start_page().await;
    browser.type_into("suche", "Spielplatz").await;
    browser.click_text("header button", "Suchen").await;
    browser.wait_for_text("h1", "Suche").await;
    browser
        .wait_for_text("[role=status]", "Treffer für „Spielplatz“")
        .await;
    // Grouped by area: council papers, a defect report and a poll.
    for area in ["Ratsinformation", "Mängelmelder", "Abstimmungen"] {
        browser.wait_for_text("main h2", area).await;
    }
    browser
        .wait_for_text(".search-results mark", "Spielplatz")
        .await;

    // From the results, the box searches again: a draft and a proposal.
    browser.set_value("#suche", "Innenstadt", "input").await;
    browser.click_text("header button", "Suchen").await;
    browser
        .wait_for_text("[role=status]", "Treffer für „Innenstadt“")
        .await;
    for area in ["Beteiligung", "Bürgerhaushalt"] {
        browser.wait_for_text("main h2", area).await;
    }
    browser
        .click_text(".search-results a", "Trinkwasserbrunnen")
        .await;
    browser
        .wait_for_text("h1", "Trinkwasserbrunnen in der Innenstadt")
        .await;
    browser.quit().await;
}
