/*
 * glue_mod.c: a hand-written stand-in for a kiln-compiled module, used by
 * tests/test_runtime_glue.py to test the runtime's CPython glue (pyglue.rs)
 * without the compiler.
 *
 * It does exactly what kiln-compiled code does: it carries a ModuleDesc in
 * read-only data, implements each exported overload as a uniform wrapper
 * `int32_t w(const uint64_t *args, uint64_t *ret)` over flattened words, calls
 * only the runtime's ABI entry points, and has a PyInit_<mod> that only calls
 * kiln_make_module. It includes no Python header: compiled code never sees a
 * PyObject.
 *
 * The struct layouts mirror the #[repr(C)] ones in runtime/src/abi.rs and must
 * change with them. Build it with -DMODNAME=<name> to get a module of another
 * name (the test imports two copies into one process).
 */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

#ifndef MODNAME
#define MODNAME glue_mod
#endif
#define STR_(x) #x
#define STR(x) STR_(x)
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)

/* ---- abi.rs mirror -------------------------------------------------------- */

/* The test passes -DABI_VERSION=<ABI_VERSION from runtime/src/abi.rs>, so the
   mirror can never silently drift from the runtime's version. */
#ifndef ABI_VERSION
#error "build with -DABI_VERSION=<ABI_VERSION of runtime/src/abi.rs>"
#endif

typedef struct KBuf {
    intptr_t refcnt; /* atomic on the Rust side; only read here */
    uint8_t *data;
    size_t nbytes;
    void *pyobj;
} KBuf;

typedef int32_t (*WrapperFn)(const uint64_t *args, uint64_t *ret);

/* Containers: compiled code reads these fields inline. */
typedef struct KList {
    intptr_t refcnt; /* negative: immortal */
    int64_t len;
    int64_t cap;
    uint64_t *data; /* elements as flattened words */
    const uint8_t *ty; /* element type code */
} KList;

typedef struct KStr {
    intptr_t refcnt; /* negative: immortal (a literal) */
    int64_t len;     /* bytes of UTF-8 */
    int64_t nchars;  /* code points */
    int64_t hash;    /* -1 until computed */
    const uint8_t *data;
} KStr;

typedef struct KObjHead { /* dicts and sets start with this */
    intptr_t refcnt;
    int64_t len;
} KObjHead;

typedef struct OverloadDesc {
    const char *signature;
    const uint8_t *arg_types;
    uint32_t arg_types_len;
    uint32_t nargs;
    const uint8_t *ret_type;
    uint32_t ret_type_len;
    uint64_t written_args;
    WrapperFn wrapper;
} OverloadDesc;

typedef struct FuncDesc {
    const char *name;
    uint32_t noverloads;
    const OverloadDesc *overloads;
} FuncDesc;

typedef struct ConstDesc {
    const char *name;
    const uint8_t *ty;
    uint32_t ty_len;
    const uint64_t *words;
} ConstDesc;

typedef struct ModuleDesc {
    uint32_t abi_version;
    uint32_t nfuncs;
    const char *name;
    const FuncDesc *funcs;
    uint32_t nconsts;
    const ConstDesc *consts;
    const char *doc;
} ModuleDesc;

/* Type codes and dtypes. */
#define T_BOOL '?'
#define T_INT 'i'
#define T_FLOAT 'f'
#define T_COMPLEX 'c'
#define T_NONE 'n'
#define T_NPSCALAR 'q'
#define T_ARRAY 'a'
#define T_TUPLE 't'
#define T_STR 's'
#define T_LIST 'L'
#define T_SET 'S'
#define T_DICT 'D'
#define D_BOOL 0
#define D_INT64 4
#define D_UINT8 5
#define D_FLOAT32 9
#define D_FLOAT64 10
#define D_COMPLEX64 11
#define L_STRIDED 0
#define L_C 1
#define L_F 2

/* Exception kinds. */
#define EXC_VALUE_ERROR 2
#define EXC_ZERO_DIVISION_ERROR 5
#define EXC_KEY_ERROR 4

