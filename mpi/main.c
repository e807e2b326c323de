/*
 * main.c - bbsim-mpi: the bbsim command with its batches spread over MPI
 * ranks. Started as `mpirun -n N bbsim-mpi COMMAND ...` with bbsim's
 * commands and options (docs/mpi.md).
 *
 * Rank 0 runs the bbsim command itself (cli/main.c, built into this
 * program with main renamed bbmpi_cli_main): it loads and checks
 * everything, writes every output, and has the executor of farm.c
 * installed for every bb_batch_run, so the batch's jobs go to every
 * rank's threads and come back in job order: the outputs are the bytes
 * bbsim writes, for any N and --threads. Ranks 1..N-1 run jobs until
 * rank 0 says QUIT (worker.c). Every rank runs --threads job threads
 * (default: its cores).
 *
 * A rank that crashes (a fatal signal) says so on stderr, naming itself,
 * and exits 1; mpirun then ends the other ranks, so rank 0 never renames
 * its temporaries into place: no output is replaced. A failed job ends
 * the command on rank 0 with exit 1 and "rank K: ..." in its message.
 */
#include "bbmpi.h"
#include <mpi.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t mpi_mu = PTHREAD_MUTEX_INITIALIZER;

void bbmpi_lock(void) { pthread_mutex_lock(&mpi_mu); }
void bbmpi_unlock(void) { pthread_mutex_unlock(&mpi_mu); }

void bbmpi_pause(int idle)
{
    long us = idle < 5 ? 50 : idle < 20 ? 200 : 2000;
    struct timespec ts = {0, us * 1000};
    nanosleep(&ts, NULL);
}

int bbmpi_recv(int src, int tag, bbmpi_buf *in)
{
    memset(in, 0, sizeof *in);
    for (int idle = 0;; idle++) {
        int flag = 0, n = 0;
        MPI_Status st;
        bbmpi_lock();
        MPI_Iprobe(src, tag, MPI_COMM_WORLD, &flag, &st);
        if (flag) {
            MPI_Get_count(&st, MPI_BYTE, &n);
            in->p = malloc(n > 0 ? (size_t)n : 1);
            if (!in->p) {
                bbmpi_unlock();
                return -1;
            }
            MPI_Recv(in->p, n, MPI_BYTE, src, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            bbmpi_unlock();
            in->n = in->cap = (size_t)n;
            return 0;
        }
        bbmpi_unlock();
        bbmpi_pause(idle);
    }
}

void bbmpi_send(int dst, int tag, const void *p, size_t n)
{
    bbmpi_lock();
    MPI_Send(p, (int)n, MPI_BYTE, dst, tag, MPI_COMM_WORLD);
    bbmpi_unlock();
}

/* A fatal signal: say which rank, exit 1 (async-signal-safe calls only). */
static char crash_msg[160];
static size_t crash_len;

static void on_crash(int sig)
{
    (void)sig;
    ssize_t k = write(2, crash_msg, crash_len);
    (void)k;
    _exit(1);
}

static void crash_handlers(int rank)
{
    int n = snprintf(crash_msg, sizeof crash_msg,
                     "bbsim-mpi: rank %d died (a fatal signal); the run stops, "
                     "no output is replaced\n", rank);
    crash_len = n > 0 ? (size_t)n : 0;
    static const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_crash;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
}

/* This rank's job threads: --threads N as bbsim reads it (rank 0 checks
 * the value and says when it is wrong), else its cores. */
static int rank_threads(int argc, char **argv)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int t = cores >= 1 ? (cores > BBMPI_MAX_SLOTS ? BBMPI_MAX_SLOTS : (int)cores) : 1;
    for (int i = 2; i + 1 < argc; i++)
        if (strcmp(argv[i], "--threads") == 0) {
            char *end;
            long v = strtol(argv[i + 1], &end, 10);
            if (*end == 0 && v >= 1 && v <= BBMPI_MAX_SLOTS)
                t = (int)v;
        }
    return t;
}

int main(int argc, char **argv)
{
    int provided = 0, rank = 0, nranks = 1;
    if (MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS) {
        fputs("bbsim-mpi: MPI_Init_thread failed\n", stderr);
        return BB_ERR_RUN;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nranks);
    crash_handlers(rank);
    if (provided < MPI_THREAD_SERIALIZED && nranks > 1) {
        if (rank == 0)
            fputs("bbsim-mpi: this MPI does not allow calls from several threads "
                  "(MPI_THREAD_SERIALIZED)\n", stderr);
        MPI_Finalize();
        return BB_ERR_RUN;
    }
    int mine = rank_threads(argc, argv);
    int *threads = rank == 0 ? calloc((size_t)nranks, sizeof *threads) : NULL;
    if (rank == 0 && !threads)
        MPI_Abort(MPI_COMM_WORLD, BB_ERR_RUN);
    MPI_Gather(&mine, 1, MPI_INT, threads, 1, MPI_INT, 0, MPI_COMM_WORLD);
    int rc = BB_OK;
    if (rank == 0) {
        const bb_remote *r = bbmpi_farm_new(nranks, threads);
        if (!r) {
            fputs("bbsim-mpi: out of memory\n", stderr);
            rc = BB_ERR_RUN;
        } else {
            bb_batch_set_remote(r);
            rc = bbmpi_cli_main(argc, argv);
            bb_batch_set_remote(NULL);
        }
        for (int k = 1; k < nranks; k++)
            bbmpi_send(k, BBMPI_TAG_QUIT, NULL, 0);
        bbmpi_farm_free();
        free(threads);
    } else {
        bbmpi_worker(rank, mine);
    }
    MPI_Finalize();
    return rc;
}
