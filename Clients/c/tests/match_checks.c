/*
 * Interop checks against a real tibs-match process (run-interop.sh starts it following the real
 * tibs-registry, both with certificates of one `tibsctl certs init`): data created in the registry
 * becomes matchable — FindMatches for a Latvian SME's need answers a Lithuanian SME's fitting offer
 * across the border, with its score parts — and a request naming both need_id and sme_id is refused
 * with INVALID_ARGUMENT naming the field. Compiled when the match service's generated C code is
 * present (generated/tibs/match); the first check also needs the registry's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks.h"

#ifdef TIBS_HAVE_MATCH
#include <time.h>
#include "tibs/match/v1/match.pb-c.h"

#define MATCH "/tibs.match.v1.Matchmaking/"

static tibs_client *connect_match(const settings *s, tibs_status *status) {
    return connect_service(s, s->match_dir, s->match_port, "admin.token", status);
}

static void sleep_ms(long ms) {
    struct timespec pause = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&pause, NULL);
}

#ifdef TIBS_HAVE_REGISTRY
#include "tibs/registry/v1/registry.pb-c.h"

#define REGISTRY "/tibs.registry.v1.SmeRegistry/"

/* CreateSme of an ICT SME in `nuts`; its id into `id`, or 0. */
static int create_sme(tibs_client *client, const char *name, const char *country, const char *nuts, const char *registration,
                      char *id, size_t size, tibs_status *status) {
    Tibs__Common__V1__RegionRef region = TIBS__COMMON__V1__REGION_REF__INIT;
    region.country = (char *)country;
    region.nuts_code = (char *)nuts;
    Tibs__Common__V1__Code nace = TIBS__COMMON__V1__CODE__INIT, s3 = TIBS__COMMON__V1__CODE__INIT;
    nace.code = "62.01";
    nace.version = "2";
    s3.code = "ict";
    Tibs__Common__V1__Code *nace_list[1] = {&nace}, *s3_list[1] = {&s3};
    char *languages[1] = {"en"};
    Tibs__Registry__V1__SmeFields fields = TIBS__REGISTRY__V1__SME_FIELDS__INIT;
    fields.legal_name = (char *)name;
    fields.region = &region;
    fields.registration_id = (char *)registration;
    fields.headcount = 12;
    fields.annual_turnover_eur = 1500000;
    fields.balance_sheet_total_eur = 900000;
    fields.n_nace_codes = 1;
    fields.nace_codes = nace_list;
    fields.n_s3_areas = 1;
    fields.s3_areas = s3_list;
    fields.n_languages = 1;
    fields.languages = languages;
    Tibs__Registry__V1__CreateSmeRequest request = TIBS__REGISTRY__V1__CREATE_SME_REQUEST__INIT;
    request.fields = &fields;
    ProtobufCMessage *response = NULL;
    tibs_call_options call = {.timeout_ms = 10000};
    int code = tibs_unary(client, REGISTRY "CreateSme", &request.base, &tibs__registry__v1__sme__descriptor, &response, &call, status);
    if (code == TIBS_OK) snprintf(id, size, "%s", ((Tibs__Registry__V1__Sme *)response)->id);
    if (response) protobuf_c_message_free_unpacked(response, NULL);
    return code == TIBS_OK;
}

/* The text both the need and the offer carry, so text relevance, S3 and NACE all fit. */
static char *keywords[2] = {"cold chain", "sensor"};

