/* Runs every shared case (tests/cases, every .json file) through the C binding against the emulator.
 * Calls go through the typed functions when the request fits their signature, otherwise
 * (deliberately invalid requests) through authlete_call(); `abortAfterMs` uses
 * authlete_call_async() and authlete_cancel_request(). Prints "c cases: N passed, M failed"
 * and exits non-zero if any case failed or was not executed. */
#define _POSIX_C_SOURCE 200809L
#include <authlete.h>
#include <dirent.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin_http.h"
#include "case_json.h"
#include "typed_dispatch.h"

static const char *BASE;

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* ---- asynchronous calls (abortAfterMs) ---- */
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
    p->kind = kind;
    p->json = json;
    p->err = err;
    p->done = 1;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
}

static authlete_kind call_aborted(authlete_client *c, const char *op, const char *req, const char *opts,
                                  long abort_ms, char **json, authlete_error **err) {
    struct pending p = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, AUTHLETE_OK, NULL, NULL};
    authlete_cancel *cancel = NULL;
    authlete_kind k = authlete_call_async(c, op, req, opts, on_done, &p, &cancel, err);
    if (k != AUTHLETE_OK) return k;
    sleep_ms(abort_ms);
    authlete_cancel_request(cancel);
    pthread_mutex_lock(&p.lock);
    while (!p.done) pthread_cond_wait(&p.cond, &p.lock);
    pthread_mutex_unlock(&p.lock);
    authlete_cancel_free(cancel);
    *json = p.json;
    *err = p.err;
    return p.kind;
}

/* ---- steps ---- */
static int admin_step(const json_t *step, json_t *vars, char *why, size_t n) {
    const char *what = json_string_value(json_object_get(step, "admin"));
    json_t *body_t = json_object_get(step, "body");
    json_t *body = body_t ? case_subst(body_t, vars, why, n) : json_object();
    json_t *expect_t = json_object_get(step, "expect");
    json_t *expect = expect_t ? case_subst(expect_t, vars, why, n) : NULL;
    if (!body || (expect_t && !expect)) {
        json_decref(body);
        return 0;
    }
    char *body_s = case_dumps(body, JSON_COMPACT);
    char path[128];
    snprintf(path, sizeof path, "/__emulator/%s", what ? what : "?");
    json_int_t wait = json_integer_value(json_object_get(step, "waitMs"));
    double until = now_ms() + (double)wait;
    int ok = 0;
    for (;;) {
        char *resp = NULL;
        int status = admin_post(BASE, path, body_s, &resp);
        json_t *r = resp ? case_loads(resp) : NULL;
        if (status < 200 || status > 299) {
            snprintf(why, n, "admin %s: HTTP %d %.200s", what, status, resp ? resp : "");
        } else if (!r) {
            snprintf(why, n, "admin %s: response is not JSON", what);
        } else if (!expect || case_match(expect, r, "admin", why, n)) {
            const char *save = json_string_value(json_object_get(step, "save"));
            if (save) json_object_set(vars, save, r);
            ok = 1;
        }
        free(resp);
        json_decref(r);
        if (ok || status < 200 || status > 299 || now_ms() >= until) break;
        sleep_ms(50);
    }
    free(body_s);
    json_decref(body);
    json_decref(expect);
    return ok;
}

