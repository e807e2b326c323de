/*
 * pool.c - the staffed pools in front of execution: information
 * gathering and the two advice pools (decentral: police and OM; central:
 * NCTV).
 *
 * A pool has office staff (servers, present in office hours) and 24/7
 * duty posts for urgent work. Urgent work (an acute case, an escalation)
 * waits in its own FIFO queue ahead of regular work (new cases and
 * periodic reviews) and may be taken by the duty posts; it runs around
 * the clock, regular work only in office hours. A case's effort was drawn
 * at intake; a zero effort skips the stage. When a case's work ends it
 * moves on: information -> the advice pool of its domain -> the
 * authority's decision (a delay, then exec_decided). Reviews and
 * escalations go back to execution (exec_review_done).
 */
#include "model/state.h"

static void pool_start(bb_sim *m, int p, bcase *c, bool duty, double effort)
{
    pool *P = &m->pool[p];
    const bb_pool_spec *ps = &m->s->pool[p];
    if (duty)
        P->busy_duty++;
    else
        P->busy_office++;
    c->job_on_duty = duty;
    double wait = m->now - c->t_queue;
    if (m->stats_on)
        rm_add(&P->wait, wait);
    P->wait_sum_period += wait;
    P->wait_n_period++;
    P->work_period += effort;
    if (m->stats_on)
        P->work_total += effort;
    double done;
    if ((c->job == J_CASE && c->acute) || c->job == J_ESCALATION || !ps->office)
        done = m->now + effort; /* urgent work runs around the clock */
    else
        done = bb_office_advance(&m->s->office, m->now, effort);
    push(m, done, EV_JOB_DONE, p, c, c->id);
}

/* Effort of a job: the case's own draw for its stage; a review's effort
 * is drawn when it is sent and kept in eff[1] (the advice draw is spent). */
static double head_effort(const bcase *c, int p)
{
    return c->job == J_CASE ? c->eff[p == 0 ? 0 : 1] : c->eff[1];
}

static bcase *qpop(bcase **head, bcase **tail)
{
    bcase *c = *head;
    *head = c->qnext;
    if (!*head)
        *tail = NULL;
    c->qnext = NULL;
    return c;
}

/* Start every job that has a free member of staff. */
void pool_dispatch(bb_sim *m, int p)
{
    pool *P = &m->pool[p];
    for (;;) {
        bool office_free = P->open && P->busy_office < P->servers;
        if (P->qa_head) {
            bool duty_free = P->busy_duty < P->duty;
            if (!office_free && !duty_free)
                break;
            bcase *c = qpop(&P->qa_head, &P->qa_tail);
            P->qlen--;
            pool_start(m, p, c, !office_free, head_effort(c, p));
            continue;
        }
        if (P->qr_head && office_free) {
            bcase *c = qpop(&P->qr_head, &P->qr_tail);
            P->qlen--;
            pool_start(m, p, c, false, head_effort(c, p));
            continue;
        }
        break;
    }
    tw_setx(m, &P->q, P->qlen);
}

static void job_done(bb_sim *m, int p, bcase *c);

void pool_enqueue(bb_sim *m, int p, bcase *c)
{
    pool *P = &m->pool[p];
    c->t_queue = m->now;
    c->in_pool = true;
    if (head_effort(c, p) <= 0.0) { /* a zero effort skips the stage */
        job_done(m, p, c);
        return;
    }
    bool urgent = (c->job == J_CASE && c->acute) || c->job == J_ESCALATION;
    if (urgent) {
        if (P->qa_tail)
            P->qa_tail->qnext = c;
        else
            P->qa_head = c;
        P->qa_tail = c;
    } else {
        if (P->qr_tail)
            P->qr_tail->qnext = c;
        else
            P->qr_head = c;
        P->qr_tail = c;
    }
    c->qnext = NULL;
    P->qlen++;
    pool_dispatch(m, p);
}

/* The pool's FTE change: staff on hand when open, duty posts. */
void pool_resize(bb_sim *m, int p, double fte)
{
    pool *P = &m->pool[p];
    const bb_pool_spec *ps = &m->s->pool[p];
    P->fte = fte;
    P->servers = bb_pool_servers(m->s, ps, fte);
    P->duty = ps->office ? (int)floor(ps->duty_posts + 0.5) : 0;
    tw_set(m, &P->fte_tw, fte);
    tw_set(m, &P->avail, (P->open ? P->servers : 0) + P->duty);
}

/* A job (case work, review or escalation) ends in pool p. */
static void job_done(bb_sim *m, int p, bcase *c)
{
    c->in_pool = false;
    if (c->job != J_CASE) {
        exec_review_done(m, c);
        return;
    }
    if (p == BB_STAGE_INFORMATION) {
        pool_enqueue(m, advice_pool(m, c->cat), c);
    } else {
        m->deciding++;
        tw_set(m, &m->deciding_tw, m->deciding);
        c->t_queue = m->now;
        /* a zero delay decides at once, as a zero effort skips a stage;
         * unless the threat ends now too: its end, scheduled first, comes
         * first, as it would for a decision event at +0 (a case that needs
         * no measures has no end scheduled) */
        if (c->decision_h <= 0.0 && (!c->needs || c->t_end > m->now))
            exec_decided(m, c);
        else
            push(m, m->now + c->decision_h, EV_DECIDED, 0, c, c->id);
    }
}

/* EV_JOB_DONE: the member of staff is free again. */
void pool_job_done(bb_sim *m, int p, bcase *c)
{
    pool *P = &m->pool[p];
    if (c->job_on_duty)
        P->busy_duty--;
    else
        P->busy_office--;
    job_done(m, p, c);
    pool_dispatch(m, p);
}

/* EV_OPEN / EV_CLOSE: office hours begin or end. */
void pool_open(bb_sim *m, int p, bool open)
{
    pool *P = &m->pool[p];
    P->open = open;
    tw_set(m, &P->avail, (P->open ? P->servers : 0) + P->duty);
    if (P->open) {
        double close = bb_floor(m->now / 24.0) * 24.0 + m->s->office.close_h;
        push(m, close, EV_CLOSE, p, NULL, 0);
        pool_dispatch(m, p);
    } else {
        push(m, bb_office_next_open(&m->s->office, m->now + 1e-6), EV_OPEN, p, NULL, 0);
    }
}

/* At the start: is the pool open, and when does that change? */
void pool_start_calendar(bb_sim *m, int p)
{
    pool *P = &m->pool[p];
    const bb_scenario *s = m->s;
    P->open = !s->pool[p].office || bb_office_is_open(&s->office, 0.0);
    pool_resize(m, p, s->pool[p].fte);
    if (s->pool[p].office) {
        double t = P->open ? 0.0 : bb_office_next_open(&s->office, 0.0);
        if (P->open) {
            double close = floor(0.0 / 24.0) * 24.0 + s->office.close_h;
            push(m, close, EV_CLOSE, p, NULL, 0);
        } else {
            push(m, t, EV_OPEN, p, NULL, 0);
        }
    }
}
