#!/bin/sh
# calibrate.sh - run the shipped scenarios and regenerate the calibration
# table in docs/calibration.md, between the lines
#     <!-- calibration:begin -->
#     <!-- calibration:end -->
# (everything else in that file is left as it is).
#
#     sh tools/calibrate.sh        (or: make calibrate)
#
# Environment (all optional):
#     BBSIM   the simulator            (default build/bbsim)
#     REPS    replications per run     (default 10)
#     SEED    master seed              (default 1)
#     OUT     output directory         (default build/calibrate)
#     DOC     the document to update   (default docs/calibration.md)
#
# POSIX sh and awk only (Debian's mawk is enough). Each figure is computed
# per replication from timeseries.csv (weekly rows; a row's values are at
# the end of its week), then averaged over the replications with a 95%
# t interval, as bbsim does in summary.csv. docs/calibration.md explains
# each figure's reading of the model.
set -eu

cd "$(dirname "$0")/.."
BBSIM=${BBSIM:-build/bbsim}
REPS=${REPS:-10}
SEED=${SEED:-1}
OUT=${OUT:-build/calibrate}
DOC=${DOC:-docs/calibration.md}
SCENARIOS="baseline-2019 offensief-2020 surge-2019-2021 marengo national-unit-2022"

[ -x "$BBSIM" ] || { echo "calibrate.sh: $BBSIM not found (run make)" >&2; exit 2; }
[ -f "$DOC" ] || { echo "calibrate.sh: $DOC not found" >&2; exit 2; }
grep -q '^<!-- calibration:begin -->$' "$DOC" && grep -q '^<!-- calibration:end -->$' "$DOC" ||
    { echo "calibrate.sh: $DOC lacks the calibration:begin/end marker lines" >&2; exit 2; }

mkdir -p "$OUT"
for s in $SCENARIOS; do
    echo "calibrate.sh: running $s ($REPS replications, seed $SEED)" >&2
    "$BBSIM" run "scenarios/$s.cfg" --reps "$REPS" --seed "$SEED" -o "$OUT/$s" --quiet
done

# ---------------------------------------------------------------------
# 1. Per replication: one line "scenario figure rep value" per figure.
#
# Constants of the shipped scenarios (common/chain-2019.cfg):
#   PH   productive hours per FTE a year (calendar.productive_hours_per_fte)
#   L3   FTE a level-3 case holds (levels.level_3, every option)
#   MNL  share of the population in police unit Midden-Nederland
#        (domain-facts 2.1: ~2.0 M of 17.4 M = 11.5%)
#   SHIFT hours of one officer's duty on a day (estimate: 8)
# ---------------------------------------------------------------------
FIG="$OUT/figures.txt"
: > "$FIG"
for s in $SCENARIOS; do
    awk -F, -v scen="$s" -v PH=1340 -v L3=3 -v MNL=0.115 -v SHIFT=8 '
    function v(name) { return (name in c) ? $(c[name]) + 0 : 0 }
    function win(name, val) { sum[name, r] += val; n[name, r]++ }
    # the week that contains day d: the last row dated on or before d
    function at(name, d, val) { if (date <= d) last[name, r] = val }
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    {
        r = $(c["rep"]); date = $(c["date"]); reps[r] = 1
        l3 = v("active_level_3"); l4 = v("active_level_4")
        # early 2023 (Jan-Mar): persons under continuous protection
        if (date >= "2023-01-01" && date < "2023-04-01") {
            win("cont_l4", l4)
            win("cont_post", l4 + L3 * l3 * PH / 8760)
            win("cont_l34", l4 + l3)
        }
        # early 2020 (Jan-Mar): Midden-Nederland and officers guarding
        if (date >= "2020-01-01" && date < "2020-04-01") {
            win("mnl", MNL * v("protected_now"))
            win("mnl_dec", MNL * (v("protected_now") + v("unprotected_waiting")))
            fte = v("used_fte_dkdb") + v("used_fte_bewakingseenheid") + v("used_fte_teams_bb") \
                + v("used_fte_camera") + v("used_fte_national_unit") + v("borrowed_fte")
            win("police_fte", fte)
            win("police_duty", fte * PH / 365.25 / SHIFT)
        }
        # 2022: the Bewakingseenheid plus the level-3 cases borrowed from
        # the basic teams (each holds L3 FTE)
        if (date >= "2022-01-01" && date < "2023-01-01") {
            b3 = l3 - v("cases_bewakingseenheid") - v("cases_kmar_pb") - v("cases_national_unit")
            if (b3 < 0) b3 = 0
            win("be", v("fte_operational_bewakingseenheid") + L3 * b3)
        }
        # yearly means for the side-by-side table
        y = substr(date, 1, 4)
        win("borrowed_" y, v("borrowed_fte"))
        win("drawn_" y, v("borrowed_fte") + v("fte_operational_bewakingseenheid"))
        win("waiting_" y, v("unprotected_waiting"))
        years[y] = 1
        at("teams", "2021-11-17", v("fte_operational_teams_bb") / 12)
        at("teams_pipe", "2021-11-17", (v("fte_training_teams_bb") + v("fte_recruiting_teams_bb")) / 12)
        at("prot19", "2019-10-02", v("protected_now"))
        dk = v("fte_operational_dkdb") + v("fte_training_dkdb") + v("fte_recruiting_dkdb")
        at("dkdb_vac", "2021-09-15", dk > 0 ? 100 * (v("fte_training_dkdb") + v("fte_recruiting_dkdb")) / dk : 0)
    }
    END {
        nw = split("cont_l4 cont_post cont_l34 mnl mnl_dec police_fte police_duty be", W, " ")
        for (y in years) { W[++nw] = "borrowed_" y; W[++nw] = "drawn_" y; W[++nw] = "waiting_" y }
        split("teams teams_pipe prot19 dkdb_vac", A, " ")
        for (r in reps) {
            for (k in W) if (n[W[k], r] > 0) print scen, W[k], r, sum[W[k], r] / n[W[k], r]
            for (k in A) if ((A[k], r) in last) print scen, A[k], r, last[A[k], r]
        }
    }' "$OUT/$s/timeseries.csv" >> "$FIG"
