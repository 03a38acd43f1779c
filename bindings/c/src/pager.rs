//! `authlete_pager`: the listing operations (`getList`, `getAuthorizedApplications`) one page
//! per call, until the end. The cursor rule is the core's (`authlete::pagination::next_cursor`),
//! so a C pager stops where Python's and Node's iterators do.

use std::ffi::c_char;

use authlete::operation::{Operation, RequestParts};
use authlete::{Authlete, CallOptions, ClientAuthorizationGetListApiRequest, ClientGetListApiRequest, Error};
use authlete::{JsonOutput, JsonResult};
use serde::de::IgnoredAny;
use serde::Deserialize;

use crate::client::{arg_opt_text, arg_text, authlete_client, client_ref, not_in_callback};
use crate::error::{authlete_error, authlete_kind};
use crate::ffi::{call_options, clear, guard, store};

/// A pager over a listing: each authlete_pager_next() fetches one page. Opaque; made by
/// authlete_clients_get_list_pages() or authlete_clients_get_authorized_applications_pages(),
/// released with authlete_pager_free(). It keeps its own reference to the client's connection
/// pool, so it may outlive the client it was made from. Not for concurrent use: one thread
/// at a time may call authlete_pager_next() on it (it may move between threads).
///
/// @code
/// authlete_pager *p = NULL;
/// authlete_clients_get_list_pages(c, "715948317", NULL, 100, NULL, &p, NULL);
/// authlete_pager_free(p);
/// @endcode
pub struct authlete_pager {
    client: Authlete,
    listing: Listing,
    options: Option<CallOptions>,
    page_size: i32,
    /// Where the next page starts; `None` once the last page was handed out.
    next: Option<i32>,
}

/// Which listing: its request, whose `start` and `end` each page sets.
enum Listing {
    Clients(ClientGetListApiRequest),
    AuthorizedApplications(ClientAuthorizationGetListApiRequest),
}

/// What the cursor needs from a page: the number of items and the total. Both listings'
/// responses name them `clients` and `totalCount`.
#[derive(Deserialize)]
struct PageShape {
    #[serde(default)]
    clients: Option<Vec<IgnoredAny>>,
    #[serde(default, rename = "totalCount")]
    total_count: Option<i32>,
}

/// The page `[start, end)` of `request`, as the typed function's JSON text.
fn fetch<O: Operation + Clone>(
    client: &Authlete,
    request: &O,
    options: Option<&CallOptions>,
    set_range: fn(&mut O, i32, i32),
    start: i32,
    end: i32,
) -> JsonResult
where
    O::Output: 'static,
{
    let mut request = request.clone();
    set_range(&mut request, start, end);
    authlete::runtime::block_on(client.clients().execute_as::<O, JsonOutput>(&request, options))?
}

impl Listing {
    fn fetch(&self, client: &Authlete, start: i32, end: i32, options: Option<&CallOptions>) -> JsonResult {
        match self {
            Listing::Clients(r) => {
                fetch(client, r, options, |r, s, e| (r.start, r.end) = (Some(s), Some(e)), start, end)
            }
            Listing::AuthorizedApplications(r) => {
                fetch(client, r, options, |r, s, e| (r.start, r.end) = (Some(s), Some(e)), start, end)
            }
        }
    }

    /// Refuses, before any request, what every page's request would refuse (an empty id, `.`
    /// or `..`, a control character): only `start` and `end` differ between pages.
    fn check(&self) -> Result<(), Error> {
        let mut parts = RequestParts::default();
        match self {
            Listing::Clients(r) => r.build(&mut parts),
            Listing::AuthorizedApplications(r) => r.build(&mut parts),
        }
    }
}

/// Makes the pager after checking everything it will send.
unsafe fn new_pager(
    c: *const authlete_client,
    listing: impl FnOnce() -> Result<Listing, Error>,
    page_size: i32,
    options_json: *const c_char,
    out: *mut *mut authlete_pager,
    err: *mut *mut authlete_error,
) -> authlete_kind {
    // SAFETY: the pointers follow the documented contract.
    unsafe {
        guard(err, || {
            if out.is_null() {
                return Err(Error::validation("out", "must not be NULL"));
            }
            *out = std::ptr::null_mut();
            let client = client_ref(c)?.clone();
            let listing = listing()?;
            let page_size = authlete::pagination::check_page_size(i64::from(page_size))?;
            let options = call_options(options_json)?;
            listing.check()?;
            let pager = authlete_pager { client, listing, options, page_size, next: Some(0) };
            *out = Box::into_raw(Box::new(pager));
            Ok(())
        })
    }
}