/* Runtime entry points (ENTRY_POINTS in abi.rs). */
extern void *kiln_make_module(const ModuleDesc *desc);
extern KBuf *kiln_buf_alloc(int64_t nbytes, int32_t zeroed);
extern void kiln_buf_incref(KBuf *b);
extern void kiln_buf_decref(KBuf *b);
extern void kiln_raise(int32_t kind, const uint8_t *msg, int64_t len);
extern void kiln_raise_index(int64_t index, int64_t axis, int64_t size);
extern int32_t kiln_err_kind(void);
extern void kiln_err_clear(void);
extern double kiln_float_mod(double x, double y);
extern double kiln_float_floordiv(double x, double y);
extern double kiln_float_pow(double x, double y);
extern int64_t kiln_int_pow(int64_t base, int64_t exp);
extern void kiln_obj_incref(void *o);
extern void kiln_list_decref(KList *l);
extern void kiln_dict_decref(void *d);
extern void kiln_set_decref(void *s);
extern void kiln_str_decref(KStr *s);
extern int64_t kiln_value_hash(const uint8_t *ty, const uint64_t *a);
extern KStr *kiln_value_repr(const uint8_t *ty, const uint64_t *a, int32_t str_not_repr);
extern KList *kiln_list_new(const uint8_t *ty, int64_t len);
extern int32_t kiln_list_append(KList *l, const uint64_t *elem);
extern int32_t kiln_list_sort(KList *l, int32_t reverse);
extern void *kiln_dict_new(const uint8_t *kty, const uint8_t *vty);
extern int32_t kiln_dict_set(void *d, const uint64_t *key, const uint64_t *value);
extern int32_t kiln_dict_lookup(void *d, const uint64_t *key, uint64_t *out);
extern int32_t kiln_dict_getitem(void *d, const uint64_t *key, uint64_t *out);
extern int32_t kiln_set_add(void *s, const uint64_t *elem);
extern int32_t kiln_set_pop(void *s, uint64_t *out);
extern void *kiln_set_op(int32_t op, void *a, void *b);
extern KStr *kiln_str_new(const uint8_t *bytes, int64_t len);
extern KStr *kiln_str_concat(KStr *a, KStr *b);
extern KStr *kiln_str_method(int32_t kind, KStr *s);
extern KList *kiln_str_split(KStr *s, KStr *sep, int64_t maxsplit);
extern KStr *kiln_format_float(double x, KStr *spec);
extern int32_t kiln_print(KStr *s, KStr *end);

/* ---- helpers -------------------------------------------------------------- */

static double f64(uint64_t w) { double d; memcpy(&d, &w, 8); return d; }
static uint64_t w64(double d) { uint64_t w; memcpy(&w, &d, 8); return w; }
static float f32(uint64_t w) { uint32_t u = (uint32_t)w; float f; memcpy(&f, &u, 4); return f; }
static uint64_t w32(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

static void raise_str(int32_t kind, const char *msg) {
    kiln_raise(kind, (const uint8_t *)msg, (int64_t)strlen(msg));
}

/* Element i of a 1-d float64 array given as words (data, owner, shape, stride). */
static double elem1(const uint64_t *a, int64_t i) {
    return *(const double *)((const uint8_t *)a[0] + i * (int64_t)a[3]);
}

/* A new float64[:] of n elements, filled with i * step; writes 4 result words. */
static int32_t new_array(int64_t n, double step, int zeroed, uint64_t *ret) {
    KBuf *b = kiln_buf_alloc(n * 8, zeroed);
    if (!b) return 1;
    double *d = (double *)b->data;
    if (!zeroed)
        for (int64_t i = 0; i < n; i++) d[i] = (double)i * step;
    ret[0] = (uint64_t)b->data;
    ret[1] = (uint64_t)b;
    ret[2] = (uint64_t)n;
    ret[3] = 8;
    return 0;
}

/* ---- wrappers ------------------------------------------------------------- */

/* add1(int) -> int */
static int32_t w_add1(const uint64_t *a, uint64_t *r) { r[0] = a[0] + 1; return 0; }

/* half(float) -> float */
static int32_t w_half(const uint64_t *a, uint64_t *r) { r[0] = w64(f64(a[0]) / 2.0); return 0; }

/* negate(bool) -> bool */
static int32_t w_negate(const uint64_t *a, uint64_t *r) { r[0] = !a[0]; return 0; }

/* conj(complex) -> complex */
static int32_t w_conj(const uint64_t *a, uint64_t *r) { r[0] = a[0]; r[1] = w64(-f64(a[1])); return 0; }

/* is_none(None) -> int */
static int32_t w_is_none(const uint64_t *a, uint64_t *r) { (void)a; r[0] = 1; return 0; }

/* total(float64[:]) -> float */
static int32_t w_total_f(const uint64_t *a, uint64_t *r) {
    double s = 0;
    for (int64_t i = 0; i < (int64_t)a[2]; i++) s += elem1(a, i);
    r[0] = w64(s);
    return 0;
}

/* total(int64[:]) -> int */
static int32_t w_total_i(const uint64_t *a, uint64_t *r) {
    int64_t s = 0;
    for (int64_t i = 0; i < (int64_t)a[2]; i++) s += *(const int64_t *)((const uint8_t *)a[0] + i * (int64_t)a[3]);
    r[0] = (uint64_t)s;
    return 0;
}

/* ramp(int n) -> float64[:]: a new array [0, 0.5, 1, ...] */
static int32_t w_ramp(const uint64_t *a, uint64_t *r) { return new_array((int64_t)a[0], 0.5, 0, r); }

/* zeros(int n) -> float64[:] */
static int32_t w_zeros(const uint64_t *a, uint64_t *r) { return new_array((int64_t)a[0], 0, 1, r); }

/* tail(float64[:]) -> float64[:]: the view a[1:] */
static int32_t w_tail(const uint64_t *a, uint64_t *r) {
    if (a[2] == 0) { kiln_raise_index(1, 0, 0); return 1; }
    kiln_buf_incref((KBuf *)a[1]);
    r[0] = a[0] + a[3];
    r[1] = a[1];
    r[2] = a[2] - 1;
    r[3] = a[3];
    return 0;
}

/* ident(float64[::]) -> float64[::]: the argument itself */
static int32_t w_ident(const uint64_t *a, uint64_t *r) {
    kiln_buf_incref((KBuf *)a[1]);
    memcpy(r, a, 4 * sizeof(uint64_t));
    return 0;
}

/* swap(float, int) -> (int, float) */
static int32_t w_swap(const uint64_t *a, uint64_t *r) { r[0] = a[1]; r[1] = a[0]; return 0; }

/* stats(float64[:]) -> (float64[:], float64[:], int): (cumsum, the input, len) */
static int32_t w_stats(const uint64_t *a, uint64_t *r) {
    int64_t n = (int64_t)a[2];
    if (new_array(n, 0, 0, r)) return 1;
    double *out = (double *)r[0], s = 0;
    for (int64_t i = 0; i < n; i++) out[i] = s += elem1(a, i);
    kiln_buf_incref((KBuf *)a[1]);
    memcpy(r + 4, a, 4 * sizeof(uint64_t));
    r[8] = (uint64_t)n;
    return 0;
}

/* twice(int n) -> (float64[:], float64[:]): one new array, returned twice */
static int32_t w_twice(const uint64_t *a, uint64_t *r) {
    if (new_array((int64_t)a[0], 1.0, 0, r)) return 1;
    kiln_buf_incref((KBuf *)r[1]);
    memcpy(r + 4, r, 4 * sizeof(uint64_t));
    return 0;
}

/* pair_then_fail(int n) -> (float64[:], float64[:]): the second array has a
 * bogus null owner, so conversion fails half-way; the first must not leak. */
static int32_t w_pair_then_fail(const uint64_t *a, uint64_t *r) {
    if (new_array((int64_t)a[0], 1.0, 0, r)) return 1;
    if (new_array((int64_t)a[0], 1.0, 0, r + 4)) { kiln_buf_decref((KBuf *)r[1]); return 1; }
    kiln_buf_decref((KBuf *)r[5]);
    r[5] = 0;
    return 0;
}

/* divide(float, float) -> float, raising ZeroDivisionError like Python */
static int32_t w_divide(const uint64_t *a, uint64_t *r) {
    if (f64(a[1]) == 0.0) { raise_str(EXC_ZERO_DIVISION_ERROR, "float division by zero"); return 1; }
    r[0] = w64(f64(a[0]) / f64(a[1]));
    return 0;
}

/* at(float64[:], int) -> float, with a bounds check */
static int32_t w_at(const uint64_t *a, uint64_t *r) {
    int64_t i = (int64_t)a[4], n = (int64_t)a[2];
    int64_t j = i < 0 ? i + n : i;
    if (j < 0 || j >= n) { kiln_raise_index(i, 0, n); return 1; }
    r[0] = w64(elem1(a, j));
    return 0;
}

/* fill(float64[:], float) -> None: writes its first argument */
static int32_t w_fill(const uint64_t *a, uint64_t *r) {
    (void)r;
    for (int64_t i = 0; i < (int64_t)a[2]; i++) *(double *)((uint8_t *)a[0] + i * (int64_t)a[3]) = f64(a[4]);
    return 0;
}

/* elem01(float64[:,:] order C) -> (int, float) and elem01(float64[:,:] order F):
 * which overload ran, and a[0, 1] */
static int32_t elem01(const uint64_t *a, uint64_t *r, int which) {
    r[0] = (uint64_t)which;
    r[1] = w64(*(const double *)((const uint8_t *)a[0] + (int64_t)a[5]));
    return 0;
}
static int32_t w_elem01_c(const uint64_t *a, uint64_t *r) { return elem01(a, r, 1); }
static int32_t w_elem01_f(const uint64_t *a, uint64_t *r) { return elem01(a, r, 2); }

/* item0d(float64[]) -> float */
static int32_t w_item0d(const uint64_t *a, uint64_t *r) { r[0] = w64(*(const double *)a[0]); return 0; }

/* nap(float seconds) -> None: sleeps without the GIL */
static int32_t w_nap(const uint64_t *a, uint64_t *r) {
    (void)r;
    double s = f64(a[0]);
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&ts, &ts) != 0) {}
    return 0;
}

