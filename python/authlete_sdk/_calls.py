"""How a native call is made and ends: a sync call knows whether it runs on the main thread
(to check for signals), an async one is awaited through the loop's inbox and cancelled with
its task, and an outcome becomes the result or the exception of its kind."""

from __future__ import annotations

import threading

from . import _native
from .errors import from_native

TYPE_CHECKING = False  # as typing.TYPE_CHECKING; typing itself is not imported at run time (start-up time)
if TYPE_CHECKING:
    import asyncio
    from typing import Any, Callable, Dict, Optional, Tuple

__all__ = ["main_thread", "result_of", "await_native"]


def main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def result_of(outcome: Tuple[bool, Any]) -> Any:
    """The result of a native call (already the model object, or None), or its exception."""
    ok, payload = outcome
    if not ok:
        raise from_native(payload)
    return payload


if TYPE_CHECKING:
    _Outcome = Tuple[bool, Any]
    _Waiting = Dict[int, "asyncio.Future[_Outcome]"]

# Each asyncio loop's inbox and its calls in flight (key -> future), made on the loop's first
# async call. Weak keys: a loop that is gone takes its inbox (and the inbox's socket) along.
_inboxes: Optional[Any] = None


def _inbox(loop: asyncio.AbstractEventLoop) -> Tuple[_native.Inbox, _Waiting]:
    global _inboxes
    if _inboxes is None:
        import weakref

        _inboxes = weakref.WeakKeyDictionary()
    entry: Optional[Tuple[_native.Inbox, _Waiting]] = _inboxes.get(loop)
    if entry is None:
        inbox = _native.Inbox()
        waiting: _Waiting = {}
        try:
            # The loop settles the futures itself, as many as have finished per wake-up.
            loop.add_reader(inbox.fileno(), inbox.settle, waiting)
        except NotImplementedError:
            # A loop without add_reader (Windows' default ProactorEventLoop).
            inbox = _native.Inbox(watcher_thread=True)
            _watch(loop, inbox, waiting)
        entry = _inboxes[loop] = (inbox, waiting)
    return entry


def _watch(loop: asyncio.AbstractEventLoop, inbox: _native.Inbox, waiting: _Waiting) -> None:
    """Starts the thread that waits for the inbox's wake-ups (without the GIL) and has the
    loop settle the finished calls, as many per wake-up as have finished."""
    import weakref

    # Weak, and held strongly only while handing over: the thread must not keep a finished
    # loop (and so its inbox) alive.
    loop_ref = weakref.ref(loop)

    def hand_over() -> bool:
        current = loop_ref()
        if current is None:
            return False
        try:
            current.call_soon_threadsafe(inbox.settle, waiting)
        except RuntimeError:  # the loop is closed: nothing can await its calls any more
            return False
        return True

    def run() -> None:
        while inbox.wait() and hand_over():
            pass

    thread = threading.Thread(target=run, name="authlete_sdk inbox", daemon=True)
    thread.start()

    def stop() -> None:
        inbox.close()
        # Joined so that the thread is gone before the interpreter finalizes: a thread that
        # takes the GIL back from a native call after that is ended by the C runtime with an
        # unwind the native frames cannot pass (the process aborts).
        if thread is not threading.current_thread():
            thread.join()

    # A loop that is gone ends the thread; so does the interpreter's exit (finalize runs its
    # callbacks before the interpreter finalizes).
    weakref.finalize(loop, stop)


async def await_native(start: Callable[[_native.Inbox], _native.CallHandle]) -> Tuple[bool, Any]:
    """Starts a native async call and awaits its outcome; cancelling the awaiting task
    cancels the call (its request is aborted)."""
    # Imported here: only async callers need it, and it is a large part of the SDK's import
    # time (bench/OPTIMISATIONS.md, item 5).
    import asyncio

    loop = asyncio.get_running_loop()
    inbox, waiting = _inbox(loop)
    handle = start(inbox)
    # Registered before the first await: the inbox is settled on this thread, so the outcome
    # cannot be looked for before the future is there.
    fut: asyncio.Future[_Outcome] = loop.create_future()
    waiting[handle.key] = fut
    try:
        return await fut
    except asyncio.CancelledError:
        handle.cancel()
        waiting.pop(handle.key, None)
        raise
