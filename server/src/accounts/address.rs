//! Who is asking, for people without an account: a pseudonym of the client's
//! address (read as the rate limits read it, `--trusted-proxies`). Things
//! that anonymous people may do once or a few times ("Ich auch", photo
//! uploads waiting for their report) are counted per pseudonym. It is an
//! HMAC with a key derived from the key file, so a copy of the database
//! does not give the addresses back (the IPv4 space is small enough to try
//! every address against a plain hash). An IPv6 address counts by its /64
//! network, which one household or phone usually has all of.

use std::net::IpAddr;

use aws_lc_rs::hmac;
use axum::{extract::FromRequestParts, http::request::Parts};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};

use crate::{
    error::{Error, Result},
    state::AppState,
};

/// The key file's key for address pseudonyms.
pub const PURPOSE: &str = "client address pseudonym";

/// The pseudonym of the address a request came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddress(String);

impl ClientAddress {
    pub fn pseudonym(&self) -> &str {
        &self.0
    }
}

/// The pseudonym of `address` under `key`.
pub fn pseudonym(key: &hmac::Key, address: IpAddr) -> ClientAddress {
    let network = match address {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.octets().to_vec(),
            None => v6.octets()[..8].to_vec(),
        },
    };
    let tag = hmac::sign(key, &network);
    ClientAddress(URL_SAFE_NO_PAD.encode(&tag.as_ref()[..16]))
}

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let address = state
            .accounts
            .address_limits()
            .client_ip()
            .of(&parts.headers, &parts.extensions)
            .ok_or_else(|| Error::Internal("the client's address is not known".into()))?;
        Ok(pseudonym(&state.accounts.address_key, address))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> hmac::Key {
        hmac::Key::new(hmac::HMAC_SHA256, &[byte; 32])
    }

    fn of(key: &hmac::Key, address: &str) -> ClientAddress {
        pseudonym(key, address.parse().unwrap())
    }

    #[test]
    fn one_ipv6_network_is_one_client_and_the_key_matters() {
        let k = key(1);
        assert_eq!(of(&k, "2001:db8:1:2::1"), of(&k, "2001:db8:1:2:ffff::9"));
        assert_ne!(of(&k, "2001:db8:1:2::1"), of(&k, "2001:db8:1:3::1"));
        assert_eq!(of(&k, "::ffff:192.0.2.7"), of(&k, "192.0.2.7"));
        assert_ne!(of(&k, "192.0.2.7"), of(&k, "192.0.2.8"));
        assert_ne!(of(&k, "192.0.2.7"), of(&key(2), "192.0.2.7"));
        assert!(!of(&k, "192.0.2.7").pseudonym().contains("192"));
    }
}