static int check_error(const json_t *exp, authlete_kind kind, const authlete_error *err, const char *json,
                       char *why, size_t n) {
    const char *want = json_string_value(json_object_get(exp, "kind"));
    const char *got = authlete_kind_name((int)kind);
    if (!want || strcmp(want, got) != 0) {
        snprintf(why, n, "expected %s, got %s: %.300s", want ? want : "?", got,
                 err ? authlete_error_message(err) : (json ? json : ""));
        return 0;
    }
    json_t *status = json_object_get(exp, "status");
    if (status && json_integer_value(status) != authlete_error_status(err)) {
        snprintf(why, n, "expected status %d, got %d (%s)", (int)json_integer_value(status),
                 authlete_error_status(err), authlete_error_message(err));
        return 0;
    }
    const char *code = json_string_value(json_object_get(exp, "resultCode"));
    const char *got_code = authlete_error_result_code(err);
    if (code && (!got_code || strcmp(code, got_code) != 0)) {
        snprintf(why, n, "expected resultCode %s, got %s", code, got_code ? got_code : "(none)");
        return 0;
    }
    const char *field = json_string_value(json_object_get(exp, "field"));
    const char *got_field = authlete_error_field(err);
    size_t fl = field ? strlen(field) : 0;
    if (field && (!got_field || !(strcmp(field, got_field) == 0 ||
                                  (strncmp(field, got_field, fl) == 0 && got_field[fl] == '.')))) {
        snprintf(why, n, "expected field %s, got %s (%s)", field, got_field ? got_field : "(none)",
                 authlete_error_message(err));
        return 0;
    }
    /* Secrets: in neither the message nor the result message. */
    size_t i;
    json_t *secret;
    json_array_foreach(json_object_get(exp, "messageExcludes"), i, secret) {
        const char *s = json_string_value(secret);
        const char *msg = authlete_error_message(err), *rm = authlete_error_result_message(err);
        if (s && ((msg && strstr(msg, s)) || (rm && strstr(rm, s)))) {
            snprintf(why, n, "the error shows %s: %.300s", s, msg ? msg : "");
            return 0;
        }
    }
    return 1;
}

static int call_step(authlete_client *c, const authlete_error *client_err, const json_t *step, json_t *vars,
                     int *typed, char *why, size_t n) {
    const char *op = json_string_value(json_object_get(step, "call"));
    json_t *req_t = json_object_get(step, "request"), *opts_t = json_object_get(step, "options");
    json_t *req = req_t ? case_subst(req_t, vars, why, n) : json_object();
    json_t *opts = opts_t ? case_subst(opts_t, vars, why, n) : NULL;
    json_t *expect = case_subst(json_object_get(step, "expect"), vars, why, n);
    if (!op || !req || (opts_t && !opts) || !expect) {
        if (!op) snprintf(why, n, "step without `call`");
        json_decref(req);
        json_decref(opts);
        json_decref(expect);
        return 0;
    }
    long abort_ms = 0;
    if (opts && json_object_get(opts, "abortAfterMs")) {
        abort_ms = (long)json_integer_value(json_object_get(opts, "abortAfterMs"));
        json_object_del(opts, "abortAfterMs");
    }
    char *opts_s = opts ? case_dumps(opts, JSON_COMPACT) : NULL;
    char *req_s = case_dumps(req, JSON_COMPACT | JSON_ENCODE_ANY);
    char *json = NULL;
    authlete_error *err = NULL;
    authlete_kind kind;
    if (!c) {
        kind = authlete_error_kind(client_err);
    } else if (abort_ms > 0) {
        kind = call_aborted(c, op, req_s, opts_s, abort_ms, &json, &err);
    } else if (typed_dispatch(c, op, req, opts_s, &json, &err, &kind)) {
        (*typed)++;
    } else {
        kind = authlete_call_with_options(c, op, req_s, opts_s, &json, &err);
    }
    const authlete_error *e = c ? err : client_err;
    int ok = 0;
    json_t *result = json ? case_loads(json) : NULL;
    if (json_object_get(expect, "error")) {
        ok = check_error(json_object_get(expect, "error"), kind, e, json, why, n);
    } else if (kind != AUTHLETE_OK) {
        snprintf(why, n, "expected success, got %s", authlete_error_message(e));
    } else if (json_object_get(expect, "void")) {
        ok = json == NULL;
        if (!ok) snprintf(why, n, "expected no result, got %.200s", json);
    } else if (json_object_get(expect, "result")) {
        ok = result && case_match(json_object_get(expect, "result"), result, "result", why, n);
        if (!result) snprintf(why, n, "expected a result, got none");
    } else {
        snprintf(why, n, "unknown expectation");
    }
    const char *save = json_string_value(json_object_get(step, "save"));
    if (ok && save && result) json_object_set(vars, save, result);
    json_decref(result);
    authlete_string_free(json);
    authlete_error_free(err);
    free(opts_s);
    free(req_s);
    json_decref(req);
    json_decref(opts);
    json_decref(expect);
    return ok;
}

