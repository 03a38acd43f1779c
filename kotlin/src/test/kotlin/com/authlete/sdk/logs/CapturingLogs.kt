package com.authlete.sdk.logs

import org.slf4j.ILoggerFactory
import org.slf4j.IMarkerFactory
import org.slf4j.Logger
import org.slf4j.Marker
import org.slf4j.event.Level
import org.slf4j.helpers.AbstractLogger
import org.slf4j.helpers.BasicMarkerFactory
import org.slf4j.helpers.MessageFormatter
import org.slf4j.helpers.NOPMDCAdapter
import org.slf4j.spi.MDCAdapter
import org.slf4j.spi.SLF4JServiceProvider
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList

/** One captured record. */
data class Record(val logger: String, val level: Level, val message: String)

/**
 * The tests' SLF4J binding (registered in META-INF/services): keeps every record in memory,
 * with one level threshold for every logger, which a test sets.
 */
object CapturingLogs {
    /** The most verbose level enabled; WARN unless a test lowers it. */
    @Volatile
    var threshold: Level = Level.WARN

    val records: MutableList<Record> = CopyOnWriteArrayList()

    fun enabled(level: Level): Boolean = level.toInt() >= threshold.toInt()
}

class CapturingLogger(private val loggerName: String) : AbstractLogger() {
    init {
        name = loggerName
    }

    override fun isTraceEnabled() = CapturingLogs.enabled(Level.TRACE)
    override fun isTraceEnabled(marker: Marker?) = isTraceEnabled()
    override fun isDebugEnabled() = CapturingLogs.enabled(Level.DEBUG)
    override fun isDebugEnabled(marker: Marker?) = isDebugEnabled()
    override fun isInfoEnabled() = CapturingLogs.enabled(Level.INFO)
    override fun isInfoEnabled(marker: Marker?) = isInfoEnabled()
    override fun isWarnEnabled() = CapturingLogs.enabled(Level.WARN)
    override fun isWarnEnabled(marker: Marker?) = isWarnEnabled()
    override fun isErrorEnabled() = CapturingLogs.enabled(Level.ERROR)
    override fun isErrorEnabled(marker: Marker?) = isErrorEnabled()

    override fun getFullyQualifiedCallerName(): String? = null

    override fun handleNormalizedLoggingCall(
        level: Level,
        marker: Marker?,
        messagePattern: String?,
        arguments: Array<out Any?>?,
        throwable: Throwable?,
    ) {
        val text = MessageFormatter.basicArrayFormat(messagePattern, arguments)
        CapturingLogs.records.add(Record(loggerName, level, text))
    }
}

class CapturingProvider : SLF4JServiceProvider {
    private val loggers = ConcurrentHashMap<String, Logger>()
    private val factory = ILoggerFactory { name -> loggers.computeIfAbsent(name) { CapturingLogger(it) } }
    private val markers = BasicMarkerFactory()
    private val mdc = NOPMDCAdapter()

    override fun getLoggerFactory(): ILoggerFactory = factory
    override fun getMarkerFactory(): IMarkerFactory = markers
    override fun getMDCAdapter(): MDCAdapter = mdc
    override fun getRequestedApiVersion(): String = "2.0.99"
    override fun initialize() {}
}
