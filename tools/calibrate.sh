#!/bin/sh
# calibrate.sh - run the shipped scenarios and regenerate the generated
# tables of docs/calibration.md, each between a pair of marker lines
#     <!-- NAME:begin -->  ...  <!-- NAME:end -->
# (everything else in that file is left as it is):
#
#   calibration  the published figures beside every shipped scenario
#   variants     the headline results under the three demand variants
#   limit        the headline results for three borrowing limits
#   monotone     more FTE in every pool and provider, on common random
#                numbers: does acute first action, unprotected person-days
#                or never-protected get significantly worse?
#
#     sh tools/calibrate.sh        (or: make calibrate)
#
# Environment (all optional):
#     BBSIM   the simulator            (default build/bbsim)
#     REPS    replications per run     (default 10)
#     SEED    master seed              (default 1)
#     OUT     output directory         (default build/calibrate)
#     DOC     the document to update   (default docs/calibration.md)
#     ONLY    a list of the tables to make (default: all four)
#
# POSIX sh and awk only (Debian's mawk is enough). Figures of the first
# table come per replication from timeseries.csv (weekly rows; a row's
# values are at the end of its week), then mean and 95% t interval over
# the replications, as bbsim does in summary.csv; the other tables read
# bbsim's own summary.csv and its paired differences (compare).
set -eu

cd "$(dirname "$0")/.."
BBSIM=${BBSIM:-build/bbsim}
REPS=${REPS:-10}
SEED=${SEED:-1}
OUT=${OUT:-build/calibrate}
DOC=${DOC:-docs/calibration.md}
ONLY=${ONLY:-calibration variants limit monotone}
SCENARIOS="baseline-2019 offensief-2020 shock-2025 marengo national-unit-2022"

[ -x "$BBSIM" ] || { echo "calibrate.sh: $BBSIM not found (run make)" >&2; exit 2; }
[ -f "$DOC" ] || { echo "calibrate.sh: $DOC not found" >&2; exit 2; }
mkdir -p "$OUT"
VERSION=$("$BBSIM" --version 2>/dev/null | head -n 1)

# Put the file $2 between the marker lines of table $1 in the document.
put_table() {
    grep -q "^<!-- $1:begin -->\$" "$DOC" && grep -q "^<!-- $1:end -->\$" "$DOC" ||
        { echo "calibrate.sh: $DOC lacks the $1:begin/end marker lines" >&2; exit 2; }
    awk -v name="$1" -v table="$2" '
    $0 == "<!-- " name ":begin -->" { print; while ((getline l < table) > 0) print l; skip = 1; next }
    $0 == "<!-- " name ":end -->" { skip = 0 }
    !skip { print }' "$DOC" > "$DOC.tmp"
    mv "$DOC.tmp" "$DOC"
    echo "calibrate.sh: wrote the $1 table into $DOC" >&2
}

run() { # run NAME SCENARIO [--set ...]: into $OUT/NAME
    name=$1; sc=$2; shift 2
    echo "calibrate.sh: run $name ($REPS replications, seed $SEED)" >&2
    "$BBSIM" run "scenarios/$sc.cfg" --reps "$REPS" --seed "$SEED" -o "$OUT/$name" --quiet "$@"
}

# The t interval helpers shared by the awk programs below.
TSTAT='
function tq(df) {  # t quantile 0.975
    if (df < 1) return 0
    if (df <= 30) return T[df]
    return 1.96 + 2.5 / df
}
function stat(k, d,   i, m, s2, h, f) {  # "mean [lo, hi]" of x[1..k]
    if (k == 0) return "-"
    m = 0; for (i = 1; i <= k; i++) m += x[i]; m /= k
    if (k < 2) return sprintf("%." d "f", m)
    s2 = 0; for (i = 1; i <= k; i++) s2 += (x[i] - m) ^ 2
    h = tq(k - 1) * sqrt(s2 / (k - 1) / k)
    f = "%." d "f [%." d "f, %." d "f]"
    return sprintf(f, m, m - h, m + h)
}
BEGIN { split("12.706 4.303 3.182 2.776 2.571 2.447 2.365 2.306 2.262 2.228 2.201 2.179 2.160 2.145 2.131 2.120 2.110 2.101 2.093 2.086 2.080 2.074 2.069 2.064 2.060 2.056 2.052 2.048 2.045 2.042", T, " ") }
'

