/* The pagers (authlete_clients_get_list_pages, authlete_clients_get_authorized_applications_pages,
 * authlete_pager_next, authlete_pager_free) against the emulator: pages in order, the end
 * (with no request past it), bad input refused before any request, an error mid-way after
 * which the same page is asked again, a pager that outlives its client. Run under valgrind by
 * `make test-c`: every page and error handed out is freed here, so a leak fails the test.
 * Needs AUTHLETE_EMULATOR_URL (tests/with-emulator.sh). */
#define _POSIX_C_SOURCE 200809L
#include <authlete.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_http.h"
#include "check.h"

static const char *BASE;

/* POSTs to the admin API; returns the answer (caller frees) or NULL. */
static char *admin(const char *what, const char *body) {
    char path[64], *resp = NULL;
    snprintf(path, sizeof path, "/__emulator/%s", what);
    int status = admin_post(BASE, path, body, &resp);
    if (status != 200) fprintf(stderr, "admin %s: HTTP %d %s\n", what, status, resp ? resp : "");
    CHECK(status == 200);
    return resp;
}

static void admin_ok(const char *what, const char *body) { free(admin(what, body)); }

/* How many requests of operation `op` the emulator has seen. */
static long requests_of(const char *op) {
    char body[96];
    snprintf(body, sizeof body, "{\"op\":\"%s\"}", op);
    char *resp = admin("log", body);
    const char *count = resp ? strstr(resp, "\"count\":") : NULL;
    long n = count ? strtol(count + 8, NULL, 10) : -1;
    free(resp);
    return n;
}

/* How many times `part` occurs in `s`. */
static int occurrences(const char *s, const char *part) {
    int n = 0;
    for (const char *at = s ? strstr(s, part) : NULL; at; at = strstr(at + 1, part)) n++;
    return n;
}

static authlete_client *new_client(void) {
    char opts[512];
    snprintf(opts, sizeof opts,
             "{\"serverURL\":\"%s\",\"security\":{\"bearer\":\"pager-token\"},\"retryConfig\":{\"strategy\":\"none\"}}",
             BASE);
    authlete_client *c = NULL;
    CHECK(authlete_client_new(opts, &c, NULL) == AUTHLETE_OK && c != NULL);
    return c;
}

/* Seven clients p0..p6 in service "pg"; john authorized the first five. */
static void seed(void) {
    admin_ok("reset", "{}");
    char body[2048] = "{\"serviceId\":\"pg\",\"clients\":[";
    for (int i = 0; i < 7; i++) {
        char one[96];
        snprintf(one, sizeof one, "%s{\"clientId\":%d,\"clientName\":\"p%d\"}", i ? "," : "", 3001 + i, i);
        strcat(body, one);
    }
    strcat(body, "],\"authorizations\":[");
    for (int i = 0; i < 5; i++) {
        char one[96];
        snprintf(one, sizeof one, "%s{\"clientId\":%d,\"subject\":\"john\",\"scopes\":[\"openid\"]}", i ? "," : "",
                 3001 + i);
        strcat(body, one);
    }
    strcat(body, "]}");
    admin_ok("seed", body);
}

/* The next page, checked to be a success; NULL at the end. */
static char *next_page(authlete_pager *p) {
    char *page = (char *)"unset";
    authlete_error *err = NULL;
    authlete_kind k = authlete_pager_next(p, &page, &err);
    if (k != AUTHLETE_OK) fprintf(stderr, "  pager_next: %s\n", authlete_error_message(err));
    CHECK(k == AUTHLETE_OK && err == NULL);
    authlete_error_free(err);
    return page;
}

