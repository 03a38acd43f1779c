package com.authlete.sdk.cases

import org.json.JSONArray
import org.json.JSONObject
import java.math.BigDecimal
import java.net.URI
import java.net.HttpURLConnection

/** Substitution of saved values and subset matching, as tests/cases/README.md defines them. */
internal class Saved {
    private val values = mutableMapOf<String, Any?>()

    fun put(name: String, value: Any?) {
        values[name] = value
    }

    private fun lookup(path: String): Any? {
        val parts = path.split('.')
        var cur: Any? = values[parts[0]] ?: error("nothing saved as ${parts[0]}")
        for (p in parts.drop(1)) {
            cur = when (cur) {
                is JSONObject -> cur.opt(p)
                is JSONArray -> cur.opt(p.toInt())
                else -> error("cannot walk $path")
            }
        }
        return cur
    }

    private fun asString(v: Any?): String = when (v) {
        is BigDecimal -> v.toPlainString()
        else -> v.toString()
    }

    private val whole = Regex("""^\$\{([^}|]+)(\|string)?}$""")
    private val inner = Regex("""\$\{([^}|]+)(\|string)?}""")

    fun subst(v: Any?): Any? = when (v) {
        is JSONObject -> JSONObject().also { o -> v.keys().forEach { k -> o.put(k, subst(v.get(k))) } }
        is JSONArray -> JSONArray().also { a -> (0 until v.length()).forEach { a.put(subst(v.get(it))) } }
        is String -> {
            val m = whole.find(v)
            when {
                m != null && m.groupValues[2].isEmpty() -> lookup(m.groupValues[1])
                m != null -> asString(lookup(m.groupValues[1]))
                else -> inner.replace(v) { asString(lookup(it.groupValues[1])) }
            }
        }
        else -> v
    }
}

/** Subset match; returns null when [actual] matches [expected], else where it differs. */
internal fun mismatch(expected: Any?, actual: Any?, at: String = "$"): String? {
    val act = if (actual == JSONObject.NULL) null else actual
    return when {
        expected == null || expected == JSONObject.NULL || expected == "\$absent" ->
            if (act == null) null else "$at: expected absent, got $act"
        expected == "\$any" -> if (act != null) null else "$at: expected a value"
        expected is JSONObject -> if (act !is JSONObject) "$at: expected an object, got $act" else
            expected.keys().asSequence().firstNotNullOfOrNull { k -> mismatch(expected.get(k), act.opt(k), "$at.$k") }
        expected is JSONArray -> when {
            act !is JSONArray -> "$at: expected an array, got $act"
            act.length() != expected.length() -> "$at: expected ${expected.length()} items, got ${act.length()}"
            else -> (0 until expected.length()).firstNotNullOfOrNull { mismatch(expected.get(it), act.get(it), "$at[$it]") }
        }
        expected is Boolean -> if (act == expected) null else "$at: expected $expected, got $act"
        expected is Number -> if (act is Number && act !is Boolean && num(act).compareTo(num(expected)) == 0) null
        else "$at: expected $expected, got $act"
        else -> if (act == expected) null else "$at: expected $expected, got $act"
    }
}

private fun num(n: Number): BigDecimal = when (n) {
    is BigDecimal -> n
    is Int, is Long, is Short, is Byte -> BigDecimal.valueOf(n.toLong())
    else -> BigDecimal(n.toString())
}

/** Parses JSON with exact numbers (int64 ids never go through a double). */
internal fun parseJson(text: String): Any? = org.json.JSONTokener(text).nextValue()

/** The emulator's admin API (a fresh connection per request: no stale pooled connections). */
internal class Admin(private val base: String) {
    fun post(name: String, body: Any?): Pair<Int, Any?> {
        val conn = URI.create("$base/__emulator/$name").toURL().openConnection() as HttpURLConnection
        try {
            conn.requestMethod = "POST"
            conn.doOutput = true
            conn.setRequestProperty("Content-Type", "application/json")
            conn.setRequestProperty("Connection", "close")
            conn.outputStream.use { it.write((body?.toString() ?: "{}").toByteArray()) }
            val status = conn.responseCode
            val stream = if (status >= 400) conn.errorStream else conn.inputStream
            val text = stream?.use { it.readBytes().decodeToString() }.orEmpty()
            return status to (if (text.isBlank()) null else parseJson(text))
        } finally {
            conn.disconnect()
        }
    }
}
