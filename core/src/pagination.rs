//! Lazy pagination over the listing operations: pages are fetched as the stream is consumed.

use std::pin::Pin;

use futures_util::stream::{self, Stream, TryStreamExt};

use crate::blocking::{self, BlockingIter};
use crate::clients::{ClientAuthorizationGetListApiRequest, ClientGetListApiRequest, Clients};
use crate::error::Error;
use crate::models::{Client, ClientLimited};

/// A lazily paginated listing.
pub type Paginated<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>;

/// Where the next page starts, or `None` when the listing is exhausted.
type Cursor = Option<i32>;

/// The cursor after a page of `len` items starting at `start`: the rule every binding's
/// pagination follows (Node's pager asks it page by page). Not part of the API.
#[doc(hidden)]
pub fn next_cursor(start: i32, len: usize, page_size: i32, total: Option<i32>) -> Cursor {
    let next = start.saturating_add(len as i32);
    let more = len as i32 >= page_size && total.is_none_or(|t| next < t);
    more.then_some(next)
}

/// A page size as the listing requests take it (1 to 2^31-1), or the validation error every
/// binding's pager reports (field `pageSize`). Not part of the API.
#[doc(hidden)]
pub fn check_page_size(page_size: i64) -> Result<i32, Error> {
    match i32::try_from(page_size) {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(Error::validation("pageSize", "must be between 1 and 2^31-1")),
    }
}

/// Flattens pages fetched by `fetch(start, end)` into a stream of items.
fn paginate<T, F, Fut>(page_size: u32, fetch: F) -> Paginated<T>
where
    T: Send + 'static,
    F: Fn(i32, i32) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(Vec<T>, Option<i32>), Error>> + Send,
{
    let size = match check_page_size(i64::from(page_size)) {
        Ok(n) => n,
        Err(e) => return Box::pin(stream::once(async { Err(e) })),
    };
    let pages = stream::try_unfold((Some(0), fetch), move |(cursor, fetch)| async move {
        let Some(start) = cursor else { return Ok(None) };
        let (items, total) = fetch(start, start.saturating_add(size)).await?;
        let next = next_cursor(start, items.len(), size, total);
        Ok(Some((items, (next, fetch))))
    });
    Box::pin(pages.map_ok(|items| stream::iter(items.into_iter().map(Ok))).try_flatten())
}

impl Clients {
    /// Every client of a service (optionally of one developer), fetched `page_size` at a time.
    pub fn list_all(
        &self,
        service_id: impl Into<String>,
        developer: Option<String>,
        page_size: u32,
    ) -> Paginated<Client> {
        let (clients, service_id) = (self.clone(), service_id.into());
        paginate(page_size, move |start, end| {
            let request = ClientGetListApiRequest {
                service_id: service_id.clone(),
                developer: developer.clone(),
                start: Some(start),
                end: Some(end),
            };
            let clients = clients.clone();
            async move {
                let page = clients.get_list(request).await?;
                Ok((page.clients.unwrap_or_default(), page.total_count))
            }
        })
    }

    /// Every client application that `subject` authorized, fetched `page_size` at a time.
    pub fn authorized_applications_all(
        &self,
        service_id: impl Into<String>,
        subject: impl Into<String>,
        developer: Option<String>,
        page_size: u32,
    ) -> Paginated<ClientLimited> {
        let (clients, service_id, subject) = (self.clone(), service_id.into(), subject.into());
        paginate(page_size, move |start, end| {
            let request = ClientAuthorizationGetListApiRequest {
                service_id: service_id.clone(),
                subject: Some(subject.clone()),
                developer: developer.clone(),
                start: Some(start),
                end: Some(end),
                ..Default::default()
            };
            let clients = clients.clone();
            async move {
                let page = clients.get_authorized_applications(request).await?;
                Ok((page.clients.unwrap_or_default(), page.total_count))
            }
        })
    }
}

impl blocking::Clients {
    /// Blocking [`crate::Clients::list_all`].
    pub fn list_all(
        &self,
        service_id: impl Into<String>,
        developer: Option<String>,
        page_size: u32,
    ) -> BlockingIter<Paginated<Client>> {
        self.iter(self.inner.list_all(service_id, developer, page_size))
    }

    /// Blocking [`crate::Clients::authorized_applications_all`].
    pub fn authorized_applications_all(
        &self,
        service_id: impl Into<String>,
        subject: impl Into<String>,
        developer: Option<String>,
        page_size: u32,
    ) -> BlockingIter<Paginated<ClientLimited>> {
        self.iter(self.inner.authorized_applications_all(service_id, subject, developer, page_size))
    }
}

#[cfg(test)]
mod tests {
    use super::next_cursor;

    #[test]
    fn stops_on_a_short_page_or_at_the_total() {
        assert_eq!(next_cursor(0, 5, 5, None), Some(5));
        assert_eq!(next_cursor(0, 3, 5, None), None);
        assert_eq!(next_cursor(0, 5, 5, Some(5)), None);
        assert_eq!(next_cursor(5, 5, 5, Some(12)), Some(10));
        assert_eq!(next_cursor(0, 0, 5, Some(0)), None);
    }
}
