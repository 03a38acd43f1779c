/* The checks the C test programs share: CHECK counts a check and reports a failed one with its
 * place (the program exits non-zero when `failures` is not 0), and two NULL-safe string tests. */
#ifndef AUTHLETE_TESTS_CHECK_H
#define AUTHLETE_TESTS_CHECK_H

#include <stdio.h>
#include <string.h>

static int failures, checks;

#define CHECK(cond)                                                                    \
    do {                                                                               \
        checks++;                                                                      \
        if (!(cond)) {                                                                 \
            failures++;                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
        }                                                                              \
    } while (0)

static inline int contains(const char *s, const char *part) { return s && part && strstr(s, part) != NULL; }
static inline int eq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

#endif
