/*
 * engine.c - the event queue of the discrete-event kernel.
 *
 * Events are ordered by time and, at equal times, by insertion sequence,
 * so equal-time events run in the order they were scheduled and every
 * run is deterministic.
 *
 * A binary min-heap, stored by value in one growing array (the event
 * pool: no allocation per event), holds every event before hour
 * `hfront`. Later events wait unsorted, by how far ahead they are:
 *
 *   - the rest of the current day (day front-1): the day's events from
 *     its ring day, sorted by hour (counting sort) when the day began
 *     (`today`), and 24 hour buckets for events pushed during the day;
 *     a mask of the hours that have some lets the heap's refill jump to
 *     the next such hour (a model with a few events a day looked at all
 *     24 hours of every day); a sparse day (at most SMALL_DAY events in
 *     its chain, after a day of at most SMALL_DAY pushes) skips all
 *     this and enters the heap whole, hfront at its end;
 *   - the next 4096 days: a ring of days, each a chain of blocks of 63
 *     events (2 KiB) from the queue's free list, to which a drained
 *     day's blocks go back: once the ring has its size, nothing is
 *     allocated, copied or newly touched (days as arrays grown by
 *     doubling had realloc copy them into fresh pages: with 10^6 cases
 *     under measures, 8,000 of a 400-day window's 19,000 page faults;
 *     internal.h);
 *   - beyond: the `far` heap, its own binary min-heap (by time and
 *     sequence), whose due events move into the heap an hour at a time
 *     (a 30-year run kept a list here and rescanned it in full whenever
 *     its earliest hour came due: 18.6% of its time).
 *
 * When the heap runs empty, the next hour's events move into it (the heap
 * always has room for every pending event, and nothing is allocated on
 * the way, so this cannot fail). The model keeps thousands of events
 * pending months or years ahead (the end of a measure, its next review,
 * its next escalation); kept out of the heap until their hour, they cost
 * an append, a place in the day's sort and a push into a heap of a
 * few events, instead of sifts through a deep heap on every pop. The
 * order of events is exactly that of a single heap: the heap's events all
 * come before the buckets' (by hour), and (time, sequence) decides inside
 * the heap. The model pushes through bb_queue_push_inline (internal.h),
 * which does a later ring day with room and the heap before hfront in
 * place and calls bb_queue_push for the rest.
 */
#include "internal.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RING BB_RING_DAYS /* days in the ring (about 11 years; internal.h) */
#define SMALL_DAY 32 /* a day of at most this many events enters the heap whole */
_Static_assert(sizeof(bb_block) == 2048, "a ring block is 2 KiB");

static bool before(const bb_event *a, const bb_event *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

void bb_queue_init(bb_queue *q) { memset(q, 0, sizeof *q); }

size_t bb_queue_size(const bb_queue *q) { return q->count; }

static void free_blocks(bb_block *b)
{
    while (b) {
        bb_block *next = b->next;
        free(b);
        b = next;
    }
}

void bb_queue_free(bb_queue *q)
{
    free(q->heap);
    free(q->today.ev);
    for (int k = 0; k < 24; k++)
        free(q->hour[k].ev);
    if (q->ring)
        for (long i = 0; i < RING; i++)
            free_blocks(q->ring[i].head);
    free(q->ring);
    free(q->far.ev);
    free_blocks(q->free_blocks);
    bb_queue_init(q);
}

/* The next free slot of a bucket (grown if needed), or NULL. */
static bb_event *bucket_slot(bb_bucket *b)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 16;
        bb_event *v = realloc(b->ev, cap * sizeof *v);
        if (!v)
            return NULL;
        b->ev = v;
        b->cap = cap;
    }
    return &b->ev[b->n++];
}

/* Push into the heap; the caller has reserved room. */
static void heap_push(bb_queue *q, const bb_event *e)
{
    size_t i = q->n++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!before(e, &q->heap[p]))
            break;
        q->heap[i] = q->heap[p];
        i = p;
    }
    q->heap[i] = *e;
}

static long hour_of(double t)
{
    if (t >= 0.0 && t < 1e15) /* the floor of a time that fits */
        return (long)t;
    double h = floor(t);
    return h < 1e15 ? (long)h : (long)1e15; /* +inf and the like: last */
}

