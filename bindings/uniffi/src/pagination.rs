//! The core's pagination rule for Kotlin's pagers (`Pages.kt`), which fetch each page through
//! the listing operation's own method.

/// Where the next page starts after a page of `len` items that started at `start`, or `None`
/// when that page was the last (shorter than `page_size`, or the total reached).
#[uniffi::export]
pub fn next_page_start(start: i32, len: u32, page_size: i32, total: Option<i32>) -> Option<i32> {
    authlete::pagination::next_cursor(start, len as usize, page_size, total)
}
