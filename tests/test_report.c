/*
 * test_report.c - bbsim report (report/).
 *
 * - The CSV reader takes what bb_csv_str writes (quoted commas, quotes,
 *   line breaks; "\r\n") and names file:line for everything else (a cut
 *   off last line, a wrong field count, a stray or unclosed quote, a NUL,
 *   an empty file, a repeated column, a bad number).
 * - Numbers in Dutch and English format; round axis steps.
 * - The program on a run and a compare: the PDF has the pages it should
 *   (pdfinfo), its text has the page titles and numbers taken from the
 *   CSV files (pdftotext), no page is blank (pdftoppm), --png writes
 *   1920x1080 charts, --lang en is English; the outputs are only read.
 * - Bad input: a folder without outputs, a missing file, a corrupt CSV:
 *   exit 2, a message naming the file (and line), nothing written.
 * The binary is BBSIM_BIN (default build/bbsim); poppler-utils for the
 * PDF tools (tools/deps.sh installs them).
 */
#include "testutil.h"
#include "rp.h"
#include <sys/stat.h>

/* ---- the CSV reader ---- */

/* Read text as a CSV file; returns rp_csv_read's status, the first
 * message in msg. */
static int read_text(const char *text, size_t len, rp_csv *t, char *msg, size_t n)
{
    char *p = tu_write_tmp("t.csv", "");
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fwrite(text, 1, len, f);
    fclose(f);
    bb_errors e;
    bb_errors_init(&e);
    int rc = rp_csv_read(p, t, &e);
    snprintf(msg, n, "%s", e.n ? e.msg[0] : "");
    bb_errors_free(&e);
    unlink(p);
    *strrchr(p, '/') = 0;
    rmdir(p);
    free(p);
    return rc;
}

#define READ(text, t, msg) read_text(text, sizeof text - 1, t, msg, sizeof msg)

static void test_csv_quoted(void **st)
{
    (void)st;
    rp_csv t;
    char msg[512];
    static const char text[] = "scenario,label,mean\n"
                               "a,\"Later decisions: unit, KMar (no amount)\",1.5\n"
                               "b,\"say \"\"hi\"\"\",\n"
                               "c,\"two\nlines\",-2e3\r\n"
                               "d,,7\n";
    assert_int_equal(READ(text, &t, msg), 0);
    assert_int_equal(t.ncols, 3);
    assert_int_equal(t.nrows, 4);
    assert_string_equal(rp_cell(&t, 0, 1), "Later decisions: unit, KMar (no amount)");
    assert_string_equal(rp_cell(&t, 1, 1), "say \"hi\"");
    assert_string_equal(rp_cell(&t, 2, 1), "two\nlines");
    assert_string_equal(rp_cell(&t, 3, 1), "");
    assert_int_equal(t.line[3], 6); /* the quoted line break counts */
    assert_int_equal(rp_csv_col(&t, "mean"), 2);
    assert_int_equal(rp_csv_col(&t, "nope"), -1);
    double v;
    bb_errors e;
    bb_errors_init(&e);
    assert_int_equal(rp_csv_num(&t, 0, 2, &v, &e), 0);
    assert_true(v == 1.5);
    assert_int_equal(rp_csv_num(&t, 1, 2, &v, &e), 0);
    assert_true(isnan(v)); /* empty: undefined */
    assert_int_equal(rp_csv_num(&t, 2, 2, &v, &e), 0);
    assert_true(v == -2000);
    assert_int_equal(rp_csv_num(&t, 0, 1, &v, &e), -1);
    assert_non_null(strstr(e.msg[0], ":2: column label: not a number"));
    bb_errors_free(&e);
    rp_csv_free(&t);
}

