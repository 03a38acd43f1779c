package com.authlete.sdk

import com.authlete.sdk.ffi.AuthleteNative
import com.authlete.sdk.ffi.UniffiWithHandle

/**
 * The Authlete client-management SDK for Kotlin and Java.
 *
 * ```kotlin
 * val authlete = Authlete(AuthleteOptions(bearer = token, serverUrl = "https://us.authlete.com"))
 * val client = authlete.clients.get(serviceId, clientId)        // suspend
 * val same = authlete.clients.getBlocking(serviceId, clientId)  // Java / blocking
 * ```
 *
 * One client holds one connection pool; share it across threads and coroutines. [close]
 * releases the native client (it is also released when garbage-collected). The SDK logs
 * through SLF4J ([AuthleteLogging]).
 *
 * @throws AuthleteException (`SDKValidationError`) for invalid options.
 */
class Authlete private constructor(private val direct: DirectHandle) : AutoCloseable {
    /** Builds a client from [options]. */
    constructor(options: AuthleteOptions = AuthleteOptions()) : this(newClient(options.toJson()))

    // uniffi's object over the same Rust client, made at the first call that needs it (a
    // suspend function, per-call options, the JSON entry): blocking calls go without it
    // (NativeCalls.kt), and without loading JNA.
    private val nativeRef: Lazy<AuthleteNative> = lazy { AuthleteNative(UniffiWithHandle, direct.retain()) }
    private val native by nativeRef

    /** The client-management operations. */
    val clients: Clients = Clients(nativeRef, direct)

    /**
     * Runs an operation by name (`"clients.get"` or `"get"`) with the official TypeScript SDK's request object as
     * JSON (camelCase keys, e.g. `{"serviceId":"1","clientId":"2"}`); returns the result as JSON,
     * `null` for the operations without a body. The typed [clients] methods are the usual API;
     * this entry is for generic callers.
     */
    suspend fun call(operation: String, requestJson: String, options: RequestOptions? = null): String? =
        translate { native.call(operation, requestJson, options?.toJson()) }

    /** Blocking [call]: runs on the calling thread (see the `...Blocking` methods of [Clients]). */
    @JvmOverloads
    fun callBlocking(operation: String, requestJson: String, options: RequestOptions? = null): String? =
        translate { native.callBlocking(operation, requestJson, options?.toJson()) }

    override fun close() {
        direct.close()
        if (nativeRef.isInitialized()) native.close()
    }

    override fun toString(): String = "Authlete@${Integer.toHexString(System.identityHashCode(this))}"

    companion object {
        private fun newClient(json: String): DirectHandle {
            // Logging is wired once per process, with the first client (AuthleteLogging).
            AuthleteLogging.ensureInstalled()
            return translate { DirectHandle(json) }
        }

        /** Builds a client from the official TypeScript SDK's SDKOptions as JSON (unknown keys are refused). */
        @JvmStatic
        fun fromOptionsJson(optionsJson: String): Authlete = Authlete(newClient(optionsJson))
    }
}
