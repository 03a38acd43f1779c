# The native module (bindings/python): requests in as JSON bytes, results out as JSON text.
from typing import Any, Callable, List, Optional, Tuple, final

__all__ = ["NativeClient", "CallHandle", "Pager", "drain_logs", "set_log_debug", "operation_names", "ERROR_KINDS"]

ERROR_KINDS: List[str]

_Outcome = Tuple[bool, Any]

@final

class CallHandle:
    def cancel(self) -> None: ...
    @property
    def cancelled(self) -> bool: ...

@final

class NativeClient:
    @staticmethod
    def create(options_json: bytes, binding: str) -> Tuple[Optional[NativeClient], Any]: ...
    def call(
        self, op: str, request: bytes, options: Optional[bytes] = None, check_signals: bool = False
    ) -> _Outcome: ...
    def call_async(
        self, op: str, request: bytes, options: Optional[bytes], done: Callable[[bool, Any], None]
    ) -> CallHandle: ...
    @property
    def server_url(self) -> str: ...
    @property
    def user_agent(self) -> str: ...

@final

class Pager:
    @staticmethod
    def clients(client: NativeClient, service_id: str, developer: Optional[str], page_size: int) -> Pager: ...
    @staticmethod
    def authorized_applications(
        client: NativeClient, service_id: str, subject: str, developer: Optional[str], page_size: int
    ) -> Pager: ...
    def next(self, check_signals: bool = False) -> _Outcome: ...
    def next_async(self, done: Callable[[bool, Any], None]) -> CallHandle: ...

def drain_logs() -> List[Tuple[int, str, List[Tuple[str, str]]]]: ...
def set_log_debug(enabled: bool) -> None: ...
def operation_names() -> List[str]: ...