/// Makes a pager over every client of a service (operation "clients.getList"),
/// `page_size` clients per page. No request is sent until authlete_pager_next().
///
/// @param c the client (borrowed; must not be NULL). The pager keeps its own reference to the
///        client's connection pool: `c` may be freed before the pager.
/// @param service_id A service ID (borrowed UTF-8 string; must not be NULL).
/// @param developer Unique ID of a client developer (borrowed UTF-8 string, or NULL for absent).
/// @param page_size how many clients each page asks for (1 or more).
/// @param options_json per-call options for every page's request (the official TypeScript
///        SDK's RequestOptions as JSON), or NULL.
/// @param out receives the pager (owned by the caller: authlete_pager_free()); set to NULL on
///        failure. Must not be NULL.
/// @param err NULL, or receives the error on failure (authlete_error_free()).
/// @return ::AUTHLETE_OK, or ::AUTHLETE_SDK_VALIDATION_ERROR (nothing sent) for a NULL
///         required argument, invalid UTF-8, a `page_size` below 1 (field `pageSize`), bad
///         options (as authlete_call_with_options() checks them) or an id the request would
///         refuse (empty, `.` or `..`, control characters).
///
/// @code
/// authlete_pager *p = NULL;
/// authlete_error *err = NULL;
/// char *page = NULL;
/// if (authlete_clients_get_list_pages(c, "715948317", NULL, 100, NULL, &p, &err) == AUTHLETE_OK) {
///     while (authlete_pager_next(p, &page, &err) == AUTHLETE_OK && page != NULL) {
///         puts(page);  // {"clients":[...],"totalCount":...}
///         authlete_string_free(page);
///     }
/// }
/// authlete_error_free(err);
/// authlete_pager_free(p);
/// @endcode
///
/// # Safety
/// String arguments are NULL or NUL-terminated; `c` is NULL or a live client; `out` and `err`
/// are NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn authlete_clients_get_list_pages(
    c: *const authlete_client,
    service_id: *const c_char,
    developer: *const c_char,
    page_size: i32,
    options_json: *const c_char,
    out: *mut *mut authlete_pager,
    err: *mut *mut authlete_error,
) -> authlete_kind {
    // SAFETY: the pointers follow the documented contract.
    unsafe {
        new_pager(
            c,
            || {
                Ok(Listing::Clients(ClientGetListApiRequest {
                    service_id: arg_text(service_id, "serviceId")?,
                    developer: arg_opt_text(developer, "developer")?,
                    start: None,
                    end: None,
                }))
            },
            page_size,
            options_json,
            out,
            err,
        )
    }
}

/// Makes a pager over every client application that `subject` authorized (operation
/// "clients.getAuthorizedApplications"), `page_size` applications per page. No request is
/// sent until authlete_pager_next().
///
/// @param c the client (borrowed; must not be NULL). The pager keeps its own reference to the
///        client's connection pool: `c` may be freed before the pager.
/// @param service_id A service ID (borrowed UTF-8 string; must not be NULL).
/// @param subject Unique user ID of an end-user (used in the path and the query) (borrowed
///        UTF-8 string; must not be NULL).
/// @param developer Unique ID of a client developer (borrowed UTF-8 string, or NULL for absent).
/// @param page_size how many applications each page asks for (1 or more).
/// @param options_json per-call options for every page's request (the official TypeScript
///        SDK's RequestOptions as JSON), or NULL.
/// @param out receives the pager (owned by the caller: authlete_pager_free()); set to NULL on
///        failure. Must not be NULL.
/// @param err NULL, or receives the error on failure (authlete_error_free()).
/// @return ::AUTHLETE_OK, or ::AUTHLETE_SDK_VALIDATION_ERROR (nothing sent) for a NULL
///         required argument, invalid UTF-8, a `page_size` below 1 (field `pageSize`), bad
///         options (as authlete_call_with_options() checks them) or an id the request would
///         refuse (empty, `.` or `..`, control characters).
///
/// @code
/// authlete_pager *p = NULL;
/// char *page = NULL;
/// authlete_clients_get_authorized_applications_pages(c, "715948317", "john", NULL, 50, NULL, &p, NULL);
/// while (authlete_pager_next(p, &page, NULL) == AUTHLETE_OK && page != NULL) {
///     puts(page);  // {"subject":"john","clients":[...],"totalCount":...}
///     authlete_string_free(page);
/// }
/// authlete_pager_free(p);
/// @endcode
///
/// # Safety
/// String arguments are NULL or NUL-terminated; `c` is NULL or a live client; `out` and `err`
/// are NULL or valid for writes.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn authlete_clients_get_authorized_applications_pages(
    c: *const authlete_client,
    service_id: *const c_char,
    subject: *const c_char,
    developer: *const c_char,
    page_size: i32,
    options_json: *const c_char,
    out: *mut *mut authlete_pager,
    err: *mut *mut authlete_error,
) -> authlete_kind {
    // SAFETY: the pointers follow the documented contract.
    unsafe {
        new_pager(
            c,
            || {
                // As the typed function: one subject, used in the path and the query.
                Ok(Listing::AuthorizedApplications(ClientAuthorizationGetListApiRequest {
                    service_id: arg_text(service_id, "serviceId")?,
                    subject: Some(arg_text(subject, "subject")?),
                    developer: arg_opt_text(developer, "developer")?,
                    ..Default::default()
                }))
            },
            page_size,
            options_json,
            out,
            err,
        )
    }
}

