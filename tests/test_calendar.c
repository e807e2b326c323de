/*
 * test_calendar.c - dates (bb_date_*) and office hours (bb_office_*).
 */
#include "testutil.h"
#include "internal.h"
#include <math.h>

static int day_of(const char *s)
{
    int d = -123456;
    if (bb_date_parse(s, &d) != 0)
        fail_msg("bb_date_parse(\"%s\") failed", s);
    return d;
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* ---- dates ---- */

static void test_date_anchors(void **state)
{
    (void)state;
    assert_int_equal(day_of("1970-01-01"), 0);
    assert_int_equal(day_of("1970-01-02"), 1);
    assert_int_equal(day_of("1969-12-31"), -1);
    assert_int_equal(day_of("2000-01-01"), 10957);
    assert_int_equal(day_of("2000-03-01"), 10957 + 31 + 29);
    assert_int_equal(day_of("2020-02-29") + 1, day_of("2020-03-01"));
    assert_int_equal(day_of("2019-02-28") + 1, day_of("2019-03-01"));
    assert_int_equal(day_of("2021-01-01") - day_of("2020-01-01"), 366);
    assert_int_equal(day_of("2020-01-01") - day_of("2019-01-01"), 365);
    char buf[16];
    bb_date_format(0, buf);
    assert_string_equal(buf, "1970-01-01");
    bb_date_format(-1, buf);
    assert_string_equal(buf, "1969-12-31");
    bb_date_format(10957 + 59, buf);
    assert_string_equal(buf, "2000-02-29");
}

/* Every day from 1900-01-01 to 2999-12-31: the day number counts up by
 * one and formats as an independently counted y-m-d; parse(format(d)) = d. */
static void test_date_round_trip_all_days(void **state)
{
    (void)state;
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = 1900, m = 1, d = 1;
    int day = day_of("1900-01-01");
    int last = day_of("2999-12-31");
    int leapdays = 0;
    for (; day <= last; day++) {
        char want[40], got[16];
        snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
        bb_date_format(day, got);
        if (strcmp(want, got) != 0)
            fail_msg("day %d formats as %s, expected %s", day, got, want);
        int back = -1;
        if (bb_date_parse(got, &back) != 0 || back != day)
            fail_msg("\"%s\" parses to %d, expected %d", got, back, day);
        if (bb_date_year(day) != y)
            fail_msg("bb_date_year(%s) = %d", got, bb_date_year(day));
        if (m == 2 && d == 29)
            leapdays++;
        /* next day by hand */
        int len = m == 2 && leap(y) ? 29 : dm[m - 1];
        if (++d > len) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    assert_int_equal(y, 3000);
    /* 275 years divisible by 4 in 1900..2996, less the 8 centuries not
     * divisible by 400 (1900, 2100, 2200, 2300, 2500, 2600, 2700, 2900) */
    assert_int_equal(leapdays, 275 - 8);
}

static void test_date_parse_valid_and_invalid(void **state)
{
    (void)state;
    int d = 42;
    assert_int_equal(bb_date_parse("2020-02-29", &d), 0);
    assert_int_equal(bb_date_parse("2000-02-29", &d), 0);
    assert_int_equal(bb_date_parse("2020-12-31", &d), 0);
    assert_int_equal(bb_date_parse("1900-01-01", &d), 0);

    static const char *const bad[] = {
        "2019-02-29", "1900-02-29", "2100-02-29", "2020-13-01", "2020-00-10",
        "2020-01-00", "2020-04-31", "2020-01-32", "2020-1-01", "2020-01-1",
        "20-01-2020", "2020/01/01", "2020-01-01x", "2020-01-01 ", "abc", "",
        "2020-01", "2020-0a-01",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        d = 42;
        if (bb_date_parse(bad[i], &d) != -1)
            fail_msg("\"%s\" was accepted (as day %d)", bad[i], d);
        assert_int_equal(d, 42); /* untouched on failure */
    }
    assert_int_equal(bb_date_parse(NULL, &d), -1);
}

/* "YYYY-MM-DD" means digits only: signs and blanks inside the fields are
 * not dates (sscanf's %2d would accept them). */
static void test_date_parse_rejects_non_digits(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "2020-01- 1", "2020- 1-01", "2020-+1-01", "2020-01-+1", " 2020-01-1",
        "+2020-01-1",
    };
    char accepted[256] = "";
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int d = 42;
        if (bb_date_parse(bad[i], &d) != -1) {
            size_t l = strlen(accepted);
            snprintf(accepted + l, sizeof accepted - l, " \"%s\"", bad[i]);
        }
    }
    if (accepted[0])
        fail_msg("accepted as dates:%s", accepted);
}