/* raise_kind(int kind) -> None: raises exception kind `kind` with message "kind <kind>" */
static int32_t w_raise_kind(const uint64_t *a, uint64_t *r) {
    (void)r;
    char msg[32] = "kind ";
    int64_t k = (int64_t)a[0];
    int n = 5;
    if (k < 0) { msg[n++] = '-'; k = -k; }
    char digits[24];
    int nd = 0;
    do { digits[nd++] = (char)('0' + k % 10); k /= 10; } while (k);
    while (nd) msg[n++] = digits[--nd];
    kiln_raise((int32_t)a[0], (const uint8_t *)msg, n);
    return 1;
}

/* err_roundtrip() -> int: raise, inspect, clear, inspect, as an `except` would */
static int32_t w_err_roundtrip(const uint64_t *a, uint64_t *r) {
    (void)a;
    raise_str(EXC_VALUE_ERROR, "caught");
    int32_t k1 = kiln_err_kind();
    kiln_err_clear();
    int32_t k2 = kiln_err_kind();
    r[0] = (uint64_t)(int64_t)(k1 * 100 + k2);
    return 0;
}

/* huge() -> float64[:]: an allocation that cannot succeed */
static int32_t w_huge(const uint64_t *a, uint64_t *r) {
    (void)a;
    KBuf *b = kiln_buf_alloc(INT64_MAX / 2, 0);
    if (!b) return 1;
    kiln_buf_decref(b);
    r[0] = 0;
    return 0;
}

