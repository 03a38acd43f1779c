"""Lazy pagination: iterators (sync and async) over the core's paginated listings."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, AsyncIterator, Generic, Iterator, Type, TypeVar

from . import _native
from . import logging as _logging

if TYPE_CHECKING:
    from .models import Model

T = TypeVar("T", bound="Model")

__all__ = ["PageIterator", "AsyncPageIterator"]


class PageIterator(Iterator[T], Generic[T]):
    """Yields items, fetching the next page (with the GIL released) when one is used up."""

    def __init__(self, model: Type[T], pager: _native.Pager) -> None:
        # `model` only binds T: the native pager yields the model objects themselves.
        self._pager = pager

    def __iter__(self) -> PageIterator[T]:
        return self

    def __next__(self) -> T:
        from ._operations import result_of

        _logging.prepare()
        outcome = self._pager.next(threading.current_thread() is threading.main_thread())
        item: T | None = result_of(outcome)
        if item is None:
            raise StopIteration
        return item


class AsyncPageIterator(AsyncIterator[T], Generic[T]):
    """``async for`` over the items; cancelling the awaiting task aborts the page request."""

    def __init__(self, model: Type[T], pager: _native.Pager) -> None:
        # `model` only binds T: the native pager yields the model objects themselves.
        self._pager = pager

    def __aiter__(self) -> AsyncPageIterator[T]:
        return self

    async def __anext__(self) -> T:
        from ._operations import await_native, result_of

        _logging.prepare()
        outcome = await await_native(self._pager.next_async)
        item: T | None = result_of(outcome)
        if item is None:
            raise StopAsyncIteration
        return item
