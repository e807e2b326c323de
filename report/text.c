/*
 * text.c - the report's words in Dutch and English (Dutch first, the
 * words of ../shared/design/view.md), the groups of the outputs in
 * words, and numbers in Dutch format (decimal comma, "." between
 * thousands) or English. Pure: no cairo, no state.
 */
#include "rp.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct word {
    const char *key, *nl, *en;
} word;

static const word WORDS[] = {
    /* title page */
    {"report", "Rapport Bewaken en Beveiligen", "Report: protection of threatened persons (B&B)"},
    {"subtitle", "Capaciteit, doorlooptijden, lenen en kosten van het stelsel, uit bbsim",
     "Capacity, lead times, borrowing and cost of the chain, from bbsim"},
    {"scenarios", "Scenario's", "Scenarios"},
    {"scenario", "Scenario", "Scenario"},
    {"seed", "seed", "seed"},
    {"reps", "replicaties", "replications"},
    {"version", "bbsim-versie", "bbsim version"},
    {"period", "periode", "period"},
    {"folder", "map", "folder"},
    {"made_by", "Gemaakt met", "Made with"},
    {"rerun", "De uitvoer opnieuw maken", "To make the outputs again"},
    {"pages", "Pagina's", "Pages"},
    {"key_figures", "Kerncijfers over de hele periode", "Key figures over the whole period"},
    {"paired_yes", "Verschillen: gepaard (gelijke toevalsgetallen), met 95%-interval, tegen het "
                   "eerste scenario.",
     "Differences: paired (common random numbers), with 95% interval, against the first "
     "scenario."},
    {"paired_no", "Geen gepaarde verschillen: de mappen komen uit losse runs. bbsim compare "
                  "A.cfg B.cfg maakt ze.",
     "No paired differences: the folders come from separate runs. bbsim compare A.cfg B.cfg "
     "makes them."},
    {"ci_note", "Alle cijfers: gemiddelde over de replicaties, met 95%-betrouwbaarheidsinterval.",
     "All figures: mean over the replications, with 95% confidence interval."},
    /* page titles */
    {"t_lead", "Doorlooptijden per jaar", "Lead times per year"},
    {"t_backlog", "Werkvoorraad per fase", "Backlog per stage"},
    {"t_borrow", "Lenen van de basisteams", "Borrowing from the basic teams"},
    {"t_bottleneck", "Waar zat het knelpunt?", "Where was the bottleneck?"},
    {"t_cost", "Kosten tegen de begroting", "Cost against the budget"},
    {"t_never", "Nooit beveiligd", "Never protected"},
    {"t_weekly", "Verloop per week", "Week by week"},
    {"t_diff", "tegen", "against"},
    /* the questions */
    {"q_lead", "Hoe snel krijgt een bedreigde een eerste beschermende maatregel, en het "
               "definitieve pakket? Tegen de normen van het scenario. (vragen 1 en 4)",
     "How soon does a threatened person get a first protective action, and the definitive "
     "package? Against the scenario's targets. (questions 1 and 4)"},
    {"q_backlog", "Hoeveel zaken wachten gemiddeld in elke fase van de keten? (vragen 1 en 2)",
     "How many cases wait, on average, in each stage of the chain? (questions 1 and 2)"},
    {"q_borrow", "Hoeveel capaciteit komt uit de basisteams, tegen de grens, en hoeveel was nodig "
                 "maar niet te krijgen? (vragen 1 en 4)",
     "How much capacity comes from the basic teams, against the limit, and how much was needed "
     "but not to be had? (questions 1 and 4)"},
    {"q_bottleneck", "Welke fase of uitvoerder hield de keten het vaakst op? (vragen 2 en 3)",
     "Which stage or provider held the chain up most often? (questions 2 and 3)"},
    {"q_cost", "Wat kost het scenario per jaar, per begrotingslijn, tegen de begroting? En de "
               "uren regulier politiewerk ernaast. (vraag 5)",
     "What does the scenario cost per year, per budget line, against the budget? And the regular "
     "police hours beside it. (question 5)"},
    {"q_never", "Hoeveel zaken die maatregelen nodig hadden, kregen ze nooit, en waarom? "
                "(vragen 1 en 2)",
     "How many cases that needed measures never got them, and why? (questions 1 and 2)"},
    {"q_weekly", "Hoe verloopt het binnen de jaren? Gemiddelde en de band waarin 90% van de "
                 "replicaties valt. (vragen 2 en 3)",
     "How does it go within the years? Mean and the band that holds 90% of the replications. "
     "(questions 2 and 3)"},
    {"q_diff", "Wat verandert er tegen het eerste scenario, per jaar, met 95%-interval? "
               "(vraag 1)",
     "What changes against the first scenario, per year, with 95% interval? (question 1)"},
    /* chart words */
    {"acute", "Acuut", "Acute"},
    {"regular", "Regulier", "Regular"},
    {"first_action", "eerste maatregel", "first action"},
    {"definitive", "definitief pakket", "definitive package"},
    {"hours", "uur", "hours"},
    {"days", "dagen", "days"},
    {"cases", "zaken", "cases"},
    {"fte", "fte", "FTE"},
    {"p90", "90% binnen (p90)", "90% within (p90)"},
    {"p50", "helft binnen (mediaan)", "half within (median)"},
    {"norm", "norm", "target"},
    {"within", "binnen norm", "within target"},
    {"interval", "95%-interval", "95% interval"},
    {"borrowed", "Basisteams (geleend)", "Basic teams (borrowed)"},
    {"unmet", "nodig, niet te krijgen", "needed, not to be had"},
    {"pressure", "druk op basisteams, incl. Bewakingseenheid", "pressure on basic teams, incl. "
                                                               "guard unit"},
    {"limit", "grens", "limit"},
    {"limit_acute", "grens + acuut", "limit + acute"},
    {"same_as_def", "gelijk aan het definitieve pakket", "the same as the definitive package"},
    {"hours_lost", "verloren uren regulier politiewerk", "regular police hours lost"},
    {"share_weeks", "aandeel van de weken", "share of the weeks"},
    {"cash", "kosten (kas)", "cash cost"},
    {"budget", "begroting", "budget"},
    {"opportunity", "uren regulier politiewerk (niet opgeteld)", "regular police hours (not added "
                                                                 "in)"},
    {"not_modelled", "niet gemodelleerd", "not modelled"},
    {"modelled_lines", "gemodelleerde lijnen", "modelled lines"},
    {"not_modelled_lines", "Niet gemodelleerd (geen kosten gesimuleerd)",
     "Not modelled (no cost simulated)"},
    {"c_cash", "Kosten (kas) van de gemodelleerde lijnen", "Cash cost of the modelled lines"},
    {"c_cash_all", "Kosten (kas)", "Cash cost"},
    {"no_cases", "Geen zaak van deze soort kreeg het, in geen enkel jaar.",
     "No case of this kind got it, in any year."},
    {"c_opportunity", "Uren regulier politiewerk, niet opgeteld", "Regular police hours, not "
                                                                  "added in"},
    {"fte_year", "fte, gemiddeld over het jaar", "FTE, on average over the year"},
    {"mostly", "meestal", "mostly"},
    {"of_weeks", "van de weken", "of the weeks"},
    {"all_cash", "alle kosten (kas), ook zonder lijn", "all cash cost, also without a line"},
    {"gap", "over", "left"},
    {"overrun", "overschrijding", "overrun"},
    {"no_lines", "Dit scenario heeft geen begrotingslijnen: alleen de kosten per jaar.",
     "This scenario has no budget lines: only the cost per year."},
    {"never_all", "nooit beveiligd", "never protected"},
    {"of_needing", "van wie maatregelen nodig had", "of those who needed measures"},
    {"by_reason", "Waarom, over de hele periode", "Why, over the whole period"},
    {"per_year", "Per jaar", "Per year"},
    {"better", "beter", "better"},
    {"worse", "slechter", "worse"},
    {"no_diff", "geen verschil (interval omvat 0)", "no difference (interval includes 0)"},
    {"mln", "mln \xe2\x82\xac", "EUR m"},
    {"missing_metric", "Niet in de uitvoer: ", "Not in the outputs: "},
    {"band", "band 5%-95% van de replicaties", "band 5%-95% of the replications"},
    {"mean", "gemiddelde over de replicaties", "mean over the replications"},
    {"borrowed_from", "Geleend van de basisteams", "Borrowed from the basic teams"},
    {"unprotected", "Onbeveiligd wachtend", "Waiting, unprotected"},
    /* notes under the charts */
    {"n_lead", "Balk: de tijd waarbinnen 90% van de zaken van dat jaar het had; stip: de helft. "
               "Streep: 95%-interval over de replicaties. Gestippelde lijn: de norm. 3/10: alleen in 3 "
               "van de 10 replicaties kreeg 90% het ooit (gemiddelde over die 3). Onder de as: "
               "het aandeel binnen de norm (ook wie nooit beveiligd werd telt, als niet binnen).",
     "Bar: the time within which 90% of that year's cases had it; dot: half of them. Whisker: "
     "95% interval over the replications. Dashed line: the target. 3/10: only in 3 of the 10 "
     "replications did 90% ever get it (mean over those 3). Under the axis: the share within "
     "the target (those never protected count too, as not within)."},
    {"n_backlog", "Gemiddeld aantal wachtende zaken over het jaar, per fase; streep: "
                  "95%-interval. Elke fase heeft een eigen schaal.",
     "Average number of cases waiting over the year, per stage; whisker: 95% interval. Each "
     "stage has its own scale."},
    {"n_borrow", "Balk: fte die gemiddeld uit de basisteams geleend werden; daarop de fte die "
                 "nodig waren maar boven de grens lagen. Stip: de hele druk op de basisteams, "
                 "met de Bewakingseenheid. Gestippeld: de grens voor lenen, en met de ruimte voor "
                 "acute eerste maatregelen erbij. Onder de as: uren regulier politiewerk die "
                 "verloren gingen.",
     "Bar: FTE borrowed from the basic teams on average; on top, the FTE needed above the limit. "
     "Dot: the whole pressure on the basic teams, with the guard unit. Dashed: the limit of "
     "borrowing, and with the room for acute first actions added. Under the axis: regular "
     "police hours lost."},
    {"n_bottleneck", "Per jaar: in hoeveel van de weken deze fase of uitvoerder het knelpunt "
                     "was: waar de meeste zaken op wachtten (gemiddeld minstens een). Alleen "
                     "wat ooit knelde.",
     "Per year: in how many of the weeks this stage or provider was the bottleneck: what the "
     "most cases waited for (at least one on average). Only what ever was one."},
    {"n_cost", "Balk: kosten (kas) van de gemodelleerde begrotingslijnen, met 95%-interval; "
               "zwart streepje: hun begroting. Rechts ernaast: de uren regulier politiewerk in "
               "euro's (opportuniteitskosten), nooit bij de kosten opgeteld.",
     "Bar: cash cost of the modelled budget lines, with 95% interval; black tick: their budget. "
     "Beside it: the regular police hours in euros (opportunity cost), never added to the cost."},
    {"n_never", "Zaken waarvan de dreiging voorbij was voordat er iets stond. Per jaar van "
                "binnenkomst; rechts de reden, over de hele periode.",
     "Cases whose threat ended before anything was in place. Per year of intake; right, the "
     "reason, over the whole period."},
    {"n_weekly", "Lijn: gemiddelde over de replicaties per week; vlak: 5%-95% van de "
                 "replicaties.",
     "Line: mean over the replications per week; area: 5%-95% of the replications."},
    {"n_diff", "Stip: dit scenario min het eerste, gemiddeld over de replicaties op dezelfde "
               "toevalsgetallen; streep: 95%-interval. Groen: beter, rood: slechter, grijs: "
               "het interval omvat 0.",
     "Dot: this scenario minus the first, averaged over the replications on the same random "
     "numbers; whisker: 95% interval. Green: better, red: worse, grey: the interval includes 0."},
    /* reasons never protected */
    {"reason_no_capacity", "geen capaciteit", "no capacity"},
    {"reason_lead_time", "installatietijd van de maatregel", "lead time of the measure"},
    {"reason_assessment", "nog in beoordeling", "still being assessed"},
};

