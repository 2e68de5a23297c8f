/* Clients and calls: Open/Close frames, unary calls, server streams, deadlines, cancellation. */
#include <stdlib.h>
#include <string.h>
#include "tibs_internal.h"

static char *copy_optional(const char *text) {
    if (text == NULL) return NULL;
    size_t length = strlen(text);
    char *copy = malloc(length + 1);
    if (copy != NULL) memcpy(copy, text, length + 1);
    return copy;
}

/* The token without surrounding whitespace (a token file's trailing newline is never part of it). */
static char *copy_token(const char *token) {
    if (token == NULL) return NULL;
    while (*token == ' ' || *token == '\t' || *token == '\r' || *token == '\n') token++;
    size_t length = strlen(token);
    while (length > 0 && (token[length - 1] == ' ' || token[length - 1] == '\t' || token[length - 1] == '\r' || token[length - 1] == '\n')) length--;
    char *copy = malloc(length + 1);
    if (copy == NULL) return NULL;
    memcpy(copy, token, length);
    copy[length] = '\0';
    return copy;
}

static int is_blank(const char *text) {
    for (; *text != '\0'; text++) {
        if (*text != ' ' && *text != '\t' && *text != '\r' && *text != '\n') return 0;
    }
    return 1;
}

int tibs_client_connect(const tibs_options *options, tibs_client **out, tibs_status *status) {
    if (out == NULL) return tibs_fail(status, TIBS_INVALID_ARGUMENT, "out is NULL");
    *out = NULL;
    if (options == NULL || options->host == NULL || options->ca_file == NULL || options->port <= 0 || options->port > 65535) {
        return tibs_fail(status, TIBS_INVALID_ARGUMENT, "host, port and ca_file are required");
    }
    if ((options->cert_file == NULL) != (options->key_file == NULL)) {
        return tibs_fail(status, TIBS_INVALID_ARGUMENT, "a client certificate needs both cert_file and key_file");
    }
    if (options->token != NULL && is_blank(options->token)) {
        return tibs_fail(status, TIBS_INVALID_ARGUMENT, "empty token: give a token, or NULL to call without one");
    }
    tibs_client *client = calloc(1, sizeof *client);
    if (client == NULL) return tibs_fail(status, TIBS_RESOURCE_EXHAUSTED, "out of memory");
    client->transport.fd = -1;
    client->host = copy_optional(options->host);
    client->port = options->port;
    client->ca_file = copy_optional(options->ca_file);
    client->cert_file = copy_optional(options->cert_file);
    client->key_file = copy_optional(options->key_file);
    client->server_name = copy_optional(options->server_name);
    client->token = copy_token(options->token);
    client->connect_timeout_ms = options->connect_timeout_ms > 0 ? options->connect_timeout_ms : TIBS_DEFAULT_CONNECT_TIMEOUT_MS;
    client->max_frame_bytes = options->max_frame_bytes > 0 ? options->max_frame_bytes : TIBS_DEFAULT_MAX_FRAME;
    client->next_call_id = 1;
    int code = tibs_transport_open(client, status);
    if (code != TIBS_OK) {
        tibs_client_free(client);
        return code;
    }
    if (status != NULL) tibs_status_clear(status);
    *out = client;
    return TIBS_OK;
}

void tibs_client_free(tibs_client *client) {
    if (client == NULL) return;
    tibs_transport_close(&client->transport);
    free(client->host);
    free(client->ca_file);
    free(client->cert_file);
    free(client->key_file);
    free(client->server_name);
    free(client->token);
    free(client);
}


static uint32_t next_call_id(tibs_client *client) {
    uint32_t id = client->next_call_id++;
    if (client->next_call_id == 0) client->next_call_id = 1; /* 0 is the connection itself */
    return id;
}

static int send_control(tibs_client *client, uint32_t call_id, Tibs__Rpc__V1__Frame__BodyCase body) {
    Tibs__Rpc__V1__Frame frame = TIBS__RPC__V1__FRAME__INIT;
    Tibs__Rpc__V1__Cancel cancel = TIBS__RPC__V1__CANCEL__INIT;
    frame.call_id = call_id;
    frame.body_case = body;
    if (body == TIBS__RPC__V1__FRAME__BODY_CANCEL) frame.cancel = &cancel;
    tibs_status ignored = {0};
    int code = tibs_transport_write_frame(&client->transport, &frame, &ignored);
    tibs_status_clear(&ignored);
    return code;
}

