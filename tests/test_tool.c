/*
 * test_tool.c - bbsim behaves like a Unix tool (issue 16): help for every
 * command, the version with its commit in --version and scenario.cfg,
 * exit status 1 for an unmet --precision with the outputs written,
 * --csv nl (the same numbers as plain CSV in Dutch Excel's dialect), -o
 * that refuses another scenario's results, the digest's units, the man
 * pages (groff -ww, man -l, every option of --help in them), the bash
 * completion, make install / uninstall into a DESTDIR with the installed
 * bbsim finding its scenarios from another folder, and `make bbsim`
 * linking only GSL and libconfig; README's digest as bbsim prints it
 * (its test count is checked by tests/run.sh).
 *
 * Runs the built binary (BBSIM_BIN) and, for install, make itself in the
 * binary's build folder, from the project root.
 */
#include "testutil.h"
#include <libgen.h>
#include <sys/wait.h>
#include <unistd.h>

/* make in a child, without the parent make's jobserver */
#define MAKE "env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -s"

static const char *const COMMANDS[] = {"run", "compare", "sweep", "check", "size", "report"};

/* Every command answers --help (and -h, and bbsim help CMD) on stdout
 * with exit status 0; no printf escape leaks into any help. */
static void test_help_per_command(void **st)
{
    (void)st;
    for (int i = 0; i < 6; i++) {
        const char *c = COMMANDS[i];
        assert_int_equal(tu_sh("%s %s --help | grep -q '^usage: bbsim %s'", tu_bin(), c, c), 0);
        assert_int_equal(tu_sh("%s %s -h | grep -q '^exit status'", tu_bin(), c), 0);
        assert_int_equal(tu_sh("%s help %s | grep -q '^example: bbsim %s'", tu_bin(), c, c), 0);
        assert_int_equal(tu_sh("%s %s scenarios/x.cfg --help 2>&1 | grep -q '%%%%'", tu_bin(), c), 1);
    }
    assert_int_equal(tu_sh("%s --help | grep -q '%%%%'", tu_bin()), 1);
    assert_int_equal(tu_sh("%s --help | grep -q '95%% interval'", tu_bin()), 0);
    assert_int_equal(tu_sh("%s help nosuch 2>/dev/null", tu_bin()), 2);
}

/* --version names the release and the commit (git describe at build
 * time) and scenario.cfg records the same version. */
static void test_version_commit(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("%s --version | grep -Eq '^bbsim [0-9]+\\.[0-9]+\\.[0-9]+'", tu_bin()), 0);
    if (tu_sh("git rev-parse --short HEAD >/dev/null 2>&1") == 0)
        assert_int_equal(tu_sh("%s --version | grep -q \"g$(git rev-parse --short HEAD)\"", tu_bin()),
                         0);
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_c.cfg --reps 2 -o %s/v --quiet", tu_bin(),
                           d), 0);
    assert_int_equal(tu_sh("v=$(%s --version | cut -d' ' -f2); head -1 %s/v/scenario.cfg | "
                           "grep -qF \"by bbsim $v (\"", tu_bin(), d), 0);
    tu_rmdir(d);
}

/* An unmet --precision: exit status 1, every output written, a message
 * that says so; met: 0. */
static void test_precision_exit_status(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_c.cfg --reps 5 --precision "
                           "arrivals=0.0001 -o %s/p 2>%s/err >/dev/null", tu_bin(), d, d), 1);
    assert_int_equal(tu_sh("grep -q 'not met.*outputs written to %s/p (exit status 1)' %s/err", d, d), 0);
    const char *files[] = {"summary.csv", "yearly.csv", "timeseries.csv", "scenario.cfg"};
    for (int i = 0; i < 4; i++)
        assert_int_equal(tu_sh("test -s %s/p/%s", d, files[i]), 0);
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_c.cfg --reps 10 --precision "
                           "arrivals=1e9 -o %s/q --quiet", tu_bin(), d), 0);
    /* compare: the paired difference's target */
    assert_int_equal(tu_sh("%s compare scenarios/validation/erlang_c.cfg scenarios/validation/erlang_c.cfg "
                           "--set 2:name=b --set 2:pools.advice_decentral.fte=9 --reps 5 --precision "
                           "wait_mean_h/advice_decentral=1e-9 -o %s/c --quiet 2>/dev/null", tu_bin(), d), 1);
    assert_int_equal(tu_sh("test -s %s/c/summary.csv", d), 0);
    tu_rmdir(d);
}

