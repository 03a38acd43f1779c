package com.authlete.sdk

import com.authlete.sdk.models.NativeException
import com.authlete.sdk.models.errorKindName

/** The kind of an [AuthleteException] (the same kinds in every Authlete SDK). */
typealias ErrorKind = com.authlete.sdk.models.ErrorKind

/** One response header of an [AuthleteException] (lower-case name, value). */
typealias Header = com.authlete.sdk.models.Header

/**
 * Every failure of the SDK. A sealed class: each kind of failure is a subclass named as the
 * official TypeScript SDK's error class (generated from the one list of kinds, in
 * `Errors.kt`), so callers catch the kind they handle by type:
 *
 * - [ResultError]: the API answered 400/401/403/500 with a result body ([resultCode], [resultMessage]);
 * - [AuthleteDefaultError]: any other error status or a non-JSON error body ([status], [body]);
 * - [ResponseValidationError]: a success body that does not fit the model ([reason]);
 * - [SDKValidationError]: bad input refused before any I/O ([field] names it, [reason]);
 * - [ConnectionError], [RequestTimeoutError], [RequestAbortedError]: transport ([attempts]);
 * - [UnexpectedClientError]: a failure inside the SDK or its environment.
 *
 * [kind] names the same kind as a value, for code that switches on it. The [message] never
 * contains a secret. [cause] is the JVM throwable behind the failure when there is one (a
 * failure of the native boundary itself); failures the core reports have none.
 */
sealed class AuthleteException(
    /** The kind of failure (the subclass, as a value). */
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
    val contentType: String?,
    /** The response headers (lower-case names, in the order received), when the server answered. */
    val headers: List<Header>,
    /** Why the call failed, without the kind's name. */
    val reason: String?,
    /** How many attempts were made (transport kinds). */
    val attempts: Int?,
    cause: Throwable?,
) : RuntimeException(message, cause) {
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

/** What every [AuthleteException] carries, as read from the native error record. */
internal class ErrorDetails(
    val status: Int?,
    val resultCode: String?,
    val resultMessage: String?,
    val body: String?,
    val field: String?,
    val message: String,
    val contentType: String?,
    val headers: List<Header>,
    val reason: String?,
    val attempts: Int?,
    val cause: Throwable?,
) {
    companion object {
        fun of(e: NativeException.Failure) = ErrorDetails(
            e.status?.toInt(), e.resultCode, e.resultMessage, e.body, e.field, e.detail,
            e.contentType, e.headers, e.reason, e.attempts?.toInt(), null,
        )

        /** An `SDKValidationError` of [field], found on the JVM side before any call. */
        fun invalid(field: String, reason: String) = ErrorDetails(
            null, null, null, null, field, "$field: $reason", null, emptyList(), reason, null, null,
        )

        /** A failure of the JVM side of the boundary (a panic uniffi reports, a JNA failure). */
        fun unexpected(e: Throwable) = ErrorDetails(
            null, null, null, null, null, "unexpected failure at the native boundary: ${e.message ?: e.javaClass.name}",
            null, emptyList(), e.message, null, e,
        )
    }
}

/**
 * Runs [block], turning the binding's exception into the [AuthleteException] of its kind.
 * uniffi's `InternalException` (a Rust panic caught at the boundary) becomes an
 * [UnexpectedClientError] whose cause it is, as the other bindings report a caught panic.
 */
internal inline fun <T> translate(block: () -> T): T =
    try {
        // Every way into the native library passes here, so it is loaded as NativeLoading says.
        NativeLoading.ready()
        block()
    } catch (e: NativeException.Failure) {
        throw authleteException(e.kind, ErrorDetails.of(e))
    } catch (e: com.authlete.sdk.ffi.InternalException) {
        throw UnexpectedClientError(ErrorDetails.unexpected(e))
    } catch (e: com.authlete.sdk.models.InternalException) {
        throw UnexpectedClientError(ErrorDetails.unexpected(e))
    }
