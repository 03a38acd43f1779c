/* C-specific tests of libauthlete: NULL, invalid UTF-8 and invalid JSON inputs, unknown
 * operations, error accessors for every error kind, one client shared by 8 threads, async
 * calls with cancellation, the log callback, a pooled connection the server reset while idle;
 * `authlete_unit fork`: calls from forked children.
 * Needs AUTHLETE_EMULATOR_URL (tests/with-emulator.sh). */
#define _POSIX_C_SOURCE 200809L
#include <authlete.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "admin_http.h"
#include "check.h"

static const char *BASE;

static void sleep_ms(long ms) { nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL); }

static void admin(const char *what, const char *body) {
    char path[64], *resp = NULL;
    snprintf(path, sizeof path, "/__emulator/%s", what);
    int status = admin_post(BASE, path, body, &resp);
    if (status != 200) fprintf(stderr, "admin %s: HTTP %d %s\n", what, status, resp ? resp : "");
    CHECK(status == 200);
    free(resp);
}

static authlete_client *new_client(const char *extra) {
    char opts[1024];
    snprintf(opts, sizeof opts,
             "{\"serverURL\":\"%s\",\"security\":{\"bearer\":\"test-token\"},"
             "\"retryConfig\":{\"strategy\":\"none\"}%s}",
             BASE, extra ? extra : "");
    authlete_client *c = NULL;
    authlete_error *err = NULL;
    authlete_kind k = authlete_client_new(opts, &c, &err);
    if (k != AUTHLETE_OK) fprintf(stderr, "client_new: %s\n", authlete_error_message(err));
    CHECK(k == AUTHLETE_OK && c != NULL && err == NULL);
    authlete_error_free(err);
    return c;
}

/* An SDKValidationError naming `field` (if not NULL) and mentioning `text` (if not NULL). */
static void expect_validation(authlete_kind k, authlete_error *err, const char *field, const char *text) {
    CHECK(k == AUTHLETE_SDK_VALIDATION_ERROR);
    CHECK(authlete_error_kind(err) == AUTHLETE_SDK_VALIDATION_ERROR);
    CHECK(eq(authlete_error_kind_name(err), "SDKValidationError"));
    CHECK(authlete_error_status(err) == 0);
    CHECK(authlete_error_body(err) == NULL && authlete_error_result_code(err) == NULL);
    if (field && !eq(authlete_error_field(err), field))
        fprintf(stderr, "  field: want %s, got %s (%s)\n", field, authlete_error_field(err), authlete_error_message(err));
    if (field) CHECK(eq(authlete_error_field(err), field));
    if (text && !contains(authlete_error_message(err), text))
        fprintf(stderr, "  message: want '%s' in '%s'\n", text, authlete_error_message(err));
    if (text) CHECK(contains(authlete_error_message(err), text));
    authlete_error_free(err);
}

/* Runs `call` (which writes `err`) first, then checks the error it stored. */
#define EXPECT_VALIDATION(call, field, text)              \
    do {                                                  \
        err = NULL;                                       \
        authlete_kind k_ = (call);                        \
        expect_validation(k_, err, field, text);          \
    } while (0)

