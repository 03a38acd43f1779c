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
            val bytes = buffers.request(requestConverter.allocationSize(request).toLong())
            requestConverter.write(request, bytes)
            val packed = direct.use { handle ->
                function(handle, buffers.requestAddress, bytes.position(), buffers.replyAddress, buffers.reply.capacity())
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

    /** The reply of [packed], fetched when it did not fit the thread's reply buffer. */
    fun replyOf(buffers: Buffers, packed: Long): ByteBuffer {
        val len = packed ushr LEN_SHIFT
        if (len > Int.MAX_VALUE) throw InternalException("a reply of $len bytes")
        if (packed and PENDING != 0L) {
            buffers.growReply(len.toInt())
            if (NativeDirect.authlete_uniffi_direct_take(buffers.replyAddress, buffers.reply.capacity()) != len) {
                throw InternalException("the native library lost a reply")
            }
        }
        return buffers.reply.clear().limit(len.toInt()) as ByteBuffer
    }

    /** A thread's request and reply buffers, off the heap so that the native side writes into them. */
    class Buffers {
        var reply: ByteBuffer = allocate(REPLY_START)
            private set
        var replyAddress: Long = address(reply)
            private set
        private var request: ByteBuffer = allocate(REQUEST_START)
        var requestAddress: Long = address(request)
            private set

        fun request(size: Long): ByteBuffer {
            if (size > request.capacity()) {
                if (size > Int.MAX_VALUE) throw InternalException("a request of $size bytes")
                request = allocate(size.toInt())
                requestAddress = address(request)
            }
            return request.clear() as ByteBuffer
        }

        fun growReply(size: Int) {
            reply = allocate(Integer.highestOneBit(size - 1).coerceAtLeast(REPLY_START / 2) * 2)
            replyAddress = address(reply)
        }

        private companion object {
            const val REQUEST_START = 4096
            const val REPLY_START = 16384

            // uniffi's converters read and write big-endian.
            fun allocate(size: Int): ByteBuffer = ByteBuffer.allocateDirect(size).order(ByteOrder.BIG_ENDIAN)

            fun address(buffer: ByteBuffer): Long = Pointer.nativeValue(Native.getDirectBufferPointer(buffer))
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
