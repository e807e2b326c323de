/*
 * test_engine.c - the event queue (engine.c) and the replication run loop
 * (bb_sim_run_until / bb_sim_step / bb_sim_run); the day-bucket queue
 * under pushes while popping, and the gamma quantile table (dist.c).
 *
 * The queue is checked against a reference: events must come out in the
 * order of a stable sort by (time, insertion order).
 */
#include "testutil.h"
#include "internal.h"
#include <float.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>

#define ERLANG_C "scenarios/validation/erlang_c.cfg"

/* ---- a small deterministic generator (independent of the library) ---- */

static uint64_t xs_state;

static uint64_t xs_next(void)
{
    uint64_t x = xs_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return xs_state = x;
}

static void xs_seed(uint64_t s) { xs_state = s ? s : 88172645463325252ULL; }

/* A time with many ties: a small integer most of the time, sometimes a
 * fractional value. */
static double rand_time(int spread)
{
    uint64_t r = xs_next();
    if (r % 4 == 0)
        return (double)(xs_next() % 1000000) / 997.0;
    return (double)(r % (uint64_t)spread);
}

/* ---- reference: (t, id) with id = insertion order ---- */

typedef struct ref_ev {
    double t;
    uint64_t id;
} ref_ev;

static int ref_cmp(const void *a, const void *b)
{
    const ref_ev *x = a, *y = b;
    if (x->t < y->t)
        return -1;
    if (x->t > y->t)
        return 1;
    return x->id < y->id ? -1 : x->id > y->id ? 1 : 0;
}

/* Pop the queue and check it gave the earliest pending reference event
 * (by its tag), which leaves the reference list (*np > 0); it is in *was. */
static bb_event pop_ref(bb_queue *q, ref_ev *pend, size_t *np, ref_ev *was);

/* The place of the earliest of n pending reference events (n > 0). */
static size_t ref_min(const ref_ev *p, size_t n)
{
    size_t m = 0;
    for (size_t k = 1; k < n; k++)
        if (ref_cmp(&p[k], &p[m]) < 0)
            m = k;
    return m;
}

static bb_event pop_ref(bb_queue *q, ref_ev *pend, size_t *np, ref_ev *was)
{
    size_t m = ref_min(pend, *np);
    bb_event e;
    assert_int_equal(bb_queue_pop(q, &e), 1);
    assert_int_equal(e.tag, (uint32_t)pend[m].id);
    *was = pend[m];
    pend[m] = pend[--*np];
    return e;
}

/* Push n random events, pop them all, compare with the sorted reference. */
static void check_sorted_against_reference(size_t n, int spread, uint64_t seed)
{
    bb_queue q;
    bb_queue_init(&q);
    ref_ev *ref = malloc(n * sizeof *ref);
    assert_non_null(ref);
    xs_seed(seed);
    for (size_t i = 0; i < n; i++) {
        double t = rand_time(spread);
        ref[i].t = t;
        ref[i].id = i;
        assert_int_equal(bb_queue_push(&q, t, (int)(i % 17), (int)(i % 30000), &ref[i], (uint32_t)i), 0);
    }
    assert_int_equal(bb_queue_size(&q), n);
    qsort(ref, n, sizeof *ref, ref_cmp);
    for (size_t i = 0; i < n; i++) {
        const bb_event *top = bb_queue_peek(&q);
        assert_non_null(top);
        bb_event pk = *top, e;
        assert_int_equal(bb_queue_pop(&q, &e), 1);
        /* peek showed the event that pop returned */
        assert_int_equal(pk.tag, e.tag);
        assert_true(pk.t == e.t);
        assert_true(e.t == ref[i].t);
        assert_int_equal(e.tag, ref[i].id);
        assert_int_equal(e.seq, ref[i].id);   /* seq is the insertion order */
        assert_int_equal(e.arg, (int)(ref[i].id % 30000));
        assert_int_equal(e.type, (int)(ref[i].id % 17));
    }
    bb_event e;
    assert_int_equal(bb_queue_pop(&q, &e), 0);
    assert_null(bb_queue_peek(&q));
    free(ref);
    bb_queue_free(&q);
}

static void test_queue_order_many_ties(void **state)
{
    (void)state;
    /* 5,000 events over 10 distinct integer times (+ some fractional) */
    check_sorted_against_reference(5000, 10, 1);
    /* all at the same time: pure FIFO */
    check_sorted_against_reference(3000, 1, 2);
    /* few events, under the initial capacity */
    check_sorted_against_reference(7, 3, 3);
}

