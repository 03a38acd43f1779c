package com.authlete.sdk

import com.authlete.sdk.cases.Admin
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.GlobalScope
import kotlinx.coroutines.launch
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import java.io.File
import java.nio.file.Files
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.system.exitProcess

/**
 * The JVM ends cleanly (its exit status, no crash, no hs_err file, no hang) while calls are in
 * flight: suspend calls on coroutines and blocking calls on threads, in loops of calls that take
 * 20 ms each, so calls finish before, during and after the JVM's shutdown. Each run is a child
 * JVM ([ExitMain]); AUTHLETE_EMULATOR_URL as for the other tests.
 */
class ExitTest {
    private val base = System.getenv("AUTHLETE_EMULATOR_URL") ?: error("run under tests/with-emulator.sh")
    private val admin = Admin(base)

    @BeforeEach
    fun seed() {
        admin.post("reset", null)
        admin.post("seed", JSONObject("""{"serviceId":"s1","clients":[{"clientId":10000000000001,"clientName":"c0"}]}"""))
        admin.post("fault", JSONObject("""{"op":"clients.get","delayMs":20,"times":1000000}"""))
    }

    @Test
    fun systemExitWithCallsInFlight() = exitsCleanly("exit", 0)

    @Test
    fun systemExitWithItsStatus() = exitsCleanly("exit3", 3, runs = 3)

    @Test
    fun mainReturnsWithDaemonThreadsInCalls() = exitsCleanly("return", 0)

    @Test
    fun slowShutdownHookWhileCallsFinish() = exitsCleanly("hook", 0, runs = 5)

    private fun exitsCleanly(mode: String, status: Int, runs: Int = 15) {
        val java = File(System.getProperty("java.home"), "bin/java").path
        val errors = Files.createTempDirectory("authlete-exit").toFile()
        try {
            repeat(runs) { run ->
                val out = File(errors, "out-$run.txt")
                val process = ProcessBuilder(
                    java, "-XX:ErrorFile=${errors.path}/hs_err_%p.log", "-cp", System.getProperty("java.class.path"),
                    ExitMain::class.java.name, mode,
                ).redirectErrorStream(true).redirectOutput(out).also { it.environment()["AUTHLETE_EMULATOR_URL"] = base }
                    .start()
                val ended = process.waitFor(30, TimeUnit.SECONDS)
                if (!ended) process.destroyForcibly().waitFor()
                val output = out.readText()
                assertTrue(ended, "$mode run $run: the JVM did not end within 30 s:\n$output")
                assertEquals(status, process.exitValue(), "$mode run $run: exit status\n$output")
                assertTrue(output.lines().first() == "ok", "$mode run $run:\n$output")
                assertFalse(output.contains("fatal error", ignoreCase = true) || output.contains("SIGSEGV"), output)
                val crashes = errors.listFiles { f -> f.name.startsWith("hs_err") }.orEmpty()
                assertTrue(crashes.isEmpty(), "$mode run $run: ${crashes.map { it.readText().take(3000) }}")
            }
        } finally {
            errors.deleteRecursively()
        }
    }
}

/** One run of [ExitTest]: calls in flight, then the JVM ends as `args[0]` says. */
object ExitMain {
    private const val THREADS = 8
    private const val COROUTINES = 32

    @OptIn(DelicateCoroutinesApi::class)
    @JvmStatic
    fun main(args: Array<String>) {
        val mode = args[0]
        val base = System.getenv("AUTHLETE_EMULATOR_URL")
        val authlete = Authlete(AuthleteOptions(bearer = "t", serverUrl = base, retryConfig = RetryConfig.None))
        val started = CountDownLatch(THREADS + COROUTINES)
        repeat(THREADS) {
            Thread {
                while (true) {
                    started.countDown()
                    runCatching { authlete.clients.getBlocking("s1", "10000000000001") }
                }
            }.apply { isDaemon = true }.start()
        }
        repeat(COROUTINES) {
            GlobalScope.launch(Dispatchers.IO) {
                while (true) {
                    started.countDown()
                    runCatching { authlete.clients.get("s1", "10000000000001") }
                }
            }
        }
        started.await()
        Thread.sleep(100)
        println("ok")
        System.out.flush()
        when (mode) {
            "exit" -> exitProcess(0)
            "exit3" -> exitProcess(3)
            "hook" -> {
                Runtime.getRuntime().addShutdownHook(Thread { Thread.sleep(300) })
                exitProcess(0)
            }
            // "return": the main thread ends; only daemon threads are left.
        }
    }
}