/* Handles frames on call id 0 (Ping, GoAway); returns 1 if the frame was one. */
static int connection_frame(tibs_client *client, const Tibs__Rpc__V1__Frame *frame) {
    if (frame->call_id != 0) return 0;
    if (frame->body_case == TIBS__RPC__V1__FRAME__BODY_PING) {
        Tibs__Rpc__V1__Frame pong_frame = TIBS__RPC__V1__FRAME__INIT;
        Tibs__Rpc__V1__Pong pong = TIBS__RPC__V1__PONG__INIT;
        pong.data = frame->ping->data;
        pong_frame.body_case = TIBS__RPC__V1__FRAME__BODY_PONG;
        pong_frame.pong = &pong;
        tibs_status ignored = {0};
        tibs_transport_write_frame(&client->transport, &pong_frame, &ignored);
        tibs_status_clear(&ignored);
    } else if (frame->body_case == TIBS__RPC__V1__FRAME__BODY_GO_AWAY) {
        client->going_away = 1;
    }
    return 1;
}

/* Reads what the server sent while the client was idle, without waiting: a GoAway (its idle
 * timeout), the Ping after it, the end of the connection, a late answer to a call given up on.
 * So a call is never sent on a connection the server is closing, and the first call after an idle
 * close does not fail. At most 64 frames: a server cannot keep the caller here. */
static void read_pending(tibs_client *client) {
    for (int i = 0; i < 64 && client->transport.fd >= 0 && !client->going_away; i++) {
        Tibs__Rpc__V1__Frame *frame = NULL;
        tibs_status ignored = {0};
        int code = tibs_transport_read_pending_frame(&client->transport, client->max_frame_bytes, client->connect_timeout_ms,
                                                     &frame, &ignored);
        tibs_status_clear(&ignored);
        if (code != TIBS_OK) {
            tibs_transport_close(&client->transport); /* the next step dials anew */
            return;
        }
        if (frame == NULL) return;
        connection_frame(client, frame); /* Ping: Pong; GoAway: dial anew; anything else: a late answer, dropped */
        tibs__rpc__v1__frame__free_unpacked(frame, NULL);
    }
}

/* Dials anew when the connection broke or the server said GoAway (also while the client was idle). */
static int ensure_connected(tibs_client *client, tibs_status *status) {
    if (client->transport.fd >= 0 && !client->skip_pending_check) read_pending(client);
    if (client->transport.fd >= 0 && !client->going_away) return TIBS_OK;
    client->going_away = 0;
    return tibs_transport_open(client, status);
}

/* Writes the Open frame of a new call with the request as its payload and half_close set. */
static int start_call(tibs_client *client, const char *method, const ProtobufCMessage *request,
                      const tibs_call_options *call_options, int64_t deadline, uint32_t *call_id, tibs_status *status) {
    if (method == NULL || request == NULL) return tibs_fail(status, TIBS_INVALID_ARGUMENT, "method and request are required");
    if (client->active != NULL) return tibs_fail(status, TIBS_FAILED_PRECONDITION, "a stream is open on this client; free it first");
    int code = ensure_connected(client, status);
    if (code != TIBS_OK) return code;

    size_t extra = call_options != NULL ? call_options->metadata_count : 0;
    int token_overridden = 0;
    for (size_t i = 0; i < extra; i++) {
        if (strcmp(call_options->metadata[i].key, "authorization") == 0) token_overridden = 1;
    }
    size_t count = extra + (client->token != NULL && !token_overridden ? 1 : 0);
    Tibs__Rpc__V1__Open__MetadataEntry *entries = calloc(count > 0 ? count : 1, sizeof *entries);
    Tibs__Rpc__V1__Open__MetadataEntry **pointers = calloc(count > 0 ? count : 1, sizeof *pointers);
    char *authorization = NULL;
    size_t packed_size = protobuf_c_message_get_packed_size(request);
    uint8_t *packed = malloc(packed_size > 0 ? packed_size : 1);
    if (entries == NULL || pointers == NULL || packed == NULL) {
        free(entries); free(pointers); free(packed);
        return tibs_fail(status, TIBS_RESOURCE_EXHAUSTED, "out of memory");
    }
    size_t used = 0;
    if (client->token != NULL && !token_overridden) {
        size_t length = strlen(client->token) + sizeof "Bearer ";
        authorization = malloc(length);
        if (authorization != NULL) {
            memcpy(authorization, "Bearer ", 7);
            memcpy(authorization + 7, client->token, length - 7);
            tibs__rpc__v1__open__metadata_entry__init(&entries[used]);
            entries[used].key = "authorization";
            entries[used].value = authorization;
            pointers[used] = &entries[used];
            used++;
        }
    }
    for (size_t i = 0; i < extra; i++) {
        tibs__rpc__v1__open__metadata_entry__init(&entries[used]);
        entries[used].key = (char *)call_options->metadata[i].key;     /* read only while packing */
        entries[used].value = (char *)call_options->metadata[i].value;
        pointers[used] = &entries[used];
        used++;
    }
    protobuf_c_message_pack(request, packed);

    Tibs__Rpc__V1__Open open = TIBS__RPC__V1__OPEN__INIT;
    open.method = (char *)method;
    int64_t remaining = deadline > 0 ? deadline - tibs_now_ms() : 0;
    open.timeout_ms = deadline > 0 ? (uint64_t)(remaining > 1 ? remaining : 1) : 0; /* what is left of it, on a retry */
    open.n_metadata = used;
    open.metadata = pointers;
    open.payload.len = packed_size;
    open.payload.data = packed;
    open.half_close = 1;
    Tibs__Rpc__V1__Frame frame = TIBS__RPC__V1__FRAME__INIT;
    frame.call_id = next_call_id(client);
    frame.body_case = TIBS__RPC__V1__FRAME__BODY_OPEN;
    frame.open = &open;
    code = tibs_transport_write_frame(&client->transport, &frame, status);
    free(entries);
    free(pointers);
    free(authorization);
    free(packed);
    *call_id = frame.call_id;
    return code;
}

