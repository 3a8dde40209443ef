/* Unit tests: the expose planner (shared/core/expose_plan.c): the pieces per effective
 * mode, the refusals with their reasons, port lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "expose_plan.h"
#include "hvfw_plan.h"

#include <stdlib.h>
#include <string.h>

static wn_expose_request one(uint16_t port, wn_expose_protocol protocol)
{
    wn_expose_request r;
    memset(&r, 0, sizeof r);
    r.port_count = 1;
    r.ports[0] = port;
    r.protocol = protocol;
    return r;
}

static void expect_piece(const wn_expose_plan *p, size_t i, wn_expose_piece_kind kind, uint16_t listen,
                         uint16_t connect, const char *name)
{
    assert_true(i < p->count);
    assert_int_equal(p->pieces[i].kind, kind);
    assert_int_equal(p->pieces[i].listen_port, listen);
    assert_int_equal(p->pieces[i].connect_port, connect);
    assert_string_equal(p->pieces[i].name, name);
}

static void nat(void **state)
{
    wn_expose_context ctx = {WN_EXPOSE_NAT, 1};
    wn_expose_request req = one(8080, WN_EXPOSE_TCP);
    wn_expose_plan p;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_OK);
    assert_false(p.refused);
    assert_int_equal(p.count, 3);
    expect_piece(&p, 0, WN_EXPOSE_PORT_PROXY, 8080, 8080, "wslnet-expose-tcp-8080");
    expect_piece(&p, 1, WN_EXPOSE_HOST_RULE, 8080, 8080, "wslnet-expose-tcp-8080");
    expect_piece(&p, 2, WN_EXPOSE_HYPERV_RULE, 8080, 8080, "wslnet-expose-tcp-8080");
    /* the NAT endpoint without the Hyper-V firewall: no Hyper-V rule */
    ctx.hyperv_firewall = 0;
    req.to_port = 80;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_OK);
    assert_int_equal(p.count, 2);
    expect_piece(&p, 0, WN_EXPOSE_PORT_PROXY, 8080, 80, "wslnet-expose-tcp-8080");
    expect_piece(&p, 1, WN_EXPOSE_HOST_RULE, 8080, 80, "wslnet-expose-tcp-8080");
}

static void nat_udp_refused(void **state)
{
    wn_expose_context ctx = {WN_EXPOSE_NAT, 1};
    wn_expose_request req = one(5353, WN_EXPOSE_UDP);
    wn_expose_plan p;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_E_UNSUPPORTED);
    assert_true(p.refused);
    assert_int_equal(p.count, 0);
    assert_non_null(strstr(p.reason, "TCP only"));
    assert_non_null(strstr(p.alternative, "mirrored"));
    assert_non_null(strstr(err.message, "TCP only"));
}

static void mirrored(void **state)
{
    wn_expose_context ctx = {WN_EXPOSE_MIRRORED, 1};
    wn_expose_request req = one(5353, WN_EXPOSE_UDP);
    wn_expose_plan p;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_OK);
    assert_int_equal(p.count, 1);
    expect_piece(&p, 0, WN_EXPOSE_HYPERV_RULE, 5353, 5353, "wslnet-expose-udp-5353");
    assert_int_equal(p.pieces[0].protocol, WN_EXPOSE_UDP);
    req.to_port = 53;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_E_UNSUPPORTED);
    assert_non_null(strstr(p.reason, "no port translation"));
    req.to_port = 5353; /* the same port is no translation */
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_OK);
    ctx.hyperv_firewall = 0;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_E_UNSUPPORTED);
    assert_non_null(strstr(p.reason, "Hyper-V firewall"));
}

static void consomme(void **state)
{
    wn_expose_context ctx = {WN_EXPOSE_CONSOMME, 1};
    wn_expose_request req = one(8080, WN_EXPOSE_TCP);
    wn_expose_plan p;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_OK);
    assert_int_equal(p.count, 1);
    expect_piece(&p, 0, WN_EXPOSE_HOST_RULE, 8080, 8080, "wslnet-expose-tcp-8080");
    req.protocol = WN_EXPOSE_UDP;  /* consomme relays UDP binds too */
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_OK);
    assert_int_equal(p.count, 1);
    req.to_port = 80;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_E_UNSUPPORTED);
}

static void none_and_bridged(void **state)
{
    wn_expose_request req = one(8080, WN_EXPOSE_TCP);
    wn_expose_context ctx = {WN_EXPOSE_NONE, 1};
    wn_expose_plan p;
    wslnet_error err;
    (void)state;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_E_UNSUPPORTED);
    assert_true(p.refused && p.alternative[0]);
    ctx.mode = WN_EXPOSE_BRIDGED;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_E_UNSUPPORTED);
    assert_true(p.refused && p.alternative[0]);
}

