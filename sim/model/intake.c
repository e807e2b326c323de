/*
 * intake.c - cases and where they come from: arrivals, triage, surges and
 * the starting state.
 *
 * Threat signals arrive per category as a non-homogeneous Poisson
 * process (a base rate, yearly growth, surges that multiply it for a
 * while). Signals closed at triage are only counted (a Poisson count per
 * day); a signal that passes becomes a case, draws at intake everything
 * it will need later (efforts, decision delay, outcome, duration, lead
 * time, escalation clock), each from the stream of its purpose so that
 * scenarios which differ elsewhere see the same case (common random
 * numbers), and joins the information pool.
 *
 * Cases live in 64-byte-aligned blocks of 1,024 with a free list: memory
 * is bounded by the number of open cases.
 */
#include "model/state.h"
#include <gsl/gsl_randist.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* cases                                                               */
/* ------------------------------------------------------------------ */

bcase *intake_case_new(bb_sim *m)
{
    if (m->open_cases >= m->s->max_open) {
        snprintf(m->error, sizeof m->error,
                 "more than %ld open cases at %.0f h: the bound run.max_open_cases "
                 "was reached (the chain cannot keep up)", m->s->max_open, m->now);
        return NULL;
    }
    if (!m->free_cases) {
        if (m->nblocks == m->capblocks) {
            int cap = m->capblocks ? 2 * m->capblocks : 16;
            bcase **b = realloc(m->blocks, (size_t)cap * sizeof *b);
            if (!b)
                goto oom;
            m->blocks = b;
            m->capblocks = cap;
        }
        /* not zeroed (but for the id and the home holds): intake_case_new
         * clears a case when it is taken */
        bcase *blk = aligned_alloc(CASE_BLOCK_BYTES, CASE_BLOCK_BYTES);
        if (!blk)
            goto oom;
        m->blocks[m->nblocks++] = blk;
        for (int i = CASE_BLOCK - 1; i >= 0; i--) {
            blk[i].id = 0; /* a free slot (bb_sim_check walks every slot) */
            blk[i].qnext = m->free_cases;
            m->free_cases = &blk[i];
            *home_hold(&blk[i]) = (hold){.prov = HOLD_FREE};
        }
    }
    bcase *c = m->free_cases;
    m->free_cases = c->qnext;
    /* cleared a line at a time: gcc makes one memset of the whole case a
     * `rep stos`, whose start-up was 5% of an M/M/10 run; 64 bytes it
     * writes with four vector stores */
#pragma GCC unroll 8
    for (size_t i = 0; i < sizeof *c; i += 64)
        memset((char *)c + i, 0, 64);
    c->id = ++m->next_id;
    c->plist = -1;
    c->rec = NO_REC;
    c->t_decided = -1;
    m->open_cases++;
    return c;
oom:
    snprintf(m->error, sizeof m->error, "out of memory with %ld open cases", m->open_cases);
    return NULL;
}

void intake_case_free(bb_sim *m, bcase *c)
{
    c->id = 0;
    c->qnext = m->free_cases;
    m->free_cases = c;
    m->open_cases--;
    /* the next case taken is this one (the free list is a stack), and
     * clearing it writes its last two lines, which a measure's end does
     * not read: asked for now, for writing, they come while the events
     * until the next arrival are handled */
    __builtin_prefetch((const char *)c + 128, 1);
    __builtin_prefetch((const char *)c + 192, 1);
}

/* Give a case its own GSL streams (taus2: small state, cheap to seed),
 * keyed by its place in an intake, so its reviews and escalations draw
 * the same numbers in every scenario whatever the timing. The streams are
 * seeded when first used (intake_case_rng). */
static void case_key(bcase *c, uint64_t base, uint64_t index)
{
    c->key_base = base;
    c->key_index = index;
    c->seeded = false;
}

/* GSL's generator over one of a case's stream states (gsl_rng is GSL's
 * public two-field struct: the type and a pointer to its state), both
 * streams seeded on first use. */
