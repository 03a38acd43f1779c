/* Substitution and subset matching of the shared cases (tests/cases/README.md). */
#ifndef AUTHLETE_CASE_JSON_H
#define AUTHLETE_CASE_JSON_H

#include <jansson.h>
#include <stddef.h>

/* A new value: `v` with every "${path}", "${path|string}" and embedded ${path} replaced by the
 * saved values in `vars`. NULL (and a message in `why`) when a path is unknown. */
json_t *case_subst(const json_t *v, const json_t *vars, char *why, size_t why_len);

/* 1 if `actual` (NULL = missing) subset-matches `expected`; else 0 with a reason in `why`. */
int case_match(const json_t *expected, const json_t *actual, const char *at, char *why, size_t why_len);

/* JSON text read with every number jansson cannot hold exactly (an integer beyond int64, a
 * fraction beyond a double's precision or range) kept as a marked string; case_dumps writes
 * such strings back as the numbers. */
json_t *case_loads(const char *text);
/* json_dumps, then the marked numbers written back as numbers (malloc'd). */
char *case_dumps(const json_t *v, size_t flags);
char *case_mark_numbers(const char *text);
void case_unmark_numbers(char *text);

#endif
