package com.authlete.sdk

import com.authlete.sdk.ffi.AuthleteNative
import com.authlete.sdk.ffi.FfiConverterString
import com.authlete.sdk.ffi.InternalException
import com.authlete.sdk.ffi.NativeExceptionExternalErrorHandler
import com.authlete.sdk.ffi.UNIFFI_CALL_ERROR
import com.authlete.sdk.ffi.UNIFFI_CALL_SUCCESS
import com.authlete.sdk.models.FfiConverterRustBuffer
import com.authlete.sdk.models.RustBuffer
import java.nio.ByteOrder
import com.authlete.sdk.ffi.UniffiRustCallStatus as CallStatus
import com.authlete.sdk.models.UniffiLib as BufferLib
import com.authlete.sdk.models.UniffiRustCallStatus as BufferStatus

/**
 * The blocking operations' way into the native library, with the call statuses reused.
 *
 * Every crossing into the native library takes a call status, a JNA `Structure`. uniffi's
 * generated call path makes a new one per crossing, and a blocking operation crosses four
 * times (the handle, the request's buffer, the call, the result's buffer). A `Structure` is
 * costly to make: native memory that JNA tracks in one process-wide map and frees through one
 * cleaner thread, and its fields read by reflection; with many threads calling at once that
 * shared work dominates (bench/OPTIMISATIONS.md, item 39). Here the request's buffer, the call
 * and the result's buffer use statuses kept a few per thread; only the handle's clone still
 * makes its own, inside uniffi's `callWithHandle`, which also keeps the object alive during the
 * call.
 *
 * Everything else is uniffi's generated code, called as uniffi calls it: the `UniffiLib`
 * functions, the converters that write the request and read the result, the error handler
 * that turns an error status into a [com.authlete.sdk.models.NativeException]. [Clients] (from
 * codegen/emit_kotlin.py) passes each operation's converters and native function. The suspend
 * functions and the calls with per-call options keep uniffi's own methods.
 */
internal object NativeCalls {
    // A status in use is out of its pool, so a nested crossing takes another (or makes one).
    const val POOL_SIZE = 2
    val callStatuses: ThreadLocal<ArrayList<CallStatus>> = ThreadLocal.withInitial { ArrayList<CallStatus>(POOL_SIZE) }
    private val bufferStatuses = ThreadLocal.withInitial { ArrayList<BufferStatus>(POOL_SIZE) }

    /** Runs an operation whose native function returns a result buffer; reads it with [result]. */
    inline fun <A, R> value(
        native: AuthleteNative,
        request: A,
        requestConverter: FfiConverterRustBuffer<A>,
        result: FfiConverterRustBuffer<R>,
        function: (Long, RustBuffer.ByValue, CallStatus) -> RustBuffer.ByValue,
    ): R = lift(result, call(native, request, requestConverter, function))

    /** Runs an operation without a result. */
    inline fun <A> unit(
        native: AuthleteNative,
        request: A,
        requestConverter: FfiConverterRustBuffer<A>,
        function: (Long, RustBuffer.ByValue, CallStatus) -> Unit,
    ) = call(native, request, requestConverter, function)

    inline fun <A, T> call(
        native: AuthleteNative,
        request: A,
        requestConverter: FfiConverterRustBuffer<A>,
        function: (Long, RustBuffer.ByValue, CallStatus) -> T,
    ): T = native.callWithHandle { handle ->
        // Lowered inside, as uniffi does: the native function owns the buffer from here.
        val buffer = lower(requestConverter, request)
        val pool = callStatuses.get()
        val status = takeCallStatus(pool)
        try {
            val out = function(handle, buffer, status)
            check(status)
            out
        } finally {
            if (pool.size < POOL_SIZE) pool.add(status)
        }
    }

    fun takeCallStatus(pool: ArrayList<CallStatus>): CallStatus {
        if (pool.isEmpty()) return CallStatus()
        val status = pool.removeAt(pool.size - 1)
        status.code = UNIFFI_CALL_SUCCESS
        status.error_buf.capacity = 0
        status.error_buf.len = 0
        status.error_buf.data = null
        return status
    }

    /** What uniffi's `uniffiCheckCallStatus` does with an operation's status. */
    fun check(status: CallStatus) {
        when (status.code) {
            UNIFFI_CALL_SUCCESS -> return
            UNIFFI_CALL_ERROR -> throw NativeExceptionExternalErrorHandler.lift(status.error_buf)
            else -> throw InternalException(
                if (status.error_buf.len > 0) FfiConverterString.lift(status.error_buf) else "Rust panic",
            )
        }
    }

    /** What uniffi's `lowerIntoRustBuffer` does, with a reused status for the allocation. */
    fun <A> lower(converter: FfiConverterRustBuffer<A>, value: A): RustBuffer.ByValue = withBufferStatus { status ->
        val buffer = BufferLib.ffi_authlete_rustbuffer_alloc(converter.allocationSize(value).toLong(), status)
        checkBuffer(status)
        try {
            val bytes = buffer.data!!.getByteBuffer(0, buffer.capacity).order(ByteOrder.BIG_ENDIAN)
            converter.write(value, bytes)
            buffer.writeField("len", bytes.position().toLong())
            buffer
        } catch (e: Throwable) {
            BufferLib.ffi_authlete_rustbuffer_free(buffer, status)
            throw e
        }
    }

    /** What uniffi's `liftFromRustBuffer` does, with a reused status for the free. */
    fun <R> lift(converter: FfiConverterRustBuffer<R>, buffer: RustBuffer.ByValue): R = withBufferStatus { status ->
        val bytes = buffer.asByteBuffer()!!
        try {
            val value = converter.read(bytes)
            if (bytes.hasRemaining()) throw InternalException("junk remaining in buffer after lifting")
            value
        } finally {
            BufferLib.ffi_authlete_rustbuffer_free(buffer, status)
            checkBuffer(status)
        }
    }

    private inline fun <T> withBufferStatus(block: (BufferStatus) -> T): T {
        val pool = bufferStatuses.get()
        val status = if (pool.isEmpty()) {
            BufferStatus()
        } else {
            pool.removeAt(pool.size - 1).also {
                it.code = UNIFFI_CALL_SUCCESS
                it.error_buf.capacity = 0
                it.error_buf.len = 0
                it.error_buf.data = null
            }
        }
        try {
            return block(status)
        } finally {
            if (pool.size < POOL_SIZE) pool.add(status)
        }
    }

    // The buffer functions cannot fail but by a panic (an allocation beyond isize::MAX).
    private fun checkBuffer(status: BufferStatus) {
        if (status.code != UNIFFI_CALL_SUCCESS) throw InternalException("the native library could not allocate or free a buffer")
    }
}