static void test_null_inputs(authlete_client *c) {
    authlete_error *err = NULL;
    char *json = (char *)"untouched";
    EXPECT_VALIDATION(authlete_client_new("{}", NULL, &err), "out", "NULL");
    err = NULL;
    CHECK(authlete_call(NULL, "clients.get", "{}", &json, &err) == AUTHLETE_SDK_VALIDATION_ERROR);
    CHECK(json == NULL);
    expect_validation(AUTHLETE_SDK_VALIDATION_ERROR, err, "client", "NULL");
    EXPECT_VALIDATION(authlete_call(c, NULL, "{}", &json, &err), "operation", "NULL");
    EXPECT_VALIDATION(authlete_call(c, "clients.get", NULL, &json, &err), "request_json", "NULL");
    EXPECT_VALIDATION(authlete_clients_get(c, NULL, "1", NULL, &json, &err), "serviceId", "NULL");
    EXPECT_VALIDATION(authlete_clients_update_secret(c, "s1", "1", NULL, NULL, &json, &err), "clientSecretUpdateRequest", "NULL");
    /* err == NULL is allowed: only the kind comes back. */
    CHECK(authlete_call(c, "clients.get", NULL, NULL, NULL) == AUTHLETE_SDK_VALIDATION_ERROR);
    /* Accessors and free functions accept NULL. */
    CHECK(authlete_error_kind(NULL) == AUTHLETE_OK && authlete_error_status(NULL) == 0);
    CHECK(authlete_error_message(NULL) == NULL && authlete_error_result_code(NULL) == NULL);
    CHECK(authlete_error_result_message(NULL) == NULL && authlete_error_body(NULL) == NULL);
    CHECK(authlete_error_content_type(NULL) == NULL && authlete_error_field(NULL) == NULL);
    authlete_client_free(NULL);
    authlete_string_free(NULL);
    authlete_error_free(NULL);
    authlete_cancel_free(NULL);
    authlete_cancel_request(NULL);
    /* NULL options = defaults (server from AUTHLETE_SERVER_URL). */
    authlete_client *d = NULL;
    CHECK(authlete_client_new(NULL, &d, &err) == AUTHLETE_OK && d != NULL && err == NULL);
    authlete_client_free(d);
}

static void test_invalid_utf8(authlete_client *c) {
    authlete_error *err = NULL;
    char *json = NULL;
    EXPECT_VALIDATION(authlete_call(c, "clients.\xff", "{}", &json, &err), "operation", "UTF-8");
    EXPECT_VALIDATION(authlete_call(c, "clients.get", "{\"serviceId\":\"\xc3\x28\"}", &json, &err), "request_json", "UTF-8");
    EXPECT_VALIDATION(authlete_clients_get(c, "s1", "\xe2\x82", NULL, &json, &err), "clientId", "UTF-8");
    EXPECT_VALIDATION(authlete_call_with_options(c, "clients.get", "{}", "{\"x\":\"\xff\"}", &json, &err), "options_json", "UTF-8");
    authlete_client *d = NULL;
    EXPECT_VALIDATION(authlete_client_new("{\"userAgent\":\"\xff\"}", &d, &err), "options_json", "UTF-8");
    CHECK(d == NULL && json == NULL);
}

static void test_invalid_json(authlete_client *c) {
    authlete_error *err = NULL;
    char *json = NULL;
    EXPECT_VALIDATION(authlete_call(c, "clients.get", "{\"serviceId\": ", &json, &err), NULL,
                      "line 1 column 14");
    EXPECT_VALIDATION(authlete_call(c, "clients.get", "{\"serviceId\":\"s1\",\"clientId\":1}", &json, &err), "clientId", NULL);
    EXPECT_VALIDATION(authlete_call(c, "clients.create", "{\"serviceId\":\"s1\",\"client\":{\"clientName\":5}}",
                                    &json, &err), "client.clientName", NULL);
    EXPECT_VALIDATION(authlete_clients_create(c, "s1", "{\"clientName\":", NULL, &json, &err), "client",
                      "line 1 column 14");
    EXPECT_VALIDATION(authlete_call_with_options(c, "clients.get", "{\"serviceId\":\"s1\",\"clientId\":\"1\"}",
                                                 "{\"timeoutMs\":}", &json, &err), NULL, "line 1 column 14");
    authlete_client *d = NULL;
    EXPECT_VALIDATION(authlete_client_new("{\"serverURL\":", &d, &err), NULL, "line 1 column 13");
    EXPECT_VALIDATION(authlete_client_new("{\"bogus\":1}", &d, &err), NULL, "bogus");
    EXPECT_VALIDATION(authlete_call(c, "clients.nope", "{}", &json, &err), "operation", "clients.nope");
    CHECK(d == NULL && json == NULL);
}

