package com.authlete.sdk

import com.authlete.sdk.models.Client
import com.authlete.sdk.models.ClientSecretUpdateRequest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Test

/** The generated builders build the same models as the constructors (Java's use: JavaBuildersTest). */
class BuildersTest {
    @Test
    fun aBuilderSetsExactlyTheFieldsGiven() {
        val built = Client.builder().clientName("x").grantTypes(listOf(GrantType.Implicit)).defaultMaxAge(30).build()
        assertEquals(Client(clientName = "x", grantTypes = listOf(GrantType.Implicit), defaultMaxAge = 30), built)
        val full = Client.fromJson("""{"clientId":5,"clientName":"a","description":"d","futureField":1}""")
        // toBuilder keeps every field, unknown ones (extra) and read-only ones included.
        assertEquals(full, full.toBuilder().build())
        assertEquals(full.copy(description = "e"), full.toBuilder().description("e").build())
        assertEquals(full.copy(description = null), full.toBuilder().description(null).build())
    }

    @Test
    fun requiredFieldsAreCheckedByBuild() {
        val e = assertThrows(SDKValidationError::class.java) { ClientSecretUpdateRequest.builder().build() }
        assertEquals("clientSecret", e.field)
        val request = ClientSecretUpdateRequest.builder().clientSecret(Secret("s3cret-value")).build()
        assertEquals("s3cret-value", request.clientSecret.value)
    }
}
