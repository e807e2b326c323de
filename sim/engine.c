/*
 * engine.c - the event queue of the discrete-event kernel.
 *
 * A binary min-heap of events stored by value in one growing array (the
 * event pool: no allocation per event). Events are ordered by time and,
 * at equal times, by insertion sequence, so equal-time events run in the
 * order they were scheduled and every run is deterministic.
 */
#include "internal.h"
#include <stdlib.h>

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
}

void bb_queue_free(bb_queue *q)
{
    free(q->heap);
    bb_queue_init(q);
}

int bb_queue_push(bb_queue *q, double t, int type, int arg, void *ptr,
                  uint64_t tag)
{
    if (q->max && q->n >= q->max)
        return -2;
    if (q->n == q->cap) {
        size_t cap = q->cap ? 2 * q->cap : 256;
        bb_event *h = realloc(q->heap, cap * sizeof *h);
        if (!h)
            return -1;
        q->heap = h;
        q->cap = cap;
    }
    bb_event e = {t, q->next_seq++, type, arg, ptr, tag};
    size_t i = q->n++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!before(&e, &q->heap[p]))
            break;
        q->heap[i] = q->heap[p];
        i = p;
    }
    q->heap[i] = e;
    return 0;
}

const bb_event *bb_queue_peek(const bb_queue *q)
{
    return q->n ? &q->heap[0] : NULL;
}

int bb_queue_pop(bb_queue *q, bb_event *out)
{
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