const char *rp_tr(int lang, const char *key)
{
    for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0]; i++)
        if (strcmp(WORDS[i].key, key) == 0)
            return lang == RP_EN ? WORDS[i].en : WORDS[i].nl;
    return "?";
}

/* The groups of the outputs: stages and the usual providers. */
static const word GROUPS[] = {
    {"information", "Informatie", "Information"},
    {"advice_decentral", "Beoordeling decentraal", "Assessment, decentral"},
    {"advice_central", "Beoordeling centraal", "Assessment, central"},
    {"decision", "Besluit", "Decision"},
    {"execution", "Wacht op uitvoering", "Waiting for execution"},
    {"none", "geen knelpunt", "no bottleneck"},
    {"dkdb", "DKDB", "DKDB"},
    {"kmar_bsb", "KMar BSB", "KMar BSB"},
    {"kmar_pb", "KMar Persoonsbeveiliging", "KMar personal protection"},
    {"bewakingseenheid", "Bewakingseenheid", "Guard unit"},
    {"teams_bb", "Teams Bewaken en Beveiligen", "B&B teams"},
    {"camera", "Cameratoezicht", "Camera room"},
    {"technical", "Technische maatregelen", "Technical measures"},
    {"national_unit", "Landelijke eenheid", "National unit"},
    {"basic_units", "Basisteams (geleend)", "Basic teams (borrowed)"},
};

