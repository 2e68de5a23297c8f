/* Internal declarations shared by the library's source files; not installed. */
#ifndef TIBS_INTERNAL_H
#define TIBS_INTERNAL_H

#include <stdint.h>
#include <openssl/ssl.h>
#include "tibs.h"
#include "tibs/rpc/v1/frame.pb-c.h"

#define TIBS_DEFAULT_MAX_FRAME (4u * 1024u * 1024u)
#define TIBS_DEFAULT_CONNECT_TIMEOUT_MS 5000

/* One TLS connection; fd < 0 means none. */
typedef struct tibs_transport {
    int fd;
    SSL_CTX *ctx;
    SSL *ssl;
    BIO_METHOD *bio_method; /* per transport, so the library keeps no global state */
    int nonblocking;        /* 1 while reading only what has already arrived */
} tibs_transport;

struct tibs_client {
    char *host;
    int port;
    char *ca_file;
    char *cert_file;
    char *key_file;
    char *server_name;
    char *token;
    int connect_timeout_ms;
    size_t max_frame_bytes;
    tibs_transport transport;
    uint32_t next_call_id;
    int going_away;      /* the server sent GoAway: dial anew for the next call */
    tibs_stream *active; /* the open stream, if any */
    /* Counted for the interop tests (tests/interop_test.c reads them through this header). */
    unsigned dials;             /* connections opened */
    unsigned retried_calls;     /* unary calls sent again after an unprocessed refusal */
    int skip_pending_check;     /* tests only: send without first reading what the server sent
                                   while idle, so an Open crosses the server's GoAway */
};

struct tibs_stream {
    tibs_client *client;
    uint32_t call_id;
    const ProtobufCMessageDescriptor *response_type;
    int64_t deadline_ms; /* monotonic ms; 0 = none */
    int finished;        /* 1 once Close arrived or the stream failed */
    tibs_status final;   /* the end status, copied out on every later tibs_stream_next */
};

/* Monotonic clock in milliseconds. */
int64_t tibs_now_ms(void);

/* status helpers (status.c) */
int tibs_fail(tibs_status *status, int code, const char *format, ...) __attribute__((format(printf, 3, 4)));
int tibs_status_from_close(tibs_status *status, const Tibs__Rpc__V1__Close *close);
int tibs_status_copy(tibs_status *to, const tibs_status *from);

/* transport.c */
int tibs_transport_open(tibs_client *client, tibs_status *status);
void tibs_transport_close(tibs_transport *transport);
/* Reads one frame only if one has already begun to arrive: TIBS_OK with *frame NULL when nothing
 * (or only TLS's own records) is waiting. Once a frame has begun, waits at most wait_ms for its
 * rest. The end of the connection is TIBS_UNAVAILABLE, and closes the transport. */
int tibs_transport_read_pending_frame(tibs_transport *transport, size_t max_frame_bytes, int wait_ms,
                                      Tibs__Rpc__V1__Frame **frame, tibs_status *status);
/* Writes one frame (length prefix + body). */
int tibs_transport_write_frame(tibs_transport *transport, const Tibs__Rpc__V1__Frame *frame, tibs_status *status);
/* Reads one frame, waiting until deadline_ms (0 = forever). The caller frees it with
 * tibs__rpc__v1__frame__free_unpacked(frame, NULL). */
int tibs_transport_read_frame(tibs_transport *transport, size_t max_frame_bytes, int64_t deadline_ms,
                              Tibs__Rpc__V1__Frame **frame, tibs_status *status);

#endif
