/*
 * worker.c - a worker rank (1..N-1): runs the jobs rank 0 sends it.
 *
 * The rank's main thread does all its MPI (it waits by polling, so an
 * idle rank uses no core): a batch message loads the batch's scenarios
 * (wire.c) and starts one job thread per slot; a job {slot, unit, rep}
 * goes to that slot's thread, which runs it with bb_job_run, the code
 * bb_batch_run's own threads use; the main thread sends each finished
 * job's output back to rank 0 (tag RESULT + slot). The batch's end
 * stops the threads; QUIT ends the loop. A rank never writes a file.
 */
#include "bbmpi.h"
#include <mpi.h>
#include <pthread.h>
#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

enum { IDLE, ASSIGNED, DONE, STOP };

static int fail_here; /* BBSIM_MPI_TEST_FAIL names this rank (tests) */

typedef struct mailbox {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int state, unit, rep;
    const bb_batch *b;
    bb_job_output out;
} mailbox;

static void *job_thread(void *arg)
{
    mailbox *m = arg;
    pthread_mutex_lock(&m->mu);
    for (;;) {
        while (m->state != ASSIGNED && m->state != STOP)
            pthread_cond_wait(&m->cv, &m->mu);
        if (m->state == STOP)
            break;
        pthread_mutex_unlock(&m->mu);
        bb_job_run(m->b, m->unit, m->rep, &m->out);
        if (fail_here) { /* a job that fails on this rank (tests/mpi.sh) */
            bb_job_output_clear(&m->out);
            snprintf(m->out.error, sizeof m->out.error,
                     "replication %d: a failure injected for the tests (BBSIM_MPI_TEST_FAIL)",
                     m->rep);
        }
        pthread_mutex_lock(&m->mu);
        m->state = DONE;
    }
    pthread_mutex_unlock(&m->mu);
    return NULL;
}

typedef struct wstate {
    bbmpi_batch wb;
    int loaded, nthreads;
    mailbox *box;
    pthread_t *tid;
} wstate;

static void batch_start(wstate *W, bbmpi_buf *in, int threads)
{
    char why[400] = "";
    if (bbmpi_unpack_batch(in, &W->wb, why, sizeof why) != 0) {
        bbmpi_batch_free(&W->wb);
        bbmpi_send(0, BBMPI_TAG_READY, why, strlen(why));
        return;
    }
    W->box = calloc((size_t)threads, sizeof *W->box);
    W->tid = calloc((size_t)threads, sizeof *W->tid);
    if (!W->box || !W->tid) {
        snprintf(why, sizeof why, "out of memory");
    } else {
        for (; W->nthreads < threads; W->nthreads++) {
            mailbox *m = &W->box[W->nthreads];
            pthread_mutex_init(&m->mu, NULL);
            pthread_cond_init(&m->cv, NULL);
            m->b = &W->wb.b;
            if (pthread_create(&W->tid[W->nthreads], NULL, job_thread, m) != 0) {
                pthread_cond_destroy(&m->cv);
                pthread_mutex_destroy(&m->mu);
                snprintf(why, sizeof why, "cannot start a thread");
                break;
            }
        }
    }
    W->loaded = 1;
    bbmpi_send(0, BBMPI_TAG_READY, why, strlen(why));
}

static void batch_end(wstate *W)
{
    for (int i = 0; i < W->nthreads; i++) {
        mailbox *m = &W->box[i];
        pthread_mutex_lock(&m->mu);
        m->state = STOP;
        pthread_cond_signal(&m->cv);
        pthread_mutex_unlock(&m->mu);
        pthread_join(W->tid[i], NULL);
        bb_job_output_clear(&m->out);
        pthread_cond_destroy(&m->cv);
        pthread_mutex_destroy(&m->mu);
    }
    free(W->box);
    free(W->tid);
    bbmpi_batch_free(&W->wb);
    memset(W, 0, sizeof *W);
}

/* Give job {slot, unit, rep} to its thread, or answer at once with why not. */
static int crash_here; /* BBSIM_MPI_TEST_CRASH names this rank (tests) */

