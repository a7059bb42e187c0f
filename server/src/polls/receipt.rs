//! Receipt codes: handed to the voter once, stored only as a hash next to
//! the ballot, so that the code proves the ballot was counted while the
//! database alone cannot tell whose ballot it is.

use crate::{error::Result, secret};

/// Four groups of four symbols: about 79 bits, not guessable.
const GROUPS: usize = 4;

pub fn new_code() -> Result<String> {
    secret::typed_code(GROUPS)
}

/// The stored form of a code as a person typed it (any case, with or
/// without separators).
pub fn hash(code: &str) -> String {
    secret::sha256_hex(&secret::normalise_code(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_found_again_as_people_type_them() {
        let code = new_code().unwrap();
        assert_eq!(hash(&code), hash(&code.to_lowercase().replace('-', " ")));
        assert_ne!(hash(&code), hash(&new_code().unwrap()));
    }
}
