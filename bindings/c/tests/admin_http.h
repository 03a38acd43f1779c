/* A minimal HTTP/1.1 POST for the emulator's admin API (loopback, plain http). */
#ifndef AUTHLETE_ADMIN_HTTP_H
#define AUTHLETE_ADMIN_HTTP_H

/* POSTs `body` (JSON) to base_url + path. Returns the HTTP status (or -1 on a transport
 * failure) and stores the malloc'd response body in *response (caller frees). */
int admin_post(const char *base_url, const char *path, const char *body, char **response);

#endif
