/*
 * labels.c - Dutch and English words and number formats for the view.
 *
 * One table of labels (Dutch first), plus formatting helpers for numbers
 * with thousands separators, money, percentages and dates. Pure: no SDL,
 * no globals other than constant tables.
 */
#include "labels.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bbsim.h"

static const char *const TEXT[T_COUNT][2] = {
    [T_TITLE] = {"Stelsel Bewaken en Beveiligen", "Protection of threatened persons (B&B)"},
    [T_TITLE_SHORT] = {"Bewaken en Beveiligen", "B&B"},
    [T_CHANGED] = {"gewijzigd", "changed"},
    [T_INTAKE] = {"Intake", "Intake"},
    [T_INTAKE_WEEK] = {"Intake per week", "Intake per week"},
    [T_INTAKE_WEEK_SHORT] = {"Intake/week", "Intake/week"},
    [T_PER_WEEK] = {"meldingen per week", "signals per week"},
    [T_PER_WEEK_SHORT] = {"per week", "per week"},
    [T_SLASH_WEEK] = {"/week", "/week"},
    [T_INFO] = {"Informatie", "Information"},
    [T_ADVICE] = {"Beoordeling en advies", "Assessment and advice"},
    [T_DECENTRAL] = {"decentraal", "decentral"},
    [T_CENTRAL] = {"centraal", "central"},
    [T_DECISION] = {"Besluit", "Decision"},
    [T_WAITING] = {"Onbeveiligd wachtend", "Waiting, unprotected"},
    [T_WAITING_LC] = {"onbeveiligd wachtend", "waiting, unprotected"},
    [T_UNPROTECTED_LC] = {"onbeveiligd", "unprotected"},
    [T_IN_SERVICE] = {"in behandeling", "in progress"},
    [T_WAIT_CAP] = {"wacht op capaciteit", "waiting for capacity"},
    [T_BORROWED] = {"Basisteams (geleend)", "Basic teams (borrowed)"},
    [T_FTE_YEARS] = {"FTE-jaar", "FTE-years"},
    [T_CASES] = {"zaken", "cases"},
    [T_IN_USE] = {"bezet", "in use"},
    [T_OVERRUN] = {"boven capaciteit", "overrun"},
    [T_OVERRUN_SHORT] = {"te vol", "overrun"},
    [T_NO_FTE_YET] = {"nog geen FTE", "no FTE yet"},
    [T_LIMIT_LC] = {"limiet", "limit"},
    [T_LIMIT_REACHED] = {"limiet knelt", "limit binds"},
    [T_LIMIT_REACHED_SHORT] = {"knelt", "binds"},
    [T_TOTAL] = {"totaal", "total"},
    [T_CH_QUEUE] = {"Wachtrij per fase (zaken)", "Queue per stage (cases)"},
    [T_CH_QUEUE_SHORT] = {"Wachtrij (zaken)", "Queue (cases)"},
    [T_CH_CAPACITY] = {"Inzet en capaciteit (FTE)", "Use and capacity (FTE)"},
    [T_CH_CAPACITY_SHORT] = {"Inzet (FTE)", "Use (FTE)"},
    [T_CH_BORROW] = {"Geleend van basisteams (FTE)", "Borrowed from basic teams (FTE)"},
    [T_CH_BORROW_SHORT] = {"Geleend (FTE)", "Borrowed (FTE)"},
    [T_CH_LEAD] = {"Doorlooptijd tot beveiliging (dagen)", "Lead time to protection (days)"},
    [T_CH_LEAD_SHORT] = {"Doorlooptijd (dagen)", "Lead time (days)"},
    [T_ALL_PROVIDERS] = {"alle uitvoerders", "all providers"},
    [T_OWN_SCALE] = {"eigen schaal", "own scale"},
    [T_SER_ADVICE] = {"Beoordeling", "Assessment"},
    [T_SER_WAITING] = {"Onbeveiligd", "Unprotected"},
    [T_SER_CHAIN] = {"In de keten", "In the chain"},
    [T_SER_USE] = {"Eigen inzet", "Own use"},
    [T_SER_OVER] = {"Boven capaciteit", "Overrun"},
    [T_SER_CAPACITY] = {"Capaciteit", "Capacity"},
    [T_SER_BORROWED] = {"Geleend", "Borrowed"},
    [T_SER_PACKAGES] = {"Maatregelen", "Measures"},
    [T_SER_INTERIM] = {"Eerste acties", "First actions"},
    [T_SER_LIMIT] = {"Limiet", "Limit"},
    [T_SER_BINDS] = {"Limiet knelt", "Limit binds"},
    [T_SER_GHOST] = {"Zonder wijziging", "Unchanged"},
    [T_SER_BAND] = {"5\xe2\x80\x93" "95%", "5\xe2\x80\x93" "95%"},
    [T_RUNS] = {"runs", "runs"},
    [T_OF] = {"van", "of"},
    [T_SER_P50] = {"Mediaan", "Median"},
    [T_SER_P90] = {"90% binnen", "90% within"},
    [T_SER_TARGET] = {"Norm", "Target"},
    [T_DAYS] = {"dagen", "days"},
    [T_YES] = {"ja", "yes"},
    [T_NO] = {"nee", "no"},
    [T_KPI_PROTECTED] = {"Onder beveiliging", "Under protection"},
    [T_KPI_PROTECTED_SHORT] = {"Beveiligd", "Protected"},
    [T_KPI_WITHIN] = {"Binnen norm, 13 weken", "Within target, 13 weeks"},
    [T_KPI_WITHIN_SHORT] = {"Binnen norm 13 wk", "In target 13 wk"},
    [T_KPI_WITHIN_START] = {"Binnen norm, sinds start", "Within target, since start"},
    [T_KPI_WITHIN_START_SHORT] = {"Binnen norm", "In target"},
    [T_KPI_BORROWED] = {"Basisteams geleend", "Borrowed from basic teams"},
    [T_KPI_BORROWED_SHORT] = {"Geleend", "Borrowed"},
    [T_KPI_COST] = {"Kosten laatste 12 maanden", "Cost, last 12 months"},
    [T_KPI_COST_SHORT] = {"Kosten 12 mnd", "Cost 12 mo"},
    [T_KPI_COST_START] = {"Kosten sinds start", "Cost since start"},
    [T_KPI_COST_START_SHORT] = {"Kosten", "Cost"},
    [T_NORM_SUB] = {"eerste actie / definitief", "first action / definitive"},
    [T_NORM_SUB_SHORT] = {"actie / definitief", "first / definitive"},
    [T_BUDGETED] = {"begroot", "budget"},
    [T_BUDGET_WORD] = {"begroting", "budget"},
    [T_SINCE_START] = {"sinds start", "since start"},
    [T_DIFF_HEAD] = {"B \xe2\x88\x92 A", "B \xe2\x88\x92 A"},
    [T_DIFF_WAITING] = {"Onbeveiligd", "Unprotected"},
    [T_DIFF_NORM] = {"Binnen norm", "In target"},
    [T_DIFF_BORROWED] = {"Geleend", "Borrowed"},
    [T_DIFF_COST] = {"Kosten 12 mnd", "Cost 12 mo"},
    [T_DIFF_COST_SHORT] = {"Kosten", "Cost"},
    [T_BETTER] = {"beter", "better"},
    [T_WORSE] = {"slechter", "worse"},
    [T_SAME] = {"gelijk", "same"},
    [T_ARRIVES] = {"Eerste FTE operationeel", "First FTE operational"},
    [T_PAUSED] = {"pauze", "paused"},
    [T_WEEK] = {"week", "week"},
    [T_WEEKS] = {"weken", "weeks"},
    [T_MONTH] = {"maand", "month"},
    [T_MONTHS] = {"maanden", "months"},
    [T_YEAR] = {"jaar", "year"},
    [T_HELP_TITLE] = {"Toetsen", "Keys"},
    [T_HELP_LINES] = {"spatie\tstart / pauze\n"
                      "\xe2\x86\x92  \xe2\x86\x90\teen week verder / terug\n"
                      "+  -\tsneller / langzamer (week tot jaar per seconde)\n"
                      "Home  End\topnieuw beginnen / naar het einde\n"
                      "tijdas\tklik of sleep: naar die datum (ook terug)\n"
                      "1  2  B\tscenario A, B of beide naast elkaar\n"
                      "Tab\tpool of uitvoerder kiezen (ook: klik op een vak)\n"
                      "\xe2\x86\x91  \xe2\x86\x93\tFTE van de gekozen pool of uitvoerder vanaf nu\n"
                      "muis\tschuif sleept FTE; wijzen op grafiek toont waarden\n"
                      "P\twijziging via werving en opleiding / direct\n"
                      "U\tlaatste wijziging ongedaan maken\n"
                      "R\tzaalweergave (groot) / bureauweergave\n"
                      "F\tvolledig scherm (zaalweergave)\n"
                      "S\tafbeelding opslaan (PNG)\n"
                      "L\tNederlands / English\n"
                      "?\tdeze hulp\n"
                      "Esc  Q\tstoppen",
                      "space\tplay / pause\n"
                      "\xe2\x86\x92  \xe2\x86\x90\tone week on / back\n"
                      "+  -\tfaster / slower (a week to a year per second)\n"
                      "Home  End\trestart / go to the end\n"
                      "time axis\tclick or drag: go to that date (also back)\n"
                      "1  2  B\tscenario A, B or both side by side\n"
                      "Tab\tselect a pool or provider (or click its box)\n"
                      "\xe2\x86\x91  \xe2\x86\x93\tFTE of the selected pool or provider from now on\n"
                      "mouse\tdrag a slider for FTE; point at a chart for values\n"
                      "P\tchanges through recruitment and training / at once\n"
                      "U\tundo the last change\n"
                      "R\troom view (large) / desk view\n"
                      "F\tfull screen (room view)\n"
                      "S\tsave a picture (PNG)\n"
                      "L\tNederlands / English\n"
                      "?\tthis help\n"
                      "Esc  Q\tquit"},
    [T_HELP_HINT] = {"? hulp", "? help"},
    [T_SAVED] = {"Opgeslagen:", "Saved:"},
    [T_NO_B] = {"Geen scenario B opgegeven", "No scenario B given"},
    [T_END] = {"einde", "end"},
    [T_NO_EVENTS] = {"Geen geplande gebeurtenissen in dit scenario; wijzigingen met de schuiven "
                     "verschijnen hier",
                     "No scheduled events in this scenario; changes made with the sliders "
                     "appear here"},
    [T_NO_EVENTS_SHORT] = {"Geen geplande gebeurtenissen", "No scheduled events"},
    [T_SELECT_FIRST] = {"Kies eerst een pool of uitvoerder (Tab of klik)",
                        "Select a pool or provider first (Tab or click)"},
    [T_MODE_PIPELINE] = {"Wijzigingen gaan via werving en opleiding (P: direct)",
                         "Changes go through recruitment and training (P: at once)"},
    [T_MODE_AT_ONCE] = {"Wijzigingen zijn direct inzetbaar (P: via werving)",
                        "Changes are operational at once (P: through recruitment)"},
    [T_NOTHING_TO_UNDO] = {"Geen wijziging om ongedaan te maken", "No change to undo"},
    [T_BANDS_RUNNING] = {"banden", "bands"},
};