static void job_start(wstate *W, bbmpi_buf *in)
{
    if (crash_here)
        raise(SIGSEGV); /* a job that crashes its rank (tests/mpi.sh) */
    int32_t slot = bbmpi_get_i32(in), unit = bbmpi_get_i32(in), rep = bbmpi_get_i32(in);
    if (in->bad || slot < 0 || slot >= BBMPI_MAX_SLOTS)
        return; /* not a job rank 0 sent: it waits for nothing */
    mailbox *m = W->loaded && slot < W->nthreads ? &W->box[slot] : NULL;
    if (!m || unit < 0 || unit >= W->wb.b.nunits) {
        bb_job_output o = {0};
        snprintf(o.error, sizeof o.error, "job %d of slot %d: no batch or thread for it",
                 (int)rep, (int)slot);
        bbmpi_buf out = {0};
        bbmpi_put_i32(&out, 1);
        bbmpi_put_u64(&out, strlen(o.error));
        bbmpi_put(&out, o.error, strlen(o.error));
        bbmpi_send(0, BBMPI_TAG_RESULT + slot, out.p, out.n);
        bbmpi_buf_free(&out);
        return;
    }
    pthread_mutex_lock(&m->mu);
    m->unit = unit;
    m->rep = rep;
    m->state = ASSIGNED;
    pthread_cond_signal(&m->cv);
    pthread_mutex_unlock(&m->mu);
}

/* Send the outputs of finished jobs; returns how many. */
static int send_done(wstate *W)
{
    int sent = 0;
    for (int i = 0; i < W->nthreads; i++) {
        mailbox *m = &W->box[i];
        pthread_mutex_lock(&m->mu);
        int done = m->state == DONE;
        pthread_mutex_unlock(&m->mu);
        if (!done)
            continue;
        bbmpi_buf out = {0};
        if (bbmpi_pack_output(W->wb.b.units[m->unit].s, &m->out, &out) != 0 ||
            out.n > (size_t)INT32_MAX) {
            bbmpi_buf_free(&out);
            const char *msg = "out of memory packing a job's output";
            bbmpi_put_i32(&out, 1);
            bbmpi_put_u64(&out, strlen(msg));
            bbmpi_put(&out, msg, strlen(msg));
        }
        bbmpi_send(0, BBMPI_TAG_RESULT + i, out.p, out.n);
        bbmpi_buf_free(&out);
        bb_job_output_clear(&m->out);
        pthread_mutex_lock(&m->mu);
        m->state = IDLE;
        pthread_mutex_unlock(&m->mu);
        sent++;
    }
    return sent;
}

void bbmpi_worker(int rank, int threads)
{
    const char *crash = getenv("BBSIM_MPI_TEST_CRASH");
    crash_here = crash && atoi(crash) == rank;
    const char *failv = getenv("BBSIM_MPI_TEST_FAIL");
    fail_here = failv && atoi(failv) == rank;
    wstate W;
    memset(&W, 0, sizeof W);
    int idle = 0;
    for (;;) {
        int flag = 0;
        MPI_Status st;
        MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
        if (flag) {
            idle = 0;
            bbmpi_buf in = {0};
            if (bbmpi_recv(0, st.MPI_TAG, &in) != 0)
                MPI_Abort(MPI_COMM_WORLD, 1); /* out of memory receiving */
            int tag = st.MPI_TAG;
            if (tag == BBMPI_TAG_BATCH) {
                if (W.loaded)
                    batch_end(&W);
                batch_start(&W, &in, threads);
            } else if (tag == BBMPI_TAG_JOB) {
                job_start(&W, &in);
            } else if (tag == BBMPI_TAG_END) {
                if (W.loaded)
                    batch_end(&W);
            } else if (tag == BBMPI_TAG_QUIT) {
                bbmpi_buf_free(&in);
                break;
            }
            bbmpi_buf_free(&in);
            continue;
        }
        if (send_done(&W) > 0)
            idle = 0;
        else
            bbmpi_pause(idle++);
    }
    if (W.loaded)
        batch_end(&W);
}
