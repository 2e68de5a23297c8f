/*
 * Interop checks against a real tibs-catalogue process: create a provider, draft a resource of it and
 * find it in a listing, and field violations of a bad provider. Compiled when the catalogue's generated
 * C code is present (generated/tibs/catalogue).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks.h"

#ifdef TIBS_HAVE_CATALOGUE
#include "tibs/catalogue/v1/catalogue.pb-c.h"

#define CATALOGUE "/tibs.catalogue.v1.ResourceCatalogue/"

static tibs_client *connect_catalogue(const settings *s, tibs_status *status) {
    return connect_service(s, s->catalogue_dir, s->catalogue_port, "admin.token", status);
}

/* CreateProvider with `name` in `nuts` (country from its first two letters); the response, or NULL. */
static Tibs__Catalogue__V1__Provider *create_provider(tibs_client *client, const char *name, const char *country, const char *nuts,
                                                      tibs_status *status, int *code) {
    Tibs__Common__V1__RegionRef region = TIBS__COMMON__V1__REGION_REF__INIT;
    region.country = (char *)country;
    region.nuts_code = (char *)nuts;
    Tibs__Catalogue__V1__ProviderFields fields = TIBS__CATALOGUE__V1__PROVIDER_FIELDS__INIT;
    fields.name = (char *)name;
    fields.kind = TIBS__CATALOGUE__V1__PROVIDER_KIND__PROVIDER_KIND_UNIVERSITY;
    fields.region = &region;
    fields.website = "https://www.va.lv";
    Tibs__Catalogue__V1__CreateProviderRequest request = TIBS__CATALOGUE__V1__CREATE_PROVIDER_REQUEST__INIT;
    request.fields = &fields;
    ProtobufCMessage *response = NULL;
    tibs_call_options call = {.timeout_ms = 10000};
    *code = tibs_unary(client, CATALOGUE "CreateProvider", &request.base, &tibs__catalogue__v1__provider__descriptor, &response, &call, status);
    return (Tibs__Catalogue__V1__Provider *)response;
}

static int catalogue_create_provider_draft_and_list(const settings *s) {
    tibs_status status = {0};
    tibs_client *client = connect_catalogue(s, &status);
    EXPECT(client != NULL, "connect: %s", status.detail);
    int code = 0;
    Tibs__Catalogue__V1__Provider *provider = create_provider(client, "Vidzeme University of Applied Sciences", "LV", "LV008", &status, &code);
    if (code != TIBS_OK) tibs_client_free(client);
    EXPECT(code == TIBS_OK && provider != NULL, "CreateProvider: %s %s", tibs_code_name(code), status.detail);
    char provider_id[64];
    snprintf(provider_id, sizeof provider_id, "%s", provider->id);
    int version_one = provider->version == 1;
    protobuf_c_message_free_unpacked(&provider->base, NULL);

    char *keywords[3] = {"mechatronics", "prototyping", "robotics"};
    Tibs__Catalogue__V1__ResourceFields fields = TIBS__CATALOGUE__V1__RESOURCE_FIELDS__INIT;
    fields.kind = TIBS__CATALOGUE__V1__RESOURCE_KIND__RESOURCE_KIND_FACILITY;
    fields.title = "Valmiera mechatronics test-bed";
    fields.n_keywords = 3;
    fields.keywords = keywords;
    fields.access_scope = TIBS__CATALOGUE__V1__ACCESS_SCOPE__ACCESS_SCOPE_TRANSNATIONAL;
    fields.cost_model = TIBS__CATALOGUE__V1__COST_MODEL__COST_MODEL_FEE;
    Tibs__Catalogue__V1__CreateResourceRequest create = TIBS__CATALOGUE__V1__CREATE_RESOURCE_REQUEST__INIT;
    create.provider_id = provider_id;
    create.fields = &fields;
    ProtobufCMessage *response = NULL;
    tibs_call_options call = {.timeout_ms = 10000};
    code = tibs_unary(client, CATALOGUE "CreateResource", &create.base, &tibs__catalogue__v1__resource__descriptor, &response, &call, &status);
    if (code != TIBS_OK) tibs_client_free(client);
    EXPECT(code == TIBS_OK, "CreateResource: %s %s", tibs_code_name(code), status.detail);
    Tibs__Catalogue__V1__Resource *resource = (Tibs__Catalogue__V1__Resource *)response;
    char resource_id[64];
    snprintf(resource_id, sizeof resource_id, "%s", resource->id);
    int draft = resource->status == TIBS__CATALOGUE__V1__REVIEW_STATUS__REVIEW_STATUS_DRAFT;
    int incomplete = resource->completeness_percent < 80 && resource->n_checks > 0;
    protobuf_c_message_free_unpacked(response, NULL);

    Tibs__Catalogue__V1__ListResourcesRequest list = TIBS__CATALOGUE__V1__LIST_RESOURCES_REQUEST__INIT;
    list.provider_id = provider_id;
    list.status = TIBS__CATALOGUE__V1__REVIEW_STATUS__REVIEW_STATUS_DRAFT;
    response = NULL;
    code = tibs_unary(client, CATALOGUE "ListResources", &list.base, &tibs__catalogue__v1__list_resources_response__descriptor,
                      &response, &call, &status);
    int listed = 0;
    if (code == TIBS_OK) {
        Tibs__Catalogue__V1__ListResourcesResponse *page = (Tibs__Catalogue__V1__ListResourcesResponse *)response;
        for (size_t i = 0; i < page->n_resources; i++) listed |= strcmp(page->resources[i]->id, resource_id) == 0;
    }
    if (response) protobuf_c_message_free_unpacked(response, NULL);
    tibs_client_free(client);
    EXPECT(version_one, "provider version 1");
    EXPECT(draft, "a new resource is a draft");
    EXPECT(incomplete, "a bare draft scores below the publishing threshold, with its checks");
    EXPECT(code == TIBS_OK && listed, "ListResources (drafts of the provider) finds it: %s %s", tibs_code_name(code), status.detail);
    tibs_status_clear(&status);
    return 1;
}

static int catalogue_field_violations_reach_the_caller(const settings *s) {
    tibs_status status = {0};
    tibs_client *client = connect_catalogue(s, &status);
    EXPECT(client != NULL, "connect: %s", status.detail);
    int code = 0;
    Tibs__Catalogue__V1__Provider *provider = create_provider(client, "", "LV", "XX999", &status, &code);
    tibs_client_free(client);
    if (provider) protobuf_c_message_free_unpacked(&provider->base, NULL);
    EXPECT(code == TIBS_INVALID_ARGUMENT && provider == NULL, "INVALID_ARGUMENT, got %s: %s", tibs_code_name(code), status.detail);
    EXPECT(status.violation_count >= 2, "a violation for the name and for the region, got %zu", status.violation_count);
    EXPECT(has_violation(&status, "name"), "a violation naming the name");
    EXPECT(has_violation(&status, "region"), "a violation naming the region");
    tibs_status_clear(&status);
    return 1;
}

void run_catalogue_checks(const settings *s) {
    run_check("catalogue: create a provider, draft a resource, list it", catalogue_create_provider_draft_and_list, s);
    run_check("catalogue: field violations reach the caller", catalogue_field_violations_reach_the_caller, s);
}

#else

void run_catalogue_checks(const settings *s) {
    (void)s;
    printf("note: built without the catalogue's generated C code: catalogue checks skipped\n");
}

#endif
