//! Citizens and staff using a running server through its JSON API, as the
//! crash, load and vote-storm tools need them: registering with a software
//! passkey, voting, proposing, reporting defects with a photo.

use std::{io::Cursor, time::Duration};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::accounts::{Ceremony, SignedIn};
use webauthn_authenticator_rs::{WebauthnAuthenticator, softpasskey::SoftPasskey};
use webauthn_rs::prelude::CreationChallengeResponse;

/// What came back from one API call.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
}

impl Answer {
    pub fn ok(&self) -> bool {
        self.status.is_success()
    }

    /// The answer if it has `status`, otherwise what it was instead, after `what`.
    pub fn expect(self, status: StatusCode, what: impl std::fmt::Display) -> Result<Self, String> {
        if self.status == status {
            Ok(self)
        } else {
            Err(format!("{what}: {} {}", self.status, self.body))
        }
    }
}

/// A failed call that never got an HTTP answer (refused, reset, timed out).
#[derive(Debug)]
pub struct NoAnswer(pub String);

impl std::fmt::Display for NoAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The JSON API of one server.
#[derive(Clone)]
pub struct Api {
    base: String,
    client: reqwest::Client,
}

impl Api {
    /// `base` is the server's public URL without a trailing slash, e.g.
    /// `http://localhost:8080`; passkeys are bound to it.
    pub fn new(base: &str) -> Self {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .pool_max_idle_per_host(64)
            .build()
            .unwrap_or_default();
        Self {
            base: base.trim_end_matches('/').to_owned(),
            client,
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// `path` below `/api/v1`, with a JSON body and a bearer token where given.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Result<Answer, NoAnswer> {
        let mut request = self
            .client
            .request(method, format!("{}/api/v1{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        self.answer(request).await
    }

    /// A GET of any path (OParl, Open311, pages), read to the end.
    pub async fn get(&self, path_or_url: &str) -> Result<Answer, NoAnswer> {
        let url = if path_or_url.starts_with("http") {
            path_or_url.to_owned()
        } else {
            format!("{}{path_or_url}", self.base)
        };
        self.answer(self.client.get(url)).await
    }

    /// Uploads a JPEG for a defect report; answers `{id, key, …}`.
    pub async fn upload_photo(&self, jpeg: Vec<u8>) -> Result<Answer, NoAnswer> {
        let request = self
            .client
            .post(format!("{}/api/v1/defects/photos", self.base))
            .header("content-type", "image/jpeg")
            .body(jpeg);
        self.answer(request).await
    }

    async fn answer(&self, request: reqwest::RequestBuilder) -> Result<Answer, NoAnswer> {
        let response = request.send().await.map_err(|e| NoAnswer(e.to_string()))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| NoAnswer(e.to_string()))?;
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Ok(Answer { status, body })
    }

    /// Registers a new account with a software passkey (an invitation gives
    /// it a role) and returns it signed in.
    pub async fn register(&self, username: &str, invite: Option<&str>) -> Result<Citizen, String> {
        let start = self
            .call(
                Method::POST,
                "/auth/register/start",
                None,
                Some(&json!({ "username": username, "display_name": username, "invite": invite })),
            )
            .await
            .map_err(|e| e.to_string())?;
        if !start.ok() {
            return Err(format!("register/start {}: {}", start.status, start.body));
        }
        let ceremony: Ceremony = serde_json::from_value(start.body).map_err(|e| e.to_string())?;
        let options: CreationChallengeResponse =
            serde_json::from_value(ceremony.options).map_err(|e| e.to_string())?;
        let origin = url::Url::parse(&self.base).map_err(|e| e.to_string())?;
        let credential = SoftPasskey::new(true)
            .do_registration(origin, options)
            .map_err(|e| format!("passkey: {e:?}"))?;
        let finish = self
            .call(
                Method::POST,
                "/auth/register/finish",
                None,
                Some(&json!({ "ceremony_id": ceremony.ceremony_id, "credential": credential, "passkey_name": "Lasttest" })),
            )
            .await
            .map_err(|e| e.to_string())?;
        let finish = finish.expect(StatusCode::CREATED, "register/finish")?;
        let (access_token, refresh_token) = tokens(finish.body)?;
        Ok(Citizen {
            access_token,
            refresh_token,
        })
    }
}

/// The access and refresh token of a `SignedIn` answer, which carries them
/// in the body for API clients like this one.
fn tokens(answer: Value) -> Result<(String, String), String> {
    let signed_in: SignedIn = serde_json::from_value(answer).map_err(|e| e.to_string())?;
    signed_in
        .access_token
        .zip(signed_in.refresh_token)
        .ok_or_else(|| "the answer carries no tokens in its body".to_owned())
}

/// A signed-in account's tokens.
#[derive(Debug, Clone)]
pub struct Citizen {
    pub access_token: String,
    refresh_token: String,
}

impl Citizen {
    /// An account known only by a refresh token kept from an earlier run.
    pub async fn from_refresh_token(api: &Api, refresh_token: &str) -> Result<Self, String> {
        let mut citizen = Self {
            access_token: String::new(),
            refresh_token: refresh_token.to_owned(),
        };
        citizen.refresh(api).await?;
        Ok(citizen)
    }

    pub fn refresh_token(&self) -> &str {
        &self.refresh_token
    }

    /// Trades the refresh token for a new pair, as the app does before the
    /// access token ends (it lives 15 minutes; a load run lasts longer).
    pub async fn refresh(&mut self, api: &Api) -> Result<(), String> {
        let answer = api
            .call(
                Method::POST,
                "/auth/refresh",
                None,
                Some(&json!({ "refresh_token": self.refresh_token })),
            )
            .await
            .map_err(|e| e.to_string())?;
        if !answer.ok() {
            return Err(format!("refresh {}: {}", answer.status, answer.body));
        }
        (self.access_token, self.refresh_token) = tokens(answer.body)?;
        Ok(())
    }
}

/// A poll open from now for a week with one single-choice question of `options`.
pub fn open_poll(title: &str, options: usize) -> Value {
    let now = chrono::Utc::now();
    let options: Vec<String> = (1..=options).map(|n| format!("Möglichkeit {n}")).collect();
    json!({
        "title": title,
        "description": "Eine Abstimmung für den Lasttest.",
        "opens_at": (now - chrono::Duration::minutes(1)).to_rfc3339(),
        "closes_at": (now + chrono::Duration::days(7)).to_rfc3339(),
        "questions": [{ "text": "Welche?", "kind": { "type": "single" }, "options": options, "required": true }]
    })
}

/// A ballot for `open_poll`.
pub fn single_choice(option: usize) -> Value {
    json!({ "answers": [{ "choices": [option] }] })
}

/// A proposal for the demo's open Bürgerhaushalt; `title` must be unique
/// for the checks that find it again.
pub fn proposal(title: &str) -> Value {
    json!({
        "title": title,
        "description": "Ein Vorschlag aus dem Lasttest mit ausreichend langer Beschreibung.",
        "category": "Verkehr",
        "district": null,
        "location": { "lat": 51.96, "lon": 7.62 },
        "estimated_cost": 12_000,
    })
}

/// A broken street lamp somewhere in Münster; `description` must be unique
/// for the checks that find it again.
pub fn lamp_report(description: &str, spread: u64, photo: Option<&Value>) -> Value {
    // Spread the reports over the city so that duplicate hints stay realistic.
    let lat = 51.90 + (spread % 1000) as f64 * 0.0001;
    let lon = 7.55 + (spread / 1000 % 1000) as f64 * 0.0001;
    let mut report = json!({
        "category": "strassenlaterne",
        "location": { "lat": lat, "lon": lon },
        "address": "Prinzipalmarkt 10",
        "description": description,
        "answers": { "zustand": ["leuchtet nicht"] },
    });
    if let Some(photo) = photo {
        report["photos"] = json!([{ "id": photo["id"], "key": photo["key"] }]);
    }
    report
}

/// A small phone-like JPEG (640×480), different for every `seed`.
pub fn photo(seed: u64) -> Vec<u8> {
    jpeg(image::RgbImage::from_fn(640, 480, |x, y| {
        let v = (x as u64 * 31 + y as u64 * 17 + seed * 7) % 256;
        image::Rgb([v as u8, (v / 2) as u8, 255 - v as u8])
    }))
}

/// A JPEG of noise, which compresses as badly as a detailed camera photo,
/// so that a few dozen uploads fill a memtable of the storage engine.
pub fn noisy_photo(seed: u64, width: u32, height: u32) -> Vec<u8> {
    let mut dice = crate::dice::Dice::new(seed);
    jpeg(image::RgbImage::from_fn(width, height, |_, _| {
        let v = dice.below(1 << 24);
        image::Rgb([(v >> 16) as u8, (v >> 8) as u8, v as u8])
    }))
}

fn jpeg(image: image::RgbImage) -> Vec<u8> {
    let mut jpeg = Cursor::new(Vec::new());
    // Encoding an in-memory image into a Vec cannot fail for lack of space.
    let _ = image::DynamicImage::ImageRgb8(image).write_to(&mut jpeg, image::ImageFormat::Jpeg);
    jpeg.into_inner()
}
