package com.authlete.sdk

import com.authlete.sdk.cases.Admin
import com.authlete.sdk.models.Client
import kotlinx.coroutines.runBlocking
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test

/** The contract's open enums as Kotlin types: a constant per known value, Unknown(value) for the rest. */
class EnumTypesTest {
    private val base = System.getenv("AUTHLETE_EMULATOR_URL") ?: error("run under tests/with-emulator.sh")
    private val admin = Admin(base)
    private val service = "s1"

    @BeforeEach
    fun reset() {
        admin.post("reset", null)
    }

    @Test
    fun knownValuesArriveAsTheirConstants(): Unit = runBlocking {
        Authlete(AuthleteOptions(bearer = "test-token", serverUrl = base)).use { authlete ->
            val created = authlete.clients.create(
                service,
                client = Client(clientName = "typed", grantTypes = listOf(GrantType.AuthorizationCode, GrantType.RefreshToken)),
            )
            val got = authlete.clients.get(service, created.clientId.toString())
            assertSame(GrantType.AuthorizationCode, got.grantTypes!![0])
            assertSame(GrantType.RefreshToken, got.grantTypes!![1])
            // The emulator's default for an absent subjectType, lifted into its constant.
            assertSame(SubjectType.Public, got.subjectType)
            assertSame(ClientAuthMethod.ClientSecretBasic, got.tokenAuthMethod)
            // What went on the wire is the contract's value.
            val sent = (admin.post("log", JSONObject("""{"op":"clients.create"}""")).second as JSONObject)
                .getJSONArray("requests").getJSONObject(0).getJSONObject("body")
            assertEquals(listOf("AUTHORIZATION_CODE", "REFRESH_TOKEN"), sent.getJSONArray("grantTypes").toList())
            // Exhaustive `when` with `is Unknown`: no `else` needed.
            val label = when (val t = got.subjectType!!) {
                SubjectType.Public -> "public"
                SubjectType.Pairwise -> "pairwise"
                is SubjectType.Unknown -> "unknown ${t.value}"
            }
            assertEquals("public", label)
        }
    }

    @Test
    fun anUnknownValueIsKeptThroughGetAndUpdate(): Unit = runBlocking {
        admin.post(
            "seed",
            JSONObject("""{"serviceId":"s1","clients":[{"clientId":11,"clientName":"old",
                "grantTypes":["AUTHORIZATION_CODE","PRE_AUTHORIZED_CODE"]}]}"""),
        )
        Authlete(AuthleteOptions(bearer = "test-token", serverUrl = base)).use { authlete ->
            val got = authlete.clients.get(service, "11")
            val unknown = got.grantTypes!![1]
            assertTrue(unknown is GrantType.Unknown)
            assertEquals("PRE_AUTHORIZED_CODE", unknown.value)
            assertFalse(unknown.isKnown)
            val updated = authlete.clients.update(service, "11", client = got.copy(clientName = "new"))
            assertEquals(listOf(GrantType.AuthorizationCode, GrantType.Unknown("PRE_AUTHORIZED_CODE")), updated.grantTypes)
            val sent = (admin.post("log", JSONObject("""{"op":"clients.update"}""")).second as JSONObject)
                .getJSONArray("requests").getJSONObject(0).getJSONObject("body")
            assertEquals(listOf("AUTHORIZATION_CODE", "PRE_AUTHORIZED_CODE"), sent.getJSONArray("grantTypes").toList())
        }
    }

    @Test
    fun ofEqualityAndTheKnownList() {
        assertSame(JwsAlg.Rs256, JwsAlg.of("RS256"))
        assertSame(JwsAlg.EdDSA, JwsAlg.of("EdDSA"))
        assertEquals(JwsAlg.Unknown("RS1024"), JwsAlg.of("RS1024"))
        assertNotEquals(JwsAlg.Unknown("RS1024"), JwsAlg.Unknown("RS2048"))
        // Equal by wire value: an Unknown holding a known value is that value.
        assertEquals(JwsAlg.Rs256, JwsAlg.Unknown("RS256"))
        assertEquals("RSA1_5", JweAlg.Rsa15.value)
        assertEquals("RS256", JwsAlg.Rs256.toString())
        assertTrue(GrantType.known.all { it.isKnown && GrantType.of(it.value) === it })
        assertEquals(9, GrantType.known.size)
        assertEquals(GrantType.known.toSet().size, GrantType.known.size)
        // JSON decoding goes through the same lift.
        val client = Client.fromJson("""{"grantTypes":["CIBA","NEW_ONE"]}""")
        assertEquals(listOf(GrantType.Ciba, GrantType.Unknown("NEW_ONE")), client.grantTypes)
        assertTrue(client.toJson().contains(""""grantTypes":["CIBA","NEW_ONE"]"""))
        // A single-valued field too (the emulator refuses an unknown one on update, as the API does).
        val kiosk = Client.fromJson("""{"applicationType":"KIOSK","subjectType":"PAIRWISE"}""")
        assertEquals(ApplicationType.Unknown("KIOSK"), kiosk.applicationType)
        assertSame(SubjectType.Pairwise, kiosk.subjectType)
        assertTrue(kiosk.toJson().contains(""""applicationType":"KIOSK""""))
    }
}