/* --csv nl: BOM, ';', decimal comma; the same fields as plain CSV. */
static void test_csv_nl(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    const char *run = "run scenarios/baseline-2019.cfg --reps 2 --set run.end=\\\"2020-06-01\\\" --quiet";
    assert_int_equal(tu_sh("%s %s -o %s/plain", tu_bin(), run, d), 0);
    assert_int_equal(tu_sh("%s %s -o %s/nl --csv nl", tu_bin(), run, d), 0);
    const char *files[] = {"summary.csv", "yearly.csv", "timeseries.csv", "budget.csv"};
    for (int i = 0; i < 4; i++) {
        /* the byte order mark, then the header with ';' */
        assert_int_equal(tu_sh("head -c 3 %s/nl/%s | od -An -tx1 | grep -q 'ef bb bf'", d, files[i]), 0);
        assert_int_equal(tu_sh("head -c 3 %s/plain/%s | od -An -tx1 | grep -q 'ef bb bf'", d, files[i]), 1);
        assert_int_equal(tu_sh("sed -n 2p %s/nl/%s | grep -q ';'", d, files[i]), 0);
        /* back to plain: drop the BOM, ',' to '.', ';' to ',' (the rows
         * with a quoted text, which keeps its commas, aside) */
        assert_int_equal(tu_sh("tail -c +4 %s/nl/%s | grep -v '\"' | tr ',;' '.,' > %s/back && "
                               "grep -v '\"' %s/plain/%s | cmp -s - %s/back", d, files[i], d, d,
                               files[i], d), 0);
    }
    /* the quoted text keeps its comma, between ';' */
    assert_int_equal(tu_sh("grep -q ';\"Later decisions: national unit, KMar PB (no amount)\";' "
                           "%s/nl/budget.csv", d), 0);
    {
    }
    /* a decimal comma in a number, no decimal point left in one */
    assert_int_equal(tu_sh("grep -q ';[0-9]*,[0-9]*;' %s/nl/summary.csv", d), 0);
    assert_int_equal(tu_sh("grep -Eq ';[0-9]+\\.[0-9]+' %s/nl/summary.csv", d), 1);
    /* scenario.cfg stays libconfig; the run reproduces from it */
    assert_int_equal(tu_sh("cmp -s %s/nl/scenario.cfg %s/plain/scenario.cfg", d, d), 0);
    assert_int_equal(tu_sh("%s run scenarios/baseline-2019.cfg --csv excel 2>/dev/null", tu_bin()), 2);
    tu_rmdir(d);
}

/* -o: another scenario's results are refused (exit 2, nothing
 * changed) unless --force; the same scenario again is fine. */
static void test_outdir_guard(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_c.cfg --reps 2 -o %s/o --quiet", tu_bin(), d), 0);
    assert_int_equal(tu_sh("cp %s/o/summary.csv %s/before.csv", d, d), 0);
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_c.cfg --reps 2 -o %s/o --quiet", tu_bin(), d), 0);
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_b.cfg --reps 2 -o %s/o 2>%s/err", tu_bin(), d,
                           d), 2);
    assert_int_equal(tu_sh("grep -q 'holds the results of scenario \"erlang_c\".*--force' %s/err", d), 0);
    assert_int_equal(tu_sh("cmp -s %s/o/summary.csv %s/before.csv", d, d), 0);
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_b.cfg --reps 2 -o %s/o --force --quiet",
                           tu_bin(), d), 0);
    assert_int_equal(tu_sh("grep -q '^erlang_b,' %s/o/summary.csv", d), 0);
    /* a comparison's folder: only the same scenarios again */
    assert_int_equal(tu_sh("%s compare scenarios/validation/erlang_c.cfg scenarios/validation/erlang_c.cfg "
                           "--set 2:name=b --reps 2 -o %s/c --quiet", tu_bin(), d), 0);
    assert_int_equal(tu_sh("%s compare scenarios/validation/erlang_c.cfg scenarios/validation/erlang_c.cfg "
                           "--set 2:name=b --reps 2 -o %s/c --quiet", tu_bin(), d), 0);
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_c.cfg --reps 2 -o %s/c --quiet 2>/dev/null",
                           tu_bin(), d), 2);
    tu_rmdir(d);
}

/* The digest: money in EUR mln/bn, FTE-years, shares in %, thousands
 * grouped, no exponent. */