static void test_success_and_void(authlete_client *c) {
    char *json = NULL;
    authlete_error *err = NULL;
    CHECK(authlete_clients_create(c, "s1", "{\"clientName\":\"unit\"}", NULL, &json, &err) == AUTHLETE_OK);
    CHECK(err == NULL && contains(json, "\"clientName\":\"unit\""));
    char id[64] = "";
    const char *p = json ? strstr(json, "\"clientId\":") : NULL;
    if (p) snprintf(id, sizeof id, "%lld", strtoll(p + 11, NULL, 10));
    authlete_string_free(json);
    json = (char *)"untouched";
    int32_t start = 0, end = 10;
    CHECK(authlete_clients_get_list(c, "s1", NULL, &start, &end, NULL, &json, &err) == AUTHLETE_OK);
    CHECK(contains(json, id));
    authlete_string_free(json);
    char req[128];
    snprintf(req, sizeof req, "{\"serviceId\":\"s1\",\"clientId\":\"%s\"}", id);
    /* Void operations: success with no result. */
    json = (char *)"untouched";
    CHECK(authlete_call(c, "clients.deleteRequestableScopes", req, &json, &err) == AUTHLETE_OK);
    CHECK(json == NULL && err == NULL);
    CHECK(authlete_clients_delete(c, "s1", id, NULL, &err) == AUTHLETE_OK && err == NULL);
    CHECK(authlete_call(c, "clients.get", req, NULL, &err) == AUTHLETE_RESULT_ERROR);
    CHECK(authlete_error_status(err) == 404 || authlete_error_status(err) == 400);
    authlete_error_free(err);
    /* The header's compile-time version is the loaded library's. */
    CHECK(eq(authlete_version(), AUTHLETE_VERSION));
    char numbered[32];
    snprintf(numbered, sizeof numbered, "%d.%d.%d", AUTHLETE_VERSION_MAJOR, AUTHLETE_VERSION_MINOR,
             AUTHLETE_VERSION_PATCH);
    CHECK(eq(authlete_version(), numbered));
    CHECK(AUTHLETE_VERSION_NUM ==
          ((AUTHLETE_VERSION_MAJOR << 16) | (AUTHLETE_VERSION_MINOR << 8) | AUTHLETE_VERSION_PATCH));
}

/* ---- error accessors for every kind ---- */
static authlete_kind get(authlete_client *c, const char *options, authlete_error **err) {
    char *json = NULL;
    authlete_kind k = authlete_call_with_options(c, "clients.get", "{\"serviceId\":\"s1\",\"clientId\":\"10000000000001\"}",
                                                 options, &json, err);
    CHECK(json == NULL);
    return k;
}

struct pending {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int done;
    authlete_kind kind;
    char *json;
    authlete_error *err;
};

static void on_done(void *ud, authlete_kind kind, char *json, authlete_error *err) {
    struct pending *p = ud;
    pthread_mutex_lock(&p->lock);
    p->kind = kind, p->json = json, p->err = err, p->done = 1;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
}

static void wait_done(struct pending *p) {
    pthread_mutex_lock(&p->lock);
    while (!p->done) pthread_cond_wait(&p->cond, &p->lock);
    pthread_mutex_unlock(&p->lock);
}

