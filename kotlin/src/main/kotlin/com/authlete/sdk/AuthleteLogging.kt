package com.authlete.sdk

import com.authlete.sdk.ffi.LogSink
import com.authlete.sdk.ffi.setLogSink
import org.slf4j.Logger
import org.slf4j.LoggerFactory

/**
 * The SDK's logs through SLF4J, on the logger [LOGGER_NAME] (`com.authlete.sdk`).
 *
 * The core emits one DEBUG record per HTTP attempt (`operation=clients.get attempt=1
 * status=503 error response`, retries, waits), one record per call at INFO (success, or a
 * failure the caller caused) or WARN (a failure of the server or the network), with the
 * levels kept. No record holds the access token, a client secret or a header value: the
 * core redacts them before any event.
 *
 * Installed when the first [Authlete] is built. The core is told once the most verbose level
 * the logger enables, and drops every more verbose event where it is emitted: a disabled
 * level costs nothing per call, and nothing crosses into the JVM for it. After changing the
 * logger's level at run time (a logging configuration reloaded), call [refresh].
 */
object AuthleteLogging {
    /** The SLF4J logger name of every record of the SDK. */
    const val LOGGER_NAME: String = "com.authlete.sdk"

    private val logger: Logger = LoggerFactory.getLogger(LOGGER_NAME)

    @Volatile
    private var installed = false

    internal fun ensureInstalled() {
        // One volatile read per client built, not per call.
        if (!installed) install(initial = true)
    }

    /**
     * Reads the logger's enabled level again and tells the core (after a logging
     * configuration changed at run time).
     */
    @JvmStatic
    fun refresh() = install(initial = false)

    @Synchronized
    private fun install(initial: Boolean) {
        if (initial && installed) return
        val level = when {
            logger.isTraceEnabled -> 5
            logger.isDebugEnabled -> 4
            logger.isInfoEnabled -> 3
            logger.isWarnEnabled -> 2
            logger.isErrorEnabled -> 1
            else -> 0
        }
        // With every level off and nothing installed yet there is nothing to tell the core,
        // whose events then go nowhere: a program that logs nothing and makes only blocking
        // calls never loads uniffi's JNA side (NativeCalls.kt).
        if (initial && level == 0) {
            installed = true
            return
        }
        try {
            translate { setLogSink(level.toUByte(), if (level > 0) Sink(logger) else null) }
        } catch (e: AuthleteException) {
            // Another `tracing` subscriber owns this process: the SDK's records go there.
            logger.warn("the SDK's logs cannot reach SLF4J: {}", e.message)
        }
        installed = true
    }

    /** Hands the core's records to SLF4J (called on the thread that emitted the event). */
    private class Sink(private val logger: Logger) : LogSink {
        override fun log(level: UByte, target: String, message: String) {
            // A throwing appender must not reach the native side, where the event was emitted
            // in the middle of a call: the record is dropped instead.
            try {
                when (level.toInt()) {
                    1 -> logger.error("{}: {}", target, message)
                    2 -> logger.warn("{}: {}", target, message)
                    3 -> logger.info("{}: {}", target, message)
                    4 -> logger.debug("{}: {}", target, message)
                    else -> logger.trace("{}: {}", target, message)
                }
            } catch (_: Throwable) {
            }
        }
    }
}