/* Room in the heap for `need` events, every pending event and the new
 * one, so that moving events into it (advance) never allocates and
 * cannot fail. */
static int reserve(bb_queue *q, size_t need)
{
    size_t cap = q->cap ? 2 * q->cap : 256;
    while (cap < need)
        cap *= 2;
    bb_event *h = realloc(q->heap, cap * sizeof *h);
    if (!h)
        return -1;
    q->heap = h;
    q->cap = cap;
    return 0;
}

/* Room in `today` for a day of `need` events. */
static int grow_today(bb_queue *q, size_t need)
{
    size_t cap = q->today.cap ? 2 * q->today.cap : 256;
    while (cap < need)
        cap *= 2;
    bb_event *v = realloc(q->today.ev, cap * sizeof *v);
    if (!v)
        return -1;
    q->today.ev = v;
    q->today.cap = cap;
    return 0;
}

/* The last block of ring day b (which has one). */
static bb_block *day_tail(const bb_day *b)
{
    return (bb_block *)(void *)((char *)b->end - sizeof(bb_block));
}

/* The events in block k of ring day b. */
static size_t block_n(const bb_day *b, const bb_block *k)
{
    return k->next ? BB_BLOCK_EVENTS : (size_t)(b->slot - k->ev);
}

/* The events of ring day b: every block but the last is full. */
static size_t day_n(const bb_day *b)
{
    if (!b->head)
        return 0;
    return (b->head->nblocks - 1u) * (size_t)BB_BLOCK_EVENTS + (size_t)(b->slot - day_tail(b)->ev);
}

/* The next free slot of ring day b: in its last block, or in a block
 * from the free list (or a new one) put at the end of its chain, with
 * room in `today` for the longer chain; NULL when there is no memory. */
static bb_event *day_slot(bb_queue *q, bb_day *b)
{
    if (b->slot == b->end) {
        size_t nblocks = b->head ? b->head->nblocks + 1u : 1u;
        if (nblocks * BB_BLOCK_EVENTS > q->today.cap &&
            grow_today(q, nblocks * BB_BLOCK_EVENTS) != 0)
            return NULL; /* room to sort the day into when it begins */
        bb_block *k = q->free_blocks;
        if (k)
            q->free_blocks = k->next;
        else if (!(k = malloc(sizeof *k)))
            return NULL;
        k->next = NULL;
        if (b->head)
            day_tail(b)->next = k;
        else
            b->head = k;
        b->head->nblocks = (uint32_t)nblocks;
        b->slot = k->ev;
        b->end = k->ev + BB_BLOCK_EVENTS;
    }
    return b->slot++;
}

/* The far heap: the event just appended at its end sifts up. */
static void far_sift_up(bb_queue *q)
{
    bb_event *v = q->far.ev;
    size_t i = q->far.n - 1;
    bb_event e = v[i];
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!before(&e, &v[p]))
            break;
        v[i] = v[p];
        i = p;
    }
    v[i] = e;
    q->far_min = hour_of(v[0].t);
}

/* The far heap: remove its earliest event (moved elsewhere already). */
static void far_pop(bb_queue *q)
{
    bb_event *v = q->far.ev;
    size_t n = --q->far.n, i = 0;
    if (n == 0)
        return;
    const bb_event *last = &v[n];
    for (;;) {
        size_t l = 2 * i + 1, m;
        if (l >= n)
            break;
        m = l + 1 < n && before(&v[l + 1], &v[l]) ? l + 1 : l;
        if (!before(&v[m], last))
            break;
        v[i] = v[m];
        i = m;
    }
    if (i != n)
        v[i] = *last;
    q->far_min = hour_of(v[0].t);
}

/* The slot of a new event at t, its time, sequence, type and arg set;
 * NULL, with *rc set, when it cannot be pushed. */