static void test_error_kinds(authlete_client *c) {
    authlete_error *err = NULL;
    CHECK(AUTHLETE_OK == 0 && AUTHLETE_RESULT_ERROR == 1 && AUTHLETE_REQUEST_ABORTED_ERROR == 7);
    CHECK(AUTHLETE_UNEXPECTED_CLIENT_ERROR == 8 && eq(authlete_kind_name(8), "UnexpectedClientError"));
    CHECK(eq(authlete_kind_name(0), "OK") && eq(authlete_kind_name(2), "AuthleteDefaultError"));
    CHECK(eq(authlete_kind_name(99), "Unknown") && eq(authlete_kind_name(-1), "Unknown"));

    admin("fault", "{\"op\":\"clients.get\",\"status\":403,\"body\":\"{\\\"resultCode\\\":\\\"A001215\\\","
                   "\\\"resultMessage\\\":\\\"[A001215] The client is locked.\\\"}\"}");
    CHECK(get(c, NULL, &err) == AUTHLETE_RESULT_ERROR);
    CHECK(authlete_error_kind(err) == AUTHLETE_RESULT_ERROR && eq(authlete_error_kind_name(err), "ResultError"));
    CHECK(authlete_error_status(err) == 403 && eq(authlete_error_result_code(err), "A001215"));
    CHECK(eq(authlete_error_result_message(err), "[A001215] The client is locked."));
    CHECK(contains(authlete_error_body(err), "A001215") && contains(authlete_error_content_type(err), "json"));
    CHECK(authlete_error_field(err) == NULL && contains(authlete_error_message(err), "A001215"));
    CHECK(authlete_error_reason(err) == NULL && authlete_error_attempts(err) == 0);
    CHECK(contains(authlete_error_header(err, "Content-Type"), "json") && authlete_error_header(err, "x-none") == NULL);
    CHECK(authlete_error_header(err, NULL) == NULL && authlete_error_header(NULL, "content-type") == NULL);
    authlete_error_free(err);

    admin("fault", "{\"op\":\"clients.get\",\"status\":404,\"body\":\"Not Found\",\"contentType\":\"text/plain\"}");
    CHECK(get(c, NULL, &err) == AUTHLETE_DEFAULT_ERROR);
    CHECK(eq(authlete_error_kind_name(err), "AuthleteDefaultError") && authlete_error_status(err) == 404);
    CHECK(eq(authlete_error_body(err), "Not Found") && contains(authlete_error_content_type(err), "text/plain"));
    CHECK(authlete_error_result_code(err) == NULL && authlete_error_result_message(err) == NULL);
    CHECK(authlete_error_field(err) == NULL && contains(authlete_error_message(err), "404"));
    authlete_error_free(err);

    admin("fault", "{\"op\":\"clients.get\",\"status\":200,\"body\":\"{\\\"clientId\\\":\\\"x\\\"}\"}");
    CHECK(get(c, NULL, &err) == AUTHLETE_RESPONSE_VALIDATION_ERROR);
    CHECK(eq(authlete_error_kind_name(err), "ResponseValidationError") && authlete_error_status(err) == 200);
    CHECK(contains(authlete_error_body(err), "clientId") && authlete_error_result_code(err) == NULL);
    CHECK(authlete_error_field(err) == NULL && authlete_error_reason(err) != NULL);
    authlete_error_free(err);

    authlete_client *dead = NULL;
    CHECK(authlete_client_new("{\"serverURL\":\"http://127.0.0.1:9\",\"security\":{\"bearer\":\"t\"},"
                              "\"retryConfig\":{\"strategy\":\"none\"}}",
                              &dead, &err) == AUTHLETE_OK);
    CHECK(get(dead, NULL, &err) == AUTHLETE_CONNECTION_ERROR);
    CHECK(eq(authlete_error_kind_name(err), "ConnectionError") && authlete_error_status(err) == 0);
    CHECK(authlete_error_body(err) == NULL && authlete_error_content_type(err) == NULL);
    CHECK(authlete_error_message(err) != NULL && authlete_error_field(err) == NULL);
    CHECK(authlete_error_attempts(err) == 1 && authlete_error_reason(err) != NULL);
    CHECK(authlete_error_header(err, "content-type") == NULL);
    authlete_error_free(err);
    authlete_client_free(dead);

    admin("fault", "{\"op\":\"clients.get\",\"delayMs\":3000}");
    CHECK(get(c, "{\"timeoutMs\":200}", &err) == AUTHLETE_REQUEST_TIMEOUT_ERROR);
    CHECK(eq(authlete_error_kind_name(err), "RequestTimeoutError") && authlete_error_status(err) == 0);
    CHECK(authlete_error_body(err) == NULL && authlete_error_message(err) != NULL);
    authlete_error_free(err);

    admin("fault", "{\"op\":\"clients.get\",\"delayMs\":3000}");
    struct pending p = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, AUTHLETE_OK, NULL, NULL};
    authlete_cancel *cancel = NULL;
    CHECK(authlete_call_async(c, "clients.get", "{\"serviceId\":\"s1\",\"clientId\":\"10000000000001\"}", NULL,
                              on_done, &p, &cancel, &err) == AUTHLETE_OK);
    CHECK(cancel != NULL && err == NULL);
    sleep_ms(100);
    authlete_cancel_request(cancel);
    wait_done(&p);
    authlete_cancel_free(cancel);
    CHECK(p.kind == AUTHLETE_REQUEST_ABORTED_ERROR && p.json == NULL);
    CHECK(eq(authlete_error_kind_name(p.err), "RequestAbortedError") && authlete_error_status(p.err) == 0);
    authlete_error_free(p.err);
}

