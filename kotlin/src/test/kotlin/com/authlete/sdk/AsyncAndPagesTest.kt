package com.authlete.sdk

import com.authlete.sdk.cases.Admin
import com.authlete.sdk.models.Client
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import java.util.concurrent.CancellationException
import java.util.concurrent.ExecutionException
import java.util.concurrent.TimeUnit

/** The CompletableFuture twins and the paginated listings (Flow and blocking Iterable). */
class AsyncAndPagesTest {
    private val base = System.getenv("AUTHLETE_EMULATOR_URL") ?: error("run under tests/with-emulator.sh")
    private val admin = Admin(base)
    private val service = "s1"

    private fun authlete() = Authlete(AuthleteOptions(bearer = "test-token", serverUrl = base, retryConfig = RetryConfig.None))

    @BeforeEach
    fun reset() {
        admin.post("reset", null)
    }

    private fun log(op: String) = admin.post("log", JSONObject("""{"op":"$op"}""")).second as JSONObject

    @Test
    fun futuresCompleteAndFailWithTheCallsOutcome() {
        authlete().use { authlete ->
            val created = authlete.clients.createAsync(service, Client(clientName = "future")).get(10, TimeUnit.SECONDS)
            val id = created.clientId.toString()
            assertEquals("future", authlete.clients.getAsync(service, id).get(10, TimeUnit.SECONDS).clientName)
            // A future's callbacks do not run on the native runtime's threads.
            val thread = authlete.clients.getAsync(service, id).thenApply { Thread.currentThread().name }.get(10, TimeUnit.SECONDS)
            assertTrue(!thread.startsWith("tokio") && !thread.contains("authlete"), thread)
            assertEquals(null, authlete.clients.deleteAsync(service, id).get(10, TimeUnit.SECONDS))
            val failed = assertThrows(ExecutionException::class.java) { authlete.clients.getAsync(service, id).get(10, TimeUnit.SECONDS) }
            assertTrue(failed.cause is ResultError, "${failed.cause}")
            assertEquals("A000201", (failed.cause as ResultError).resultCode)
        }
    }

    @Test
    fun cancellingTheFutureCancelsTheRequest(): Unit = runBlocking {
        authlete().use { authlete ->
            admin.post("fault", JSONObject("""{"op":"clients.getList","delayMs":5000}"""))
            val future = authlete.clients.getListAsync(service)
            withTimeout(10_000) { while (log("clients.getList").getInt("count") < 1) delay(20) }
            assertTrue(future.cancel(true))
            assertThrows(CancellationException::class.java) { future.get() }
            // The server sees the connection closed before it answered.
            withTimeout(10_000) { while (log("clients.getList").getInt("cancelled") < 1) delay(20) }
            val entry = log("clients.getList").getJSONArray("requests").getJSONObject(0)
            assertEquals(false, entry.getBoolean("completed"))
        }
    }

    @Test
    fun listAllFetchesEveryPageAsTheFlowIsCollected(): Unit = runBlocking {
        val seeded = (1..7).joinToString(",") { """{"clientId":$it,"clientName":"c$it"}""" }
        admin.post("seed", JSONObject("""{"serviceId":"s1","clients":[$seeded]}"""))
        authlete().use { authlete ->
            val names = authlete.clients.listAll(service, pageSize = 3).toList().map { it.clientName }
            assertEquals((1..7).map { "c$it" }, names.sortedBy { it!!.drop(1).toInt() })
            assertEquals(7, names.toSet().size)
            // 3 + 3 + 1: the short page ends it.
            val fetched = log("clients.getList").getInt("count")
            assertEquals(3, fetched)
            // Lazy: taking 2 fetches one page.
            assertEquals(2, authlete.clients.listAll(service, pageSize = 3).take(2).toList().size)
            assertEquals(fetched + 1, log("clients.getList").getInt("count"))
            // The blocking twin, for Java.
            assertEquals(7, authlete.clients.listAllBlocking(service, pageSize = 2).count())
            assertThrows(SDKValidationError::class.java) { authlete.clients.listAll(service, pageSize = 0) }
        }
    }

    @Test
    fun authorizedApplicationsAllAsAFlowAndAnIterable(): Unit = runBlocking {
        val clients = (1..5).joinToString(",") { """{"clientId":$it,"clientName":"app$it"}""" }
        val auths = (1..5).joinToString(",") { """{"clientId":$it,"subject":"alice","scopes":["openid"]}""" }
        admin.post("seed", JSONObject("""{"serviceId":"s1","clients":[$clients],"authorizations":[$auths]}"""))
        authlete().use { authlete ->
            val apps = authlete.clients.authorizedApplicationsAll(service, "alice", pageSize = 2).toList()
            assertEquals((1..5).map { it.toLong() }.toSet(), apps.map { it.clientId }.toSet())
            val blocking = authlete.clients.authorizedApplicationsAllBlocking(service, "alice", pageSize = 4).toList()
            assertEquals(5, blocking.size)
            assertEquals(0, authlete.clients.authorizedApplicationsAll(service, "bob").toList().size)
        }
    }
}
