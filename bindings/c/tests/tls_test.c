/* The TLS and proxy options of authlete_client_new() against the emulator serving HTTPS with a
 * CA the test run made, requiring a client certificate (started by
 * `AUTHLETE_EMULATOR_TLS=1 tests/with-emulator.sh`): mutual TLS works with caCertificates,
 * clientCertificate and clientKey; an unknown CA or no client certificate is a connection
 * error; bad PEM is refused before any I/O without echoing the key; an explicit proxy carries
 * the calls. */
#define _POSIX_C_SOURCE 200809L
#include <authlete.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_http.h"

static int failures = 0;
#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);             \
            fprintf(stderr, __VA_ARGS__);                                    \
            fputc('\n', stderr);                                             \
            failures++;                                                      \
        }                                                                    \
    } while (0)

/* The file's text as a JSON string literal (quotes included); malloc'd. */
static char *pem_json(const char *dir, const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 16384, n = 0;
    char *out = malloc(cap);
    out[n++] = '"';
    int c;
    while ((c = fgetc(f)) != EOF && n + 8 < cap) {
        if (c == '\n') out[n++] = '\\', out[n++] = 'n';
        else if (c == '"' || c == '\\') out[n++] = '\\', out[n++] = (char)c;
        else if (c != '\r') out[n++] = (char)c;
    }
    fclose(f);
    out[n++] = '"';
    out[n] = '\0';
    return out;
}

/* Builds a client from `options` and makes one getList; returns its kind and the message. */
static authlete_kind try_call(const char *options, char *message, size_t len) {
    authlete_client *c = NULL;
    authlete_error *err = NULL;
    authlete_kind k = authlete_client_new(options, &c, &err);
    char *json = NULL;
    if (k == AUTHLETE_OK) {
        k = authlete_call(c, "clients.getList", "{\"serviceId\":\"s1\"}", &json, &err);
    }
    snprintf(message, len, "%s", err ? authlete_error_message(err) : "");
    authlete_string_free(json);
    authlete_error_free(err);
    authlete_client_free(c);
    return k;
}

int main(void) {
    const char *url = getenv("AUTHLETE_EMULATOR_TLS_URL"), *pki = getenv("AUTHLETE_EMULATOR_PKI");
    const char *plain = getenv("AUTHLETE_EMULATOR_URL");
    if (!url || !pki || !plain) {
        fprintf(stderr, "run under AUTHLETE_EMULATOR_TLS=1 tests/with-emulator.sh\n");
        return 2;
    }
    char *ca = pem_json(pki, "ca.pem"), *cert = pem_json(pki, "client.pem"), *key = pem_json(pki, "client.key");
    if (!ca || !cert || !key) {
        fprintf(stderr, "cannot read the PEM files in %s\n", pki);
        return 2;
    }
    size_t cap = strlen(ca) + strlen(cert) + strlen(key) + 1024;
    char *options = malloc(cap);
    char message[1024];
    const char *base = "\"security\":{\"bearer\":\"tls-test-token\"},\"retryConfig\":{\"strategy\":\"none\"}";

    snprintf(options, cap, "{\"serverURL\":\"%s\",%s,\"caCertificates\":%s,\"clientCertificate\":%s,\"clientKey\":%s}",
             url, base, ca, cert, key);
    authlete_kind k = try_call(options, message, sizeof message);
    CHECK(k == AUTHLETE_OK, "mutual TLS: %s %s", authlete_kind_name((int)k), message);

    snprintf(options, cap, "{\"serverURL\":\"%s\",%s}", url, base);
    k = try_call(options, message, sizeof message);
    CHECK(k == AUTHLETE_CONNECTION_ERROR && strstr(message, "ertificate"), "unknown CA: %s %s",
          authlete_kind_name((int)k), message);

    snprintf(options, cap, "{\"serverURL\":\"%s\",%s,\"caCertificates\":%s}", url, base, ca);
    k = try_call(options, message, sizeof message);
    CHECK(k == AUTHLETE_CONNECTION_ERROR, "no client certificate: %s %s", authlete_kind_name((int)k), message);

    snprintf(options, cap, "{\"serverURL\":\"%s\",%s,\"clientCertificate\":%s,\"clientKey\":\"-----BEGIN PRIVATE KEY-----\\nsecret\\n\"}",
             url, base, cert);
    k = try_call(options, message, sizeof message);
    CHECK(k == AUTHLETE_SDK_VALIDATION_ERROR && !strstr(message, "secret"), "bad key: %s %s",
          authlete_kind_name((int)k), message);

    char *resp = NULL;
    admin_post(plain, "/__emulator/reset", "{}", &resp);
    free(resp);
    snprintf(options, cap, "{\"serverURL\":\"http://api.authlete.invalid\",%s,\"proxy\":\"%s\"}", base, plain);
    k = try_call(options, message, sizeof message);
    CHECK(k == AUTHLETE_OK, "proxy: %s %s", authlete_kind_name((int)k), message);
    resp = NULL;
    admin_post(plain, "/__emulator/log", "{\"op\":\"clients.getList\"}", &resp);
    CHECK(resp && strstr(resp, "\"count\":1"), "proxy log: %s", resp ? resp : "(none)");
    free(resp);

    free(options);
    free(ca);
    free(cert);
    free(key);
    if (failures == 0) printf("c tls: ok\n");
    return failures == 0 ? 0 : 1;
}
