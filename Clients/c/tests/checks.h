/* A tiny test harness for the interop tests: named checks, counted, reported as "N passed, N failed". */
#ifndef TIBS_CHECKS_H
#define TIBS_CHECKS_H

#include <stdio.h>
#include <string.h>
#include "tibs.h"

typedef struct settings {
    const char *dir;       /* where the server wrote ca.pem, tokens, … */
    int port;
    int mtls_port;         /* an echo server requiring client certificates, or 0 */
    const char *mtls_dir;  /* its files */
    int server_pid;        /* the server to stop in the shutdown test */
    int registry_port;     /* a tibs-registry, or 0 */
    const char *registry_dir;
    int catalogue_port;    /* a tibs-catalogue, or 0 */
    const char *catalogue_dir;
    int policy_port;       /* a tibs-policy, or 0 */
    const char *policy_dir;
    int match_port;        /* a tibs-match following the registry above, or 0 */
    const char *match_dir; /* its files: the registry's (one certs init for both) */
    int idle_port;         /* an echo server closing idle connections quickly, or 0 */
    const char *idle_dir;
    int crossing_port;     /* an echo server sending GoAway when idle and waiting long for the Pong, or 0 */
    const char *crossing_dir;
} settings;

extern int checks_passed, checks_failed;

/* Records one failed expectation of the current test and returns from it. */
#define EXPECT(condition, ...)                                          \
    do {                                                                \
        if (!(condition)) {                                             \
            fprintf(stderr, "    %s:%d: expected %s: ", __FILE__, __LINE__, #condition); \
            fprintf(stderr, __VA_ARGS__);                               \
            fprintf(stderr, "\n");                                      \
            return 0;                                                   \
        }                                                               \
    } while (0)

void run_check(const char *name, int (*test)(const settings *), const settings *s);
void path_in(char *out, size_t size, const char *dir, const char *name);
char *read_token(const char *dir, const char *name); /* caller frees */
/* Whether some field violation of `status` has `field_part` in its field path. */
int has_violation(const tibs_status *status, const char *field_part);
tibs_options options_for(const settings *s, const char *dir, int port, const char *ca_name);
tibs_client *connect_service(const settings *s, const char *dir, int port, const char *token_name, tibs_status *status);

/* registry_checks.c */
void run_registry_checks(const settings *s);
/* catalogue_checks.c */
void run_catalogue_checks(const settings *s);
/* policy_checks.c */
void run_policy_checks(const settings *s);
/* match_checks.c */
void run_match_checks(const settings *s);
/* idle_checks.c */
void run_idle_checks(const settings *s);

#endif