const char *rp_group_word(const rp_data *d, const char *group, char *buf, size_t n)
{
    for (size_t i = 0; i < sizeof GROUPS / sizeof GROUPS[0]; i++)
        if (strcmp(GROUPS[i].key, group) == 0)
            return d->lang == RP_EN ? GROUPS[i].en : GROUPS[i].nl;
    if (strncmp(group, "reason_", 7) == 0)
        return rp_tr(d->lang, group);
    for (int k = 0; k < d->ns; k++) {
        const char *l = rp_prov_label(d, k, group);
        if (l) {
            /* "Label (detail)": the label before the detail */
            const char *p = strstr(l, " (");
            snprintf(buf, n, "%.*s", p ? (int)(p - l) : (int)strlen(l), l);
            return buf;
        }
    }
    /* a regional provider's unit (teams_bb_amsterdam): its word and the unit */
    for (size_t i = 0; i < sizeof GROUPS / sizeof GROUPS[0]; i++) {
        size_t kl = strlen(GROUPS[i].key);
        if (strncmp(GROUPS[i].key, group, kl) == 0 && group[kl] == '_' && group[kl + 1]) {
            snprintf(buf, n, "%s %s", d->lang == RP_EN ? GROUPS[i].en : GROUPS[i].nl,
                     group + kl + 1);
            return buf;
        }
    }
    snprintf(buf, n, "%s", group);
    return buf;
}

