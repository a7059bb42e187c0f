//! Random secrets and how they are kept: high-entropy tokens as SHA-256
//! hashes (fast lookup by hash), human-typed recovery codes as argon2id
//! hashes (slow to guess from a stolen database).

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier, password_hash::SaltString};
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// 256 random bits, URL-safe.
pub fn token() -> Result<String> {
    Ok(URL_SAFE_NO_PAD.encode(random_bytes::<32>()?))
}

fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    fill_random(&mut bytes)?;
    Ok(bytes)
}

/// Fills `bytes` from the operating system's random source.
pub(crate) fn fill_random(bytes: &mut [u8]) -> Result<()> {
    SystemRandom::new()
        .fill(bytes)
        .map_err(|_| Error::Internal("the operating system's random source failed".into()))
}

pub fn sha256_hex(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// How many recovery codes an account gets at registration.
pub const RECOVERY_CODES: usize = 10;

/// Alphabet of recovery codes: no 0/O or 1/I/L to misread on paper.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A code like `K7QM-2XPD-9HWA`: 12 symbols of a 31-letter alphabet (59 bits).
pub fn recovery_code() -> Result<String> {
    typed_code(3)
}

/// A code people type from paper: `groups` groups of four symbols of a
/// 31-letter alphabet (almost 20 bits per group).
pub fn typed_code(groups: usize) -> Result<String> {
    let mut bytes = vec![0u8; groups * 4];
    fill_random(&mut bytes)?;
    let symbols: Vec<char> = bytes
        .iter()
        .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
        .collect();
    Ok(symbols
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-"))
}

/// Codes are compared without dashes, spaces or case, as people type them.
pub fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Argon2 is slow on purpose (tens of milliseconds a code), so hashing and
/// checking run as CPU work, off the async threads.
pub async fn hash_recovery_codes(codes: Vec<String>) -> Result<Vec<String>> {
    crate::cpu::run(move || codes.iter().map(|code| hash_recovery_code(code)).collect()).await?
}

/// The id of the first of `hashes` (id, hash) that `code` matches.
pub async fn matching_recovery_code(
    code: String,
    hashes: Vec<(String, String)>,
) -> Result<Option<String>> {
    crate::cpu::run(move || {
        hashes
            .into_iter()
            .find(|(_, hash)| recovery_code_matches(&code, hash))
            .map(|(id, _)| id)
    })
    .await
}

fn hash_recovery_code(code: &str) -> Result<String> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()?)
        .map_err(|e| Error::Internal(format!("cannot encode a salt: {e}")))?;
    Argon2::default()
        .hash_password(normalise_code(code).as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| Error::Internal(format!("cannot hash a recovery code: {e}")))
}

fn recovery_code_matches(code: &str, stored_hash: &str) -> bool {
    PasswordHash::new(stored_hash).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(normalise_code(code).as_bytes(), &hash)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_verify_as_typed_and_only_themselves() {
        let code = recovery_code().unwrap();
        assert_eq!(code.len(), 14);
        let hash = hash_recovery_code(&code).unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(recovery_code_matches(
            &code.to_lowercase().replace('-', " "),
            &hash
        ));
        assert!(!recovery_code_matches(&recovery_code().unwrap(), &hash));
    }

    #[test]
    fn tokens_are_unique_and_hash_stably() {
        assert_ne!(token().unwrap(), token().unwrap());
        assert_eq!(sha256_hex("a"), sha256_hex("a"));
        assert_eq!(sha256_hex("a").len(), 64);
    }
}
