/*
 * Interop checks against a real tibs-policy process (run without --follow: no evidence, SERVING):
 * create an institution with a contact person and read it back, and the field violations of a bad
 * institution. Compiled when the policy service's generated C code is present (generated/tibs/policy).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks.h"

#ifdef TIBS_HAVE_POLICY
#include "tibs/policy/v1/policy.pb-c.h"

#define POLICY "/tibs.policy.v1.PolicyInfluence/"

static tibs_client *connect_policy(const settings *s, tibs_status *status) {
    return connect_service(s, s->policy_dir, s->policy_port, "admin.token", status);
}

/* CreateInstitution: a regional council named `name` in `nuts` of `country`; the response, or NULL. */
static Tibs__Policy__V1__Institution *create_institution(tibs_client *client, const char *name, const char *country, const char *nuts,
                                                         tibs_status *status, int *code) {
    Tibs__Common__V1__ContactPerson contact = TIBS__COMMON__V1__CONTACT_PERSON__INIT;
    contact.name = "Ilze Kalniņa";
    contact.email = "ilze.kalnina@vidzeme-pr.example";
    contact.consent_given = 1;
    Tibs__Common__V1__ContactPerson *contacts[1] = {&contact};
    Tibs__Policy__V1__InstitutionFields fields = TIBS__POLICY__V1__INSTITUTION_FIELDS__INIT;
    fields.name = (char *)name;
    fields.kind = TIBS__POLICY__V1__INSTITUTION_KIND__INSTITUTION_KIND_REGIONAL_COUNCIL;
    fields.level = TIBS__POLICY__V1__GOVERNANCE_LEVEL__GOVERNANCE_LEVEL_REGIONAL;
    fields.country = (char *)country;
    fields.region = (char *)nuts;
    fields.website = "https://www.vidzeme.lv";
    fields.n_contacts = 1;
    fields.contacts = contacts;
    Tibs__Policy__V1__CreateInstitutionRequest request = TIBS__POLICY__V1__CREATE_INSTITUTION_REQUEST__INIT;
    request.fields = &fields;
    ProtobufCMessage *response = NULL;
    tibs_call_options call = {.timeout_ms = 10000};
    *code = tibs_unary(client, POLICY "CreateInstitution", &request.base, &tibs__policy__v1__institution__descriptor, &response, &call, status);
    return (Tibs__Policy__V1__Institution *)response;
}

static int policy_create_an_institution_and_read_it_back(const settings *s) {
    tibs_status status = {0};
    tibs_client *client = connect_policy(s, &status);
    EXPECT(client != NULL, "connect: %s", status.detail);
    int code = 0;
    Tibs__Policy__V1__Institution *made = create_institution(client, "Vidzeme Planning Region", "LV", "LV008", &status, &code);
    if (code != TIBS_OK) tibs_client_free(client);
    EXPECT(code == TIBS_OK && made != NULL, "CreateInstitution: %s %s", tibs_code_name(code), status.detail);
    char id[64];
    snprintf(id, sizeof id, "%s", made->id);
    int version_one = made->version == 1;
    protobuf_c_message_free_unpacked(&made->base, NULL);

    Tibs__Policy__V1__GetInstitutionRequest get = TIBS__POLICY__V1__GET_INSTITUTION_REQUEST__INIT;
    get.id = id;
    ProtobufCMessage *response = NULL;
    tibs_call_options call = {.timeout_ms = 10000};
    code = tibs_unary(client, POLICY "GetInstitution", &get.base, &tibs__policy__v1__institution__descriptor, &response, &call, &status);
    tibs_client_free(client);
    int same = 0, regional = 0, contact = 0, withheld = 1;
    if (code == TIBS_OK) {
        Tibs__Policy__V1__Institution *read = (Tibs__Policy__V1__Institution *)response;
        same = strcmp(read->id, id) == 0 && read->fields != NULL && strcmp(read->fields->name, "Vidzeme Planning Region") == 0;
        regional = read->fields != NULL && read->fields->level == TIBS__POLICY__V1__GOVERNANCE_LEVEL__GOVERNANCE_LEVEL_REGIONAL
                   && strcmp(read->fields->region, "LV008") == 0;
        contact = read->fields != NULL && read->fields->n_contacts == 1 && strcmp(read->fields->contacts[0]->name, "Ilze Kalniņa") == 0;
        withheld = read->contacts_withheld;
    }
    if (response) protobuf_c_message_free_unpacked(response, NULL);
    EXPECT(version_one, "institution version 1");
    EXPECT(code == TIBS_OK, "GetInstitution: %s %s", tibs_code_name(code), status.detail);
    EXPECT(same, "the institution read back has its id and name");
    EXPECT(regional, "regional level in LV008");
    EXPECT(contact && !withheld, "an admin sees the contact person (UTF-8 intact)");
    tibs_status_clear(&status);
    return 1;
}

static int policy_field_violations_reach_the_caller(const settings *s) {
    tibs_status status = {0};
    tibs_client *client = connect_policy(s, &status);
    EXPECT(client != NULL, "connect: %s", status.detail);
    int code = 0;
    Tibs__Policy__V1__Institution *made = create_institution(client, "", "LV", "XX999", &status, &code);
    tibs_client_free(client);
    if (made) protobuf_c_message_free_unpacked(&made->base, NULL);
    EXPECT(code == TIBS_INVALID_ARGUMENT && made == NULL, "INVALID_ARGUMENT, got %s: %s", tibs_code_name(code), status.detail);
    EXPECT(status.violation_count >= 2, "a violation for the name and for the region, got %zu", status.violation_count);
    EXPECT(has_violation(&status, "name"), "a violation naming the name");
    EXPECT(has_violation(&status, "region"), "a violation naming the region");
    tibs_status_clear(&status);
    return 1;
}

void run_policy_checks(const settings *s) {
    run_check("policy: create an institution, read it back with its contact", policy_create_an_institution_and_read_it_back, s);
    run_check("policy: field violations reach the caller", policy_field_violations_reach_the_caller, s);
}

#else

void run_policy_checks(const settings *s) {
    (void)s;
    printf("note: built without the policy service's generated C code: policy checks skipped\n");
}

#endif
