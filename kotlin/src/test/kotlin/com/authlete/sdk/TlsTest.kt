package com.authlete.sdk

import com.authlete.sdk.cases.Admin
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.File

/**
 * The TLS and proxy options against the emulator serving HTTPS with a CA the test run made,
 * requiring a client certificate (`AUTHLETE_EMULATOR_TLS=1 tests/with-emulator.sh`).
 */
class TlsTest {
    private val tlsUrl = System.getenv("AUTHLETE_EMULATOR_TLS_URL") ?: error("run under AUTHLETE_EMULATOR_TLS=1 tests/with-emulator.sh")
    private val pki = File(System.getenv("AUTHLETE_EMULATOR_PKI") ?: error("AUTHLETE_EMULATOR_PKI is not set"))
    private val base = System.getenv("AUTHLETE_EMULATOR_URL") ?: error("run under tests/with-emulator.sh")
    private fun pem(name: String) = File(pki, name).readText()

    private fun https(ca: String? = null, cert: String? = null, key: String? = null) = Authlete(
        AuthleteOptions(
            bearer = "kotlin-tls-token",
            serverUrl = tlsUrl,
            retryConfig = RetryConfig.None,
            caCertificates = ca,
            clientCertificate = cert,
            clientKey = key,
        ),
    )

    @Test
    fun mutualTlsWithAnExtraCa() {
        val sdk = https(pem("ca.pem"), pem("client.pem"), pem("client.key"))
        sdk.clients.getListBlocking(serviceId = "s1")
        val options = AuthleteOptions(clientCertificate = pem("client.pem"), clientKey = pem("client.key"), proxy = "http://u:p4ss@proxy")
        assertFalse("PRIVATE KEY" in options.toString() || "p4ss" in options.toString(), options.toString())
    }

    @Test
    fun anUnknownCaOrNoClientCertificateIsAConnectionError() {
        val unknown = assertThrows<AuthleteException> { https().clients.getListBlocking(serviceId = "s1") }
        assertEquals("ConnectionError", unknown.kindName)
        assertTrue("ertificate" in (unknown.message ?: ""), unknown.message)
        val noCert = assertThrows<AuthleteException> { https(ca = pem("ca.pem")).clients.getListBlocking(serviceId = "s1") }
        assertEquals("ConnectionError", noCert.kindName)
    }

    @Test
    fun badPemIsRefusedAtConstruction() {
        val e = assertThrows<AuthleteException> { https(ca = "not PEM") }
        assertEquals("SDKValidationError", e.kindName)
        assertEquals("caCertificates", e.field)
    }

    @Test
    fun anExplicitProxyCarriesTheCalls() {
        val admin = Admin(base)
        admin.post("reset", JSONObject())
        val sdk = Authlete(
            AuthleteOptions(bearer = "t", serverUrl = "http://api.authlete.invalid", proxy = base, retryConfig = RetryConfig.None),
        )
        sdk.clients.getListBlocking(serviceId = "s1")
        val (_, log) = admin.post("log", JSONObject().put("op", "clients.getList"))
        assertEquals(1, (log as JSONObject).getInt("count"))
    }
}
