/*
 * Interop tests of the C client library against real TIBS servers (started by run-interop.sh):
 * tibs-echo-server (TLS, tokens, deadlines, streams, field violations, mutual TLS, shutdown
 * mid-stream) and, when given, a real tibs-registry (registry_checks.c).
 *
 *   interop_test --dir DIR --port N [--mtls-port N] [--server-pid PID]
 *                [--registry-port N --registry-dir DIR] [--catalogue-port N --catalogue-dir DIR]
 *                [--policy-port N --policy-dir DIR] [--match-port N --match-dir DIR]
 *                [--idle-port N --idle-dir DIR] [--crossing-port N --crossing-dir DIR]
 *
 * Run under valgrind by run-interop.sh: no leak, no invalid access.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "checks.h"
#include "tibs/health/v1/health.pb-c.h"
#include "tibs/testing/v1/echo.pb-c.h"

int checks_passed = 0, checks_failed = 0;

static long long now_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

void run_check(const char *name, int (*test)(const settings *), const settings *s) {
    if (test(s)) {
        checks_passed++;
        printf("ok - %s\n", name);
    } else {
        checks_failed++;
        printf("FAIL - %s\n", name);
    }
    fflush(stdout);
}

void path_in(char *out, size_t size, const char *dir, const char *name) { snprintf(out, size, "%s/%s", dir, name); }

int has_violation(const tibs_status *status, const char *field_part) {
    for (size_t i = 0; i < status->violation_count; i++) {
        if (strstr(status->violations[i].field, field_part) != NULL) return 1;
    }
    return 0;
}

char *read_token(const char *dir, const char *name) {
    char path[1024];
    path_in(path, sizeof path, dir, name);
    FILE *file = fopen(path, "r");
    if (file == NULL) return NULL;
    char *line = NULL;
    size_t capacity = 0;
    ssize_t length = getline(&line, &capacity, file);
    fclose(file);
    if (length <= 0) { free(line); return NULL; }
    while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r')) line[--length] = '\0';
    return line;
}

static char ca_path[1024];

tibs_options options_for(const settings *s, const char *dir, int port, const char *ca_name) {
    (void)s;
    path_in(ca_path, sizeof ca_path, dir, ca_name);
    tibs_options options = {0};
    options.host = "127.0.0.1";
    options.port = port;
    options.ca_file = ca_path;
    return options;
}

/* Connects to a service whose files (ca.pem, tokens) are in `dir`, with the named token, verifying "localhost". */
tibs_client *connect_service(const settings *s, const char *dir, int port, const char *token_name, tibs_status *status) {
    tibs_options options = options_for(s, dir, port, "ca.pem");
    char *token = read_token(dir, token_name);
    options.token = token;
    options.server_name = "localhost";
    tibs_client *client = NULL;
    tibs_client_connect(&options, &client, status);
    free(token);
    return client;
}

/* Connects to the echo server with the named token file (NULL: no token). */
static tibs_client *connect_echo(const settings *s, const char *token_name, tibs_status *status) {
    tibs_options options = options_for(s, s->dir, s->port, "ca.pem");
    char *token = token_name != NULL ? read_token(s->dir, token_name) : NULL;
    options.token = token;
    tibs_client *client = NULL;
    tibs_client_connect(&options, &client, status);
    free(token);
    return client;
}

static int health_without_token_is_serving(const settings *s) {
    tibs_status status = {0};
    tibs_client *client = connect_echo(s, NULL, &status);
    EXPECT(client != NULL, "connect: %s", status.detail);
    Tibs__Health__V1__HealthCheckRequest request = TIBS__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
    ProtobufCMessage *response = NULL;
    int code = tibs_unary(client, "/tibs.health.v1.Health/Check", &request.base, &tibs__health__v1__health_check_response__descriptor,
                          &response, NULL, &status);
    int serving = code == TIBS_OK && ((Tibs__Health__V1__HealthCheckResponse *)response)->status ==
                                         TIBS__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING;
    if (response) protobuf_c_message_free_unpacked(response, NULL);
    tibs_client_free(client);
    EXPECT(serving, "code %s: %s", tibs_code_name(code), status.detail);
    tibs_status_clear(&status);
    return 1;
}

