/* Substitution and subset matching of the shared cases (tests/cases/README.md). */
#define _POSIX_C_SOURCE 200809L
#include "case_json.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The saved value at `path` ("name.a.0"), borrowed; NULL if absent. */
static json_t *lookup(const json_t *vars, const char *path) {
    char *copy = strdup(path), *save = NULL;
    json_t *cur = (json_t *)vars;
    for (char *seg = strtok_r(copy, ".", &save); seg && cur; seg = strtok_r(NULL, ".", &save)) {
        if (json_is_array(cur)) {
            char *end;
            long i = strtol(seg, &end, 10);
            cur = *end ? NULL : json_array_get(cur, (size_t)i);
        } else {
            cur = json_object_get(cur, seg);
        }
    }
    free(copy);
    return cur;
}

/* The value as text (strings as they are, integers in exact decimal); malloc'd. */
static char *as_text(const json_t *v) {
    char buf[64];
    if (json_is_string(v)) return strdup(json_string_value(v));
    if (json_is_integer(v)) {
        snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return strdup(buf);
    }
    return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

static json_t *subst_string(const char *s, const json_t *vars, char *why, size_t n) {
    size_t len = strlen(s);
    if (strncmp(s, "${", 2) == 0 && s[len - 1] == '}' && !strchr(s + 2, '$') && strchr(s, '}') == s + len - 1) {
        char *path = strndup(s + 2, len - 3);
        char *bar = strchr(path, '|');
        int as_string = bar && strcmp(bar, "|string") == 0;
        if (bar) *bar = '\0';
        json_t *v = lookup(vars, path);
        if (!v) snprintf(why, n, "unknown substitution ${%s}", path);
        free(path);
        if (!v) return NULL;
        if (!as_string) return json_deep_copy(v);
        char *t = as_text(v);
        json_t *out = json_string(t);
        free(t);
        return out;
    }
    /* ${path} inside a longer string: text substitution. */
    size_t cap = len + 1, used = 0;
    char *out = malloc(cap);
    const char *p = s;
    while (*p) {
        const char *open = strstr(p, "${"), *close = open ? strchr(open, '}') : NULL;
        size_t lit = open && close ? (size_t)(open - p) : strlen(p);
        char *piece = NULL;
        if (open && close) {
            char *path = strndup(open + 2, (size_t)(close - open - 2));
            char *bar = strchr(path, '|');
            if (bar) *bar = '\0';
            json_t *v = lookup(vars, path);
            if (!v) {
                snprintf(why, n, "unknown substitution ${%s}", path);
                free(path);
                free(out);
                return NULL;
            }
            free(path);
            piece = as_text(v);
        }
        size_t plen = piece ? strlen(piece) : 0;
        if (used + lit + plen + 1 > cap) {
            cap = (used + lit + plen + 1) * 2;
            out = realloc(out, cap);
        }
        memcpy(out + used, p, lit);
        used += lit;
        if (piece) memcpy(out + used, piece, plen);
        used += plen;
        free(piece);
        p = open && close ? close + 1 : p + lit;
    }
    out[used] = '\0';
    json_t *r = json_string(out);
    free(out);
    return r;
}

json_t *case_subst(const json_t *v, const json_t *vars, char *why, size_t n) {
    if (json_is_string(v)) {
        /* A string with a NUL inside (a deliberately bad id) has no ${...}: kept whole. */
        if (strlen(json_string_value(v)) != json_string_length(v)) return json_deep_copy(v);
        return subst_string(json_string_value(v), vars, why, n);
    }
    if (json_is_object(v)) {
        json_t *out = json_object();
        const char *key;
        json_t *x;
        json_object_foreach((json_t *)v, key, x) {
            json_t *y = case_subst(x, vars, why, n);
            if (!y) {
                json_decref(out);
                return NULL;
            }
            json_object_set_new(out, key, y);
        }
        return out;
    }
    if (json_is_array(v)) {
        json_t *out = json_array();
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            json_t *y = case_subst(x, vars, why, n);
            if (!y) {
                json_decref(out);
                return NULL;
            }
            json_array_append_new(out, y);
        }
        return out;
    }
    return json_deep_copy(v);
}