/* AddNeed (`offer` 0) or AddOffer (`offer` 1) of a cold-chain sensor technology; its id into `id`. */
static int add_item(tibs_client *client, int offer, const char *sme_id, const char *title, char *id, size_t size, tibs_status *status) {
    Tibs__Common__V1__Code nace = TIBS__COMMON__V1__CODE__INIT, s3 = TIBS__COMMON__V1__CODE__INIT;
    nace.code = "62.01";
    nace.version = "2";
    s3.code = "ict";
    Tibs__Common__V1__Code *nace_list[1] = {&nace}, *s3_list[1] = {&s3};
    const char *description = "Wireless temperature sensors and cold chain monitoring for dairy transport";
    ProtobufCMessage *response = NULL;
    tibs_call_options call = {.timeout_ms = 10000};
    int code;
    if (offer) {
        Tibs__Registry__V1__OfferFields fields = TIBS__REGISTRY__V1__OFFER_FIELDS__INIT;
        fields.kind = TIBS__REGISTRY__V1__OFFER_KIND__OFFER_KIND_TECHNOLOGY;
        fields.title = (char *)title;
        fields.description = (char *)description;
        fields.n_keywords = 2;
        fields.keywords = keywords;
        fields.n_s3_areas = 1;
        fields.s3_areas = s3_list;
        fields.n_nace_codes = 1;
        fields.nace_codes = nace_list;
        Tibs__Registry__V1__AddOfferRequest request = TIBS__REGISTRY__V1__ADD_OFFER_REQUEST__INIT;
        request.sme_id = (char *)sme_id;
        request.fields = &fields;
        code = tibs_unary(client, REGISTRY "AddOffer", &request.base, &tibs__registry__v1__offer__descriptor, &response, &call, status);
        if (code == TIBS_OK) snprintf(id, size, "%s", ((Tibs__Registry__V1__Offer *)response)->id);
    } else {
        Tibs__Registry__V1__NeedFields fields = TIBS__REGISTRY__V1__NEED_FIELDS__INIT;
        fields.kind = TIBS__REGISTRY__V1__NEED_KIND__NEED_KIND_TECHNOLOGY;
        fields.title = (char *)title;
        fields.description = (char *)description;
        fields.n_keywords = 2;
        fields.keywords = keywords;
        fields.n_s3_areas = 1;
        fields.s3_areas = s3_list;
        fields.n_nace_codes = 1;
        fields.nace_codes = nace_list;
        Tibs__Registry__V1__AddNeedRequest request = TIBS__REGISTRY__V1__ADD_NEED_REQUEST__INIT;
        request.sme_id = (char *)sme_id;
        request.fields = &fields;
        code = tibs_unary(client, REGISTRY "AddNeed", &request.base, &tibs__registry__v1__need__descriptor, &response, &call, status);
        if (code == TIBS_OK) snprintf(id, size, "%s", ((Tibs__Registry__V1__Need *)response)->id);
    }
    if (response) protobuf_c_message_free_unpacked(response, NULL);
    return code == TIBS_OK;
}

/* Whether a qualified candidate id ("registry/0193…") names the upstream entity `id`. */
static int names(const char *qualified, const char *id) {
    const char *slash = strrchr(qualified, '/');
    return slash != NULL && strcmp(slash + 1, id) == 0;
}

