package com.authlete.sdk

import com.authlete.sdk.cases.Admin
import com.authlete.sdk.models.Client
import kotlinx.coroutines.runBlocking
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test

/** Each error kind is its own subclass of the sealed AuthleteException, caught by type. */
class ErrorTypesTest {
    private val base = System.getenv("AUTHLETE_EMULATOR_URL") ?: error("run under tests/with-emulator.sh")
    private val admin = Admin(base)
    private val service = "s1"

    // No retries: each injected fault is the call's one outcome.
    private fun authlete() = Authlete(AuthleteOptions(bearer = "test-token", serverUrl = base, retryConfig = RetryConfig.None))

    @BeforeEach
    fun reset() {
        admin.post("reset", null)
    }

    private fun fault(json: String) = admin.post("fault", JSONObject(json))

    /** The exception of the suspend call and of the blocking one, each caught as [E] alone. */
    private inline fun <reified E : AuthleteException> bothAs(
        fault: String?,
        crossinline suspending: suspend () -> Any?,
        crossinline blocking: () -> Any?,
    ): List<E> {
        fault?.let { fault(it) }
        val s = assertThrows(E::class.java) { runBlocking { suspending() } }
        fault?.let { fault(it) }
        val b = assertThrows(E::class.java) { blocking() }
        return listOf(s, b)
    }

    @Test
    fun eachKindIsCaughtByItsTypeFromSuspendAndBlockingCalls() {
        authlete().use { authlete ->
            val id = authlete.clients.createBlocking(service, client = Client(clientName = "kinds")).clientId.toString()
            val c = authlete.clients

            for (e in bothAs<ResultError>(null, { c.get(service, "12345") }, { c.getBlocking(service, "12345") })) {
                assertEquals(ErrorKind.RESULT_ERROR, e.kind)
                assertEquals("A000201", e.resultCode)
                assertEquals(400, e.status)
            }
            for (e in bothAs<SDKValidationError>(null, { c.get(service, "") }, { c.getBlocking(service, "") })) {
                assertEquals("clientId", e.field)
                assertNull(e.status)
            }
            val drop = """{"op":"clients.get","drop":"before"}"""
            for (e in bothAs<ConnectionError>(drop, { c.get(service, id) }, { c.getBlocking(service, id) })) {
                assertEquals(1, e.attempts)
                assertTrue(e.reason!!.isNotEmpty())
            }
            val slow = """{"op":"clients.get","delayMs":3000}"""
            val short = RequestOptions(timeoutMs = 200)
            for (e in bothAs<RequestTimeoutError>(slow, { c.get(service, id, short) }, { c.getBlocking(service, id, short) })) {
                assertEquals(ErrorKind.REQUEST_TIMEOUT_ERROR, e.kind)
                assertEquals("RequestTimeoutError", e.kindName)
            }
            val gateway = """{"op":"clients.get","status":502,"body":"bad gateway","contentType":"text/plain"}"""
            for (e in bothAs<AuthleteDefaultError>(gateway, { c.get(service, id) }, { c.getBlocking(service, id) })) {
                assertEquals(502, e.status)
                assertEquals("bad gateway", e.body)
            }
            val malformed = """{"op":"clients.get","malformed":true}"""
            for (e in bothAs<ResponseValidationError>(malformed, { c.get(service, id) }, { c.getBlocking(service, id) })) {
                assertEquals(200, e.status)
                assertTrue(e.reason!!.isNotEmpty())
            }
            // The base type still catches every kind, with the same accessors as before.
            val any: AuthleteException = assertThrows(AuthleteException::class.java) { c.getBlocking(service, "12345") }
            assertTrue(any is ResultError)
            assertEquals("A000201", any.resultCode)
        }
    }

    @Test
    fun aWhenOverTheSealedTypeNeedsNoElse() {
        // Exhaustive without `else`: this stops compiling if a kind's class goes missing.
        fun describe(e: AuthleteException): String = when (e) {
            is ResultError -> "result ${e.resultCode}"
            is AuthleteDefaultError -> "status ${e.status}"
            is ResponseValidationError -> "response"
            is SDKValidationError -> "input ${e.field}"
            is ConnectionError -> "connection"
            is RequestTimeoutError -> "timeout"
            is RequestAbortedError -> "aborted"
            is UnexpectedClientError -> "unexpected"
        }
        authlete().use { authlete ->
            val e = assertThrows(AuthleteException::class.java) { authlete.clients.getBlocking(service, "") }
            assertEquals("input clientId", describe(e))
        }
        // Invalid options fail the constructor with the validation type too.
        assertThrows(SDKValidationError::class.java) { Authlete(AuthleteOptions(bearer = "a\r\nb", serverUrl = base)) }
    }
}
