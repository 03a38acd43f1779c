#define _POSIX_C_SOURCE 200809L
/* The C soak driver (`make soak`, tests/soak/README.md): threads sharing one client, the
 * typed functions for most calls and authlete_call_async() for the cancelled ones.
 *   soak_c --url URL --calls N --seconds S --concurrency C --warm-calls W --warm-seconds WS
 *          --timeout-ms T
 * Makes N calls spread evenly over S seconds (or as fast as it can), then prints one JSON line:
 * calls, seconds, outcomes per kind, unexpected outcomes, RSS (kB) and open descriptors at the
 * start, after warm-up and at the end. A call with no outcome past its deadline plus a grace
 * period is a hang: the summary is printed with it and the process exits with status 3. */
#include <authlete.h>
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define POOL_MAX 8
#define MAX_WORKERS 256
#define HANG_GRACE_S 5.0
#define NKINDS 8 /* AUTHLETE_OK and the seven error kinds */

enum { OP_CREATE, OP_DELETE, OP_GET, OP_LIST, OP_UPDATE, OP_UNKNOWN, OP_INVALID, OP_CANCELLED, NOPS };
static const char *OP_NAMES[NOPS] = {"create", "delete", "get", "getList",
                                     "update", "get(unknown)", "get(invalid)", "getList(cancelled)"};
static const char *SERVICE = "soak";

static struct {
    const char *url;
    long calls, concurrency, warm_calls, timeout_ms;
    double seconds, warm_seconds;
} args = {"", 1000, 8, 200, 1500, 5.0, 30.0};

static authlete_client *client;
static double t0;
static atomic_long started, done, warm_at;
static atomic_long kinds[NKINDS], ops[NOPS];
static atomic_long inconsistent, unknown_kind, hangs;
static atomic_int warm_taken;
static long samples[3][2];
static atomic_long fd_peaks[2]; /* the highest descriptor count before and after the warm-up sample */
static atomic_int finished;
static long closed_sample[2] = {-1, -1};
static long closed_tcp = -1;
static _Atomic double inflight_since[MAX_WORKERS]; /* 0 when idle */
static atomic_int inflight_op[MAX_WORKERS];
static pthread_mutex_t example_lock = PTHREAD_MUTEX_INITIALIZER;
static char example[512];

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* VmRSS in kB and the number of open descriptors. */
static void sample(long out[2]) {
    out[0] = 0;
    out[1] = 0;
    FILE *f = fopen("/proc/self/status", "r");
    if (f) {
        char line[256];
        while (fgets(line, sizeof line, f))
            if (strncmp(line, "VmRSS:", 6) == 0) out[0] = atol(line + 6);
        fclose(f);
    }
    DIR *d = opendir("/proc/self/fd");
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL)
            if (e->d_name[0] != '.') out[1]++;
        closedir(d);
    }
}

/* The TCP connections among this process's descriptors (sockets whose inode is in
 * /proc/self/net/tcp or tcp6). */
static long tcp_connections(void) {
    unsigned long inodes[4096];
    size_t n = 0;
    DIR *d = opendir("/proc/self/fd");
    if (!d) return -1;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < sizeof inodes / sizeof inodes[0]) {
        char path[300], target[64];
        snprintf(path, sizeof path, "/proc/self/fd/%.250s", e->d_name);
        ssize_t len = readlink(path, target, sizeof target - 1);
        if (len <= 0) continue;
        target[len] = 0;
        if (sscanf(target, "socket:[%lu]", &inodes[n]) == 1) n++;
    }
    closedir(d);
    long count = 0;
    const char *tables[2] = {"/proc/self/net/tcp", "/proc/self/net/tcp6"};
    for (int t = 0; t < 2; t++) {
        FILE *f = fopen(tables[t], "r");
        if (!f) continue;
        char line[512];
        if (!fgets(line, sizeof line, f)) line[0] = 0;
        while (fgets(line, sizeof line, f)) {
            unsigned long inode = 0;
            /* sl local rem st tx:rx tr:when retrnsmt uid timeout inode */
            if (sscanf(line, "%*s %*s %*s %*s %*s %*s %*s %*s %*s %lu", &inode) != 1) continue;
            for (size_t i = 0; i < n; i++)
                if (inodes[i] == inode) count++;
        }
        fclose(f);
    }
    return count;
}