static void test_queue_order_random(void **state)
{
    (void)state;
    for (uint64_t seed = 10; seed < 20; seed++)
        check_sorted_against_reference(2000, 1000000, seed);
}

static void test_queue_growth(void **state)
{
    (void)state;
    /* 100k events: the heap grows far beyond its initial capacity */
    check_sorted_against_reference(100000, 500, 42);

    bb_queue q;
    bb_queue_init(&q);
    for (int i = 0; i < 100000; i++)
        assert_int_equal(bb_queue_push(&q, (double)(100000 - i), 0, 0, NULL, (uint32_t)i), 0);
    assert_true(q.cap >= 100000);
    assert_int_equal(bb_queue_size(&q), 100000);
    double last = -1;
    for (int i = 0; i < 100000; i++) {
        bb_event e;
        assert_int_equal(bb_queue_pop(&q, &e), 1);
        assert_true(e.t > last);
        assert_int_equal(e.tag, 100000 - 1 - i);
        last = e.t;
    }
    bb_queue_free(&q);
    assert_int_equal(bb_queue_size(&q), 0);
    assert_null(q.heap);
}

/* Events beyond the ring (the far heap) pushed while time moves on, with
 * ties at whole hours and days, and pops in between: each pop returns the
 * minimum by (t, id) of a plain array. */
static void test_queue_far(void **state)
{
    (void)state;
    bb_queue q;
    bb_queue_init(&q);
    enum { OPS = 8000 };
    ref_ev *pend = malloc(OPS * sizeof *pend);
    assert_non_null(pend);
    size_t np = 0;
    uint64_t id = 0;
    double now = 0;
    size_t far_seen = 0;
    xs_seed(99);
    for (int op = 0; op < OPS; op++) {
        uint64_t r = xs_next() % 10;
        if (op < OPS / 2 ? r < 7 : r < 2) {
            /* up to 40 years ahead: most beyond the 4096-day ring */
            uint64_t k = xs_next();
            double ahead = k % 3 == 0 ? (double)(xs_next() % 40) * 8766.0
                                      : (double)(xs_next() % 350000);
            pend[np].t = now + ahead + (k % 7 == 0 ? 0.5 : 0.0);
            pend[np].id = id;
            assert_int_equal(bb_queue_push(&q, pend[np].t, 0, 0, NULL, (uint32_t)id), 0);
            np++;
            id++;
            if (q.far.n > far_seen)
                far_seen = q.far.n;
        } else if (np > 0) {
            ref_ev was;
            bb_event e = pop_ref(&q, pend, &np, &was);
            assert_true(e.t == was.t);
            now = e.t;
        }
    }
    assert_true(far_seen > 100); /* the far heap was exercised */
    bb_event e;
    double last = now;
    while (bb_queue_pop(&q, &e) == 1) {
        assert_true(e.t >= last);
        last = e.t;
        np--;
    }
    assert_int_equal(np, 0);
    free(pend);
    bb_queue_free(&q);
}

/* Interleaved push and pop: the pending set is a plain array; each pop
 * must return its minimum by (t, id). */
static void test_queue_interleaved(void **state)
{
    (void)state;
    bb_queue q;
    bb_queue_init(&q);
    enum { OPS = 40000 };
    ref_ev *pend = malloc(OPS * sizeof *pend);
    assert_non_null(pend);
    size_t np = 0;
    uint64_t id = 0;
    double now = 0;
    xs_seed(7);
    for (int op = 0; op < OPS; op++) {
        uint64_t r = xs_next() % 10;
        /* pushes dominate in the first half, pops in the second */
        bool push = op < OPS / 2 ? r < 6 : r < 3;
        if (push) {
            /* schedule in the future of the simulated clock, many ties */
            double t = now + (double)(xs_next() % 5);
            pend[np].t = t;
            pend[np].id = id;
            np++;
            assert_int_equal(id % 3 ? bb_queue_push_inline(&q, t, 0, 0, NULL, (uint32_t)id)
                                    : bb_queue_push(&q, t, 0, 0, NULL, (uint32_t)id),
                             0);
            id++;
        } else {
            bb_event e;
            if (np == 0) {
                assert_int_equal(bb_queue_pop(&q, &e), 0);
                assert_null(bb_queue_peek(&q));
                continue;
            }
            size_t m = ref_min(pend, np);
            const bb_event *top = bb_queue_peek(&q);
            assert_non_null(top);
            assert_int_equal(top->tag, pend[m].id);
            assert_int_equal(bb_queue_pop(&q, &e), 1);
            assert_true(e.t == pend[m].t);
            assert_int_equal(e.tag, pend[m].id);
            now = e.t;
            pend[m] = pend[--np];
        }
        assert_int_equal(bb_queue_size(&q), np);
    }
    /* drain */
    ref_ev was;
    while (np > 0)
        pop_ref(&q, pend, &np, &was);
    bb_event e;
    assert_int_equal(bb_queue_pop(&q, &e), 0);
    free(pend);
    bb_queue_free(&q);
}

