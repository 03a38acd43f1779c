/* Links libauthlete.a (authlete::authlete_static): the static library is complete and usable. */
#include <authlete.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    authlete_client *c = NULL;
    authlete_error *err = NULL;
    int ok = authlete_client_new("{\"serverURL\":", &c, &err) == AUTHLETE_SDK_VALIDATION_ERROR && c == NULL &&
             strstr(authlete_error_message(err), "line 1") != NULL;
    authlete_error_free(err);
    err = NULL;
    ok = ok && authlete_client_new("{\"serverURL\":\"http://127.0.0.1:9\"}", &c, &err) == AUTHLETE_OK;
    authlete_client_free(c);
    printf("static consumer (libauthlete %s): %s\n", authlete_version(), ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
