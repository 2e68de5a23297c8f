/*
 * Interop checks against a real tibs-registry process: create, read, list, field violations, and
 * following the change feed. Compiled when the registry's generated C code is present
 * (generated/tibs/registry, made by scripts/generate-protos once proto/tibs/registry exists).
 */
#include <stdlib.h>
#include <string.h>
#include "checks.h"

#ifdef TIBS_HAVE_REGISTRY
#include <stdio.h>
#include <time.h>
#include "tibs/registry/v1/registry.pb-c.h"

static char registration[64];

static tibs_client *connect_registry(const settings *s, const char *token_name, tibs_status *status) {
    return connect_service(s, s->registry_dir, s->registry_port, token_name, status);
}

/* Fills `fields` with a valid Vidzeme SME; the pointers refer to static or stack storage of the caller. */
typedef struct sme_storage {
    Tibs__Registry__V1__SmeFields fields;
    Tibs__Common__V1__RegionRef region;
    Tibs__Common__V1__Code nace, s3;
    Tibs__Common__V1__Code *nace_list[1], *s3_list[1];
    char *languages[2];
} sme_storage;

static void valid_sme(sme_storage *sme, const char *name) {
    tibs__registry__v1__sme_fields__init(&sme->fields);
    tibs__common__v1__region_ref__init(&sme->region);
    tibs__common__v1__code__init(&sme->nace);
    tibs__common__v1__code__init(&sme->s3);
    sme->region.country = "LV";
    sme->region.nuts_code = "LV008";
    sme->nace.code = "62.01";
    sme->nace.version = "2";
    sme->s3.code = "ict";
    sme->nace_list[0] = &sme->nace;
    sme->s3_list[0] = &sme->s3;
    sme->languages[0] = "lv";
    sme->languages[1] = "en";
    sme->fields.legal_name = (char *)name;
    sme->fields.region = &sme->region;
    sme->fields.registration_id = registration;
    sme->fields.headcount = 12;
    sme->fields.annual_turnover_eur = 1500000;
    sme->fields.balance_sheet_total_eur = 900000;
    sme->fields.n_nace_codes = 1;
    sme->fields.nace_codes = sme->nace_list;
    sme->fields.n_s3_areas = 1;
    sme->fields.s3_areas = sme->s3_list;
    sme->fields.n_languages = 2;
    sme->fields.languages = sme->languages;
    sme->fields.description = "Sensor data services for Vidzeme farms";
}

static char created_id[64];

static int registry_create_get_and_list(const settings *s) {
    tibs_status status = {0};
    tibs_client *client = connect_registry(s, "admin.token", &status);
    EXPECT(client != NULL, "connect: %s", status.detail);
    snprintf(registration, sizeof registration, "LVC%ld", (long)time(NULL));
    sme_storage sme;
    valid_sme(&sme, "Valmiera Sensors SIA");
    Tibs__Registry__V1__CreateSmeRequest create = TIBS__REGISTRY__V1__CREATE_SME_REQUEST__INIT;
    create.fields = &sme.fields;
    ProtobufCMessage *response = NULL;
    tibs_call_options call = {.timeout_ms = 10000};
    int code = tibs_unary(client, "/tibs.registry.v1.SmeRegistry/CreateSme", &create.base, &tibs__registry__v1__sme__descriptor,
                          &response, &call, &status);
    if (code != TIBS_OK) tibs_client_free(client);
    EXPECT(code == TIBS_OK, "CreateSme: %s %s", tibs_code_name(code), status.detail);
    Tibs__Registry__V1__Sme *created = (Tibs__Registry__V1__Sme *)response;
    snprintf(created_id, sizeof created_id, "%s", created->id);
    int version_one = created->version == 1;
    protobuf_c_message_free_unpacked(response, NULL);

    Tibs__Registry__V1__GetSmeRequest get = TIBS__REGISTRY__V1__GET_SME_REQUEST__INIT;
    get.id = created_id;
    code = tibs_unary(client, "/tibs.registry.v1.SmeRegistry/GetSme", &get.base, &tibs__registry__v1__sme__descriptor, &response, &call, &status);
    int same = code == TIBS_OK && strcmp(((Tibs__Registry__V1__Sme *)response)->fields->legal_name, "Valmiera Sensors SIA") == 0;
    if (response) protobuf_c_message_free_unpacked(response, NULL);

    Tibs__Registry__V1__ListSmesRequest list = TIBS__REGISTRY__V1__LIST_SMES_REQUEST__INIT;
    list.region = "LV008";
    list.text = "Valmiera";
    code = tibs_unary(client, "/tibs.registry.v1.SmeRegistry/ListSmes", &list.base, &tibs__registry__v1__list_smes_response__descriptor,
                      &response, &call, &status);
    int listed = 0;
    if (code == TIBS_OK) {
        Tibs__Registry__V1__ListSmesResponse *page = (Tibs__Registry__V1__ListSmesResponse *)response;
        for (size_t i = 0; i < page->n_smes; i++) listed |= strcmp(page->smes[i]->id, created_id) == 0;
    }
    if (response) protobuf_c_message_free_unpacked(response, NULL);
    tibs_client_free(client);
    EXPECT(version_one, "version 1");
    EXPECT(same, "GetSme returns it");
    EXPECT(listed, "ListSmes finds it");
    tibs_status_clear(&status);
    return 1;
}