static int match_find_answers_a_cross_border_offer_from_the_registry(const settings *s) {
    tibs_status status = {0};
    tibs_client *registry = connect_service(s, s->registry_dir, s->registry_port, "admin.token", &status);
    EXPECT(registry != NULL, "connect to the registry: %s", status.detail);
    char registration_lv[64], registration_lt[64], lv_sme[64] = "", lt_sme[64] = "", need[64] = "", offer[64] = "";
    snprintf(registration_lv, sizeof registration_lv, "LVM%ld", (long)time(NULL));
    snprintf(registration_lt, sizeof registration_lt, "LTM%ld", (long)time(NULL));
    int made = create_sme(registry, "Valmiera Dairy Logistics SIA", "LV", "LV008", registration_lv, lv_sme, sizeof lv_sme, &status)
               && create_sme(registry, "Vilnius Sensorika UAB", "LT", "LT011", registration_lt, lt_sme, sizeof lt_sme, &status)
               && add_item(registry, 0, lv_sme, "Cold chain sensors for dairy transport", need, sizeof need, &status)
               && add_item(registry, 1, lt_sme, "Cold chain sensor monitoring", offer, sizeof offer, &status);
    tibs_client_free(registry);
    EXPECT(made, "the SMEs, the need and the offer in the registry: %s", status.detail);

    tibs_client *client = connect_match(s, &status);
    EXPECT(client != NULL, "connect to the match service: %s", status.detail);
    Tibs__Match__V1__FindMatchesRequest request = TIBS__MATCH__V1__FIND_MATCHES_REQUEST__INIT;
    request.need_id = need; /* bare: looked up across the followed registries */
    tibs_call_options call = {.timeout_ms = 10000};
    int code = TIBS_UNKNOWN, found = 0, rank = 0, cross_border = 0, parts_in_range = 0, own_sme = 0, one_need = 0;
    double total = 0;
    /* The replica applies the registry's events asynchronously: poll, bounded (60 s), until it has them. */
    for (int attempt = 0; attempt < 300 && !found; attempt++) {
        ProtobufCMessage *response = NULL;
        code = tibs_unary(client, MATCH "FindMatches", &request.base, &tibs__match__v1__find_matches_response__descriptor, &response, &call,
                          &status);
        if (code == TIBS_OK) {
            Tibs__Match__V1__FindMatchesResponse *answer = (Tibs__Match__V1__FindMatchesResponse *)response;
            one_need = answer->n_needs == 1 && names(answer->needs[0]->need_id, need);
            for (size_t n = 0; n < answer->n_needs; n++) {
                for (size_t c = 0; c < answer->needs[n]->n_candidates; c++) {
                    Tibs__Match__V1__Candidate *candidate = answer->needs[n]->candidates[c];
                    own_sme |= candidate->owner != NULL && strstr(candidate->owner, "Valmiera Dairy") != NULL;
                    if (!names(candidate->id, offer) || candidate->score == NULL) continue;
                    Tibs__Match__V1__ScoreParts *score = candidate->score;
                    found = 1;
                    rank = (int)candidate->rank;
                    total = score->total;
                    cross_border = score->cross_border == 1.0 && candidate->kind == TIBS__MATCH__V1__CANDIDATE_KIND__CANDIDATE_KIND_PARTNER_OFFER;
                    double parts[7] = {score->text_relevance, score->s3_overlap, score->nace_fit, score->cross_border,
                                       score->s3_priority, score->trl_stage_fit, score->availability};
                    parts_in_range = 1;
                    for (int p = 0; p < 7; p++) parts_in_range &= parts[p] >= 0 && parts[p] <= 1;
                }
            }
        }
        if (response) protobuf_c_message_free_unpacked(response, NULL);
        if (!found) sleep_ms(200);
    }
    tibs_client_free(client);
    EXPECT(found, "the offer %s among the candidates of need %s within 60 s (last: %s %s)", offer, need, tibs_code_name(code),
           status.detail ? status.detail : "");
    EXPECT(one_need, "one need answered, qualified by its upstream");
    EXPECT(rank >= 1 && total > 0, "ranked with a positive total (rank %d, total %f)", rank, total);
    EXPECT(cross_border, "a partner offer from another country has the cross-border part 1");
    EXPECT(parts_in_range, "every part in 0..1");
    EXPECT(!own_sme, "the SME is never matched with itself");
    tibs_status_clear(&status);
    return 1;
}
#endif

static int match_both_need_and_sme_is_invalid_argument(const settings *s) {
    tibs_status status = {0};
    tibs_client *client = connect_match(s, &status);
    EXPECT(client != NULL, "connect: %s", status.detail);
    Tibs__Match__V1__FindMatchesRequest request = TIBS__MATCH__V1__FIND_MATCHES_REQUEST__INIT;
    request.need_id = "registry/0193a1b2-need";
    request.sme_id = "registry/0193a1b2-sme";
    ProtobufCMessage *response = NULL;
    tibs_call_options call = {.timeout_ms = 10000};
    int code = tibs_unary(client, MATCH "FindMatches", &request.base, &tibs__match__v1__find_matches_response__descriptor, &response, &call,
                          &status);
    tibs_client_free(client);
    if (response) protobuf_c_message_free_unpacked(response, NULL);
    EXPECT(code == TIBS_INVALID_ARGUMENT && response == NULL, "INVALID_ARGUMENT, got %s: %s", tibs_code_name(code),
           status.detail ? status.detail : "");
    EXPECT(has_violation(&status, "need_id") || has_violation(&status, "sme_id"), "a violation naming need_id or sme_id (%zu violations)",
           status.violation_count);
    tibs_status_clear(&status);
    return 1;
}

void run_match_checks(const settings *s) {
#ifdef TIBS_HAVE_REGISTRY
    if (s->registry_port > 0 && s->registry_dir != NULL) {
        run_check("match: FindMatches answers a cross-border offer created in the registry", match_find_answers_a_cross_border_offer_from_the_registry, s);
    }
#endif
    run_check("match: both need_id and sme_id is INVALID_ARGUMENT naming the field", match_both_need_and_sme_is_invalid_argument, s);
}

#else

void run_match_checks(const settings *s) {
    (void)s;
    printf("note: built without the match service's generated C code: match checks skipped\n");
}

#endif
