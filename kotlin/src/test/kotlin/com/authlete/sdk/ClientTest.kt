package com.authlete.sdk

import com.authlete.sdk.cases.Admin
import com.authlete.sdk.models.Client
import com.authlete.sdk.models.ClientSecretUpdateRequest

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import java.util.concurrent.Executors

/** JVM-specific behaviour against the emulator (AUTHLETE_EMULATOR_URL). */
class ClientTest {
    private val base = System.getenv("AUTHLETE_EMULATOR_URL") ?: error("run under tests/with-emulator.sh")
    private val admin = Admin(base)
    private val service = "s1"

    private fun authlete(vararg retry: RetryConfig) =
        Authlete(AuthleteOptions(bearer = "test-token", serverUrl = base, retryConfig = retry.firstOrNull()))

    @BeforeEach
    fun reset() {
        admin.post("reset", null)
    }

    @Test
    fun cancellingTheCoroutineCancelsTheRequest(): Unit = runBlocking {
        authlete().use { authlete ->
            admin.post("fault", JSONObject("""{"op":"clients.getList","delayMs":5000}"""))
            var finished = false
            val job = launch(Dispatchers.Default) {
                authlete.clients.getList(service)
                finished = true
            }
            // Wait until the emulator has the request, then cancel the coroutine.
            waitForLog { it.getInt("count") == 1 }
            job.cancel()
            job.join()
            assertTrue(job.isCancelled)
            assertFalse(finished)
            // The server sees the connection closed before it answered.
            val log = waitForLog { it.getInt("cancelled") == 1 }
            val entry = log.getJSONArray("requests").getJSONObject(0)
            assertEquals(false, entry.getBoolean("completed"))
            assertEquals(true, entry.getBoolean("cancelled"))
        }
    }

    private suspend fun waitForLog(cond: (JSONObject) -> Boolean): JSONObject = withTimeout(10_000) {
        while (true) {
            val log = admin.post("log", null).second as JSONObject
            if (cond(log)) return@withTimeout log
            delay(20)
        }
        @Suppress("UNREACHABLE_CODE")
        error("unreachable")
    }

    @Test
    fun manyCoroutinesShareOneClient(): Unit = runBlocking {
        authlete().use { authlete ->
            val created = authlete.clients.create(service, client = Client(clientName = "shared"))
            val id = created.clientId.toString()
            val names = (1..200).map {
                async(Dispatchers.Default) { authlete.clients.get(service, id).clientName }
            }.awaitAll()
            assertEquals(List(200) { "shared" }, names)
            // The blocking twins from plain threads, on the same client.
            val pool = Executors.newFixedThreadPool(8)
            try {
                val futures = (1..40).map { pool.submit<String?> { authlete.clients.getBlocking(service, id).clientName } }
                assertEquals(List(40) { "shared" }, futures.map { it.get() })
            } finally {
                pool.shutdown()
            }
            val log = admin.post("log", JSONObject("""{"op":"clients.get"}""")).second as JSONObject
            assertEquals(240, log.getInt("count"))
        }
    }

    @Test
    fun errorsAreExceptionsWithResultCode(): Unit = runBlocking {
        authlete().use { authlete ->
            val e = assertThrows(AuthleteException::class.java) {
                runBlocking { authlete.clients.get(service, "12345") }
            }
            assertEquals(ErrorKind.RESULT_ERROR, e.kind)
            assertEquals("ResultError", e.kindName)
            assertEquals(400, e.status)
            assertEquals("A000201", e.resultCode)
            assertTrue(e.resultMessage!!.contains("12345"))
            assertTrue(e.body!!.contains("A000201"))
            assertTrue(e.contentType!!.startsWith("application/json"))
            assertTrue(e.header("Content-Type")!!.startsWith("application/json"))
            assertTrue(e.headers.any { it.name == "content-type" })
            assertEquals(null, e.reason)
            assertEquals(null, e.attempts)

            val v = assertThrows(AuthleteException::class.java) { authlete.clients.getBlocking(service, "") }
            assertEquals("SDKValidationError", v.kindName)
            assertEquals("clientId", v.field)
            assertEquals(null, v.status)
            assertTrue(v.reason!!.isNotEmpty())
            assertEquals(emptyList<Any>(), v.headers)
            assertEquals("UnexpectedClientError", AuthleteException.kindName(ErrorKind.UNEXPECTED_CLIENT_ERROR))
        }
        val bad = assertThrows(AuthleteException::class.java) {
            Authlete(AuthleteOptions(bearer = "a\r\nb", serverUrl = base))
        }
        assertEquals(ErrorKind.SDK_VALIDATION_ERROR, bad.kind)
        assertFalse(bad.message!!.contains("a\r\nb"))
    }