static void test_csv_errors(void **st)
{
    (void)st;
    static const struct {
        const char *text, *want;
    } C[] = {
        {"a,b\n1,2\n3,4", ":3: the last line has no line break"},
        {"a,b\n1,2\n3\n", ":3: 1 fields, but the header has 2"},
        {"a,b\n1,2,3\n", ":2: 3 fields, but the header has 2"},
        {"a,b\n1,x\"y\n", ":2: a quote inside a field"},
        {"a,b\n1,\"open\n2,3\n", ":2: a quoted field is not closed"},
        {"a,b\n1,\"q\"x\n", ":2: text after the closing quote"},
        {"", ":1: the file is empty"},
        {"a,a\n1,2\n", ":1: the column a appears twice"},
    };
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        rp_csv t;
        char msg[512];
        int rc = read_text(C[i].text, strlen(C[i].text), &t, msg, sizeof msg);
        if (rc != -1 || !strstr(msg, C[i].want))
            fail_msg("case %zu: rc %d, message \"%s\", wanted \"%s\"", i, rc, msg, C[i].want);
        rp_csv_free(&t);
    }
    rp_csv t;
    char msg[512];
    static const char nul[] = "a,b\n1,\0\n";
    assert_int_equal(READ(nul, &t, msg), -1);
    assert_non_null(strstr(msg, ":2: a NUL byte"));
    rp_csv_free(&t);
    bb_errors e;
    bb_errors_init(&e);
    assert_int_equal(rp_csv_read("/nonexistent/x.csv", &t, &e), 1); /* absent: no message */
    assert_int_equal(e.n, 0);
    rp_csv_free(&t);
    bb_errors_free(&e);
}

/* ---- numbers ---- */

static void test_numbers(void **st)
{
    (void)st;
    char b[64];
    rp_fmt_num(b, sizeof b, 1234567.891, 1, RP_NL);
    assert_string_equal(b, "1.234.567,9");
    rp_fmt_num(b, sizeof b, 1234567.891, 1, RP_EN);
    assert_string_equal(b, "1,234,567.9");
    rp_fmt_num(b, sizeof b, 660291.8, 0, RP_NL);
    assert_string_equal(b, "660.292");
    rp_fmt_num(b, sizeof b, 999.5, 0, RP_NL);
    assert_string_equal(b, "1.000");
    rp_fmt_num(b, sizeof b, -12.26, 1, RP_NL);
    assert_string_equal(b, "\xe2\x88\x92" "12,3"); /* a real minus sign */
    rp_fmt_num(b, sizeof b, -0.04, 1, RP_NL);
    assert_string_equal(b, "0,0"); /* no minus zero */
    rp_fmt_num(b, sizeof b, NAN, 1, RP_NL);
    assert_string_equal(b, "\xe2\x80\x93");
    rp_fmt_pct(b, sizeof b, 0.6282, 1, RP_NL);
    assert_string_equal(b, "62,8%");
    rp_fmt_eur(b, sizeof b, 22807593.39, RP_NL);
    assert_string_equal(b, "\xe2\x82\xac 22,8 mln");
    rp_fmt_eur(b, sizeof b, 22807593.39, RP_EN);
    assert_string_equal(b, "\xe2\x82\xac" "22.8m");
    rp_fmt_signed(b, sizeof b, 1.5, 1, RP_NL);
    assert_string_equal(b, "+1,5");
    rp_fmt_signed(b, sizeof b, 0.0, 1, RP_NL);
    assert_string_equal(b, "0,0");
    rp_fmt_sig(b, sizeof b, 0.2134, 2, RP_NL);
    assert_string_equal(b, "0,21");
    rp_fmt_sig(b, sizeof b, 361.4, 2, RP_NL);
    assert_string_equal(b, "361");
    assert_true(rp_nice_step(1000, 6) == 200);
    assert_true(rp_nice_step(30, 6) == 5);
    assert_true(rp_nice_step(0.9, 6) == 0.2);
    assert_true(rp_nice_step(0, 6) == 1);
}

/* ---- the program ---- */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    size_t got = fread(b, 1, (size_t)n, f);
    b[got] = 0;
    fclose(f);
    return b;
}

/* The PDF's page count (pdfinfo). */
static int pdf_pages(const char *pdf)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "pdfinfo '%s' 2>/dev/null | sed -n 's/^Pages: *//p'", pdf);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    int n = -1;
    if (fscanf(p, "%d", &n) != 1)
        n = -1;
    pclose(p);
    return n;
}

/* The PDF's text (pdftotext), malloc'ed. */
static char *pdf_text(const char *pdf, const char *dir)
{
    assert_int_equal(tu_sh("pdftotext '%s' '%s/text.txt'", pdf, dir), 0);
    char p[512];
    snprintf(p, sizeof p, "%s/text.txt", dir);
    char *t = slurp(p);
    assert_non_null(t);
    /* pdftotext breaks lines and pages where the layout does: join them */
    for (char *c = t; *c; c++)
        if (*c == '\n' || *c == '\f')
            *c = ' ';
    return t;
}

static void assert_has(const char *text, const char *want)
{
    if (!strstr(text, want))
        fail_msg("the PDF's text has no \"%s\"", want);
}

/* Every page rendered (pdftoppm, 48 dpi, grey) has ink on at least 2% of
 * its pixels. */