static inline __attribute__((always_inline)) bb_event *
new_event(bb_queue *q, double t, int type, int arg, int *rc, bool *far)
{
    size_t size = q->count;
    *rc = -1;
    if (type < 0 || type > BB_EVENT_TYPE_MAX || arg < -BB_EVENT_ARG_MAX || arg > BB_EVENT_ARG_MAX)
        return NULL;
    *rc = -2;
    if (q->max && size >= q->max)
        return NULL;
    *rc = -1;
    if (size + 1 > q->cap && reserve(q, size + 1) != 0)
        return NULL;
    long h = hour_of(t);
    bb_event *e;
    if (h < q->hfront) {
        e = bb_heap_slot(q, t, q->next_seq);
    } else if (h < 24 * q->front) { /* later today */
        int k = (int)(h - 24 * (q->front - 1));
        if (!(e = bucket_slot(&q->hour[k])))
            return NULL;
        q->nday++;
        q->hmask |= 1u << k;
    } else if ((unsigned long)h / 24 < (unsigned long)(q->front + RING)) {
        /* h >= hfront >= 0 here: its day and slot by unsigned division */
        if (!q->ring && !(q->ring = calloc(RING, sizeof *q->ring)))
            return NULL;
        if (!(e = day_slot(q, &q->ring[(unsigned long)h / 24 % RING])))
            return NULL;
        q->nring++;
    } else {
        if (!(e = bucket_slot(&q->far)))
            return NULL;
        *far = true; /* sifts up once the caller has filled it in */
    }
    e->t = t;
    e->seq = q->next_seq++;
    e->type = (uint16_t)type;
    e->arg = (int16_t)arg;
    q->count++;
    *rc = 0;
    return e;
}

int bb_queue_push(bb_queue *q, double t, int type, int arg, void *ptr,
                  uint32_t tag)
{
    int rc;
    bool far = false;
    bb_event *e = new_event(q, t, type, arg, &rc, &far);
    if (e) {
        e->ptr = ptr;
        e->tag = tag;
        if (far)
            far_sift_up(q);
    }
    return rc;
}

int bb_queue_push_bits(bb_queue *q, double t, int type, int arg, uint64_t bits)
{
    int rc;
    bool far = false;
    bb_event *e = new_event(q, t, type, arg, &rc, &far);
    if (e) {
        e->bits = bits;
        e->tag = 0;
        if (far)
            far_sift_up(q);
    }
    return rc;
}

/* Hour of day `day` that an event falls in (0-23). */
static int hour_in(const bb_event *e, long day)
{
    long k = hour_of(e->t) - 24 * day;
    return k < 0 ? 0 : k > 23 ? 23 : (int)k;
}

/* A past day: its blocks go back to the free list, for later days. */
static void retire_day(bb_queue *q, bb_day *b)
{
    if (b->head) {
        day_tail(b)->next = q->free_blocks;
        q->free_blocks = b->head;
    }
    b->head = NULL;
    b->slot = b->end = NULL;
}

/* Begin day `front`: its ring day's events, sorted by hour (counting
 * sort) into `today`, whose room was reserved when they were pushed; the
 * day's blocks go back to the free list. Copied memory to memory: a
 * permutation in place needs a temporary event, which the compiler keeps
 * as narrow parts and reloads wide (a store-forwarding stall per event).
 * A sparse day goes into the heap whole instead (true): at most
 * SMALL_DAY events in its chain, after a day of at most SMALL_DAY
 * pushes. Sorting it by hour and moving it an hour at a time cost more
 * than its few events' deeper sifts (a model of ten events a day spent
 * 70 instructions an event on its day's sort alone); the heap then holds
 * every hour of the day (the caller moves hfront to its end). A busy day
 * keeps the hours: what is pushed during it would make the heap deep. */
