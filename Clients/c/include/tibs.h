/*
 * tibs.h — C client library for TIBS-RPC/1 (docs/PROTOCOL.md) on protobuf-c and OpenSSL.
 *
 * What it does: connects with TLS 1.2+ and verifies the server certificate (CA file, optional
 * client certificate, SNI, ALPN "tibs/1"); makes unary calls and iterates server-streaming calls
 * with any protoc-c generated message; sends deadlines and metadata (the bearer token); returns the
 * status code, detail and field violations of every call.
 *
 * Rules a caller must know:
 * - No global state. Everything lives in a tibs_client. A client is not thread-safe: use one per
 *   thread, or lock around it. One call is open on a client at a time: while a tibs_stream is open,
 *   other calls on the same client fail with TIBS_FAILED_PRECONDITION.
 * - Every function returning int returns a status code: TIBS_OK (0) or a gRPC code (1..16) that is
 *   also written to *status with a detail text. Local failures use the same codes (UNAVAILABLE for a
 *   connection or TLS failure, DEADLINE_EXCEEDED for a local deadline, INVALID_ARGUMENT for bad
 *   arguments).
 * - Ownership: every pointer the library returns through an out-parameter belongs to the caller:
 *     * a response message: free it with protobuf_c_message_free_unpacked(msg, NULL);
 *     * a tibs_client: tibs_client_free; a tibs_stream: tibs_stream_free;
 *     * the strings and violations inside a tibs_status: tibs_status_clear (safe to call on a zeroed
 *       or already cleared status, and needed after every call that may have failed).
 *   Pointers passed in (options, requests, metadata) are only read during the call; the library
 *   copies what it keeps (host, token, file names).
 * - The library never changes signal handling: writes use MSG_NOSIGNAL, so a closed peer does not
 *   raise SIGPIPE.
 * - A broken connection is re-dialled by the next call; a call that was in flight when it broke
 *   fails with TIBS_UNAVAILABLE and is not retried (it may have taken effect).
 * - Servers close connections idle for 5 minutes (GoAway, then the close). Before each call the
 *   library reads what the server sent meanwhile, without waiting, and dials anew after a GoAway
 *   or a close; a unary call the server refused unprocessed (Close UNAVAILABLE with the trailer
 *   x-tibs-unprocessed: true, its Open crossed the GoAway) is sent again on a new connection, at
 *   most 3 attempts within its deadline.
 */
#ifndef TIBS_H
#define TIBS_H

#include <stddef.h>
#include <stdint.h>
#include <protobuf-c/protobuf-c.h>

