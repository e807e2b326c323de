/*
 * datadir.c - where an installed bbsim finds the shipped scenarios: a
 * scenario argument that is not a file as given (and not an absolute
 * path) is looked for in the data folder, as NAME, NAME.cfg,
 * scenarios/NAME and scenarios/NAME.cfg, so `bbsim run baseline-2019`
 * and `bbsim run scenarios/baseline-2019.cfg` work from any folder. The
 * data folder is $BBSIM_DATADIR, else ../share/bbsim beside the
 * program's own folder (PREFIX/bin/bbsim finds PREFIX/share/bbsim, also
 * under a DESTDIR). Their @include files sit beside them.
 */
#include "cli.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

bool cli_datadir(char *buf, size_t n)
{
    const char *env = getenv("BBSIM_DATADIR");
    if (env && *env) {
        snprintf(buf, n, "%s", env);
        return true;
    }
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0)
        return false;
    exe[len] = 0;
    char *slash = strrchr(exe, '/');
    if (!slash)
        return false;
    *slash = 0;
    char dir[PATH_MAX + 32];
    snprintf(dir, sizeof dir, "%s/../share/bbsim", exe);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return false;
    snprintf(buf, n, "%s", dir);
    return true;
}

char *cli_find_scenario(const char *arg)
{
    char dir[PATH_MAX];
    if (arg[0] == '/' || access(arg, F_OK) == 0 || !cli_datadir(dir, sizeof dir))
        return strdup(arg);
    static const char *const forms[][2] = {
        {"", ""}, {"", ".cfg"}, {"scenarios/", ""}, {"scenarios/", ".cfg"}};
    char path[2 * PATH_MAX];
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        snprintf(path, sizeof path, "%s/%s%s%s", dir, forms[i][0], arg, forms[i][1]);
        if (is_file(path))
            return strdup(path);
    }
    return strdup(arg); /* not found: the loader says so */
}