static unsigned rnd(unsigned *seed, unsigned n) {
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 8) % n;
}

/* Whether to make another call, after waiting for its turn: the calls are spread evenly over
 * `seconds`; once `calls` have started, the worker waits out `seconds` and stops. */
static int next_turn(void) {
    long n = atomic_fetch_add(&started, 1), calls = args.calls > 0 ? args.calls : 1;
    double due = n >= calls ? args.seconds : (double)n * args.seconds / (double)calls;
    double wait = due - (now() - t0);
    if (wait > 0) {
        struct timespec pause = {(time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9)};
        nanosleep(&pause, NULL);
    }
    return n < calls;
}

static void note_example(int op, const char *what) {
    pthread_mutex_lock(&example_lock);
    if (!example[0]) snprintf(example, sizeof example, "%s: %s", OP_NAMES[op], what);
    pthread_mutex_unlock(&example_lock);
}

/* Counts one outcome: the kind, and whether the error object agrees with it. */
static void record(int op, authlete_kind k, const authlete_error *err) {
    atomic_fetch_add(&ops[op], 1);
    if ((int)k < 0 || (int)k >= NKINDS) {
        atomic_fetch_add(&unknown_kind, 1);
        note_example(op, "kind out of range");
    } else if ((k == AUTHLETE_OK) != (err == NULL) || (err && authlete_error_kind(err) != k)) {
        atomic_fetch_add(&inconsistent, 1);
        note_example(op, "the error object does not match the returned kind");
    } else {
        atomic_fetch_add(&kinds[k], 1);
    }
    long d = atomic_fetch_add(&done, 1) + 1;
    if ((d >= args.warm_calls || now() - t0 >= args.warm_seconds) && atomic_exchange(&warm_taken, 1) == 0) {
        atomic_store(&warm_at, d);
        sample(samples[1]);
    }
}

/* The end sample, after the last call. */
static void finish(void) {
    atomic_store(&finished, 1);
    sample(samples[2]);
    if (!atomic_load(&warm_taken)) memcpy(samples[1], samples[0], sizeof samples[0]);
}

static long max_l(long a, long b) { return a > b ? a : b; }

static void print_summary(void) {
    long *end = samples[2];
    printf("{\"lang\":\"c\",\"calls\":%ld,\"seconds\":%.3f,\"outcomes\":{", atomic_load(&done), now() - t0);
    int first = 1;
    for (int k = 0; k < NKINDS; k++) {
        long n = atomic_load(&kinds[k]);
        if (!n) continue;
        printf("%s\"%s\":%ld", first ? "" : ",", k == 0 ? "ok" : authlete_kind_name(k), n);
        first = 0;
    }
    printf("},\"unexpected\":{");
    first = 1;
    const char *un[3] = {"InconsistentError", "UnknownKind", "Hang"};
    long uv[3] = {atomic_load(&inconsistent), atomic_load(&unknown_kind), atomic_load(&hangs)};
    for (int i = 0; i < 3; i++) {
        if (!uv[i]) continue;
        printf("%s\"%s\":%ld", first ? "" : ",", un[i], uv[i]);
        first = 0;
    }
    printf("},\"examples\":[");
    if (example[0]) {
        putchar('"');
        for (const char *p = example; *p; p++)
            if (*p != '"' && *p != '\\' && (unsigned char)*p >= 0x20) putchar(*p);
        putchar('"');
    }
    printf("],\"ops\":{");
    for (int o = 0; o < NOPS; o++) printf("%s\"%s\":%ld", o ? "," : "", OP_NAMES[o], atomic_load(&ops[o]));
    printf("},\"warm_at_calls\":%ld,\"rss_kb\":[%ld,%ld,%ld],\"fds\":[%ld,%ld,%ld]", atomic_load(&warm_at),
           samples[0][0], samples[1][0], end[0], samples[0][1], samples[1][1], end[1]);
    printf(",\"fd_peaks\":[%ld,%ld],\"closed\":[%ld,%ld,%ld]}\n", max_l(atomic_load(&fd_peaks[0]), samples[1][1]),
           max_l(atomic_load(&fd_peaks[1]), end[1]), closed_sample[0], closed_sample[1], closed_tcp);
    fflush(stdout);
}