/* pymath(float, float) -> (float, float, float): Python's x % y, x // y, x ** y */
static int32_t w_pymath(const uint64_t *a, uint64_t *r) {
    double x = f64(a[0]), y = f64(a[1]);
    r[0] = w64(kiln_float_mod(x, y));
    r[1] = w64(kiln_float_floordiv(x, y));
    double p = kiln_float_pow(x, y);
    if (kiln_err_kind() >= 0) return 1;
    r[2] = w64(p);
    return 0;
}

/* ipow(int, int) -> int */
static int32_t w_ipow(const uint64_t *a, uint64_t *r) { r[0] = (uint64_t)kiln_int_pow((int64_t)a[0], (int64_t)a[1]); return 0; }

/* f32twice(float32) -> float32 */
static int32_t w_f32twice(const uint64_t *a, uint64_t *r) { r[0] = w32(f32(a[0]) * 2.0f); return 0; }

/* u8inc(uint8) -> uint8 (wraps) */
static int32_t w_u8inc(const uint64_t *a, uint64_t *r) { r[0] = (uint8_t)(a[0] + 1); return 0; }

/* c64conj(complex64) -> complex64 */
static int32_t w_c64conj(const uint64_t *a, uint64_t *r) { r[0] = a[0]; r[1] = w32(-f32(a[1])); return 0; }

/* npbool_not(bool scalar) -> numpy bool */
static int32_t w_npbool_not(const uint64_t *a, uint64_t *r) { r[0] = !a[0]; return 0; }

/* tsum((int, (float, int))) -> float */
static int32_t w_tsum(const uint64_t *a, uint64_t *r) {
    r[0] = w64((double)(int64_t)a[0] + f64(a[1]) + (double)(int64_t)a[2]);
    return 0;
}


/* ---- containers and strings ---------------------------------------------- */

static const uint8_t C_INT[] = {T_INT};
static const uint8_t C_STR[] = {T_STR};
static const uint8_t C_LIST_INT[] = {T_LIST, T_INT};

/* lsum(int list) -> int: reads the list inline, as compiled code does */
static int32_t w_lsum(const uint64_t *a, uint64_t *r) {
    const KList *l = (const KList *)a[0];
    int64_t s = 0;
    for (int64_t i = 0; i < l->len; i++) s += (int64_t)l->data[i];
    r[0] = (uint64_t)s;
    return 0;
}

/* lappend(int list, int) -> None: l.append(x) (writes its argument) */
static int32_t w_lappend(const uint64_t *a, uint64_t *r) {
    (void)r;
    return kiln_list_append((KList *)a[0], &a[1]);
}

/* lrange(int n) -> int list: a new list [0, 1, ..., n-1] */
static int32_t w_lrange(const uint64_t *a, uint64_t *r) {
    KList *l = kiln_list_new(C_INT, (int64_t)a[0]);
    if (!l) return 1;
    for (int64_t i = 0; i < l->len; i++) l->data[i] = (uint64_t)i;
    r[0] = (uint64_t)l;
    return 0;
}

/* nested(int list list) -> int list list: outer[0].append(99);
 * outer.append([7]); return outer */
static int32_t w_nested(const uint64_t *a, uint64_t *r) {
    KList *outer = (KList *)a[0];
    if (outer->len > 0) {
        uint64_t v = 99;
        if (kiln_list_append((KList *)outer->data[0], &v)) return 1;
    }
    KList *fresh = kiln_list_new(C_INT, 1);
    if (!fresh) return 1;
    fresh->data[0] = 7;
    uint64_t w = (uint64_t)fresh;
    if (kiln_list_append(outer, &w)) return 1; /* the list owns `fresh` now */
    kiln_obj_incref(outer);
    r[0] = (uint64_t)outer;
    return 0;
}

/* nested2(int list list, int list list) -> int list list: nested(b), only b written */
static int32_t w_nested2(const uint64_t *a, uint64_t *r) { return w_nested(a + 1, r); }

/* fail_after_append(int list) -> None: l.append(5); raise ValueError */
static int32_t w_fail_after_append(const uint64_t *a, uint64_t *r) {
    (void)r;
    uint64_t v = 5;
    if (kiln_list_append((KList *)a[0], &v)) return 1;
    raise_str(EXC_VALUE_ERROR, "after append");
    return 1;
}

/* sortrev(str list) -> None: l.sort(reverse=True) */
static int32_t w_sortrev(const uint64_t *a, uint64_t *r) {
    (void)r;
    return kiln_list_sort((KList *)a[0], 1);
}

/* sadd(int set, int) -> None: s.add(x) */
static int32_t w_sadd(const uint64_t *a, uint64_t *r) {
    (void)r;
    return kiln_set_add((void *)a[0], &a[1]);
}

/* spop(int set) -> int: s.pop() */
static int32_t w_spop(const uint64_t *a, uint64_t *r) { return kiln_set_pop((void *)a[0], &r[0]); }