static void test_digest_units(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("%s run scenarios/baseline-2019.cfg --reps 2 -o %s/d 2>%s/err", tu_bin(), d, d), 0);
    assert_int_equal(tu_sh("grep -Eq 'cost_cash_eur +total +EUR [0-9.]+ (mln|bn)  \\[' %s/err", d), 0);
    assert_int_equal(tu_sh("grep -Eq 'borrowed_fte_years .* FTE-years  \\[' %s/err", d), 0);
    assert_int_equal(tu_sh("grep -Eq 'within_target_share +acute +[0-9.]+%%  \\[' %s/err", d), 0);
    assert_int_equal(tu_sh("grep -Eq 'arrivals +all +[0-9]{1,3}(,[0-9]{3})+  \\[' %s/err", d), 0);
    assert_int_equal(tu_sh("grep -q 'e+0' %s/err", d), 1);
    tu_rmdir(d);
}

/* The man pages: roff without warnings (groff -ww), readable with
 * man -l, and every option of bbsim's helps is in bbsim.1, every one of
 * bbview's in bbview.1. */
static void test_man_pages(void **st)
{
    (void)st;
    const char *pages[] = {"docs/man/bbsim.1", "docs/man/bbview.1", "docs/man/bbsim-scenario.5"};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(tu_sh("test -z \"$(groff -ww -man -Tutf8 -z %s 2>&1)\"", pages[i]), 0);
        assert_int_equal(tu_sh("MANWIDTH=80 man -l %s 2>/dev/null | grep -q '^NAME'", pages[i]), 0);
        assert_int_equal(tu_sh("MANWIDTH=80 man -l %s 2>/dev/null | grep -q '^SEE ALSO'", pages[i]), 0);
    }
    for (int i = 0; i < 6; i++)
        assert_int_equal(tu_sh("MANWIDTH=200 man -l docs/man/bbsim.1 2>/dev/null | col -b | "
                               "grep -Eq '^ +%s( |$)'", COMMANDS[i]), 0);
    assert_int_equal(tu_sh("man -l docs/man/bbsim.1 2>/dev/null | col -b > /tmp/bbman.$$ && "
                           "for c in run compare sweep check size report; do %s $c --help; done | "
                           "grep -o -- '--[a-z][a-z-]*' | sort -u | while read o; do "
                           "grep -q -- \"$o\" /tmp/bbman.$$ || { echo \"bbsim.1 lacks $o\"; exit 1; }; "
                           "done; r=$?; rm -f /tmp/bbman.$$; exit $r", tu_bin()), 0);
    char bin[600], view[700];
    snprintf(bin, sizeof bin, "%s", tu_bin());
    snprintf(view, sizeof view, "%s/bbview", dirname(bin));
    if (access(view, X_OK) == 0)
        assert_int_equal(tu_sh("man -l docs/man/bbview.1 2>/dev/null | col -b > /tmp/bbvman.$$ && "
                               "%s --help | grep -o -- '--[a-z][a-z-]*' | sort -u | while read o; do "
                               "grep -q -- \"$o\" /tmp/bbvman.$$ || { echo \"bbview.1 lacks $o\"; exit 1; }; "
                               "done; r=$?; rm -f /tmp/bbvman.$$; exit $r", view), 0);
    /* the exit statuses are in bbsim.1 */
    assert_int_equal(tu_sh("man -l docs/man/bbsim.1 2>/dev/null | col -b | grep -q 'not met'"), 0);
}

/* Bash completion: commands, options per command, --csv values,
 * scenario files. */
static int completes(const char *words, int cword, const char *expect)
{
    return tu_sh("bash -c '. tools/bash-completion/bbsim; COMP_WORDS=(%s); COMP_CWORD=%d; _bbsim; "
                 "echo \"${COMPREPLY[*]}\"' | grep -qx -e '%s'", words, cword, expect);
}

static void test_bash_completion(void **st)
{
    (void)st;
    assert_int_equal(completes("bbsim com", 1, "compare"), 0);
    assert_int_equal(completes("bbsim run --pre", 2, "--precision"), 0);
    assert_int_equal(completes("bbsim report --la", 2, "--lang"), 0);
    assert_int_equal(completes("bbsim run --csv \"\"", 3, "nl plain"), 0);
    assert_int_equal(completes("bbsim run scenarios/validation/erlang_b", 2,
                               "scenarios/validation/erlang_b.cfg"), 0);
    assert_int_equal(completes("bbsim check --for", 2, "--force"), 1); /* not check's */
}