static void assert_not_blank(const char *pdf, const char *dir, int pages)
{
    assert_int_equal(tu_sh("pdftoppm -gray -r 48 '%s' '%s/pg'", pdf, dir), 0);
    for (int i = 1; i <= pages; i++) {
        char p[512];
        snprintf(p, sizeof p, "%s/pg-%d.pgm", dir, i);
        FILE *f = fopen(p, "rb");
        if (!f) {
            snprintf(p, sizeof p, "%s/pg-%02d.pgm", dir, i);
            f = fopen(p, "rb");
        }
        assert_non_null(f);
        int w, h, max;
        assert_int_equal(fscanf(f, "P5 %d %d %d", &w, &h, &max), 3);
        fgetc(f);
        long ink = 0, n = (long)w * h;
        for (long k = 0; k < n; k++)
            ink += fgetc(f) < 200;
        fclose(f);
        if (ink < n / 50)
            fail_msg("page %d is (nearly) blank: %ld of %ld pixels inked", i, ink, n);
    }
}

/* A value of yearly.csv (column 5, the mean) for scenario, year, metric, group. */
static double yearly(const char *dir, const char *scen, int year, const char *metric,
                     const char *group)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "grep '^%s,%d,%s,%s,' '%s/yearly.csv' | cut -d, -f5", scen, year,
             metric, group, dir);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    double v = NAN;
    if (fscanf(p, "%lf", &v) != 1)
        v = NAN;
    pclose(p);
    assert_true(isfinite(v));
    return v;
}

/* A whole number with "." between thousands, written independently of
 * report/text.c. */
static void dutch_int(char *b, size_t n, double v)
{
    char raw[32];
    snprintf(raw, sizeof raw, "%.0f", v);
    size_t l = strlen(raw), k = 0;
    for (size_t i = 0; i < l && k + 2 < n; i++) {
        b[k++] = raw[i];
        if ((l - i - 1) % 3 == 0 && i + 1 < l)
            b[k++] = '.';
    }
    b[k] = 0;
}

#define RUN_SETS "--reps 3 --quiet"

static void test_run_report(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("%s run scenarios/baseline-2019.cfg " RUN_SETS " -o %s/out", tu_bin(),
                           d), 0);
    assert_int_equal(tu_sh("cd %s/out && md5sum * > ../before.md5", d), 0);
    assert_int_equal(tu_sh("%s report %s/out --png %s/png --quiet", tu_bin(), d, d), 0);
    char pdf[512], out[512];
    snprintf(pdf, sizeof pdf, "%s/out/report.pdf", d);
    snprintf(out, sizeof out, "%s/out", d);
    /* title, lead times, backlog, borrowing, bottleneck, never protected, cost */
    assert_int_equal(pdf_pages(pdf), 7);
    char *t = pdf_text(pdf, d);
    static const char *const words[] = {
        "Rapport Bewaken en Beveiligen", "baseline-2019", "Doorlooptijden per jaar",
        "Werkvoorraad per fase", "Lenen van de basisteams", "Waar zat het knelpunt?",
        "Nooit beveiligd", "Kosten tegen de begroting", "binnen norm", "Informatie",
        "Basisteams (geleend)", "Cameratoezicht", "begroting",
        "seed 1", "3 replicaties", "bbsim report", "Kerncijfers",
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        assert_has(t, words[i]);
    /* numbers from the CSVs, in Dutch format */
    char b[64], want[96];
    dutch_int(b, sizeof b, yearly(out, "baseline-2019", 2020, "police_hours_lost", "basic_units"));
    assert_has(t, b); /* e.g. 689.742 */
    dutch_int(b, sizeof b, yearly(out, "baseline-2019", 2022, "never_protected", "all"));
    assert_has(t, b);
    dutch_int(b, sizeof b, yearly(out, "baseline-2019", 2024, "borrow_unmet_fte_mean", "basic_units"));
    assert_has(t, b);
    double share = yearly(out, "baseline-2019", 2021, "first_action_within_target_share", "acute");
    snprintf(want, sizeof want, "%.0f%%", share * 100);
    assert_has(t, want);
    assert_has(t, "norm 24 uur"); /* targets.acute.first_action_hours */
    assert_has(t, "grens 150 fte"); /* basic_units.cap_fte */
    free(t);
    assert_not_blank(pdf, d, 7);
    /* --png: every chart, 1920x1080 (the PNG header) */
    static const char *const png[] = {"02-lead-times", "03-backlog", "04-borrowing",
                                      "05-bottleneck", "06-never-protected", "07-cost"};
    for (size_t i = 0; i < sizeof png / sizeof png[0]; i++) {
        char p[512];
        snprintf(p, sizeof p, "%s/png/%s.png", d, png[i]);
        FILE *f = fopen(p, "rb");
        if (!f)
            fail_msg("no %s", p);
        unsigned char h[24];
        assert_int_equal(fread(h, 1, 24, f), 24);
        fclose(f);
        assert_memory_equal(h + 1, "PNG", 3);
        assert_int_equal((h[16] << 24 | h[17] << 16 | h[18] << 8 | h[19]), 1920);
        assert_int_equal((h[20] << 24 | h[21] << 16 | h[22] << 8 | h[23]), 1080);
    }
    /* only read: the outputs are the bytes they were */
    assert_int_equal(tu_sh("cd %s/out && md5sum -c --quiet ../before.md5 >/dev/null 2>&1 && "
                           "test \"$(ls | grep -v report.pdf | wc -l)\" = \"$(wc -l < ../before.md5)\"",
                           d), 0);
    /* English, to another file */
    assert_int_equal(tu_sh("%s report %s/out -o %s/en/r.pdf --lang en --quiet", tu_bin(), d, d),
                     0);
    snprintf(pdf, sizeof pdf, "%s/en/r.pdf", d);
    t = pdf_text(pdf, d);
    assert_has(t, "Lead times per year");
    assert_has(t, "Borrowing from the basic teams");
    assert_has(t, "limit 150 FTE");
    snprintf(b, sizeof b, "%.0f",
             yearly(out, "baseline-2019", 2020, "police_hours_lost", "basic_units"));
    size_t l = strlen(b);
    snprintf(want, sizeof want, "%.*s,%s", (int)(l - 3), b, b + l - 3); /* 689,742 */
    assert_has(t, want);
    free(t);
    tu_rmdir(d);
}