    @Test
    fun blockingCallsAnswerAndFailLikeTheSuspendOnes() {
        authlete().use { authlete ->
            val id = authlete.clients.createBlocking(service, client = Client(clientName = "blocking")).clientId.toString()
            assertEquals("blocking", authlete.clients.getBlocking(service, id).clientName)
            assertEquals(runBlocking { authlete.clients.get(service, id) }, authlete.clients.getBlocking(service, id))
            val json = authlete.callBlocking("clients.get", """{"serviceId":"s1","clientId":"$id"}""")
            assertEquals("blocking", JSONObject(json).getString("clientName"))
            assertEquals(null, authlete.callBlocking("clients.delete", """{"serviceId":"s1","clientId":"$id"}"""))
            // An operation without a result: it ran (the client is gone) and returned nothing.
            val gone = authlete.clients.createBlocking(service, client = Client(clientName = "gone")).clientId.toString()
            assertEquals(Unit, authlete.clients.deleteBlocking(service, gone))
            val deleted = assertThrows(AuthleteException::class.java) { authlete.clients.getBlocking(service, gone) }
            assertEquals(ErrorKind.RESULT_ERROR, deleted.kind)

            // The same failure through the suspend and the blocking API: the same exception.
            fun same(kind: ErrorKind, suspending: suspend () -> Any?, blocking: () -> Any?) {
                val s = assertThrows(AuthleteException::class.java) { runBlocking { suspending() } }
                val b = assertThrows(AuthleteException::class.java) { blocking() }
                assertEquals(kind, s.kind)
                assertEquals(
                    listOf(s.kind, s.status, s.resultCode, s.resultMessage, s.body, s.field, s.message),
                    listOf(b.kind, b.status, b.resultCode, b.resultMessage, b.body, b.field, b.message),
                )
            }
            same(ErrorKind.RESULT_ERROR, { authlete.clients.get(service, id) }, { authlete.clients.getBlocking(service, id) })
            same(ErrorKind.SDK_VALIDATION_ERROR, { authlete.clients.get(service, "") }, { authlete.clients.getBlocking(service, "") })
            same(
                ErrorKind.SDK_VALIDATION_ERROR,
                { authlete.clients.getList(service, options = RequestOptions(timeoutMs = -1)) },
                { authlete.clients.getListBlocking(service, options = RequestOptions(timeoutMs = -1)) },
            )
            same(
                ErrorKind.SDK_VALIDATION_ERROR,
                { authlete.call("clients.noSuchOperation", "{}") },
                { authlete.callBlocking("clients.noSuchOperation", "{}") },
            )
            same(
                ErrorKind.RESULT_ERROR,
                { authlete.call("clients.get", """{"serviceId":"s1","clientId":"$id"}""") },
                { authlete.callBlocking("clients.get", """{"serviceId":"s1","clientId":"$id"}""") },
            )
        }
    }