static int unary_round_trip_with_token(const settings *s) {
    tibs_status status = {0};
    tibs_client *client = connect_echo(s, "admin.token", &status);
    EXPECT(client != NULL, "connect: %s", status.detail);
    Tibs__Testing__V1__EchoRequest request = TIBS__TESTING__V1__ECHO_REQUEST__INIT;
    request.text = "grüezi from C";
    uint8_t padding[3] = {0, 1, 255};
    request.padding.data = padding;
    request.padding.len = sizeof padding;
    ProtobufCMessage *response = NULL;
    tibs_call_options call = {.timeout_ms = 5000};
    int code = tibs_unary(client, "/tibs.testing.v1.Echo/Get", &request.base, &tibs__testing__v1__echo_response__descriptor,
                          &response, &call, &status);
    Tibs__Testing__V1__EchoResponse *echo = (Tibs__Testing__V1__EchoResponse *)response;
    int same = code == TIBS_OK && strcmp(echo->text, request.text) == 0 && echo->padding.len == 3 && echo->padding.data[2] == 255;
    int has_request_id = status.request_id != NULL;
    if (response) protobuf_c_message_free_unpacked(response, NULL);
    tibs_client_free(client);
    EXPECT(same, "code %s: %s", tibs_code_name(code), status.detail);
    EXPECT(has_request_id, "an x-request-id trailer");
    tibs_status_clear(&status);
    return 1;
}

static int server_stream_delivers_every_message_then_ends(const settings *s) {
    tibs_status status = {0};
    tibs_client *client = connect_echo(s, "admin.token", &status);
    EXPECT(client != NULL, "connect: %s", status.detail);
    Tibs__Testing__V1__EchoRequest request = TIBS__TESTING__V1__ECHO_REQUEST__INIT;
    request.text = "item";
    request.count = 5;
    tibs_stream *stream = NULL;
    int code = tibs_stream_open(client, "/tibs.testing.v1.Echo/Expand", &request.base, &tibs__testing__v1__echo_response__descriptor,
                                NULL, &stream, &status);
    EXPECT(code == TIBS_OK, "open: %s", status.detail);
    unsigned received = 0, in_order = 1;
    ProtobufCMessage *message = NULL;
    while ((code = tibs_stream_next(stream, &message, &status)) == TIBS_OK && message != NULL) {
        if (((Tibs__Testing__V1__EchoResponse *)message)->index != received) in_order = 0;
        received++;
        protobuf_c_message_free_unpacked(message, NULL);
    }
    int again = tibs_stream_next(stream, &message, &status); /* after the end: same result, no read */
    tibs_stream_free(stream);
    tibs_client_free(client);
    EXPECT(code == TIBS_OK, "end status %s: %s", tibs_code_name(code), status.detail);
    EXPECT(received == 5 && in_order, "5 messages in order, got %u", received);
    EXPECT(again == TIBS_OK && message == NULL, "the end repeated");
    tibs_status_clear(&status);
    return 1;
}

/* A token as a file holds it (trailing newline, even CRLF and spaces) is accepted; a blank one is refused at once. */
static int token_whitespace_is_dropped_and_blank_is_refused(const settings *s) {
    tibs_status status = {0};
    char *token = read_token(s->dir, "admin.token");
    EXPECT(token != NULL, "read admin.token");
    size_t length = strlen(token);
    char *padded = malloc(length + 6);
    EXPECT(padded != NULL, "memory");
    memcpy(padded, "  ", 2);
    memcpy(padded + 2, token, length);
    memcpy(padded + 2 + length, " \r\n", 4);
    free(token);
    tibs_options options = options_for(s, s->dir, s->port, "ca.pem");
    options.server_name = "localhost";
    options.token = padded;
    tibs_client *client = NULL;
    int connected = tibs_client_connect(&options, &client, &status);
    free(padded);
    EXPECT(connected == TIBS_OK, "connect: %s", status.detail);
    Tibs__Testing__V1__EchoRequest request = TIBS__TESTING__V1__ECHO_REQUEST__INIT;
    request.text = "padded";
    ProtobufCMessage *response = NULL;
    int code = tibs_unary(client, "/tibs.testing.v1.Echo/Get", &request.base, &tibs__testing__v1__echo_response__descriptor,
                          &response, NULL, &status);
    if (response) protobuf_c_message_free_unpacked(response, NULL);
    tibs_client_free(client);
    EXPECT(code == TIBS_OK, "a padded token is accepted, got %s: %s", tibs_code_name(code), status.detail);
    options.token = " \n";
    client = NULL;
    code = tibs_client_connect(&options, &client, &status);
    EXPECT(code == TIBS_INVALID_ARGUMENT && client == NULL, "a blank token is INVALID_ARGUMENT, got %s", tibs_code_name(code));
    EXPECT(status.detail != NULL && strstr(status.detail, "empty token") != NULL, "names the empty token: %s", status.detail);
    tibs_status_clear(&status);
    return 1;
}

