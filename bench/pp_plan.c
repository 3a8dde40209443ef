/*
 * pp_plan - time of the port proxy planner at scale (native build).
 * Builds N owned "wsl" rules in a shuffled store and times, best of R runs:
 *   sync, all up to date (must plan zero changes),
 *   sync after the VM address changed (must plan N puts),
 *   one add into the N.
 * Usage: pp_plan [N] [R]   (defaults 10000, 20). Prints one line per case.
 */
#define _POSIX_C_SOURCE 199309L
#include "portproxy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fill(wn_pp_rule *store, wn_pp_owned *owned, size_t n, const char *vm)
{
    size_t i;
    for (i = 0; i < n; i++) {
        wn_pp_rule *r = &store[i];
        wn_pp_owned *o = &owned[i];
        memset(r, 0, sizeof *r);
        memset(o, 0, sizeof *o);
        r->kind = o->kind = (wn_pp_kind)(i % 2 ? WN_PP_V4TOV4 : WN_PP_V6TOV4);
        strcpy(r->listen_address, r->kind == WN_PP_V4TOV4 ? "0.0.0.0" : "::");
        strcpy(o->listen_address, r->listen_address);
        r->listen_port = o->listen_port = (uint16_t)(1024 + i / 2);
        strcpy(r->connect_address, vm);
        strcpy(o->target, "wsl");
        r->connect_port = o->connect_port = r->listen_port;
    }
    for (i = n; i > 1; i--) { /* the registry gives no order: shuffle */
        size_t j = (size_t)rand() % i;
        wn_pp_rule t = store[i - 1];
        store[i - 1] = store[j];
        store[j] = t;
    }
}

static double best(const wn_pp_rule *store, const wn_pp_owned *owned, size_t n, const wn_pp_request *req,
                   const char *vm, int runs, size_t *changes)
{
    double t = 1e9;
    int k;
    for (k = 0; k < runs; k++) {
        wn_pp_plan plan = {0};
        wslnet_error err;
        double t0 = now(), dt;
        if (wn_pp_plan_make(store, n, owned, n, req, vm, &plan, &err) != WSLNET_OK) {
            fprintf(stderr, "plan failed: %s\n", err.message);
            exit(1);
        }
        dt = now() - t0;
        *changes = plan.count;
        wn_pp_plan_free(&plan);
        if (dt < t)
            t = dt;
    }
    return t;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)atol(argv[1]) : 10000, changes;
    int runs = argc > 2 ? atoi(argv[2]) : 20;
    wn_pp_rule *store = malloc(n * sizeof *store);
    wn_pp_owned *owned = malloc(n * sizeof *owned);
    wn_pp_request sync = {WN_PP_SYNC, {0}, 0}, add = {WN_PP_ADD, {0}, 0};
    double t;
    if (!store || !owned || n == 0 || n > 120000)
        return 2;
    srand(1);
    fill(store, owned, n, "172.28.20.5");
    t = best(store, owned, n, &sync, "172.28.20.5", runs, &changes);
    printf("sync, %zu owned rules up to date: %.2f ms, %zu changes\n", n, t * 1e3, changes);
    if (changes != 0)
        return 1;
    t = best(store, owned, n, &sync, "172.28.21.9", runs, &changes);
    printf("sync, %zu owned rules after an address change: %.2f ms, %zu changes\n", n, t * 1e3, changes);
    if (wn_pp_rule_make(NULL, NULL, "65000", "wsl", NULL, &add.rule, NULL) != WSLNET_OK)
        return 2;
    t = best(store, owned, n, &add, "172.28.20.5", runs, &changes);
    printf("add one into %zu: %.2f ms, %zu changes\n", n, t * 1e3, changes);
    free(store);
    free(owned);
    return 0;
}