static void test_async(authlete_client *c) {
    authlete_error *err = NULL;
    struct pending p = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, AUTHLETE_OK, NULL, NULL};
    /* The client may be freed while the call runs: the call keeps its own reference. */
    authlete_client *tmp = new_client(NULL);
    CHECK(authlete_call_async(tmp, "clients.getList", "{\"serviceId\":\"s1\"}", NULL, on_done, &p, NULL, &err) ==
          AUTHLETE_OK);
    authlete_client_free(tmp);
    wait_done(&p);
    CHECK(p.kind == AUTHLETE_OK && p.err == NULL && contains(p.json, "clients"));
    authlete_string_free(p.json);

    struct pending q = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, AUTHLETE_OK, NULL, NULL};
    CHECK(authlete_call_async(c, "clients.bogus", "{}", NULL, on_done, &q, NULL, &err) == AUTHLETE_OK);
    wait_done(&q);
    CHECK(q.kind == AUTHLETE_SDK_VALIDATION_ERROR && contains(authlete_error_message(q.err), "clients.bogus"));
    authlete_error_free(q.err);
    /* Refused before starting: NULL callback; the callback is never called then. */
    CHECK(authlete_call_async(c, "clients.get", "{}", NULL, NULL, NULL, NULL, &err) == AUTHLETE_SDK_VALIDATION_ERROR);
    CHECK(eq(authlete_error_field(err), "callback"));
    authlete_error_free(err);
}

/* ---- 8 threads sharing one client ---- */
#define THREADS 8
#define ROUNDS 5
struct worker {
    authlete_client *c;
    int index, ok;
};

static void *work(void *arg) {
    struct worker *w = arg;
    for (int i = 0; i < ROUNDS; i++) {
        char name[64], body[128], id[32] = "", *json = NULL;
        authlete_error *err = NULL;
        snprintf(name, sizeof name, "t%d-%d", w->index, i);
        snprintf(body, sizeof body, "{\"clientName\":\"%s\"}", name);
        if (authlete_clients_create(w->c, "threads", body, NULL, &json, &err) != AUTHLETE_OK) {
            fprintf(stderr, "thread %d: %s\n", w->index, authlete_error_message(err));
            authlete_error_free(err);
            continue;
        }
        const char *p = strstr(json, "\"clientId\":");
        if (p) snprintf(id, sizeof id, "%lld", strtoll(p + 11, NULL, 10));
        authlete_string_free(json);
        json = NULL;
        if (authlete_clients_get(w->c, "threads", id, NULL, &json, &err) == AUTHLETE_OK && contains(json, name))
            w->ok++;
        authlete_string_free(json);
        authlete_error_free(err);
    }
    return NULL;
}

static void test_threads(authlete_client *c) {
    pthread_t t[THREADS];
    struct worker w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (struct worker){c, i, 0};
        CHECK(pthread_create(&t[i], NULL, work, &w[i]) == 0);
    }
    int ok = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        ok += w[i].ok;
    }
    CHECK(ok == THREADS * ROUNDS);
    char *json = NULL;
    authlete_error *err = NULL;
    int32_t end = 1000;
    CHECK(authlete_clients_get_list(c, "threads", NULL, NULL, &end, NULL, &json, &err) == AUTHLETE_OK);
    CHECK(contains(json, "\"totalCount\":40"));
    authlete_string_free(json);
}

/* ---- logging ---- */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int log_lines, log_success, log_secret;

static void on_log(authlete_log_level level, const char *line, void *ud) {
    pthread_mutex_lock(&log_lock);
    log_lines++;
    if (level == AUTHLETE_LOG_INFO && contains(line, "call succeeded") && contains(line, "clients.getList")) log_success++;
    if (contains(line, "test-token") || contains(line, "s3cr3t")) log_secret++;
    CHECK(ud == (void *)&log_lines);
    pthread_mutex_unlock(&log_lock);
}

