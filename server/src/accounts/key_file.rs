//! The key that seals the token signing keys: 32 random bytes in a file
//! outside the database (`--key-file`), so that a copy of the database or
//! of a backup alone cannot sign a token. The signing keys are stored
//! encrypted with it (AES-256-GCM, bound to their key id). Keys for other
//! purposes are derived from it (HMAC-SHA256 of the purpose's name).

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use aws_lc_rs::{
    aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey},
    hmac,
};
use base64::{Engine, engine::general_purpose::STANDARD};

use crate::error::{Error, Result};
use crate::secret::fill_random;

const KEY_LEN: usize = 32;

pub struct KeyFile {
    path: PathBuf,
    key: LessSafeKey,
    /// The root of [`KeyFile::derived`] keys.
    derivation: hmac::Key,
}

impl KeyFile {
    /// Reads the key file, or makes one if there is none and `may_create`
    /// (nothing sealed with another key is stored yet).
    pub fn open(path: &Path, may_create: bool) -> Result<Self> {
        if !path.exists() {
            if !may_create {
                return Err(Error::InvalidInput(format!(
                    "Die Schlüsseldatei {} fehlt, die Datenbank enthält aber damit verschlüsselte Signaturschlüssel. Legen Sie die Datei wieder an (aus der Sicherung) oder geben Sie mit --key-file die richtige an.",
                    path.display()
                )));
            }
            create(path)?;
        }
        let text = fs::read_to_string(path)
            .map_err(|e| Error::InvalidInput(format!("{}: {e}", path.display())))?;
        let bytes = STANDARD
            .decode(text.trim())
            .ok()
            .filter(|bytes| bytes.len() == KEY_LEN)
            .ok_or_else(|| {
                Error::InvalidInput(format!(
                    "{} enthält keinen Schlüssel (32 Byte, Base64).",
                    path.display()
                ))
            })?;
        let key = UnboundKey::new(&AES_256_GCM, &bytes)
            .map_err(|_| Error::Internal("AES-256-GCM refused a 32-byte key".into()))?;
        Ok(Self {
            path: path.to_owned(),
            key: LessSafeKey::new(key),
            derivation: hmac::Key::new(hmac::HMAC_SHA256, &bytes),
        })
    }

    /// An HMAC-SHA256 key for `purpose`, the same on every app server that
    /// has this file, and unknown to anyone who has only the database.
    pub fn derived(&self, purpose: &str) -> hmac::Key {
        let derived = hmac::sign(&self.derivation, purpose.as_bytes());
        hmac::Key::new(hmac::HMAC_SHA256, derived.as_ref())
    }

    /// `secret` encrypted for the key `kid`, as base64 of nonce and ciphertext.
    pub fn seal(&self, kid: &str, secret: &[u8]) -> Result<String> {
        let mut nonce = [0u8; NONCE_LEN];
        fill_random(&mut nonce)?;
        let mut sealed = secret.to_vec();
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(kid.as_bytes()),
                &mut sealed,
            )
            .map_err(|_| Error::Internal("a signing key cannot be encrypted".into()))?;
        Ok(STANDARD.encode([nonce.as_slice(), &sealed].concat()))
    }

    /// What [`KeyFile::seal`] sealed for `kid`.
    pub fn open_sealed(&self, kid: &str, sealed: &str) -> Result<Vec<u8>> {
        let wrong = || {
            Error::InvalidInput(format!(
                "Der Signaturschlüssel {kid} lässt sich mit {} nicht entschlüsseln: Jeder App-Server braucht dieselbe Schlüsseldatei (--key-file).",
                self.path.display()
            ))
        };
        let bytes = STANDARD.decode(sealed).map_err(|_| wrong())?;
        if bytes.len() < NONCE_LEN {
            return Err(wrong());
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| wrong())?;
        let mut buffer = ciphertext.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(kid.as_bytes()), &mut buffer)
            .map_err(|_| wrong())?;
        Ok(plain.to_vec())
    }
}

/// Writes a new key readable by the owner only. It is written beside its
/// place first and then linked there, so that app servers starting together
/// all end up with the one that was there first.
fn create(path: &Path) -> Result<()> {
    let failed = |e: std::io::Error| Error::InvalidInput(format!("{}: {e}", path.display()));
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(failed)?;
    }
    let mut key = [0u8; KEY_LEN];
    fill_random(&mut key)?;
    let draft = path.with_extension(format!("{}.new", uuid::Uuid::new_v4().simple()));
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&draft).and_then(|mut file| {
        writeln!(file, "{}", STANDARD.encode(key))?;
        file.sync_all()
    });
    let linked = written.and_then(|()| match fs::hard_link(&draft, path) {
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        other => other,
    });
    let _ = fs::remove_file(&draft);
    linked.map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("ds-key-{}-{name}", uuid::Uuid::new_v4().simple()))
    }

    #[test]
    fn a_sealed_key_opens_only_with_its_file_and_its_id() {
        let path = scratch("a");
        let file = KeyFile::open(&path, true).unwrap();
        let sealed = file.seal("kid-1", b"geheim").unwrap();
        assert!(!sealed.contains("geheim"));
        assert_eq!(file.open_sealed("kid-1", &sealed).unwrap(), b"geheim");
        assert!(
            file.open_sealed("kid-2", &sealed).is_err(),
            "bound to its id"
        );
        let again = KeyFile::open(&path, false).unwrap();
        assert_eq!(again.open_sealed("kid-1", &sealed).unwrap(), b"geheim");
        let other = KeyFile::open(&scratch("b"), true).unwrap();
        assert!(other.open_sealed("kid-1", &sealed).is_err(), "another file");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_missing_file_is_made_only_while_nothing_depends_on_it() {
        let error = KeyFile::open(&scratch("c"), false).err().expect("refused");
        assert!(error.to_string().contains("fehlt"), "{error}");
    }
}