gsl_rng intake_case_rng(bcase *c, int which)
{
    case_rng *g = case_rng_of(c);
    gsl_rng rr = {gsl_rng_taus2, g->gen_state[RR]}, re = {gsl_rng_taus2, g->gen_state[RE]};
    if (!c->seeded) {
        uint64_t k1 = bb_seq_key(c->key_base, c->key_index, 1);
        uint64_t k2 = bb_seq_key(c->key_base, c->key_index, 2);
        gsl_rng_set(&rr, (unsigned long)((k1 >> 32) ^ (k1 & 0xffffffffULL)) | 1UL);
        gsl_rng_set(&re, (unsigned long)((k2 >> 32) ^ (k2 & 0xffffffffULL)) | 1UL);
        c->seeded = true;
    }
    return which == RR ? rr : re;
}

/* Which of a category's intake draws can make no difference in this
 * scenario (a constant effort, decision delay, duration, lead time or
 * mobilisation, an acute share of 0 or 1, a single outcome level): they
 * are not drawn. Each draw has its own stream, so leaving one out moves
 * no other (common random numbers between scenarios that differ in it). */
void intake_fix_draws(bb_sim *m)
{
    const bb_scenario *s = m->s;
    bool dur = true, lead = bb_dist_fixed(&s->assist.delay_h);
    for (int l = 0; l < BB_LEVELS; l++)
        dur &= bb_dist_fixed(&s->level[l].duration_h);
    for (int p = 0; p < s->nprov; p++)
        lead &= bb_dist_fixed(&s->prov[p].lead_time_h);
    bool mob = bb_dist_fixed(&s->interim.mobilise_h) && bb_dist_fixed(&s->basic_mobilise_h);
    bool dec = bb_dist_fixed(&s->decision_h) && bb_dist_fixed(&s->acute_decision_h);
    for (int i = 0; i < s->ncat; i++) {
        const bb_category *k = &s->cat[i];
        const bb_pool_spec *p0 = &s->pool[0], *p1 = &s->pool[advice_pool(m, i)];
        m->d_fixed[D_ACUTE][i] = !(k->acute_share > 0.0 && k->acute_share < 1.0);
        m->d_fixed[D_INFO_EFFORT][i] =
            bb_dist_fixed(&p0->effort) && bb_dist_fixed(&p0->acute_effort);
        m->d_fixed[D_ADVICE_EFFORT][i] =
            bb_dist_fixed(&p1->effort) && bb_dist_fixed(&p1->acute_effort);
        m->d_fixed[D_DECISION][i] = dec;
        /* decided_level does not decrease in u: its two ends tell */
        m->d_fixed[D_LEVEL][i] =
            decided_level(k, 0x1p-32) == decided_level(k, 1.0 - 0x1p-32);
        m->d_fixlevel[i] = (int8_t)decided_level(k, 0.5);
        m->d_fixed[D_DURATION][i] = dur;
        m->d_fixed[D_LEAD][i] = lead;
        m->d_fixed[D_MOBILISE][i] = mob;
        /* what a fixed draw's quantile is, computed once */
        m->d_fixq[D_INFO_EFFORT][i][0] = bb_dist_quantile(&p0->effort, 0.5);
        m->d_fixq[D_INFO_EFFORT][i][1] = bb_dist_quantile(&p0->acute_effort, 0.5);
        m->d_fixq[D_ADVICE_EFFORT][i][0] = bb_dist_quantile(&p1->effort, 0.5);
        m->d_fixq[D_ADVICE_EFFORT][i][1] = bb_dist_quantile(&p1->acute_effort, 0.5);
        m->d_fixq[D_DECISION][i][0] = bb_dist_quantile(&s->decision_h, 0.5);
        m->d_fixq[D_DECISION][i][1] = bb_dist_quantile(&s->acute_decision_h, 0.5);
    }
}

/* A category's intake draw of purpose d: a uniform from its stream, or
 * one half where it makes no difference. */
static inline double draw(bb_sim *m, int d, int cat)
{
    return m->d_fixed[d][cat] ? 0.5 : u01(m->r_draw[d][cat]);
}

/* The quantile of dist at a category's intake draw of purpose d: its
 * value computed once where the draw is fixed (intake_fix_draws). */
static inline double draw_q(bb_sim *m, int d, int cat, const bb_dist *dist, bool acute)
{
    return m->d_fixed[d][cat] ? m->d_fixq[d][cat][acute]
                              : bb_dist_quantile(dist, u01(m->r_draw[d][cat]));
}

