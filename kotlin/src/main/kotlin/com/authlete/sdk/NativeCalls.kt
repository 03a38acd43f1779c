package com.authlete.sdk

import com.authlete.sdk.ffi.InternalException
import com.authlete.sdk.models.FfiConverterRustBuffer
import com.authlete.sdk.models.FfiConverterTypeNativeError
import java.lang.ref.Cleaner
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong

/**
 * The blocking operations' way into the native library: one JNI call per call, with integers
 * only ([NativeJni]; `bindings/uniffi/src/direct.rs` has the other side and the reply's layout).
 *
 * uniffi's generated calls go through JNA, which makes a `Structure` by reflection for every
 * buffer and call status and tracks their memory in process-wide tables (a blocking call
 * crossed four times), and whose start a program's first call pays (bench/OPTIMISATIONS.md,
 * items 39-41). Here the request and the reply travel through two direct buffers kept per
 * thread, and the handle is borrowed from a [DirectHandle]; a program that only makes
 * blocking calls never loads JNA.
 *
 * The bytes are uniffi's: its generated converters write the request and read the result or
 * the error, as in uniffi's own calls. [Clients] (from codegen/emit_kotlin.py) passes each
 * operation's index and converters. The suspend functions and the calls with per-call options
 * keep uniffi's own methods.
 */
internal object NativeCalls {
    const val OK = 0L
    const val ERROR = 1L
    const val PENDING = 4L
    const val KIND = 3L
    const val LEN_SHIFT = 3

    val slot = ThreadLocal<Buffers?>()

    /** Runs operation [operation] (its index in [NativeJni]); reads its result with [result]. */
    fun <A, R> value(
        direct: DirectHandle,
        operation: Int,
        request: A,
        requestConverter: FfiConverterRustBuffer<A>,
        result: FfiConverterRustBuffer<R>,
    ): R = exchange({ buffers ->
        val bytes = write(buffers, requestConverter, request)
        direct.use { handle -> NativeJni.call(operation, handle, bytes.address, bytes.len, buffers.reply.address, buffers.reply.bytes.capacity()) }
    }) { reply -> lift(result, reply) }

    // As uniffi's lifting: the whole reply is the value.
    private fun <R> lift(converter: FfiConverterRustBuffer<R>, reply: ByteBuffer): R {
        val value = converter.read(reply)
        if (reply.hasRemaining()) throw InternalException("junk remaining in buffer after lifting")
        return value
    }

    /** Runs an operation without a result. */
    fun <A> unit(direct: DirectHandle, operation: Int, request: A, requestConverter: FfiConverterRustBuffer<A>) =
        value(direct, operation, request, requestConverter, NoResult)

    /** Builds the native client from its options JSON; returns its handle. */
    fun open(optionsJson: String): Long = exchange({ buffers ->
        val json = write(buffers, optionsJson)
        NativeJni.open(json.address, json.len, buffers.reply.address, buffers.reply.bytes.capacity())
    }) { reply -> reply.getLong() }

    /** Decodes model [model] (its index in [NativeJni]) from the API's JSON. */
    fun <M> fromJson(model: Int, converter: FfiConverterRustBuffer<M>, json: String): M = exchange({ buffers ->
        val input = write(buffers, json)
        NativeJni.model(model, false, input.address, input.len, buffers.reply.address, buffers.reply.bytes.capacity())
    }) { reply -> lift(converter, reply) }

    /** Encodes [value], model [model], as the API's JSON. */
    fun <M> toJson(model: Int, converter: FfiConverterRustBuffer<M>, value: M): String = exchange({ buffers ->
        val input = write(buffers, converter, value)
        NativeJni.model(model, true, input.address, input.len, buffers.reply.address, buffers.reply.bytes.capacity())
    }) { reply -> Charsets.UTF_8.decode(reply).toString() }

    private fun write(buffers: Buffers, text: String): Written {
        val bytes = text.toByteArray(Charsets.UTF_8)
        val out = buffers.requestFor(bytes.size.toLong())
        (out.bytes.clear() as ByteBuffer).put(bytes)
        return Written(out.address, bytes.size)
    }

    /** A request written into this thread's request buffer: where, and how long. */
    class Written(val address: Long, val len: Int)

    private fun <A> write(buffers: Buffers, converter: FfiConverterRustBuffer<A>, value: A): Written {
        val out = buffers.requestFor(converter.allocationSize(value).toLong())
        val bytes = out.bytes.clear() as ByteBuffer
        converter.write(value, bytes)
        return Written(out.address, bytes.position())
    }

    /** Makes the native call [send] with this thread's buffers, then reads its reply. */
    private inline fun <T> exchange(send: (Buffers) -> Long, read: (ByteBuffer) -> T): T {
        val buffers = take()
        try {
            val packed = send(buffers)
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
    private fun take(): Buffers = slot.get()?.also { slot.set(null) } ?: Buffers()

    // The "result" of an operation without one: nothing to read.
    private object NoResult : FfiConverterRustBuffer<Unit> {
        override fun read(buf: ByteBuffer) = Unit
        override fun allocationSize(value: Unit): ULong = 0UL
        override fun write(value: Unit, buf: ByteBuffer) = Unit
    }

    /** The reply of [packed], fetched into a larger buffer when it did not fit the thread's. */
    fun replyOf(buffers: Buffers, packed: Long): ByteBuffer {
        val len = packed ushr LEN_SHIFT
        if (len > Int.MAX_VALUE) throw InternalException("a reply of $len bytes")
        val reply = if (packed and PENDING != 0L) {
            buffers.replyFor(len.toInt()).also {
                if (NativeJni.take(it.address, it.bytes.capacity()) != len) {
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
        val address: Long = NativeJni.address(bytes)
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
 * The native client as the blocking calls borrow it: a reference of its own to the Rust object
 * (uniffi's methods clone the handle on every call instead, one more crossing), released by
 * [close] once no call is running, or when collected. [retain] gives uniffi's object its own.
 */
internal class DirectHandle(optionsJson: String) : AutoCloseable {
    val handle: Long = NativeCalls.open(optionsJson)

    // 1 while open, plus one per call running; the reference is released when it reaches 0.
    private val uses = AtomicLong(1)
    private val closed = AtomicBoolean(false)
    private val cleanable = CLEANER.register(this, Release(handle))

    inline fun <R> use(block: (Long) -> R): R {
        acquire()
        try {
            return block(handle)
        } finally {
            release()
        }
    }

    /** Another reference to the Rust object, for uniffi's object to own. */
    fun retain(): Long = use { NativeJni.retain(it) }

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
        override fun run() = NativeJni.release(handle)
    }

    private companion object {
        val CLEANER: Cleaner = Cleaner.create()
    }
}
