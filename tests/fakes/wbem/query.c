/*
 * query.c - the WQL subset and the object paths the fake understands.
 *
 *   SELECT * FROM <class> [WHERE <prop> = <literal> [AND <prop> = <literal>]]
 *   literal: 'text' | "text" (backslash escapes \" \' \\) | integer
 *   keywords and property names case-insensitive; string comparison
 *   case-insensitive (as WQL's); anything else is WBEM_E_INVALID_QUERY.
 *
 *   object path: [\\server\namespace:]<class>[.<key>=<literal> | =<literal>]
 *   (one key only; the classes here have one, InstanceID).
 */
#include "fakewbem.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct lexer {
    const char *p;
};

static void skip_ws(struct lexer *lx)
{
    while (*lx->p && isspace((unsigned char)*lx->p))
        lx->p++;
}

/* Identifier (letters, digits, _) into buf; 0 when none. */
static int lex_ident(struct lexer *lx, char *buf, size_t size)
{
    skip_ws(lx);
    size_t n = 0;
    while (isalnum((unsigned char)*lx->p) || *lx->p == '_') {
        if (n + 1 >= size)
            return 0;
        buf[n++] = *lx->p++;
    }
    buf[n] = 0;
    return n > 0;
}

static int lex_keyword(struct lexer *lx, const char *kw)
{
    struct lexer save = *lx;
    char word[32];
    if (lex_ident(lx, word, sizeof word) && _stricmp(word, kw) == 0)
        return 1;
    *lx = save;
    return 0;
}

static int lex_char(struct lexer *lx, char c)
{
    skip_ws(lx);
    if (*lx->p != c)
        return 0;
    lx->p++;
    return 1;
}

/* A literal: quoted string (escapes resolved) or an integer. */
static int lex_literal(struct lexer *lx, char *buf, size_t size, int *is_string)
{
    skip_ws(lx);
    size_t n = 0;
    char q = *lx->p;
    if (q == '\'' || q == '"') {
        lx->p++;
        while (*lx->p && *lx->p != q) {
            if (*lx->p == '\\' && lx->p[1])
                lx->p++;
            if (n + 1 >= size)
                return 0;
            buf[n++] = *lx->p++;
        }
        if (*lx->p != q)
            return 0;
        lx->p++;
        buf[n] = 0;
        *is_string = 1;
        return 1;
    }
    if (*lx->p == '-' || *lx->p == '+')
        buf[n++] = *lx->p++;
    while (isdigit((unsigned char)*lx->p)) {
        if (n + 1 >= size)
            return 0;
        buf[n++] = *lx->p++;
    }
    buf[n] = 0;
    *is_string = 0;
    return n > 0 && isdigit((unsigned char)buf[n - 1]);
}

HRESULT wb_query_parse(const WCHAR *text, struct wb_query *q)
{
    memset(q, 0, sizeof *q);
    char *s = wb_utf8(text);
    if (!s)
        return WBEM_E_INVALID_QUERY;
    struct lexer lx = {s};
    int ok = lex_keyword(&lx, "SELECT") && lex_char(&lx, '*') && lex_keyword(&lx, "FROM") &&
             lex_ident(&lx, q->class8, sizeof q->class8);
    if (ok && lex_keyword(&lx, "WHERE")) {
        do {
            struct wb_cond *c = &q->conds[q->nconds];
            ok = q->nconds < 2 && lex_ident(&lx, c->prop, sizeof c->prop) && lex_char(&lx, '=') &&
                 lex_literal(&lx, c->value, sizeof c->value, &c->is_string);
            q->nconds++;
        } while (ok && lex_keyword(&lx, "AND"));
    }
    skip_ws(&lx);
    ok = ok && *lx.p == 0;
    free(s);
    return ok ? S_OK : WBEM_E_INVALID_QUERY;
}

HRESULT wb_path_parse(const WCHAR *path, char *class8, size_t csize, char *key8, size_t ksize,
                      int *has_key)
{
    *has_key = 0;
    class8[0] = key8[0] = 0;
    char *s = path ? wb_utf8(path) : NULL;
    if (!s)
        return WBEM_E_INVALID_OBJECT_PATH;
    /* A namespace prefix ends at the last ':' before the class name ends. */
    size_t head = strcspn(s, ".=\"'");
    const char *start = s;
    for (size_t i = 0; i < head; i++)
        if (s[i] == ':')
            start = s + i + 1;
    struct lexer lx = {start};
    int ok = lex_ident(&lx, class8, csize);
    if (ok && *lx.p) {
        char key[64] = "InstanceID";
        int is_string;
        if (*lx.p == '.') {
            lx.p++;
            ok = lex_ident(&lx, key, sizeof key);
        }
        ok = ok && _stricmp(key, "InstanceID") == 0 && lex_char(&lx, '=') &&
             lex_literal(&lx, key8, ksize, &is_string);
        skip_ws(&lx);
        ok = ok && *lx.p == 0;
        *has_key = ok;
    }
    free(s);
    return ok ? S_OK : WBEM_E_INVALID_OBJECT_PATH;
}

const char *wb_inst_string(const cJSON *inst, const char *prop)
{
    const cJSON *p = NULL, *it;
    cJSON_ArrayForEach(it, inst)
        if (it->string && _stricmp(it->string, prop) == 0)
            p = it;
    if (cJSON_IsObject(p))
        p = cJSON_GetObjectItemCaseSensitive(p, "value");
    return cJSON_IsString(p) ? p->valuestring : NULL;
}

static int cond_matches(const struct wb_class *cls, const cJSON *inst, const struct wb_cond *c)
{
    int i = wb_prop_index8(cls, c->prop);
    const cJSON *p = NULL, *it;
    cJSON_ArrayForEach(it, inst)
        if (it->string && _stricmp(it->string, c->prop) == 0)
            p = it;
    if (i < 0 || !p)
        return 0;
    VARIANT v;
    if (FAILED(wb_variant_from_json(p, cls->props[i].type, &v)))
        return 0;
    int match = 0;
    if (V_VT(&v) == VT_BSTR) {
        BSTR want = wb_bstr(c->value);
        match = want && _wcsicmp(V_BSTR(&v), want) == 0;
        SysFreeString(want);
    } else if (!(V_VT(&v) & VT_ARRAY) && V_VT(&v) != VT_NULL) {
        VARIANT n;
        VariantInit(&n);
        char *end;
        long long want = strtoll(c->value, &end, 10);
        if (*end == 0 && SUCCEEDED(VariantChangeType(&n, &v, 0, VT_I8)))
            match = V_I8(&n) == want;
        VariantClear(&n);
    }
    VariantClear(&v);
    return match;
}

int wb_query_matches(const struct wb_class *cls, const cJSON *inst, const struct wb_query *q)
{
    for (int i = 0; i < q->nconds; i++)
        if (!cond_matches(cls, inst, &q->conds[i]))
            return 0;
    return 1;
}
