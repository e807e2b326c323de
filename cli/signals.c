/*
 * signals.c - SIGINT, SIGTERM and SIGHUP: stop, remove the temporaries,
 * say what was interrupted, exit 130, 143 or 129.
 *
 * main() blocks the three signals before any thread exists, so every
 * worker thread inherits the mask, and one thread of its own waits for
 * them (sigwait): the handling runs as ordinary code, not in a signal
 * handler. It removes every output temporary that exists
 * (bb_out_remove_temporaries, which waits for a set being renamed to be
 * whole, so the outputs in place are the previous set or the new one,
 * never a mix), releases the output directory's lock, prints one line
 * and ends the process, workers and all, with 128 + the signal.
 */
#include "cli.h"
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char command[512];  /* "bbsim run x.cfg ...", for messages and the lock */
static char doing[768];    /* what is being done, for the message */
static pthread_mutex_t doing_mu = PTHREAD_MUTEX_INITIALIZER;

const char *cli_command_line(void) { return command; }

void cli_signals_doing(const char *what)
{
    pthread_mutex_lock(&doing_mu);
    snprintf(doing, sizeof doing, "%s", what);
    pthread_mutex_unlock(&doing_mu);
}

static const char *sig_name(int sig)
{
    return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP";
}

static void *waiter(void *arg)
{
    sigset_t *set = arg;
    int sig = 0;
    while (sigwait(set, &sig) != 0)
        ;
    int removed = bb_out_remove_temporaries();
    cli_unlock_dir();
    pthread_mutex_lock(&doing_mu);
    char line[1400];
    int n = snprintf(line, sizeof line,
                     "\nbbsim: interrupted by %s during %s: stopped; %d temporary file%s removed, "
                     "the output files in place left as they were\n",
                     sig_name(sig), *doing ? doing : command, removed, removed == 1 ? "" : "s");
    ssize_t w = write(2, line, n > 0 && (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    (void)w;
    _exit(128 + sig);
    return NULL;
}

void cli_signals_start(int argc, char **argv)
{
    size_t k = (size_t)snprintf(command, sizeof command, "bbsim");
    for (int i = 1; i < argc && k < sizeof command; i++) {
        char safe[256];
        bb_escape(safe, sizeof safe, argv[i]);
        k += (size_t)snprintf(command + k, sizeof command - k, " %s", safe);
    }
    static sigset_t set;
    sigemptyset(&set);
    /* a signal the caller ignores stays ignored (nohup's SIGHUP, SIGINT
     * of a background job of a shell script) */
    const int sigs[3] = {SIGINT, SIGTERM, SIGHUP};
    for (int i = 0; i < 3; i++) {
        struct sigaction old;
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaddset(&set, sigs[i]);
    }
    if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0)
        return;
    pthread_t t;
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&a, 64 << 10);
    if (pthread_create(&t, &a, waiter, &set) != 0)
        pthread_sigmask(SIG_UNBLOCK, &set, NULL); /* the default: die quietly */
    pthread_attr_destroy(&a);
}