/* Few events a day, spread over days and beyond the ring (4,096 days),
 * pushed and popped in turn: sparse days enter the heap whole (engine.c,
 * begin_day), with what the far heap has due in them; a busy stretch in
 * the middle takes the hour-by-hour path. The order must be that of a
 * single heap throughout, half the events pushed by the inline path. */
static void test_queue_sparse_days(void **state)
{
    (void)state;
    bb_queue q;
    bb_queue_init(&q);
    enum { OPS = 30000 };
    ref_ev *pend = malloc(OPS * sizeof *pend);
    assert_non_null(pend);
    size_t np = 0, popped = 0;
    uint64_t id = 0;
    double now = 0;
    xs_seed(11);
    for (int op = 0; op < OPS; op++) {
        bool busy = op > OPS / 3 && op < OPS / 2; /* hundreds of events a day */
        uint64_t r = xs_next() % 10;
        bool push = np < 4 || (busy ? r < 6 : r < 5);
        if (push) {
            uint64_t k = xs_next() % 8;
            double t = busy ? now + (double)(xs_next() % 600) / 100.0
                       : k < 4 ? now + (double)(xs_next() % 4800) / 100.0 /* within two days */
                       : k < 7 ? now + 24.0 * (double)(xs_next() % 30) + 0.5 /* the next month */
                               : now + 24.0 * (4090.0 + (double)(xs_next() % 20)); /* far */
            if (k == 0)
                t = now; /* a tie with the clock */
            pend[np].t = t;
            pend[np].id = id;
            np++;
            /* every other push by the model's inline path (internal.h),
             * which must give the same slots and sequence */
            assert_int_equal(id % 2 ? bb_queue_push_inline(&q, t, 1, 2, NULL, (uint32_t)id)
                                    : bb_queue_push(&q, t, 1, 2, NULL, (uint32_t)id),
                             0);
            id++;
        } else {
            ref_ev was;
            bb_event e = pop_ref(&q, pend, &np, &was);
            assert_true(e.t == was.t);
            assert_true(e.t >= now);
            now = e.t;
            popped++;
        }
        assert_int_equal(bb_queue_size(&q), np);
    }
    for (ref_ev was; np > 0; popped++)
        pop_ref(&q, pend, &np, &was);
    assert_true(popped == id && now > 24.0 * 4096); /* it went past the ring */
    free(pend);
    bb_queue_free(&q);
}

/* The blocks on the queue's free list. */
static size_t free_blocks_n(const bb_queue *q)
{
    size_t n = 0;
    for (const bb_block *k = q->free_blocks; k; k = k->next)
        n++;
    return n;
}

/* A ring day is a chain of blocks: a busy day spans many, comes out in
 * order, and its blocks, once the day is drained, are the ones a later
 * day gets (recycled, not allocated anew). */
static void test_queue_day_blocks(void **state)
{
    (void)state;
    enum { N = 20 * BB_BLOCK_EVENTS + 5 };
    bb_queue q;
    bb_queue_init(&q);
    for (long day = 40; day <= 3000; day += 2960) {
        const bb_block *had = q.free_blocks;
        for (int i = 0; i < N; i++) { /* every hour of the day, from its end */
            double t = 24.0 * (double)day + 23.99 - (double)(i % 24);
            assert_int_equal(i % 2 ? bb_queue_push_inline(&q, t, 0, 0, NULL, (uint32_t)i)
                                   : bb_queue_push(&q, t, 0, 0, NULL, (uint32_t)i), 0);
        }
        const bb_day *d = &q.ring[day % BB_RING_DAYS];
        assert_int_equal(d->head->nblocks, 21); /* 20 full, the last with 5 */
        assert_int_equal(d->end - d->slot, BB_BLOCK_EVENTS - 5);
        if (had) { /* the first day's 21 blocks serve the second */
            assert_ptr_equal(d->head, had);
            assert_int_equal(free_blocks_n(&q), 0);
        }
        bb_event e, last = {.t = -1};
        for (int i = 0; i < N; i++, last = e) {
            assert_int_equal(bb_queue_pop(&q, &e), 1);
            assert_true(e.t > last.t || (e.t == last.t && e.seq > last.seq));
        }
        assert_int_equal(bb_queue_size(&q), 0);
        assert_int_equal(free_blocks_n(&q), (N + BB_BLOCK_EVENTS - 1) / BB_BLOCK_EVENTS);
    }
    bb_queue_free(&q);
}