/* make install into a DESTDIR: the programs, man pages, completion,
 * scenarios and docs; the installed bbsim, run from another folder,
 * finds a shipped scenario by name and its includes; make uninstall
 * removes all of it. */
static void test_install_uninstall(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    char b[600];
    snprintf(b, sizeof b, "%s", tu_bin());
    const char *bdir = dirname(b);
    assert_int_equal(tu_sh(MAKE " B=%s install PREFIX=/opt/bb DESTDIR=%s >/dev/null", bdir, d), 0);
    const char *files[] = {"bin/bbsim", "share/man/man1/bbsim.1", "share/man/man1/bbview.1",
                           "share/man/man5/bbsim-scenario.5",
                           "share/bash-completion/completions/bbsim",
                           "share/bbsim/scenarios/baseline-2019.cfg",
                           "share/bbsim/scenarios/common/chain-2019.cfg",
                           "share/bbsim/scenarios/validation/erlang_c.cfg",
                           "share/bbsim/docs/README.md", "share/bbsim/docs/scenarios.md"};
    for (int i = 0; i < 10; i++)
        assert_int_equal(tu_sh("test -f %s/opt/bb/%s", d, files[i]), 0);
    assert_int_equal(tu_sh("test -x %s/opt/bb/bin/bbsim", d), 0);
    /* bbsim-mpi when make mpi built it */
    assert_int_equal(tu_sh("test ! -x %s/bbsim-mpi || test -x %s/opt/bb/bin/bbsim-mpi", bdir, d), 0);
    /* from another folder, by name, without the source tree */
    assert_int_equal(tu_sh("cd %s && env -u BBSIM_DATADIR ./opt/bb/bin/bbsim check baseline-2019 --quiet", d),
                     0);
    assert_int_equal(tu_sh("cd %s && env -u BBSIM_DATADIR ./opt/bb/bin/bbsim run offensief-2020 --reps 1 "
                           "--set run.end=\\\"2022-01-01\\\" -o %s/r --quiet && test -s %s/r/summary.csv",
                           d, d, d), 0);
    assert_int_equal(tu_sh("cd %s && ./opt/bb/bin/bbsim check no-such-scenario 2>/dev/null", d), 2);
    assert_int_equal(tu_sh("MANWIDTH=80 man -l %s/opt/bb/share/man/man1/bbsim.1 2>/dev/null | grep -q EXAMPLES",
                           d), 0);
    assert_int_equal(tu_sh(MAKE " B=%s uninstall PREFIX=/opt/bb DESTDIR=%s >/dev/null", bdir, d), 0);
    assert_int_equal(tu_sh("test -z \"$(find %s/opt/bb -type f)\"", d), 0);
    tu_rmdir(d);
}

/* make bbsim: only the headless program, linked with GSL and libconfig
 * (NO_REPORT=1: not cairo and pango either), no SDL2. */
static void test_make_headless(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh(MAKE " -j2 bbsim B=%s/b NO_REPORT=1 >%s/log 2>&1 || cat %s/log", d, d, d), 0);
    assert_int_equal(tu_sh("test -x %s/b/bbsim && test ! -e %s/b/bbview", d, d), 0);
    assert_int_equal(tu_sh("ldd %s/b/bbsim | grep -Eqi 'sdl|cairo|pango|png'", d), 1);
    assert_int_equal(tu_sh("ldd %s/b/bbsim | grep -q libgsl && ldd %s/b/bbsim | grep -q libconfig", d, d), 0);
    assert_int_equal(tu_sh("grep -q 'obj/viz' %s/log", d), 1);
    assert_int_equal(tu_sh("%s/b/bbsim check scenarios/baseline-2019.cfg --quiet", d), 0);
    tu_rmdir(d);
}

/* A top-level file sets again what its @include set: the same results
 * as the --set of those settings; its errors keep their file:line. */