static int64_t deadline_for(const tibs_call_options *call_options) {
    if (call_options == NULL || call_options->timeout_ms <= 0) return 0;
    return tibs_now_ms() + call_options->timeout_ms;
}

/* Unpacks a response payload; an absent payload is an empty message. */
static int unpack_response(const ProtobufCMessageDescriptor *type, const ProtobufCBinaryData *payload,
                           ProtobufCMessage **message, tibs_status *status) {
    *message = protobuf_c_message_unpack(type, NULL, payload->len, payload->data);
    if (*message == NULL) return tibs_fail(status, TIBS_INTERNAL, "the response is not a valid %s", type->name);
    return TIBS_OK;
}

/* Whether the server refused the call before running it (PROTOCOL.md: a Close with the trailer
 * x-tibs-unprocessed: true, e.g. an Open that crossed its GoAway): then it is safe to send again. */
static int unprocessed(const Tibs__Rpc__V1__Close *close) {
    for (size_t i = 0; i < close->n_trailers; i++) {
        if (strcmp(close->trailers[i]->key, "x-tibs-unprocessed") == 0 && strcmp(close->trailers[i]->value, "true") == 0) return 1;
    }
    return 0;
}

/* One attempt of a unary call; *refused_unprocessed says the server never ran it. */
static int unary_once(tibs_client *client, const char *method, const ProtobufCMessage *request,
                      const ProtobufCMessageDescriptor *response_type, ProtobufCMessage **response,
                      const tibs_call_options *call_options, int64_t deadline, int *refused_unprocessed, tibs_status *status) {
    *refused_unprocessed = 0;
    uint32_t call_id = 0;
    int code = start_call(client, method, request, call_options, deadline, &call_id, status);
    if (code != TIBS_OK) return code;
    for (;;) {
        Tibs__Rpc__V1__Frame *frame = NULL;
        code = tibs_transport_read_frame(&client->transport, client->max_frame_bytes, deadline, &frame, status);
        if (code == TIBS_DEADLINE_EXCEEDED) {
            send_control(client, call_id, TIBS__RPC__V1__FRAME__BODY_CANCEL);
            return tibs_fail(status, TIBS_DEADLINE_EXCEEDED, "deadline of %d ms exceeded", call_options->timeout_ms);
        }
        if (code != TIBS_OK) return code;
        if (connection_frame(client, frame) || frame->call_id != call_id || frame->body_case != TIBS__RPC__V1__FRAME__BODY_CLOSE) {
            tibs__rpc__v1__frame__free_unpacked(frame, NULL);  /* another call's leftovers, or a stray payload */
            continue;
        }
        code = tibs_status_from_close(status, frame->close);
        *refused_unprocessed = code == TIBS_UNAVAILABLE && unprocessed(frame->close);
        if (code == TIBS_OK) code = unpack_response(response_type, &frame->close->payload, response, status);
        tibs__rpc__v1__frame__free_unpacked(frame, NULL);
        return code;
    }
}

/* At most this many attempts of a unary call the server refused unprocessed (as the Swift client). */
#define TIBS_UNPROCESSED_ATTEMPTS 3

int tibs_unary(tibs_client *client, const char *method, const ProtobufCMessage *request,
               const ProtobufCMessageDescriptor *response_type, ProtobufCMessage **response,
               const tibs_call_options *call_options, tibs_status *status) {
    if (response != NULL) *response = NULL;
    if (client == NULL || response == NULL || response_type == NULL) {
        return tibs_fail(status, TIBS_INVALID_ARGUMENT, "client, response_type and response are required");
    }
    int64_t deadline = deadline_for(call_options);
    for (int attempt = 1;; attempt++) {
        int refused_unprocessed = 0;
        int code = unary_once(client, method, request, response_type, response, call_options, deadline, &refused_unprocessed, status);
        if (!refused_unprocessed || attempt == TIBS_UNPROCESSED_ATTEMPTS) return code;
        if (deadline > 0 && tibs_now_ms() >= deadline) {
            return tibs_fail(status, TIBS_DEADLINE_EXCEEDED, "deadline of %d ms exceeded", call_options->timeout_ms);
        }
        /* The server is going away (it sent GoAway first): the next attempt dials a new connection. */
        client->going_away = 1;
        client->retried_calls++;
    }
}