static void test_queue_empty(void **state)
{
    (void)state;
    bb_queue q;
    bb_queue_init(&q);
    bb_event e;
    memset(&e, 0x5a, sizeof e);
    assert_null(bb_queue_peek(&q));
    assert_int_equal(bb_queue_pop(&q, &e), 0);
    /* after one push and pop the queue is empty again */
    int x;
    assert_int_equal(bb_queue_push(&q, 1.5, 3, 4, &x, 99), 0);
    assert_non_null(bb_queue_peek(&q));
    assert_int_equal(bb_queue_pop(&q, &e), 1);
    assert_true(e.t == 1.5);
    assert_int_equal(e.type, 3);
    assert_int_equal(e.arg, 4);
    assert_ptr_equal(e.ptr, &x);
    assert_int_equal(e.tag, 99);
    assert_int_equal(bb_queue_pop(&q, &e), 0);
    assert_int_equal(bb_queue_pop(&q, &e), 0);
    assert_null(bb_queue_peek(&q));
    bb_queue_free(&q);
    /* free of an empty, never-used queue is fine */
    bb_queue_init(&q);
    bb_queue_free(&q);
}

/* An event is 32 bytes: 64 bits of payload ride in place of the pointer,
 * negative args survive, and a type or arg that does not fit is refused
 * rather than cut. */
static void test_queue_event_fields(void **state)
{
    (void)state;
    assert_int_equal(sizeof(bb_event), 32);
    bb_queue q;
    bb_queue_init(&q);
    uint64_t bits = 0x8000000000000001ULL;
    assert_int_equal(bb_queue_push_bits(&q, 2.0, BB_EVENT_TYPE_MAX, -BB_EVENT_ARG_MAX, bits), 0);
    assert_int_equal(bb_queue_push(&q, 1.0, 0, BB_EVENT_ARG_MAX, NULL, 0xffffffffu), 0);
    assert_int_equal(bb_queue_push(&q, 1.0, BB_EVENT_TYPE_MAX + 1, 0, NULL, 0), -1);
    assert_int_equal(bb_queue_push(&q, 1.0, -1, 0, NULL, 0), -1);
    assert_int_equal(bb_queue_push(&q, 1.0, 0, BB_EVENT_ARG_MAX + 1, NULL, 0), -1);
    assert_int_equal(bb_queue_push_bits(&q, 1.0, 0, -BB_EVENT_ARG_MAX - 1, 0), -1);
    /* the model's inline push refuses the same, and keeps the bound */
    volatile int big = BB_EVENT_ARG_MAX + 1, neg = -BB_EVENT_ARG_MAX - 1, bad = -1;
    assert_int_equal(bb_queue_push_inline(&q, 1.0, 0, big, NULL, 0), -1);
    assert_int_equal(bb_queue_push_inline(&q, 1.0, 0, neg, NULL, 0), -1);
    assert_int_equal(bb_queue_push_inline(&q, 1.0, bad, 0, NULL, 0), -1);
    q.max = 3;
    assert_int_equal(bb_queue_push_inline(&q, 3.0, 0, 7, NULL, 0), 0);
    assert_int_equal(bb_queue_push_inline(&q, 3.0, 0, 7, NULL, 0), -2);
    q.max = 0; /* no bound */
    assert_int_equal(bb_queue_size(&q), 3);
    bb_event e;
    assert_int_equal(bb_queue_pop(&q, &e), 1);
    assert_int_equal(e.arg, BB_EVENT_ARG_MAX);
    assert_int_equal(e.tag, 0xffffffffu);
    assert_int_equal(bb_queue_pop(&q, &e), 1);
    assert_int_equal(e.type, BB_EVENT_TYPE_MAX);
    assert_int_equal(e.arg, -BB_EVENT_ARG_MAX);
    assert_true(e.bits == bits);
    assert_int_equal(bb_queue_pop(&q, &e), 1);
    assert_int_equal(e.arg, 7);
    assert_int_equal(bb_queue_pop(&q, &e), 0);
    bb_queue_free(&q);
}

