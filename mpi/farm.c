/*
 * farm.c - rank 0's executor (bb_remote) for every bb_batch_run of the
 * command: the batch's jobs go to the ranks' threads.
 *
 * The executor's workers are the slots (rank, thread) of every rank,
 * rank 0's own threads included, interleaved by thread (slot 0 of every
 * rank, then slot 1, ...) so that a batch with fewer jobs than slots
 * still spreads over the ranks. bb_batch_run gives each worker a thread
 * here; a worker of rank 0 runs its job in place (bb_job_run), a worker
 * of rank k sends {slot, unit, rep} to k and waits for the output. The
 * ring, the job order and the window stay bb_batch_run's, so rank 0
 * consumes the outputs in job order whatever rank ran them, and holds at
 * most (slots + 4) jobs' outputs.
 *
 * begin sends the batch to every worker rank and waits until each has
 * loaded its scenarios; end tells them the batch is over. A failure is
 * reported with the rank that had it: "rank K: ..." (exit 1).
 */
#include "bbmpi.h"
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct farm {
    bb_remote r;
    int nranks;
    int *rank, *slot; /* per worker */
    const bb_batch *b; /* the batch running */
} farm;

static farm F;

static int begin(void *ud, const bb_batch *b, bb_errors *err)
{
    farm *f = ud;
    f->b = b;
    if (f->nranks < 2)
        return 0;
    bbmpi_buf msg = {0};
    if (bbmpi_pack_batch(b, &msg) != 0 || msg.n > (size_t)INT32_MAX) {
        bbmpi_buf_free(&msg);
        bb_errors_add(err, "rank 0: cannot pack the batch for the other ranks (out of memory)");
        return -1;
    }
    for (int k = 1; k < f->nranks; k++)
        bbmpi_send(k, BBMPI_TAG_BATCH, msg.p, msg.n);
    bbmpi_buf_free(&msg);
    int rc = 0;
    for (int k = 1; k < f->nranks; k++) {
        bbmpi_buf in = {0};
        if (bbmpi_recv(k, BBMPI_TAG_READY, &in) != 0) {
            bb_errors_add(err, "rank 0: out of memory");
            rc = -1;
        } else if (in.n > 0) {
            bb_errors_add(err, "rank %d: %.*s", k, (int)in.n, (const char *)in.p);
            rc = -1;
        }
        bbmpi_buf_free(&in);
    }
    if (rc != 0) /* the ranks that loaded it drop it again */
        for (int k = 1; k < f->nranks; k++)
            bbmpi_send(k, BBMPI_TAG_END, NULL, 0);
    return rc;
}

static void run(void *ud, int w, int unit, int rep, bb_job_output *out)
{
    farm *f = ud;
    int k = f->rank[w];
    if (k == 0) {
        bb_job_run(f->b, unit, rep, out);
    } else {
        int32_t job[3] = {f->slot[w], unit, rep};
        bbmpi_send(k, BBMPI_TAG_JOB, job, sizeof job);
        bbmpi_buf in = {0};
        int rc = bbmpi_recv(k, BBMPI_TAG_RESULT + f->slot[w], &in);
        if (rc == 0)
            rc = bbmpi_unpack_output(f->b->units[unit].s, &in, out);
        bbmpi_buf_free(&in);
        if (rc != 0) {
            bb_job_output_clear(out);
            snprintf(out->error, sizeof out->error,
                     "%s: replication %d: its output from rank %d could not be read",
                     bb_scenario_name(f->b->units[unit].s), rep, k);
        }
    }
    if (out->error[0]) {
        char pre[24];
        int n = snprintf(pre, sizeof pre, "rank %d: ", k);
        size_t len = strlen(out->error), room = sizeof out->error - 1 - (size_t)n;
        if (len > room)
            len = room;
        memmove(out->error + n, out->error, len);
        memcpy(out->error, pre, (size_t)n);
        out->error[(size_t)n + len] = 0;
    }
}

static void end(void *ud)
{
    farm *f = ud;
    for (int k = 1; k < f->nranks; k++)
        bbmpi_send(k, BBMPI_TAG_END, NULL, 0);
    f->b = NULL;
}

const bb_remote *bbmpi_farm_new(int nranks, const int *threads)
{
    int total = 0, most = 0;
    for (int k = 0; k < nranks; k++) {
        total += threads[k];
        if (threads[k] > most)
            most = threads[k];
    }
    F.nranks = nranks;
    F.rank = calloc((size_t)total, sizeof *F.rank);
    F.slot = calloc((size_t)total, sizeof *F.slot);
    if (!F.rank || !F.slot)
        return NULL;
    int w = 0;
    for (int s = 0; s < most; s++)
        for (int k = 0; k < nranks; k++)
            if (s < threads[k]) {
                F.rank[w] = k;
                F.slot[w++] = s;
            }
    F.r = (bb_remote){total, begin, run, end, &F};
    return &F.r;
}

void bbmpi_farm_free(void)
{
    free(F.rank);
    free(F.slot);
    memset(&F, 0, sizeof F);
}
