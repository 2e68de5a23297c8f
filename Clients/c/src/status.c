/* Status values: codes, names, and copying the server's Close into a tibs_status. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "tibs_internal.h"

static char *copy_string(const char *text) {
    if (text == NULL) return NULL;
    size_t length = strlen(text);
    char *copy = malloc(length + 1);
    if (copy != NULL) memcpy(copy, text, length + 1);
    return copy;
}

void tibs_status_clear(tibs_status *status) {
    if (status == NULL) return;
    free(status->detail);
    for (size_t i = 0; i < status->violation_count; i++) {
        free(status->violations[i].field);
        free(status->violations[i].description);
    }
    free(status->violations);
    free(status->request_id);
    memset(status, 0, sizeof *status);
}

const char *tibs_code_name(int code) {
    static const char *const names[] = {
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
        "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
        "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};
    if (code < 0 || code > 16) return "UNKNOWN";
    return names[code];
}

int tibs_fail(tibs_status *status, int code, const char *format, ...) {
    if (status == NULL) return code;
    tibs_status_clear(status);
    status->code = code;
    char buffer[1024];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(buffer, sizeof buffer, format, arguments);
    va_end(arguments);
    status->detail = copy_string(buffer);
    return code;
}

int tibs_status_from_close(tibs_status *status, const Tibs__Rpc__V1__Close *close) {
    int code = close->code;
    if (code < 0 || code > 16) code = TIBS_UNKNOWN; /* unknown numbers map to UNKNOWN, as gRPC does */
    if (status == NULL) return code;
    tibs_status_clear(status);
    status->code = code;
    for (size_t i = 0; i < close->n_trailers; i++) {
        if (strcmp(close->trailers[i]->key, "x-request-id") == 0) status->request_id = copy_string(close->trailers[i]->value);
    }
    if (code == TIBS_OK) return code;
    status->detail = copy_string(close->detail);
    if (close->n_violations > 0) {
        status->violations = calloc(close->n_violations, sizeof *status->violations);
        if (status->violations != NULL) {
            status->violation_count = close->n_violations;
            for (size_t i = 0; i < close->n_violations; i++) {
                status->violations[i].field = copy_string(close->violations[i]->field);
                status->violations[i].description = copy_string(close->violations[i]->description);
            }
        }
    }
    return code;
}

int tibs_status_copy(tibs_status *to, const tibs_status *from) {
    if (to == NULL) return from->code;
    tibs_status_clear(to);
    to->code = from->code;
    to->detail = copy_string(from->detail);
    to->request_id = copy_string(from->request_id);
    if (from->violation_count > 0) {
        to->violations = calloc(from->violation_count, sizeof *to->violations);
        if (to->violations != NULL) {
            to->violation_count = from->violation_count;
            for (size_t i = 0; i < from->violation_count; i++) {
                to->violations[i].field = copy_string(from->violations[i].field);
                to->violations[i].description = copy_string(from->violations[i].description);
            }
        }
    }
    return to->code;
}

int64_t tibs_now_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}
