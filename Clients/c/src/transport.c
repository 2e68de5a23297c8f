/* TCP + TLS for one connection: dial with a timeout, verify the server, read and write frames. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include "tibs_internal.h"

static const unsigned char alpn[] = {6, 't', 'i', 'b', 's', '/', '1'};

/* --- a socket BIO that writes with MSG_NOSIGNAL, so a closed peer never raises SIGPIPE --- */

static int bio_write(BIO *bio, const char *data, int length) {
    tibs_transport *transport = BIO_get_data(bio);
    BIO_clear_retry_flags(bio);
    ssize_t written;
    do {
        written = send(transport->fd, data, (size_t)length, MSG_NOSIGNAL);
    } while (written < 0 && errno == EINTR);
    if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) BIO_set_retry_write(bio);
    return (int)written;
}

static int bio_read(BIO *bio, char *data, int length) {
    tibs_transport *transport = BIO_get_data(bio);
    BIO_clear_retry_flags(bio);
    ssize_t got;
    do {
        got = recv(transport->fd, data, (size_t)length, transport->nonblocking ? MSG_DONTWAIT : 0);
    } while (got < 0 && errno == EINTR);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) BIO_set_retry_read(bio);
    return (int)got;
}

static long bio_ctrl(BIO *bio, int command, long number, void *pointer) {
    (void)bio; (void)number; (void)pointer;
    return command == BIO_CTRL_FLUSH ? 1 : 0;
}

static int bio_create(BIO *bio) {
    BIO_set_init(bio, 1);
    return 1;
}

/* --- dialling --- */

static int set_blocking(int fd, int blocking) {
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFL, blocking ? (flags & ~O_NONBLOCK) : (flags | O_NONBLOCK));
}

static int dial(const char *host, int port, int64_t deadline, tibs_status *status) {
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    struct addrinfo *addresses = NULL;
    int resolved = getaddrinfo(host, service, &hints, &addresses);
    if (resolved != 0) {
        tibs_fail(status, TIBS_UNAVAILABLE, "cannot resolve %s: %s", host, gai_strerror(resolved));
        return -1;
    }
    int last_error = ECONNREFUSED;
    int fd = -1;
    for (struct addrinfo *address = addresses; address != NULL && fd < 0; address = address->ai_next) {
        int candidate = socket(address->ai_family, address->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, address->ai_protocol);
        if (candidate < 0) { last_error = errno; continue; }
        if (connect(candidate, address->ai_addr, address->ai_addrlen) != 0) {
            if (errno != EINPROGRESS) { last_error = errno; close(candidate); continue; }
            struct pollfd wait = {.fd = candidate, .events = POLLOUT};
            int64_t remaining = deadline - tibs_now_ms();
            int ready = remaining > 0 ? poll(&wait, 1, (int)remaining) : 0;
            int error = 0;
            socklen_t size = sizeof error;
            if (ready <= 0) { last_error = ETIMEDOUT; close(candidate); continue; }
            if (getsockopt(candidate, SOL_SOCKET, SO_ERROR, &error, &size) != 0 || error != 0) {
                last_error = error != 0 ? error : errno;
                close(candidate);
                continue;
            }
        }
        fd = candidate;
    }
    freeaddrinfo(addresses);
    if (fd < 0) {
        tibs_fail(status, TIBS_UNAVAILABLE, "cannot connect to %s:%d: %s", host, port, strerror(last_error));
        return -1;
    }
    set_blocking(fd, 1);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static void set_io_timeout(int fd, int64_t milliseconds) {
    struct timeval value = {.tv_sec = (time_t)(milliseconds / 1000), .tv_usec = (suseconds_t)(milliseconds % 1000) * 1000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, sizeof value);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, sizeof value);
}

static const char *openssl_reason(char *buffer, size_t size) {
    unsigned long error = ERR_get_error();
    if (error == 0) return "the connection closed during the handshake";
    ERR_error_string_n(error, buffer, size);
    ERR_clear_error();
    return buffer;
}

