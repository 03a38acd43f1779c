//! What every operation is made of: its static description ([`OpSpec`]) and the request parts
//! (path, query, body) built from a request value, with the input checks that must pass
//! before any I/O.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::models::Model;
use crate::validate;

/// Characters kept as they are in a path segment or query value: RFC 3986 "unreserved".
/// Everything else, `/ ? # % .` and spaces included, is percent-encoded, so a value is always
/// exactly one segment.
const ENCODE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'~');

/// HTTP methods used by the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpMethod {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
}

impl HttpMethod {
    /// The method name.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// The static description of an operation.
#[derive(Clone, Copy, Debug)]
pub struct OpSpec {
    /// The official TypeScript SDK's qualified name, e.g. `clients.getList`.
    pub name: &'static str,
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path template under the server URL.
    pub path_template: &'static str,
    /// Whether repeating the request cannot duplicate data (all but `create`). Only these are
    /// retried after an ambiguous failure (timeout, reset, 500/502/504).
    pub idempotent: bool,
    /// Whether a success carries a JSON body (false for the 204 operations).
    pub returns_body: bool,
}

/// The member of a JSON request that holds an optional body (e.g. `client`), and the check
/// that says whether its text can be sent as it is ([`crate::models::check::fits_request_body`]).
#[derive(Clone, Copy, Debug)]
pub struct RawBody {
    /// The request member holding the body.
    pub field: &'static str,
    /// Whether a body text can be sent unchanged.
    pub fits: fn(&str) -> bool,
}

/// A request value of one operation (the official TypeScript SDK's `...ApiRequest` objects).
pub trait Operation: DeserializeOwned + Send + Sync {
    /// What a success returns (`()` for the 204 operations).
    type Output: DeserializeOwned + serde::Serialize + crate::models::check::Check + Send;
    /// The operation's description.
    const SPEC: OpSpec;
    /// For a request given as JSON (the bindings' way), where its body is and how to check it,
    /// so that a body that fits is sent as given instead of decoded and written again.
    const RAW_BODY: Option<RawBody> = None;
    /// Validates the request and writes its path, query and body.
    fn build(&self, req: &mut RequestParts) -> Result<(), Error>;
}

/// Path, query and body of one request, checked and encoded.
#[derive(Debug, Default)]
pub struct RequestParts {
    /// The path under the server URL, every parameter percent-encoded as one segment.
    pub path: String,
    /// The encoded query string without `?` (empty if none).
    pub query: String,
    /// The JSON body, if any.
    pub body: Option<Vec<u8>>,
}

impl RequestParts {
    /// Appends a literal piece of the path template.
    pub fn literal(&mut self, text: &str) {
        self.path.push_str(text);
    }

    /// Appends one path parameter as exactly one encoded segment.
    pub fn segment(&mut self, field: &str, value: &str) -> Result<(), Error> {
        validate::path_id(field, value)?;
        self.path.extend(utf8_percent_encode(value, ENCODE));
        Ok(())
    }

    /// Adds a query parameter when it has a value; `field` names it in errors.
    pub fn query(&mut self, field: &str, name: &str, value: Option<&str>) -> Result<(), Error> {
        if let Some(value) = value {
            validate::query_value(field, value)?;
            if !self.query.is_empty() {
                self.query.push('&');
            }
            self.query.extend(utf8_percent_encode(name, ENCODE));
            self.query.push('=');
            self.query.extend(utf8_percent_encode(value, ENCODE));
        }
        Ok(())
    }

    /// Adds a numeric query parameter (`start`, `end`), which must not be negative.
    pub fn query_num(&mut self, field: &str, name: &str, value: Option<i32>) -> Result<(), Error> {
        match value {
            Some(v) if v < 0 => Err(Error::validation(field, format!("must not be negative (got {v})"))),
            Some(v) => self.query(field, name, Some(&v.to_string())),
            None => Ok(()),
        }
    }

    /// Sets the JSON body from a model: read-only fields stripped, contract checks applied.
    pub fn body<M: Model>(&mut self, field: &str, model: Option<&M>) -> Result<(), Error> {
        let Some(model) = model else { return Ok(()) };
        let bytes = model
            .to_request_body()
            .map_err(|e| Error::validation(field, format!("cannot be encoded as JSON: {e}")))?;
        validate::body(field, &bytes)?;
        self.body = Some(bytes);
        Ok(())
    }

    /// Sets the JSON body from text that fits its model as it is ([`RawBody`]), with the same
    /// contract checks as [`RequestParts::body`].
    pub(crate) fn raw_body(&mut self, field: &str, text: &str) -> Result<(), Error> {
        validate::body(field, text.as_bytes())?;
        self.body = Some(text.as_bytes().to_vec());
        Ok(())
    }
}

/// Resolves a parameter that the contract has both in the path and in the query (`subject`):
/// each side defaults to the other, then to the one shared field. Returns (path, query).
pub fn shared_param<'a>(
    path_field: &str,
    path: &'a Option<String>,
    query_field: &str,
    query: &'a Option<String>,
    shared: &'a Option<String>,
) -> Result<(&'a str, &'a str), Error> {
    let p = path.as_deref().or(shared.as_deref()).or(query.as_deref());
    let q = query.as_deref().or(shared.as_deref()).or(path.as_deref());
    match (p, q) {
        (Some(p), Some(q)) => Ok((p, q)),
        _ => Err(Error::validation(
            path_field,
            format!("is required (give `{path_field}`, `{query_field}` or the shared field)"),
        )),
    }
}