/* Draw everything a case will need at its intake, each from the stream
 * of its purpose, so scenarios that differ elsewhere see the same case. */
static void draw_case(bb_sim *m, bcase *c, int cat, bool force_acute)
{
    const bb_scenario *s = m->s;
    const bb_category *k = &s->cat[cat];
    c->cat = (int16_t)cat;
    c->acute = force_acute || draw(m, D_ACUTE, cat) < k->acute_share;
    int adv = advice_pool(m, cat);
    const bb_dist *d0 = c->acute ? &s->pool[0].acute_effort : &s->pool[0].effort;
    const bb_dist *d1 = c->acute ? &s->pool[adv].acute_effort : &s->pool[adv].effort;
    c->eff[0] = draw_q(m, D_INFO_EFFORT, cat, d0, c->acute);
    c->eff[1] = draw_q(m, D_ADVICE_EFFORT, cat, d1, c->acute);
    c->decision_h = draw_q(m, D_DECISION, cat,
                           c->acute ? &s->acute_decision_h : &s->decision_h, c->acute);
    c->u_level = draw(m, D_LEVEL, cat);
    c->u_dur = draw(m, D_DURATION, cat);
    c->u_lead = draw(m, D_LEAD, cat);
    /* the category's own stream, so skipping it where nothing escalates
     * changes no other draw */
    c->esc_e = k->escalation_per_year > 0 ? bb_ran_exp1(m->r_escalation[cat]) : 0.0;
    c->u_mob = draw(m, D_MOBILISE, cat);
    case_key(c, m->life_base[cat], m->life_n[cat]++);
    if (s->nreg > 1)
        intake_set_region(m, c, m->r_region[cat]);
}

/* A case's region, in proportion to the regions' demand shares (a
 * stream of its own: a scenario without regions draws nothing). */
void intake_set_region(bb_sim *m, bcase *c, gsl_rng *r)
{
    const bb_scenario *s = m->s;
    double u = u01(r), acc = 0;
    int g = s->nreg - 1;
    for (int k = 0; k < s->nreg; k++) {
        acc += s->reg[k].demand_p;
        if (u < acc) {
            g = k;
            break;
        }
    }
    c->region = c->xreg = (int8_t)g;
}

/* A new case is in: its lead-time record, and (acute) its first
 * protective action is asked for. */
static void admit(bb_sim *m, bcase *c)
{
    res_new_record(m, c);
    exec_admit(m, c);
    exec_request_interim(m, c);
}

/* ------------------------------------------------------------------ */
/* arrivals: a non-homogeneous Poisson process per category            */
/* ------------------------------------------------------------------ */

/* The rate of a category without surges at time t: its base rate and
 * its yearly growth from the scenario's growth date on. */
static double base_rate(const bb_sim *m, int cat, double t)
{
    const bb_category *k = &m->s->cat[cat];
    double r = k->rate_per_year / HOURS_PER_YEAR;
    double grown = t - m->s->growth_from_h;
    if (k->growth_per_year != 0.0 && grown > 0)
        r *= pow(1.0 + k->growth_per_year, grown / HOURS_PER_YEAR);
    return r;
}

/* The base rate of a calendar day (at its start), kept for the day and
 * the one before: both the passed signals and the closed ones use it. */
static double day_rate(bb_sim *m, int cat, long day)
{
    int k = (int)(day & 1);
    if (m->dr_day[cat][k] != day + 1) {
        m->dr_day[cat][k] = day + 1;
        m->dr_v[cat][k] = base_rate(m, cat, 24.0 * (double)day);
    }
    return m->dr_v[cat][k];
}

/* The product of the surges in force for a category at time t, and in
 * *until the next time it changes: surges hold for exactly their time,
 * also for parts of a day. */
static double surge_factor(const bb_sim *m, int cat, double t, double *until)
{
    const bb_scenario *s = m->s;
    double f = 1.0;
    *until = INFINITY;
    for (int i = 0; i < s->nsurge; i++) {
        const bb_surge *u = &s->surge[i];
        if (!u->cat[cat])
            continue;
        if (t >= u->t0 && t < u->t1) {
            f *= u->factor;
            *until = fmin(*until, u->t1);
        } else if (u->t0 > t) {
            *until = fmin(*until, u->t0);
        }
    }
    return f;
}

