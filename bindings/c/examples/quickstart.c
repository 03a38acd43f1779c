/* A client's whole life with libauthlete: create a client from options, create an OAuth
 * client on a service, read it, list, update, lock, rotate its secret, handle an error, delete
 * it, free everything. The server comes from AUTHLETE_SERVER_URL (e.g. the local emulator).
 *
 *   cc quickstart.c $(pkg-config --cflags --libs authlete) -o quickstart && ./quickstart */
#include <authlete.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what, authlete_error *err) {
    fprintf(stderr, "%s failed: [%s] %s\n", what, authlete_error_kind_name(err), authlete_error_message(err));
    authlete_error_free(err);
    return 1;
}

static void on_log(authlete_log_level level, const char *line, void *user_data) {
    (void)level;
    (void)user_data;
    fprintf(stderr, "log: %s\n", line);
}

int main(void) {
    const char *service = "715948317";
    authlete_client *c = NULL;
    authlete_error *err = NULL;
    char *json = NULL;

    authlete_set_log_callback(AUTHLETE_LOG_INFO, on_log, NULL);

    /* The official TypeScript SDK's SDKOptions as JSON; the server URL comes from AUTHLETE_SERVER_URL. */
    const char *token = getenv("AUTHLETE_BEARER") ? getenv("AUTHLETE_BEARER") : "demo-token";
    char options[512];
    snprintf(options, sizeof options, "{\"security\":{\"bearer\":\"%s\"},\"timeoutMs\":10000}", token);
    if (authlete_client_new(options, &c, &err) != AUTHLETE_OK) return fail("authlete_client_new", err);
    printf("libauthlete %s\n", authlete_version());

    /* Create (typed function: ids as strings, the model as JSON). */
    if (authlete_clients_create(c, service, "{\"clientName\":\"Quickstart (C)\",\"clientType\":\"CONFIDENTIAL\"}",
                                NULL, &json, &err) != AUTHLETE_OK)
        return fail("create", err);
    char id[32] = "";
    const char *p = strstr(json, "\"clientId\":");
    if (p) snprintf(id, sizeof id, "%lld", strtoll(p + strlen("\"clientId\":"), NULL, 10));
    printf("created client %s\n", id);
    authlete_string_free(json);

    /* Read it back through the generic entry point (the official TypeScript SDK's request object as JSON). */
    char request[256];
    snprintf(request, sizeof request, "{\"serviceId\":\"%s\",\"clientId\":\"%s\"}", service, id);
    if (authlete_call(c, "clients.get", request, &json, &err) != AUTHLETE_OK) return fail("get", err);
    printf("get: %.80s...\n", json);
    authlete_string_free(json);

    /* List with an optional query value. */
    int32_t end = 10;
    if (authlete_clients_get_list(c, service, NULL, NULL, &end, NULL, &json, &err) != AUTHLETE_OK)
        return fail("getList", err);
    printf("getList: %.80s...\n", json);
    authlete_string_free(json);

    /* Every client, one page of 2 per call until the end (page == NULL). */
    authlete_pager *pager = NULL;
    if (authlete_clients_get_list_pages(c, service, NULL, 2, NULL, &pager, &err) != AUTHLETE_OK)
        return fail("getList pages", err);
    int pages = 0;
    char *page = NULL;
    authlete_kind k;
    while ((k = authlete_pager_next(pager, &page, &err)) == AUTHLETE_OK && page != NULL) {
        pages++;
        authlete_string_free(page);
    }
    authlete_pager_free(pager);
    if (k != AUTHLETE_OK) return fail("getList page", err);
    printf("getList pages of 2: %d\n", pages);

    /* Update, lock, rotate the secret. */
    if (authlete_clients_update(c, service, id, "{\"clientName\":\"Quickstart (C), renamed\"}", NULL, &json, &err) !=
        AUTHLETE_OK)
        return fail("update", err);
    authlete_string_free(json);
    if (authlete_clients_update_lock_flag(c, service, id, "{\"clientLocked\":true}", NULL, &json, &err) != AUTHLETE_OK)
        return fail("updateLockFlag", err);
    authlete_string_free(json);
    if (authlete_clients_rotate_secret(c, service, id, NULL, &json, &err) != AUTHLETE_OK)
        return fail("rotateSecret", err);
    printf("secret rotated\n");
    authlete_string_free(json);

    /* Errors carry a kind and, for API errors, the HTTP status and Authlete result code. */
    if (authlete_clients_get(c, service, "0", NULL, &json, &err) != AUTHLETE_OK) {
        printf("expected error: %s, status %d, resultCode %s\n", authlete_error_kind_name(err),
               authlete_error_status(err), authlete_error_result_code(err) ? authlete_error_result_code(err) : "-");
        authlete_error_free(err);
        err = NULL;
    }

    /* Delete (no result: nothing to free). */
    if (authlete_clients_delete(c, service, id, NULL, &err) != AUTHLETE_OK) return fail("delete", err);
    printf("deleted client %s\n", id);

    authlete_client_free(c);
    return 0;
}
