package com.authlete.sdk

import com.authlete.sdk.ffi.AuthleteNative
import com.authlete.sdk.ffi.InternalException
import com.authlete.sdk.ffi.UniffiLib
import com.authlete.sdk.ffi.UniffiRustCallStatus
import com.authlete.sdk.models.FfiConverterRustBuffer
import com.authlete.sdk.models.FfiConverterTypeNativeError
import com.sun.jna.Native
import com.sun.jna.Pointer
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong

/**
 * The blocking operations' way into the native library: one crossing per call, with integers
 * only (`bindings/uniffi/src/direct.rs` has the other side and the reply's layout).
 *
 * uniffi's generated call path passes every buffer and every call status as a JNA `Structure`,
 * and a blocking call crossed four times (the handle's clone, the request's buffer, the call,
 * the result's buffer). A `Structure` is costly to make: JNA reads its fields by reflection and
 * tracks its native memory in process-wide tables freed by one cleaner thread
 * (bench/OPTIMISATIONS.md, items 39 and 40). Here the request and the reply travel through two
 * direct buffers kept per thread, and the handle is borrowed from a [DirectHandle].
 *
 * The bytes are uniffi's: its generated converters write the request and read the result or the
 * error, as in uniffi's own calls. [Clients] (from codegen/emit_kotlin.py) passes each
 * operation's converters and native function ([NativeDirect]). The suspend functions and the
 * calls with per-call options keep uniffi's own methods.
 */
internal object NativeCalls {
    const val OK = 0L
    const val ERROR = 1L
    const val PENDING = 4L
    const val KIND = 3L
    const val LEN_SHIFT = 3

    val slot = ThreadLocal<Buffers?>()

    /** Runs an operation whose reply is a result; reads it with [result]. */
    inline fun <A, R> value(
        direct: DirectHandle,
        request: A,
        requestConverter: FfiConverterRustBuffer<A>,
        result: FfiConverterRustBuffer<R>,
        function: (Long, Long, Int, Long, Int) -> Long,
    ): R = call(direct, request, requestConverter, function) { reply ->
        val value = result.read(reply)
        if (reply.hasRemaining()) throw InternalException("junk remaining in buffer after lifting")
        value
    }

    /** Runs an operation without a result. */
    inline fun <A> unit(
        direct: DirectHandle,
        request: A,
        requestConverter: FfiConverterRustBuffer<A>,
        function: (Long, Long, Int, Long, Int) -> Long,
    ) = call(direct, request, requestConverter, function) { }

    inline fun <A, T> call(
        direct: DirectHandle,
        request: A,
        requestConverter: FfiConverterRustBuffer<A>,
        function: (Long, Long, Int, Long, Int) -> Long,
        read: (ByteBuffer) -> T,
    ): T {
        val buffers = take()
        try {
            val out = buffers.requestFor(requestConverter.allocationSize(request).toLong())
            val bytes = out.bytes.clear() as ByteBuffer
            requestConverter.write(request, bytes)
            val into = buffers.reply
            val packed = direct.use { handle ->
                function(handle, out.address, bytes.position(), into.address, into.bytes.capacity())
            }
            val reply = replyOf(buffers, packed)
            return when (packed and KIND) {
                OK -> read(reply)
                ERROR -> throw FfiConverterTypeNativeError.read(reply)
                else -> throw InternalException(Charsets.UTF_8.decode(reply).toString())
            }
        } finally {
            slot.set(buffers)
        }
    }

    // Out of the slot while in use, so that a nested call on this thread gets its own.
    fun take(): Buffers = slot.get()?.also { slot.set(null) } ?: Buffers()

    /** The reply of [packed], fetched into a larger buffer when it did not fit the thread's. */
    fun replyOf(buffers: Buffers, packed: Long): ByteBuffer {
        val len = packed ushr LEN_SHIFT
        if (len > Int.MAX_VALUE) throw InternalException("a reply of $len bytes")
        val reply = if (packed and PENDING != 0L) {
            buffers.replyFor(len.toInt()).also {
                if (NativeDirect.authlete_uniffi_direct_take(it.address, it.bytes.capacity()) != len) {
                    throw InternalException("the native library lost a reply")
                }
            }
        } else {
            buffers.reply
        }
        return reply.bytes.clear().limit(len.toInt()) as ByteBuffer
    }

    /** A direct buffer and its address, for the native side to read or write. */
    class Direct(size: Int) {
        // uniffi's converters read and write big-endian.
        val bytes: ByteBuffer = ByteBuffer.allocateDirect(size).order(ByteOrder.BIG_ENDIAN)
        val address: Long = Pointer.nativeValue(Native.getDirectBufferPointer(bytes))
    }

    /**
     * A thread's request and reply buffers. Each grows to the largest seen, up to `KEEP`; a
     * larger request or reply gets a buffer of its own, dropped after the call.
     */
    class Buffers {
        var request = Direct(REQUEST_START)
            private set
        var reply = Direct(REPLY_START)
            private set

        fun requestFor(size: Long): Direct {
            if (size <= request.bytes.capacity()) return request
            if (size > Int.MAX_VALUE) throw InternalException("a request of $size bytes")
            return Direct(size.toInt()).also { if (size <= KEEP) request = it }
        }

        fun replyFor(size: Int): Direct =
            if (size <= KEEP) Direct(Integer.highestOneBit(size - 1) * 2).also { reply = it } else Direct(size)

        private companion object {
            const val REQUEST_START = 4096
            const val REPLY_START = 16384
            const val KEEP = 1 shl 20
        }
    }
}

/**
 * The client's native object as the direct calls borrow it: a reference of its own to the Rust
 * object (uniffi's methods clone the handle on every call instead, one more crossing), released
 * by [close] once no call is running, or when collected.
 */
internal class DirectHandle(native: AuthleteNative) : AutoCloseable {
    val handle: Long = native.uniffiCloneHandle()

    // 1 while open, plus one per call running; the reference is released when it reaches 0.
    private val uses = AtomicLong(1)
    private val closed = AtomicBoolean(false)
    private val cleanable = UniffiLib.CLEANER.register(this, Release(handle))

    inline fun <R> use(block: (Long) -> R): R {
        acquire()
        try {
            return block(handle)
        } finally {
            release()
        }
    }

    fun acquire() {
        while (true) {
            val n = uses.get()
            check(n > 0) { "the client is closed" }
            if (uses.compareAndSet(n, n + 1)) return
        }
    }

    fun release() {
        if (uses.decrementAndGet() == 0L) cleanable.clean()
    }

    override fun close() {
        if (closed.compareAndSet(false, true)) release()
    }

    // Not a closure, so that it does not keep the handle's owner reachable.
    private class Release(private val handle: Long) : Runnable {
        override fun run() {
            UniffiLib.uniffi_authlete_uniffi_fn_free_authletenative(handle, UniffiRustCallStatus())
        }
    }
}