static void test_clients_in_pages(authlete_client *c) {
    authlete_pager *p = NULL;
    authlete_error *err = NULL;
    CHECK(authlete_clients_get_list_pages(c, "pg", NULL, 3, NULL, &p, &err) == AUTHLETE_OK && p && !err);
    CHECK(requests_of("clients.getList") == 0); /* nothing is sent before the first page */
    const char *want[3][3] = {{"p0", "p1", "p2"}, {"p3", "p4", "p5"}, {"p6", NULL, NULL}};
    for (int i = 0; i < 3; i++) {
        char *page = next_page(p);
        CHECK(contains(page, "\"totalCount\":7"));
        CHECK(occurrences(page, "\"clientName\"") == (i < 2 ? 3 : 1));
        for (int j = 0; j < 3 && want[i][j]; j++) {
            char name[32];
            snprintf(name, sizeof name, "\"clientName\":\"%s\"", want[i][j]);
            CHECK(contains(page, name));
        }
        authlete_string_free(page);
    }
    /* The end: OK and no page, again and again, and no request past the last page. */
    CHECK(next_page(p) == NULL);
    CHECK(next_page(p) == NULL);
    CHECK(requests_of("clients.getList") == 3);
    authlete_pager_free(p);

    /* A page that reaches totalCount is the last: no empty page is asked for after it. */
    seed();
    CHECK(authlete_clients_get_list_pages(c, "pg", NULL, 7, NULL, &p, NULL) == AUTHLETE_OK);
    char *page = next_page(p);
    CHECK(occurrences(page, "\"clientName\"") == 7);
    authlete_string_free(page);
    CHECK(next_page(p) == NULL);
    CHECK(requests_of("clients.getList") == 1);
    authlete_pager_free(p);

    /* An empty listing: one page with no clients, then the end. */
    CHECK(authlete_clients_get_list_pages(c, "empty-service", NULL, 3, NULL, &p, NULL) == AUTHLETE_OK);
    page = next_page(p);
    CHECK(contains(page, "\"totalCount\":0") && occurrences(page, "\"clientName\"") == 0);
    authlete_string_free(page);
    CHECK(next_page(p) == NULL);
    authlete_pager_free(p);
}

static void test_authorized_applications_in_pages(authlete_client *c) {
    authlete_pager *p = NULL;
    CHECK(authlete_clients_get_authorized_applications_pages(c, "pg", "john", NULL, 2, NULL, &p, NULL) ==
          AUTHLETE_OK);
    int sizes[3] = {2, 2, 1}, seen = 0;
    for (int i = 0; i < 3; i++) {
        char *page = next_page(p);
        CHECK(contains(page, "\"subject\":\"john\"") && contains(page, "\"totalCount\":5"));
        CHECK(occurrences(page, "\"clientName\"") == sizes[i]);
        char name[32];
        snprintf(name, sizeof name, "\"clientName\":\"p%d\"", 2 * i);
        CHECK(contains(page, name));
        seen += occurrences(page, "\"clientName\"");
        authlete_string_free(page);
    }
    CHECK(seen == 5);
    CHECK(next_page(p) == NULL);
    CHECK(requests_of("clients.getAuthorizedApplications") == 3);
    authlete_pager_free(p);
}

/* A validation error on `field`, nothing made. The call runs first: C leaves the order of a
 * call's arguments open, so `p` and `err` are read only after it. */
static void check_refused(authlete_kind k, authlete_pager *p, authlete_error *err, const char *field) {
    CHECK(k == AUTHLETE_SDK_VALIDATION_ERROR && p == NULL);
    CHECK(authlete_error_kind(err) == AUTHLETE_SDK_VALIDATION_ERROR);
    if (!eq(authlete_error_field(err), field))
        fprintf(stderr, "  field: want %s, got %s (%s)\n", field, authlete_error_field(err), authlete_error_message(err));
    CHECK(eq(authlete_error_field(err), field));
    authlete_error_free(err);
}
#define EXPECT_REFUSED(call, field)                  \
    do {                                             \
        p = (authlete_pager *)&p; /* must be cleared */ \
        err = NULL;                                  \
        authlete_kind k_ = (call);                   \
        check_refused(k_, p, err, field);            \
    } while (0)