/* setops(str set, str set) -> (str set, str set, str set, str set): a|b, a&b, a-b, a^b */
static int32_t w_setops(const uint64_t *a, uint64_t *r) {
    for (int op = 0; op < 4; op++) {
        void *s = kiln_set_op(op, (void *)a[0], (void *)a[1]);
        if (!s) {
            for (int k = 0; k < op; k++) kiln_set_decref((void *)r[k]);
            return 1;
        }
        r[op] = (uint64_t)s;
    }
    return 0;
}

/* dinc(str:int dict, str) -> None: d[k] = d.get(k, 0) + 1 */
static int32_t w_dinc(const uint64_t *a, uint64_t *r) {
    (void)r;
    uint64_t v = 0;
    kiln_dict_lookup((void *)a[0], &a[1], &v);
    v += 1;
    kiln_obj_incref((void *)a[1]); /* dict_set takes ownership of the key */
    return kiln_dict_set((void *)a[0], &a[1], &v);
}

/* dget(str:int dict, str) -> int: d[k] (KeyError) */
static int32_t w_dget(const uint64_t *a, uint64_t *r) { return kiln_dict_getitem((void *)a[0], &a[1], &r[0]); }

/* dlen(int:float dict) -> int: len(d), read inline */
static int32_t w_dlen(const uint64_t *a, uint64_t *r) { r[0] = (uint64_t)((const KObjHead *)a[0])->len; return 0; }

/* words(str) -> str list: s.split() */
static int32_t w_words(const uint64_t *a, uint64_t *r) {
    KList *l = kiln_str_split((KStr *)a[0], NULL, -1);
    if (!l) return 1;
    r[0] = (uint64_t)l;
    return 0;
}

/* shout(str) -> str: s.upper() + '!' (nchars read inline) */
static int32_t w_shout(const uint64_t *a, uint64_t *r) {
    static const KStr BANG = {-1, 1, 1, -1, (const uint8_t *)"!"};
    KStr *u = kiln_str_method(0, (KStr *)a[0]);
    if (!u) return 1;
    KStr *s = kiln_str_concat(u, (KStr *)&BANG);
    kiln_str_decref(u);
    if (!s) return 1;
    r[0] = (uint64_t)s;
    return 0;
}

/* nchars(str) -> int */
static int32_t w_nchars(const uint64_t *a, uint64_t *r) { r[0] = (uint64_t)((const KStr *)a[0])->nchars; return 0; }

/* fmt(float, str) -> str: format(x, spec) */
static int32_t w_fmt(const uint64_t *a, uint64_t *r) {
    KStr *s = kiln_format_float(f64(a[0]), (KStr *)a[1]);
    if (!s) return 1;
    r[0] = (uint64_t)s;
    return 0;
}

/* strhash(str) -> int: hash(s) */
static int32_t w_strhash(const uint64_t *a, uint64_t *r) { r[0] = (uint64_t)kiln_value_hash(C_STR, &a[0]); return 0; }

/* srepr(int list list) -> str: repr(l) */
static int32_t w_srepr(const uint64_t *a, uint64_t *r) {
    static const uint8_t C_LL[] = {T_LIST, T_LIST, T_INT};
    KStr *s = kiln_value_repr(C_LL, &a[0], 0);
    if (!s) return 1;
    r[0] = (uint64_t)s;
    return 0;
}

/* say(str) -> None: print(s) */
static int32_t w_say(const uint64_t *a, uint64_t *r) {
    (void)r;
    return kiln_print((KStr *)a[0], NULL);
}

/* echo((str, int list, str:float dict)) -> (str, int list, str:float dict): its argument */
static int32_t w_echo(const uint64_t *a, uint64_t *r) {
    for (int i = 0; i < 3; i++) {
        kiln_obj_incref((void *)a[i]);
        r[i] = a[i];
    }
    return 0;
}

/* arrsum(float64[:] list) -> float: the sum of all elements of all arrays */
static int32_t w_arrsum(const uint64_t *a, uint64_t *r) {
    const KList *l = (const KList *)a[0];
    double s = 0;
    for (int64_t i = 0; i < l->len; i++) {
        const uint64_t *arr = l->data + 4 * i;
        for (int64_t j = 0; j < (int64_t)arr[2]; j++) s += elem1(arr, j);
    }
    r[0] = w64(s);
    return 0;
}

/* arrfirst(float64[:] list) -> float64[:]: l[0] (a view of an input array) */
static int32_t w_arrfirst(const uint64_t *a, uint64_t *r) {
    const KList *l = (const KList *)a[0];
    if (l->len == 0) { kiln_raise_index(0, 0, 0); return 1; }
    memcpy(r, l->data, 4 * sizeof(uint64_t));
    kiln_buf_incref((KBuf *)r[1]);
    return 0;
}

/* ---- descriptors ---------------------------------------------------------- */