/* ---- the run loop on erlang_c.cfg ---- */

static bb_scenario *load_erlang_c(void) { return tu_load_file(ERLANG_C, NULL, 0); }

static void test_run_until_stops_and_continues(void **state)
{
    (void)state;
    bb_scenario *s = load_erlang_c();
    bb_sim *sim = bb_sim_new(s, 1, 0);
    assert_non_null(sim);
    double H = bb_sim_horizon(sim);
    assert_true(H == bb_scenario_horizon_hours(s));
    assert_true(H > 1000);
    assert_true(bb_sim_now(sim) == 0.0);

    /* Stops far apart: the single step after each one cannot pass the
     * next stop (mean gap between arrivals is 2.5 h). */
    double stops[] = {0.0, 10.0, 100.5, 1000.0, 5000.0, 20000.0};
    uint64_t ev_prev = bb_sim_events(sim);
    double now_prev = 0;
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) {
        double t = stops[i];
        assert_true(now_prev <= t);
        int rc = bb_sim_run_until(sim, t);
        assert_int_equal(rc, BB_RUN_MORE);
        double now = bb_sim_now(sim);
        assert_true(now <= t);
        assert_true(now >= now_prev);
        assert_true(bb_sim_events(sim) >= ev_prev);
        if (t >= 1000.0)
            assert_true(bb_sim_events(sim) > ev_prev + 100); /* it did advance */
        /* every event at or before t has run: the next one is later */
        uint64_t before = bb_sim_events(sim);
        assert_int_equal(bb_sim_step(sim, 1), BB_RUN_MORE);
        assert_int_equal(bb_sim_events(sim), before + 1);
        assert_true(bb_sim_now(sim) > t);
        now_prev = bb_sim_now(sim);
        ev_prev = bb_sim_events(sim);
    }
    /* a stop in the past runs nothing and keeps the clock */
    assert_int_equal(bb_sim_run_until(sim, 15000.0), BB_RUN_MORE);
    assert_int_equal(bb_sim_events(sim), ev_prev);
    assert_true(bb_sim_now(sim) == now_prev);
    /* past the horizon: runs to the end */
    assert_int_equal(bb_sim_run_until(sim, H + 1000.0), BB_RUN_DONE);
    assert_true(bb_sim_now(sim) == H);
    uint64_t end = bb_sim_events(sim);
    /* once done, further calls do nothing */
    assert_int_equal(bb_sim_run_until(sim, H + 2000.0), BB_RUN_DONE);
    assert_int_equal(bb_sim_step(sim, 10), BB_RUN_DONE);
    assert_int_equal(bb_sim_run(sim), BB_RUN_DONE);
    assert_int_equal(bb_sim_events(sim), end);
    assert_string_equal(bb_sim_error(sim), "");
    bb_sim_free(sim);
    bb_scenario_free(s);
}

static void test_step_exact_count(void **state)
{
    (void)state;
    bb_scenario *s = load_erlang_c();
    bb_sim *sim = bb_sim_new(s, 3, 1);
    assert_non_null(sim);
    assert_int_equal(bb_sim_events(sim), 0);
    assert_int_equal(bb_sim_step(sim, 0), BB_RUN_MORE);
    assert_int_equal(bb_sim_events(sim), 0);
    assert_int_equal(bb_sim_step(sim, 1), BB_RUN_MORE);
    assert_int_equal(bb_sim_events(sim), 1);
    assert_int_equal(bb_sim_step(sim, 999), BB_RUN_MORE);
    assert_int_equal(bb_sim_events(sim), 1000);
    double t = bb_sim_now(sim);
    uint64_t total = 1000;
    long sizes[] = {1, 2, 3, 500, 7, 12345};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        assert_int_equal(bb_sim_step(sim, sizes[i]), BB_RUN_MORE);
        total += (uint64_t)sizes[i];
        assert_int_equal(bb_sim_events(sim), total);
        assert_true(bb_sim_now(sim) >= t);
        t = bb_sim_now(sim);
    }
    /* a huge step ends at the horizon, short of the count */
    assert_int_equal(bb_sim_step(sim, 1000000000L), BB_RUN_DONE);
    assert_true(bb_sim_now(sim) == bb_sim_horizon(sim));
    assert_true(bb_sim_events(sim) > total);
    bb_sim_free(sim);
    bb_scenario_free(s);
}