static void test_bad_input(authlete_client *c) {
    long before = requests_of("clients.getList") + requests_of("clients.getAuthorizedApplications");
    authlete_pager *p = NULL;
    authlete_error *err = NULL;
    EXPECT_REFUSED(authlete_clients_get_list_pages(c, NULL, NULL, 3, NULL, &p, &err), "serviceId");
    EXPECT_REFUSED(authlete_clients_get_list_pages(c, "", NULL, 3, NULL, &p, &err), "serviceId");
    EXPECT_REFUSED(authlete_clients_get_list_pages(c, "pg", NULL, 0, NULL, &p, &err), "pageSize");
    EXPECT_REFUSED(authlete_clients_get_list_pages(c, "pg", NULL, -5, NULL, &p, &err), "pageSize");
    EXPECT_REFUSED(authlete_clients_get_list_pages(c, "pg", "\xff", 3, NULL, &p, &err), "developer");
    /* Options are checked as the pager is made, values included. */
    EXPECT_REFUSED(authlete_clients_get_list_pages(c, "pg", NULL, 3, "{\"timeoutMs\":0}", &p, &err), "timeoutMs");
    EXPECT_REFUSED(authlete_clients_get_list_pages(c, "pg", NULL, 3, "{\"nope\":1}", &p, &err), "nope");
    EXPECT_REFUSED(authlete_clients_get_list_pages(NULL, "pg", NULL, 3, NULL, &p, &err), "client");
    EXPECT_REFUSED(authlete_clients_get_authorized_applications_pages(c, "pg", NULL, NULL, 3, NULL, &p, &err),
                   "subject");
    /* Named as the typed function's request names it: the subject's use in the path. */
    EXPECT_REFUSED(authlete_clients_get_authorized_applications_pages(c, "pg", "..", NULL, 3, NULL, &p, &err),
                   "subjectPathParameter");
    CHECK(authlete_clients_get_list_pages(c, "pg", NULL, 3, NULL, NULL, &err) == AUTHLETE_SDK_VALIDATION_ERROR);
    CHECK(eq(authlete_error_field(err), "out"));
    authlete_error_free(err);

    char *page = (char *)"unset";
    CHECK(authlete_pager_next(NULL, &page, &err) == AUTHLETE_SDK_VALIDATION_ERROR && page == NULL);
    CHECK(eq(authlete_error_field(err), "pager"));
    authlete_error_free(err);
    CHECK(authlete_clients_get_list_pages(c, "pg", NULL, 3, NULL, &p, NULL) == AUTHLETE_OK);
    CHECK(authlete_pager_next(p, NULL, &err) == AUTHLETE_SDK_VALIDATION_ERROR);
    CHECK(eq(authlete_error_field(err), "page_json"));
    authlete_error_free(err);
    authlete_pager_free(p);
    authlete_pager_free(NULL);
    CHECK(requests_of("clients.getList") + requests_of("clients.getAuthorizedApplications") == before);
}

static void test_error_mid_way(authlete_client *c) {
    authlete_pager *p = NULL;
    CHECK(authlete_clients_get_list_pages(c, "pg", NULL, 3, NULL, &p, NULL) == AUTHLETE_OK);
    char *page = next_page(p);
    CHECK(contains(page, "\"clientName\":\"p0\""));
    authlete_string_free(page);

    admin_ok("fault", "{\"op\":\"clients.getList\",\"status\":503}");
    authlete_error *err = NULL;
    page = (char *)"unset";
    CHECK(authlete_pager_next(p, &page, &err) == AUTHLETE_DEFAULT_ERROR && page == NULL);
    CHECK(authlete_error_kind(err) == AUTHLETE_DEFAULT_ERROR && authlete_error_status(err) == 503);
    CHECK(!contains(authlete_error_message(err), "pager-token"));
    authlete_error_free(err);

    /* The pager is where it was: the same page is asked again, then the rest. */
    page = next_page(p);
    CHECK(contains(page, "\"clientName\":\"p3\"") && occurrences(page, "\"clientName\"") == 3);
    authlete_string_free(page);
    page = next_page(p);
    CHECK(contains(page, "\"clientName\":\"p6\"") && occurrences(page, "\"clientName\"") == 1);
    authlete_string_free(page);
    CHECK(next_page(p) == NULL);
    authlete_pager_free(p);
}

static void test_pager_outlives_client(void) {
    authlete_client *c = new_client();
    authlete_pager *p = NULL;
    CHECK(authlete_clients_get_list_pages(c, "pg", NULL, 5, NULL, &p, NULL) == AUTHLETE_OK);
    authlete_client_free(c);
    char *page = next_page(p);
    CHECK(occurrences(page, "\"clientName\"") == 5);
    authlete_string_free(page);
    page = next_page(p);
    CHECK(occurrences(page, "\"clientName\"") == 2);
    authlete_string_free(page);
    CHECK(next_page(p) == NULL);
    authlete_pager_free(p);
}

int main(void) {
    BASE = getenv("AUTHLETE_EMULATOR_URL");
    if (!BASE) {
        fprintf(stderr, "AUTHLETE_EMULATOR_URL is not set (run through tests/with-emulator.sh)\n");
        return 2;
    }
    authlete_client *c = new_client();
    seed();
    test_clients_in_pages(c);
    seed();
    test_authorized_applications_in_pages(c);
    test_bad_input(c);
    test_error_mid_way(c);
    test_pager_outlives_client();
    authlete_client_free(c);
    printf("c pager tests: %d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