static int fail(char *why, size_t n, const char *at, const json_t *expected, const json_t *actual) {
    char *e = json_dumps(expected, JSON_COMPACT | JSON_ENCODE_ANY);
    char *a = actual ? json_dumps(actual, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    snprintf(why, n, "at %s: expected %.200s, got %.300s", at, e ? e : "?", a ? a : "(missing)");
    free(e);
    free(a);
    return 0;
}

int case_match(const json_t *expected, const json_t *actual, const char *at, char *why, size_t n) {
    int present = actual && !json_is_null(actual);
    if (json_is_null(expected) || (json_is_string(expected) && strcmp(json_string_value(expected), "$absent") == 0))
        return present ? fail(why, n, at, expected, actual) : 1;
    if (json_is_string(expected) && strcmp(json_string_value(expected), "$any") == 0)
        return present ? 1 : fail(why, n, at, expected, actual);
    if (!present) return fail(why, n, at, expected, actual);
    char sub[512];
    if (json_is_object(expected)) {
        if (!json_is_object(actual)) return fail(why, n, at, expected, actual);
        const char *key;
        json_t *x;
        json_object_foreach((json_t *)expected, key, x) {
            snprintf(sub, sizeof sub, "%s.%s", at, key);
            if (!case_match(x, json_object_get(actual, key), sub, why, n)) return 0;
        }
        return 1;
    }
    if (json_is_array(expected)) {
        if (!json_is_array(actual) || json_array_size(actual) != json_array_size(expected))
            return fail(why, n, at, expected, actual);
        size_t i;
        json_t *x;
        json_array_foreach(expected, i, x) {
            snprintf(sub, sizeof sub, "%s[%zu]", at, i);
            if (!case_match(x, json_array_get(actual, i), sub, why, n)) return 0;
        }
        return 1;
    }
    if (json_is_integer(expected) && json_is_integer(actual))
        return json_integer_value(expected) == json_integer_value(actual) ? 1 : fail(why, n, at, expected, actual);
    if (json_is_number(expected) && json_is_number(actual))
        return json_number_value(expected) == json_number_value(actual) ? 1 : fail(why, n, at, expected, actual);
    if (json_is_boolean(expected))
        return json_is_boolean(actual) && json_boolean_value(expected) == json_boolean_value(actual)
                   ? 1
                   : fail(why, n, at, expected, actual);
    if (json_is_string(expected))
        return json_is_string(actual) && strcmp(json_string_value(expected), json_string_value(actual)) == 0
                   ? 1
                   : fail(why, n, at, expected, actual);
    return fail(why, n, at, expected, actual);
}

/* ---- numbers jansson cannot hold exactly ----
 * jansson reads integers as 64-bit and fractions as doubles. A number beyond that (an integer
 * outside int64, a fraction with more than 15 significant digits or out of a double's range)
 * is read as a string holding a marker and its text, and written back as the number. */

#define MARK "\\u0001N" /* as it appears in JSON text */

static int needs_mark(const char *tok, size_t len) {
    char buf[512];
    if (len >= sizeof buf) return 1;
    memcpy(buf, tok, len);
    buf[len] = '\0';
    int integer = strpbrk(buf, ".eE") == NULL;
    errno = 0;
    if (integer) {
        (void)strtoll(buf, NULL, 10);
        return errno == ERANGE;
    }
    double d = strtod(buf, NULL);
    if (errno == ERANGE || isinf(d)) return 1;
    int significant = 0, seen_nonzero = 0, trailing_zeros = 0;
    for (const char *p = buf; *p && *p != 'e' && *p != 'E'; p++) {
        if (*p < '0' || *p > '9') continue;
        if (*p != '0') seen_nonzero = 1, trailing_zeros = 0;
        else if (seen_nonzero) trailing_zeros++;
        if (seen_nonzero) significant++;
    }
    return significant - trailing_zeros > 15;
}

char *case_mark_numbers(const char *text) {
    size_t n = strlen(text), cap = n * 2 + 64, o = 0;
    char *out = malloc(cap);
    if (!out) return NULL;
    for (size_t i = 0; i < n;) {
        char c = text[i];
        if (c == '"') {
            size_t j = i + 1;
            while (j < n && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
            j = j < n ? j + 1 : n;
            memcpy(out + o, text + i, j - i);
            o += j - i;
            i = j;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            size_t j = i + 1;
            while (j < n && (isdigit((unsigned char)text[j]) || strchr(".eE+-", text[j]))) j++;
            if (needs_mark(text + i, j - i)) {
                size_t need = o + (j - i) + strlen(MARK) + 2;
                if (need + (n - j) + 1 > cap) {
                    cap = (need + (n - j)) * 2 + 64;
                    char *grown = realloc(out, cap);
                    if (!grown) return free(out), NULL;
                    out = grown;
                }
                o += (size_t)sprintf(out + o, "\"" MARK "%.*s\"", (int)(j - i), text + i);
            } else {
                memcpy(out + o, text + i, j - i);
                o += j - i;
            }
            i = j;
        } else {
            out[o++] = c;
            i++;
        }
        if (o + 64 > cap) {
            cap *= 2;
            char *grown = realloc(out, cap);
            if (!grown) return free(out), NULL;
            out = grown;
        }
    }
    out[o] = '\0';
    return out;
}

void case_unmark_numbers(char *text) {
    const char *pat = "\"" MARK;
    size_t pl = strlen(pat);
    char *w = text;
    for (const char *r = text; *r;) {
        if (strncmp(r, pat, pl) == 0) {
            const char *end = strchr(r + pl, '"');
            if (end) {
                memmove(w, r + pl, (size_t)(end - (r + pl)));
                w += end - (r + pl);
                r = end + 1;
                continue;
            }
        }
        *w++ = *r++;
    }
    *w = '\0';
}

json_t *case_loads(const char *text) {
    char *marked = case_mark_numbers(text);
    json_t *v = marked ? json_loads(marked, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL) : NULL;
    free(marked);
    return v;
}

char *case_dumps(const json_t *v, size_t flags) {
    char *text = json_dumps(v, flags);
    if (text) case_unmark_numbers(text);
    return text;
}
