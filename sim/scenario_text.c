/*
 * scenario_text.c - a scenario as self-contained text and back, for
 * another process to run the same scenario (bbsim-mpi's ranks).
 *
 * The text is the scenario's settings tree as loaded (includes resolved,
 * --set and added investments applied), written with every number exact
 * (cfgwrite.c), so loading it back gives a scenario whose replications
 * are the same bytes. Loading goes through the ordinary loader, from a
 * temporary file that is removed at once.
 */
#include "internal.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int bb_scenario_text(const bb_scenario *s, char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    FILE *f = open_memstream(text, len);
    if (!f)
        return -1;
    bb_cfg_write(config_root_setting(&s->cfg), f);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        free(*text);
        *text = NULL;
        *len = 0;
        return -1;
    }
    return 0;
}

int bb_scenario_load_text(const char *text, size_t len, bb_scenario **out, bb_errors *err)
{
    *out = NULL;
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/bbsim-scenario-XXXXXX.cfg", dir && *dir ? dir : "/tmp");
    int fd = mkstemps(path, 4);
    if (fd < 0) {
        bb_errors_add(err, "%s: cannot create: %s", path, strerror(errno));
        return BB_ERR_RUN;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t k = write(fd, text + done, len - done);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            bb_errors_add(err, "%s: cannot write: %s", path, strerror(errno));
            close(fd);
            unlink(path);
            return BB_ERR_RUN;
        }
        done += (size_t)k;
    }
    close(fd);
    int rc = bb_scenario_load(path, NULL, 0, out, err);
    unlink(path);
    return rc;
}
