/*
 * The C library against servers that close idle connections (tibs-echo-server with
 * --idle-timeout-ms; run-interop.sh starts them): the first call after the server's GoAway or
 * close succeeds, on a new connection, and a call whose Open crossed the GoAway is sent again.
 *
 * The checks wait for the server's doing by events on the client's socket (poll, bounded), never
 * by sleeping; they read the client's counters and its socket through the library's internal
 * header.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <stdlib.h>
#include "checks.h"
#include "../src/tibs_internal.h"
#include "tibs/testing/v1/echo.pb-c.h"

/* Bound on waiting for the server's GoAway or close; its timeouts are a fraction of a second. */
#define WAIT_MS 30000

static int echo(tibs_client *client, const char *text, tibs_status *status) {
    Tibs__Testing__V1__EchoRequest request = TIBS__TESTING__V1__ECHO_REQUEST__INIT;
    request.text = (char *)text;
    ProtobufCMessage *response = NULL;
    tibs_call_options call = {.timeout_ms = 10000};
    int code = tibs_unary(client, "/tibs.testing.v1.Echo/Get", &request.base, &tibs__testing__v1__echo_response__descriptor,
                          &response, &call, status);
    if (code == TIBS_OK && strcmp(((Tibs__Testing__V1__EchoResponse *)response)->text, text) != 0) code = TIBS_INTERNAL;
    if (response != NULL) protobuf_c_message_free_unpacked(response, NULL);
    return code;
}

/* Waits until the client's socket shows `events` (POLLIN: the GoAway arrived; POLLRDHUP: the server closed). */
static int wait_for(tibs_client *client, short events) {
    struct pollfd wait = {.fd = client->transport.fd, .events = events};
    return poll(&wait, 1, WAIT_MS) == 1 && (wait.revents & (events | POLLHUP)) != 0;
}

/* One scenario: connect, call, wait on the idle connection for the server's `events`, call again
 * (sending without reading first when `skip_pending_check`), and expect the second call to succeed
 * on exactly one new connection after `retries` retries. */
static int idle_scenario(const settings *s, const char *dir, int port, short events, int skip_pending_check, unsigned retries) {
    tibs_status status = {0};
    tibs_client *client = connect_service(s, dir, port, "admin.token", &status);
    EXPECT(client != NULL, "connect: %s", status.detail);
    int first = echo(client, "before", &status);
    unsigned dials = client->dials;
    int waited = first == TIBS_OK && wait_for(client, events);
    client->skip_pending_check = skip_pending_check;
    int after = waited ? echo(client, "after", &status) : -1;
    unsigned dials_after = client->dials, retried = client->retried_calls;
    tibs_client_free(client);
    EXPECT(first == TIBS_OK, "the first call to succeed: %s %s", tibs_code_name(first), status.detail);
    EXPECT(waited, "the server's %s within %d ms", events == POLLIN ? "GoAway" : "close", WAIT_MS);
    EXPECT(after == TIBS_OK, "the call after it to succeed, got %s: %s", tibs_code_name(after), status.detail);
    EXPECT(dials_after == dials + 1 && retried == retries, "one new connection after %u retries (dials %u -> %u, retried %u)",
           retries, dials, dials_after, retried);
    tibs_status_clear(&status);
    return 1;
}

static int call_after_the_server_closed_an_idle_connection_succeeds(const settings *s) {
    return idle_scenario(s, s->idle_dir, s->idle_port, POLLRDHUP, 0, 0);
}

/* This server waits a minute for the Pong: the connection is still open when the call is made,
 * and the library reads the GoAway before sending. */
static int call_after_a_goaway_goes_to_a_new_connection(const settings *s) {
    return idle_scenario(s, s->crossing_dir, s->crossing_port, POLLIN, 0, 0);
}

/* Sent as if the GoAway had not arrived yet: the server refuses the Open unprocessed, the library
 * sends the call again on a new connection. */
static int call_crossing_the_goaway_is_sent_again(const settings *s) {
    return idle_scenario(s, s->crossing_dir, s->crossing_port, POLLIN, 1, 1);
}

void run_idle_checks(const settings *s) {
    if (s->idle_port > 0 && s->idle_dir != NULL) {
        run_check("idle: a call after the server closed an idle connection succeeds", call_after_the_server_closed_an_idle_connection_succeeds, s);
    }
    if (s->crossing_port > 0 && s->crossing_dir != NULL) {
        run_check("idle: a call after the server's GoAway goes to a new connection", call_after_a_goaway_goes_to_a_new_connection, s);
        run_check("idle: a call whose Open crossed the GoAway is sent again", call_crossing_the_goaway_is_sent_again, s);
    }
}
