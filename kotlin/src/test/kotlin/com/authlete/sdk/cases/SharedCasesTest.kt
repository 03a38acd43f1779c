package com.authlete.sdk.cases

import com.authlete.sdk.Authlete
import com.authlete.sdk.AuthleteException
import com.authlete.sdk.AuthleteOptions
import com.authlete.sdk.RequestOptions
import com.authlete.sdk.RetryConfig
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File

/**
 * Runs every case of tests/cases through the Kotlin API against the emulator
 * (AUTHLETE_EMULATOR_URL). Requests the typed methods can express go through
 * `authlete.clients.<op>(...)` with typed models; deliberately invalid ones (wrong JSON types,
 * missing required values) go through the generic JSON entry `authlete.call`, as the cases'
 * README prescribes. Prints `kotlin: N passed, M failed`.
 */
class SharedCasesTest {
    private val base = System.getenv("AUTHLETE_EMULATOR_URL")
        ?: error("AUTHLETE_EMULATOR_URL is not set: run under tests/with-emulator.sh")
    private val dir = File(System.getenv("AUTHLETE_CASES_DIR") ?: "../tests/cases")
    private val admin = Admin(base)
    private var typed = 0
    private var generic = 0

    @Test
    fun everySharedCase() {
        val files = dir.listFiles { f -> f.name.endsWith(".json") }?.sortedBy { it.name }.orEmpty()
        assertTrue(files.isNotEmpty(), "no case files in $dir")
        var passed = 0
        val failed = mutableListOf<String>()
        for (file in files) {
            val cases = (parseJson(file.readText()) as JSONObject).getJSONArray("cases")
            for (i in 0 until cases.length()) {
                val case = cases.getJSONObject(i)
                val name = case.getString("name")
                val reason = try {
                    runCase(case)
                } catch (e: Throwable) {
                    "runner error: $e"
                }
                if (reason == null) passed++ else failed += "$name: FAIL $reason"
            }
        }
        failed.forEach { println(it) }
        println("kotlin: $passed passed, ${failed.size} failed ($typed typed calls, $generic via the JSON entry)")
        assertEquals(emptyList<String>(), failed)
    }

    private fun runCase(case: JSONObject): String? = runBlocking {
        val (status, _) = admin.post("reset", null)
        if (status !in 200..299) return@runBlocking "reset answered $status"
        val saved = Saved()
        val client = try {
            Result.success(buildClient(case.optJSONObject("client")))
        } catch (e: AuthleteException) {
            Result.failure(e)
        }
        val steps = case.getJSONArray("steps")
        try {
            for (i in 0 until steps.length()) {
                val step = saved.subst(steps.getJSONObject(i)) as JSONObject
                val problem = if (step.has("admin")) adminStep(step, saved) else callStep(step, client, saved)
                if (problem != null) return@runBlocking "step $i: $problem"
            }
            null
        } finally {
            client.getOrNull()?.close()
        }
    }

    private suspend fun adminStep(step: JSONObject, saved: Saved): String? {
        val waitMs = step.optLong("waitMs", 0)
        val started = System.currentTimeMillis()
        while (true) {
            val (status, body) = admin.post(step.getString("admin"), step.opt("body"))
            if (status !in 200..299) return "admin ${step.getString("admin")} answered $status: $body"
            val problem = if (step.has("expect")) mismatch(step.get("expect"), body) else null
            if (problem == null) {
                if (step.has("save")) saved.put(step.getString("save"), body)
                return null
            }
            if (System.currentTimeMillis() - started >= waitMs) return "admin ${step.getString("admin")}: $problem"
            delay(50)
        }
    }

    /** The case's client options in Kotlin's idiom ([AuthleteOptions]), or the JSON entry for odd shapes. */
    private fun buildClient(overrides: JSONObject?): Authlete {
        val o = JSONObject()
            .put("serverURL", base)
            .put("security", JSONObject().put("bearer", "test-token"))
            .put("retryConfig", parseJson("""{"strategy":"backoff","backoff":{"initialInterval":10,"maxInterval":50,"exponent":1.5,"maxElapsedTime":3000},"retryConnectionErrors":true}"""))
        overrides?.keys()?.forEach { o.put(it, overrides.get(it)) }
        val known = setOf("serverURL", "security", "retryConfig", "timeoutMs", "maxResponseBytes")
        if (!o.keySet().all { it in known }) return Authlete.fromOptionsJson(o.toString())
        val security = o.getJSONObject("security")
        return Authlete(
            AuthleteOptions(
                bearer = security.optString("bearer", null),
                authlete = security.optString("authlete", null),
                serverUrl = o.getString("serverURL"),
                retryConfig = retryConfig(o.getJSONObject("retryConfig")),
                timeoutMs = if (o.has("timeoutMs")) o.getLong("timeoutMs") else null,
                maxResponseBytes = if (o.has("maxResponseBytes")) o.getLong("maxResponseBytes") else null,
            ),
        )
    }

    private fun retryConfig(r: JSONObject): RetryConfig = when (r.getString("strategy")) {
        "none" -> RetryConfig.None
        else -> r.getJSONObject("backoff").let { b ->
            RetryConfig.Backoff(
                initialInterval = b.getLong("initialInterval"),
                maxInterval = b.getLong("maxInterval"),
                exponent = b.getDouble("exponent"),
                maxElapsedTime = b.getLong("maxElapsedTime"),
                retryConnectionErrors = r.optBoolean("retryConnectionErrors", true),
            )
        }
    }

