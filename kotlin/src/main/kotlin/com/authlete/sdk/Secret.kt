package com.authlete.sdk

/**
 * A secret value (a client secret). Its [toString] is `<redacted>`, so records holding one
 * (for example [com.authlete.sdk.models.Client.clientSecret]) never print it; read it with [value].
 */
class Secret(val value: String) {
    override fun toString(): String = "<redacted>"

    override fun equals(other: Any?): Boolean = other is Secret && other.value == value

    override fun hashCode(): Int = value.hashCode()
}