/* "Run at most n events": a negative count runs none (it must not mean
 * "no limit" and run the whole replication). */
static void test_step_negative_runs_nothing(void **state)
{
    (void)state;
    bb_scenario *s = load_erlang_c();
    bb_sim *sim = bb_sim_new(s, 3, 0);
    assert_non_null(sim);
    assert_int_equal(bb_sim_step(sim, 10), BB_RUN_MORE);
    double t = bb_sim_now(sim);
    int rc = bb_sim_step(sim, -1);
    uint64_t ran = bb_sim_events(sim) - 10;
    double now = bb_sim_now(sim);
    bb_sim_free(sim);
    bb_scenario_free(s);
    if (ran != 0)
        fail_msg("bb_sim_step(sim, -1) ran %llu events (rc %d, now %g h)",
                 (unsigned long long)ran, rc, now);
    assert_int_equal(rc, BB_RUN_MORE);
    assert_true(now == t);
}

static bool same_value(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

static void test_pieces_equal_whole(void **state)
{
    (void)state;
    bb_scenario *s = load_erlang_c();

    bb_sim *a = bb_sim_new(s, 11, 2);
    assert_non_null(a);
    assert_int_equal(bb_sim_run(a), BB_RUN_DONE);

    bb_sim *b = bb_sim_new(s, 11, 2);
    assert_non_null(b);
    xs_seed(5);
    int rc = BB_RUN_MORE, calls = 0;
    double t = 0;
    while (rc == BB_RUN_MORE) {
        if (calls % 2) {
            rc = bb_sim_step(b, (long)(xs_next() % 1000));
        } else {
            t += (double)(xs_next() % 500) + 0.25;
            rc = bb_sim_run_until(b, t);
        }
        calls++;
    }
    assert_int_equal(rc, BB_RUN_DONE);
    assert_true(calls > 50);

    assert_int_equal(bb_sim_events(a), bb_sim_events(b));
    assert_true(bb_sim_now(a) == bb_sim_now(b));
    const bb_metric *ra, *rb;
    int na = bb_sim_metrics(a, &ra);
    int nb = bb_sim_metrics(b, &rb);
    assert_true(na > 10);
    assert_int_equal(na, nb);
    int finite = 0;
    for (int i = 0; i < na; i++) {
        assert_string_equal(ra[i].metric, rb[i].metric);
        assert_string_equal(ra[i].group, rb[i].group);
        if (!same_value(ra[i].value, rb[i].value))
            fail_msg("%s/%s: whole %.17g, pieces %.17g", ra[i].metric, ra[i].group,
                     ra[i].value, rb[i].value);
        finite += isfinite(ra[i].value) != 0;
    }
    assert_true(finite > 10);
    /* the run did something: thousands of arrivals */
    assert_true(tu_metric(ra, na, "arrivals", "all") > 10000);
    bb_sim_free(a);
    bb_sim_free(b);
    bb_scenario_free(s);
}

/* Same seed and replication: identical; another replication: different. */
static void test_replication_determinism(void **state)
{
    (void)state;
    bb_scenario *s = load_erlang_c();
    double v[3];
    uint64_t ev[3];
    int reps[3] = {0, 0, 1};
    for (int k = 0; k < 3; k++) {
        bb_sim *sim = bb_sim_new(s, 1, reps[k]);
        assert_non_null(sim);
        assert_int_equal(bb_sim_run(sim), BB_RUN_DONE);
        const bb_metric *r;
        int n = bb_sim_metrics(sim, &r);
        v[k] = tu_metric(r, n, "wait_mean_h", "advice_decentral");
        ev[k] = bb_sim_events(sim);
        bb_sim_free(sim);
    }
    assert_true(isfinite(v[0]));
    assert_true(v[0] == v[1]);
    assert_int_equal(ev[0], ev[1]);
    assert_true(v[0] != v[2] || ev[0] != ev[2]);
    bb_scenario_free(s);
}

/* ------------------------------------------------------------------ */
/* the pieces that make the engine fast                                */
/* ------------------------------------------------------------------ */

static int cmp_ev(const void *a, const void *b)
{
    const bb_event *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The day-bucket queue pops exactly in (time, insertion) order, also
 * for ties, events years ahead (beyond the ring) and pushes while
 * popping. */
static void test_queue_order(void **st)
{
    (void)st;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    bb_queue q;
    bb_queue_init(&q);
    enum { N = 60000 };
    bb_event *all = malloc(N * sizeof *all);
    int n = 0;
    double now = 0;
    uint64_t seq = 0;
    bb_event e;
    for (int i = 0; i < N; i++) {
        double u = gsl_rng_uniform(r), t;
        if (u < 0.3)
            t = now; /* ties with the present */
        else if (u < 0.6)
            t = now + gsl_rng_uniform(r) * 48.0;
        else if (u < 0.9)
            t = now + gsl_rng_uniform(r) * 24.0 * 400;
        else
            t = now + 24.0 * (4000 + gsl_rng_uniform(r) * 20000); /* beyond the ring */
        if (u > 0.95)
            t = floor(t / 24.0) * 24.0; /* on a day boundary */
        assert_int_equal(bb_queue_push(&q, t, 0, i % 30000, NULL, 0), 0);
        all[n++] = (bb_event){.t = t, .seq = seq++, .type = 0, .arg = (int16_t)(i % 30000)};
        if (i % 3 == 2) { /* pop one now and then: time moves on */
            assert_int_equal(bb_queue_pop(&q, &e), 1);
            now = e.t;
            /* it must be the earliest of what was pushed and not popped */
            bb_event *best = NULL;
            for (int k = 0; k < n; k++)
                if (all[k].type == 0 && (!best || cmp_ev(&all[k], best) < 0))
                    best = &all[k];
            assert_true(best && best->seq == e.seq);
            best->type = 1; /* popped */
        }
    }
    /* the rest comes out sorted */
    bb_event *rest = malloc(N * sizeof *rest);
    int m = 0;
    for (int k = 0; k < n; k++)
        if (all[k].type == 0)
            rest[m++] = all[k];
    qsort(rest, (size_t)m, sizeof *rest, cmp_ev);
    for (int k = 0; k < m; k++) {
        assert_non_null(bb_queue_peek(&q));
        assert_int_equal(bb_queue_pop(&q, &e), 1);
        assert_true(e.seq == rest[k].seq && e.t == rest[k].t);
    }
    assert_null(bb_queue_peek(&q));
    assert_int_equal(bb_queue_pop(&q, &e), 0);
    bb_queue_free(&q);
    free(all);
    free(rest);
    gsl_rng_free(r);
}

static void test_gamma_table(void **st)
{
    (void)st;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    double cvs[] = {0.05, 0.3, 0.5, 1.0, 2.0};
    for (int k = 0; k < 5; k++) {
        bb_dist d = {BB_D_GAMMA, 3.0, cvs[k], NULL}, exact = d;
        bb_dist_table *list = NULL;
        assert_int_equal(bb_dist_prepare(&d, &list), 0);
        assert_true((d.tab != NULL) == (cvs[k] <= 1.0)); /* cv > 1: GSL's inversion */
        for (int i = 0; i < 20000; i++) {
            double u = gsl_rng_uniform_pos(r);
            double x = bb_dist_quantile(&exact, u), y = bb_dist_quantile(&d, u);
            tu_assert_near_le(x, y, 1e-8 * x);
        }
        bb_dist_tables_free(list);
    }
    /* log-normal: GSL's inversion, to the bit in the tails (u < 0.075,
     * u > 0.925). In the centre a distribution's own table of its
     * quantile, within 2.5e-10 relatively of exp(mu + sigma z) with GSL's
     * z (sigma 1.1: 2.3e-10 at worst, near u = 0.925), where it is kept;
     * sigma 1.5 (4.1e-10) keeps none, and its draws go through the
     * normal-quantile table: z within 1e-10 */
    bb_dist ln = {BB_D_LOGNORMAL, 90.0, 1.1, NULL}, ln0 = ln, ln2 = {BB_D_LOGNORMAL, 3.0, 0.4, NULL};
    bb_dist ln3 = {BB_D_LOGNORMAL, 20.0, 1.5, NULL};
    bb_dist_table *list = NULL;
    assert_int_equal(bb_dist_prepare(&ln, &list), 0);
    assert_int_equal(bb_dist_prepare(&ln2, &list), 0);
    assert_int_equal(bb_dist_prepare(&ln3, &list), 0);
    int central = 0, table = 0, table3 = 0;
    double worst = 0, worst2 = 0, worst3 = 0;
    for (int i = 0; i < 100000; i++) {
        double u = i < 4 ? (double[]){0.075, 0.925, 0.5, 0.0750000001}[i] : gsl_rng_uniform_pos(r);
        double x = gsl_cdf_lognormal_Pinv(u, log(90.0), 1.1), y = bb_dist_quantile(&ln, u);
        double z = gsl_cdf_ugaussian_Pinv(u), y2 = bb_dist_quantile(&ln2, u);
        double x3 = gsl_cdf_lognormal_Pinv(u, log(20.0), 1.5), y3 = bb_dist_quantile(&ln3, u);
        if (u < 0.075 || u > 0.925) {
            assert_true(y == x);
            assert_true(y3 == x3);
        } else {
            central++;
            table += y != x; /* a table in use, not GSL's */
            table3 += y3 != x3;
            worst = fmax(worst, fabs(y - x) / x);
            worst2 = fmax(worst2, fabs(y2 - gsl_cdf_lognormal_Pinv(u, log(3.0), 0.4)) /
                                      gsl_cdf_lognormal_Pinv(u, log(3.0), 0.4));
            worst3 = fmax(worst3, fabs(log(y3 / 20.0) / 1.5 - z));
        }
    }
    assert_true(worst <= 2.5e-10 + 1e-15);
    assert_true(worst > 1.2e-10); /* sigma 1.1's own table, not exp of the normal table's z */
    assert_true(worst2 <= 6e-11); /* sigma 0.4: 4.8e-11 in these draws */
    assert_true(worst3 <= 1e-10 + 1e-14); /* the normal table's z */
    assert_in_range(central, 84000, 86000); /* 85% of the draws use the tables */
    assert_true(table > central / 2 && table3 > central / 2);
    bb_dist_tables_free(list);
    /* exponential: GSL's values to within an ulp (log(1 - u) for its
     * log1p(-u) when 1 - u is exact); constant: the value whatever u */
    bb_dist ex = {BB_D_EXP, 7.5, 0.0, NULL}, k = {BB_D_CONST, 3.25, 0.0, NULL};
    for (int i = 0; i < 20000; i++) {
        double u = gsl_rng_uniform_pos(r);
        double x = gsl_cdf_exponential_Pinv(u, 7.5), y = bb_dist_quantile(&ex, u);
        assert_true(fabs(y - x) <= 2 * DBL_EPSILON * x);
        assert_true(bb_dist_quantile(&k, u) == 3.25);
    }
    assert_true(bb_exp1_quantile(1e-12) == -log1p(-1e-12)); /* 1 - u rounds: GSL's */
    assert_true(bb_exp1_quantile(0x1p-32) == -log(1.0 - 0x1p-32));
    assert_true(bb_exp1_quantile(0.0) == 0.0);
    /* a stream's Exp(1) variates: GSL's, to within an ulp, from the same
     * uniforms (the streams stay in step) */
    gsl_rng *a = gsl_rng_alloc(gsl_rng_taus2), *b = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(a, 7);
    gsl_rng_set(b, 7);
    int differ = 0;
    for (int i = 0; i < 100000; i++) {
        double x = gsl_ran_exponential(a, 1.0), y = bb_ran_exp1(b);
        assert_true(fabs(y - x) <= 2 * DBL_EPSILON * x);
        differ += x != y;
    }
    assert_true(gsl_rng_get(a) == gsl_rng_get(b));
    assert_true(differ > 0 && differ < 20000); /* last bits only, and not always */
    gsl_rng_free(a);
    gsl_rng_free(b);
    assert_true(bb_dist_fixed(&k) && !bb_dist_fixed(&ex) && !bb_dist_fixed(&ln0));
    bb_dist ex0 = {BB_D_EXP, 0.0, 0.0, NULL}, un = {BB_D_UNIFORM, 2.0, 2.0, NULL};
    assert_true(bb_dist_fixed(&ex0) && bb_dist_fixed(&un)); /* no spread */
    gsl_rng_free(r);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queue_order_many_ties),
        cmocka_unit_test(test_queue_order_random),
        cmocka_unit_test(test_queue_growth),
        cmocka_unit_test(test_queue_interleaved),
        cmocka_unit_test(test_queue_sparse_days),
        cmocka_unit_test(test_queue_far),
        cmocka_unit_test(test_queue_day_blocks),
        cmocka_unit_test(test_queue_empty),
        cmocka_unit_test(test_queue_event_fields),
        cmocka_unit_test(test_run_until_stops_and_continues),
        cmocka_unit_test(test_step_exact_count),
        cmocka_unit_test(test_step_negative_runs_nothing),
        cmocka_unit_test(test_pieces_equal_whole),
        cmocka_unit_test(test_replication_determinism),
        cmocka_unit_test(test_queue_order),
        cmocka_unit_test(test_gamma_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