    private fun requestOptions(o: JSONObject?): RequestOptions? {
        if (o == null) return null
        val headers = o.optJSONObject("headers")?.toMap()?.mapValues { it.value.toString() }.orEmpty()
        return RequestOptions(
            timeoutMs = if (o.has("timeoutMs")) o.getLong("timeoutMs") else null,
            retries = o.optJSONObject("retries")?.let { retryConfig(it) },
            retryCodes = o.optJSONArray("retryCodes")?.map { it.toString() },
            headers = headers,
            maxResponseBytes = if (o.has("maxResponseBytes")) o.getLong("maxResponseBytes") else null,
        )
    }

    /** Whether the typed method can take this request as it is (known keys of the right types). */
    private fun typedRequest(op: String, r: JSONObject): Boolean {
        val params = TypedCalls.params[op] ?: return false
        if (!r.keySet().all { it in params }) return false
        for ((key, spec) in params) {
            val required = spec.endsWith("!")
            val kind = spec.removeSuffix("!")
            if (r.isNull(key)) {
                if (required) return false
                continue
            }
            val ok = when (kind) {
                "string" -> r.get(key) is String
                "int" -> r.get(key).let { it is Int }
                else -> r.get(key) is JSONObject &&
                    runCatching { TypedCalls.decode(kind, r.getJSONObject(key).toString()) }.isSuccess
            }
            if (!ok) return false
        }
        return true
    }

    private suspend fun invoke(authlete: Authlete, op: String, r: JSONObject, o: RequestOptions?): String? =
        if (typedRequest(op, r)) {
            typed++
            TypedCalls.call(authlete.clients, op, r, o)
        } else {
            generic++
            authlete.call(op, r.toString(), o)
        }

    private suspend fun callStep(step: JSONObject, client: Result<Authlete>, saved: Saved): String? {
        val op = step.getString("call")
        val expect = step.getJSONObject("expect")
        val options = step.optJSONObject("options")
        val outcome: Result<String?> = client.fold(
            onFailure = { Result.failure(it) },
            onSuccess = { authlete ->
                val abortAfter = options?.optLong("abortAfterMs", -1) ?: -1
                val request = step.optJSONObject("request") ?: JSONObject()
                coroutineOutcome(abortAfter) { invoke(authlete, op, request, requestOptions(options)) }
            },
        )
        return check(expect, outcome, step, saved)
    }

    private object Aborted : Exception("cancelled before completion")

    /** Runs [block]; with [abortAfterMs] >= 0 the coroutine is cancelled after that delay. */
    private suspend fun coroutineOutcome(abortAfterMs: Long, block: suspend () -> String?): Result<String?> =
        kotlinx.coroutines.coroutineScope {
            val done = CompletableDeferred<Unit>()
            val job = async { runCatching { block() }.also { done.complete(Unit) } }
            if (abortAfterMs >= 0) {
                kotlinx.coroutines.withTimeoutOrNull(abortAfterMs) { done.await() }
                if (!job.isCompleted) {
                    job.cancel()
                    return@coroutineScope Result.failure(Aborted)
                }
            }
            try {
                job.await()
            } catch (e: CancellationException) {
                Result.failure(Aborted)
            }
        }

    private fun check(expect: JSONObject, outcome: Result<String?>, step: JSONObject, saved: Saved): String? {
        val error = outcome.exceptionOrNull()
        val value = outcome.getOrNull()
        val result = value?.let { parseJson(it) }
        if (step.has("save")) saved.put(step.getString("save"), result)
        return when {
            expect.has("error") -> {
                val e = expect.getJSONObject("error")
                val (kind, status, code, field) = when (error) {
                    is AuthleteException -> listOf(error.kindName, error.status, error.resultCode, error.field)
                    Aborted -> listOf("RequestAbortedError", null, null, null)
                    null -> return "expected ${e.getString("kind")}, got result $value"
                    else -> return "unexpected exception $error"
                }
                when {
                    kind != e.getString("kind") -> "expected ${e.getString("kind")}, got $kind (${error.message})"
                    e.has("status") && e.getInt("status") != status -> "expected status ${e.get("status")}, got $status"
                    e.has("resultCode") && e.getString("resultCode") != code -> "expected ${e.get("resultCode")}, got $code"
                    e.has("field") && !fieldMatches(e.getString("field"), field as String?) ->
                        "expected field ${e.get("field")}, got $field"
                    else -> shownSecret(e, error)
                }
            }
            error != null -> "unexpected error ${(error as? AuthleteException)?.kindName}: ${error.message}"
            expect.has("void") -> if (value == null) null else "expected no result, got $value"
            expect.has("result") -> mismatch(expect.get("result"), result)
            else -> "unknown expectation $expect"
        }
    }

    /** A secret of `messageExcludes` that the error's message, toString or resultMessage shows. */
    private fun shownSecret(expected: JSONObject, error: Throwable): String? {
        val shown = listOf(error.message, error.toString(), (error as? AuthleteException)?.resultMessage).joinToString(" ")
        val secrets = expected.optJSONArray("messageExcludes") ?: return null
        return (0 until secrets.length()).map { secrets.getString(it) }.firstOrNull { it in shown }
            ?.let { "the error shows $it: ${shown.take(300)}" }
    }

    private fun fieldMatches(expected: String, actual: String?): Boolean =
        actual != null && (actual == expected || actual.startsWith("$expected.") || actual.startsWith("$expected["))

    private fun JSONArray.map(f: (Any) -> String): List<String> = (0 until length()).map { f(get(it)) }
}
