"""Patches the Kotlin sources uniffi-bindgen writes (`make kotlin-bindings` runs it on the
fresh output, before the copy into kotlin/ and before the staleness check compares them).

One patch, for speed: every call into the native library goes through
`uniffiRustCallWithError`, which made a new `UniffiRustCallStatus` each time. That is a JNA
`Structure`, and making one is costly: two native `Memory` blocks (its own and its nested
`RustBuffer`'s), each registered with JNA's cleaner, and the field lists read by reflection.
A blocking `get` crosses into the native library six times, three of them while the call's
own status is in use (allocating the buffers of its string arguments). The patched helper
keeps a few statuses per thread: a call takes one out of the pool and puts it back when it
is done, so a nested call (those argument buffers, or a callback into Kotlin that calls the
library again) takes another one or makes its own, as before (bench/OPTIMISATIONS.md, item 19).

Each patch names the exact text it replaces. If uniffi's output changes, this fails loudly
instead of leaving the sources half-patched.

    python3 codegen/patch_uniffi_kotlin.py FILE.kt
"""

from __future__ import annotations

import sys
from pathlib import Path

CALL_WITH_ERROR = """private inline fun <U, E: kotlin.Exception> uniffiRustCallWithError(errorHandler: UniffiRustCallStatusErrorHandler<E>, callback: (UniffiRustCallStatus) -> U): U {
    var status = UniffiRustCallStatus()
    val return_value = callback(status)
    uniffiCheckCallStatus(errorHandler, status)
    return return_value
}"""

POOLED_CALL_WITH_ERROR = """// Patched by codegen/patch_uniffi_kotlin.py: call statuses are reused, a few per thread (a
// JNA Structure is costly to make). A status in use is out of the pool, so the calls made
// while lowering a call's arguments (and any other nested call) take another one.
private const val UNIFFI_CALL_STATUS_POOL_SIZE = 4
private val uniffiCallStatusPool = ThreadLocal.withInitial { ArrayList<UniffiRustCallStatus>(UNIFFI_CALL_STATUS_POOL_SIZE) }

private fun uniffiTakeCallStatus(pool: ArrayList<UniffiRustCallStatus>): UniffiRustCallStatus {
    if (pool.isEmpty()) return UniffiRustCallStatus()
    val status = pool.removeAt(pool.size - 1)
    status.code = UNIFFI_CALL_SUCCESS
    status.error_buf.capacity = 0
    status.error_buf.len = 0
    status.error_buf.data = null
    return status
}

private inline fun <U, E: kotlin.Exception> uniffiRustCallWithError(errorHandler: UniffiRustCallStatusErrorHandler<E>, callback: (UniffiRustCallStatus) -> U): U {
    val pool = uniffiCallStatusPool.get()
    val status = uniffiTakeCallStatus(pool)
    try {
        val return_value = callback(status)
        uniffiCheckCallStatus(errorHandler, status)
        return return_value
    } finally {
        if (pool.size < UNIFFI_CALL_STATUS_POOL_SIZE) pool.add(status)
    }
}"""

PATCHES = [(CALL_WITH_ERROR, POOLED_CALL_WITH_ERROR)]


def patch(text: str) -> str:
    """The sources with every patch applied; each original must occur exactly once."""
    for old, new in PATCHES:
        count = text.count(old)
        if count != 1:
            raise SystemExit(
                f"patch_uniffi_kotlin: expected the text to replace once, found it {count} times "
                f"(uniffi's output changed?):\n{old.splitlines()[0]}"
            )
        text = text.replace(old, new)
    return text


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit("usage: patch_uniffi_kotlin.py FILE.kt")
    path = Path(sys.argv[1])
    path.write_text(patch(path.read_text()))


if __name__ == "__main__":
    main()