    @Test
    fun callsOnOneThreadEachSeeTheirOwnOutcome() {
        // Blocking and suspending calls, failing and succeeding, on one thread: a failure must
        // not leak into the next call, nor a success hide the next failure.
        authlete().use { authlete ->
            val id = authlete.clients.createBlocking(service, client = Client(clientName = "again")).clientId.toString()
            repeat(3) {
                val e = assertThrows(AuthleteException::class.java) { authlete.clients.getBlocking(service, "12345") }
                assertEquals("A000201", e.resultCode)
                assertEquals("again", authlete.clients.getBlocking(service, id).clientName)
                val v = assertThrows(AuthleteException::class.java) { authlete.clients.getBlocking(service, "") }
                assertEquals("clientId", v.field)
                assertEquals("again", runBlocking { authlete.clients.get(service, id) }.clientName)
            }
        }
    }

    @Test
    fun secretsAreRedactedInToString(): Unit = runBlocking {
        authlete().use { authlete ->
            val created = authlete.clients.create(service, client = Client(clientName = "secretive"))
            val secret = created.clientSecret!!.value
            assertTrue(secret.length > 20)
            assertFalse(created.toString().contains(secret), "Client.toString() shows the secret")
            assertTrue(created.toString().contains("clientSecret=<redacted>"))
            val id = created.clientId.toString()
            val rotated = authlete.clients.rotateSecret(service, id)
            assertEquals(secret, rotated.oldClientSecret!!.value)
            assertFalse(rotated.toString().contains(secret))
            assertFalse(rotated.toString().contains(rotated.newClientSecret!!.value))
            val request = ClientSecretUpdateRequest(clientSecret = Secret("my-own-secret_1"))
            assertFalse(request.toString().contains("my-own-secret_1"))
            val updated = authlete.clients.updateSecret(service, id, request)
            assertEquals("my-own-secret_1", updated.newClientSecret!!.value)
        }
        val options = AuthleteOptions(bearer = "top-secret-token", serverUrl = base)
        assertFalse(options.toString().contains("top-secret-token"))
        val perCall = RequestOptions(headers = mapOf("X-Api-Key" to "header-secret"))
        assertFalse(perCall.toString().contains("header-secret"))
    }

    @Test
    fun unknownFieldsAndEnumValuesSurviveGetUpdate(): Unit = runBlocking {
        admin.post(
            "seed",
            JSONObject(
                """{"serviceId":"s1","clients":[{"clientId":9007199254740993,"clientName":"old",
                "grantTypes":["AUTHORIZATION_CODE","PRE_AUTHORIZED_CODE"],"futureField":{"a":[1,2]}}]}""",
            ),
        )
        authlete().use { authlete ->
            val got = authlete.clients.get(service, "9007199254740993")
            assertEquals(9007199254740993L, got.clientId)
            assertEquals(listOf(GrantType.AuthorizationCode, GrantType.Unknown("PRE_AUTHORIZED_CODE")), got.grantTypes)
            assertNotNull(got.extra)
            val updated = authlete.clients.update(service, "9007199254740993", client = got.copy(clientName = "new"))
            assertEquals("new", updated.clientName)
            assertEquals(JSONObject("""{"a":[1,2]}""").toString(), JSONObject(updated.extra).getJSONObject("futureField").toString())
            assertEquals(listOf("AUTHORIZATION_CODE", "PRE_AUTHORIZED_CODE"), updated.grantTypes!!.map { it.value })
            // Read-only fields are not sent.
            val sent = (admin.post("log", JSONObject("""{"op":"clients.update"}""")).second as JSONObject)
                .getJSONArray("requests").getJSONObject(0).getJSONObject("body")
            assertFalse(sent.has("clientId"))
            assertTrue(sent.has("futureField"))
        }
    }