static int call_without_token_is_unauthenticated(const settings *s) {
    tibs_status status = {0};
    tibs_client *client = connect_echo(s, NULL, &status);
    EXPECT(client != NULL, "connect: %s", status.detail);
    Tibs__Testing__V1__EchoRequest request = TIBS__TESTING__V1__ECHO_REQUEST__INIT;
    ProtobufCMessage *response = NULL;
    int code = tibs_unary(client, "/tibs.testing.v1.Echo/Get", &request.base, &tibs__testing__v1__echo_response__descriptor,
                          &response, NULL, &status);
    tibs_client_free(client);
    EXPECT(code == TIBS_UNAUTHENTICATED && response == NULL, "UNAUTHENTICATED, got %s", tibs_code_name(code));
    EXPECT(status.detail != NULL && strlen(status.detail) > 0, "a detail");
    tibs_status_clear(&status);
    return 1;
}

static int expired_token_is_refused_naming_expiry(const settings *s) {
    tibs_status status = {0};
    tibs_client *client = connect_echo(s, "expired.token", &status);
    EXPECT(client != NULL, "connect: %s", status.detail);
    Tibs__Testing__V1__EchoRequest request = TIBS__TESTING__V1__ECHO_REQUEST__INIT;
    ProtobufCMessage *response = NULL;
    int code = tibs_unary(client, "/tibs.testing.v1.Echo/Get", &request.base, &tibs__testing__v1__echo_response__descriptor,
                          &response, NULL, &status);
    tibs_client_free(client);
    EXPECT(code == TIBS_UNAUTHENTICATED, "UNAUTHENTICATED, got %s", tibs_code_name(code));
    EXPECT(strstr(status.detail, "expired") != NULL, "'expired' in '%s'", status.detail);
    tibs_status_clear(&status);
    return 1;
}

static int deadline_exceeded_then_client_still_works(const settings *s) {
    tibs_status status = {0};
    tibs_client *client = connect_echo(s, "admin.token", &status);
    EXPECT(client != NULL, "connect: %s", status.detail);
    Tibs__Testing__V1__EchoRequest slow = TIBS__TESTING__V1__ECHO_REQUEST__INIT;
    slow.delay_ms = 3000;
    ProtobufCMessage *response = NULL;
    tibs_call_options call = {.timeout_ms = 300};
    long long started = now_ms();
    int code = tibs_unary(client, "/tibs.testing.v1.Echo/Get", &slow.base, &tibs__testing__v1__echo_response__descriptor,
                          &response, &call, &status);
    long long took = now_ms() - started;
    Tibs__Testing__V1__EchoRequest quick = TIBS__TESTING__V1__ECHO_REQUEST__INIT;
    quick.text = "after";
    tibs_status later = {0};
    int next = tibs_unary(client, "/tibs.testing.v1.Echo/Get", &quick.base, &tibs__testing__v1__echo_response__descriptor,
                          &response, &call, &later);
    int after_ok = next == TIBS_OK && strcmp(((Tibs__Testing__V1__EchoResponse *)response)->text, "after") == 0;
    if (response) protobuf_c_message_free_unpacked(response, NULL);
    tibs_client_free(client);
    EXPECT(code == TIBS_DEADLINE_EXCEEDED, "DEADLINE_EXCEEDED, got %s: %s", tibs_code_name(code), status.detail);
    EXPECT(took < 2500, "the deadline to cut the wait short (took %lld ms)", (long long)took);
    EXPECT(after_ok, "the next call to succeed: %s", later.detail);
    tibs_status_clear(&status);
    tibs_status_clear(&later);
    return 1;
}

