// A client's whole life with the Kotlin API: create, read, list, update, lock, rotate and set
// the secret, requestable scopes, delete. Runs against $AUTHLETE_SERVER_URL (`make demo`
// points it at the local emulator); the token comes from $AUTHLETE_BEARER or a demo value.
package com.authlete.sdk.examples

import com.authlete.sdk.Authlete
import com.authlete.sdk.AuthleteException
import com.authlete.sdk.AuthleteOptions
import com.authlete.sdk.GrantType
import com.authlete.sdk.ResponseType
import com.authlete.sdk.Secret
import com.authlete.sdk.models.Client
import com.authlete.sdk.models.ClientExtensionRequestableScopesUpdateRequest
import com.authlete.sdk.models.ClientFlagUpdateRequest
import com.authlete.sdk.models.ClientSecretUpdateRequest
import kotlinx.coroutines.runBlocking

fun main(): Unit = runBlocking {
    val serverUrl = System.getenv("AUTHLETE_SERVER_URL") ?: error("set AUTHLETE_SERVER_URL")
    val token = System.getenv("AUTHLETE_BEARER") ?: "demo-token"
    val serviceId = System.getenv("AUTHLETE_SERVICE_ID") ?: "715948317"

    Authlete(AuthleteOptions(bearer = token, serverUrl = serverUrl)).use { authlete ->
        val clients = authlete.clients
        val created = clients.create(
            serviceId,
            client = Client(
                clientName = "Kotlin demo app",
                redirectUris = listOf("https://app.example.com/cb"),
                grantTypes = listOf(GrantType.AuthorizationCode, GrantType.RefreshToken),
                responseTypes = listOf(ResponseType.Code),
            ),
        )
        val id = created.clientId.toString()
        println("created client $id, secret ${created.clientSecret}") // a Secret prints as <redacted>

        val fetched = clients.get(serviceId, id)
        println("get: ${fetched.clientName}, grant types ${fetched.grantTypes}")

        val updated = clients.update(serviceId, id, client = fetched.copy(description = "updated from Kotlin"))
        println("update: description = ${updated.description}")

        val page = clients.getList(serviceId, start = 0, end = 10)
        println("getList: ${page.totalCount} client(s)")

        val locked = clients.updateLockFlag(serviceId, id, ClientFlagUpdateRequest(clientLocked = true))
        println("updateLockFlag: ${locked.resultCode}")

        val rotated = clients.rotateSecret(serviceId, id)
        println("rotateSecret: ${rotated.resultCode} (new secret ${rotated.newClientSecret})")
        val set = clients.updateSecret(serviceId, id, ClientSecretUpdateRequest(clientSecret = Secret("demo-secret_123")))
        println("updateSecret: ${set.resultCode}")

        val scopes = clients.updateRequestableScopes(
            serviceId,
            id,
            ClientExtensionRequestableScopesUpdateRequest(requestableScopes = listOf("openid", "profile")),
        )
        println("updateRequestableScopes: ${scopes.requestableScopes}")
        println("getRequestableScopes: ${clients.getRequestableScopes(serviceId, id).requestableScopes}")
        clients.deleteRequestableScopes(serviceId, id)

        clients.delete(serviceId, id)
        try {
            clients.get(serviceId, id)
        } catch (e: AuthleteException) {
            println("after delete: ${e.kindName} ${e.status} ${e.resultCode}")
        }
    }
}