/* The completion of a cancelled call: hands the outcome to the waiting worker. */
struct waiter {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int finished;
    authlete_kind kind;
    authlete_error *err;
};

static void on_done(void *ud, authlete_kind kind, char *json, authlete_error *err) {
    struct waiter *w = ud;
    authlete_string_free(json);
    pthread_mutex_lock(&w->lock);
    w->kind = kind;
    w->err = err;
    w->finished = 1;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

/* getList through authlete_call_async(), cancelled after 0-4 ms. */
static authlete_kind cancelled_list(unsigned *seed, authlete_error **err) {
    struct waiter w = {.finished = 0};
    pthread_mutex_init(&w.lock, NULL);
    pthread_cond_init(&w.cond, NULL);
    authlete_cancel *cancel = NULL;
    char req[128];
    snprintf(req, sizeof req, "{\"serviceId\":\"%s\",\"start\":0,\"end\":5}", SERVICE);
    authlete_kind k = authlete_call_async(client, "clients.getList", req, NULL, on_done, &w, &cancel, err);
    if (k == AUTHLETE_OK) {
        struct timespec pause = {0, (long)rnd(seed, 5) * 1000000L};
        nanosleep(&pause, NULL);
        authlete_cancel_request(cancel);
        pthread_mutex_lock(&w.lock);
        while (!w.finished) pthread_cond_wait(&w.cond, &w.lock);
        pthread_mutex_unlock(&w.lock);
        k = w.kind;
        *err = w.err;
    }
    authlete_cancel_free(cancel);
    pthread_cond_destroy(&w.cond);
    pthread_mutex_destroy(&w.lock);
    return k;
}

static void *worker(void *arg) {
    long me = (long)arg;
    unsigned seed = (unsigned)(me * 7919 + 17);
    char pool[POOL_MAX][32];
    int npool = 0;
    int32_t start = 0, end = 5;
    while (next_turn()) {
        unsigned r = rnd(&seed, 100);
        int create = r < 15 || (npool == 0 && r < 84);
        int op;
        if (create && npool < POOL_MAX) op = OP_CREATE;
        else if (create || (r >= 72 && r < 84)) op = OP_DELETE;
        else if (r < 45) op = OP_GET;
        else if (r < 60) op = OP_LIST;
        else if (r < 72) op = OP_UPDATE;
        else if (r < 92) op = OP_UNKNOWN;
        else if (r < 96) op = OP_INVALID;
        else op = OP_CANCELLED;
        const char *pick = npool ? pool[rnd(&seed, (unsigned)npool)] : "";
        char body[96], *json = NULL;
        authlete_error *err = NULL;
        authlete_kind k;
        atomic_store(&inflight_op[me], op);
        atomic_store(&inflight_since[me], now());
        switch (op) {
        case OP_CREATE:
            snprintf(body, sizeof body, "{\"clientName\":\"soak %u\"}", rnd(&seed, 1u << 30));
            k = authlete_clients_create(client, SERVICE, body, NULL, &json, &err);
            if (k == AUTHLETE_OK && json) {
                const char *id = strstr(json, "\"clientId\":");
                if (id) {
                    snprintf(pool[npool], sizeof pool[npool], "%lld", strtoll(id + 11, NULL, 10));
                    npool++;
                }
            }
            break;
        case OP_DELETE:
            k = authlete_clients_delete(client, SERVICE, pool[--npool], NULL, &err);
            break;
        case OP_GET:
            k = authlete_clients_get(client, SERVICE, pick, NULL, &json, &err);
            break;
        case OP_LIST:
            k = authlete_clients_get_list(client, SERVICE, NULL, &start, &end, NULL, &json, &err);
            break;
        case OP_UPDATE:
            snprintf(body, sizeof body, "{\"clientName\":\"renamed %u\"}", rnd(&seed, 1u << 30));
            k = authlete_clients_update(client, SERVICE, pick, body, NULL, &json, &err);
            break;
        case OP_UNKNOWN:
            k = authlete_clients_get(client, SERVICE, "1", NULL, &json, &err);
            break;
        case OP_INVALID:
            k = authlete_clients_get(client, SERVICE, "", NULL, &json, &err);
            break;
        default:
            k = cancelled_list(&seed, &err);
            break;
        }
        atomic_store(&inflight_since[me], 0.0);
        record(op, k, err);
        authlete_string_free(json);
        authlete_error_free(err);
    }
    return NULL;
}

static void *watchdog(void *arg) {
    (void)arg;
    double limit = (double)args.timeout_ms / 1000.0 + HANG_GRACE_S;
    for (;;) {
        struct timespec pause = {0, 250000000L};
        nanosleep(&pause, NULL);
        if (atomic_load(&finished)) continue;
        long now_fds[2];
        sample(now_fds);
        int after = atomic_load(&warm_taken);
        atomic_store(&fd_peaks[after], max_l(atomic_load(&fd_peaks[after]), now_fds[1]));
        for (long i = 0; i < args.concurrency; i++) {
            double since = atomic_load(&inflight_since[i]);
            if (since > 0 && now() - since > limit) {
                char what[96];
                snprintf(what, sizeof what, "worker %ld stuck for %.1f s", i, now() - since);
                note_example(atomic_load(&inflight_op[i]), what);
                atomic_fetch_add(&hangs, 1);
                finish();
                print_summary();
                _exit(3);
            }
        }
    }
    return NULL;
}

int main(int argc, char **argv) {
    const char *env = getenv("AUTHLETE_EMULATOR_URL");
    if (env) args.url = env;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        if (!strcmp(k, "--url")) args.url = v;
        else if (!strcmp(k, "--calls")) args.calls = atol(v);
        else if (!strcmp(k, "--seconds")) args.seconds = atof(v);
        else if (!strcmp(k, "--concurrency")) args.concurrency = atol(v);
        else if (!strcmp(k, "--warm-calls")) args.warm_calls = atol(v);
        else if (!strcmp(k, "--warm-seconds")) args.warm_seconds = atof(v);
        else if (!strcmp(k, "--timeout-ms")) args.timeout_ms = atol(v);
        else {
            fprintf(stderr, "soak_c: unknown argument %s\n", k);
            return 2;
        }
    }
    if (!args.url[0] || args.concurrency < 1 || args.concurrency > MAX_WORKERS) {
        fprintf(stderr, "soak_c: --url is required and --concurrency must be 1..%d\n", MAX_WORKERS);
        return 2;
    }
    sample(samples[0]);
    atomic_store(&fd_peaks[0], samples[0][1]);
    t0 = now();
    char options[1024];
    snprintf(options, sizeof options,
             "{\"serverURL\":\"%s\",\"security\":{\"bearer\":\"soak-token\"},\"timeoutMs\":%ld,"
             "\"retryConfig\":{\"strategy\":\"backoff\",\"backoff\":{\"initialInterval\":5,\"maxInterval\":50,"
             "\"exponent\":1.5,\"maxElapsedTime\":1200},\"retryConnectionErrors\":true}}",
             args.url, args.timeout_ms);
    authlete_error *err = NULL;
    if (authlete_client_new(options, &client, &err) != AUTHLETE_OK) {
        fprintf(stderr, "soak_c: %s\n", authlete_error_message(err));
        authlete_error_free(err);
        return 2;
    }
    pthread_t dog, threads[MAX_WORKERS];
    pthread_create(&dog, NULL, watchdog, NULL);
    pthread_detach(dog);
    for (long i = 0; i < args.concurrency; i++) pthread_create(&threads[i], NULL, worker, (void *)i);
    for (long i = 0; i < args.concurrency; i++) pthread_join(threads[i], NULL);
    finish();
    /* The client released, then 0.5 s later. */
    authlete_client_free(client);
    struct timespec pause = {0, 500000000L};
    nanosleep(&pause, NULL);
    sample(closed_sample);
    closed_tcp = tcp_connections();
    print_summary();
    return 0;
}
