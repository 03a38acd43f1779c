/* exit(0) from one thread while calls are in flight on others: blocking calls (authlete_call
 * and a typed function) in loops on 8 threads, and 32 chains of async calls whose callbacks
 * start the next one; calls take 20 ms (an emulator fault), so they finish before, during and
 * after the exit. The process must end with status 0, at once, without a crash.
 *   authlete_exit         one run (under valgrind in make test-c)
 *   authlete_exit repeat  15 runs, each in a forked child, each killed after 20 s if it hangs
 * Needs AUTHLETE_EMULATOR_URL (tests/with-emulator.sh). */
#define _POSIX_C_SOURCE 200809L
#include <authlete.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "admin_http.h"

#define BLOCKING_THREADS 8
#define ASYNC_CHAINS 32
#define RUNS 15

static const char *BASE;
static authlete_client *client;
static const char *const REQUEST = "{\"serviceId\":\"s1\",\"clientId\":\"10000000000001\"}";

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int started; /* calls started, under `lock` */

static void count_started(void) {
    pthread_mutex_lock(&lock);
    started++;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
}

static int admin(const char *what, const char *body) {
    char path[64], *resp = NULL;
    snprintf(path, sizeof path, "/__emulator/%s", what);
    int status = admin_post(BASE, path, body, &resp);
    if (status != 200) fprintf(stderr, "admin %s: HTTP %d %s\n", what, status, resp ? resp : "");
    free(resp);
    return status == 200;
}

static void *blocking_calls(void *arg) {
    for (unsigned long i = (unsigned long)(size_t)arg;; i++) {
        char *json = NULL;
        authlete_error *err = NULL;
        count_started();
        if (i % 2 == 0) {
            authlete_call(client, "clients.get", REQUEST, &json, &err);
        } else {
            authlete_clients_get(client, "s1", "10000000000001", NULL, &json, &err);
        }
        authlete_string_free(json);
        authlete_error_free(err);
    }
    return NULL;
}

static void start_async(void);

static void on_done(void *user_data, authlete_kind kind, char *json, authlete_error *err) {
    (void)user_data;
    (void)kind;
    authlete_string_free(json);
    authlete_error_free(err);
    start_async();
}

static void start_async(void) {
    count_started();
    authlete_error *err = NULL;
    if (authlete_call_async(client, "clients.get", REQUEST, NULL, on_done, NULL, NULL, &err) != AUTHLETE_OK) {
        authlete_error_free(err);
    }
}

static void *exit_soon(void *arg) {
    (void)arg;
    struct timespec pause = {0, 100 * 1000 * 1000};
    nanosleep(&pause, NULL);
    printf("ok\n");
    fflush(stdout);
    exit(0);
}

/* One run: never returns (the exiting thread ends the process). */
static int run_once(void) {
    char opts[512];
    snprintf(opts, sizeof opts, "{\"serverURL\":\"%s\",\"security\":{\"bearer\":\"t\"},\"retryConfig\":{\"strategy\":\"none\"}}",
             BASE);
    authlete_error *err = NULL;
    if (authlete_client_new(opts, &client, &err) != AUTHLETE_OK) {
        fprintf(stderr, "authlete_client_new: %s\n", authlete_error_message(err));
        return 1;
    }
    pthread_t t;
    for (size_t i = 0; i < BLOCKING_THREADS; i++) {
        if (pthread_create(&t, NULL, blocking_calls, (void *)i) != 0) return 1;
        pthread_detach(t);
    }
    for (int i = 0; i < ASYNC_CHAINS; i++) start_async();
    pthread_mutex_lock(&lock);
    while (started < BLOCKING_THREADS + ASYNC_CHAINS) pthread_cond_wait(&changed, &lock);
    pthread_mutex_unlock(&lock);
    if (pthread_create(&t, NULL, exit_soon, NULL) != 0) return 1;
    /* The main thread makes calls too until the other thread exits. */
    blocking_calls((void *)1);
    return 1;
}

/* RUNS runs in forked children (forked before this process touches the library). */
static int repeat(void) {
    int failed = 0;
    for (int i = 0; i < RUNS; i++) {
        fflush(NULL);
        pid_t pid = fork();
        if (pid < 0) return 1;
        if (pid == 0) {
            alarm(20);
            _exit(run_once());
        }
        int status = 0;
        if (waitpid(pid, &status, 0) != pid) return 1;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            failed++;
            if (WIFSIGNALED(status)) {
                fprintf(stderr, "run %d: killed by signal %d (%s)\n", i, WTERMSIG(status), strsignal(WTERMSIG(status)));
            } else {
                fprintf(stderr, "run %d: exit status %d\n", i, WEXITSTATUS(status));
            }
        }
    }
    printf("c exit tests: %d runs, %d failed\n", RUNS, failed);
    return failed == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
    BASE = getenv("AUTHLETE_EMULATOR_URL");
    if (!BASE) {
        fprintf(stderr, "AUTHLETE_EMULATOR_URL is not set (run through tests/with-emulator.sh)\n");
        return 2;
    }
    if (!admin("reset", "{}") ||
        !admin("seed", "{\"serviceId\":\"s1\",\"clients\":[{\"clientId\":10000000000001,\"clientName\":\"c0\"}]}") ||
        !admin("fault", "{\"op\":\"clients.get\",\"delayMs\":20,\"times\":1000000}")) {
        return 1;
    }
    if (argc > 1 && strcmp(argv[1], "repeat") == 0) return repeat();
    return run_once();
}
