//! One-time voting codes for residents without an account: printed in
//! batches, stored only as hashes salted per cycle, so that a stolen
//! database does not let anyone vote.

use sha2::{Digest, Sha256};

use crate::{error::Result, secret};

/// Four groups of four symbols: about 79 bits.
const GROUPS: usize = 4;

pub fn new_code() -> Result<String> {
    secret::typed_code(GROUPS)
}

/// The stored form of a code as a person typed it.
pub fn hash(salt: &str, code: &str) -> String {
    let digest = Sha256::new()
        .chain_update(salt.as_bytes())
        .chain_update(secret::normalise_code(code).as_bytes())
        .finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The voter key under which a code's ballot is stored.
pub fn voter(hash: &str) -> String {
    format!("code:{hash}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_as_people_type_them_and_differ_per_cycle() {
        let code = new_code().unwrap();
        assert_eq!(code.len(), 19);
        assert_eq!(
            hash("a", &code),
            hash("a", &code.to_lowercase().replace('-', " "))
        );
        assert_ne!(hash("a", &code), hash("b", &code));
        assert_ne!(new_code().unwrap(), code);
    }
}