static const uint8_t TY_I[] = {T_INT};
static const uint8_t TY_F[] = {T_FLOAT};
static const uint8_t TY_B[] = {T_BOOL};
static const uint8_t TY_C[] = {T_COMPLEX};
static const uint8_t TY_N[] = {T_NONE};
static const uint8_t TY_FF[] = {T_FLOAT, T_FLOAT};
static const uint8_t TY_II[] = {T_INT, T_INT};
static const uint8_t TY_F1[] = {T_ARRAY, D_FLOAT64, 1, L_C};
static const uint8_t TY_I1[] = {T_ARRAY, D_INT64, 1, L_C};
static const uint8_t TY_S1[] = {T_ARRAY, D_FLOAT64, 1, L_STRIDED};
static const uint8_t TY_F1_I[] = {T_ARRAY, D_FLOAT64, 1, L_C, T_INT};
static const uint8_t TY_F1_F[] = {T_ARRAY, D_FLOAT64, 1, L_C, T_FLOAT};
static const uint8_t TY_F2C[] = {T_ARRAY, D_FLOAT64, 2, L_C};
static const uint8_t TY_F2F[] = {T_ARRAY, D_FLOAT64, 2, L_F};
static const uint8_t TY_F0[] = {T_ARRAY, D_FLOAT64, 0, L_C};
static const uint8_t TY_F_I[] = {T_FLOAT, T_INT};
static const uint8_t TY_T_IF[] = {T_TUPLE, 2, T_INT, T_FLOAT};
static const uint8_t TY_T_AAI[] = {T_TUPLE, 3, T_ARRAY, D_FLOAT64, 1, L_C, T_ARRAY, D_FLOAT64, 1, L_C, T_INT};
static const uint8_t TY_T_AA[] = {T_TUPLE, 2, T_ARRAY, D_FLOAT64, 1, L_C, T_ARRAY, D_FLOAT64, 1, L_C};
static const uint8_t TY_T_FFF[] = {T_TUPLE, 3, T_FLOAT, T_FLOAT, T_FLOAT};
static const uint8_t TY_T_I_FI[] = {T_TUPLE, 2, T_INT, T_TUPLE, 2, T_FLOAT, T_INT};
static const uint8_t TY_Q_F32[] = {T_NPSCALAR, D_FLOAT32};
static const uint8_t TY_Q_U8[] = {T_NPSCALAR, D_UINT8};
static const uint8_t TY_Q_C64[] = {T_NPSCALAR, D_COMPLEX64};
static const uint8_t TY_Q_B[] = {T_NPSCALAR, D_BOOL};

static const uint8_t TY_LI[] = {T_LIST, T_INT};
static const uint8_t TY_LI_I[] = {T_LIST, T_INT, T_INT};
static const uint8_t TY_LLI[] = {T_LIST, T_LIST, T_INT};
static const uint8_t TY_LS[] = {T_LIST, T_STR};
static const uint8_t TY_SI[] = {T_SET, T_INT};
static const uint8_t TY_SI_I[] = {T_SET, T_INT, T_INT};
static const uint8_t TY_SS_SS[] = {T_SET, T_STR, T_SET, T_STR};
static const uint8_t TY_T4SS[] = {T_TUPLE, 4, T_SET, T_STR, T_SET, T_STR, T_SET, T_STR, T_SET, T_STR};
static const uint8_t TY_DSI_S[] = {T_DICT, T_STR, T_INT, T_STR};
static const uint8_t TY_DIF[] = {T_DICT, T_INT, T_FLOAT};
static const uint8_t TY_S[] = {T_STR};
static const uint8_t TY_F_S[] = {T_FLOAT, T_STR};
static const uint8_t TY_ECHO[] = {T_TUPLE, 3, T_STR, T_LIST, T_INT, T_DICT, T_STR, T_FLOAT};
static const uint8_t TY_LA[] = {T_LIST, T_ARRAY, D_FLOAT64, 1, L_STRIDED};
static const uint8_t TY_A1S[] = {T_ARRAY, D_FLOAT64, 1, L_STRIDED};

#define OV(sig, args, nargs, ret, written, fn) \
    {sig, args, sizeof(args), nargs, ret, sizeof(ret), written, fn}
#define OV0(sig, ret, fn) {sig, NULL, 0, 0, ret, sizeof(ret), 0, fn}
#define FN(name, ovs) {name, sizeof(ovs) / sizeof(OverloadDesc), ovs}

