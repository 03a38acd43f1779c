"use strict";
// JSON with exact numbers. Results are parsed as the official TypeScript SDK types them: an
// integer is a `number`. One beyond ±(2^53 − 1) is the nearest `number`, and its exact value is
// recorded beside it, under the EXACT symbol of the object holding it (an enumerable symbol
// property, so an object spread keeps it; JSON.stringify ignores it): `exactInt64(obj, key)`
// reads it as a `bigint`, and `stringify` writes those digits back as long as the number is
// unchanged. A non-integer a `number` cannot hold digit for digit (more precision, an exponent
// beyond its range) is an `ExactNumber` that keeps its text. Requests may hold `bigint`s and
// `ExactNumber`s, written as their exact digits.

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
// A per-process marker that no real string carries.
const MARK = `\u0000authlete-number-${Math.random().toString(36).slice(2)}:`;
// The marker as it appears inside JSON text (its control character escaped).
const MARK_JSON = JSON.stringify(MARK).slice(1, -1);
/** The key of the exact values an object holds: `{ [key]: bigint }`. */
const EXACT = Symbol.for("authlete.exactInt64");
// Set once a parse has recorded an exact value: until then `stringify` needs no replacer.
let exactRecorded = false;

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

/** Records `big` as the exact value of `holder[key]`. */
function record(holder, key, big) {
  let exact = Object.prototype.hasOwnProperty.call(holder, EXACT) ? holder[EXACT] : undefined;
  if (exact === undefined) {
    exact = {};
    Object.defineProperty(holder, EXACT, { value: exact, enumerable: true, writable: true, configurable: true });
  }
  exact[key] = big;
  exactRecorded = true;
}

/**
 * Parses JSON; an integer a `number` cannot hold exactly becomes the nearest `number` with its
 * exact value recorded (see above), or a `bigint` when `bigints` is true (this package's tests
 * read the emulator's answers so); another number a `number` cannot hold exactly an
 * `ExactNumber`. `unsafeNumbers` false says there are none (the native side knows, having read
 * the text), and the text goes straight to `JSON.parse`; otherwise it is scanned.
 */
function parse(text, unsafeNumbers = true, bigints = false) {
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
  return JSON.parse(out, function revive(key, value) {
    if (typeof value !== "string" || !value.startsWith(MARK)) return value;
    const body = value.slice(MARK.length + 1);
    if (value.charCodeAt(MARK.length) !== 105 /* i */) return new ExactNumber(body);
    const big = BigInt(body);
    if (bigints) return big;
    record(this, key, big);
    return Number(big);
  });
}

/** The exact value recorded for `holder[key]`, if the number there is still the one read. */
function recorded(holder, key) {
  const exact = holder[EXACT];
  if (exact === undefined || exact === null || typeof exact !== "object") return undefined;
  const big = exact[key];
  return typeof big === "bigint" && Number(big) === holder[key] ? big : undefined;
}

/**
 * `obj[key]` as an exact `bigint`: the value read from the server when the number there is
 * still the one read (also beyond ±(2^53 − 1)), else the number's own value; `undefined` when
 * absent. A non-integer throws a TypeError.
 */
function exactInt64(obj, key) {
  if (obj === null || (typeof obj !== "object" && typeof obj !== "function")) {
    throw new TypeError("exactInt64: the first argument must be an object");
  }
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isInteger(v)) return recorded(obj, String(key)) ?? BigInt(v);
  if (v instanceof ExactNumber && /^-?\d+$/.test(v.text)) return BigInt(v.text);
  throw new TypeError(`exactInt64: ${String(key)} is not an integer`);
}

/** `value` with every recorded exact value put back as a `bigint` (deep copy of plain data). */
function withBigints(value) {
  if (Array.isArray(value)) return value.map((v, i) => (typeof v === "number" ? recorded(value, String(i)) ?? v : withBigints(v)));
  if (value === null || typeof value !== "object" || value instanceof ExactNumber) return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) out[k] = typeof v === "number" ? recorded(value, k) ?? v : withBigints(v);
  return out;
}

const MARKED = new RegExp(`"${MARK_JSON.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")}(-?[0-9][0-9.eE+-]*)"`, "g");

function exactReplacer(key, v) {
  if (typeof v === "bigint") return MARK + v.toString();
  if (typeof v === "number" && !Number.isSafeInteger(v)) {
    const big = recorded(this, key);
    if (big !== undefined) return MARK + big.toString();
  }
  return v;
}

/**
 * Serializes to JSON; `bigint`s and `ExactNumber`s are written as their exact digits, and so is
 * a number read beyond ±(2^53 − 1) that is unchanged (its recorded exact value).
 */
function stringify(value) {
  let text;
  if (exactRecorded) {
    text = JSON.stringify(value, exactReplacer);
  } else {
    try {
      text = JSON.stringify(value);
    } catch (e) {
      if (!(e instanceof TypeError) || !/BigInt/i.test(String(e.message))) throw e;
      text = JSON.stringify(value, exactReplacer);
    }
  }
  return text !== undefined && text.includes(MARK_JSON) ? text.replace(MARKED, "$1") : text;
}

module.exports = { parse, stringify, ExactNumber, EXACT, exactInt64, withBigints };