static void test_include_override(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("cp scenarios/baseline-2019.cfg %s/ && printf '%%s\\n' "
                           "'@include \"baseline-2019.cfg\"' 'name = \"info90\";' "
                           "'pools: { information: { fte = 90.0; }; };' > %s/my.cfg", d, d), 0);
    const char *end = "--reps 2 --set run.end=\\\"2020-01-01\\\" --quiet";
    assert_int_equal(tu_sh("%s run %s/my.cfg %s -o %s/a", tu_bin(), d, end, d), 0);
    assert_int_equal(tu_sh("%s run scenarios/baseline-2019.cfg %s --set name=\\\"info90\\\" "
                           "--set pools.information.fte=90 -o %s/b", tu_bin(), end, d), 0);
    assert_int_equal(tu_sh("cmp -s %s/a/summary.csv %s/b/summary.csv", d, d), 0);
    assert_int_equal(tu_sh("grep -q '^name = \"info90\";' %s/a/scenario.cfg", d), 0);
    /* the tree keeps the included file's order: the scenario as run is
     * the --set run's */
    assert_int_equal(tu_sh("cmp -s %s/a/scenario.cfg %s/b/scenario.cfg", d, d), 0);
    /* a bad override is reported at its own line */
    assert_int_equal(tu_sh("printf '%%s\\n' '@include \"baseline-2019.cfg\"' '' "
                           "'pools: { information: { fte = -5.0; }; };' > %s/bad.cfg", d), 0);
    assert_int_equal(tu_sh("%s check %s/bad.cfg 2>&1 | grep -q 'bad.cfg:3: pools.information.fte'",
                           tu_bin(), d), 0);
    /* a duplicate within one's own file is still an error */
    assert_int_equal(tu_sh("printf '%%s\\n' '@include \"baseline-2019.cfg\"' 'name = \"a\";' "
                           "'name = \"b\";' > %s/dup.cfg && %s check %s/dup.cfg 2>&1 | "
                           "grep -q 'dup.cfg:3: duplicate setting'", d, tu_bin(), d), 0);
    tu_rmdir(d);
}

/* --with FILE lays a file over the scenario, adding its investments;
 * --add adds one entry; errors are reported at their own place. */
static void test_with_and_add(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("printf '%%s\\n' 'investments = ( { date = \"2020-06-01\"; pool = "
                           "\"information\"; delta_fte = 20.0; } );' "
                           "'demand: { growth_per_year = 0.10; };' > %s/w.cfg", d), 0);
    const char *end = "--reps 1 --set run.end=\\\"2022-01-01\\\" --quiet";
    assert_int_equal(tu_sh("%s run scenarios/offensief-2020.cfg --with %s/w.cfg %s -o %s/w", tu_bin(), d,
                           end, d), 0);
    assert_int_equal(tu_sh("%s run scenarios/offensief-2020.cfg %s -o %s/0", tu_bin(), end, d), 0);
    assert_int_equal(tu_sh("test $(grep -c delta_fte %s/w/scenario.cfg) = "
                           "$(( $(grep -c delta_fte %s/0/scenario.cfg) + 1 ))", d, d), 0);
    assert_int_equal(tu_sh("grep -q 'growth_per_year = 0.1;' %s/w/scenario.cfg", d), 0);
    assert_int_equal(tu_sh("cmp -s %s/w/summary.csv %s/0/summary.csv", d, d), 1);
    /* --add: the same investment gives the same results as --with */
    assert_int_equal(tu_sh("%s run scenarios/offensief-2020.cfg --add 'investments={ date = "
                           "\"2020-06-01\"; pool = \"information\"; delta_fte = 20.0; }' "
                           "--set demand.growth_per_year=0.10 %s -o %s/a", tu_bin(), end, d), 0);
    assert_int_equal(tu_sh("cmp -s %s/a/summary.csv %s/w/summary.csv", d, d), 0);
    /* errors: in the overlay at its line; a list --add does not know; no file */
    assert_int_equal(tu_sh("printf '\\n%%s\\n' 'pools: { information: { fte = -1.0; }; };' > %s/e.cfg && "
                           "%s check scenarios/baseline-2019.cfg --with %s/e.cfg 2>&1 | "
                           "grep -q 'e.cfg:2: pools.information.fte'", d, tu_bin(), d), 0);
    assert_int_equal(tu_sh("%s check scenarios/baseline-2019.cfg --add 'nope={}' 2>/dev/null", tu_bin()), 2);
    assert_int_equal(tu_sh("%s check scenarios/baseline-2019.cfg --with %s/none.cfg 2>/dev/null", tu_bin(),
                           d), 2);
    tu_rmdir(d);
}