static int field_violations_reach_the_caller(const settings *s) {
    tibs_status status = {0};
    tibs_client *client = connect_echo(s, "admin.token", &status);
    EXPECT(client != NULL, "connect: %s", status.detail);
    Tibs__Testing__V1__EchoRequest request = TIBS__TESTING__V1__ECHO_REQUEST__INIT;
    request.count = 99;
    ProtobufCMessage *response = NULL;
    int code = tibs_unary(client, "/tibs.testing.v1.EchoChecks/Validate", &request.base, &tibs__testing__v1__echo_response__descriptor,
                          &response, NULL, &status);
    tibs_client_free(client);
    EXPECT(code == TIBS_INVALID_ARGUMENT, "INVALID_ARGUMENT, got %s", tibs_code_name(code));
    EXPECT(status.violation_count == 2, "2 violations, got %zu", status.violation_count);
    EXPECT(strcmp(status.violations[0].field, "text") == 0 && strlen(status.violations[0].description) > 0, "text first");
    EXPECT(strcmp(status.violations[1].field, "count") == 0, "count second");
    tibs_status_clear(&status);
    return 1;
}

static int untrusted_ca_fails_naming_the_problem(const settings *s) {
    tibs_options options = options_for(s, s->dir, s->port, "other-ca.pem");
    tibs_client *client = NULL;
    tibs_status status = {0};
    int code = tibs_client_connect(&options, &client, &status);
    EXPECT(code == TIBS_UNAVAILABLE && client == NULL, "UNAVAILABLE, got %s", tibs_code_name(code));
    /* OpenSSL names it: "self-signed certificate in certificate chain" (the server sends its CA along)
     * or "unable to get local issuer certificate" (it sends the leaf only). */
    EXPECT(strstr(status.detail, "not accepted") != NULL &&
               (strstr(status.detail, "self-signed") != NULL || strstr(status.detail, "issuer") != NULL),
           "the reason in '%s'", status.detail);
    tibs_status_clear(&status);
    return 1;
}

static int wrong_server_name_fails_as_mismatch(const settings *s) {
    tibs_options options = options_for(s, s->dir, s->port, "ca.pem");
    options.server_name = "registry.elsewhere.example";
    tibs_client *client = NULL;
    tibs_status status = {0};
    int code = tibs_client_connect(&options, &client, &status);
    EXPECT(code == TIBS_UNAVAILABLE && client == NULL, "UNAVAILABLE, got %s", tibs_code_name(code));
    EXPECT(strstr(status.detail, "mismatch") != NULL, "'mismatch' in '%s'", status.detail);
    tibs_status_clear(&status);
    return 1;
}

static int nothing_listening_is_unavailable(const settings *s) {
    tibs_options options = options_for(s, s->dir, 1, "ca.pem");
    tibs_client *client = NULL;
    tibs_status status = {0};
    int code = tibs_client_connect(&options, &client, &status);
    EXPECT(code == TIBS_UNAVAILABLE && strstr(status.detail, "refused") != NULL, "refused, got %s: %s", tibs_code_name(code), status.detail);
    tibs_status_clear(&status);
    return 1;
}

