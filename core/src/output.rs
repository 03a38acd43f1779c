//! How a call made for a binding whose boundary is JSON text ([`crate::Clients::call_json`],
//! [`crate::Clients::call_as`], [`crate::Clients::execute_as`]) hands its result over.
//! Binding plumbing, not part of the documented API.

use crate::error::Error;
use crate::models::check::CheckedBody;

/// The result of a by-name call: the JSON of the result, `None` for the 204 operations.
pub type JsonResult = Result<Option<String>, Error>;

/// How a call hands over its result to a binding whose boundary is JSON text: as JSON text
/// ([`JsonOutput`]), or in a form of the binding's own (Node's `JsOutput`).
pub trait OutputEncoding {
    /// What the call returns.
    type Output;
    /// The output for `value`, the decoded result of an operation (`()` when the operation
    /// returns no body, `returns_body` false).
    fn encode<T: serde::Serialize + Send + 'static>(
        value: T,
        returns_body: bool,
    ) -> Result<Self::Output, Error>;

    /// Whether a success body that fits its model exactly is offered to
    /// [`OutputEncoding::from_checked_body`] first (the check costs a read of the body).
    const TAKES_CHECKED_BODY: bool = false;

    /// The output for a body that fits its model exactly: what `encode` would give for its
    /// decoded value, without decoding it. `None` takes the usual way (decode, then `encode`).
    fn from_checked_body(_body: CheckedBody<'_>) -> Option<Self::Output> {
        None
    }
}

/// The result as JSON text; `None` for the 204 operations. A body that fits its model exactly
/// is handed over as received (member order and spacing as the server wrote them); any other
/// is decoded and written again, `null` members dropped.
#[derive(Debug)]
pub struct JsonOutput;

impl OutputEncoding for JsonOutput {
    type Output = Option<String>;

    fn encode<T: serde::Serialize + Send + 'static>(value: T, returns_body: bool) -> JsonResult {
        if !returns_body {
            return Ok(None);
        }
        serde_json::to_string(&value)
            .map(Some)
            .map_err(|e| Error::unexpected(format!("the result cannot be encoded as JSON: {e}")))
    }

    // The body as received: the same members and values `to_string` would write for the
    // decoded model, without the decode and the writing (bench/OPTIMISATIONS.md, item 24).
    const TAKES_CHECKED_BODY: bool = true;

    fn from_checked_body(body: CheckedBody<'_>) -> Option<Self::Output> {
        // One byte to spare, so that the C binding's NUL terminator needs no reallocation.
        let mut text = String::with_capacity(body.text.len() + 1);
        text.push_str(body.text);
        Some(Some(text))
    }
}