# ---------------------------------------------------------------------
# 1. The published figures.
# ---------------------------------------------------------------------
calibration() {
    for s in $SCENARIOS; do run "$s" "$s"; done
    # the 2019 murder's extra cases switched off (the Wiersum entries of
    # common/history-2019-2021.cfg, surges [1] to [5])
    run no-wiersum offensief-2020 --set 'surges.[1].extra_cases=0' --set 'surges.[2].extra_cases=0' \
        --set 'surges.[3].extra_cases=0' --set 'surges.[4].extra_cases=0' \
        --set 'surges.[5].extra_cases=0'
    FIG="$OUT/figures.txt"
    : > "$FIG"
    for s in $SCENARIOS no-wiersum; do
        awk -F, -v scen="$s" -v PH=1340 -v SHIFT=8 '
        function v(name) { return (name in c) ? $(c[name]) + 0 : 0 }
        # a regional provider: the sum of its columns over the regions
        # (prefix_<region>), or its own column without regions
        function vs(name,   k, t) {
            if (name in c) return $(c[name]) + 0
            t = 0; for (k = 1; k <= NF; k++) if (index(hd[k], name "_") == 1) t += $k
            return t
        }
        function win(name, val) { sum[name, r] += val; n[name, r]++ }
        # the week that contains day d: the last row dated on or before d
        function at(name, d, val) { if (date <= d) last[name, r] = val }
        NR == 1 { for (i = 1; i <= NF; i++) { c[$i] = i; hd[i] = $i }; next }
        {
            r = $(c["rep"]); date = $(c["date"]); reps[r] = 1
            # early 2023 (Jan-Mar): persons under continuous protection
            if (date >= "2023-01-01" && date < "2023-04-01") {
                win("cont", v("continuous_persons"))
                win("l4", v("active_level_4"))
            }
            # early 2020 (Jan-Mar): officers guarding (Midden-Nederland: regions.csv below)
            if (date >= "2020-01-01" && date < "2020-04-01") {
                fte = v("used_fte_dkdb") + v("used_fte_kmar_bsb") + v("used_fte_bewakingseenheid") \
                    + vs("used_fte_teams_bb") + v("used_fte_camera") + v("used_fte_kmar_pb") \
                    + v("used_fte_national_unit") + v("borrowed_fte")
                win("police_fte", fte)
                win("police_duty", fte * PH / 365.25 / SHIFT)
            }
            # 2022: officers drawn from the basic teams (Bewakingseenheid and borrowed)
            if (date >= "2022-01-01" && date < "2023-01-01") {
                win("drawn", v("pressure_fte"))
                win("drawn_guard", v("pressure_fte") - v("borrowed_acute_fte"))
            }
            at("teams", "2021-11-17", vs("fte_operational_teams_bb") / 12)
            at("teams_pipe", "2021-11-17", (vs("fte_training_teams_bb") + vs("fte_recruiting_teams_bb")) / 12)
            at("prot19", "2019-10-02", v("protected_now"))
            dk = v("fte_operational_dkdb") + v("fte_training_dkdb") + v("fte_recruiting_dkdb")
            at("dkdb_vac", "2021-09-15", dk > 0 ? 100 * (v("fte_training_dkdb") + v("fte_recruiting_dkdb")) / dk : 0)
        }
        END {
            nw = split("cont l4 police_fte police_duty drawn drawn_guard", W, " ")
            split("teams teams_pipe prot19 dkdb_vac", A, " ")
            for (r in reps) {
                for (k = 1; k <= nw; k++) if (n[W[k], r] > 0) print scen, W[k], r, sum[W[k], r] / n[W[k], r]
                for (k in A) if ((A[k], r) in last) print scen, A[k], r, last[A[k], r]
            }
        }' "$OUT/$s/timeseries.csv" >> "$FIG"
        # early 2020 (Jan-Mar), the unit Midden-Nederland itself (regions.csv)
        awk -F, -v scen="$s" '
        NR > 1 && $5 == "midden_nederland" && $4 >= "2020-01-01" && $4 < "2020-04-01" {
            r = $2; reps[r] = 1
            if ($6 == "protected_now") { sp[r] += $7; np[r]++ }
            if ($6 == "unprotected_needing") { su[r] += $7; nu[r]++ }
        }
        END {
            for (r in reps) if (np[r] > 0 && nu[r] > 0) {
                print scen, "mnl", r, sp[r] / np[r]
                print scen, "mnl_need", r, sp[r] / np[r] + su[r] / nu[r]
            }
        }' "$OUT/$s/regions.csv" >> "$FIG"
    done
    awk -v scens="$SCENARIOS" -v reps="$REPS" -v seed="$SEED" -v version="$VERSION" "$TSTAT"'
    function cell(sc, fig, d,   k, r) {
        k = 0
        for (r = 0; r < reps; r++) if ((sc, fig, r) in val) x[++k] = val[sc, fig, r]
        return stat(k, d)
    }
    function diff(a, b, fig, d,   k, r) {  # a - b per replication (common random numbers)
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
    BEGIN { ns = split(scens, S, " ") }
    { val[$1, $2, $3] = $4 }
    END {
        printf "Generated by `tools/calibrate.sh` (`make calibrate`): %s, %d replications per scenario, seed %d, demand variant moderate. ", version, reps, seed
        print "Each cell: mean over replications [95% t interval]. The readings are explained below the table."
        print ""
        head = "| figure | published | when | model reading"; sep = "|---|---|---|---"
        for (i = 1; i <= ns; i++) { head = head " | " S[i]; sep = sep "|---" }
        print head " |"; print sep "|"
        row("persons under continuous protection", "80-130", "early 2023", "persons (not objects) whose package in place is continuous: levels 3 and 4 (column continuous_persons)", "cont", 0)
        row("(of which level 4)", "", "early 2023", "cases with level-4 measures in place", "l4", 0)
        row("decentral cases with some protection needed, unit Midden-Nederland", "350 (about 100 a few years before)", "early 2020", "the region midden_nederland (regions.csv): its cases that need measures, in place or waiting (protected_now + unprotected_needing)", "mnl_need", 0)
        row("(same, protected only)", "", "early 2020", "the region midden_nederland: its cases with measures in place", "mnl", 0)
        row("police officers busy with guarding every day", "more than 600", "early 2020", "FTE in use at the police and KMar providers + borrowed: one FTE per officer assigned", "police_fte", 0)
        row("(same, on duty on an average day)", "", "early 2020", "FTE in use x 1,340 h / 365.25 d / 8 h shift", "police_duty", 0)
        row("officers drawn from the basic teams for guarding", "about 450", "2022", "pressure_fte without the acute first actions: Bewakingseenheid + borrowed for packages", "drawn_guard", 0)
        row("(same, with the acute first actions)", "", "2022", "pressure_fte: Bewakingseenheid + everything borrowed", "drawn", 0)
        row("police B&B teams trained", "4 of 10", "November 2021", "operational teams_bb FTE / 12, week of 2021-11-17", "teams", 2)
        row("(two more teams recruiting)", "2 more", "November 2021", "teams_bb FTE recruiting or in training / 12", "teams_pipe", 2)
        line = "| extra persons protected right after the 2019 murder of a lawyer | 20-30 | autumn 2019 | offensief-2020 minus the same without the murder`s extra cases, paired by replication, cases with measures in place in the week of 2019-10-02"
        for (i = 1; i <= ns; i++)
            line = line " | " (S[i] == "offensief-2020" ? diff("offensief-2020", "no-wiersum", "prot19", 0) : "-")
        print line " |"
        row("extra check: DKDB posts vacant or in training", "49 PB vacancies of ~400 (~12%)", "September 2021", "DKDB FTE recruiting or in training, % of positions, week of 2021-09-15", "dkdb_vac", 1)
    }' "$FIG" > "$OUT/calibration.md"
    # the scenarios side by side, from summary.csv and yearly.csv
    for s in $SCENARIOS; do cat "$OUT/$s/summary.csv" "$OUT/$s/yearly.csv"; done |
    awk -F, -v scens="$SCENARIOS" -v reps="$REPS" '
    function fmt(m, lo, hi, d, n,   f, s) {
        if (m == "") return "-"
        if (lo == "") s = sprintf("%." d "f", m)
        else { f = "%." d "f [%." d "f, %." d "f]"; s = sprintf(f, m, lo, hi) }
        # a quantile reached in only some replications: say in how many
        if (n != "" && n + 0 < reps + 0) s = s " (" n " of " reps " replications)"
        return s
    }
    BEGIN { ns = split(scens, S, " ") }
    $2 == "metric" || $2 == "year" { next }
    $2 ~ /^[0-9]+$/ { v[$1, $3, $4, $2] = fmt($5, $6, $7, ($3 ~ /share/) ? 2 : 0, $8); next }
    { v[$1, $2, $3, 0] = fmt($4, $5, $6, ($2 ~ /share/) ? 2 : 0, $7) }
    function out(label, unit, metric, group, year,   i, line) {
        line = "| " label " | " unit
        for (i = 1; i <= ns; i++) line = line " | " (((S[i], metric, group, year) in v) ? v[S[i], metric, group, year] : "-")
        print line " |"
    }
    END {
        print ""
        print "The scenarios side by side (the same runs, from summary.csv and yearly.csv)."
        print ""
        head = "| output | unit"; sep = "|---|---"
        for (i = 1; i <= ns; i++) { head = head " | " S[i]; sep = sep "|---" }
        print head " |"; print sep "|"
        out("acute cases with a first protective action within 24 h", "share", "first_action_within_target_share", "acute", 0)
        out("regular cases with their package within 28 days", "share", "within_target_share", "regular", 0)
        out("acute cases with their package within 14 days", "share", "within_target_share", "acute", 0)
        out("definitive package, median, all cases", "hours", "lead_time_p50_h", "all", 0)
        out("definitive package, p90, all cases (empty: not reached)", "hours", "lead_time_p90_h", "all", 0)
        out("never protected (threat ended before anything was in place)", "cases", "never_protected", "all", 0)
        out("unprotected person-days 2019-2026 (needing measures, nothing in place)", "days", "unprotected_person_days", "all", 0)
        for (y = 2020; y <= 2026; y += 2) out("borrowed from the basic units, " y, "FTE", "borrowed_fte_mean", "basic_units", y)
        for (y = 2020; y <= 2026; y += 2) out("borrowing needed beyond the limit, " y, "FTE", "borrow_unmet_fte_mean", "basic_units", y)
        for (y = 2020; y <= 2026; y += 2) out("regular police hours lost to guarding, " y, "hours", "police_hours_lost", "basic_units", y)
        out("continuous protection, 2024", "persons", "continuous_protection_persons_mean", "all", 2024)
        out("cash cost 2019-2026", "EUR", "cost_cash_eur", "total", 0)
        out("opportunity cost (regular police hours) 2019-2026", "EUR", "cost_opportunity_eur", "total", 0)
    }' >> "$OUT/calibration.md"
    put_table calibration "$OUT/calibration.md"
}

# ---------------------------------------------------------------------
# 2 and 3. Headline results under the demand variants and the limits.
# ---------------------------------------------------------------------
# headline TABLE COLUMN-LABELS... : rows of headline metrics, one column
# per run directory (given as LABEL=DIR)
headline() {
    table=$1; shift
    for a in "$@"; do
        label=${a%%=*}; dir=${a#*=}
        awk -F, -v label="$label" '$2 != "metric" && $2 != "year" { print label "," $0 }' \
            "$dir/summary.csv" "$dir/yearly.csv"
    done | awk -F, -v cols="$(for a in "$@"; do printf '%s|' "${a%%=*}"; done)" '
    function fmt(m, lo, hi, d,   f) {
        if (m == "") return "-"
        if (lo == "") return sprintf("%." d "f", m)
        return sprintf("%." d "f [%." d "f, %." d "f]", m, lo, hi)
    }
    BEGIN { nc = split(cols, C, "|"); if (C[nc] == "") nc-- }  # labels may hold spaces
    $3 ~ /^[0-9]+$/ { v[$1, $4, $5, $3] = fmt($6, $7, $8, ($4 ~ /share/) ? 2 : 0); next }
    { v[$1, $3, $4, 0] = fmt($5, $6, $7, ($3 ~ /share/) ? 2 : 0) }
    function out(label, metric, group, year,   i, line) {
        line = "| " label
        for (i = 1; i <= nc; i++) line = line " | " (((C[i], metric, group, year) in v) ? v[C[i], metric, group, year] : "-")
        print line " |"
    }
    END {
        head = "| output"; sep = "|---"
        for (i = 1; i <= nc; i++) { head = head " | " C[i]; sep = sep "|---" }
        print head " |"; print sep "|"
        out("acute first action within 24 h (share)", "first_action_within_target_share", "acute", 0)
        out("regular package within 28 days (share)", "within_target_share", "regular", 0)
        out("regular package within 28 days, 2026 intake (share)", "within_target_share", "regular", 2026)
        out("never protected (cases)", "never_protected", "all", 0)
        out("unprotected person-days", "unprotected_person_days", "all", 0)
        out("borrowed, 2024 (FTE)", "borrowed_fte_mean", "basic_units", 2024)
        out("borrowing needed beyond the limit, 2024 (FTE)", "borrow_unmet_fte_mean", "basic_units", 2024)
        out("borrowing needed beyond the limit, 2026 (FTE)", "borrow_unmet_fte_mean", "basic_units", 2026)
        out("regular police hours lost, 2024", "police_hours_lost", "basic_units", 2024)
        out("persons under continuous protection, 2024", "continuous_protection_persons_mean", "all", 2024)
        out("cash cost 2019-2026 (EUR)", "cost_cash_eur", "total", 0)
    }' > "$table"
}

variants() {
    for s in baseline-2019 offensief-2020; do
        for g in flat:0.0 moderate:0.04 high:0.10; do
            run "$s-${g%%:*}" "$s" --set "demand.growth_per_year=${g#*:}"
        done
    done
    {
        echo "Generated by \`tools/calibrate.sh\`: $VERSION, $REPS replications, seed $SEED. Demand after 2021 grows 0% (flat), 4% (moderate, the shipped default) or 10% a year (high), common/demand-*.cfg."
        echo ""
        headline "$OUT/variants.tmp" \
            "baseline flat=$OUT/baseline-2019-flat" "baseline moderate=$OUT/baseline-2019-moderate" \
            "baseline high=$OUT/baseline-2019-high" "offensief flat=$OUT/offensief-2020-flat" \
            "offensief moderate=$OUT/offensief-2020-moderate" "offensief high=$OUT/offensief-2020-high"
        cat "$OUT/variants.tmp"
    } > "$OUT/variants.md"
    put_table variants "$OUT/variants.md"
}

limit() {
    for s in baseline-2019 offensief-2020; do
        for c in 100 150 300; do
            run "$s-cap$c" "$s" --set "basic_units.cap_fte=$c.0"
        done
    done
    {
        echo "Generated by \`tools/calibrate.sh\`: $VERSION, $REPS replications, seed $SEED, demand moderate. basic_units.cap_fte, the borrowing the basic teams release on top of the Bewakingseenheid, at 100, 150 (the shipped estimate) and 300 FTE."
        echo ""
        headline "$OUT/limit.tmp" \
            "baseline 100=$OUT/baseline-2019-cap100" "baseline 150=$OUT/baseline-2019-cap150" \
            "baseline 300=$OUT/baseline-2019-cap300" "offensief 100=$OUT/offensief-2020-cap100" \
            "offensief 150=$OUT/offensief-2020-cap150" "offensief 300=$OUT/offensief-2020-cap300"
        cat "$OUT/limit.tmp"
    } > "$OUT/limit.md"
    put_table limit "$OUT/limit.md"
}

# ---------------------------------------------------------------------
# 4. More capacity never makes things worse: every pool and provider of
# every shipped scenario, +20% of its starting FTE (at least 10 FTE),
# compared with the scenario itself on common random numbers.
# ---------------------------------------------------------------------
monotone() {
    T="$OUT/monotone.txt"
    : > "$T"
    for s in $SCENARIOS; do
        # the units and their starting FTE, from the scenario as run
        "$BBSIM" run "scenarios/$s.cfg" --reps 1 -o "$OUT/mono-probe" --force --quiet
        units=$(awk '
            /^[a-z_]+ :/ { sec = ($1 == "pools" || $1 == "providers") ? $1 : "" }
            sec != "" && /^  [a-z_]+ :/ { u = $1 }
            sec != "" && u != "" && /^    fte = / { f = $3; sub(/;.*/, "", f); print sec "." u ".fte=" f; u = "" }
        ' "$OUT/mono-probe/scenario.cfg")
        for uf in $units; do
            path=${uf%%=*}; fte=${uf#*=}
            more=$(awk -v f="$fte" 'BEGIN { d = f * 0.2; if (d < 10) d = 10; printf "%.1f", f + d }')
            echo "calibrate.sh: monotone $s $path $fte -> $more" >&2
            "$BBSIM" compare "scenarios/$s.cfg" "scenarios/$s.cfg" --set "2:name=more" \
                --set "2:$path=$more" --reps "$REPS" --seed "$SEED" -o "$OUT/mono" --force --quiet
            awk -F, -v s="$s" -v p="$path" -v a="$fte" -v b="$more" '
            $1 == "more" && (($2 == "first_action_within_target_share" && $3 == "acute") ||
                             ($2 == "within_target_share" && ($3 == "acute" || $3 == "regular")) ||
                             ($2 == "unprotected_person_days" && $3 == "all") ||
                             ($2 == "never_protected" && $3 == "all")) {
                print s, p, a, b, $2 "/" $3, $8, $9, $10
            }' "$OUT/mono/summary.csv" >> "$T"
        done
    done
    awk -v version="$VERSION" -v reps="$REPS" -v seed="$SEED" '
    function cellv(m, lo, hi, up,   mark) {
        if (m == "") return "-"
        mark = ""
        if (lo != "" && hi != "") {
            if (up ? hi + 0 < 0 : lo + 0 > 0) { mark = " **worse**"; worse++ }
            else if (up ? lo + 0 > 0 : hi + 0 < 0) mark = " better"
        }
        return sprintf("%+.3g [%+.3g, %+.3g]%s", m, lo, hi, mark)
    }
    {
        key = $1 SUBSEP $2
        if (!(key in seen)) { seen[key] = 1; order[++n] = key; from[key] = $3; to[key] = $4 }
        d[key, $5] = cellv($6, $7, $8, $5 ~ /within_target_share/)
    }
    END {
        printf "Generated by `tools/calibrate.sh`: %s, %d replications, seed %d, demand moderate. ", version, reps, seed
        print "Each row adds FTE to one pool or provider from the start (+20%, at least 10 FTE) and compares with the scenario itself on common random numbers: the paired difference with its 95% interval; **worse** marks a significant worsening."
        print ""
        print "| scenario | pool or provider | FTE | acute first action within 24 h (share) | acute package within 14 days (share) | regular package within 28 days (share) | unprotected person-days | never protected (cases) |"
        print "|---|---|---|---|---|---|---|---|"
        for (i = 1; i <= n; i++) {
            split(order[i], k, SUBSEP)
            printf "| %s | %s | %s -> %s | %s | %s | %s | %s | %s |\n", k[1], k[2], from[order[i]], to[order[i]],
                d[order[i], "first_action_within_target_share/acute"], d[order[i], "within_target_share/acute"],
                d[order[i], "within_target_share/regular"], d[order[i], "unprotected_person_days/all"],
                d[order[i], "never_protected/all"]
        }
        print ""
        printf "Significant worsenings: %d.\n", worse
    }' "$T" > "$OUT/monotone.md"
    put_table monotone "$OUT/monotone.md"
}

for t in $ONLY; do
    case $t in
    calibration | variants | limit | monotone) $t ;;
    *) echo "calibrate.sh: no table $t (calibration, variants, limit, monotone)" >&2; exit 2 ;;
    esac
done