static int mutual_tls_needs_and_accepts_a_client_certificate(const settings *s) {
    if (s->mtls_port == 0 || s->mtls_dir == NULL) return 1;
    tibs_options options = options_for(s, s->mtls_dir, s->mtls_port, "ca.pem");
    char *token = read_token(s->mtls_dir, "admin.token");
    options.token = token;
    tibs_status status = {0};
    tibs_client *client = NULL;
    Tibs__Testing__V1__EchoRequest request = TIBS__TESTING__V1__ECHO_REQUEST__INIT;
    ProtobufCMessage *response = NULL;
    /* Without a certificate: TLS 1.3 reports the refusal on the first read, so make a call. */
    int code = tibs_client_connect(&options, &client, &status);
    if (code == TIBS_OK) {
        code = tibs_unary(client, "/tibs.testing.v1.Echo/Get", &request.base, &tibs__testing__v1__echo_response__descriptor, &response, NULL, &status);
        tibs_client_free(client);
        client = NULL;
    }
    int refused = code == TIBS_UNAVAILABLE;
    tibs_status_clear(&status);
    char cert[1024], key[1024];
    path_in(cert, sizeof cert, s->mtls_dir, "client.pem");
    path_in(key, sizeof key, s->mtls_dir, "client.key");
    options.cert_file = cert;
    options.key_file = key;
    code = tibs_client_connect(&options, &client, &status);
    if (code == TIBS_OK) {
        code = tibs_unary(client, "/tibs.testing.v1.Echo/Get", &request.base, &tibs__testing__v1__echo_response__descriptor, &response, NULL, &status);
    }
    if (response) protobuf_c_message_free_unpacked(response, NULL);
    tibs_client_free(client);
    free(token);
    EXPECT(refused, "a refusal without a client certificate");
    EXPECT(code == TIBS_OK, "success with one, got %s: %s", tibs_code_name(code), status.detail);
    tibs_status_clear(&status);
    return 1;
}

static int freeing_a_stream_early_cancels_it(const settings *s) {
    tibs_status status = {0};
    tibs_client *client = connect_echo(s, "admin.token", &status);
    EXPECT(client != NULL, "connect: %s", status.detail);
    Tibs__Testing__V1__EchoRequest request = TIBS__TESTING__V1__ECHO_REQUEST__INIT;
    request.count = 100000;
    tibs_stream *stream = NULL;
    int code = tibs_stream_open(client, "/tibs.testing.v1.Echo/Expand", &request.base, &tibs__testing__v1__echo_response__descriptor, NULL, &stream, &status);
    EXPECT(code == TIBS_OK, "open: %s", status.detail);
    ProtobufCMessage *message = NULL;
    for (int i = 0; i < 2; i++) {
        if (tibs_stream_next(stream, &message, &status) == TIBS_OK && message) protobuf_c_message_free_unpacked(message, NULL);
    }
    Tibs__Testing__V1__EchoRequest quick = TIBS__TESTING__V1__ECHO_REQUEST__INIT;
    int busy = tibs_unary(client, "/tibs.testing.v1.Echo/Get", &quick.base, &tibs__testing__v1__echo_response__descriptor, &message, NULL, &status);
    tibs_stream_free(stream);
    quick.text = "after the stream";
    tibs_call_options call = {.timeout_ms = 5000};
    code = tibs_unary(client, "/tibs.testing.v1.Echo/Get", &quick.base, &tibs__testing__v1__echo_response__descriptor, &message, &call, &status);
    int after_ok = code == TIBS_OK && strcmp(((Tibs__Testing__V1__EchoResponse *)message)->text, "after the stream") == 0;
    if (message) protobuf_c_message_free_unpacked(message, NULL);
    tibs_client_free(client);
    EXPECT(busy == TIBS_FAILED_PRECONDITION, "a second call while streaming to be refused, got %s", tibs_code_name(busy));
    EXPECT(after_ok, "the next call to succeed: %s %s", tibs_code_name(code), status.detail);
    tibs_status_clear(&status);
    return 1;
}

/* Last: stops the echo server while a stream is running. */
static int server_shutdown_mid_stream_fails_the_stream(const settings *s) {
    if (s->server_pid <= 0) return 1;
    tibs_status status = {0};
    tibs_client *client = connect_echo(s, "admin.token", &status);
    EXPECT(client != NULL, "connect: %s", status.detail);
    Tibs__Testing__V1__EchoRequest request = TIBS__TESTING__V1__ECHO_REQUEST__INIT;
    request.count = 4000000000u;
    request.text = "forever";
    tibs_stream *stream = NULL;
    int code = tibs_stream_open(client, "/tibs.testing.v1.Echo/Expand", &request.base, &tibs__testing__v1__echo_response__descriptor, NULL, &stream, &status);
    EXPECT(code == TIBS_OK, "open: %s", status.detail);
    ProtobufCMessage *message = NULL;
    unsigned long received = 0;
    while ((code = tibs_stream_next(stream, &message, &status)) == TIBS_OK && message != NULL) {
        protobuf_c_message_free_unpacked(message, NULL);
        if (++received == 3) kill((pid_t)s->server_pid, SIGTERM);
        if (received > 50000000ul) break;
    }
    tibs_stream_free(stream);
    tibs_client_free(client);
    EXPECT(received >= 3 && message == NULL, "messages before the shutdown (%lu)", received);
    EXPECT(code == TIBS_UNAVAILABLE || code == TIBS_CANCELLED, "UNAVAILABLE or CANCELLED, got %s: %s", tibs_code_name(code), status.detail);
    EXPECT(status.detail != NULL, "a detail");
    tibs_status_clear(&status);
    return 1;
}