static void test_compare_report(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    assert_int_equal(tu_sh("%s compare scenarios/baseline-2019.cfg scenarios/offensief-2020.cfg "
                           RUN_SETS " --bands -o %s/cmp", tu_bin(), d), 0);
    char pdf[512];
    snprintf(pdf, sizeof pdf, "%s/c.pdf", d);
    assert_int_equal(tu_sh("%s report %s/cmp -o %s --quiet", tu_bin(), d, pdf), 0);
    /* title, the difference, the six pages, the weeks (bands.csv) */
    assert_int_equal(pdf_pages(pdf), 9);
    char *t = pdf_text(pdf, d);
    /* the titles' short forms (title_nl up to its colon) */
    assert_has(t, "Offensief 2020 tegen Basis 2019");
    assert_has(t, "gepaard");
    assert_has(t, "Verloop per week");
    assert_has(t, "bbsim compare");
    /* the paired difference of 2022's borrowing, as the page writes it */
    char cmd[512], b[64];
    snprintf(cmd, sizeof cmd, "grep '^offensief-2020,2023,queue_mean,execution,' %s/cmp/yearly.csv"
                              " | cut -d, -f9", d);
    FILE *p = popen(cmd, "r");
    double diff = NAN;
    assert_int_equal(fscanf(p, "%lf", &diff), 1);
    pclose(p);
    dutch_int(b, sizeof b, fabs(diff));
    char want[80];
    snprintf(want, sizeof want, "%s%s", diff < 0 ? "\xe2\x88\x92" : "+", b);
    assert_has(t, want);
    free(t);
    assert_not_blank(pdf, d, 9);
    /* two run folders: no paired difference, and the report says so */
    assert_int_equal(tu_sh("%s run scenarios/baseline-2019.cfg " RUN_SETS " -o %s/a && "
                           "%s run scenarios/offensief-2020.cfg " RUN_SETS " -o %s/b && "
                           "%s report %s/a %s/b -o %s/ab.pdf --quiet",
                           tu_bin(), d, tu_bin(), d, tu_bin(), d, d, d), 0);
    snprintf(pdf, sizeof pdf, "%s/ab.pdf", d);
    assert_int_equal(pdf_pages(pdf), 7);
    t = pdf_text(pdf, d);
    assert_has(t, "Geen gepaarde verschillen");
    assert_has(t, "offensief-2020");
    free(t);
    tu_rmdir(d);
}

/* Run bbsim report ARGS, stderr into dir/err; returns the exit status
 * and the message (malloc'ed) in *msg. */