#define MINUS "\xe2\x88\x92" /* U+2212 */

void rp_fmt_num(char *buf, size_t n, double v, int decimals, int lang)
{
    if (n == 0)
        return;
    if (!isfinite(v)) {
        snprintf(buf, n, "\xe2\x80\x93"); /* en dash: undefined */
        return;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v) < 1e15 ? fabs(v) : 1e15);
    bool neg = v < 0 && strspn(raw, "0.") != strlen(raw); /* no "-0" */
    const char *dot = strchr(raw, '.');
    size_t ilen = dot ? (size_t)(dot - raw) : strlen(raw);
    char out[128];
    size_t k = 0;
    if (neg) {
        memcpy(out, MINUS, 3);
        k = 3;
    }
    for (size_t i = 0; i < ilen; i++) {
        out[k++] = raw[i];
        size_t left = ilen - i - 1;
        if (left > 0 && left % 3 == 0)
            out[k++] = lang == RP_EN ? ',' : '.';
    }
    if (dot) {
        out[k++] = lang == RP_EN ? '.' : ',';
        for (const char *p = dot + 1; *p; p++)
            out[k++] = *p;
    }
    out[k] = 0;
    snprintf(buf, n, "%s", out);
}

void rp_fmt_sig(char *buf, size_t n, double v, int sig, int lang)
{
    int dec = 0;
    if (isfinite(v) && v != 0) {
        int mag = (int)floor(log10(fabs(v)));
        dec = sig - 1 - mag;
        if (dec < 0)
            dec = 0;
        if (dec > 3)
            dec = 3;
    }
    rp_fmt_num(buf, n, v, dec, lang);
}

void rp_fmt_pct(char *buf, size_t n, double share, int decimals, int lang)
{
    if (!isfinite(share)) {
        rp_fmt_num(buf, n, share, 0, lang);
        return;
    }
    char num[64];
    rp_fmt_num(num, sizeof num, share * 100.0, decimals, lang);
    snprintf(buf, n, "%s%%", num);
}

void rp_fmt_eur(char *buf, size_t n, double eur, int lang)
{
    char num[64];
    double a = fabs(eur);
    if (!isfinite(eur)) {
        rp_fmt_num(buf, n, eur, 0, lang);
    } else if (a >= 1e9) {
        rp_fmt_num(num, sizeof num, eur / 1e9, 2, lang);
        snprintf(buf, n, lang == RP_EN ? "\xe2\x82\xac%sbn" : "\xe2\x82\xac %s mld", num);
    } else if (a >= 1e6) {
        rp_fmt_num(num, sizeof num, eur / 1e6, 1, lang);
        snprintf(buf, n, lang == RP_EN ? "\xe2\x82\xac%sm" : "\xe2\x82\xac %s mln", num);
    } else {
        rp_fmt_num(num, sizeof num, eur, 0, lang);
        snprintf(buf, n, lang == RP_EN ? "\xe2\x82\xac%s" : "\xe2\x82\xac %s", num);
    }
}

void rp_fmt_signed(char *buf, size_t n, double v, int decimals, int lang)
{
    char num[64];
    rp_fmt_num(num, sizeof num, v, decimals, lang);
    bool plus = isfinite(v) && strncmp(num, MINUS, 3) != 0 && strspn(num, "0.,") != strlen(num);
    snprintf(buf, n, "%s%s", plus ? "+" : "", num);
}