static int is_ip_address(const char *text) {
    unsigned char bytes[16];
    return inet_pton(AF_INET, text, bytes) == 1 || inet_pton(AF_INET6, text, bytes) == 1;
}

int tibs_transport_open(tibs_client *client, tibs_status *status) {
    tibs_transport *transport = &client->transport;
    tibs_transport_close(transport);
    ERR_clear_error();
    int64_t deadline = tibs_now_ms() + client->connect_timeout_ms;
    char reason[256];

    transport->ctx = SSL_CTX_new(TLS_client_method());
    if (transport->ctx == NULL) return tibs_fail(status, TIBS_INTERNAL, "cannot create a TLS context");
    SSL_CTX_set_min_proto_version(transport->ctx, TLS1_2_VERSION);
    SSL_CTX_set_verify(transport->ctx, SSL_VERIFY_PEER, NULL);
    if (SSL_CTX_load_verify_locations(transport->ctx, client->ca_file, NULL) != 1) {
        tibs_fail(status, TIBS_INVALID_ARGUMENT, "cannot load the CA file %s: %s", client->ca_file, openssl_reason(reason, sizeof reason));
        tibs_transport_close(transport);
        return status ? status->code : TIBS_INVALID_ARGUMENT;
    }
    if (client->cert_file != NULL) {
        if (SSL_CTX_use_certificate_chain_file(transport->ctx, client->cert_file) != 1 ||
            SSL_CTX_use_PrivateKey_file(transport->ctx, client->key_file, SSL_FILETYPE_PEM) != 1 ||
            SSL_CTX_check_private_key(transport->ctx) != 1) {
            tibs_fail(status, TIBS_INVALID_ARGUMENT, "cannot use the client certificate %s with key %s: %s",
                      client->cert_file, client->key_file, openssl_reason(reason, sizeof reason));
            tibs_transport_close(transport);
            return TIBS_INVALID_ARGUMENT;
        }
    }

    transport->fd = dial(client->host, client->port, deadline, status);
    if (transport->fd < 0) {
        tibs_transport_close(transport);
        return TIBS_UNAVAILABLE;
    }

    transport->bio_method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "tibs socket");
    BIO_meth_set_write(transport->bio_method, bio_write);
    BIO_meth_set_read(transport->bio_method, bio_read);
    BIO_meth_set_ctrl(transport->bio_method, bio_ctrl);
    BIO_meth_set_create(transport->bio_method, bio_create);
    BIO *bio = BIO_new(transport->bio_method);
    BIO_set_data(bio, transport);

    transport->ssl = SSL_new(transport->ctx);
    SSL_set_bio(transport->ssl, bio, bio);
    const char *name = client->server_name != NULL ? client->server_name : client->host;
    if (is_ip_address(name)) {
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(transport->ssl), name);
    } else {
        SSL_set_tlsext_host_name(transport->ssl, name);
        SSL_set1_host(transport->ssl, name);
    }
    SSL_set_alpn_protos(transport->ssl, alpn, sizeof alpn);

    int64_t remaining = deadline - tibs_now_ms();
    set_io_timeout(transport->fd, remaining > 1 ? remaining : 1);
    int connected = SSL_connect(transport->ssl);
    set_io_timeout(transport->fd, 0);
    if (connected != 1) {
        long verify = SSL_get_verify_result(transport->ssl);
        if (verify != X509_V_OK) {
            tibs_fail(status, TIBS_UNAVAILABLE, "TLS handshake with %s:%d failed: the server's certificate is not accepted: %s",
                      client->host, client->port, X509_verify_cert_error_string(verify));
        } else {
            const char *why = openssl_reason(reason, sizeof reason);
            if (strstr(why, "certificate required") != NULL || strstr(why, "handshake failure") != NULL) {
                tibs_fail(status, TIBS_UNAVAILABLE, "TLS handshake with %s:%d failed: the server requires a client certificate (%s)",
                          client->host, client->port, why);
            } else {
                tibs_fail(status, TIBS_UNAVAILABLE, "TLS handshake with %s:%d failed: %s", client->host, client->port, why);
            }
        }
        tibs_transport_close(transport);
        return TIBS_UNAVAILABLE;
    }
    const unsigned char *selected = NULL;
    unsigned int selected_length = 0;
    SSL_get0_alpn_selected(transport->ssl, &selected, &selected_length);
    if (selected_length > 0 && (selected_length != 6 || memcmp(selected, "tibs/1", 6) != 0)) {
        tibs_fail(status, TIBS_UNAVAILABLE, "%s:%d does not speak TIBS-RPC/1 (ALPN)", client->host, client->port);
        tibs_transport_close(transport);
        return TIBS_UNAVAILABLE;
    }
    client->dials++;
    return TIBS_OK;
}