static void test_date_weekday(void **state)
{
    (void)state;
    assert_int_equal(bb_date_weekday(day_of("2020-06-18")), 4); /* Thursday */
    assert_int_equal(bb_date_weekday(day_of("2019-01-01")), 2); /* Tuesday */
    assert_int_equal(bb_date_weekday(day_of("1970-01-01")), 4); /* Thursday */
    assert_int_equal(bb_date_weekday(day_of("1969-12-31")), 3); /* Wednesday */
    assert_int_equal(bb_date_weekday(day_of("2000-01-01")), 6); /* Saturday */
    assert_int_equal(bb_date_weekday(day_of("2023-12-31")), 7); /* Sunday */
    assert_int_equal(bb_date_weekday(day_of("1900-01-01")), 1); /* Monday */
    /* consecutive days cycle 1..7 */
    int w = bb_date_weekday(day_of("1900-01-01"));
    for (int d = day_of("1900-01-01") + 1; d < day_of("2100-01-01"); d++) {
        int x = bb_date_weekday(d);
        assert_int_equal(x, w % 7 + 1);
        w = x;
    }
}

static void test_date_year(void **state)
{
    (void)state;
    assert_int_equal(bb_date_year(day_of("2019-12-31")), 2019);
    assert_int_equal(bb_date_year(day_of("2020-01-01")), 2020);
    assert_int_equal(bb_date_year(day_of("2000-02-29")), 2000);
    assert_int_equal(bb_date_year(0), 1970);
    assert_int_equal(bb_date_year(-1), 1969);
}

/* ---- office hours ---- */

#define MON 0.0
#define TUE 24.0
#define WED 48.0
#define THU 72.0
#define FRI 96.0
#define SAT 120.0
#define SUN 144.0
#define WEEK 168.0

static bb_office office(void)
{
    bb_office o = {day_of("2020-06-15"), 8.0, 17.0};
    assert_int_equal(bb_date_weekday(o.start_day), 1); /* a Monday */
    return o;
}

static void test_office_is_open(void **state)
{
    (void)state;
    bb_office o = office();
    assert_true(bb_office_is_open(&o, MON + 8));
    assert_true(bb_office_is_open(&o, MON + 12.5));
    assert_true(bb_office_is_open(&o, MON + 16.999));
    assert_false(bb_office_is_open(&o, MON + 17));
    assert_false(bb_office_is_open(&o, MON + 7.999));
    assert_false(bb_office_is_open(&o, MON + 0));
    assert_false(bb_office_is_open(&o, TUE + 23));
    assert_true(bb_office_is_open(&o, FRI + 9));
    assert_false(bb_office_is_open(&o, SAT + 10));
    assert_false(bb_office_is_open(&o, SUN + 10));
    assert_true(bb_office_is_open(&o, WEEK + MON + 10));
    assert_true(bb_office_is_open(&o, 52 * WEEK + WED + 10));
    assert_false(bb_office_is_open(&o, 52 * WEEK + SAT + 10));
}

static void test_office_next_open(void **state)
{
    (void)state;
    bb_office o = office();
    assert_true(bb_office_next_open(&o, MON + 3) == MON + 8);
    assert_true(bb_office_next_open(&o, MON + 8) == MON + 8);
    assert_true(bb_office_next_open(&o, MON + 10.25) == MON + 10.25);
    assert_true(bb_office_next_open(&o, MON + 17) == TUE + 8);
    assert_true(bb_office_next_open(&o, MON + 23.5) == TUE + 8);
    assert_true(bb_office_next_open(&o, FRI + 17) == WEEK + MON + 8);
    assert_true(bb_office_next_open(&o, SAT + 12) == WEEK + MON + 8);
    assert_true(bb_office_next_open(&o, SUN + 23.99) == WEEK + MON + 8);
}