static const OverloadDesc O_add1[] = {OV("add1(int)", TY_I, 1, TY_I, 0, w_add1)};
static const OverloadDesc O_half[] = {OV("half(float)", TY_F, 1, TY_F, 0, w_half)};
static const OverloadDesc O_negate[] = {OV("negate(bool)", TY_B, 1, TY_B, 0, w_negate)};
static const OverloadDesc O_conj[] = {OV("conj(complex)", TY_C, 1, TY_C, 0, w_conj)};
static const OverloadDesc O_is_none[] = {OV("is_none(None)", TY_N, 1, TY_I, 0, w_is_none)};
static const OverloadDesc O_total[] = {
    OV("total(float64[:])", TY_F1, 1, TY_F, 0, w_total_f),
    OV("total(int64[:])", TY_I1, 1, TY_I, 0, w_total_i),
};
static const OverloadDesc O_ramp[] = {OV("ramp(int)", TY_I, 1, TY_F1, 0, w_ramp)};
static const OverloadDesc O_zeros[] = {OV("zeros(int)", TY_I, 1, TY_F1, 0, w_zeros)};
static const OverloadDesc O_tail[] = {OV("tail(float64[:])", TY_F1, 1, TY_F1, 0, w_tail)};
static const OverloadDesc O_ident[] = {OV("ident(float64[::])", TY_S1, 1, TY_S1, 0, w_ident)};
static const OverloadDesc O_swap[] = {OV("swap(float, int)", TY_F_I, 2, TY_T_IF, 0, w_swap)};
static const OverloadDesc O_stats[] = {OV("stats(float64[:])", TY_F1, 1, TY_T_AAI, 0, w_stats)};
static const OverloadDesc O_twice[] = {OV("twice(int)", TY_I, 1, TY_T_AA, 0, w_twice)};
static const OverloadDesc O_pair_then_fail[] = {OV("pair_then_fail(int)", TY_I, 1, TY_T_AA, 0, w_pair_then_fail)};
static const OverloadDesc O_divide[] = {OV("divide(float, float)", TY_FF, 2, TY_F, 0, w_divide)};
static const OverloadDesc O_at[] = {OV("at(float64[:], int)", TY_F1_I, 2, TY_F, 0, w_at)};
static const OverloadDesc O_fill[] = {OV("fill(float64[:], float)", TY_F1_F, 2, TY_N, 1, w_fill)};
static const OverloadDesc O_elem01[] = {
    OV("elem01(float64[:,:] order(C))", TY_F2C, 1, TY_T_IF, 0, w_elem01_c),
    OV("elem01(float64[:,:] order(F))", TY_F2F, 1, TY_T_IF, 0, w_elem01_f),
};
static const OverloadDesc O_item0d[] = {OV("item0d(float64[])", TY_F0, 1, TY_F, 0, w_item0d)};
static const OverloadDesc O_nap[] = {OV("nap(float)", TY_F, 1, TY_N, 0, w_nap)};
static const OverloadDesc O_raise_kind[] = {OV("raise_kind(int)", TY_I, 1, TY_N, 0, w_raise_kind)};
static const OverloadDesc O_err_roundtrip[] = {OV0("err_roundtrip()", TY_I, w_err_roundtrip)};
static const OverloadDesc O_huge[] = {OV0("huge()", TY_F1, w_huge)};
static const OverloadDesc O_pymath[] = {OV("pymath(float, float)", TY_FF, 2, TY_T_FFF, 0, w_pymath)};
static const OverloadDesc O_ipow[] = {OV("ipow(int, int)", TY_II, 2, TY_I, 0, w_ipow)};
static const OverloadDesc O_f32twice[] = {OV("f32twice(float32)", TY_Q_F32, 1, TY_Q_F32, 0, w_f32twice)};
static const OverloadDesc O_u8inc[] = {OV("u8inc(uint8)", TY_Q_U8, 1, TY_Q_U8, 0, w_u8inc)};
static const OverloadDesc O_c64conj[] = {OV("c64conj(complex64)", TY_Q_C64, 1, TY_Q_C64, 0, w_c64conj)};
static const OverloadDesc O_npbool_not[] = {OV("npbool_not(bool)", TY_B, 1, TY_Q_B, 0, w_npbool_not)};
static const OverloadDesc O_tsum[] = {OV("tsum((int, (float, int)))", TY_T_I_FI, 1, TY_F, 0, w_tsum)};

static const OverloadDesc O_lsum[] = {OV("lsum(int list)", TY_LI, 1, TY_I, 0, w_lsum)};
static const OverloadDesc O_lappend[] = {OV("lappend(int list, int)", TY_LI_I, 2, TY_N, 1, w_lappend)};
static const OverloadDesc O_lrange[] = {OV("lrange(int)", TY_I, 1, TY_LI, 0, w_lrange)};
static const OverloadDesc O_nested[] = {OV("nested(int list list)", TY_LLI, 1, TY_LLI, 1, w_nested)};
static const uint8_t TY_LLI_LLI[] = {T_LIST, T_LIST, T_INT, T_LIST, T_LIST, T_INT};
static const OverloadDesc O_nested2[] = {OV("nested2(int list list, int list list)", TY_LLI_LLI, 2, TY_LLI, 2, w_nested2)};
static const OverloadDesc O_fail_after_append[] = {OV("fail_after_append(int list)", TY_LI, 1, TY_N, 1, w_fail_after_append)};
static const OverloadDesc O_sortrev[] = {OV("sortrev(str list)", TY_LS, 1, TY_N, 1, w_sortrev)};
static const OverloadDesc O_sadd[] = {OV("sadd(int set, int)", TY_SI_I, 2, TY_N, 1, w_sadd)};
static const OverloadDesc O_spop[] = {OV("spop(int set)", TY_SI, 1, TY_I, 1, w_spop)};
static const OverloadDesc O_setops[] = {OV("setops(str set, str set)", TY_SS_SS, 2, TY_T4SS, 0, w_setops)};
static const OverloadDesc O_dinc[] = {OV("dinc(str:int dict, str)", TY_DSI_S, 2, TY_N, 1, w_dinc)};
static const OverloadDesc O_dget[] = {OV("dget(str:int dict, str)", TY_DSI_S, 2, TY_I, 0, w_dget)};
static const OverloadDesc O_dlen[] = {OV("dlen(int:float dict)", TY_DIF, 1, TY_I, 0, w_dlen)};
static const OverloadDesc O_words[] = {OV("words(str)", TY_S, 1, TY_LS, 0, w_words)};
static const OverloadDesc O_shout[] = {OV("shout(str)", TY_S, 1, TY_S, 0, w_shout)};
static const OverloadDesc O_nchars[] = {OV("nchars(str)", TY_S, 1, TY_I, 0, w_nchars)};
static const OverloadDesc O_fmt[] = {OV("fmt(float, str)", TY_F_S, 2, TY_S, 0, w_fmt)};
static const OverloadDesc O_strhash[] = {OV("strhash(str)", TY_S, 1, TY_I, 0, w_strhash)};
static const OverloadDesc O_srepr[] = {OV("srepr(int list list)", TY_LLI, 1, TY_S, 0, w_srepr)};
static const OverloadDesc O_say[] = {OV("say(str)", TY_S, 1, TY_N, 0, w_say)};
static const OverloadDesc O_echo[] = {OV("echo((str, int list, str:float dict))", TY_ECHO, 1, TY_ECHO, 0, w_echo)};
static const OverloadDesc O_arrsum[] = {OV("arrsum(float64[::] list)", TY_LA, 1, TY_F, 0, w_arrsum)};
static const OverloadDesc O_arrfirst[] = {OV("arrfirst(float64[::] list)", TY_LA, 1, TY_A1S, 0, w_arrfirst)};

