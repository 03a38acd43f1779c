//! Input checks that run before any I/O, so bad input never becomes a wrong request.

use serde_json::{Map, Value};

use crate::error::Error;

/// The longest client secret Authlete accepts.
const MAX_CLIENT_SECRET: usize = 86;

/// A path parameter: not empty, not a dot segment (which URL normalisation would turn into a
/// different path), no control characters.
pub(crate) fn path_id(field: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    if value == "." || value == ".." {
        return Err(Error::validation(field, "must not be `.` or `..`"));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::validation(field, "must not contain control characters"));
    }
    Ok(())
}

/// A query parameter value: no control characters (they would be encoded and sent, where the
/// server may read them as line breaks in logs or as separators).
pub(crate) fn query_value(field: &str, value: &str) -> Result<(), Error> {
    if value.chars().any(char::is_control) {
        return Err(Error::validation(field, "must not contain control characters"));
    }
    Ok(())
}

/// An access token: RFC 6750 `b64token` characters (`A-Z a-z 0-9 - . _ ~ + /`, then `=`
/// padding). Anything else (spaces, non-ASCII, controls) would be sent as raw bytes or split
/// the header. The token itself is never echoed.
pub(crate) fn token(field: &str, value: &str) -> Result<(), Error> {
    let body = value.trim_end_matches('=');
    let ok = !body.is_empty() && body.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            "must be an RFC 6750 token: A-Z, a-z, 0-9, `-._~+/`, then optional `=` padding",
        ))
    }
}

/// A proxy URL: http or https with a host. Never echoed (it may carry credentials).
pub(crate) fn proxy_url(value: &str) -> Result<(), Error> {
    match reqwest::Url::parse(value) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(()),
        _ => Err(Error::validation("proxy", "must be an http or https URL with a host")),
    }
}

/// A header value (token, user agent, extra headers): no CR, LF or other control characters,
/// which could split or forge headers. The value itself is never echoed: it may be a secret.
pub(crate) fn header_value(field: &str, value: &str) -> Result<(), Error> {
    if value.chars().any(|c| c.is_control()) {
        return Err(Error::validation(field, "must not contain CR, LF or other control characters"));
    }
    Ok(())
}

/// A header name: an RFC 7230 token.
pub(crate) fn header_name(field: &str, name: &str) -> Result<(), Error> {
    let ok = !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(Error::validation(field, format!("`{}` is not a valid header name", name.escape_debug())))
    }
}

/// Contract rules on request bodies that the types alone do not express. Only two (small)
/// bodies have such rules; they are read back from the JSON about to be sent.
pub(crate) fn body(field: &str, json: &[u8]) -> Result<(), Error> {
    let read_back = || {
        serde_json::from_slice::<Map<String, Value>>(json)
            .map_err(|e| Error::validation(field, format!("cannot be read back as a JSON object: {e}")))
    };
    match field {
        "clientSecretUpdateRequest" => {
            client_secret(&format!("{field}.clientSecret"), read_back()?.get("clientSecret"))
        }
        "clientAuthorizationUpdateRequest" => match read_back()?.get("subject") {
            Some(Value::String(s)) if s.is_empty() => {
                Err(Error::validation(format!("{field}.subject"), "must not be empty"))
            }
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

/// A new client secret: 1 to 86 characters of `A-Z a-z 0-9 - _`.
fn client_secret(field: &str, value: Option<&Value>) -> Result<(), Error> {
    let Some(Value::String(s)) = value else {
        return Err(Error::validation(field, "is required"));
    };
    if s.is_empty() || s.len() > MAX_CLIENT_SECRET {
        return Err(Error::validation(
            field,
            format!("must be 1 to {MAX_CLIENT_SECRET} characters long (got {})", s.chars().count()),
        ));
    }
    if !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(Error::validation(field, "may only contain A-Z, a-z, 0-9, `-` and `_`"));
    }
    Ok(())
}
