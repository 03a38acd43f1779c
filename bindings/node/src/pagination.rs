//! The core's pagination rule for the JS pagers (`node/lib/pagination.js`), which fetch each
//! page through the operation's own method.

use napi_derive::napi;

/// Where the next page starts after a page of `len` items that started at `start`, or `null`
/// when that page was the last (shorter than `pageSize`, or the total reached).
#[napi(catch_unwind)]
pub fn next_page_start(start: i32, len: u32, page_size: i32, total: Option<i32>) -> Option<i32> {
    authlete::pagination::next_cursor(start, len as usize, page_size, total)
}
