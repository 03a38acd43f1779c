package com.authlete.sdk

/**
 * How calls are retried (the official TypeScript SDK's `RetryConfig`): [None] or [Backoff] (times in milliseconds).
 * The default of the client is backoff; see the README for which failures are retried.
 */
sealed class RetryConfig {
    internal abstract fun toMap(): Map<String, Any?>

    /** No retries. */
    object None : RetryConfig() {
        override fun toMap(): Map<String, Any?> = mapOf("strategy" to "none")

        override fun toString(): String = "RetryConfig.None"
    }

    /** Exponential backoff with jitter, honouring `Retry-After`. */
    data class Backoff @JvmOverloads constructor(
        val initialInterval: Long = 500,
        val maxInterval: Long = 60_000,
        val exponent: Double = 1.5,
        val maxElapsedTime: Long = 3_600_000,
        val retryConnectionErrors: Boolean = true,
    ) : RetryConfig() {
        override fun toMap(): Map<String, Any?> = mapOf(
            "strategy" to "backoff",
            "backoff" to mapOf(
                "initialInterval" to initialInterval,
                "maxInterval" to maxInterval,
                "exponent" to exponent,
                "maxElapsedTime" to maxElapsedTime,
            ),
            "retryConnectionErrors" to retryConnectionErrors,
        )
    }
}

/**
 * The client's configuration (the official TypeScript SDK's SDKOptions). Every value is optional:
 * the token falls back to `AUTHLETE_AUTHLETE` / `AUTHLETE_BEARER`, the server to
 * `AUTHLETE_SERVER_URL`, then `us`. [toString] never shows the token.
 */
data class AuthleteOptions @JvmOverloads constructor(
    /** The access token, sent as `Authorization: Bearer` (the official TypeScript SDK's `security.bearer`). */
    val bearer: String? = null,
    /** A server URL (a path prefix is kept); wins over [server] and [serverIdx]. */
    val serverUrl: String? = null,
    /** A server by name: `us`, `jp`, `eu` or `br`. */
    val server: String? = null,
    /** A server by index (0..3: us, jp, eu, br). */
    val serverIdx: Int? = null,
    /** How calls are retried. */
    val retryConfig: RetryConfig? = null,
    /** The deadline of one call across retries, in milliseconds (default 60 s). */
    val timeoutMs: Long? = null,
    /** The connect timeout in milliseconds (default 10 s). */
    val connectTimeoutMs: Long? = null,
    /** Statuses retried, e.g. `["5XX", "429"]`. */
    val retryCodes: List<String>? = null,
    /** A User-Agent replacing the SDK's. */
    val userAgent: String? = null,
    /** The access token as the official TypeScript SDK's `security.authlete` (wins over [bearer]). */
    val authlete: String? = null,
    /** The cap on the decompressed size of a response body (default 16 MiB). */
    val maxResponseBytes: Long? = null,
    /** Extra CA certificates (PEM text) trusted beside the operating system's store. */
    val caCertificates: String? = null,
    /** A client certificate chain (PEM text) for mutual TLS, with [clientKey]. */
    val clientCertificate: String? = null,
    /** The client certificate's private key (PEM text); never shown. */
    val clientKey: String? = null,
    /** An HTTP(S) proxy URL for every request, instead of the environment's; never shown. */
    val proxy: String? = null,
) {
    /** The official TypeScript SDK's SDKOptions (and this SDK's own options) as JSON. */
    fun toJson(): String {
        val m = linkedMapOf<String, Any?>()
        val security = linkedMapOf<String, Any?>()
        authlete?.let { security["authlete"] = it }
        bearer?.let { security["bearer"] = it }
        if (security.isNotEmpty()) m["security"] = security
        serverUrl?.let { m["serverURL"] = it }
        server?.let { m["server"] = it }
        serverIdx?.let { m["serverIdx"] = it }
        retryConfig?.let { m["retryConfig"] = it.toMap() }
        timeoutMs?.let { m["timeoutMs"] = it }
        connectTimeoutMs?.let { m["connectTimeoutMs"] = it }
        retryCodes?.let { m["retryCodes"] = it }
        userAgent?.let { m["userAgent"] = it }
        maxResponseBytes?.let { m["maxResponseBytes"] = it }
        caCertificates?.let { m["caCertificates"] = it }
        clientCertificate?.let { m["clientCertificate"] = it }
        clientKey?.let { m["clientKey"] = it }
        proxy?.let { m["proxy"] = it }
        return Json.write(m)
    }

    override fun toString(): String =
        "AuthleteOptions(bearer=${bearer?.let { "<redacted>" }}, authlete=${authlete?.let { "<redacted>" }}, " +
            "serverUrl=$serverUrl, server=$server, serverIdx=$serverIdx, retryConfig=$retryConfig, " +
            "timeoutMs=$timeoutMs, connectTimeoutMs=$connectTimeoutMs, retryCodes=$retryCodes, userAgent=$userAgent, " +
            "maxResponseBytes=$maxResponseBytes, caCertificates=${caCertificates?.let { "<${it.length} chars>" }}, " +
            "clientCertificate=${clientCertificate?.let { "<${it.length} chars>" }}, " +
            "clientKey=${clientKey?.let { "<redacted>" }}, proxy=${proxy?.let { "<redacted>" }})"
}

/**
 * Options for one call (the official TypeScript SDK's RequestOptions); unset values fall back to the client's.
 * [toString] leaves out header values (they may hold credentials).
 */
data class RequestOptions @JvmOverloads constructor(
    /** The deadline of this call across retries, in milliseconds. */
    val timeoutMs: Long? = null,
    /** How this call is retried. */
    val retries: RetryConfig? = null,
    /** Statuses retried for this call. */
    val retryCodes: List<String>? = null,
    /** Another server for this call (a name or a URL). */
    val serverUrl: String? = null,
    /** Extra request headers. */
    val headers: Map<String, String> = emptyMap(),
    /** The cap on the decompressed size of this call's response body. */
    val maxResponseBytes: Long? = null,
) {
    /** The official TypeScript SDK's RequestOptions as JSON. */
    fun toJson(): String {
        val m = linkedMapOf<String, Any?>()
        timeoutMs?.let { m["timeoutMs"] = it }
        retries?.let { m["retries"] = it.toMap() }
        retryCodes?.let { m["retryCodes"] = it }
        serverUrl?.let { m["serverURL"] = it }
        if (headers.isNotEmpty()) m["headers"] = headers
        maxResponseBytes?.let { m["maxResponseBytes"] = it }
        return Json.write(m)
    }

    override fun toString(): String =
        "RequestOptions(timeoutMs=$timeoutMs, retries=$retries, retryCodes=$retryCodes, " +
            "serverUrl=$serverUrl, headers=${headers.keys}, maxResponseBytes=$maxResponseBytes)"
}