static bool begin_day(bb_queue *q)
{
    long day = q->front++;
    bb_day *b = q->ring ? &q->ring[day % RING] : NULL;
    const bb_block *head = b ? b->head : NULL;
    size_t n = b ? day_n(b) : 0, cnt[24], next[24];
    bool sparse = q->next_seq - q->seq_day0 <= SMALL_DAY;
    q->seq_day0 = q->next_seq;
    if (n <= SMALL_DAY && sparse) { /* in one block (n < BB_BLOCK_EVENTS) */
        for (size_t i = 0; i < n; i++)
            heap_push(q, &head->ev[i]);
        q->today.n = 0;
        q->hmask = 0;
        if (b)
            retire_day(q, b);
        q->nring -= n;
        return true;
    }
    /* cleared 64 bytes at a time, and copied a word at a time: gcc makes
     * a memset or memcpy of 192 bytes a `rep` string instruction, whose
     * start-up costs more than the whole sort of a day of ten events */
    for (size_t i = 0; i < sizeof cnt; i += 64)
        memset((char *)cnt + i, 0, 64);
    for (const bb_block *k = head; k; k = k->next)
        for (size_t i = 0, m = block_n(b, k); i < m; i++)
            cnt[hour_in(&k->ev[i], day)]++;
    q->today_at[0] = 0;
    q->hmask = 0;
    for (int k = 0; k < 24; k++) {
        next[k] = q->today_at[k];
        q->today_at[k + 1] = q->today_at[k] + cnt[k];
        q->hmask |= (uint32_t)(cnt[k] > 0) << k;
    }
    for (const bb_block *k = head; k; k = k->next)
        for (size_t i = 0, m = block_n(b, k); i < m; i++)
            q->today.ev[next[hour_in(&k->ev[i], day)]++] = k->ev[i];
    q->today.n = n;
    if (b)
        retire_day(q, b);
    q->nring -= n;
    q->nday += n;
    return false;
}

/* The heap is empty: move the next hour that has events into it. */
static void advance(bb_queue *q)
{
    while (q->n == 0 && (q->nday > 0 || q->nring > 0 || q->far.n > 0)) {
        if (q->nday == 0 && q->hfront < 24 * q->front)
            q->hfront = 24 * q->front; /* nothing left today */
        if (q->hfront == 24 * q->front) {
            if (q->nring == 0 && q->far_min / 24 > q->front) {
                q->front = q->far_min / 24; /* nothing in the ring: jump ahead */
                q->hfront = 24 * q->front;
            }
            if (begin_day(q)) {
                /* a sparse day is in the heap whole, with what `far` has
                 * due in it: the heap holds every hour of the day */
                q->hfront = 24 * q->front;
                while (q->far.n > 0 && q->far_min < q->hfront) {
                    heap_push(q, &q->far.ev[0]);
                    far_pop(q);
                }
                continue;
            }
        }
        /* the next hour of the day with events (or due in `far`) */
        long h = q->hfront, day0 = 24 * (q->front - 1);
        uint32_t rest = q->hmask >> (h - day0);
        long next = rest ? h + __builtin_ctz(rest) : 24 * q->front;
        if (q->far.n > 0 && q->far_min < next)
            next = q->far_min > h ? q->far_min : h;
        if (next >= 24 * q->front) {
            q->hfront = 24 * q->front; /* nothing left today */
            continue;
        }
        h = next;
        q->hfront = h + 1;
        int k = (int)(h - day0);
        q->hmask &= ~(1u << k);
        for (size_t i = q->today_at[k]; i < q->today_at[k + 1]; i++)
            heap_push(q, &q->today.ev[i]);
        bb_bucket *b = &q->hour[k];
        for (size_t i = 0; i < b->n; i++)
            heap_push(q, &b->ev[i]);
        q->nday -= q->today_at[k + 1] - q->today_at[k] + b->n;
        b->n = 0; /* the memory stays for the same hour tomorrow */
        /* events pushed when this hour was beyond the ring */
        while (q->far.n > 0 && q->far_min <= h) {
            heap_push(q, &q->far.ev[0]);
            far_pop(q);
        }
    }
}

const bb_event *bb_queue_peek(bb_queue *q)
{
    if (q->n == 0)
        advance(q);
    return q->n ? &q->heap[0] : NULL;
}

int bb_queue_pop(bb_queue *q, bb_event *out)
{
    if (q->n == 0)
        advance(q);
    if (q->n == 0)
        return 0;
    q->count--;
    *out = q->heap[0];
    /* sift the last event down from the root; it stays where it is (just
     * past the shrunk heap, never written) until it is copied to its
     * place, memory to memory: a copy out of a local would be stored as
     * scalars and reloaded wide, which stalls */
    size_t i = 0, n = --q->n;
    const bb_event *last = &q->heap[n];
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        if (l >= n)
            break;
        m = l;
        if (l + 1 < n && before(&q->heap[l + 1], &q->heap[l]))
            m = l + 1;
        if (!before(&q->heap[m], last))
            break;
        q->heap[i] = q->heap[m];
        i = m;
    }
    if (i != n)
        q->heap[i] = *last;
    return 1;
}