int main(int argc, char **argv) {
    settings s = {0};
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--dir") == 0) s.dir = argv[i + 1];
        else if (strcmp(argv[i], "--port") == 0) s.port = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--mtls-port") == 0) s.mtls_port = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--mtls-dir") == 0) s.mtls_dir = argv[i + 1];
        else if (strcmp(argv[i], "--server-pid") == 0) s.server_pid = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--registry-port") == 0) s.registry_port = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--registry-dir") == 0) s.registry_dir = argv[i + 1];
        else if (strcmp(argv[i], "--catalogue-port") == 0) s.catalogue_port = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--catalogue-dir") == 0) s.catalogue_dir = argv[i + 1];
        else if (strcmp(argv[i], "--policy-port") == 0) s.policy_port = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--policy-dir") == 0) s.policy_dir = argv[i + 1];
        else if (strcmp(argv[i], "--match-port") == 0) s.match_port = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--match-dir") == 0) s.match_dir = argv[i + 1];
        else if (strcmp(argv[i], "--idle-port") == 0) s.idle_port = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--idle-dir") == 0) s.idle_dir = argv[i + 1];
        else if (strcmp(argv[i], "--crossing-port") == 0) s.crossing_port = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--crossing-dir") == 0) s.crossing_dir = argv[i + 1];
    }
    if (s.dir != NULL && s.port > 0) {
        run_check("health without a token is SERVING", health_without_token_is_serving, &s);
        run_check("unary round trip with a token", unary_round_trip_with_token, &s);
        run_check("server stream delivers every message, then ends OK", server_stream_delivers_every_message_then_ends, &s);
        run_check("a call without a token is UNAUTHENTICATED", call_without_token_is_unauthenticated, &s);
        run_check("a token's whitespace is dropped, a blank token refused", token_whitespace_is_dropped_and_blank_is_refused, &s);
        run_check("an expired token is refused, naming the expiry", expired_token_is_refused_naming_expiry, &s);
        run_check("DEADLINE_EXCEEDED, then the client still works", deadline_exceeded_then_client_still_works, &s);
        run_check("field violations reach the caller", field_violations_reach_the_caller, &s);
        run_check("an untrusted CA fails, naming the problem", untrusted_ca_fails_naming_the_problem, &s);
        run_check("a wrong server name fails as a mismatch", wrong_server_name_fails_as_mismatch, &s);
        run_check("nothing listening is UNAVAILABLE", nothing_listening_is_unavailable, &s);
        run_check("mutual TLS needs and accepts a client certificate", mutual_tls_needs_and_accepts_a_client_certificate, &s);
        run_check("freeing a stream early cancels it", freeing_a_stream_early_cancels_it, &s);
    }
    if (s.registry_port > 0 && s.registry_dir != NULL) run_registry_checks(&s);
    if (s.catalogue_port > 0 && s.catalogue_dir != NULL) run_catalogue_checks(&s);
    if (s.policy_port > 0 && s.policy_dir != NULL) run_policy_checks(&s);
    if (s.match_port > 0 && s.match_dir != NULL) run_match_checks(&s);
    run_idle_checks(&s);
    if (s.dir != NULL && s.port > 0) {
        run_check("server shutdown mid-stream fails the stream", server_shutdown_mid_stream_fails_the_stream, &s);
    }
    printf("%d passed, %d failed\n", checks_passed, checks_failed);
    return checks_failed == 0 && checks_passed > 0 ? 0 : 1;
}
