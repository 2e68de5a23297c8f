/*
 * registry_example: registers an SME, lists the SMEs of its region, and follows the registry's
 * change feed for a while — the TIBS C client library end to end.
 *
 *   registry_example --host localhost --port 7401 --ca ca.pem --token-file admin.token [--follow-seconds 5]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "tibs.h"
#include "tibs/registry/v1/registry.pb-c.h"

static char *read_line(const char *path) {
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

static int report(const char *what, int code, const tibs_status *status) {
    fprintf(stderr, "%s failed: %s: %s\n", what, tibs_code_name(code), status->detail ? status->detail : "");
    for (size_t i = 0; i < status->violation_count; i++) {
        fprintf(stderr, "  %s: %s\n", status->violations[i].field, status->violations[i].description);
    }
    return 1;
}

int main(int argc, char **argv) {
    tibs_options options = {0};
    const char *token_file = NULL;
    int follow_seconds = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--host") == 0) options.host = argv[i + 1];
        else if (strcmp(argv[i], "--port") == 0) options.port = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--ca") == 0) options.ca_file = argv[i + 1];
        else if (strcmp(argv[i], "--server-name") == 0) options.server_name = argv[i + 1];
        else if (strcmp(argv[i], "--token-file") == 0) token_file = argv[i + 1];
        else if (strcmp(argv[i], "--follow-seconds") == 0) follow_seconds = atoi(argv[i + 1]);
    }
    if (options.host == NULL || options.port == 0 || options.ca_file == NULL || token_file == NULL) {
        fprintf(stderr, "usage: %s --host H --port P --ca CA.pem --token-file TOKEN [--server-name N] [--follow-seconds S]\n", argv[0]);
        return 2;
    }
    char *token = read_line(token_file);
    options.token = token;

    tibs_status status = {0};
    tibs_client *client = NULL;
    int code = tibs_client_connect(&options, &client, &status);
    free(token);
    if (code != TIBS_OK) {
        report("connect", code, &status);
        tibs_status_clear(&status);
        return 1;
    }
    int exit_code = 0;

    /* 1. Register an SME in Vidzeme (LV008). */
    char registration[32];
    snprintf(registration, sizeof registration, "LVEX%ld", (long)time(NULL));
    Tibs__Common__V1__RegionRef region = TIBS__COMMON__V1__REGION_REF__INIT;
    region.country = "LV";
    region.nuts_code = "LV008";
    Tibs__Common__V1__Code ict = TIBS__COMMON__V1__CODE__INIT;
    ict.code = "ict";
    Tibs__Common__V1__Code *s3[] = {&ict};
    Tibs__Common__V1__Code machinery = TIBS__COMMON__V1__CODE__INIT;
    machinery.code = "28.99"; /* NACE Rev. 2: other special-purpose machinery */
    machinery.version = "2";
    Tibs__Common__V1__Code *nace[] = {&machinery};
    Tibs__Registry__V1__SmeFields fields = TIBS__REGISTRY__V1__SME_FIELDS__INIT;
    fields.legal_name = "Cēsis Robotics SIA";
    fields.region = &region;
    fields.registration_id = registration;
    fields.headcount = 8;
    fields.annual_turnover_eur = 700000;
    fields.n_s3_areas = 1;
    fields.s3_areas = s3;
    fields.n_nace_codes = 1;
    fields.nace_codes = nace;
    Tibs__Registry__V1__CreateSmeRequest create = TIBS__REGISTRY__V1__CREATE_SME_REQUEST__INIT;
    create.fields = &fields;
    tibs_metadata idempotency[] = {{"idempotency-key", registration}};
    tibs_call_options call = {.timeout_ms = 10000, .metadata = idempotency, .metadata_count = 1};
    ProtobufCMessage *response = NULL;
    code = tibs_unary(client, "/tibs.registry.v1.SmeRegistry/CreateSme", &create.base, &tibs__registry__v1__sme__descriptor,
                      &response, &call, &status);
    if (code != TIBS_OK) {
        exit_code = report("CreateSme", code, &status);
        goto done;
    }
    Tibs__Registry__V1__Sme *sme = (Tibs__Registry__V1__Sme *)response;
    printf("created %s (version %llu)\n", sme->id, (unsigned long long)sme->version);
    protobuf_c_message_free_unpacked(response, NULL);

    /* 2. List the SMEs of the region. */
    Tibs__Registry__V1__ListSmesRequest list = TIBS__REGISTRY__V1__LIST_SMES_REQUEST__INIT;
    Tibs__Common__V1__PageRequest page_request = TIBS__COMMON__V1__PAGE_REQUEST__INIT;
    page_request.page_size = 20;
    list.page = &page_request;  /* paging is field 1 of every List*Request */
    list.region = "LV008";
    call.metadata_count = 0;
    code = tibs_unary(client, "/tibs.registry.v1.SmeRegistry/ListSmes", &list.base, &tibs__registry__v1__list_smes_response__descriptor,
                      &response, &call, &status);
    if (code != TIBS_OK) {
        exit_code = report("ListSmes", code, &status);
        goto done;
    }
    Tibs__Registry__V1__ListSmesResponse *page = (Tibs__Registry__V1__ListSmesResponse *)response;
    printf("%zu SMEs in LV008:\n", page->n_smes);
    for (size_t i = 0; i < page->n_smes; i++) printf("  %s  %s\n", page->smes[i]->id, page->smes[i]->fields->legal_name);
    protobuf_c_message_free_unpacked(response, NULL);

    /* 3. Follow the change feed from the start until the deadline. */
    Tibs__Common__V1__WatchChangesRequest watch = TIBS__COMMON__V1__WATCH_CHANGES_REQUEST__INIT;
    tibs_call_options follow = {.timeout_ms = follow_seconds * 1000};
    tibs_stream *stream = NULL;
    code = tibs_stream_open(client, "/tibs.registry.v1.SmeRegistry/WatchChanges", &watch.base, &tibs__common__v1__change_event__descriptor,
                            &follow, &stream, &status);
    if (code != TIBS_OK) {
        exit_code = report("WatchChanges", code, &status);
        goto done;
    }
    printf("change feed (for %d s):\n", follow_seconds);
    ProtobufCMessage *message = NULL;
    while ((code = tibs_stream_next(stream, &message, &status)) == TIBS_OK && message != NULL) {
        Tibs__Common__V1__ChangeEvent *event = (Tibs__Common__V1__ChangeEvent *)message;
        printf("  #%llu %s %s kind=%d by %s\n", (unsigned long long)event->sequence, event->entity_type, event->entity_id, event->kind, event->actor);
        protobuf_c_message_free_unpacked(message, NULL);
    }
    if (code != TIBS_OK && code != TIBS_DEADLINE_EXCEEDED) exit_code = report("WatchChanges", code, &status);
    tibs_stream_free(stream);

done:
    tibs_status_clear(&status);
    tibs_client_free(client);
    return exit_code;
}
