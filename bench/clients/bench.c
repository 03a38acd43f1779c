#define _POSIX_C_SOURCE 200809L
/* C bench client over libauthlete:
 *   bench_c --workload get|list|create|concurrent|cold --count N --warmup W --inflight 64
 *           --url URL --fixtures DIR
 * Prints one line: {"calls","wall_s","cpu_s","rss_kb"}. `concurrent` runs `inflight` threads
 * sharing one client. */
#include <authlete.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static const char *SERVICE = "715948317";
static const char *CLIENT_ID = "1140735077";
static authlete_client *client;
static char *create_body;
static atomic_long remaining;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu(void) {
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return (double)(r.ru_utime.tv_sec + r.ru_stime.tv_sec) + (double)(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

static long peak_kb(void) {
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return r.ru_maxrss;
}

static int call(const char *op) {
    char *json = NULL;
    authlete_error *err = NULL;
    authlete_kind k;
    int32_t start = 0, end = 100;
    if (strcmp(op, "list") == 0)
        k = authlete_clients_get_list(client, SERVICE, NULL, &start, &end, NULL, &json, &err);
    else if (strcmp(op, "create") == 0)
        k = authlete_clients_create(client, SERVICE, create_body, NULL, &json, &err);
    else
        k = authlete_clients_get(client, SERVICE, CLIENT_ID, NULL, &json, &err);
    if (k != AUTHLETE_OK) {
        fprintf(stderr, "bench_c %s: %s\n", op, authlete_error_message(err));
        authlete_error_free(err);
        return 1;
    }
    int ok = json != NULL && strstr(json, "\"clientId\"") != NULL;
    authlete_string_free(json);
    return ok ? 0 : 1;
}

static void *worker(void *arg) {
    (void)arg;
    while (atomic_fetch_sub(&remaining, 1) > 0)
        if (call("get") != 0) return (void *)1;
    return NULL;
}

static char *slurp(const char *dir, const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) n = 0;
    if (buf) buf[n] = 0;
    fclose(f);
    return buf;
}

int main(int argc, char **argv) {
    const char *workload = "get", *url = "", *fixtures = ".";
    long count = 100, warmup = 0, inflight = 64;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        if (!strcmp(k, "--workload")) workload = v;
        else if (!strcmp(k, "--count")) count = atol(v);
        else if (!strcmp(k, "--warmup")) warmup = atol(v);
        else if (!strcmp(k, "--inflight")) inflight = atol(v);
        else if (!strcmp(k, "--url")) url = v;
        else if (!strcmp(k, "--fixtures")) fixtures = v;
    }
    double w0 = now(), c0 = cpu();
    char options[1024];
    snprintf(options, sizeof options, "{\"serverURL\":\"%s\",\"security\":{\"bearer\":\"bench-token\"}}", url);
    authlete_error *err = NULL;
    if (authlete_client_new(options, &client, &err) != AUTHLETE_OK) {
        fprintf(stderr, "bench_c: %s\n", authlete_error_message(err));
        return 1;
    }
    create_body = slurp(fixtures, "create.json");
    if (!create_body) return 1;
    const char *op = strcmp(workload, "concurrent") == 0 || strcmp(workload, "cold") == 0 ? "get" : workload;
    if (strcmp(workload, "cold") == 0) {
        if (call("get")) return 1;
        count = 1;
    } else {
        for (long i = 0; i < warmup; i++)
            if (call(op)) return 1;
        w0 = now();
        c0 = cpu();
        if (strcmp(workload, "concurrent") == 0) {
            atomic_store(&remaining, count);
            pthread_t *t = calloc((size_t)inflight, sizeof *t);
            for (long i = 0; i < inflight; i++) pthread_create(&t[i], NULL, worker, NULL);
            int failed = 0;
            for (long i = 0; i < inflight; i++) {
                void *r = NULL;
                pthread_join(t[i], &r);
                failed |= r != NULL;
            }
            free(t);
            if (failed) return 1;
        } else {
            for (long i = 0; i < count; i++)
                if (call(op)) return 1;
        }
    }
    printf("{\"calls\":%ld,\"wall_s\":%.6f,\"cpu_s\":%.4f,\"rss_kb\":%ld}\n", count, now() - w0, cpu() - c0, peak_kb());
    authlete_client_free(client);
    free(create_body);
    return 0;
}
