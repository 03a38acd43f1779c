package com.authlete.sdk

import com.authlete.sdk.models.ErrorKind
import com.authlete.sdk.models.NativeException

/**
 * Every failure of the SDK: one exception type whose [kind] says what happened.
 *
 * - `ResultError`: the API answered 400/401/403/500 with a result body ([resultCode], [resultMessage]);
 * - `AuthleteDefaultError`: any other error status or a non-JSON error body ([status], [body]);
 * - `ResponseValidationError`: a success body that does not fit the model;
 * - `SDKValidationError`: bad input refused before any I/O ([field] names it);
 * - `ConnectionError`, `RequestTimeoutError`, `RequestAbortedError`: transport.
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
) : RuntimeException(message) {
    /** The kind's name as in every Authlete SDK, e.g. `ResultError`, `SDKValidationError`. */
    val kindName: String
        get() = kindName(kind)

    companion object {
        /** The cross-language name of [kind]. */
        @JvmStatic
        fun kindName(kind: ErrorKind): String = when (kind) {
            ErrorKind.RESULT_ERROR -> "ResultError"
            ErrorKind.AUTHLETE_DEFAULT_ERROR -> "AuthleteDefaultError"
            ErrorKind.RESPONSE_VALIDATION_ERROR -> "ResponseValidationError"
            ErrorKind.SDK_VALIDATION_ERROR -> "SDKValidationError"
            ErrorKind.CONNECTION_ERROR -> "ConnectionError"
            ErrorKind.REQUEST_TIMEOUT_ERROR -> "RequestTimeoutError"
            ErrorKind.REQUEST_ABORTED_ERROR -> "RequestAbortedError"
        }
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
        )
    }