const char *vz_tr(int lang, int id)
{
    if (id < 0 || id >= T_COUNT)
        return "?";
    const char *s = TEXT[id][lang == VZ_EN ? 1 : 0];
    return s ? s : "";
}

void vz_fmt_num(char *buf, size_t n, double v, int decimals, int lang)
{
    if (n == 0)
        return;
    if (!isfinite(v)) {
        snprintf(buf, n, "\xe2\x80\x93"); /* en dash */
        return;
    }
    char thou = lang == VZ_EN ? ',' : '.';
    char dec = lang == VZ_EN ? '.' : ',';
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", decimals < 0 ? 0 : decimals, fabs(v));
    /* "-0" after rounding is printed as "0" */
    int neg = v < 0 && strspn(raw, "0.") != strlen(raw);
    const char *dot = strchr(raw, '.');
    size_t ilen = dot ? (size_t)(dot - raw) : strlen(raw);
    char out[96];
    size_t k = 0;
    if (neg)
        out[k++] = '-';
    for (size_t i = 0; i < ilen; i++) {
        out[k++] = raw[i];
        size_t left = ilen - i - 1;
        if (left > 0 && left % 3 == 0)
            out[k++] = thou;
    }
    if (dot) {
        out[k++] = dec;
        for (const char *p = dot + 1; *p; p++)
            out[k++] = *p;
    }
    out[k] = 0;
    snprintf(buf, n, "%s", out);
}