static int registry_field_violations_reach_the_caller(const settings *s) {
    tibs_status status = {0};
    tibs_client *client = connect_registry(s, "admin.token", &status);
    EXPECT(client != NULL, "connect: %s", status.detail);
    sme_storage sme;
    valid_sme(&sme, "");
    sme.region.nuts_code = "XX999";
    Tibs__Registry__V1__CreateSmeRequest create = TIBS__REGISTRY__V1__CREATE_SME_REQUEST__INIT;
    create.fields = &sme.fields;
    ProtobufCMessage *response = NULL;
    int code = tibs_unary(client, "/tibs.registry.v1.SmeRegistry/CreateSme", &create.base, &tibs__registry__v1__sme__descriptor,
                          &response, NULL, &status);
    tibs_client_free(client);
    EXPECT(code == TIBS_INVALID_ARGUMENT && response == NULL, "INVALID_ARGUMENT, got %s: %s", tibs_code_name(code), status.detail);
    EXPECT(status.violation_count >= 2, "a violation for the name and for the region, got %zu", status.violation_count);
    int name = 0;
    for (size_t i = 0; i < status.violation_count; i++) name |= strstr(status.violations[i].field, "legal_name") != NULL;
    EXPECT(name, "a violation naming legal_name");
    tibs_status_clear(&status);
    return 1;
}

static int registry_change_feed_carries_the_new_sme(const settings *s) {
    tibs_status status = {0};
    tibs_client *client = connect_registry(s, "admin.token", &status);
    EXPECT(client != NULL, "connect: %s", status.detail);
    Tibs__Common__V1__WatchChangesRequest watch = TIBS__COMMON__V1__WATCH_CHANGES_REQUEST__INIT;
    tibs_call_options call = {.timeout_ms = 10000};
    tibs_stream *stream = NULL;
    int code = tibs_stream_open(client, "/tibs.registry.v1.SmeRegistry/WatchChanges", &watch.base, &tibs__common__v1__change_event__descriptor,
                                &call, &stream, &status);
    EXPECT(code == TIBS_OK, "open: %s", status.detail);
    ProtobufCMessage *message = NULL;
    int found = 0;
    uint64_t last_sequence = 0;
    int ordered = 1;
    while (!found && (code = tibs_stream_next(stream, &message, &status)) == TIBS_OK && message != NULL) {
        Tibs__Common__V1__ChangeEvent *event = (Tibs__Common__V1__ChangeEvent *)message;
        if (event->sequence <= last_sequence) ordered = 0;
        last_sequence = event->sequence;
        found = strcmp(event->entity_type, "sme") == 0 && strcmp(event->entity_id, created_id) == 0 &&
                event->kind == TIBS__COMMON__V1__CHANGE_EVENT__KIND__CREATED;
        protobuf_c_message_free_unpacked(message, NULL);
    }
    tibs_stream_free(stream); /* the feed does not end by itself: freeing cancels it */
    tibs_client_free(client);
    EXPECT(found, "the CREATED event of %s (stream ended with %s: %s)", created_id, tibs_code_name(code), status.detail);
    EXPECT(ordered, "increasing sequence numbers");
    tibs_status_clear(&status);
    return 1;
}

void run_registry_checks(const settings *s) {
    run_check("registry: create, get and list an SME", registry_create_get_and_list, s);
    run_check("registry: field violations reach the caller", registry_field_violations_reach_the_caller, s);
    run_check("registry: the change feed carries the new SME", registry_change_feed_carries_the_new_sme, s);
}

#else

void run_registry_checks(const settings *s) {
    (void)s;
    printf("note: built without the registry's generated C code: registry checks skipped\n");
}

#endif
