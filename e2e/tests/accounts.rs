//! Accounts in a real browser with a virtual passkey authenticator:
//! register, see the recovery codes, sign out, sign in again without a
//! username, and come back with a recovery code on a new device.

use e2e::Browser;

async fn signed_in_account_page(browser: &Browser, username: &str) {
    browser.wait_for_text("h1", "Mein Konto").await;
    browser.wait_for_text(".facts dd", username).await;
    browser.wait_for_text(".main-nav a", "Mein Konto").await;
}

async fn sign_out(browser: &Browser) {
    browser.click_text("main button", "Abmelden").await;
    browser.wait_for_text(".main-nav a", "Anmelden").await;
}

#[tokio::test]
async fn register_sign_out_sign_in_and_recover_with_a_code() {
    let browser = Browser::start().await;
    let phone = browser.add_passkey_authenticator().await;

    browser.open("/registrieren").await;
    browser.wait_for_text("h1", "Registrieren").await;
    assert!(
        browser.axe_violations().await.is_empty(),
        "{:?}",
        browser.axe_violations().await
    );
    browser
        .type_into("registrieren-benutzername", "anna.e2e")
        .await;
    browser.type_into("registrieren-name", "Anna E.").await;
    browser.click_text("main button", "Passkey anlegen").await;

    browser
        .wait_for_text("h1", "Ihre Wiederherstellungscodes")
        .await;
    let codes = browser
        .eval(
            "Array.from(document.querySelectorAll('.recovery-codes code')).map(c => c.textContent)",
        )
        .await;
    let codes: Vec<String> = serde_json::from_value(codes).expect("codes");
    assert_eq!(codes.len(), 10);
    assert!(browser.axe_violations().await.is_empty());
    browser
        .eval("(document.getElementById('codes-gesichert').click(), true)")
        .await;
    browser
        .click_text("main button", "Weiter zu meinem Konto")
        .await;
    signed_in_account_page(&browser, "anna.e2e").await;
    browser
        .wait_for_text(".item-list__title", "Erstes Gerät")
        .await;
    let violations = browser.axe_violations().await;
    assert!(violations.is_empty(), "{violations:?}");

    // A reload keeps the session (HttpOnly cookies), then sign out.
    browser.driver.refresh().await.expect("reload");
    signed_in_account_page(&browser, "anna.e2e").await;
    sign_out(&browser).await;

    // Sign in again without typing a username: the passkey names the account.
    browser.open("/anmelden").await;
    browser
        .click_text("main button", "Mit Passkey anmelden")
        .await;
    signed_in_account_page(&browser, "anna.e2e").await;
    sign_out(&browser).await;

    // The phone is lost: a recovery code and a new device.
    browser.remove_passkey_authenticator(&phone).await;
    browser.add_passkey_authenticator().await;
    browser.open("/wiederherstellen").await;
    browser.wait_for_text("h1", "Wiederherstellungscode").await;
    browser
        .type_into("wiederherstellen-benutzername", "anna.e2e")
        .await;
    browser
        .type_into("wiederherstellen-code", &codes[0].to_lowercase())
        .await;
    browser.click_text("main button", "Code prüfen").await;
    signed_in_account_page(&browser, "anna.e2e").await;
    browser
        .wait_until(
            "document.querySelectorAll('.item-list')[0].querySelectorAll('li').length === 2",
            "two passkeys listed",
        )
        .await;

    // Removing a passkey needs a recent sign-in: eleven minutes later the
    // app asks for the passkey again, then the lost phone's is removed.
    browser
        .db
        .query("UPDATE session SET signed_in_at = time::now() - 11m")
        .await
        .expect("sessions moved back")
        .check()
        .expect("sessions moved back");
    browser.click_text(".item-list button", "Entfernen").await;
    browser
        .wait_until(
            "document.querySelectorAll('.item-list')[0].querySelectorAll('li').length === 1",
            "the lost phone's passkey removed after confirming",
        )
        .await;

    // The same code does not work twice.
    sign_out(&browser).await;
    browser.open("/wiederherstellen").await;
    browser
        .type_into("wiederherstellen-benutzername", "anna.e2e")
        .await;
    browser.type_into("wiederherstellen-code", &codes[0]).await;
    browser.click_text("main button", "Code prüfen").await;
    browser
        .wait_for_text("[role=alert]", "Wiederherstellungscode stimmen nicht")
        .await;
    browser.quit().await;
}

#[tokio::test]
async fn a_browser_without_passkeys_gets_a_clear_german_message() {
    let browser = Browser::start().await;
    browser.open("/anmelden").await;
    browser.wait_for_text("h1", "Anmelden").await;
    browser
        .eval("(delete window.PublicKeyCredential, window.PublicKeyCredential = undefined, true)")
        .await;
    browser
        .click_text("main button", "Mit Passkey anmelden")
        .await;
    browser
        .wait_for_text("[role=alert]", "unterstützt keine Passkeys")
        .await;
    let violations = browser.axe_violations().await;
    assert!(violations.is_empty(), "{violations:?}");
    browser.quit().await;
}

#[tokio::test]
async fn a_cancelled_passkey_dialog_is_explained() {
    let browser = Browser::start().await;
    // No authenticator at all: Chromium ends the request with NotAllowedError.
    browser.open("/registrieren").await;
    browser.wait_for_text("h1", "Registrieren").await;
    browser
        .type_into("registrieren-benutzername", "bert.e2e")
        .await;
    browser.type_into("registrieren-name", "Bert").await;
    let cdp = browser.driver.cdp();
    cdp.send_raw("WebAuthn.enable", serde_json::json!({}))
        .await
        .expect("WebAuthn domain");
    cdp.send_raw(
        "WebAuthn.addVirtualAuthenticator",
        serde_json::json!({ "options": {
            "protocol": "ctap2", "transport": "internal", "hasResidentKey": true,
            "hasUserVerification": true, "isUserVerified": false,
            "isUserConsenting": false, "automaticPresenceSimulation": true
        }}),
    )
    .await
    .expect("authenticator that refuses");
    browser.click_text("main button", "Passkey anlegen").await;
    browser.wait_for_text("[role=alert]", "abgebrochen").await;
    browser.quit().await;
}

#[tokio::test]
async fn an_invited_admin_manages_accounts_and_sees_the_moderation_queue() {
    let browser = Browser::start().await;
    browser
        .register_invited(
            shared::accounts::Role::Admin,
            "stadt.admin",
            "Stadtverwaltung",
        )
        .await;
    signed_in_account_page(&browser, "Administration").await;

    browser.click_text("main a", "Verwaltung").await;
    browser
        .wait_for_text(".item-list__title", "@stadt.admin")
        .await;
    browser
        .click_text("main button", "Einladungslink erstellen")
        .await;
    browser
        .wait_until(
            "(document.getElementById('einladung-link') || {}).value?.includes('/registrieren?einladung=')",
            "an invitation link",
        )
        .await;
    browser.wait_for_text("td code", "invite.created").await;
    let violations = browser.axe_violations().await;
    assert!(violations.is_empty(), "{violations:?}");

    browser.open("/verwaltung/moderation").await;
    browser
        .wait_for_text("main p", "Keine offenen Meldungen")
        .await;
    let violations = browser.axe_violations().await;
    assert!(violations.is_empty(), "{violations:?}");
    browser.quit().await;
}