static void ports(void **state)
{
    wn_expose_request req;
    wn_expose_context ctx = {WN_EXPOSE_NAT, 0};
    wn_expose_plan p;
    wslnet_error err;
    (void)state;
    memset(&req, 0, sizeof req);
    assert_int_equal(wn_expose_ports_parse("8080,8443,22", &req, &err), WSLNET_OK);
    assert_int_equal(req.port_count, 3);
    assert_int_equal(req.ports[2], 22);
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_OK);
    assert_int_equal(p.count, 6);
    expect_piece(&p, 4, WN_EXPOSE_PORT_PROXY, 22, 22, "wslnet-expose-tcp-22");
    req.to_port = 80;
    assert_int_equal(wn_expose_plan_make(&ctx, &req, &p, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_expose_ports_parse("8080,8080", &req, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_expose_ports_parse("0", &req, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_expose_ports_parse("65536", &req, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_expose_ports_parse("8080,", &req, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_expose_ports_parse("", &req, &err), WSLNET_E_INVALID_INPUT);
    assert_int_equal(wn_expose_ports_parse("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16", &req, &err), WSLNET_OK);
    assert_int_equal(wn_expose_ports_parse("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", &req, &err),
                     WSLNET_E_INVALID_INPUT);
    {
        /* the API's typed ports (API version 4): the same checks over values */
        static const uint16_t ok[2] = {8080, 22}, dup[2] = {22, 22}, zero[1] = {0};
        static const uint16_t many[WN_EXPOSE_PORTS_MAX + 1] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
        uint16_t to = 1;
        assert_int_equal(wn_expose_request_check(ok, 2, WN_EXPOSE_UDP, &req, &err), WSLNET_OK);
        assert_int_equal(req.port_count, 2);
        assert_int_equal(req.ports[1], 22);
        assert_int_equal(req.protocol, WN_EXPOSE_UDP);
        assert_int_equal(wn_expose_request_check(dup, 2, WN_EXPOSE_TCP, &req, &err), WSLNET_E_INVALID_INPUT);
        assert_string_equal(err.message, "port 22 is listed twice");
        assert_int_equal(wn_expose_request_check(zero, 1, WN_EXPOSE_TCP, &req, &err), WSLNET_E_INVALID_INPUT);
        assert_int_equal(wn_expose_request_check(ok, 0, WN_EXPOSE_TCP, &req, &err), WSLNET_E_INVALID_INPUT);
        assert_int_equal(wn_expose_request_check(many, WN_EXPOSE_PORTS_MAX + 1, WN_EXPOSE_TCP, &req, &err),
                         WSLNET_E_INVALID_INPUT);
        assert_int_equal(wn_expose_request_check(many, WN_EXPOSE_PORTS_MAX, WN_EXPOSE_TCP, &req, &err), WSLNET_OK);
        assert_int_equal(wn_expose_request_check(ok, 1, (wn_expose_protocol)2, &req, &err), WSLNET_E_INVALID_INPUT);
        assert_int_equal(wn_expose_to_port_parse(NULL, &to, &err), WSLNET_OK);
        assert_int_equal(to, 0);
        assert_int_equal(wn_expose_to_port_parse("8081", &to, &err), WSLNET_OK);
        assert_int_equal(to, 8081);
        assert_int_equal(wn_expose_to_port_parse("080", &to, &err), WSLNET_E_INVALID_INPUT);
        assert_string_equal(err.message, "--to-port '080' is not a port (1-65535)");
    }
    {
        wn_expose_protocol proto;
        assert_int_equal(wn_expose_protocol_parse(NULL, &proto, &err), WSLNET_OK);
        assert_int_equal(proto, WN_EXPOSE_TCP);
        assert_int_equal(wn_expose_protocol_parse("udp", &proto, &err), WSLNET_OK);
        assert_int_equal(proto, WN_EXPOSE_UDP);
        assert_int_equal(wn_expose_protocol_parse("UDP", &proto, &err), WSLNET_E_INVALID_INPUT);
    }
    assert_string_equal(wn_expose_piece_kind_name(WN_EXPOSE_HYPERV_RULE), "hypervRule");
}

/* ---- records and composed plans */

static void records(void **state)
{
    wn_expose_record r, back;
    wn_proxy_exposure text;
    wslnet_error err;
    (void)state;
    memset(&r, 0, sizeof r);
    r.protocol = WN_EXPOSE_UDP;
    r.port = 5353;
    r.to_port = 5353;
    r.profiles = 3;
    strcpy(r.remote, "LocalSubnet,10.0.0.0/8");
    r.pieces = WN_EXPOSE_PIECE_BIT(WN_EXPOSE_HYPERV_RULE);
    assert_int_equal(wn_expose_record_encode(&r, &text, &err), WSLNET_OK);
    assert_string_equal(text.name, "udp-5353");
    assert_string_equal(text.data, "toPort=5353;profiles=3;remote=LocalSubnet,10.0.0.0/8;pieces=hypervRule");
    assert_int_equal(wn_expose_record_decode(text.name, text.data, &back, &err), WSLNET_OK);
    assert_memory_equal(&r, &back, sizeof r);
    /* anything wslnet did not write */
    assert_int_equal(wn_expose_record_decode("tcp-8080", "toPort=8080;profiles=3;remote=*;pieces=nope", &back, &err),
                     WSLNET_E_BAD_DATA);
    assert_int_equal(wn_expose_record_decode("tcp-8080", "toPort=8080;profiles=3;remote=*;pieces=;x=1", &back, &err),
                     WSLNET_E_BAD_DATA);
    assert_int_equal(wn_expose_record_decode("tcp-0", "toPort=8080;profiles=3;remote=*;pieces=", &back, &err),
                     WSLNET_E_BAD_DATA);
    assert_int_equal(wn_expose_record_decode("sctp-80", "toPort=80;profiles=3;remote=*;pieces=", &back, &err),
                     WSLNET_E_BAD_DATA);
    assert_int_equal(wn_expose_record_decode("tcp-80", "toPort=080;profiles=3;remote=*;pieces=", &back, &err),
                     WSLNET_E_BAD_DATA);
    assert_int_equal(wn_expose_record_decode("tcp-80", "toPort=80;profiles=0;remote=*;pieces=", &back, &err),
                     WSLNET_E_BAD_DATA);
    assert_int_equal(wn_expose_record_decode("tcp-80", "toPort=80;profiles=3;remote=not-an-address;pieces=", &back,
                                             &err), WSLNET_E_BAD_DATA);
    assert_int_equal(wn_expose_record_decode("tcp-80", "toPort=80;profiles=3;remote=localsubnet;pieces=", &back, &err),
                     WSLNET_E_BAD_DATA); /* not as the parser writes it */
    assert_int_equal(wn_expose_record_decode("tcp-80", "toPort=80;profiles=3;remote=*;pieces=", &back, &err),
                     WSLNET_OK);
    assert_int_equal(back.pieces, 0);
}

static void hvrules(void **state)
{
    wn_expose_record r;
    wn_proxy_hvrule hv, back;
    wslnet_hvfw_rule rule;
    wslnet_error err;
    (void)state;
    memset(&r, 0, sizeof r);
    r.port = 8080;
    r.to_port = 80;
    r.profiles = 3;
    strcpy(r.remote, "192.168.1.0/24,10.0.0.1-10.0.0.9");
    wn_expose_hvrule_of(&r, &hv);
    assert_string_equal(hv.name, "wslnet-expose-tcp-8080");
    assert_string_equal(hv.protocol, "TCP");
    assert_int_equal(hv.port, 80); /* the VM's port */
    assert_int_equal(hv.profiles, 3);
    assert_string_equal(hv.remote, "192.168.1.0/24,10.0.0.1-10.0.0.9");
    assert_int_equal(wn_expose_hvrule_make(&hv, &rule, &err), WSLNET_OK);
    assert_string_equal(rule.vm_creator_id, WSLNET_HVFW_WSL_VM_CREATOR);
    assert_int_equal(rule.direction, WN_HVFW_DIRECTION_IN);
    assert_int_equal(rule.action, WN_HVFW_ACTION_ALLOW);
    assert_int_equal(rule.local_ports.count, 1);
    assert_string_equal(rule.local_ports.items[0], "80");
    assert_int_equal(rule.remote_addresses.count, 2);
    wn_expose_hvrule_from(&rule, &back);
    assert_memory_equal(&hv, &back, sizeof hv);
    wn_hvfw_rule_clear(&rule);
    /* a keyword: not scoped by address; any profile -> 0 */
    strcpy(r.remote, "LocalSubnet");
    r.profiles = WN_HOSTFW_PROFILE_ANY;
    wn_expose_hvrule_of(&r, &hv);
    assert_string_equal(hv.remote, "");
    assert_int_equal(hv.profiles, 0);
    strcpy(r.remote, "10.0.0.1,DNS");
    wn_expose_hvrule_of(&r, &hv);
    assert_string_equal(hv.remote, "");
}

/* A tiny world the composed plans are applied to (puts and deletes of every
 * step kind), so that a second compose sees what the first made. */
typedef struct sim {
    wn_pp_rule rules[8];
    wn_pp_owned owned[8];
    wn_hostfw_found fw[8];
    wn_hostfw_found lf[8];      /* "wslnet expose ..." host rules (consomme shape) */
    wslnet_hvfw_rule hv[8];
    wn_expose_record rec[8];
    size_t nr, no, nf, nlf, nh, nrec;
    wn_proxy_snapshot snap;
    wn_expose_world w;
} sim;

static void sim_init(sim *s, wn_expose_mode mode)
{
    memset(s, 0, sizeof *s);
    s->snap.service = WSLNET_SERVICE_RUNNING;
    s->snap.vm_address = "172.28.20.5";
    s->w.ctx.mode = mode;
    s->w.ctx.hyperv_firewall = 1;
}

static void sim_bind(sim *s)
{
    s->snap.rules = s->rules;
    s->snap.rule_count = s->nr;
    s->snap.owned = s->owned;
    s->snap.owned_count = s->no;
    s->snap.firewall = s->fw;
    s->snap.firewall_count = s->nf;
    s->w.proxy = &s->snap;
    s->w.hv_rules = s->hv;
    s->w.hv_count = s->nh;
    s->w.records = s->rec;
    s->w.record_count = s->nrec;
    s->w.listener_rules = s->lf;
    s->w.listener_count = s->nlf;
}

#define SIM_DROP(arr, n, i) (memmove(&(arr)[i], &(arr)[(i) + 1], ((n) - (i) - 1) * sizeof (arr)[0]), (n)--)

static void sim_apply(sim *s, const wn_proxy_plan *plan)
{
    size_t i, j;
    wslnet_error err;
    for (i = 0; i < plan->count; i++) {
        const wn_proxy_step *st = &plan->steps[i];
        switch (st->op) {
        case WN_PROXY_PUT_RULE:
            s->rules[s->nr++] = st->reg.u.rule;
            break;
        case WN_PROXY_DELETE_RULE:
            for (j = 0; j < s->nr; j++)
                if (s->rules[j].listen_port == st->reg.u.rule.listen_port)
                    SIM_DROP(s->rules, s->nr, j);
            break;
        case WN_PROXY_PUT_OWNED:
            s->owned[s->no++] = st->reg.u.owned;
            break;
        case WN_PROXY_DELETE_OWNED:
            for (j = 0; j < s->no; j++)
                if (s->owned[j].listen_port == st->reg.u.owned.listen_port)
                    SIM_DROP(s->owned, s->no, j);
            break;
        case WN_PROXY_PUT_FIREWALL: {
            int listener = strncmp(st->fw.name, WN_HOSTFW_EXPOSE_PREFIX, strlen(WN_HOSTFW_EXPOSE_PREFIX)) == 0;
            wn_hostfw_found *f = listener ? &s->lf[s->nlf++] : &s->fw[s->nf++];
            memset(f, 0, sizeof *f);
            f->rule = st->fw;
            f->count = f->owned = f->canonical = 1;
            break;
        }
        case WN_PROXY_DELETE_FIREWALL:
            for (j = 0; j < s->nf; j++)
                if (strcmp(s->fw[j].rule.name, st->fw.name) == 0)
                    SIM_DROP(s->fw, s->nf, j);
            for (j = 0; j < s->nlf; j++)
                if (strcmp(s->lf[j].rule.name, st->fw.name) == 0)
                    SIM_DROP(s->lf, s->nlf, j);
            break;
        case WN_PROXY_PUT_HVRULE:
            assert_int_equal(wn_expose_hvrule_make(&st->hv, &s->hv[s->nh++], &err), WSLNET_OK);
            break;
        case WN_PROXY_DELETE_HVRULE:
            for (j = 0; j < s->nh; j++)
                if (strcmp(s->hv[j].name, st->hv.name) == 0) {
                    wn_hvfw_rule_clear(&s->hv[j]);
                    SIM_DROP(s->hv, s->nh, j);
                }
            break;
        case WN_PROXY_PUT_EXPOSURE:
        case WN_PROXY_DELETE_EXPOSURE:
            for (j = 0; j < s->nrec; j++) {
                wn_proxy_exposure e;
                assert_int_equal(wn_expose_record_encode(&s->rec[j], &e, &err), WSLNET_OK);
                if (strcmp(e.name, st->exp.name) == 0)
                    SIM_DROP(s->rec, s->nrec, j);
            }
            if (st->op == WN_PROXY_PUT_EXPOSURE)
                assert_int_equal(wn_expose_record_decode(st->exp.name, st->exp.data, &s->rec[s->nrec++], &err),
                                 WSLNET_OK);
            break;
        default:
            break;
        }
    }
    sim_bind(s);
}

static void sim_free(sim *s)
{
    size_t i;
    for (i = 0; i < s->nh; i++)
        wn_hvfw_rule_clear(&s->hv[i]);
}

static void expect_ops(const wn_proxy_plan *plan, const char *ops)
{
    char got[512] = "";
    size_t i;
    for (i = 0; i < plan->count; i++) {
        strcat(got, i ? " " : "");
        strcat(got, wn_proxy_op_name(plan->steps[i].op));
    }
    assert_string_equal(got, ops);
}

static wn_expose_record web(uint16_t port)
{
    wn_expose_record r;
    memset(&r, 0, sizeof r);
    r.port = r.to_port = port;
    r.profiles = 3;
    strcpy(r.remote, "LocalSubnet");
    return r;
}

static void compose_nat_mirrored_drop(void **state)
{
    static sim s;
    wn_expose_record want = web(8080);
    wn_proxy_plan plan;
    wn_expose_plan refusal;
    wslnet_error err;
    (void)state;
    sim_init(&s, WN_EXPOSE_NAT);
    sim_bind(&s);
    /* NAT: proxy (record, store, host rule), Hyper-V rule, exposure record, notify last */
    assert_int_equal(wn_expose_compose(&s.w, &want, 1, NULL, 0, 0, &plan, &refusal, &err), WSLNET_OK);
    expect_ops(&plan, "putOwned putRule putFirewall putHypervRule putExposure notify");
    assert_string_equal(plan.steps[1].reg.u.rule.connect_address, "172.28.20.5");
    assert_string_equal(plan.steps[4].exp.data, "toPort=8080;profiles=3;remote=LocalSubnet;"
                                                "pieces=portProxy,hostRule,hypervRule");
    {   /* the journal carries the new steps */
        char *text = wn_proxy_journal_encode("expose", &plan, 2), command[32];
        wn_proxy_plan back;
        size_t done;
        assert_non_null(text);
        assert_int_equal(wn_proxy_journal_decode(text, command, sizeof command, &back, &done, &err), WSLNET_OK);
        assert_int_equal(back.count, plan.count);
        assert_memory_equal(&back.steps[3].hv, &plan.steps[3].hv, sizeof plan.steps[3].hv);
        assert_memory_equal(&back.steps[4].exp, &plan.steps[4].exp, sizeof plan.steps[4].exp);
        wn_proxy_plan_free(&back);
        free(text);
    }
    sim_apply(&s, &plan);
    wn_proxy_plan_free(&plan);
    /* a second run: nothing */
    assert_int_equal(wn_expose_compose(&s.w, &want, 1, NULL, 0, 0, &plan, &refusal, &err), WSLNET_OK);
    assert_int_equal(plan.count, 0);
    /* the NAT endpoint without the Hyper-V firewall: the rule goes, the record says so */
    s.w.ctx.hyperv_firewall = 0;
    assert_int_equal(wn_expose_compose(&s.w, s.rec, 1, NULL, 0, 0, &plan, &refusal, &err), WSLNET_OK);
    expect_ops(&plan, "deleteHypervRule putExposure");
    assert_true(plan.steps[0].had_before); /* undo puts it back */
    wn_proxy_plan_free(&plan);
    s.w.ctx.hyperv_firewall = 1;
    /* mirrored: the proxy and its host rule go, the Hyper-V rule stays */
    s.w.ctx.mode = WN_EXPOSE_MIRRORED;
    assert_int_equal(wn_expose_compose(&s.w, s.rec, 1, NULL, 0, 0, &plan, &refusal, &err), WSLNET_OK);
    expect_ops(&plan, "deleteRule deleteFirewall deleteOwned putExposure notify");
    sim_apply(&s, &plan);
    wn_proxy_plan_free(&plan);
    assert_int_equal(s.rec[0].pieces, WN_EXPOSE_PIECE_BIT(WN_EXPOSE_HYPERV_RULE));
    assert_int_equal(wn_expose_compose(&s.w, s.rec, 1, NULL, 0, 0, &plan, &refusal, &err), WSLNET_OK);
    assert_int_equal(plan.count, 0);
    /* UDP in NAT: refused with the reason, no plan */
    {
        wn_expose_record udp = web(5353);
        udp.protocol = WN_EXPOSE_UDP;
        s.w.ctx.mode = WN_EXPOSE_NAT;
        assert_int_equal(wn_expose_compose(&s.w, &udp, 1, NULL, 0, 0, &plan, &refusal, &err), WSLNET_E_UNSUPPORTED);
        assert_true(refusal.refused);
        assert_non_null(strstr(refusal.reason, "TCP only"));
        assert_int_equal(plan.count, 0);
        s.w.ctx.mode = WN_EXPOSE_MIRRORED;
    }
    /* drop: exactly its pieces, then the record; a foreign proxy on another port untouched */
    assert_int_equal(wn_expose_compose(&s.w, NULL, 0, s.rec, 1, 0, &plan, &refusal, &err), WSLNET_OK);
    expect_ops(&plan, "deleteHypervRule deleteExposure");
    sim_apply(&s, &plan);
    wn_proxy_plan_free(&plan);
    assert_int_equal(s.nh + s.nrec + s.nr + s.no + s.nf, 0);
    sim_free(&s);
}

/* Consomme: one host rule for WSL's own listener (port and protocol), no
 * proxy, no Hyper-V rule; sync converges nat <-> consomme and mirrored <->
 * consomme both ways; --to-port is refused; a foreign rule of the name is
 * never touched. */
static void compose_consomme(void **state)
{
    static sim s;
    wn_expose_record want = web(8080);
    wn_expose_piece_state states[3];
    wn_proxy_plan plan;
    wn_expose_plan refusal;
    wslnet_error err;
    (void)state;
    sim_init(&s, WN_EXPOSE_NAT);
    sim_bind(&s);
    assert_int_equal(wn_expose_compose(&s.w, &want, 1, NULL, 0, 0, &plan, &refusal, &err), WSLNET_OK);
    sim_apply(&s, &plan);
    wn_proxy_plan_free(&plan);
    /* nat -> consomme: the proxy (with its rule) and the Hyper-V rule go, the listener's rule comes */
    s.w.ctx.mode = WN_EXPOSE_CONSOMME;
    wn_expose_inspect(&s.w, &s.rec[0], states, &refusal);
    assert_true(states[WN_EXPOSE_PORT_PROXY].present && states[WN_EXPOSE_PORT_PROXY].stale);
    assert_true(states[WN_EXPOSE_HOST_RULE].wanted && states[WN_EXPOSE_HOST_RULE].stale); /* the proxy's rule */
    assert_true(states[WN_EXPOSE_HYPERV_RULE].stale);
    assert_int_equal(wn_expose_compose(&s.w, s.rec, 1, NULL, 0, 0, &plan, &refusal, &err), WSLNET_OK);
    expect_ops(&plan, "deleteRule deleteFirewall deleteOwned deleteHypervRule putFirewall putExposure notify");
    assert_string_equal(plan.steps[4].fw.name, "wslnet expose tcp 8080");
    assert_int_equal(plan.steps[4].fw.protocol, WN_HOSTFW_TCP);
    assert_int_equal(plan.steps[4].fw.port, 8080);
    assert_string_equal(plan.steps[4].fw.service, ""); /* any program: WSL's service listens */
    assert_string_equal(plan.steps[4].fw.remote, "LocalSubnet");
    assert_string_equal(plan.steps[5].exp.data, "toPort=8080;profiles=3;remote=LocalSubnet;pieces=hostRule");
    sim_apply(&s, &plan);
    wn_proxy_plan_free(&plan);
    assert_int_equal(s.nr + s.no + s.nf + s.nh, 0);
    assert_int_equal(s.nlf, 1);
    wn_expose_inspect(&s.w, &s.rec[0], states, &refusal);
    assert_true(states[WN_EXPOSE_HOST_RULE].wanted && states[WN_EXPOSE_HOST_RULE].present);
    assert_false(states[WN_EXPOSE_HOST_RULE].stale);
    assert_false(states[WN_EXPOSE_PORT_PROXY].wanted || states[WN_EXPOSE_PORT_PROXY].present);
    assert_int_equal(wn_expose_compose(&s.w, s.rec, 1, NULL, 0, 0, &plan, &refusal, &err), WSLNET_OK);
    assert_int_equal(plan.count, 0); /* again: nothing */
    /* consomme -> mirrored -> consomme */
    s.w.ctx.mode = WN_EXPOSE_MIRRORED;
    wn_expose_inspect(&s.w, &s.rec[0], states, &refusal);
    assert_true(states[WN_EXPOSE_HOST_RULE].present && states[WN_EXPOSE_HOST_RULE].stale);
    assert_int_equal(wn_expose_compose(&s.w, s.rec, 1, NULL, 0, 0, &plan, &refusal, &err), WSLNET_OK);
    expect_ops(&plan, "putHypervRule deleteFirewall putExposure");
    assert_true(plan.steps[1].had_before); /* undo puts the rule back */
    assert_string_equal(plan.steps[1].fw_before.name, "wslnet expose tcp 8080");
    sim_apply(&s, &plan);
    wn_proxy_plan_free(&plan);
    s.w.ctx.mode = WN_EXPOSE_CONSOMME;
    assert_int_equal(wn_expose_compose(&s.w, s.rec, 1, NULL, 0, 0, &plan, &refusal, &err), WSLNET_OK);
    expect_ops(&plan, "deleteHypervRule putFirewall putExposure");
    sim_apply(&s, &plan);
    wn_proxy_plan_free(&plan);
    /* consomme -> nat: the proxy and its rule come back, the listener's rule goes */
    s.w.ctx.mode = WN_EXPOSE_NAT;
    assert_int_equal(wn_expose_compose(&s.w, s.rec, 1, NULL, 0, 0, &plan, &refusal, &err), WSLNET_OK);
    expect_ops(&plan, "putOwned putRule putFirewall putHypervRule deleteFirewall putExposure notify");
    assert_string_equal(plan.steps[4].fw.name, "wslnet expose tcp 8080");
    sim_apply(&s, &plan);
    wn_proxy_plan_free(&plan);
    assert_int_equal(s.nlf, 0);
    assert_int_equal(s.nf, 1);
    s.w.ctx.mode = WN_EXPOSE_CONSOMME;
    assert_int_equal(wn_expose_compose(&s.w, s.rec, 1, NULL, 0, 0, &plan, &refusal, &err), WSLNET_OK);
    sim_apply(&s, &plan);
    wn_proxy_plan_free(&plan);
    {   /* UDP: a UDP rule (the relay binds UDP too), through the journal */
        wn_expose_record udp = web(5353);
        char *text, command[32];
        wn_proxy_plan back;
        size_t done;
        udp.protocol = WN_EXPOSE_UDP;
        assert_int_equal(wn_expose_compose(&s.w, &udp, 1, NULL, 0, 0, &plan, &refusal, &err), WSLNET_OK);
        expect_ops(&plan, "putFirewall putExposure");
        assert_string_equal(plan.steps[0].fw.name, "wslnet expose udp 5353");
        assert_int_equal(plan.steps[0].fw.protocol, WN_HOSTFW_UDP);
        assert_non_null(text = wn_proxy_journal_encode("expose", &plan, 0));
        assert_int_equal(wn_proxy_journal_decode(text, command, sizeof command, &back, &done, &err), WSLNET_OK);
        assert_memory_equal(&back.steps[0].fw, &plan.steps[0].fw, sizeof plan.steps[0].fw);
        wn_proxy_plan_free(&back);
        free(text);
        wn_proxy_plan_free(&plan);
        /* a different protocol is not the same rule */
        s.lf[0].rule.protocol = WN_HOSTFW_UDP;
        wn_expose_inspect(&s.w, &s.rec[0], states, &refusal);
        assert_true(states[WN_EXPOSE_HOST_RULE].stale);
        assert_int_equal(wn_expose_compose(&s.w, s.rec, 1, NULL, 0, 0, &plan, &refusal, &err), WSLNET_OK);
        expect_ops(&plan, "putFirewall");
        assert_int_equal(plan.steps[0].fw.protocol, WN_HOSTFW_TCP);
        sim_apply(&s, &plan); /* the sim adds a second entry; drop the changed one */
        wn_proxy_plan_free(&plan);
        SIM_DROP(s.lf, s.nlf, 0);
        sim_bind(&s);
    }
    {   /* --to-port: refused, the host port is the VM's */
        wn_expose_record moved = web(8081);
        moved.to_port = 80;
        assert_int_equal(wn_expose_compose(&s.w, &moved, 1, NULL, 0, 0, &plan, &refusal, &err),
                         WSLNET_E_UNSUPPORTED);
        assert_non_null(strstr(refusal.reason, "no port translation"));
        assert_non_null(strstr(refusal.alternative, "--to-port"));
        assert_int_equal(plan.count, 0);
    }
    /* drop: the rule, then the record */
    assert_int_equal(wn_expose_compose(&s.w, NULL, 0, s.rec, 1, 0, &plan, &refusal, &err), WSLNET_OK);
    expect_ops(&plan, "deleteFirewall deleteExposure");
    sim_apply(&s, &plan);
    wn_proxy_plan_free(&plan);
    assert_int_equal(s.nlf + s.nrec + s.nr + s.no + s.nf + s.nh, 0);
    /* a rule of the name wslnet did not create: refused when wanted, left alone on drop */
    memset(&s.lf[0], 0, sizeof s.lf[0]);
    strcpy(s.lf[0].rule.name, "wslnet expose tcp 8080");
    s.lf[0].count = 1;
    s.nlf = 1;
    sim_bind(&s);
    assert_int_equal(wn_expose_compose(&s.w, &want, 1, NULL, 0, 0, &plan, &refusal, &err), WSLNET_E_INVALID_INPUT);
    assert_non_null(strstr(err.message, "did not create"));
    assert_int_equal(wn_expose_compose(&s.w, NULL, 0, &want, 1, 0, &plan, &refusal, &err), WSLNET_OK);
    assert_int_equal(plan.count, 0);
    sim_free(&s);
}

/* A proxy on the port that wslnet does not own: never adopted or removed. */
static void compose_foreign(void **state)
{
    static sim s;
    wn_expose_record want = web(3389);
    wn_proxy_plan plan;
    wn_expose_plan refusal;
    wslnet_error err;
    (void)state;
    sim_init(&s, WN_EXPOSE_MIRRORED);
    s.rules[0].kind = WN_PP_V4TOV4;
    strcpy(s.rules[0].listen_address, "0.0.0.0");
    s.rules[0].listen_port = 3389;
    strcpy(s.rules[0].connect_address, "10.1.2.3");
    s.rules[0].connect_port = 3389;
    s.nr = 1;
    sim_bind(&s);
    want.pieces = WN_EXPOSE_PIECE_BIT(WN_EXPOSE_PORT_PROXY); /* even a record claiming it */
    s.rec[0] = want;
    s.nrec = 1;
    sim_bind(&s);
    assert_int_equal(wn_expose_compose(&s.w, NULL, 0, s.rec, 1, 0, &plan, &refusal, &err), WSLNET_OK);
    expect_ops(&plan, "deleteExposure");
    wn_proxy_plan_free(&plan);
    sim_free(&s);
}

/* A proxy wslnet owns through `proxy add` (not the exposure's): a mirrored
 * exposure of the port leaves it alone. */
static void compose_keeps_other_proxies(void **state)
{
    static sim s;
    wn_expose_record want = web(8080);
    wn_proxy_plan plan;
    wn_expose_plan refusal;
    wslnet_error err;
    (void)state;
    sim_init(&s, WN_EXPOSE_NAT);
    sim_bind(&s);
    /* make an owned proxy as `proxy add 8080 --to wsl` would: the exposure's NAT plan, minus its record */
    assert_int_equal(wn_expose_compose(&s.w, &want, 1, NULL, 0, 0, &plan, &refusal, &err), WSLNET_OK);
    sim_apply(&s, &plan);
    wn_proxy_plan_free(&plan);
    s.nrec = 0;
    wn_hvfw_rule_clear(&s.hv[0]);
    s.nh = 0;
    sim_bind(&s);
    s.w.ctx.mode = WN_EXPOSE_MIRRORED;
    assert_int_equal(wn_expose_compose(&s.w, &want, 1, NULL, 0, 0, &plan, &refusal, &err), WSLNET_OK);
    expect_ops(&plan, "putHypervRule putExposure");
    sim_apply(&s, &plan);
    wn_proxy_plan_free(&plan);
    assert_int_equal(s.no, 1);
    assert_int_equal(s.rec[0].pieces, WN_EXPOSE_PIECE_BIT(WN_EXPOSE_HYPERV_RULE));
    /* and unexpose does not take it either */
    assert_int_equal(wn_expose_compose(&s.w, NULL, 0, s.rec, 1, 0, &plan, &refusal, &err), WSLNET_OK);
    expect_ops(&plan, "deleteHypervRule deleteExposure");
    wn_proxy_plan_free(&plan);
    sim_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nat),      cmocka_unit_test(nat_udp_refused), cmocka_unit_test(mirrored),
        cmocka_unit_test(consomme), cmocka_unit_test(none_and_bridged), cmocka_unit_test(ports),
        cmocka_unit_test(records),  cmocka_unit_test(hvrules),        cmocka_unit_test(compose_nat_mirrored_drop),
        cmocka_unit_test(compose_foreign), cmocka_unit_test(compose_consomme),  cmocka_unit_test(compose_keeps_other_proxies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