/* The rate of a category from t to *end (the next day boundary or surge
 * change, whichever is first): constant in between. */
static double rate_piece(bb_sim *m, int cat, double t, double *end)
{
    double day0 = bb_floor(t / 24.0) * 24.0, until;
    double f = surge_factor(m, cat, t, &until);
    *end = fmin(day0 + 24.0, until);
    return day_rate(m, cat, (long)(day0 / 24.0)) * f;
}

/* Time of the next signal that triage passes, after t. A Poisson
 * process whose signals are each closed at triage with probability p,
 * independently, is two independent Poisson processes: the passed
 * signals at rate r (1 - p), which get an event each, and the closed
 * ones at rate r p, which need only their number (intake_accrue_triage).
 * The rate is constant within pieces (a calendar day, cut where a surge
 * begins or ends), and one Exp(1) draw of integrated rate is spent
 * across pieces (time change), so exactly one draw is used per passed
 * signal. */
void intake_schedule_arrival(bb_sim *m, int cat, double t)
{
    double e = bb_ran_exp1(m->r_arrival[cat]);
    double H = m->s->horizon_h, pass = 1.0 - m->s->cat[cat].triage_close;
    while (t < H) {
        /* the piece stays the same from where it was asked for to its end */
        if (!(t >= m->apiece[cat].lo && t < m->apiece[cat].end)) {
            m->apiece[cat].rate = rate_piece(m, cat, t, &m->apiece[cat].end);
            m->apiece[cat].lo = t;
        }
        double end = m->apiece[cat].end, r = m->apiece[cat].rate * pass;
        double cap = r * (end - t);
        if (r > 0 && cap >= e) {
            push(m, t + e / r, EV_ARRIVAL, cat, NULL, 0);
            return;
        }
        e -= cap;
        t = end;
    }
}

/* A signal of category cat passed triage: the next one is scheduled and
 * this one becomes a case in the information pool. */
void intake_arrival(bb_sim *m, int cat)
{
    intake_schedule_arrival(m, cat, m->now);
    if (m->stats_on)
        m->arrived[cat]++;
    m->p_arrived++;
    bcase *n = intake_case_new(m);
    if (!n)
        return;
    draw_case(m, n, cat, false);
    m->rs[n->region].p_in++;
    m->rs[n->region].in += m->stats_on;
    n->t_in = m->now;
    n->counted = m->stats_on;
    admit(m, n);
    pool_enqueue(m, BB_STAGE_INFORMATION, n);
}

/* Count the signals closed at triage from triage_t up to t (at most the
 * horizon): per category one Poisson draw of the integrated rate r p,
 * the rate constant within the same pieces as for the passed signals.
 * Called at every day's end (where some category closes signals), and
 * before a period's row or the start of the statistics reads the
 * counts. */
void intake_accrue_triage(bb_sim *m, double t)
{
    const bb_scenario *s = m->s;
    t = fmin(t, s->horizon_h);
    if (t <= m->triage_t)
        return;
    for (int i = 0; i < s->ncat; i++) {
        double p = s->cat[i].triage_close, mu = 0.0;
        if (p <= 0.0)
            continue;
        for (double a = m->triage_t; a < t;) {
            double end, r = rate_piece(m, i, a, &end), b = fmin(end, t);
            mu += r * p * (b - a);
            a = b;
        }
        long n = 0;
        for (; mu > 1e9; mu -= 1e9) /* gsl_ran_poisson returns an unsigned int */
            n += (long)gsl_ran_poisson(m->r_triage[i], 1e9);
        if (mu > 0.0)
            n += (long)gsl_ran_poisson(m->r_triage[i], mu);
        if (m->stats_on) {
            m->arrived[i] += n;
            m->triaged += n;
        }
        m->p_arrived += n;
    }
    m->triage_t = t;
}

/* ------------------------------------------------------------------ */
/* surges and the starting state                                       */
/* ------------------------------------------------------------------ */

