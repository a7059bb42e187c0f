//! The browser's passkey dialogs (WebAuthn). The server's options go in as
//! JSON, the credential comes back as JSON; the browser does the parsing
//! (`parseCreationOptionsFromJSON`, `toJSON`), so no base64 code lives here.

/// Why the browser did not produce a credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasskeyError {
    /// The browser has no (JSON-capable) WebAuthn.
    Unsupported,
    /// The person cancelled, or the dialog timed out.
    Cancelled,
    /// This authenticator already holds a passkey for this account.
    AlreadyRegistered,
    /// Anything else, with the browser's error name.
    Failed(String),
}

impl PasskeyError {
    fn from_name(name: &str) -> Self {
        match name {
            "NotSupportedError" | "Unsupported" => PasskeyError::Unsupported,
            "NotAllowedError" | "AbortError" => PasskeyError::Cancelled,
            "InvalidStateError" => PasskeyError::AlreadyRegistered,
            other => PasskeyError::Failed(other.to_owned()),
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use wasm_bindgen::prelude::*;

    use super::PasskeyError;

    #[wasm_bindgen(inline_js = r#"
export function passkeysSupported() {
  return typeof PublicKeyCredential !== "undefined"
    && typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function"
    && typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function";
}
function nameOf(error) {
  return (error && error.name) ? error.name : "Error";
}
export async function createPasskey(optionsJson) {
  try {
    const options = JSON.parse(optionsJson);
    const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(options.publicKey);
    const credential = await navigator.credentials.create({ publicKey });
    return JSON.stringify(credential.toJSON());
  } catch (error) {
    throw nameOf(error);
  }
}
export async function getPasskey(optionsJson) {
  try {
    const options = JSON.parse(optionsJson);
    const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(options.publicKey);
    const credential = await navigator.credentials.get({ publicKey });
    return JSON.stringify(credential.toJSON());
  } catch (error) {
    throw nameOf(error);
  }
}
"#)]
    extern "C" {
        #[wasm_bindgen(js_name = passkeysSupported)]
        fn passkeys_supported() -> bool;
        #[wasm_bindgen(catch, js_name = createPasskey)]
        async fn create_passkey(options: &str) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch, js_name = getPasskey)]
        async fn get_passkey(options: &str) -> Result<JsValue, JsValue>;
    }

    pub fn supported() -> bool {
        passkeys_supported()
    }

    fn outcome(result: Result<JsValue, JsValue>) -> Result<String, PasskeyError> {
        match result {
            Ok(json) => json
                .as_string()
                .ok_or_else(|| PasskeyError::Failed("Error".into())),
            Err(name) => Err(PasskeyError::from_name(
                &name.as_string().unwrap_or_default(),
            )),
        }
    }

    pub async fn create(options: &str) -> Result<String, PasskeyError> {
        outcome(create_passkey(options).await)
    }

    pub async fn get(options: &str) -> Result<String, PasskeyError> {
        outcome(get_passkey(options).await)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::PasskeyError;

    pub fn supported() -> bool {
        false
    }

    pub async fn create(_options: &str) -> Result<String, PasskeyError> {
        Err(PasskeyError::from_name("Unsupported"))
    }

    pub async fn get(_options: &str) -> Result<String, PasskeyError> {
        Err(PasskeyError::from_name("Unsupported"))
    }
}

pub use imp::supported;

/// Runs the browser's "create a passkey" dialog for these options.
pub async fn create(options: &serde_json::Value) -> Result<serde_json::Value, PasskeyError> {
    if !supported() {
        return Err(PasskeyError::Unsupported);
    }
    let json = imp::create(&options.to_string()).await?;
    serde_json::from_str(&json).map_err(|_| PasskeyError::Failed("SyntaxError".into()))
}

/// Runs the browser's "sign in with a passkey" dialog for these options.
pub async fn get(options: &serde_json::Value) -> Result<serde_json::Value, PasskeyError> {
    if !supported() {
        return Err(PasskeyError::Unsupported);
    }
    let json = imp::get(&options.to_string()).await?;
    serde_json::from_str(&json).map_err(|_| PasskeyError::Failed("SyntaxError".into()))
}
