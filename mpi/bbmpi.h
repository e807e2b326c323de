/*
 * bbmpi.h - bbsim-mpi's private header: the bbsim command on MPI ranks.
 *
 *   main.c     MPI set-up, the ranks' roles, the bbsim command on rank 0
 *   farm.c     rank 0: the bb_remote executor that farms a batch's jobs
 *              to the ranks (and runs its own share on its threads)
 *   worker.c   ranks 1..N-1: load each batch's scenarios, run the jobs
 *              sent to them on their threads, send the outputs back
 *   wire.c     what travels: a batch (its scenarios as text) and a
 *              job's output, packed into byte buffers
 *
 * Every message is MPI_BYTE on MPI_COMM_WORLD; docs/mpi.md lists them
 * and their sizes. MPI is used from several threads of rank 0, one at a
 * time under bbmpi_lock (MPI_THREAD_SERIALIZED); waits poll with short
 * sleeps so that a waiting rank leaves its core to the replications.
 */
#ifndef BBMPI_H
#define BBMPI_H

#include "bbsim.h"
#include <stddef.h>
#include <stdint.h>

/* Message tags. */
enum {
    BBMPI_TAG_BATCH = 1, /* 0 -> all: a batch (wire.c) */
    BBMPI_TAG_READY = 2, /* k -> 0: the batch's scenarios loaded ("" or a message) */
    BBMPI_TAG_JOB = 3,   /* 0 -> k: int32 {slot, unit, rep} */
    BBMPI_TAG_END = 4,   /* 0 -> all: the batch is over (no payload) */
    BBMPI_TAG_QUIT = 5,  /* 0 -> all: the command is done (no payload) */
    BBMPI_TAG_RESULT = 100 /* k -> 0: + slot: a job's output (wire.c) */
};

/* The most threads a rank runs jobs on (slots per rank). */
#define BBMPI_MAX_SLOTS 1024

/* A growing byte buffer. */
typedef struct bbmpi_buf {
    unsigned char *p;
    size_t n, cap, at; /* at: the read position */
    int bad;           /* out of memory, or read past the end */
} bbmpi_buf;

void bbmpi_buf_free(bbmpi_buf *b);
void bbmpi_put(bbmpi_buf *b, const void *v, size_t k);
void bbmpi_put_u64(bbmpi_buf *b, uint64_t v);
void bbmpi_put_i32(bbmpi_buf *b, int32_t v);
void bbmpi_get(bbmpi_buf *b, void *v, size_t k);
uint64_t bbmpi_get_u64(bbmpi_buf *b);
int32_t bbmpi_get_i32(bbmpi_buf *b);

/* wire.c: a batch's units (seed, group, replications, the scenario as
 * text), keep and ts_cols. Returns 0 or -1. */
int bbmpi_pack_batch(const bb_batch *b, bbmpi_buf *out);
/* The batch on a worker: scenarios loaded (from a temporary file each),
 * ts_cols copied; free with bbmpi_batch_free. Returns 0, or -1 with a
 * message in why. */
typedef struct bbmpi_batch {
    bb_batch b;
    bb_unit *units;
    bb_scenario **scen;
    char **cols;
} bbmpi_batch;
int bbmpi_unpack_batch(bbmpi_buf *in, bbmpi_batch *wb, char *why, size_t n);
void bbmpi_batch_free(bbmpi_batch *wb);
/* A job's output: its metric values (names and groups are the unit's
 * schema, checked on the worker), events, text and period rows, or its
 * error. Unpacked against rank 0's scenario of the unit. Return 0 or -1. */
int bbmpi_pack_output(const bb_scenario *s, const bb_job_output *o, bbmpi_buf *out);
int bbmpi_unpack_output(const bb_scenario *s, bbmpi_buf *in, bb_job_output *o);

/* main.c: the MPI lock and polled waits. */
void bbmpi_lock(void);
void bbmpi_unlock(void);
/* Wait (polling, lock taken and released around each probe) for a
 * message from `src` with `tag` and receive it whole into `in`.
 * Returns 0 or -1 (out of memory). */
int bbmpi_recv(int src, int tag, bbmpi_buf *in);
/* Send under the lock. */
void bbmpi_send(int dst, int tag, const void *p, size_t n);
/* Sleep after `idle` empty polls in a row: 50 us growing to 2 ms. */
void bbmpi_pause(int idle);

/* farm.c: rank 0's executor over ranks 0..nranks-1 with threads[k] each. */
const bb_remote *bbmpi_farm_new(int nranks, const int *threads);
void bbmpi_farm_free(void);
/* worker.c: a worker rank's loop until QUIT; `threads` job threads. */
void bbmpi_worker(int rank, int threads);

/* The bbsim command (cli/main.c, compiled with main renamed). */
int bbmpi_cli_main(int argc, char **argv);

#endif