void vz_fmt_money(char *buf, size_t n, double eur, int lang)
{
    char num[64];
    double a = fabs(eur);
    if (a >= 1e9) {
        vz_fmt_num(num, sizeof num, eur / 1e9, 2, lang);
        snprintf(buf, n, lang == VZ_EN ? "\xe2\x82\xac%s bn" : "\xe2\x82\xac %s mld", num);
    } else if (a >= 1e6) {
        vz_fmt_num(num, sizeof num, eur / 1e6, 1, lang);
        snprintf(buf, n, lang == VZ_EN ? "\xe2\x82\xac%s m" : "\xe2\x82\xac %s mln", num);
    } else {
        vz_fmt_num(num, sizeof num, eur, 0, lang);
        snprintf(buf, n, lang == VZ_EN ? "\xe2\x82\xac%s" : "\xe2\x82\xac %s", num);
    }
}

void vz_fmt_pct(char *buf, size_t n, double share, int lang)
{
    char num[64];
    vz_fmt_num(num, sizeof num, share * 100.0, 1, lang);
    snprintf(buf, n, "%s%%", num);
}

static const char *const MONTH_LONG[2][12] = {
    {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
     "oktober", "november", "december"},
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"},
};
static const char *const MONTH_SHORT[2][12] = {
    {"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"},
    {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
};

const char *vz_month_short(int m, int lang)
{
    if (m < 1 || m > 12)
        return "?";
    return MONTH_SHORT[lang == VZ_EN][m - 1];
}

static void ymd(int day, int *y, int *m, int *d)
{
    char s[16];
    bb_date_format(day, s);
    *y = *m = *d = 0;
    sscanf(s, "%d-%d-%d", y, m, d);
}

void vz_fmt_date_long(char *buf, size_t n, int day, int lang)
{
    int y, m, d;
    ymd(day, &y, &m, &d);
    if (m < 1 || m > 12) {
        snprintf(buf, n, "?");
        return;
    }
    snprintf(buf, n, "%d %s %d", d, MONTH_LONG[lang == VZ_EN][m - 1], y);
}

void vz_fmt_date_short(char *buf, size_t n, int day, int lang)
{
    int y, m, d;
    ymd(day, &y, &m, &d);
    if (m < 1 || m > 12) {
        snprintf(buf, n, "?");
        return;
    }
    snprintf(buf, n, "%d %s %d", d, vz_month_short(m, lang), y);
}

void vz_fmt_signed(char *buf, size_t n, double v, int decimals, int lang)
{
    char num[64];
    vz_fmt_num(num, sizeof num, fabs(v), decimals, lang);
    int zero = strspn(num, "0.,") == strlen(num);
    /* a minus sign (U+2212), as wide as the plus */
    snprintf(buf, n, "%s%s", zero ? "" : v < 0 ? "\xe2\x88\x92" : "+", num);
}

void vz_fmt_date_tick(char *buf, size_t n, int day, int month_ticks, int lang)
{
    int y, m, d;
    ymd(day, &y, &m, &d);
    if (month_ticks && m != 1)
        snprintf(buf, n, "%s", vz_month_short(m, lang));
    else
        snprintf(buf, n, "%d", y);
}

void vz_fmt_speed(char *buf, size_t n, double h, int lang)
{
    const double week = 168.0, month = BB_HOURS_PER_YEAR / 12.0, year = BB_HOURS_PER_YEAR;
    if (h >= 0.99 * year) {
        int k = (int)lround(h / year);
        snprintf(buf, n, "%d %s/s", k, vz_tr(lang, T_YEAR));
    } else if (h >= 0.99 * month) {
        int k = (int)lround(h / month);
        snprintf(buf, n, "%d %s/s", k, vz_tr(lang, k == 1 ? T_MONTH : T_MONTHS));
    } else {
        int k = (int)lround(h / week);
        if (k < 1)
            k = 1;
        snprintf(buf, n, "%d %s/s", k, vz_tr(lang, k == 1 ? T_WEEK : T_WEEKS));
    }
}

static const struct {
    const char *id, *nl, *en;
} SHORT[] = {
    {"dkdb", "DKDB", "DKDB"},
    {"kmar_bsb", "KMar BSB", "KMar BSB"},
    {"kmar_pb", "KMar PB", "KMar PP"},
    {"kmar", "KMar", "KMar"},
    {"bewakingseenheid", "Bewakingseenheid", "Guard unit"},
    {"teams_bb", "Teams B&B", "B&B teams"},
    {"camera", "Cameratoezicht", "Camera room"},
    {"technical", "Technisch", "Technical"},
    {"national_unit", "Landelijke eenheid", "National unit"},
};

void vz_provider_short(char *buf, size_t n, const char *id, const char *label, int lang)
{
    for (size_t i = 0; i < sizeof SHORT / sizeof SHORT[0]; i++)
        if (id && !strcmp(id, SHORT[i].id)) {
            snprintf(buf, n, "%s", lang == VZ_EN ? SHORT[i].en : SHORT[i].nl);
            return;
        }
    if (label && *label) {
        const char *p = strstr(label, " (");
        int len = p ? (int)(p - label) : (int)strlen(label);
        snprintf(buf, n, "%.*s", len, label);
        return;
    }
    snprintf(buf, n, "%s", id ? id : "?");
}

void vz_provider_tiny(char *buf, size_t n, const char *id, const char *shortname, int lang)
{
    static const struct {
        const char *id, *nl, *en;
    } TINY[] = {
        {"bewakingseenheid", "Bewaking", "Guard unit"},
        {"camera", "Camera", "Camera"},
        {"technical", "Techniek", "Technical"},
        {"national_unit", "Landelijk", "National"},
    };
    for (size_t i = 0; i < sizeof TINY / sizeof TINY[0]; i++)
        if (id && !strcmp(id, TINY[i].id)) {
            snprintf(buf, n, "%s", lang == VZ_EN ? TINY[i].en : TINY[i].nl);
            return;
        }
    snprintf(buf, n, "%s", shortname ? shortname : "");
}
