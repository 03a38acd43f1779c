"use strict";
// JSON with exact int64s. Results are parsed so that an integer beyond ±(2^53 − 1) becomes a
// `bigint` (every other number stays a `number`); requests may hold `bigint`s, written as
// their exact digits.

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
// A per-process marker that no real string carries.
const MARK = `\u0000authlete-int64-${Math.random().toString(36).slice(2)}:`;
// The marker as it appears inside JSON text (its control character escaped).
const MARK_JSON = JSON.stringify(MARK).slice(1, -1);

/**
 * Parses JSON; integers that a `number` cannot hold exactly become `bigint`s. `unsafeIntegers`
 * false says there are none (the native side knows, having written the text), and the text
 * goes straight to `JSON.parse`; otherwise it is scanned for them.
 */
function parse(text, unsafeIntegers = true) {
  if (!unsafeIntegers) return JSON.parse(text);
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
      let integer = true;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d >= 48 && d <= 57) i++;
        else if (d === 46 || d === 101 || d === 69 || d === 43 || d === 45) {
          integer = false;
          i++;
        } else break;
      }
      const token = text.slice(start, i);
      if (integer && token.replace("-", "").length >= 16) {
        const big = BigInt(token);
        if (big > MAX_SAFE || big < -MAX_SAFE) {
          out += text.slice(last, start) + `"${MARK_JSON}${token}"`;
          last = i;
          marked = true;
        }
      }
    } else {
      i++;
    }
  }
  if (!marked) return JSON.parse(text);
  out += text.slice(last);
  return JSON.parse(out, (_key, value) =>
    typeof value === "string" && value.startsWith(MARK) ? BigInt(value.slice(MARK.length)) : value,
  );
}

const MARKED = new RegExp(`"${MARK_JSON.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")}(-?\\d+)"`, "g");

/** Serializes to JSON; `bigint`s are written as their exact digits. */
function stringify(value) {
  try {
    return JSON.stringify(value);
  } catch (e) {
    if (!(e instanceof TypeError) || !/BigInt/i.test(String(e.message))) throw e;
  }
  const text = JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? MARK + v.toString() : v));
  return text.replace(MARKED, "$1");
}

module.exports = { parse, stringify };