void tibs_transport_close(tibs_transport *transport) {
    if (transport->ssl != NULL) {
        if (transport->fd >= 0) SSL_shutdown(transport->ssl); /* best effort close_notify, never waits for the reply */
        SSL_free(transport->ssl); /* frees the BIO too */
    }
    if (transport->ctx != NULL) SSL_CTX_free(transport->ctx);
    if (transport->bio_method != NULL) BIO_meth_free(transport->bio_method);
    if (transport->fd >= 0) close(transport->fd);
    transport->ssl = NULL;
    transport->ctx = NULL;
    transport->bio_method = NULL;
    transport->fd = -1;
    ERR_clear_error();
}

/* --- frames --- */

static int lost(tibs_transport *transport, tibs_status *status, const char *what) {
    tibs_fail(status, TIBS_UNAVAILABLE, "%s", what);
    tibs_transport_close(transport);
    return TIBS_UNAVAILABLE;
}

static int read_exact(tibs_transport *transport, unsigned char *buffer, size_t count, int64_t deadline_ms, tibs_status *status) {
    size_t got = 0;
    while (got < count) {
        if (deadline_ms > 0 && SSL_pending(transport->ssl) == 0) {
            int64_t remaining = deadline_ms - tibs_now_ms();
            if (remaining <= 0) return tibs_fail(status, TIBS_DEADLINE_EXCEEDED, "deadline exceeded");
            struct pollfd wait = {.fd = transport->fd, .events = POLLIN};
            int ready = poll(&wait, 1, (int)remaining);
            if (ready == 0) return tibs_fail(status, TIBS_DEADLINE_EXCEEDED, "deadline exceeded");
            if (ready < 0 && errno != EINTR) return lost(transport, status, "connection lost: poll failed");
            if (ready < 0) continue;
        }
        ERR_clear_error();
        int read = SSL_read(transport->ssl, buffer + got, (int)(count - got));
        if (read > 0) {
            got += (size_t)read;
            continue;
        }
        int error = SSL_get_error(transport->ssl, read);
        if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) continue;
        if (error == SSL_ERROR_ZERO_RETURN || (error == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)) {
            return lost(transport, status, "connection closed by the server");
        }
        return lost(transport, status, "connection lost");
    }
    return TIBS_OK;
}

/* The rest of a frame whose length prefix has been read. */
static int read_body(tibs_transport *transport, const unsigned char prefix[4], size_t max_frame_bytes,
                     Tibs__Rpc__V1__Frame **frame, tibs_status *status) {
    uint32_t length = (uint32_t)prefix[0] << 24 | (uint32_t)prefix[1] << 16 | (uint32_t)prefix[2] << 8 | prefix[3];
    if (length > max_frame_bytes) {
        tibs_fail(status, TIBS_RESOURCE_EXHAUSTED, "the server sent a frame of %u bytes, over the limit of %zu", length, max_frame_bytes);
        tibs_transport_close(transport);
        return TIBS_RESOURCE_EXHAUSTED;
    }
    unsigned char *body = malloc(length > 0 ? length : 1);
    if (body == NULL) return tibs_fail(status, TIBS_RESOURCE_EXHAUSTED, "out of memory for a %u byte frame", length);
    /* Once a frame has started, read all of it even past the deadline, so the stream stays aligned. */
    int code = read_exact(transport, body, length, 0, status);
    if (code != TIBS_OK) {
        free(body);
        return code;
    }
    *frame = tibs__rpc__v1__frame__unpack(NULL, length, body);
    free(body);
    if (*frame == NULL) {
        tibs_fail(status, TIBS_INTERNAL, "the server sent a frame that is not a tibs.rpc.v1.Frame");
        tibs_transport_close(transport);
        return TIBS_INTERNAL;
    }
    return TIBS_OK;
}