/* The messages: did you mean, the include's folders, the decimal comma. */
static void test_scenario_messages(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("printf '%%s\\n' 'pools: { information: { ftee = 3.0; }; };' "
                           "'run: { replicatons = 3; };' > %s/t.cfg", d), 0);
    assert_int_equal(tu_sh("%s check scenarios/baseline-2019.cfg --with %s/t.cfg 2>&1 | grep -q "
                           "'t.cfg:1: pools.information.ftee is not a known setting; did you mean fte?'",
                           tu_bin(), d), 0);
    assert_int_equal(tu_sh("%s check scenarios/baseline-2019.cfg --with %s/t.cfg 2>&1 | grep -q "
                           "'run.replicatons .*did you mean replications?'", tu_bin(), d), 0);
    assert_int_equal(tu_sh("printf 'pools: { information: { zzzzqq = 1; }; };\\n' > %s/u.cfg && "
                           "%s check scenarios/baseline-2019.cfg --with %s/u.cfg 2>&1 | "
                           "grep 'zzzzqq' | grep -q 'did you mean'", d, tu_bin(), d), 1);
    /* an include not found: the file and every folder looked in */
    assert_int_equal(tu_sh("printf '\\n@include \"common/nope.cfg\"\\n' > %s/i.cfg && %s check %s/i.cfg "
                           "2>&1 | grep -q 'i.cfg:2: cannot open @include \"common/nope.cfg\": looked "
                           "for %s/common/nope.cfg, scenarios/common/nope.cfg'", d, tu_bin(), d, d), 0);
    assert_int_equal(tu_sh("BBSIM_DATADIR=/opt/x %s check %s/i.cfg 2>&1 | grep -q "
                           "'/opt/x/scenarios/common/nope.cfg'", tu_bin(), d), 0);
    /* a decimal comma */
    assert_int_equal(tu_sh("printf 'name = \"x\";\\npools: { information: { fte = 60,0; }; };\\n' > %s/c.cfg "
                           "&& %s check %s/c.cfg 2>&1 | grep -q 'c.cfg:2: syntax error (a decimal comma?'",
                           d, tu_bin(), d), 0);
    /* every key documented in docs/scenarios.md is one the suggestions
     * know (sim/suggest.c) */
    assert_int_equal(tu_sh("sed -n 's/^| `\\([a-z_0-9]*\\)` |.*/\\1/p' docs/scenarios.md | sort -u | "
                           "while read k; do grep -q \"\\\"$k\\\"\" sim/suggest.c || "
                           "{ echo \"sim/suggest.c lacks $k\"; exit 1; }; done"), 0);
    tu_rmdir(d);
}

/* README.md quotes the digest of `make run` as it is: every line of
 * its example is a line bbsim prints for the baseline (10 replications,
 * seed 1). A change of the model or the digest shows here, with the
 * lines to put in the README. */
static void test_readme_digest(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("%s run scenarios/baseline-2019.cfg -o %s/o 2>%s/err", tu_bin(), d, d), 0);
    assert_int_equal(tu_sh("sed -n '/^`make run` prints a digest/,/^(mean and/p' README.md | "
                           "sed -n 's/^    //p' | grep -vx '  \\.\\.\\.' | "
                           "sed 's|out/baseline-2019/|%s/o/|' > %s/readme && test -s %s/readme",
                           d, d, d), 0);
    assert_int_equal(tu_sh("test $(wc -l < %s/readme) -ge 6", d), 0);
    int rc = tu_sh("grep -vxFf %s/err %s/readme > %s/missing", d, d, d);
    if (rc == 0) {
        tu_sh("echo 'README.md digest lines bbsim no longer prints:'; cat %s/missing; "
              "echo 'bbsim prints:'; sed 's|%s/o/|out/baseline-2019/|' %s/err", d, d, d);
    }
    assert_int_equal(rc, 1);
    tu_rmdir(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help_per_command),  cmocka_unit_test(test_version_commit),
        cmocka_unit_test(test_precision_exit_status), cmocka_unit_test(test_csv_nl),
        cmocka_unit_test(test_outdir_guard),      cmocka_unit_test(test_digest_units),
        cmocka_unit_test(test_man_pages),         cmocka_unit_test(test_bash_completion),
        cmocka_unit_test(test_install_uninstall), cmocka_unit_test(test_make_headless),
        cmocka_unit_test(test_readme_digest),    cmocka_unit_test(test_include_override),
        cmocka_unit_test(test_with_and_add),     cmocka_unit_test(test_scenario_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