#ifdef __cplusplus
extern "C" {
#endif

/* gRPC status codes, as carried in Close.code. */
enum {
    TIBS_OK = 0,
    TIBS_CANCELLED = 1,
    TIBS_UNKNOWN = 2,
    TIBS_INVALID_ARGUMENT = 3,
    TIBS_DEADLINE_EXCEEDED = 4,
    TIBS_NOT_FOUND = 5,
    TIBS_ALREADY_EXISTS = 6,
    TIBS_PERMISSION_DENIED = 7,
    TIBS_RESOURCE_EXHAUSTED = 8,
    TIBS_FAILED_PRECONDITION = 9,
    TIBS_ABORTED = 10,
    TIBS_OUT_OF_RANGE = 11,
    TIBS_UNIMPLEMENTED = 12,
    TIBS_INTERNAL = 13,
    TIBS_UNAVAILABLE = 14,
    TIBS_DATA_LOSS = 15,
    TIBS_UNAUTHENTICATED = 16
};

/* One broken rule of a request, sent with TIBS_INVALID_ARGUMENT. */
typedef struct tibs_field_violation {
    char *field;        /* e.g. "sme.country" */
    char *description;  /* why, safe to show */
} tibs_field_violation;

/* The outcome of a call. Zero-initialise it (tibs_status s = {0};) and clear it with tibs_status_clear. */
typedef struct tibs_status {
    int code;                          /* TIBS_OK or a gRPC code */
    char *detail;                      /* NULL when code is TIBS_OK; otherwise a readable reason */
    size_t violation_count;
    tibs_field_violation *violations;  /* violation_count entries, or NULL */
    char *request_id;                  /* the server's x-request-id trailer, when it sent one */
} tibs_status;

/* Frees the strings and violations of *status and zeroes it. */
void tibs_status_clear(tibs_status *status);

/* "OK", "INVALID_ARGUMENT", …; a static string (do not free). */
const char *tibs_code_name(int code);

/* A metadata entry: key in lower case, e.g. {"idempotency-key", "abc"}. */
typedef struct tibs_metadata {
    const char *key;
    const char *value;
} tibs_metadata;

/* How to connect. Only host, port and ca_file are required; zero other fields for defaults. */
typedef struct tibs_options {
    const char *host;              /* name or address to dial */
    int port;
    const char *ca_file;           /* PEM file of the CA that signs the server's certificate */
    const char *cert_file;         /* optional PEM client certificate (mutual TLS) */
    const char *key_file;          /* its PEM private key; required with cert_file */
    const char *server_name;       /* name to verify and send as SNI; default: host */
    const char *token;             /* optional bearer token, sent as "authorization: Bearer <token>";
                                      surrounding whitespace (a file's newline) is dropped; a blank one
                                      is TIBS_INVALID_ARGUMENT "empty token" */
    int connect_timeout_ms;        /* default 5000: TCP connect and TLS handshake together */
    size_t max_frame_bytes;        /* default 4 MiB: a larger frame from the server is refused */
} tibs_options;

/* Per-call settings; NULL means no deadline and no extra metadata. */
typedef struct tibs_call_options {
    int timeout_ms;                    /* 0: no deadline; else sent to the server and enforced locally */
    const tibs_metadata *metadata;     /* extra metadata for this call (wins over the token's key) */
    size_t metadata_count;
} tibs_call_options;

typedef struct tibs_client tibs_client;
typedef struct tibs_stream tibs_stream;

/*
 * Creates a client and connects (TCP, TLS handshake, certificate verification). On failure returns
 * TIBS_UNAVAILABLE (or TIBS_INVALID_ARGUMENT for bad options), sets *out to NULL and explains in
 * status->detail — for a certificate problem, OpenSSL's verification reason ("certificate has
 * expired", "unable to get local issuer certificate", "hostname mismatch").
 */
int tibs_client_connect(const tibs_options *options, tibs_client **out, tibs_status *status);

/* Closes the connection and frees the client (NULL is allowed). Open streams must be freed first. */
void tibs_client_free(tibs_client *client);

/*
 * A unary call: sends `request`, waits for the answer, and on TIBS_OK sets *response to a new message
 * of `response_type` (the caller frees it with protobuf_c_message_free_unpacked). On any other code
 * *response is NULL.
 * method: the full path, e.g. "/tibs.registry.v1.SmeRegistry/GetSme".
 */
int tibs_unary(tibs_client *client, const char *method, const ProtobufCMessage *request,
               const ProtobufCMessageDescriptor *response_type, ProtobufCMessage **response,
               const tibs_call_options *call_options, tibs_status *status);

/*
 * Starts a server-streaming call. On TIBS_OK *out is a stream to read with tibs_stream_next and free
 * with tibs_stream_free. The call's deadline (if any) covers the whole stream.
 */
int tibs_stream_open(tibs_client *client, const char *method, const ProtobufCMessage *request,
                     const ProtobufCMessageDescriptor *response_type, const tibs_call_options *call_options,
                     tibs_stream **out, tibs_status *status);

/*
 * Reads the next message. Returns TIBS_OK with *message set (caller frees it) for a message;
 * TIBS_OK with *message NULL when the server ended the stream successfully; another code (and
 * *message NULL) when the stream failed — the server's status, UNAVAILABLE when the connection was
 * lost, DEADLINE_EXCEEDED when the deadline passed. After the end or a failure, further calls return
 * the same result without reading.
 */
int tibs_stream_next(tibs_stream *stream, ProtobufCMessage **message, tibs_status *status);

/* Frees the stream; if it has not ended, cancels the call on the server first (NULL is allowed). */
void tibs_stream_free(tibs_stream *stream);

#ifdef __cplusplus
}
#endif

#endif /* TIBS_H */
