"""Lazy pagination: iterators (sync and async) over the core's paginated listings."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

from . import _native
from . import logging as _logging
from ._calls import await_native, main_thread, result_of

TYPE_CHECKING = False  # as typing.TYPE_CHECKING; typing itself is not imported at run time (start-up time)
if TYPE_CHECKING:
    from typing import Type, TypeVar

    from .models import Model

    _T = TypeVar("_T", bound=Model)

__all__ = ["PageIterator", "AsyncPageIterator"]


# The type parameter is quoted: only type checkers read it. `PageIterator[Client]` still
# works at run time (the collections.abc base classes are subscriptable).
class PageIterator(Iterator["_T"]):
    """Yields items, fetching the next page (with the GIL released) when one is used up."""

    def __init__(self, model: Type[_T], pager: _native.Pager) -> None:
        # `model` only binds _T: the native pager yields the model objects themselves.
        self._pager = pager

    def __iter__(self) -> PageIterator[_T]:
        return self

    def __next__(self) -> _T:
        _logging.prepare()
        outcome = self._pager.next(main_thread())
        item: _T | None = result_of(outcome)
        if item is None:
            raise StopIteration
        return item


class AsyncPageIterator(AsyncIterator["_T"]):
    """``async for`` over the items; cancelling the awaiting task aborts the page request."""

    def __init__(self, model: Type[_T], pager: _native.Pager) -> None:
        # `model` only binds _T: the native pager yields the model objects themselves.
        self._pager = pager

    def __aiter__(self) -> AsyncPageIterator[_T]:
        return self

    async def __anext__(self) -> _T:
        log_context = _logging.prepare()
        outcome = await await_native(lambda inbox: self._pager.next_async(inbox, log_context))
        item: _T | None = result_of(outcome)
        if item is None:
            raise StopAsyncIteration
        return item
