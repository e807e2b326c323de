/*
 * labels.h - the words and number formats of the view, Dutch and English.
 *
 * Pure functions: no SDL, no state. Dutch is the default (the audience's
 * language): thousands with a dot and a decimal comma ("12.345,6");
 * English uses "12,345.6". Every visible word of the view comes from
 * vz_tr() so that L (or --lang en) switches all of them at once.
 */
#ifndef VZ_LABELS_H
#define VZ_LABELS_H

#include <stddef.h>

enum vz_lang { VZ_NL = 0, VZ_EN = 1 };

/* Visible words, one id per label. A label followed by its short form
 * (..._SHORT) is the short form's id minus one. */
enum vz_text {
    T_TITLE,          /* "Stelsel Bewaken en Beveiligen" */
    T_TITLE_SHORT,
    T_CHANGED,        /* "gewijzigd": the title of a panel with changes */
    T_INTAKE,
    T_INTAKE_WEEK,    /* the room's intake box: "Intake per week" */
    T_INTAKE_WEEK_SHORT,
    T_PER_WEEK,       /* "meldingen per week" */
    T_PER_WEEK_SHORT,
    T_SLASH_WEEK,     /* "/week" */
    T_INFO,
    T_ADVICE,
    T_DECENTRAL,
    T_CENTRAL,
    T_DECISION,
    T_WAITING,        /* "Onbeveiligd wachtend" */
    T_WAITING_LC,     /* the same inside a sentence */
    T_UNPROTECTED_LC, /* "onbeveiligd" */
    T_IN_SERVICE,     /* "in behandeling" */
    T_WAIT_CAP,       /* "wacht op capaciteit" */
    T_BORROWED,       /* "Basisteams (geleend)" */
    T_FTE_YEARS,      /* "FTE-jaar" */
    T_CASES,          /* "zaken" */
    T_IN_USE,         /* "in gebruik" after a percentage */
    T_OVERRUN,        /* use above capacity: "boven capaciteit" */
    T_OVERRUN_SHORT,
    T_NO_FTE_YET,
    T_LIMIT_LC,       /* "limiet" */
    T_LIMIT_REACHED,
    T_LIMIT_REACHED_SHORT,
    T_TOTAL,          /* "totaal" */
    T_CH_QUEUE,       /* chart titles, each with its short form */
    T_CH_QUEUE_SHORT,
    T_CH_CAPACITY,
    T_CH_CAPACITY_SHORT,
    T_CH_BORROW,
    T_CH_BORROW_SHORT,
    T_CH_LEAD,
    T_CH_LEAD_SHORT,
    T_ALL_PROVIDERS,
    T_OWN_SCALE,      /* "eigen schaal": a side with its own y scale */
    T_SER_ADVICE,     /* short legend names */
    T_SER_WAITING,
    T_SER_CHAIN,
    T_SER_USE,
    T_SER_OVER,
    T_SER_CAPACITY,
    T_SER_BORROWED,
    T_SER_PACKAGES,
    T_SER_INTERIM,
    T_SER_LIMIT,
    T_SER_BINDS,
    T_SER_GHOST,
    T_SER_BAND,       /* "5-95%" */
    T_RUNS,           /* "runs" */
    T_OF,             /* "van" */
    T_SER_P50,
    T_SER_P90,
    T_SER_TARGET,
    T_DAYS,           /* "dagen" */
    T_YES, T_NO,
    T_KPI_PROTECTED,  /* each KPI label is followed by its short form */
    T_KPI_PROTECTED_SHORT,
    T_KPI_WITHIN,
    T_KPI_WITHIN_SHORT,
    T_KPI_WITHIN_START,
    T_KPI_WITHIN_START_SHORT,
    T_KPI_BORROWED,
    T_KPI_BORROWED_SHORT,
    T_KPI_COST,
    T_KPI_COST_SHORT,
    T_KPI_COST_START,
    T_KPI_COST_START_SHORT,
    T_NORM_SUB,       /* "eerste actie / definitief" */
    T_NORM_SUB_SHORT,
    T_BUDGETED,       /* "begroot" */
    T_BUDGET_WORD,    /* "begroting": the modelled budget lines */
    T_SINCE_START,    /* "sinds start" */
    T_DIFF_HEAD,      /* the strip of B minus A */
    T_DIFF_WAITING,
    T_DIFF_NORM,
    T_DIFF_BORROWED,
    T_DIFF_COST,
    T_DIFF_COST_SHORT,
    T_BETTER, T_WORSE, T_SAME,
    T_ARRIVES,        /* caption prefix of arrivals: "Eerste FTE operationeel" */
    T_PAUSED,
    T_WEEK, T_WEEKS, T_MONTH, T_MONTHS, T_YEAR,
    T_HELP_TITLE,
    T_HELP_LINES,     /* '\n'-separated "key\twhat" lines */
    T_HELP_HINT,      /* "? hulp" */
    T_SAVED,
    T_NO_B,
    T_END,            /* "einde scenario" */
    T_NO_EVENTS,      /* "geen geplande gebeurtenissen" */
    T_NO_EVENTS_SHORT,
    T_SELECT_FIRST,
    T_MODE_PIPELINE,
    T_MODE_AT_ONCE,
    T_NOTHING_TO_UNDO,
    T_BANDS_RUNNING,  /* "banden": replications still running */
    T_COUNT
};

const char *vz_tr(int lang, int id);

/* Number with thousands separators and `decimals` decimals. */
void vz_fmt_num(char *buf, size_t n, double v, int decimals, int lang);
/* Money in euro, scaled: "€ 123,4 mln" / "€ 1,23 mld" (en: "€123.4m"). */
void vz_fmt_money(char *buf, size_t n, double eur, int lang);
/* A share 0..1 as a percentage with one decimal: "87,5%". */
void vz_fmt_pct(char *buf, size_t n, double share, int lang);
/* A day number as "1 juni 2022" / "1 June 2022". */
void vz_fmt_date_long(char *buf, size_t n, int day, int lang);
/* A day number as "1 jun 2022" / "1 Jun 2022". */
void vz_fmt_date_short(char *buf, size_t n, int day, int lang);
/* A signed number with its sign always shown: "+12", "-3,5", "0". */
void vz_fmt_signed(char *buf, size_t n, double v, int decimals, int lang);
/* A tick label: "2022" on year ticks, "jun 2022" on month ticks. */
void vz_fmt_date_tick(char *buf, size_t n, int day, int month_ticks, int lang);
/* Short month name, m 1..12. */
const char *vz_month_short(int m, int lang);
/* A speed in sim hours per real second: "1 jaar/s", "3 mnd/s". */
void vz_fmt_speed(char *buf, size_t n, double hours_per_s, int lang);

/* Short display name of a provider: known ids get the audience's names
 * (DKDB, KMar BSB, Teams B&B, ...); others the label up to " (" or the id. */
void vz_provider_short(char *buf, size_t n, const char *id, const char *label, int lang);
/* A still shorter name for narrow boxes ("Bewaking"); else `shortname`. */
void vz_provider_tiny(char *buf, size_t n, const char *id, const char *shortname, int lang);

#endif
