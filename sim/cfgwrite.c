/*
 * cfgwrite.c - write a libconfig tree with every number exact.
 *
 * libconfig 1.5's config_write prints floats with 15 significant digits,
 * so 0.30000000000000004 (a --set value, or a sweep step 0.1 + 0.2)
 * came back as 0.3 and scenario.cfg "as run" did not reproduce the run.
 * This writer follows config_write's layout byte for byte (so files are
 * unchanged for ordinary values) but prints each float with the fewest
 * digits, from 15 to 17, that read back to the same double.
 */
#include "internal.h"
#include <stdlib.h>
#include <string.h>

static void indent(FILE *f, int depth)
{
    for (int i = 0; i < (depth - 1) * 2; i++)
        fputc(' ', f);
}

static void write_float(FILE *f, double v)
{
    char buf[64];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf - 3, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    if (!strchr(buf, 'e') && !strchr(buf, '.') && !strchr(buf, 'n') && !strchr(buf, 'i'))
        strcat(buf, ".0"); /* keep it a float when read back */
    fputs(buf, f);
}

static void write_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '"':
        case '\\':
            fputc('\\', f);
            fputc(*p, f);
            break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\f': fputs("\\f", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p >= ' ')
                fputc(*p, f);
            else
                fprintf(f, "\\x%02X", *p);
        }
    }
    fputc('"', f);
}

static void write_setting(const config_setting_t *st, FILE *f, int depth);

static void write_value(const config_setting_t *st, FILE *f, int depth)
{
    bool hex = config_setting_get_format(st) == CONFIG_FORMAT_HEX;
    int n = config_setting_length(st);
    switch (config_setting_type(st)) {
    case CONFIG_TYPE_BOOL:
        fputs(config_setting_get_bool(st) ? "true" : "false", f);
        break;
    case CONFIG_TYPE_INT:
        fprintf(f, hex ? "0x%X" : "%d", config_setting_get_int(st));
        break;
    case CONFIG_TYPE_INT64:
        if (hex)
            fprintf(f, "0x%llXL", (unsigned long long)config_setting_get_int64(st));
        else
            fprintf(f, "%lldL", config_setting_get_int64(st));
        break;
    case CONFIG_TYPE_FLOAT:
        write_float(f, config_setting_get_float(st));
        break;
    case CONFIG_TYPE_STRING:
        write_string(f, config_setting_get_string(st));
        break;
    case CONFIG_TYPE_LIST:
    case CONFIG_TYPE_ARRAY: {
        bool list = config_setting_type(st) == CONFIG_TYPE_LIST;
        fputs(list ? "( " : "[ ", f);
        for (int i = 0; i < n; i++) {
            write_value(config_setting_get_elem(st, (unsigned)i), f, depth + 1);
            if (i + 1 < n)
                fputc(',', f);
            fputc(' ', f);
        }
        fputc(list ? ')' : ']', f);
        break;
    }
    case CONFIG_TYPE_GROUP:
        if (depth > 0) {
            fputc('\n', f);
            if (depth > 1)
                indent(f, depth);
            fputs("{\n", f);
        }
        for (int i = 0; i < n; i++)
            write_setting(config_setting_get_elem(st, (unsigned)i), f, depth + 1);
        if (depth > 1)
            indent(f, depth);
        if (depth > 0)
            fputc('}', f);
        break;
    default:
        break;
    }
}

static void write_setting(const config_setting_t *st, FILE *f, int depth)
{
    if (depth > 1)
        indent(f, depth);
    const char *name = config_setting_name(st);
    if (name) {
        fputs(name, f);
        fprintf(f, " %c ", config_setting_type(st) == CONFIG_TYPE_GROUP ? ':' : '=');
    }
    write_value(st, f, depth);
    if (depth > 0) {
        fputc(';', f);
        fputc('\n', f);
    }
}

void bb_cfg_write(const config_setting_t *root, FILE *f)
{
    write_value(root, f, 0);
}