/* A surge's extra cases: acute, of its category and forced level. */
void intake_surge(bb_sim *m, int i)
{
    const bb_surge *u = &m->s->surge[i];
    for (int n = 0; n < u->extra_cases; n++) {
        bcase *c = intake_case_new(m);
        if (!c)
            return;
        draw_case(m, c, u->extra_category, true);
        m->rs[c->region].p_in++;
        m->rs[c->region].in += m->stats_on;
        c->level = (int8_t)u->extra_level;
        c->t_in = m->now;
        c->counted = m->stats_on;
        if (m->stats_on)
            m->arrived[c->cat]++;
        m->p_arrived++;
        admit(m, c);
        pool_enqueue(m, BB_STAGE_INFORMATION, c);
    }
}

/* A category for a case of the starting state, in proportion to the
 * categories' base rates (of one domain, or all for domain -1). */
static int pick_category(bb_sim *m, int domain)
{
    const bb_scenario *s = m->s;
    double tot = 0;
    for (int i = 0; i < s->ncat; i++)
        if (domain < 0 || (int)s->cat[i].domain == domain)
            tot += s->cat[i].rate_per_year;
    bool flat = tot <= 0; /* no rates: pick uniformly */
    if (flat)
        for (int i = 0; i < s->ncat; i++)
            tot += domain < 0 || (int)s->cat[i].domain == domain;
    double u = u01(m->r_initial) * tot, acc = 0;
    int last = 0;
    for (int i = 0; i < s->ncat; i++)
        if (domain < 0 || (int)s->cat[i].domain == domain) {
            acc += flat ? 1.0 : s->cat[i].rate_per_year;
            last = i;
            if (u < acc)
                return i;
        }
    return last;
}

/* The cases under measures at the start, and the backlogs of the pools. */
int intake_setup_initial(bb_sim *m)
{
    const bb_scenario *s = m->s;
    for (int i = 0; i < s->ninitial; i++) {
        const bb_initial *x = &s->initial[i];
        for (int n = 0; n < x->count; n++) {
            bcase *c = intake_case_new(m);
            if (!c)
                return -1;
            c->cat = (int16_t)x->category;
            c->level = (int8_t)x->level;
            c->t_in = c->t_decided = 0;
            c->u_lead = c->u_mob = 0.5;
            c->esc_e = bb_ran_exp1(m->r_initial);
            case_key(c, m->init_base, m->init_n++);
            if (x->region >= 0)
                c->region = c->xreg = (int8_t)x->region;
            else if (s->nreg > 1)
                intake_set_region(m, c, m->r_region_init);
            const bb_level_spec *v = &s->level[x->level];
            /* remaining duration of a measure already running: the
             * equilibrium residual life (a uniform share of a
             * length-biased draw), so long measures are not cut short */
            double dur = bb_dist_residual(&v->duration_h, u01(m->r_initial), u01(m->r_initial));
            double first = v->review_h * u01(m->r_initial);
            c->t_end = dur;
            push(m, dur, EV_MEASURE_END, 0, c, c->id);
            if (v->review_h > 0 && first < dur)
                push(m, first, EV_REVIEW, 0, c, c->id);
            double esc = s->cat[c->cat].escalation_per_year / HOURS_PER_YEAR;
            if (esc > 0 && c->esc_e / esc < dur)
                push(m, c->esc_e / esc, EV_ESCALATE, 0, c, c->id);
            /* the running measure keeps its provider, even over capacity */
            c->ever_protected = true;
            exec_hold_running(m, c, x->provider, x->level);
        }
    }
    for (int p = 0; p < BB_POOLS; p++)
        for (int n = 0; n < s->backlog[p]; n++) {
            int cat = pick_category(m, p == 0 ? -1 : p - 1);
            if (p > 0 && (int)s->cat[cat].domain != p - 1)
                break; /* no category in this domain */
            bcase *c = intake_case_new(m);
            if (!c)
                return -1;
            draw_case(m, c, cat, false);
            c->acute = false;
            c->t_in = 0;
            c->counted = m->stats_on;
            res_new_record(m, c);
            exec_admit(m, c);
            pool_enqueue(m, p, c);
        }
    return 0;
}
