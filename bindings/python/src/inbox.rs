//! Outcomes of async calls, handed to the asyncio loop that awaits them, many per wake-up.
//!
//! A runtime thread never touches Python for an async call: it queues the call's outcome (a
//! Rust value) in the loop's [`Inbox`] and, when the queue was empty, writes one byte to a
//! socket the loop watches (`loop.add_reader`). The loop's reader callback, [`Inbox::settle`],
//! makes the Python objects of every queued outcome on the loop thread and sets the awaiting
//! futures. Before, a runtime thread took the GIL per call (a thread state made and freed
//! each time), built the result and woke the loop through `call_soon_threadsafe`: context
//! switches between the two threads on every call, a large part of an asyncio call on one CPU
//! (bench/OPTIMISATIONS.md, item 16), and it needed a guard against delivering during
//! interpreter exit, which this does not.
//!
//! A loop without `add_reader` (Windows' default `ProactorEventLoop`) gets an inbox made with
//! `watcher_thread=True`: a Python thread blocks in [`Inbox::wait`] (without the GIL) and
//! hands each wake-up to the loop with `call_soon_threadsafe`.

use std::io::{self, ErrorKind, Read, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

/// Makes a queued outcome's Python objects: `(ok, result_or_error)`, run on the loop thread.
pub(crate) type Outcome = Box<dyn FnOnce(Python<'_>) -> PyResult<(bool, Py<PyAny>)> + Send>;

/// Emits a log record of a call in flight, run on the loop thread (see logging.rs).
pub(crate) type LogRecord = Box<dyn FnOnce(Python<'_>) -> PyResult<()> + Send>;

/// What the loop runs when it wakes up, in the order queued.
enum Item {
    /// A finished call's outcome, under its key.
    Outcome(u64, Outcome),
    /// A log record of a call, emitted as it was made (before the call's outcome).
    Log(LogRecord),
}

/// One end of the wake-up socket pair.
#[cfg(unix)]
type Socket = std::os::unix::net::UnixStream;
/// One end of the wake-up socket pair: Windows has no `socketpair`, so a connected loopback
/// TCP pair, whose SOCKET asyncio's selector loops and `select` accept like a descriptor.
#[cfg(windows)]
type Socket = std::net::TcpStream;

/// What `fileno` gives Python: a descriptor on Unix, a SOCKET on Windows.
#[cfg(unix)]
type RawSocket = std::os::fd::RawFd;
/// What `fileno` gives Python: a descriptor on Unix, a SOCKET on Windows.
#[cfg(windows)]
type RawSocket = std::os::windows::io::RawSocket;

/// A connected pair of sockets: (the end to write wake-ups to, the end to watch).
#[cfg(unix)]
fn socket_pair() -> io::Result<(Socket, Socket)> {
    Socket::pair()
}

/// A connected pair of sockets: (the end to write wake-ups to, the end to watch).
#[cfg(windows)]
fn socket_pair() -> io::Result<(Socket, Socket)> {
    use std::net::{Ipv4Addr, TcpListener};
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    let wake = Socket::connect(listener.local_addr()?)?;
    // One-byte writes must leave at once, not wait for the previous one's ACK (Nagle).
    wake.set_nodelay(true)?;
    let ours = wake.local_addr()?;
    // Any local process can connect to the listener: only this process's own connection is
    // taken (it is in the listener's queue, so the loop ends).
    loop {
        let (watched, peer) = listener.accept()?;
        if peer == ours {
            return Ok((wake, watched));
        }
    }
}

#[cfg(unix)]
fn raw_socket(socket: &Socket) -> RawSocket {
    std::os::fd::AsRawFd::as_raw_fd(socket)
}

#[cfg(windows)]
fn raw_socket(socket: &Socket) -> RawSocket {
    std::os::windows::io::AsRawSocket::as_raw_socket(socket)
}

/// What runtime threads and the loop share.
struct Shared {
    /// Finished calls by key and log records, in the order they came.
    queue: Mutex<Vec<Item>>,
    /// The end runtime threads write to; the loop watches the other one. Both ends live as
    /// long as any call can still finish, so a write never meets a closed peer.
    wake: Socket,
    watched: Socket,
    /// Whether a watcher thread reads the wake-ups (the watched end then blocks) instead of
    /// the loop's reader callback.
    watcher_thread: bool,
    /// Set by [`Inbox::close`]: the watcher thread's next wake-up is its last.
    closed: AtomicBool,
}

impl Shared {
    /// Queues an item; wakes the loop if the queue was empty (it drains all at once).
    fn push(&self, item: Item) {
        let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
        queue.push(item);
        if queue.len() == 1 {
            // Written under the lock, so `take` never leaves an outcome without a pending
            // wake-up. A full socket buffer (WouldBlock) already holds a wake-up.
            let _ = (&self.wake).write(&[1]);
        }
    }

    /// The queued outcomes, and the pending wake-up consumed (a watcher thread consumed it
    /// already: its end blocks and must not be read here).
    fn take(&self) -> Vec<Item> {
        let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
        if !self.watcher_thread {
            let mut buf = [0u8; 64];
            loop {
                match (&self.watched).read(&mut buf) {
                    Ok(n) if n == buf.len() => continue,
                    Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                    _ => break,
                }
            }
        }
        std::mem::take(&mut *queue)
    }

    /// Blocks until a wake-up arrives and consumes it (all that arrived meanwhile with it);
    /// false once the inbox is closed.
    fn wait(&self) -> io::Result<bool> {
        let mut buf = [0u8; 64];
        loop {
            match (&self.watched).read(&mut buf) {
                // Both ends live as long as this inbox: end of stream does not happen, but
                // would mean no wake-up can come any more.
                Ok(0) => return Ok(false),
                Ok(_) => return Ok(!self.closed.load(Ordering::Acquire)),
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

/// One asyncio loop's inbox: created by `authlete_sdk` the first time a loop awaits a call.
#[pyclass(module = "authlete_sdk._native", frozen)]
pub(crate) struct Inbox {
    shared: Arc<Shared>,
    next_key: AtomicU64,
}

/// Where an async call's outcome goes: the inbox and the call's key in it. A sender dropped
/// unsent (its task ended without an outcome) settles the call with a RuntimeError, so an
/// awaiting caller never hangs.
pub(crate) struct Sender {
    shared: Option<Arc<Shared>>,
    key: u64,
}

impl Sender {
    /// The call's key in the inbox.
    pub(crate) fn key(&self) -> u64 {
        self.key
    }

    /// Queues the outcome; `make` builds its Python objects later, on the loop thread.
    pub(crate) fn send(mut self, make: Outcome) {
        if let Some(shared) = self.shared.take() {
            shared.push(Item::Outcome(self.key, make));
        }
    }

    /// Where the call's log records go: the same loop, ahead of its outcome.
    pub(crate) fn log_queue(&self) -> Option<LogQueue> {
        self.shared.clone().map(LogQueue)
    }
}

/// Hands a call's log records to the loop that awaits the call (logging.rs).
#[derive(Clone)]
pub(crate) struct LogQueue(Arc<Shared>);

impl LogQueue {
    /// Queues a record; the loop emits it at its next wake-up.
    pub(crate) fn push(&self, record: LogRecord) {
        self.0.push(Item::Log(record));
    }
}

impl Drop for Sender {
    fn drop(&mut self) {
        if let Some(shared) = self.shared.take() {
            shared.push(Item::Outcome(
                self.key,
                Box::new(|_| {
                    Err(PyRuntimeError::new_err("authlete_sdk: the async call ended without an outcome"))
                }),
            ));
        }
    }
}

impl Inbox {
    /// A new key and the sender that delivers under it.
    pub(crate) fn sender(&self) -> Sender {
        let key = self.next_key.fetch_add(1, Ordering::Relaxed);
        Sender { shared: Some(self.shared.clone()), key }
    }
}

#[pymethods]
impl Inbox {
    /// An inbox whose wake-ups the loop watches (`loop.add_reader(inbox.fileno(), ...)`), or
    /// with `watcher_thread=True` one whose wake-ups a thread takes with [`Inbox::wait`].
    #[new]
    #[pyo3(signature = (watcher_thread=false))]
    fn new(watcher_thread: bool) -> PyResult<Self> {
        let (wake, watched) = socket_pair()?;
        wake.set_nonblocking(true)?;
        // The loop's reader callback must never block; a watcher thread blocks on purpose.
        watched.set_nonblocking(!watcher_thread)?;
        let shared = Shared {
            queue: Mutex::new(Vec::new()),
            wake,
            watched,
            watcher_thread,
            closed: AtomicBool::new(false),
        };
        Ok(Inbox { shared: Arc::new(shared), next_key: AtomicU64::new(0) })
    }

    /// The descriptor (a SOCKET on Windows) to watch for readability (`loop.add_reader`).
    fn fileno(&self) -> RawSocket {
        raw_socket(&self.shared.watched)
    }

    /// Blocks without the GIL until calls have finished, then returns true: the watcher
    /// thread then has the loop run [`Inbox::settle`]. Returns false once [`Inbox::close`]
    /// was called. Only for an inbox made with `watcher_thread=True`.
    fn wait(&self, py: Python<'_>) -> PyResult<bool> {
        if !self.shared.watcher_thread {
            return Err(PyRuntimeError::new_err(
                "authlete_sdk: Inbox.wait needs an inbox made with watcher_thread=True",
            ));
        }
        let shared = &self.shared;
        Ok(py.detach(|| shared.wait())?)
    }

    /// Ends the watcher thread's [`Inbox::wait`] (its loop is gone).
    fn close(&self) {
        self.shared.closed.store(true, Ordering::Release);
        // A full socket buffer (WouldBlock) already holds a wake-up.
        let _ = (&self.shared.wake).write(&[1]);
    }

    /// Settles the futures of the calls that finished, and emits the log records queued
    /// before them: `waiting` maps a call's key to its future and loses the keys settled here.
    /// An outcome whose key is not waiting (its caller was cancelled) is dropped without being
    /// made into Python objects.
    fn settle(&self, py: Python<'_>, waiting: &Bound<'_, PyDict>) -> PyResult<()> {
        for item in self.shared.take() {
            let (key, make) = match item {
                Item::Outcome(key, make) => (key, make),
                Item::Log(emit) => {
                    // A failing handler must not strand the calls of this batch.
                    if let Err(e) = emit(py) {
                        e.write_unraisable(py, None);
                    }
                    continue;
                }
            };
            let Some(fut) = waiting.get_item(key)? else { continue };
            waiting.del_item(key)?;
            if let Err(e) = settle_one(py, &fut, make) {
                // One broken future must not strand the others of this batch.
                e.write_unraisable(py, Some(&fut));
            }
        }
        Ok(())
    }
}

fn settle_one(py: Python<'_>, fut: &Bound<'_, PyAny>, make: Outcome) -> PyResult<()> {
    if fut.call_method0(pyo3::intern!(py, "done"))?.is_truthy()? {
        return Ok(());
    }
    match make(py) {
        Ok((ok, payload)) => {
            let outcome = PyTuple::new(py, [ok.into_pyobject(py)?.to_owned().into_any().unbind(), payload])?;
            fut.call_method1(pyo3::intern!(py, "set_result"), (outcome,))?;
        }
        // The outcome could not be made into Python objects: the caller gets that exception.
        Err(e) => {
            fut.call_method1(pyo3::intern!(py, "set_exception"), (e.value(py),))?;
        }
    }
    Ok(())
}