/// Fetches the next page, on the calling thread (a blocking call).
///
/// A page is the listing's response as JSON, the same text the corresponding typed function
/// (authlete_clients_get_list(), authlete_clients_get_authorized_applications()) gives for
/// its `start` and `end`. The pager is finished after a page shorter than `page_size` or
/// one that reaches `totalCount`; then `*page_json` is NULL and ::AUTHLETE_OK is returned (at
/// once, and on every later call).
///
/// A failed page leaves the pager where it was: the next call asks for the same page again
/// (after a ::AUTHLETE_CONNECTION_ERROR, say), or the caller stops and frees the pager.
///
/// @param pager the pager (borrowed; must not be NULL; one thread at a time).
/// @param page_json receives the page (owned by the caller: authlete_string_free()), or NULL
///        at the end and on failure. Must not be NULL.
/// @param err NULL, or receives the error on failure (authlete_error_free()).
/// @return ::AUTHLETE_OK (a page, or the end when `*page_json` is NULL), or the error kind
///         of the page's request: HTTP and transport kinds, ::AUTHLETE_SDK_VALIDATION_ERROR
///         for a NULL argument or a call from a completion or log callback.
///
/// @code
/// char *page = NULL;
/// authlete_error *err = NULL;
/// authlete_kind k;
/// while ((k = authlete_pager_next(p, &page, &err)) == AUTHLETE_OK && page != NULL) {
///     puts(page);
///     authlete_string_free(page);
/// }
/// if (k != AUTHLETE_OK) fprintf(stderr, "%s\n", authlete_error_message(err));
/// authlete_error_free(err);
/// @endcode
///
/// # Safety
/// `pager` is NULL or a live pager not used by another thread at the same time; `page_json`
/// and `err` are NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn authlete_pager_next(
    pager: *mut authlete_pager,
    page_json: *mut *mut c_char,
    err: *mut *mut authlete_error,
) -> authlete_kind {
    // SAFETY: the pointers follow the documented contract.
    unsafe {
        clear(page_json);
        guard(err, || {
            // SAFETY: `pager` came from Box::into_raw in this file and is used by one thread.
            let pager = pager.as_mut().ok_or_else(|| Error::validation("pager", "must not be NULL"))?;
            if page_json.is_null() {
                return Err(Error::validation("page_json", "must not be NULL"));
            }
            let Some(start) = pager.next else { return Ok(()) };
            not_in_callback()?;
            let end = start.saturating_add(pager.page_size);
            let page =
                pager.listing.fetch(&pager.client, start, end, pager.options.as_ref())?.unwrap_or_default();
            // The page was decoded into its model before it came back: a misfit here is a bug.
            let shape: PageShape = serde_json::from_str(&page)
                .map_err(|e| Error::unexpected(format!("the page is not a listing: {e}")))?;
            let len = shape.clients.map_or(0, |c| c.len());
            pager.next = authlete::pagination::next_cursor(start, len, pager.page_size, shape.total_count);
            store(page_json, Some(page));
            Ok(())
        })
    }
}

/// Releases a pager. NULL is accepted and ignored. The pages it handed out stay the caller's.
///
/// # Safety
/// `pager` is NULL or a pager from this library not yet freed and not in use by another thread.
#[no_mangle]
pub unsafe extern "C" fn authlete_pager_free(pager: *mut authlete_pager) {
    if !pager.is_null() {
        // SAFETY: `pager` came from Box::into_raw in this file, freed once.
        drop(unsafe { Box::from_raw(pager) });
    }
}