static const FuncDesc FUNCS[] = {
    FN("add1", O_add1),
    FN("half", O_half),
    FN("negate", O_negate),
    FN("conj", O_conj),
    FN("is_none", O_is_none),
    FN("total", O_total),
    FN("ramp", O_ramp),
    FN("zeros", O_zeros),
    FN("tail", O_tail),
    FN("ident", O_ident),
    FN("swap", O_swap),
    FN("stats", O_stats),
    FN("twice", O_twice),
    FN("pair_then_fail", O_pair_then_fail),
    FN("divide", O_divide),
    FN("at", O_at),
    FN("fill", O_fill),
    FN("elem01", O_elem01),
    FN("item0d", O_item0d),
    FN("nap", O_nap),
    FN("raise_kind", O_raise_kind),
    FN("err_roundtrip", O_err_roundtrip),
    FN("huge", O_huge),
    FN("pymath", O_pymath),
    FN("ipow", O_ipow),
    FN("f32twice", O_f32twice),
    FN("u8inc", O_u8inc),
    FN("c64conj", O_c64conj),
    FN("npbool_not", O_npbool_not),
    FN("tsum", O_tsum),
    FN("lsum", O_lsum),
    FN("lappend", O_lappend),
    FN("lrange", O_lrange),
    FN("nested", O_nested),
    FN("nested2", O_nested2),
    FN("fail_after_append", O_fail_after_append),
    FN("sortrev", O_sortrev),
    FN("sadd", O_sadd),
    FN("spop", O_spop),
    FN("setops", O_setops),
    FN("dinc", O_dinc),
    FN("dget", O_dget),
    FN("dlen", O_dlen),
    FN("words", O_words),
    FN("shout", O_shout),
    FN("nchars", O_nchars),
    FN("fmt", O_fmt),
    FN("strhash", O_strhash),
    FN("srepr", O_srepr),
    FN("say", O_say),
    FN("echo", O_echo),
    FN("arrsum", O_arrsum),
    FN("arrfirst", O_arrfirst),
};

/* Constants: ANSWER = 42, PAIR = (1.5, True), TABLE = np.array([1., 2., 3.]),
 * GREETING = 'h\u00e9llo' (an immortal static str, as the compiler emits literals). */
static const KStr GREETING_STR = {-1, 6, 5, -1, (const uint8_t *)"h\xc3\xa9llo"};
static const uint64_t W_GREETING[] = {(uint64_t)(uintptr_t)&GREETING_STR};
static const double TABLE_DATA[] = {1.0, 2.0, 3.0};
static const uint8_t TY_T_FB[] = {T_TUPLE, 2, T_FLOAT, T_BOOL};
static const uint64_t W_ANSWER[] = {42};
static const uint64_t W_PAIR[] = {0x3FF8000000000000ull /* 1.5 */, 1};
static const uint64_t W_TABLE[] = {(uint64_t)(uintptr_t)TABLE_DATA, 0, 3, 8};
static const ConstDesc CONSTS[] = {
    {"ANSWER", TY_I, sizeof(TY_I), W_ANSWER},
    {"PAIR", TY_T_FB, sizeof(TY_T_FB), W_PAIR},
    {"TABLE", TY_F1, sizeof(TY_F1), W_TABLE},
    {"GREETING", TY_S, sizeof(TY_S), W_GREETING},
};

static const ModuleDesc DESC = {
    ABI_VERSION,
    sizeof(FUNCS) / sizeof(FuncDesc),
    STR(MODNAME),
    FUNCS,
    sizeof(CONSTS) / sizeof(ConstDesc),
    CONSTS,
    "Hand-written stand-in for a kiln-compiled module (runtime glue tests).",
};

/* A descriptor from a future ABI, to test the version check. */
static const ModuleDesc BAD_DESC = {ABI_VERSION + 1000, 0, STR(MODNAME), NULL, 0, NULL, NULL};

__attribute__((visibility("default"))) void *CAT(PyInit_, MODNAME)(void) {
#ifdef BAD_ABI
    return kiln_make_module(&BAD_DESC);
#else
    (void)BAD_DESC;
    return kiln_make_module(&DESC);
#endif
}