done

# ---------------------------------------------------------------------
# 2. The table: mean [95% interval] over replications per scenario.
# ---------------------------------------------------------------------
TABLE="$OUT/table.md"
VERSION=$("$BBSIM" --version 2>/dev/null | head -n 1)
awk -v scens="$SCENARIOS" -v reps="$REPS" -v seed="$SEED" -v version="$VERSION" '
function tq(df) {  # t quantile 0.975
    if (df < 1) return 0
    if (df <= 30) return T[df]
    return 1.96 + 2.5 / df
}
# "mean [lo, hi]" of the values x[1..k], with d decimals
function stat(k, d,   i, m, s2, h, f) {
    if (k == 0) return "-"
    m = 0; for (i = 1; i <= k; i++) m += x[i]; m /= k
    if (k < 2) return sprintf("%." d "f", m)
    s2 = 0; for (i = 1; i <= k; i++) s2 += (x[i] - m) ^ 2
    h = tq(k - 1) * sqrt(s2 / (k - 1) / k)
    f = "%." d "f [%." d "f, %." d "f]"
    return sprintf(f, m, m - h, m + h)
}
function cell(sc, fig, d,   k, r) {
    k = 0
    for (r = 0; r < reps; r++) if ((sc, fig, r) in val) x[++k] = val[sc, fig, r]
    return stat(k, d)
}
# paired difference a - b per replication (common random numbers)
function diff(a, b, fig, d,   k, r) {
    k = 0
    for (r = 0; r < reps; r++)
        if ((a, fig, r) in val && (b, fig, r) in val) x[++k] = val[a, fig, r] - val[b, fig, r]
    return stat(k, d)
}
function row(label, pub, when, reading, fig, d,   i, line) {
    line = "| " label " | " pub " | " when " | " reading
    for (i = 1; i <= ns; i++) line = line " | " cell(S[i], fig, d)
    print line " |"
}
BEGIN {
    split("12.706 4.303 3.182 2.776 2.571 2.447 2.365 2.306 2.262 2.228 2.201 2.179 2.160 2.145 2.131 2.120 2.110 2.101 2.093 2.086 2.080 2.074 2.069 2.064 2.060 2.056 2.052 2.048 2.045 2.042", T, " ")
    ns = split(scens, S, " ")
}
{ val[$1, $2, $3] = $4 }
END {
    printf "Generated by `tools/calibrate.sh` (`make calibrate`): %s, %d replications per scenario, seed %d. ", version, reps, seed
    print "Each cell: mean over replications [95% t interval]. The readings are explained below the table."
    print ""
    head = "| figure | published | when | model reading"
    sep = "|---|---|---|---"
    for (i = 1; i <= ns; i++) { head = head " | " S[i]; sep = sep "|---" }
    print head " |"; print sep "|"
    row("persons under continuous personal protection", "80-130", "early 2023", "level 4 + level-3 FTE / 6.54 (one 24/7 post a person)", "cont_post", 0)
    row("(same, lower bound)", "", "early 2023", "level 4 only (24/7 personal protection package)", "cont_l4", 0)
    row("(same, upper bound)", "", "early 2023", "levels 4 + 3, every case", "cont_l34", 0)
    row("decentral cases with some protection, unit Midden-Nederland", "350 (about 100 a few years before)", "early 2020", "11.5% of cases with measures in place", "mnl", 0)
    row("(same, incl. decided and awaiting)", "", "early 2020", "11.5% of cases in place or decided and awaiting", "mnl_dec", 0)
    row("police officers busy with guarding every day", "more than 600", "early 2020", "police FTE in use (DKDB, Bewakingseenheid, B&B teams, camera room, national unit) + borrowed: one FTE per officer assigned", "police_fte", 0)
    row("(same, on duty on an average day)", "", "early 2020", "FTE in use x 1,340 h / 365.25 d / 8 h shift", "police_duty", 0)
    row("officers of the Bewakingseenheid, drawn from the basic teams", "about 450", "2022", "Bewakingseenheid FTE + 3 FTE x level-3 cases borrowed from basic teams", "be", 0)
    row("police B&B teams trained", "4 of 10", "November 2021", "operational teams_bb FTE / 12, week of 2021-11-17", "teams", 2)
    row("(two more teams recruiting)", "2 more", "November 2021", "teams_bb FTE recruiting or in training / 12", "teams_pipe", 2)
    line = "| extra persons protected right after the 2019 murder of a lawyer | 20-30 | autumn 2019 | surge-2019-2021 minus offensief-2020, paired by replication, cases with measures in place in the week of 2019-10-02"
    for (i = 1; i <= ns; i++)
        line = line " | " (S[i] == "surge-2019-2021" ? diff("surge-2019-2021", "offensief-2020", "prot19", 0) : "-")
    print line " |"
    row("extra check: DKDB posts vacant or in training", "49 PB vacancies of ~400 (~12%)", "September 2021", "DKDB FTE recruiting or in training, % of positions, week of 2021-09-15", "dkdb_vac", 1)
    print ""
    print "The scenarios side by side (same runs). Yearly figures are means of the weekly values; the others are from summary.csv."
    print ""
    head = "| output | unit"; sep = "|---|---"
    for (i = 1; i <= ns; i++) { head = head " | " S[i]; sep = sep "|---" }
    print head " |"; print sep "|"
    for (y = 2020; y <= 2026; y++) side("FTE borrowed from basic units, " y, "FTE", "borrowed_" y, 0)
    for (y = 2020; y <= 2026; y += 2) side("FTE drawn from basic teams (Bewakingseenheid + borrowed), " y, "FTE", "drawn_" y, 0)
    for (y = 2020; y <= 2026; y += 2) side("decided cases waiting unprotected, " y, "cases", "waiting_" y, 0)
}
function side(label, unit, fig, d,   i, line) {
    line = "| " label " | " unit
    for (i = 1; i <= ns; i++) line = line " | " cell(S[i], fig, d)
    print line " |"
}' "$FIG" > "$TABLE"
# rows straight from summary.csv (mean [95% interval] as bbsim wrote them)
for s in $SCENARIOS; do cat "$OUT/$s/summary.csv"; done | awk -F, -v scens="$SCENARIOS" '
function fmt(m, lo, hi, d,   f) {
    if (m == "") return "-"
    if (lo == "") return sprintf("%." d "f", m)
    f = "%." d "f [%." d "f, %." d "f]"
    return sprintf(f, m, lo, hi)
}
BEGIN { ns = split(scens, S, " ") }
$2 != "metric" { v[$1, $2, $3] = fmt($4, $5, $6, ($2 ~ /share/) ? 2 : 0) }
function out(label, unit, metric, group,   i, line) {
    line = "| " label " | " unit
    for (i = 1; i <= ns; i++) line = line " | " (((S[i], metric, group) in v) ? v[S[i], metric, group] : "-")
    print line " |"
}
END {
    out("borrowed over 2019-2026", "FTE-years", "borrowed_fte_years", "basic_units")
    out("share of decided cases borrowed at once", "share", "first_assignment_share", "borrowed")
    out("share of decided cases with their own provider at once", "share", "first_assignment_share", "own")
    out("lead time intake to measures, median, regular cases", "hours", "lead_time_p50_h", "regular")
    out("lead time intake to measures, p90, regular cases", "hours", "lead_time_p90_h", "regular")
    out("regular cases within 28 days", "share", "within_target_share", "regular")
    out("lead time intake to measures, median, acute cases", "hours", "lead_time_p50_h", "acute")
    out("acute cases within 24 hours", "share", "within_target_share", "acute")
    out("unprotected person-days 2019-2026", "days", "unprotected_person_days", "all")
    out("waiting for information gathering at the end", "cases", "queue_end", "information")
    out("waiting for decentral advice at the end", "cases", "queue_end", "advice_decentral")
    out("cost 2019-2026", "EUR", "cost_eur", "total")
}' >> "$TABLE"

# ---------------------------------------------------------------------
# 3. Put the table between the marker lines of the document.
# ---------------------------------------------------------------------
awk -v table="$TABLE" '
/^<!-- calibration:begin -->$/ { print; while ((getline l < table) > 0) print l; skip = 1; next }
/^<!-- calibration:end -->$/ { skip = 0 }
!skip { print }' "$DOC" > "$DOC.tmp"
mv "$DOC.tmp" "$DOC"
echo "calibrate.sh: wrote the table into $DOC (per-replication figures in $FIG)" >&2
