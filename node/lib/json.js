"use strict";
// JSON with exact numbers. Results are parsed so that an integer beyond ±(2^53 − 1) becomes a
// `bigint`, and a number a `number` cannot hold digit for digit (more precision, an exponent
// beyond its range) an `ExactNumber` that keeps its text; every other number stays a
// `number`. Requests may hold both, written back as their exact digits.

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
// A per-process marker that no real string carries.
const MARK = `\u0000authlete-number-${Math.random().toString(36).slice(2)}:`;
// The marker as it appears inside JSON text (its control character escaped).
const MARK_JSON = JSON.stringify(MARK).slice(1, -1);

/**
 * A JSON number kept as written, for values a `number` cannot hold exactly (in fields this
 * SDK does not know). `String(n)` and `n.text` give its digits; `Number(n)` the nearest
 * `number`; it is written back to the server unchanged.
 */
class ExactNumber {
  constructor(text) {
    if (typeof text !== "string" || !/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) {
      throw new TypeError(`not a JSON number: ${String(text)}`);
    }
    /** The number's JSON text. */
    this.text = text;
    Object.freeze(this);
  }
  toString() {
    return this.text;
  }
  valueOf() {
    return Number(this.text);
  }
  toJSON() {
    return MARK + this.text;
  }
  [Symbol.for("nodejs.util.inspect.custom")]() {
    return `ExactNumber(${this.text})`;
  }
}

/** A number's value as `digits` and a power of ten (`-1.50e2` -> `-15e1`), to compare forms. */
function canonical(token) {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(token);
  if (!m) return token;
  let digits = (m[2] + (m[3] ?? "")).replace(/^0+/, "");
  let exp = Number(m[4] ?? 0) - (m[3] ?? "").length;
  const trimmed = digits.replace(/0+$/, "");
  exp += digits.length - trimmed.length;
  digits = trimmed;
  return digits === "" ? "0" : `${m[1]}${digits}e${exp}`;
}

/** The marked stand-in for a number token `JSON.parse` would change, or null. */
function exact(token) {
  let integer = true;
  for (let k = 0; k < token.length; k++) {
    const d = token.charCodeAt(k);
    if (d === 46 || d === 101 || d === 69) {
      integer = false;
      break;
    }
  }
  if (integer) {
    if (token.replace("-", "").length < 16) return null;
    const big = BigInt(token);
    return big > MAX_SAFE || big < -MAX_SAFE ? `"${MARK_JSON}i${token}"` : null;
  }
  const back = String(Number(token));
  return back === token || canonical(back) === canonical(token) ? null : `"${MARK_JSON}n${token}"`;
}

/**
 * Parses JSON; numbers that a `number` cannot hold exactly become `bigint`s (integers) or
 * `ExactNumber`s. `unsafeNumbers` false says there are none (the native side knows, having
 * read the text), and the text goes straight to `JSON.parse`; otherwise it is scanned.
 */
function parse(text, unsafeNumbers = true) {
  if (!unsafeNumbers) return JSON.parse(text);
  let marked = false;
  let out = "";
  let last = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) break;
        else i++;
      }
      i++;
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) i++;
        else break;
      }
      const stand = exact(text.slice(start, i));
      if (stand !== null) {
        out += text.slice(last, start) + stand;
        last = i;
        marked = true;
      }
    } else {
      i++;
    }
  }
  if (!marked) return JSON.parse(text);
  out += text.slice(last);
  return JSON.parse(out, (_key, value) => {
    if (typeof value !== "string" || !value.startsWith(MARK)) return value;
    const body = value.slice(MARK.length + 1);
    return value.charCodeAt(MARK.length) === 105 /* i */ ? BigInt(body) : new ExactNumber(body);
  });
}

const MARKED = new RegExp(`"${MARK_JSON.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")}(-?[0-9][0-9.eE+-]*)"`, "g");

/** Serializes to JSON; `bigint`s and `ExactNumber`s are written as their exact digits. */
function stringify(value) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    if (!(e instanceof TypeError) || !/BigInt/i.test(String(e.message))) throw e;
    text = JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? MARK + v.toString() : v));
  }
  return text !== undefined && text.includes(MARK_JSON) ? text.replace(MARKED, "$1") : text;
}

module.exports = { parse, stringify, ExactNumber };
