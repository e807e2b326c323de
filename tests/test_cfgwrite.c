/*
 * test_cfgwrite.c - scenario.cfg "as run" keeps every number exact.
 *
 * bb_cfg_write (sim/cfgwrite.c) must print what libconfig's config_write
 * prints, byte for byte, for ordinary files (the shipped scenarios), and
 * keep floats that need 16 or 17 digits, which config_write rounds to 15.
 */
#include "testutil.h"
#include "internal.h"
#include <gsl/gsl_errno.h>
#include <math.h>

static char *to_text(const config_setting_t *root, int ours)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    if (ours)
        bb_cfg_write(root, f);
    else
        config_write(root->config, f);
    fclose(f);
    return buf;
}

static void same_as_config_write(const char *path)
{
    config_t c;
    config_init(&c);
    config_set_include_dir(&c, "scenarios");
    assert_int_equal(config_read_file(&c, path), CONFIG_TRUE);
    char *a = to_text(config_root_setting(&c), 0), *b = to_text(config_root_setting(&c), 1);
    assert_string_equal(a, b);
    free(a);
    free(b);
    config_destroy(&c);
}

static void test_layout_as_libconfig(void **st)
{
    (void)st;
    same_as_config_write("scenarios/baseline-2019.cfg");
    same_as_config_write("scenarios/common/chain-2019.cfg");
    same_as_config_write("scenarios/validation/erlang_b.cfg");
    same_as_config_write("tests/extremes/max-rates.cfg");
    config_t c;
    config_init(&c);
    assert_int_equal(config_read_string(&c,
        "a = 0x1F; b = 5L; c = 0x10L; d = true; e = \"q\\\"\\\\\\n\\t\\x01\"; f = [ 1.5, 2.0 ];\n"
        "g = ( { x = 1; }, ( 1, \"s\" ), [ ] ); h = { }; i = ( ); j = -0.0; k = 1e-300;\n"), CONFIG_TRUE);
    char *a = to_text(config_root_setting(&c), 0), *b = to_text(config_root_setting(&c), 1);
    assert_string_equal(a, b);
    free(a);
    free(b);
    config_destroy(&c);
}

static void test_floats_exact(void **st)
{
    (void)st;
    const double v[] = {0.1 + 0.2, 23.000000000000004, 1.0 / 3.0, 6.02214076e23,
                        nextafter(1.0, 2.0), 1e-310, 100000.0};
    config_t c;
    config_init(&c);
    config_setting_t *root = config_root_setting(&c);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char name[8];
        snprintf(name, sizeof name, "v%zu", i);
        config_setting_set_float(config_setting_add(root, name, CONFIG_TYPE_FLOAT), v[i]);
    }
    char *text = to_text(root, 1);
    config_t d;
    config_init(&d);
    assert_int_equal(config_read_string(&d, text), CONFIG_TRUE);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        const config_setting_t *e = config_setting_get_elem(config_root_setting(&d), (unsigned)i);
        assert_int_equal(config_setting_type(e), CONFIG_TYPE_FLOAT);
        assert_true(config_setting_get_float(e) == v[i]);
    }
    /* config_write itself loses 0.1 + 0.2: the reason for cfgwrite.c */
    char *lib = to_text(root, 0);
    assert_non_null(strstr(lib, "v0 = 0.3;"));
    assert_non_null(strstr(text, "v0 = 0.30000000000000004;"));
    free(lib);
    free(text);
    config_destroy(&c);
    config_destroy(&d);
}

/* End to end: a --set value with 17 digits survives scenario.cfg. */
static void test_scenario_as_run_reproduces(void **st)
{
    (void)st;
    bb_scenario *s, *t;
    bb_errors err;
    bb_errors_init(&err);
    const char *sets[] = {"providers.posts.fte=10.300000000000001"};
    assert_int_equal(bb_scenario_load("scenarios/validation/erlang_b.cfg", sets, 1, &s, &err), BB_OK);
    char *path = tu_write_tmp("asrun.cfg", "");
    FILE *f = fopen(path, "w");
    assert_int_equal(bb_scenario_write(s, f, 7, 2), 0);
    fclose(f);
    assert_int_equal(bb_scenario_load(path, NULL, 0, &t, &err), BB_OK);
    assert_true(t->prov[0].fte == 10.300000000000001);
    assert_true(t->prov[0].fte == s->prov[0].fte);
    bb_scenario_free(s);
    bb_scenario_free(t);
    bb_errors_free(&err);
    free(path);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_as_libconfig),
        cmocka_unit_test(test_floats_exact),
        cmocka_unit_test(test_scenario_as_run_reproduces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
