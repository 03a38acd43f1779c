/* A minimal HTTP/1.1 POST over a socket (Connection: close; Content-Length or chunked). */
#define _POSIX_C_SOURCE 200809L
#include "admin_http.h"

#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static int connect_to(const char *host, const char *port) {
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &res) != 0) return -1;
    int fd = -1;
    for (struct addrinfo *a = res; a; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0) continue;
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

static char *dechunk(const char *p) {
    size_t cap = strlen(p) + 1, n = 0;
    char *out = malloc(cap);
    if (!out) return NULL;
    for (;;) {
        char *end;
        unsigned long len = strtoul(p, &end, 16);
        const char *data = strstr(end, "\r\n");
        if (!data || len == 0) break;
        data += 2;
        if (n + len >= cap) break;
        memcpy(out + n, data, len);
        n += len;
        p = data + len;
        if (strncmp(p, "\r\n", 2) == 0) p += 2;
    }
    out[n] = '\0';
    return out;
}

int admin_post(const char *base_url, const char *path, const char *body, char **response) {
    *response = NULL;
    char host[256] = {0}, port[16] = "80", prefix[512] = "";
    const char *rest = strncmp(base_url, "http://", 7) == 0 ? base_url + 7 : base_url;
    size_t hl = strcspn(rest, ":/");
    if (hl >= sizeof host) return -1;
    memcpy(host, rest, hl);
    rest += hl;
    if (*rest == ':') {
        size_t pl = strcspn(rest + 1, "/");
        if (pl >= sizeof port) return -1;
        memcpy(port, rest + 1, pl);
        port[pl] = '\0';
        rest += 1 + pl;
    }
    snprintf(prefix, sizeof prefix, "%s", rest);
    size_t plen = strlen(prefix);
    if (plen && prefix[plen - 1] == '/') prefix[plen - 1] = '\0';

    int fd = connect_to(host, port);
    if (fd < 0) return -1;
    size_t blen = strlen(body);
    char head[1024];
    int n = snprintf(head, sizeof head,
                     "POST %s%s HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: application/json\r\n"
                     "Accept: application/json\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
                     prefix, path, host, port, blen);
    if (n < 0 || (size_t)n >= sizeof head || write(fd, head, (size_t)n) != n ||
        write(fd, body, blen) != (ssize_t)blen) {
        close(fd);
        return -1;
    }
    size_t cap = 8192, len = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf) break;
        if (len + 4096 + 1 > cap) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) break;
            buf = bigger;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + len, 4096);
        if (r <= 0) break;
        len += (size_t)r;
    }
    close(fd);
    if (!buf) return -1;
    buf[len] = '\0';
    int status = -1;
    if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1) status = -1;
    char *sep = strstr(buf, "\r\n\r\n");
    if (sep) {
        *sep = '\0';
        int chunked = 0;
        for (char *h = buf; (h = strchr(h, '\n')) != NULL; h++)
            if (strncasecmp(h + 1, "transfer-encoding:", 18) == 0 && strstr(h + 19, "chunked")) chunked = 1;
        *response = chunked ? dechunk(sep + 4) : strdup(sep + 4);
    }
    free(buf);
    return status;
}