    @Test
    fun blockingCallsCarryRequestsAndRepliesLargerThanTheirBuffers() {
        // The blocking calls start with a 4 KiB request and a 16 KiB reply buffer per thread
        // (NativeCalls.kt); larger ones grow them, a reply through a second native call.
        authlete().use { authlete ->
            val long = "d".repeat(40_000)
            val created = authlete.clients.createBlocking(service, client = Client(clientName = "large", description = long))
            val id = created.clientId.toString()
            assertEquals(long, created.description)
            assertEquals(runBlocking { authlete.clients.get(service, id) }, authlete.clients.getBlocking(service, id))
            repeat(3) { authlete.clients.createBlocking(service, client = Client(clientName = "large $it", description = long)) }
            val page = authlete.clients.getListBlocking(service)
            assertEquals(runBlocking { authlete.clients.getList(service) }, page)
            assertEquals(4, page.clients!!.count { it.description == long })
            // The grown buffers serve the next calls, small and large alike.
            assertEquals("large", authlete.clients.getBlocking(service, id).clientName)
            assertEquals(page, authlete.clients.getListBlocking(service))
            // A reply beyond what a thread keeps (1 MiB) gets a buffer of its own.
            repeat(26) { authlete.clients.createBlocking(service, client = Client(clientName = "larger $it", description = long)) }
            val big = authlete.clients.getListBlocking(service, start = 0, end = 100)
            assertEquals(30, big.clients!!.count { it.description == long })
            assertEquals(runBlocking { authlete.clients.getList(service, start = 0, end = 100) }, big)
            assertEquals("large", authlete.clients.getBlocking(service, id).clientName)
        }
    }

    @Test
    fun aClosedClientRefusesCallsBeforeAnyRequest() {
        val authlete = authlete()
        val id = authlete.clients.createBlocking(service, client = Client(clientName = "closing")).clientId.toString()
        authlete.close()
        assertThrows(IllegalStateException::class.java) { authlete.clients.getBlocking(service, id) }
        assertThrows(IllegalStateException::class.java) { runBlocking { authlete.clients.get(service, id) } }
        authlete.close()
        val log = admin.post("log", JSONObject("""{"op":"clients.get"}""")).second as JSONObject
        assertEquals(0, log.getJSONArray("requests").length())
    }

    @Test
    fun anExtraThatIsNotAJsonObjectIsRefusedBeforeAnyRequest(): Unit = runBlocking {
        admin.post("seed", JSONObject("""{"serviceId":"s1","clients":[{"clientId":7,"clientName":"old"}]}"""))
        authlete().use { authlete ->
            for (extra in listOf("[1,2]", "{not json")) {
                val bad = Client(clientName = "new", extra = extra)
                val e = assertThrows(AuthleteException::class.java) {
                    runBlocking { authlete.clients.update(service, "7", client = bad) }
                }
                assertEquals(ErrorKind.SDK_VALIDATION_ERROR, e.kind)
                assertEquals("extra", e.field)
                val blocking = assertThrows(AuthleteException::class.java) {
                    authlete.clients.updateBlocking(service, "7", client = bad)
                }
                assertEquals(ErrorKind.SDK_VALIDATION_ERROR, blocking.kind)
                val json = assertThrows(AuthleteException::class.java) { bad.toJson() }
                assertEquals(ErrorKind.SDK_VALIDATION_ERROR, json.kind)
            }
            val log = admin.post("log", JSONObject("""{"op":"clients.update"}""")).second as JSONObject
            assertEquals(0, log.getJSONArray("requests").length())
        }
    }

    @Test
    fun perCallOptionsAndTheJsonEntry(): Unit = runBlocking {
        authlete().use { authlete ->
            authlete.clients.getList(service, options = RequestOptions(headers = mapOf("X-Trace" to "t-1")))
            val entry = (admin.post("log", null).second as JSONObject).getJSONArray("requests").getJSONObject(0)
            assertEquals("t-1", entry.getJSONObject("headers").getString("x-trace"))
            assertTrue(entry.getJSONObject("headers").getString("user-agent").contains("kotlin"))
            val json = authlete.call("clients.getList", """{"serviceId":"s1"}""")
            assertTrue(JSONObject(json).has("clients"))
            admin.post("fault", JSONObject("""{"op":"clients.getList","delayMs":3000}"""))
            val e = assertThrows(AuthleteException::class.java) {
                authlete.clients.getListBlocking(service, options = RequestOptions(timeoutMs = 200))
            }
            assertEquals("RequestTimeoutError", e.kindName)
        }
    }
}