static void test_logging(authlete_client *c) {
    CHECK(authlete_set_log_callback(AUTHLETE_LOG_DEBUG, on_log, &log_lines) == AUTHLETE_OK);
    char *json = NULL;
    CHECK(authlete_call_with_options(c, "clients.getList", "{\"serviceId\":\"s1\"}",
                                     "{\"headers\":{\"X-Secret\":\"s3cr3t\"}}", &json, NULL) == AUTHLETE_OK);
    authlete_string_free(json);
    pthread_mutex_lock(&log_lock);
    CHECK(log_success == 1 && log_lines >= 1 && log_secret == 0);
    int seen = log_lines;
    pthread_mutex_unlock(&log_lock);
    CHECK(authlete_set_log_callback(AUTHLETE_LOG_OFF, on_log, &log_lines) == AUTHLETE_OK);
    json = NULL;
    CHECK(authlete_call(c, "clients.getList", "{\"serviceId\":\"s1\"}", &json, NULL) == AUTHLETE_OK);
    authlete_string_free(json);
    pthread_mutex_lock(&log_lock);
    CHECK(log_lines == seen);
    pthread_mutex_unlock(&log_lock);
    CHECK(authlete_set_log_callback(AUTHLETE_LOG_INFO, NULL, NULL) == AUTHLETE_OK);
}

/* ---- the per-attempt DEBUG record: one line per attempt, the same fields as every binding ---- */
#define MAX_ATTEMPT_LINES 8
static char *attempt_lines[MAX_ATTEMPT_LINES];
static int attempt_count, attempt_secret;

static void on_attempt_log(authlete_log_level level, const char *line, void *ud) {
    (void)ud;
    pthread_mutex_lock(&log_lock);
    if (contains(line, "test-token") || contains(line, "attempt-log-secret")) attempt_secret++;
    if (level == AUTHLETE_LOG_DEBUG && contains(line, ": attempt ")) {
        if (attempt_count < MAX_ATTEMPT_LINES) attempt_lines[attempt_count] = strdup(line);
        attempt_count++;
    }
    pthread_mutex_unlock(&log_lock);
}

/* The value of ` name=` in `line` as a number, or -1 when absent. */
static long field_of(const char *line, const char *name) {
    char key[32];
    snprintf(key, sizeof key, " %s=", name);
    const char *at = line ? strstr(line, key) : NULL;
    return at ? strtol(at + strlen(key), NULL, 10) : -1;
}

static void test_attempt_log(authlete_client *c) {
    admin("seed", "{\"serviceId\":\"s1\",\"clients\":[{\"clientId\":20000000000001,\"clientName\":\"a\","
                  "\"clientSecret\":\"attempt-log-secret\"}]}");
    admin("fault", "{\"op\":\"clients.get\",\"status\":503}");
    CHECK(authlete_set_log_callback(AUTHLETE_LOG_DEBUG, on_attempt_log, NULL) == AUTHLETE_OK);
    const char *retries = "{\"retries\":{\"strategy\":\"backoff\",\"backoff\":{\"initialInterval\":50,"
                          "\"maxInterval\":50,\"exponent\":1,\"maxElapsedTime\":3000},\"retryConnectionErrors\":true}}";
    char *json = NULL;
    authlete_error *err = NULL;
    CHECK(authlete_clients_get(c, "s1", "20000000000001", retries, &json, &err) == AUTHLETE_OK);
    CHECK(contains(json, "attempt-log-secret"));
    authlete_string_free(json);
    authlete_error_free(err);
    CHECK(authlete_set_log_callback(AUTHLETE_LOG_INFO, NULL, NULL) == AUTHLETE_OK);
    pthread_mutex_lock(&log_lock);
    CHECK(attempt_count == 2 && attempt_secret == 0);
    if (attempt_count == 2) {
        const char *first = attempt_lines[0], *second = attempt_lines[1];
        if (!contains(first, "DEBUG authlete::clients: attempt operation=clients.get attempt=1 status=503 duration_ms="))
            fprintf(stderr, "  first attempt: %s\n", first);
        CHECK(contains(first, "DEBUG authlete::clients: attempt operation=clients.get attempt=1 status=503 duration_ms="));
        CHECK(field_of(first, "duration_ms") >= 0);
        /* 50 ms +-25% jitter. */
        CHECK(field_of(first, "wait_ms") >= 37 && field_of(first, "wait_ms") <= 63);
        CHECK(contains(second, " attempt operation=clients.get attempt=2 status=200 duration_ms="));
        CHECK(field_of(second, "duration_ms") >= 0 && field_of(second, "wait_ms") == -1);
    }
    for (int i = 0; i < attempt_count && i < MAX_ATTEMPT_LINES; i++) free(attempt_lines[i]);
    pthread_mutex_unlock(&log_lock);
}

