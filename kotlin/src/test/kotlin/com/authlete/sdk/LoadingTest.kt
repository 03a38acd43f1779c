package com.authlete.sdk

import com.authlete.sdk.cases.Admin
import com.authlete.sdk.models.Client
import kotlinx.coroutines.runBlocking
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import java.io.File
import java.util.concurrent.TimeUnit

/**
 * What a program loads: with SDK logging off, blocking calls and the models' JSON functions go
 * through the JNI functions only, and JNA is loaded by the first suspend call, which then works
 * on the same native client. Each run is a child JVM ([LoadingMain]) with `-verbose:class`.
 */
class LoadingTest {
    private val base = System.getenv("AUTHLETE_EMULATOR_URL") ?: error("run under tests/with-emulator.sh")

    @BeforeEach
    fun seed() {
        val admin = Admin(base)
        admin.post("reset", null)
        admin.post("seed", JSONObject("""{"serviceId":"s1","clients":[{"clientId":5,"clientName":"five"}]}"""))
    }

    @Test
    fun blockingCallsDoNotLoadJna() {
        val out = run("blocking")
        assertTrue(out.contains("blocking: five, parsed"), out)
        assertFalse(out.contains("com.sun.jna.Native "), "JNA was loaded:\n$out")
    }

    @Test
    fun theFirstSuspendCallLoadsJnaAndSharesTheClient() {
        val out = run("suspend")
        assertTrue(out.contains("blocking: five, parsed"), out)
        assertTrue(out.contains("suspend: five"), out)
        assertTrue(out.contains("com.sun.jna.Native "), out)
    }

    private fun run(mode: String): String {
        val java = File(System.getProperty("java.home"), "bin/java").path
        val process = ProcessBuilder(
            java, "-verbose:class", "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider",
            "-cp", System.getProperty("java.class.path"), LoadingMain::class.java.name, mode,
        ).redirectErrorStream(true).also { it.environment()["AUTHLETE_EMULATOR_URL"] = base }.start()
        val out = process.inputStream.bufferedReader().readText()
        assertTrue(process.waitFor(60, TimeUnit.SECONDS))
        assertEquals(0, process.exitValue(), out)
        return out
    }
}

/** The child JVM of [LoadingTest]. */
object LoadingMain {
    @JvmStatic
    fun main(args: Array<String>) {
        val base = System.getenv("AUTHLETE_EMULATOR_URL")
        Authlete(AuthleteOptions(bearer = "test-token", serverUrl = base)).use { authlete ->
            val name = authlete.clients.getBlocking("s1", "5").clientName
            val parsed = Client.fromJson("""{"clientName":"parsed"}""").clientName
            println("blocking: $name, $parsed")
            if (args[0] == "suspend") {
                println("suspend: " + runBlocking { authlete.clients.get("s1", "5") }.clientName)
            }
        }
    }
}
