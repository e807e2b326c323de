/*
 * engine.c - the event queue of the discrete-event kernel.
 *
 * Events are ordered by time and, at equal times, by insertion sequence,
 * so equal-time events run in the order they were scheduled and every
 * run is deterministic.
 *
 * Two levels. A binary min-heap, stored by value in one growing array
 * (the event pool: no allocation per event), holds every event before
 * the start of day `front`. Later events wait unsorted in day buckets: a
 * ring of RING days from `front` on, and one `far` list beyond it. When
 * the heap runs empty, the next day's events are moved into it (the heap
 * always has room for every pending event, so this cannot fail). The
 * model keeps thousands of events pending months or years ahead (the
 * end of a measure, its next review, its next escalation); kept out of
 * the heap until their day, they cost an append and one small heap push
 * instead of sifts through a deep heap on every pop. The order of events
 * is exactly that of a single heap: the heap's events all come before
 * the buckets' (by day), and (time, sequence) decides inside the heap.
 */
#include "internal.h"
#include <math.h>
#include <stdlib.h>

#define DAY 24.0    /* hours per bucket */
#define RING 4096L  /* days in the ring (about 11 years) */

static bool before(const bb_event *a, const bb_event *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

void bb_queue_init(bb_queue *q)
{
    q->heap = NULL;
    q->n = q->cap = 0;
    q->next_seq = 0;
    q->max = 0;
    q->ring = NULL;
    q->front = 0;
    q->nring = 0;
    q->far.ev = NULL;
    q->far.n = q->far.cap = 0;
    q->far_min = 0;
}

size_t bb_queue_size(const bb_queue *q) { return q->n + q->nring + q->far.n; }

void bb_queue_free(bb_queue *q)
{
    free(q->heap);
    if (q->ring)
        for (long i = 0; i < RING; i++)
            free(q->ring[i].ev);
    free(q->ring);
    free(q->far.ev);
    bb_queue_init(q);
}

static int bucket_add(bb_bucket *b, const bb_event *e)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 16;
        bb_event *v = realloc(b->ev, cap * sizeof *v);
        if (!v)
            return -1;
        b->ev = v;
        b->cap = cap;
    }
    b->ev[b->n++] = *e;
    return 0;
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

static long day_of(double t)
{
    double d = floor(t / DAY);
    return d < 1e15 ? (long)d : (long)1e15; /* +inf and the like: last */
}

/* Room in the heap for every pending event, so that moving a day's
 * events into it (advance) never allocates and cannot fail. */
static int reserve(bb_queue *q)
{
    size_t need = q->n + q->nring + q->far.n + 1;
    if (need <= q->cap)
        return 0;
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

int bb_queue_push(bb_queue *q, double t, int type, int arg, void *ptr,
                  uint64_t tag)
{
    if (q->max && bb_queue_size(q) >= q->max)
        return -2;
    bb_event e = {t, q->next_seq, type, arg, ptr, tag};
    if (reserve(q) != 0)
        return -1;
    if (t < (double)q->front * DAY) {
        heap_push(q, &e);
    } else if (t < (double)(q->front + RING) * DAY) {
        if (!q->ring && !(q->ring = calloc(RING, sizeof *q->ring)))
            return -1;
        if (bucket_add(&q->ring[day_of(t) % RING], &e) != 0)
            return -1;
        q->nring++;
    } else {
        long day = day_of(t);
        if (bucket_add(&q->far, &e) != 0)
            return -1;
        if (q->far.n == 1 || day < q->far_min)
            q->far_min = day;
    }
    q->next_seq++;
    return 0;
}

/* The heap is empty: move the next day that has events into it. */
static void advance(bb_queue *q)
{
    while (q->n == 0 && (q->nring > 0 || q->far.n > 0)) {
        if (q->nring == 0 && q->far_min > q->front)
            q->front = q->far_min; /* nothing in the ring: jump ahead */
        long day = q->front++;
        if (q->ring) {
            bb_bucket *b = &q->ring[day % RING];
            for (size_t i = 0; i < b->n; i++)
                heap_push(q, &b->ev[i]);
            q->nring -= b->n;
            /* give the memory back: the slot's next day is years ahead,
             * and malloc hands the block to the days being filled now */
            free(b->ev);
            b->ev = NULL;
            b->n = b->cap = 0;
        }
        if (q->far.n > 0 && q->far_min <= day) {
            /* events pushed when this day was beyond the ring */
            size_t keep = 0;
            long min = 0;
            for (size_t i = 0; i < q->far.n; i++) {
                const bb_event *e = &q->far.ev[i];
                long d = day_of(e->t);
                if (d <= day) {
                    heap_push(q, e);
                } else {
                    if (keep == 0 || d < min)
                        min = d;
                    q->far.ev[keep++] = *e;
                }
            }
            q->far.n = keep;
            q->far_min = min;
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
    *out = q->heap[0];
    bb_event last = q->heap[--q->n];
    size_t i = 0, n = q->n;
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        if (l >= n)
            break;
        m = l;
        if (l + 1 < n && before(&q->heap[l + 1], &q->heap[l]))
            m = l + 1;
        if (!before(&q->heap[m], &last))
            break;
        q->heap[i] = q->heap[m];
        i = m;
    }
    if (n)
        q->heap[i] = last;
    return 1;
}