static int run_case(const json_t *kase, int *typed, char *why, size_t n) {
    char *resp = NULL;
    int status = admin_post(BASE, "/__emulator/reset", "{}", &resp);
    free(resp);
    if (status != 200) {
        snprintf(why, n, "reset: HTTP %d", status);
        return 0;
    }
    json_t *vars = json_object();
    json_t *options = json_pack("{s:s, s:{s:s}, s:{s:s, s:{s:i, s:i, s:f, s:i}, s:b}}", "serverURL", BASE,
                                "security", "bearer", "test-token", "retryConfig", "strategy", "backoff",
                                "backoff", "initialInterval", 10, "maxInterval", 50, "exponent", 1.5,
                                "maxElapsedTime", 3000, "retryConnectionErrors", 1);
    json_t *client_t = json_object_get(kase, "client");
    json_t *client_o = client_t ? case_subst(client_t, vars, why, n) : NULL;
    if (client_o) json_object_update(options, client_o);
    json_decref(client_o);
    char *options_s = json_dumps(options, JSON_COMPACT);
    authlete_client *c = NULL;
    authlete_error *client_err = NULL;
    authlete_client_new(options_s, &c, &client_err);
    free(options_s);
    json_decref(options);
    int ok = 1;
    size_t i;
    json_t *step;
    json_array_foreach(json_object_get(kase, "steps"), i, step) {
        char sub[1536] = "";
        int step_ok = json_object_get(step, "admin") ? admin_step(step, vars, sub, sizeof sub)
                                                     : call_step(c, client_err, step, vars, typed, sub, sizeof sub);
        if (!step_ok) {
            snprintf(why, n, "step %zu: %s", i + 1, sub);
            ok = 0;
            break;
        }
    }
    authlete_client_free(c);
    authlete_error_free(client_err);
    json_decref(vars);
    return ok;
}

static int is_case_file(const struct dirent *d) {
    size_t l = strlen(d->d_name);
    return l > 5 && strcmp(d->d_name + l - 5, ".json") == 0;
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "tests/cases";
    const char *filter = argc > 2 ? argv[2] : NULL;
    BASE = getenv("AUTHLETE_EMULATOR_URL");
    if (!BASE) {
        fprintf(stderr, "AUTHLETE_EMULATOR_URL is not set (run through tests/with-emulator.sh)\n");
        return 2;
    }
    unsetenv("AUTHLETE_AUTHLETE");
    unsetenv("AUTHLETE_BEARER");
    struct dirent **files = NULL;
    int nfiles = scandir(dir, &files, is_case_file, alphasort);
    if (nfiles <= 0) {
        fprintf(stderr, "no case files in %s\n", dir);
        return 2;
    }
    int total = 0, passed = 0, failed = 0, typed = 0;
    for (int f = 0; f < nfiles; f++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, files[f]->d_name);
        json_t *root = NULL;
        FILE *fp = fopen(path, "rb");
        if (fp) {
            fseek(fp, 0, SEEK_END);
            long size = ftell(fp);
            fseek(fp, 0, SEEK_SET);
            char *text = size >= 0 ? malloc((size_t)size + 1) : NULL;
            if (text && fread(text, 1, (size_t)size, fp) == (size_t)size) {
                text[size] = '\0';
                root = case_loads(text);
            }
            free(text);
            fclose(fp);
        }
        json_t *cases = json_object_get(root, "cases");
        if (!json_is_array(cases)) {
            fprintf(stderr, "%s: cannot read cases\n", path);
            failed++;
        }
        size_t i;
        json_t *kase;
        json_array_foreach(cases, i, kase) {
            const char *name = json_string_value(json_object_get(kase, "name"));
            total++;
            if (filter && (!name || !strstr(name, filter))) continue;
            char why[2048] = "";
            if (run_case(kase, &typed, why, sizeof why)) {
                passed++;
                printf("%s: ok\n", name);
            } else {
                failed++;
                printf("%s: FAIL %s\n", name, why);
            }
        }
        json_decref(root);
        free(files[f]);
    }
    free(files);
    int not_run = total - passed - failed;
    if (not_run > 0) failed += not_run;
    printf("(%d calls through the typed functions; the rest through authlete_call)\n", typed);
    printf("c cases: %d passed, %d failed\n", passed, failed);
    fflush(stdout);
    return failed == 0 && passed > 0 ? 0 : 1;
}