int tibs_stream_open(tibs_client *client, const char *method, const ProtobufCMessage *request,
                     const ProtobufCMessageDescriptor *response_type, const tibs_call_options *call_options,
                     tibs_stream **out, tibs_status *status) {
    if (out != NULL) *out = NULL;
    if (client == NULL || out == NULL || response_type == NULL) {
        return tibs_fail(status, TIBS_INVALID_ARGUMENT, "client, response_type and out are required");
    }
    tibs_stream *stream = calloc(1, sizeof *stream);
    if (stream == NULL) return tibs_fail(status, TIBS_RESOURCE_EXHAUSTED, "out of memory");
    stream->deadline_ms = deadline_for(call_options);
    int code = start_call(client, method, request, call_options, stream->deadline_ms, &stream->call_id, status);
    if (code != TIBS_OK) {
        free(stream);
        return code;
    }
    stream->client = client;
    stream->response_type = response_type;
    client->active = stream;
    if (status != NULL) tibs_status_clear(status);
    *out = stream;
    return TIBS_OK;
}

/* Ends the stream with `code` (status already filled) and remembers the result for later calls. */
static int finish(tibs_stream *stream, int code, tibs_status *status) {
    stream->finished = 1;
    if (status != NULL) {
        tibs_status_copy(&stream->final, status);
    } else {
        stream->final.code = code;
    }
    stream->final.code = code;
    if (stream->client->active == stream) stream->client->active = NULL;
    return code;
}

int tibs_stream_next(tibs_stream *stream, ProtobufCMessage **message, tibs_status *status) {
    if (message != NULL) *message = NULL;
    if (stream == NULL || message == NULL) return tibs_fail(status, TIBS_INVALID_ARGUMENT, "stream and message are required");
    if (stream->finished) return tibs_status_copy(status, &stream->final);
    tibs_client *client = stream->client;
    for (;;) {
        Tibs__Rpc__V1__Frame *frame = NULL;
        tibs_status local = {0};
        int code = tibs_transport_read_frame(&client->transport, client->max_frame_bytes, stream->deadline_ms, &frame, &local);
        if (code == TIBS_DEADLINE_EXCEEDED) {
            send_control(client, stream->call_id, TIBS__RPC__V1__FRAME__BODY_CANCEL);
            tibs_fail(&local, TIBS_DEADLINE_EXCEEDED, "deadline exceeded while streaming");
        }
        if (code != TIBS_OK) {
            finish(stream, code, &local);
            tibs_status_clear(&local);
            return tibs_status_copy(status, &stream->final);
        }
        tibs_status_clear(&local);
        if (connection_frame(client, frame) || frame->call_id != stream->call_id) {
            tibs__rpc__v1__frame__free_unpacked(frame, NULL);
            continue;
        }
        if (frame->body_case == TIBS__RPC__V1__FRAME__BODY_PAYLOAD) {
            code = unpack_response(stream->response_type, &frame->payload, message, status);
            tibs__rpc__v1__frame__free_unpacked(frame, NULL);
            if (code != TIBS_OK) {
                send_control(client, stream->call_id, TIBS__RPC__V1__FRAME__BODY_CANCEL);
                return finish(stream, code, status);
            }
            if (status != NULL) tibs_status_clear(status);
            return TIBS_OK;
        }
        if (frame->body_case == TIBS__RPC__V1__FRAME__BODY_CLOSE) {
            tibs_status closing = {0};
            code = tibs_status_from_close(&closing, frame->close);
            tibs__rpc__v1__frame__free_unpacked(frame, NULL);
            finish(stream, code, &closing);
            tibs_status_clear(&closing);
            return tibs_status_copy(status, &stream->final);
        }
        tibs__rpc__v1__frame__free_unpacked(frame, NULL);
    }
}

void tibs_stream_free(tibs_stream *stream) {
    if (stream == NULL) return;
    if (!stream->finished && stream->client->transport.fd >= 0) {
        send_control(stream->client, stream->call_id, TIBS__RPC__V1__FRAME__BODY_CANCEL);
    }
    if (stream->client->active == stream) stream->client->active = NULL;
    tibs_status_clear(&stream->final);
    free(stream);
}