static int report_err(const char *dir, const char *args, char **msg)
{
    int rc = tu_sh("%s report %s 2>%s/err", tu_bin(), args, dir);
    char p[512];
    snprintf(p, sizeof p, "%s/err", dir);
    *msg = slurp(p);
    assert_non_null(*msg);
    return rc;
}

static void test_bad_input(void **st)
{
    (void)st;
    char *d = tu_tmpdir();
    char args[1024], *msg;
    /* a folder without outputs */
    assert_int_equal(tu_sh("mkdir %s/empty", d), 0);
    snprintf(args, sizeof args, "%s/empty", d);
    assert_int_equal(report_err(d, args, &msg), 2);
    assert_non_null(strstr(msg, "empty: no bbsim outputs here"));
    assert_non_null(strstr(msg, "bbsim run SCENARIO.cfg -o"));
    free(msg);
    snprintf(args, sizeof args, "%s/none", d);
    assert_int_equal(report_err(d, args, &msg), 2);
    assert_non_null(strstr(msg, "none: no such folder"));
    free(msg);
    /* usage */
    assert_int_equal(report_err(d, "", &msg), 2);
    free(msg);
    assert_int_equal(report_err(d, "--lang de x", &msg), 2);
    free(msg);
    assert_int_equal(report_err(d, "--frobnicate x", &msg), 2);
    free(msg);
    /* a run to break */
    assert_int_equal(tu_sh("%s run scenarios/validation/erlang_c.cfg --reps 2 --quiet -o %s/ok",
                           tu_bin(), d), 0);
    snprintf(args, sizeof args, "%s/ok --quiet", d);
    assert_int_equal(report_err(d, args, &msg), 0); /* no budget lines: no budget.csv needed */
    free(msg);
    /* a missing file: which, and the command that makes it */
    assert_int_equal(tu_sh("cp -r %s/ok %s/noy && rm %s/noy/yearly.csv %s/noy/report.pdf", d, d, d,
                           d), 0);
    snprintf(args, sizeof args, "%s/noy", d);
    assert_int_equal(report_err(d, args, &msg), 2);
    assert_non_null(strstr(msg, "noy/yearly.csv is missing"));
    assert_non_null(strstr(msg, "bbsim run "));
    assert_non_null(strstr(msg, "noy/scenario.cfg -o "));
    free(msg);
    /* corrupt CSVs: file:line, exit 2, no report written */
    static const struct {
        const char *file, *sed, *want;
    } C[] = {
        {"yearly.csv", "3s/,2$/,two/", "yearly.csv:3: column reps"},
        {"yearly.csv", "4s/,[^,]*$//", "yearly.csv:4: 7 fields, but the header has 8"},
        {"summary.csv", "2s/^/\"/", "summary.csv:2: a quoted field is not closed"},
        {"summary.csv", "1s/mean/average/", "summary.csv:1: no column mean"},
        {"yearly.csv", "5s/^[^,]*,/ghost,/", "yearly.csv:5: scenario ghost has no scenario file"},
    };
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        assert_int_equal(tu_sh("rm -rf %s/bad && cp -r %s/ok %s/bad && rm %s/bad/report.pdf && "
                               "sed -i '%s' %s/bad/%s", d, d, d, d, C[i].sed, d, C[i].file), 0);
        snprintf(args, sizeof args, "%s/bad", d);
        int rc = report_err(d, args, &msg);
        if (rc != 2 || !strstr(msg, C[i].want))
            fail_msg("case %zu: exit %d, message \"%s\", wanted \"%s\"", i, rc, msg, C[i].want);
        free(msg);
        char p[512];
        struct stat sb;
        snprintf(p, sizeof p, "%s/bad/report.pdf", d);
        assert_int_not_equal(stat(p, &sb), 0);
    }
    /* a file cut off in the middle of a line */
    assert_int_equal(tu_sh("rm -rf %s/bad && cp -r %s/ok %s/bad && head -c 3000 %s/ok/yearly.csv "
                           "> %s/bad/yearly.csv", d, d, d, d, d), 0);
    snprintf(args, sizeof args, "%s/bad", d);
    assert_int_equal(report_err(d, args, &msg), 2);
    assert_non_null(strstr(msg, "yearly.csv:"));
    assert_non_null(strstr(msg, "cut off"));
    free(msg);
    tu_rmdir(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_quoted),
        cmocka_unit_test(test_csv_errors),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_run_report),
        cmocka_unit_test(test_compare_report),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