int tibs_transport_read_frame(tibs_transport *transport, size_t max_frame_bytes, int64_t deadline_ms,
                              Tibs__Rpc__V1__Frame **frame, tibs_status *status) {
    *frame = NULL;
    if (transport->fd < 0) return tibs_fail(status, TIBS_UNAVAILABLE, "not connected");
    unsigned char prefix[4];
    int code = read_exact(transport, prefix, sizeof prefix, deadline_ms, status);
    if (code != TIBS_OK) return code;
    return read_body(transport, prefix, max_frame_bytes, frame, status);
}

int tibs_transport_read_pending_frame(tibs_transport *transport, size_t max_frame_bytes, int wait_ms,
                                      Tibs__Rpc__V1__Frame **frame, tibs_status *status) {
    *frame = NULL;
    if (transport->fd < 0) return tibs_fail(status, TIBS_UNAVAILABLE, "not connected");
    if (SSL_pending(transport->ssl) == 0) {
        struct pollfd wait = {.fd = transport->fd, .events = POLLIN};
        int ready;
        do {
            ready = poll(&wait, 1, 0);
        } while (ready < 0 && errno == EINTR);
        if (ready < 0) return lost(transport, status, "connection lost: poll failed");
        if (ready == 0) return TIBS_OK;
    }
    /* Something arrived: take its first byte without waiting, since it may be a TLS record of
     * TLS's own (a session ticket) with no frame behind it. */
    unsigned char prefix[4];
    ERR_clear_error();
    transport->nonblocking = 1;
    int read = SSL_read(transport->ssl, prefix, 1);
    transport->nonblocking = 0;
    if (read <= 0) {
        int error = SSL_get_error(transport->ssl, read);
        if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return TIBS_OK;
        if (error == SSL_ERROR_ZERO_RETURN || (error == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)) {
            return lost(transport, status, "connection closed by the server");
        }
        return lost(transport, status, "connection lost");
    }
    /* A frame has begun: the server writes frames whole, so the rest follows within wait_ms. */
    int code = read_exact(transport, prefix + 1, 3, tibs_now_ms() + (wait_ms > 0 ? wait_ms : 1), status);
    if (code != TIBS_OK) {
        tibs_transport_close(transport); /* out of step with the frames: only a new connection helps */
        return code;
    }
    return read_body(transport, prefix, max_frame_bytes, frame, status);
}

int tibs_transport_write_frame(tibs_transport *transport, const Tibs__Rpc__V1__Frame *frame, tibs_status *status) {
    if (transport->fd < 0) return tibs_fail(status, TIBS_UNAVAILABLE, "not connected");
    size_t size = tibs__rpc__v1__frame__get_packed_size(frame);
    if (size > UINT32_MAX) return tibs_fail(status, TIBS_RESOURCE_EXHAUSTED, "request too large");
    unsigned char *buffer = malloc(size + 4);
    if (buffer == NULL) return tibs_fail(status, TIBS_RESOURCE_EXHAUSTED, "out of memory for a %zu byte frame", size);
    buffer[0] = (unsigned char)(size >> 24);
    buffer[1] = (unsigned char)(size >> 16);
    buffer[2] = (unsigned char)(size >> 8);
    buffer[3] = (unsigned char)size;
    tibs__rpc__v1__frame__pack(frame, buffer + 4);
    size_t sent = 0;
    int code = TIBS_OK;
    while (sent < size + 4) {
        ERR_clear_error();
        int written = SSL_write(transport->ssl, buffer + sent, (int)(size + 4 - sent));
        if (written > 0) {
            sent += (size_t)written;
            continue;
        }
        int error = SSL_get_error(transport->ssl, written);
        if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) continue;
        code = lost(transport, status, "connection lost while sending");
        break;
    }
    free(buffer);
    return code;
}
