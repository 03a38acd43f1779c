/* The case runner's bridge from a case's request object (jansson) to the typed functions of
 * authlete.h; the per-operation table is generated (typed_dispatch.c, codegen/emit_c.py). */
#ifndef AUTHLETE_TYPED_DISPATCH_H
#define AUTHLETE_TYPED_DISPATCH_H

#include <authlete.h>
#include <jansson.h>

#include "case_json.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A string field: absent or null leaves *out NULL; another type (or an embedded NUL) does not fit. */
static inline int td_text(const json_t *req, const char *key, const char **out) {
    json_t *v = json_object_get(req, key);
    if (!v || json_is_null(v)) return 1;
    if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v)) return 0;
    *out = json_string_value(v);
    return 1;
}

/* An int32 field: absent or null leaves *out NULL. */
static inline int td_int(const json_t *req, const char *key, int32_t *slot, const int32_t **out) {
    json_t *v = json_object_get(req, key);
    if (!v || json_is_null(v)) return 1;
    if (!json_is_integer(v)) return 0;
    json_int_t i = json_integer_value(v);
    if (i < INT32_MIN || i > INT32_MAX) return 0;
    *slot = (int32_t)i;
    *out = slot;
    return 1;
}

/* A model field, handed over as JSON text (malloc'd; the caller frees it). */
static inline int td_json(const json_t *req, const char *key, char **out) {
    json_t *v = json_object_get(req, key);
    if (!v || json_is_null(v)) return 1;
    *out = case_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    return *out != NULL;
}

/* The one `subject` of the typed functions: `subject`, or equal path and query subjects. */
static inline int td_subject(const json_t *req, const char **out) {
    const char *one = NULL, *path = NULL, *query = NULL;
    if (!td_text(req, "subject", &one) || !td_text(req, "subjectPathParameter", &path) ||
        !td_text(req, "subjectQueryParameter", &query))
        return 0;
    if (one) {
        if (path || query) return 0;
        *out = one;
        return 1;
    }
    if (!path && !query) return 1;
    if (!path || !query || strcmp(path, query) != 0) return 0;
    *out = path;
    return 1;
}

/* Whether every key of the request is one of `keys` (NULL-terminated). */
static inline int td_only(const json_t *req, const char *const *keys) {
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)req, key, v) {
        int known = 0;
        for (const char *const *k = keys; *k; k++)
            if (strcmp(*k, key) == 0) known = 1;
        if (!known) return 0;
    }
    return 1;
}

/* Returns 1 and sets *kind if the typed function of `op` was called, 0 if the request does not
 * fit its signature (then nothing was called and the caller uses authlete_call). */
int typed_dispatch(authlete_client *c, const char *op, const json_t *req, const char *options_json,
                   char **out_json, authlete_error **err, authlete_kind *kind);

#endif