/* ---- a pooled connection the server reset while idle: the next call opens a new one ----
 * The server below answers each connection once, keep-alive, then resets it (RST), as a load
 * balancer's idle timeout does. Blocking calls run on a runtime nothing polls between calls;
 * the next call must still notice the reset and go out on a new connection, with no retry. */
struct reset_server {
    int fd, answered;
};

static void *serve_then_reset(void *arg) {
    struct reset_server *s = arg;
    static const char body[] = "{\"clientId\":1,\"clientName\":\"reset\"}";
    for (int i = 0; i < 4; i++) {
        int conn = accept(s->fd, NULL, NULL);
        if (conn < 0) return NULL;
        char buf[4096];
        size_t got = 0;
        ssize_t n;
        while (got < sizeof buf - 1 && (n = read(conn, buf + got, sizeof buf - 1 - got)) > 0) {
            got += (size_t)n;
            buf[got] = 0;
            if (strstr(buf, "\r\n\r\n")) break;
        }
        char resp[256];
        int len = snprintf(resp, sizeof resp,
                           "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                           sizeof body - 1, body);
        if (write(conn, resp, (size_t)len) == len) s->answered++;
        sleep_ms(20);
        struct linger reset = {1, 0};
        setsockopt(conn, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        close(conn);
    }
    return NULL;
}

static void test_reset_connection(void) {
    struct reset_server s = {socket(AF_INET, SOCK_STREAM, 0), 0};
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof addr;
    CHECK(s.fd >= 0 && bind(s.fd, (struct sockaddr *)&addr, sizeof addr) == 0 && listen(s.fd, 8) == 0);
    CHECK(getsockname(s.fd, (struct sockaddr *)&addr, &alen) == 0);
    pthread_t server;
    CHECK(pthread_create(&server, NULL, serve_then_reset, &s) == 0);
    char opts[256];
    snprintf(opts, sizeof opts,
             "{\"serverURL\":\"http://127.0.0.1:%d\",\"security\":{\"bearer\":\"t\"},"
             "\"retryConfig\":{\"strategy\":\"none\"}}",
             ntohs(addr.sin_port));
    authlete_client *c = NULL;
    authlete_error *err = NULL;
    CHECK(authlete_client_new(opts, &c, &err) == AUTHLETE_OK);
    for (int round = 0; round < 2; round++) {
        char *json = NULL;
        authlete_kind k = authlete_clients_get(c, "s1", "1", NULL, &json, &err);
        if (k != AUTHLETE_OK)
            fprintf(stderr, "round %d: %s: %s\n", round, authlete_error_kind_name(err), authlete_error_message(err));
        CHECK(k == AUTHLETE_OK && contains(json, "reset"));
        authlete_string_free(json);
        authlete_error_free(err);
        err = NULL;
        /* The server resets the connection after 20 ms; the next call finds it in the pool. */
        sleep_ms(100);
    }
    authlete_client_free(c);
    shutdown(s.fd, SHUT_RDWR);
    close(s.fd);
    pthread_join(server, NULL);
    CHECK(s.answered >= 2);
}

/* ---- fork: a child process can call, with the client it inherited and with a new one ---- */

/* `get` of the client c0 stored in the emulator beforehand: 1 when it answered with it, else 0 (and why on stderr). */
static int get_c0(authlete_client *c) {
    char *json = NULL;
    authlete_error *err = NULL;
    authlete_kind k = authlete_clients_get(c, "s1", "10000000000001", NULL, &json, &err);
    int ok = k == AUTHLETE_OK && contains(json, "\"clientName\":\"c0\"");
    if (!ok) fprintf(stderr, "child: %s\n", err ? authlete_error_message(err) : "unexpected result");
    authlete_string_free(json);
    authlete_error_free(err);
    return ok;
}

/* In a forked child: a blocking call with the inherited client, one with a new client, and an
 * async call. A child that hangs (waiting for a thread or a connection of its parent's) is
 * killed by the alarm. Returns the child's exit code, or -1. */
static int exit_code_of_child(authlete_client *inherited) {
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        alarm(20);
        int ok = get_c0(inherited);
        authlete_client *fresh = new_client(NULL);
        ok = ok && fresh && get_c0(fresh);
        authlete_client_free(fresh);
        struct pending p = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, AUTHLETE_OK, NULL, NULL};
        authlete_error *err = NULL;
        ok = ok && authlete_call_async(inherited, "clients.getList", "{\"serviceId\":\"s1\"}", NULL, on_done, &p,
                                       NULL, &err) == AUTHLETE_OK;
        if (ok) {
            wait_done(&p);
            ok = p.kind == AUTHLETE_OK && contains(p.json, "\"totalCount\":1");
            authlete_string_free(p.json);
            authlete_error_free(p.err);
        }
        _exit(ok ? 0 : 2);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void *slow_get(void *arg) {
    CHECK(get_c0(arg));
    return NULL;
}

/* How many `get` requests the emulator has seen, or -1. */
static long gets_seen(void) {
    char *resp = NULL;
    int status = admin_post(BASE, "/__emulator/log", "{\"op\":\"clients.get\"}", &resp);
    const char *count = status == 200 && resp ? strstr(resp, "\"count\":") : NULL;
    long n = count ? strtol(count + 8, NULL, 10) : -1;
    free(resp);
    return n;
}

/* Not run under valgrind (see CMakeLists.txt): a child leaks its parent's runtimes by design. */
static int fork_main(void) {
    admin("reset", "{}");
    admin("seed", "{\"serviceId\":\"s1\",\"clients\":[{\"clientId\":10000000000001,\"clientName\":\"c0\"}]}");
    authlete_client *c = new_client(NULL);
    /* The runtimes and a pooled connection exist before the fork. */
    CHECK(get_c0(c));
    CHECK(exit_code_of_child(c) == 0);

    /* Forked while another thread waits in a blocking call: that thread drives the runtime
     * only one thread drives at a time; the child inherits the claim but not the thread. */
    admin("fault", "{\"op\":\"clients.get\",\"delayMs\":1500}");
    long before = gets_seen();
    pthread_t slow;
    CHECK(pthread_create(&slow, NULL, slow_get, c) == 0);
    for (int i = 0; i < 200 && gets_seen() != before + 1; i++) sleep_ms(20);
    CHECK(before >= 0 && gets_seen() == before + 1);
    CHECK(exit_code_of_child(c) == 0);
    pthread_join(slow, NULL);
    /* The parent's client still works. */
    CHECK(get_c0(c));
    authlete_client_free(c);
    printf("c fork tests: %d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
    BASE = getenv("AUTHLETE_EMULATOR_URL");
    if (!BASE) {
        fprintf(stderr, "AUTHLETE_EMULATOR_URL is not set (run through tests/with-emulator.sh)\n");
        return 2;
    }
    if (argc > 1 && strcmp(argv[1], "fork") == 0) return fork_main();
    admin("reset", "{}");
    authlete_client *c = new_client(NULL);
    test_null_inputs(c);
    test_invalid_utf8(c);
    test_invalid_json(c);
    test_success_and_void(c);
    test_error_kinds(c);
    test_async(c);
    test_threads(c);
    test_logging(c);
    test_attempt_log(c);
    test_reset_connection();
    authlete_client_free(c);
    printf("c unit tests: %d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