static void test_office_advance_examples(void **state)
{
    (void)state;
    bb_office o = office();
    /* Monday 08:00 + 9 h = Monday 17:00 */
    assert_true(bb_office_advance(&o, MON + 8, 9) == MON + 17);
    /* Monday 08:00 + 10 h = Tuesday 09:00 */
    assert_true(bb_office_advance(&o, MON + 8, 10) == TUE + 9);
    /* Friday 16:00 + 2 h = Monday 09:00 */
    assert_true(bb_office_advance(&o, FRI + 16, 2) == WEEK + MON + 9);
    /* work handed in at night starts at the next opening */
    assert_true(bb_office_advance(&o, TUE + 22, 2) == WED + 10);
    assert_true(bb_office_advance(&o, WED + 3, 1.5) == WED + 9.5);
    assert_true(bb_office_advance(&o, SAT + 11, 4) == WEEK + MON + 12);
    assert_true(bb_office_advance(&o, FRI + 17, 9) == WEEK + MON + 17);
    /* no work: no time */
    assert_true(bb_office_advance(&o, SAT + 11, 0) == SAT + 11);
    /* 450 h = 50 open days = 10 weeks, from the middle of a day */
    assert_true(bb_office_advance(&o, WED + 12, 450) == 10 * WEEK + WED + 12);
    /* from Monday 08:00 it ends at the close of the 50th open day */
    assert_true(bb_office_advance(&o, MON + 8, 450) == 9 * WEEK + FRI + 17);
    /* a year of work: 52 weeks of 45 h */
    assert_true(bb_office_advance(&o, THU + 9, 52 * 45.0) == 52 * WEEK + THU + 9);
    assert_true(bb_office_advance(&o, THU + 9, 52 * 45.0 + 9) == 52 * WEEK + FRI + 9);
}

/* Reference: consume open hours one day at a time, no shortcuts. */
static double advance_ref(const bb_office *o, double t, double work)
{
    if (work <= 0)
        return t;
    for (;;) {
        t = bb_office_next_open(o, t);
        double close = 24.0 * floor(t / 24.0) + o->close_h;
        if (t + work <= close)
            return t + work;
        work -= close - t;
        t = close;
    }
}

static uint64_t lcg = 12345;
static double unif(void)
{
    lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(lcg >> 11) / 9007199254740992.0;
}

static void test_office_advance_matches_reference(void **state)
{
    (void)state;
    bb_office offices[3] = {office(), office(), office()};
    offices[1].open_h = 7.5;
    offices[1].close_h = 15.75;
    offices[2].start_day = day_of("2019-01-05"); /* a Saturday */
    for (int k = 0; k < 3; k++) {
        const bb_office *o = &offices[k];
        for (int i = 0; i < 3000; i++) {
            double t = floor(unif() * 4 * WEEK * 4) / 4;   /* quarter hours */
            if (i % 3 == 0)
                t = unif() * 4 * WEEK;                     /* anywhere */
            double work = i % 2 ? floor(unif() * 2000) / 4 : unif() * 700;
            double got = bb_office_advance(o, t, work);
            double want = advance_ref(o, t, work);
            if (!(fabs(got - want) < 1e-6))
                fail_msg("office %d: advance(%.6f, %.6f) = %.6f, expected %.6f", k, t,
                         work, got, want);
            assert_true(got >= t);
        }
    }
}

/* Splitting work in two gives the same finish. */
static void test_office_advance_additive(void **state)
{
    (void)state;
    bb_office o = office();
    for (int i = 0; i < 2000; i++) {
        double t = floor(unif() * 2 * WEEK * 4) / 4;
        double a = floor(unif() * 400) / 4, b = floor(unif() * 400) / 4;
        double one = bb_office_advance(&o, t, a + b);
        double two = bb_office_advance(&o, bb_office_advance(&o, t, a), b);
        if (!(fabs(one - two) < 1e-9))
            fail_msg("advance(%g, %g + %g): %g in one go, %g in two", t, a, b, one, two);
    }
}

static void test_office_hours_per_year(void **state)
{
    (void)state;
    bb_office o = office();
    tu_assert_near(bb_office_open_hours_per_year(&o), 2348.0357142857, 1e-6);
    o.open_h = 0;
    o.close_h = 24;
    tu_assert_near(bb_office_open_hours_per_year(&o), 6261.4285714286, 1e-6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_anchors),
        cmocka_unit_test(test_date_round_trip_all_days),
        cmocka_unit_test(test_date_parse_valid_and_invalid),
        cmocka_unit_test(test_date_parse_rejects_non_digits),
        cmocka_unit_test(test_date_weekday),
        cmocka_unit_test(test_date_year),
        cmocka_unit_test(test_office_is_open),
        cmocka_unit_test(test_office_next_open),
        cmocka_unit_test(test_office_advance_examples),
        cmocka_unit_test(test_office_advance_matches_reference),
        cmocka_unit_test(test_office_advance_additive),
        cmocka_unit_test(test_office_hours_per_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
