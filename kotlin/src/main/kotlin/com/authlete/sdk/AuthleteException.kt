package com.authlete.sdk

import com.authlete.sdk.models.NativeException
import com.authlete.sdk.models.errorKindName

/** The kind of an [AuthleteException] (the same kinds in every Authlete SDK). */
typealias ErrorKind = com.authlete.sdk.models.ErrorKind

/** One response header of an [AuthleteException] (lower-case name, value). */
typealias Header = com.authlete.sdk.models.Header

/**
 * Every failure of the SDK: one exception type whose [kind] says what happened (the kinds
 * are documented on [ErrorKind]; they are the same in every Authlete SDK):
 *
 * - `ResultError`: the API answered 400/401/403/500 with a result body ([resultCode], [resultMessage]);
 * - `AuthleteDefaultError`: any other error status or a non-JSON error body ([status], [body]);
 * - `ResponseValidationError`: a success body that does not fit the model ([reason]);
 * - `SDKValidationError`: bad input refused before any I/O ([field] names it, [reason]);
 * - `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`: transport ([attempts]);
 * - `UnexpectedClientError`: a failure inside the SDK or its environment.
 *
 * The [message] never contains a secret.
 */
class AuthleteException(
    /** The kind of failure. */
    val kind: ErrorKind,
    /** The HTTP status, when the server answered. */
    val status: Int?,
    /** Authlete's `resultCode` (ResultError). */
    val resultCode: String?,
    /** Authlete's `resultMessage` (ResultError). */
    val resultMessage: String?,
    /** The raw response body, when the server answered. */
    val body: String?,
    /** The request field at fault (SDKValidationError), e.g. `client.clientName`. */
    val field: String?,
    message: String,
    /** The response's Content-Type, when the server answered. */
    val contentType: String? = null,
    /** The response headers (lower-case names, in the order received), when the server answered. */
    val headers: List<Header> = emptyList(),
    /** Why the call failed, without the kind's name. */
    val reason: String? = null,
    /** How many attempts were made (transport kinds). */
    val attempts: Int? = null,
) : RuntimeException(message) {
    /** The kind's name as in every Authlete SDK, e.g. `ResultError`, `SDKValidationError`. */
    val kindName: String
        get() = kindName(kind)

    /** The first value of the response header [name] (any case), if the server sent it. */
    fun header(name: String): String? = headers.firstOrNull { it.name.equals(name, ignoreCase = true) }?.value

    companion object {
        /** The cross-language name of [kind]. */
        @JvmStatic
        fun kindName(kind: ErrorKind): String = errorKindName(kind)
    }
}

/** Runs [block], turning the binding's exception into [AuthleteException]. */
internal inline fun <T> translate(block: () -> T): T =
    try {
        block()
    } catch (e: NativeException.Failure) {
        throw AuthleteException(
            e.kind,
            e.status?.toInt(),
            e.resultCode,
            e.resultMessage,
            e.body,
            e.field,
            e.detail,
            e.contentType,
            e.headers,
            e.reason,
            e.attempts?.toInt(),
        )
    }
