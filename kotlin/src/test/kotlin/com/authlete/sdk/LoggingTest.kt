package com.authlete.sdk

import com.authlete.sdk.cases.Admin
import com.authlete.sdk.logs.CapturingLogs
import com.authlete.sdk.models.Client
import org.json.JSONObject
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.slf4j.event.Level

/** The core's tracing events through SLF4J (the tests' capturing binding, logs/CapturingLogs.kt). */
class LoggingTest {
    private val base = System.getenv("AUTHLETE_EMULATOR_URL") ?: error("run under tests/with-emulator.sh")
    private val admin = Admin(base)
    private val service = "s1"
    private val token = "bearer-token-that-must-not-be-logged"

    private fun authlete(retry: RetryConfig) = Authlete(AuthleteOptions(bearer = token, serverUrl = base, retryConfig = retry))

    private fun sdkRecords() = CapturingLogs.records.filter { it.logger == AuthleteLogging.LOGGER_NAME }

    private fun threshold(level: Level) {
        CapturingLogs.threshold = level
        AuthleteLogging.refresh()
        CapturingLogs.records.clear()
    }

    @BeforeEach
    fun reset() {
        admin.post("reset", null)
    }

    @AfterEach
    fun restore() {
        threshold(Level.WARN)
    }

    @Test
    fun aRetriedCallLogsEachAttemptAtDebug() {
        threshold(Level.DEBUG)
        authlete(RetryConfig.Backoff(initialInterval = 10, maxInterval = 50)).use { authlete ->
            val id = authlete.clients.createBlocking(service, client = Client(clientName = "logged")).clientId.toString()
            CapturingLogs.records.clear()
            admin.post("fault", JSONObject("""{"op":"clients.get","status":503,"retryAfter":"0"}"""))
            assertEquals("logged", authlete.clients.getBlocking(service, id).clientName)
        }
        val records = sdkRecords()
        val debug = records.filter { it.level == Level.DEBUG }.map { it.message }
        assertTrue(debug.any { "operation=clients.get" in it && "attempt=1" in it && "503" in it }, "$records")
        assertTrue(debug.any { "operation=clients.get" in it && "attempt=2" in it && "200" in it }, "$records")
        // The core's one record per attempt: the first says how long it waits before the retry.
        assertTrue(debug.any { "attempt=1" in it && "duration_ms=" in it && "wait_ms=" in it }, "$records")
        assertFalse(debug.any { "attempt=2" in it && "wait_ms=" in it }, "no retry follows the second attempt: $records")
        val info = records.filter { it.level == Level.INFO }.map { it.message }
        assertTrue(info.any { "call succeeded" in it && "attempts=2" in it }, "$records")
        assertFalse(records.any { token in it.message }, "a record holds the token")
    }

    @Test
    fun aFailureIsLoggedAtWarnAndDisabledLevelsAreNotDelivered() {
        threshold(Level.WARN)
        authlete(RetryConfig.None).use { authlete ->
            admin.post("fault", JSONObject("""{"op":"clients.getList","drop":"before"}"""))
            assertThrows(ConnectionError::class.java) { authlete.clients.getListBlocking(service) }
        }
        val records = sdkRecords()
        val warn = records.filter { it.level == Level.WARN }
        assertEquals(1, warn.size, "$records")
        assertTrue("call failed" in warn[0].message && "ConnectionError" in warn[0].message, "$records")
        assertTrue("operation=clients.getList" in warn[0].message, "$records")
        // Only WARN is enabled: no DEBUG or INFO record reached SLF4J.
        assertTrue(records.all { it.level == Level.WARN || it.level == Level.ERROR }, "$records")
        assertFalse(records.any { token in it.message })
    }

    @Test
    fun nothingIsDeliveredWhenTheLoggerIsOff() {
        threshold(Level.ERROR)
        authlete(RetryConfig.None).use { authlete ->
            admin.post("fault", JSONObject("""{"op":"clients.getList","drop":"before"}"""))
            assertThrows(ConnectionError::class.java) { authlete.clients.getListBlocking(service) }
            authlete.clients.getListBlocking(service)
        }
        assertEquals(emptyList<Any>(), sdkRecords())
    }
}
