#!/usr/bin/env bash
# test/bench/run_growth_bench.sh: what every path costs as the number of
# models grows (doc/benchmarks.md, "Growth with the number of models"), in
# one run, on one throwaway cluster, embedded registry.
#
#   bash test/bench/run_growth_bench.sh [--no-build] [--rounds N] [--sizes "0 200 1000"]
#                                       [--callgrind-loops N]
#
# For each size D of --sizes, a database of its own holding the 55 built-ins
# and D declared project models (public.proj__mNNNN, model MNNNN, a foreign
# key to Asset each, described as a model must be), so 55 + D models; with
# the default sizes 55, 255 and 1,055 (0.1.0 had 39 built-ins, hence the
# issue's 39 / 239 / 1,039: the same 0 / 200 / 1,000 declared tables).
# Set up once per database (timed):
#   migrate_upgrade on the fresh database (creates the built-ins), D calls of
#   msm.declare_model (mean per call), the migrate_upgrade that registers the
#   D declared models.
# Then ROUNDS rounds; each round visits every database in turn (alternating,
# so the machine's drift falls on every size alike) and times, each in a
# fresh psql session unless said otherwise:
#   migrate_upgrade rerun (nothing to do);
#   msm.declare_model per call (20 more tables declared in one transaction,
#   rolled back, so every round sees D declared);
#   start_engine of Asset / of every model as the first statement of a new
#   session;
#   start_engine of Asset (200 times) / of every model (3 times) in a session
#   (stop_engine() + start_engine() in one statement, per call);
#   msm.get and msm.upsert on Asset and on the last model (MNNNN, D > 0) of a
#   runtime holding every model (20,000 get / 5,000 upsert calls in one
#   statement, per call), and the raw INSERT ... ON CONFLICT DO UPDATE of the
#   same Asset row (5,000 times in a plpgsql loop: every foreign key to
#   Asset adds PostgreSQL's RI trigger checks to an update of Asset, msm or
#   not);
#   cached start_engine (start_engine again with the same arguments, 100,000
#   calls in one statement) with msm.log_events on and off;
#   msm.diagnose(), msm.models_of() and the DBA views model_status,
#   model_edges, catalog_status (SELECT count(*)).
# Prints one Markdown table: per figure, the median over the rounds and the
# range (min-max) at each size, the ratios largest / middle and largest /
# first size, and the goal of issue 12 where it has one.
#
# With --callgrind-loops N > 0 (default 100), the same counted in
# instructions on single-user backends (the cluster stopped; per call = the
# difference between 2N and N calls over N): start_engine of Asset in
# session and cached (log on and off) in the first and the largest
# database, the first start_engine of a new backend (its instructions minus
# those of a backend running SELECT 1), msm.get on Asset and on the last
# model in the largest one; one warm execution (the statement run twice
# minus once) of migrate_upgrade rerun, msm.diagnose() and the DBA views in
# the middle and the largest database.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
. test/lib.sh
. test/bench/lib.sh

ROUNDS=5 SIZES="0 200 1000" CG_LOOPS=100
bench_init "[--rounds N] [--sizes \"D1 D2 ...\"] [--callgrind-loops N]" --rounds ROUNDS --sizes SIZES \
    --callgrind-loops CG_LOOPS -- "$@"

growth_body() {
    set -uo pipefail
    local -A val=() seen=()     # "figure|D" -> space-separated values, one per round
    local -a sizes=($SIZES) figs=()
    add() { # FIGURE D VALUE
        [ -n "${seen[$1]+x}" ] || { seen[$1]=1; figs+=("$1"); }
        val[$1|$2]="${val[$1|$2]:-} $3"
    }
    per() { awk -v t="$1" -v n="$2" -v f="$3" 'BEGIN { printf "%.3f\n", t * f / n }'; }
    q() { msm_psql -d "growth_$1" -c "SET client_min_messages = warning" "${@:2}"; }
    tm() { local d=$1; shift; bench_ms -d "growth_$d" -c "SET client_min_messages = warning" "$@"; }
    lastm() { if [ "$1" -gt 0 ]; then printf 'M%04d' "$1"; else echo Asset; fi; }
    lastkey() { if [ "$1" -gt 0 ]; then echo '{"asset_uid": "00000000-0000-4000-8000-000000000001"}'; else echo '{"unique_identifier": "growth-asset"}'; fi; }
    lastrow() { if [ "$1" -gt 0 ]; then echo '{"asset_uid": "00000000-0000-4000-8000-000000000001", "v": "y"}'; else echo '{"unique_identifier": "growth-asset", "asset_type": "crypto"}'; fi; }
    lasttable() { if [ "$1" -gt 0 ]; then printf 'public.proj__m%04d' "$1"; else echo public.ms_markets__asset; fi; }
    tables() { # D FROM TO PREFIX: create described tables PREFIX0001.. with an FK to Asset
        q "$1" -c "DO \$\$ BEGIN FOR i IN $2..$3 LOOP
            EXECUTE format('CREATE TABLE public.%I (asset_uid uuid PRIMARY KEY REFERENCES public.ms_markets__asset (uid), v text)', '$4' || lpad(i::text, 4, '0'));
            EXECUTE format('COMMENT ON TABLE public.%I IS %L', '$4' || lpad(i::text, 4, '0'), 'One row of project values per asset for the growth benchmark table.');
            EXECUTE format('COMMENT ON COLUMN public.%I.asset_uid IS %L', '$4' || lpad(i::text, 4, '0'), 'The asset this row of values describes.');
            EXECUTE format('COMMENT ON COLUMN public.%I.v IS %L', '$4' || lpad(i::text, 4, '0'), 'A free text value for the growth benchmark.');
        END LOOP; END \$\$" >/dev/null
    }
    declare_sql() { # FROM TO PREFIX BASEPREFIX
        echo "DO \$\$ BEGIN FOR i IN $1..$2 LOOP
            PERFORM msm.declare_model(format('public.%I', '$3' || lpad(i::text, 4, '0'))::regclass,
                base_identifier => '$4' || lpad(i::text, 4, '0'), metatable_namespace => 'com.growth',
                storage_app => 'proj', kind => 'meta_table', upsert_keys => ARRAY['asset_uid']);
        END LOOP; END \$\$"
    }
    local d r ms lg
    local -A allm=() nmod=()
    for d in "${sizes[@]}"; do
        msm_psql -c "CREATE DATABASE growth_$d" >/dev/null || exit 1
        add "migrate_upgrade, fresh database (ms)" "$d" "$(tm "$d" -c "CREATE EXTENSION msm" -c "\\timing on" -c "SELECT msm.migrate_upgrade() IS NOT NULL")"
        q "$d" -c "INSERT INTO public.ms_markets__asset (uid, unique_identifier, asset_type)
            VALUES ('00000000-0000-4000-8000-000000000001', 'growth-asset', 'crypto')" >/dev/null || exit 1
        tables "$d" 1 20 proj__x || exit 1
        if [ "$d" -gt 0 ]; then
            tables "$d" 1 "$d" proj__m || exit 1
            ms=$(tm "$d" -c "\\timing on" -c "$(declare_sql 1 "$d" proj__m M)") || exit 1
            add "declare_model, mean of the D calls of the setup (ms)" "$d" "$(per "$ms" "$d" 1)"
            add "migrate_upgrade registering the D declared (ms)" "$d" "$(tm "$d" -c "\\timing on" -c "SELECT msm.migrate_upgrade() IS NOT NULL")"
            q "$d" -c "INSERT INTO public.proj__m$(printf %04d "$d") (asset_uid, v) VALUES ('00000000-0000-4000-8000-000000000001', 'x')" >/dev/null || exit 1
        fi
        nmod[$d]=$(q "$d" -c "SELECT count(*) FROM msm.models_of() m WHERE NOT m.is_root")
        allm[$d]=$(q "$d" -c "SELECT ARRAY(SELECT m.model_name FROM msm.models_of() m WHERE NOT m.is_root ORDER BY m.position)::text")
        echo "growth: database growth_$d ready, ${nmod[$d]} models" >&2
    done

    for r in $(seq 1 "$ROUNDS"); do
        for d in "${sizes[@]}"; do
            local one="ARRAY['Asset']" all="'${allm[$d]}'::text[]" lm lk lr
            lm=$(lastm "$d"); lk=$(lastkey "$d"); lr=$(lastrow "$d")
            add "migrate_upgrade rerun (ms)" "$d" "$(tm "$d" -c "\\timing on" -c "SELECT msm.migrate_upgrade() IS NOT NULL")"
            ms=$(tm "$d" -c "BEGIN" -c "\\timing on" -c "$(declare_sql 1 20 proj__x X)" -c "\\timing off" -c "ROLLBACK")
            add "declare_model per call, 20 more (ms)" "$d" "$(per "$ms" 20 1)"
            add "start_engine Asset, new session (ms)" "$d" "$(tm "$d" -c "\\timing on" -c "SELECT msm.start_engine(models => $one) IS NOT NULL")"
            add "start_engine every model, new session (ms)" "$d" "$(tm "$d" -c "\\timing on" -c "SELECT msm.start_engine(models => $all) IS NOT NULL")"
            ms=$(tm "$d" -c "SELECT msm.start_engine(models => $one) IS NOT NULL" -c "\\timing on" \
                -c "SELECT count(*) FROM (SELECT msm.stop_engine() AS s, msm.start_engine(models => $one) AS e FROM generate_series(1, 200)) x")
            add "start_engine Asset, in session (ms)" "$d" "$(per "$ms" 200 1)"
            ms=$(tm "$d" -c "SELECT msm.start_engine(models => $all) IS NOT NULL" -c "\\timing on" \
                -c "SELECT count(*) FROM (SELECT msm.stop_engine() AS s, msm.start_engine(models => $all) AS e FROM generate_series(1, 3)) x")
            add "start_engine every model, in session (ms)" "$d" "$(per "$ms" 3 1)"
            ms=$(tm "$d" -c "VACUUM public.ms_markets__asset, $(lasttable "$d")" \
                -c "SELECT msm.start_engine(models => $all) IS NOT NULL" -c "\\timing on" \
                -c "SELECT count(msm.get('Asset', '{\"unique_identifier\": \"growth-asset\"}')) FROM generate_series(1, 20000)" \
                -c "SELECT count(msm.get('$lm', '$lk')) FROM generate_series(1, 20000)" \
                -c "SELECT count(msm.upsert('Asset', '{\"unique_identifier\": \"growth-asset\", \"asset_type\": \"crypto\"}')) FROM generate_series(1, 5000)" \
                -c "SELECT count(msm.upsert('$lm', '$lr')) FROM generate_series(1, 5000)" \
                -c "DO \$\$ BEGIN FOR i IN 1..5000 LOOP INSERT INTO public.ms_markets__asset (uid, unique_identifier, asset_type)
                    VALUES ('00000000-0000-4000-8000-000000000001', 'growth-asset', 'crypto')
                    ON CONFLICT (unique_identifier) DO UPDATE SET asset_type = EXCLUDED.asset_type; END LOOP; END \$\$")
            local ga gl ua ul
            ga=$(per "$(sed -n 1p <<<"$ms")" 20000 1000); gl=$(per "$(sed -n 2p <<<"$ms")" 20000 1000)
            ua=$(per "$(sed -n 3p <<<"$ms")" 5000 1000); ul=$(per "$(sed -n 4p <<<"$ms")" 5000 1000)
            add "msm.get Asset, runtime of every model (us)" "$d" "$ga"
            add "msm.get last model (us)" "$d" "$gl"
            add "msm.get last / Asset, same round" "$d" "$(awk -v a="$gl" -v b="$ga" 'BEGIN { printf "%.3f", a / b }')"
            add "msm.upsert Asset (us)" "$d" "$ua"
            add "msm.upsert last model (us)" "$d" "$ul"
            add "raw INSERT ... ON CONFLICT on Asset, plpgsql loop (us)" "$d" "$(per "$(sed -n 5p <<<"$ms")" 5000 1000)"
            for lg in on off; do
                ms=$(tm "$d" -c "SET msm.log_events = $lg" -c "SELECT msm.start_engine(models => $one) IS NOT NULL" -c "\\timing on" \
                    -c "SELECT count(msm.start_engine(models => $one)) FROM generate_series(1, 100000)")
                add "cached start_engine Asset, log_events $lg (us)" "$d" "$(per "$ms" 100000 1000)"
            done
            ms=$(tm "$d" -c "SELECT msm.start_engine(models => $all) IS NOT NULL" -c "\\timing on" \
                -c "SELECT count(msm.start_engine(models => $all)) FROM generate_series(1, 20000)")
            add "cached start_engine every model, log_events on (us)" "$d" "$(per "$ms" 20000 1000)"
            ms=$(tm "$d" -c "\\timing on" -c "SELECT count(*) FROM msm.diagnose()" -c "SELECT count(*) FROM msm.models_of()" \
                -c "SELECT count(*) FROM msm.model_status" -c "SELECT count(*) FROM msm.model_edges" -c "SELECT count(*) FROM msm.catalog_status")
            add "msm.diagnose() (ms)" "$d" "$(sed -n 1p <<<"$ms")"
            add "msm.models_of() (ms)" "$d" "$(sed -n 2p <<<"$ms")"
            add "msm.model_status (ms)" "$d" "$(sed -n 3p <<<"$ms")"
            add "msm.model_edges (ms)" "$d" "$(sed -n 4p <<<"$ms")"
            add "msm.catalog_status (ms)" "$d" "$(sed -n 5p <<<"$ms")"
            echo "growth: round $r, ${nmod[$d]} models done" >&2
        done
    done

    # the table: median (min-max) per size, ratios, goals
    local n=${#sizes[@]} f0=${sizes[0]} fl=${sizes[-1]} fm=${sizes[0]}
    [ "$n" -gt 1 ] && fm=${sizes[-2]}
    local -A goal=(
        ["migrate_upgrade rerun (ms)"]="largest / middle <= 5.2"
        ["declare_model per call, 20 more (ms)"]="flat"
        ["start_engine Asset, new session (ms)"]="largest / first <= 1.5"
        ["start_engine Asset, in session (ms)"]="largest / first <= 1.5"
        ["msm.get last / Asset, same round"]="<= 1.2"
        ["cached start_engine Asset, log_events on (us)"]="well under 1 us"
        ["cached start_engine Asset, log_events off (us)"]="well under 1 us"
    )
    stat() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { printf "%s %s %s", v[int((NR + 1) / 2)], v[1], v[NR] }'; }
    printf '| figure |'; for d in "${sizes[@]}"; do printf ' %s models (55 + %s) |' "${nmod[$d]}" "$d"; done
    [ "$n" -gt 2 ] && printf ' %s / %s |' "${nmod[$fl]}" "${nmod[$fm]}"
    [ "$n" -gt 1 ] && printf ' %s / %s |' "${nmod[$fl]}" "${nmod[$f0]}"
    printf ' goal (issue 12) |\n|---|'; for d in "${sizes[@]}"; do printf -- '---|'; done
    [ "$n" -gt 2 ] && printf -- '---|'; [ "$n" -gt 1 ] && printf -- '---|'; printf -- '---|\n'
    local f
    for f in "${figs[@]}"; do
        local -A med=()
        printf '| %s |' "$f"
        for d in "${sizes[@]}"; do
            if [ -n "${val[$f|$d]+x}" ]; then
                set -- $(stat <<<"${val[$f|$d]}")
                med[$d]=$1
                if [ "$2" = "$3" ]; then printf ' %s |' "$1"; else printf ' %s (%s-%s) |' "$1" "$2" "$3"; fi
            else
                printf ' - |'
            fi
        done
        ratio() { if [ -n "${med[$1]:-}" ] && [ -n "${med[$2]:-}" ]; then awk -v a="${med[$1]}" -v b="${med[$2]}" 'BEGIN { if (b > 0) printf " %.2f |", a / b; else printf " - |" }'; else printf ' - |'; fi; }
        [ "$n" -gt 2 ] && ratio "$fl" "$fm"
        [ "$n" -gt 1 ] && ratio "$fl" "$f0"
        printf ' %s |\n' "${goal[$f]:-}"
        unset med
    done
    # the goals' ratios within each round (the sizes of one round ran
    # seconds apart, so the machine's drift cancels), median and range
    rr() { # FIGURE NUMERATOR-SIZE DENOMINATOR-SIZE
        local -a a=(${val[$1|$2]}) b=(${val[$1|$3]})
        local i out=""
        for i in "${!a[@]}"; do out+=" $(awk -v x="${a[$i]}" -v y="${b[$i]}" 'BEGIN { printf "%.3f", x / y }')"; done
        set -- $(stat <<<"$out")
        printf '%s (%s-%s)' "$1" "$2" "$3"
    }
    echo
    echo "| ratio within each round (median, range) | value | goal (issue 12) |"
    echo "|---|---|---|"
    [ "$n" -gt 2 ] && echo "| migrate_upgrade rerun, ${nmod[$fl]} / ${nmod[$fm]} models | $(rr "migrate_upgrade rerun (ms)" "$fl" "$fm") | <= 5.2 |"
    [ "$n" -gt 1 ] && {
        echo "| declare_model per call, ${nmod[$fl]} / ${nmod[$f0]} models | $(rr "declare_model per call, 20 more (ms)" "$fl" "$f0") | flat |"
        echo "| start_engine Asset, new session, ${nmod[$fl]} / ${nmod[$f0]} models | $(rr "start_engine Asset, new session (ms)" "$fl" "$f0") | <= 1.5 |"
        echo "| start_engine Asset, in session, ${nmod[$fl]} / ${nmod[$f0]} models | $(rr "start_engine Asset, in session (ms)" "$fl" "$f0") | <= 1.5 |"
    }
    [ "$n" -gt 2 ] && awk -v a="${nmod[$fl]}" -v b="${nmod[$fm]}" -v c="${nmod[$f0]}" \
        'BEGIN { printf "\nModel counts: %d / %d = %.2f, %d / %d = %.2f (linear cost gives about these ratios).\n", a, b, a / b, a, c, a / c }'
    [ "$CG_LOOPS" -gt 0 ] || return 0

    # instructions: single-user backends on the stopped cluster, the rows
    # of the row API vacuumed (the rounds' upserts left dead versions, and
    # the first backend to prune them would pay for it)
    for d in "${sizes[@]}"; do q "$d" -c "VACUUM public.ms_markets__asset, $(lasttable "$d")" >/dev/null || exit 1; done
    msm_pg_ctl stop >/dev/null 2>&1 || exit 1
    ir() { # D SETUP-SQL SQL: instructions of a single-user backend running SETUP-SQL then SQL
        local out=$MSM_WORKDIR/cg.$1.$RANDOM
        printf '%s\n%s\n' "$2" "$3" >"$out.in"
        msm_as_owner valgrind --tool=callgrind --callgrind-out-file="$out.cg" \
            "$MSM_PGBIN/postgres" --single -D "$MSM_PGDATA" -c log_min_messages=warning "growth_$1" <"$out.in" >/dev/null 2>"$out.err"
        sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$out.cg"
    }
    per_call() { # D SETUP-SQL SQL-with-@N@
        local a b
        a=$(ir "$1" "$2" "${3//@N@/$CG_LOOPS}"); b=$(ir "$1" "$2" "${3//@N@/$((CG_LOOPS * 2))}")
        awk -v a="$a" -v b="$b" -v n="$CG_LOOPS" 'BEGIN { printf "%.0f", (b - a) / n }'
    }
    local one="ARRAY['Asset']" allsel="ARRAY(SELECT m.model_name FROM msm.models_of() m WHERE NOT m.is_root ORDER BY m.position)"
    local attach="SELECT count(*) FROM (SELECT msm.stop_engine() AS s, msm.start_engine(models => $one) AS e FROM generate_series(1, @N@)) x"
    local cached="SELECT count(msm.start_engine(models => $one)) FROM generate_series(1, @N@ * 10)"
    cg_row() { # LABEL DIVISOR VALUE-FIRST VALUE-LAST
        awk -v l="$1" -v k="$2" -v a="$3" -v b="$4" 'BEGIN { printf "| %s | %.0f | %.0f | %.3f |\n", l, a / k, b / k, b / a }'
    }
    echo
    printf '| instructions per call (callgrind) | %s models | %s models | ratio |\n|---|---|---|---|\n' "${nmod[$f0]}" "${nmod[$fl]}"
    local n0 n1 s0 s1
    n0=$(ir "$f0" "SELECT 1" ""); n1=$(ir "$f0" "SELECT msm.start_engine(models => $one) IS NOT NULL" "")
    s0=$(ir "$fl" "SELECT 1" ""); s1=$(ir "$fl" "SELECT msm.start_engine(models => $one) IS NOT NULL" "")
    cg_row "start_engine Asset, first statement of a new backend (minus SELECT 1)" 1 $((n1 - n0)) $((s1 - s0))
    cg_row "start_engine Asset, in session (stop_engine() + start_engine())" 1 \
        "$(per_call "$f0" "SELECT 1" "$attach")" "$(per_call "$fl" "SELECT 1" "$attach")"
    cg_row "cached start_engine Asset, log_events on" 10 \
        "$(per_call "$f0" "SELECT msm.start_engine(models => $one) IS NOT NULL" "$cached")" \
        "$(per_call "$fl" "SELECT msm.start_engine(models => $one) IS NOT NULL" "$cached")"
    cg_row "cached start_engine Asset, log_events off" 10 \
        "$(per_call "$f0" "SET msm.log_events = off; SELECT msm.start_engine(models => $one) IS NOT NULL" "$cached")" \
        "$(per_call "$fl" "SET msm.log_events = off; SELECT msm.start_engine(models => $one) IS NOT NULL" "$cached")"
    local get_a="SELECT count(msm.get('Asset', '{\"unique_identifier\": \"growth-asset\"}')) FROM generate_series(1, @N@ * 10)"
    local get_l="SELECT count(msm.get('$(lastm "$fl")', '$(lastkey "$fl")')) FROM generate_series(1, @N@ * 10)"
    cg_row "msm.get in the ${nmod[$fl]}-model runtime: Asset (left) / $(lastm "$fl") (right)" 10 \
        "$(per_call "$fl" "SELECT msm.start_engine(models => $allsel) IS NOT NULL" "$get_a")" \
        "$(per_call "$fl" "SELECT msm.start_engine(models => $allsel) IS NOT NULL" "$get_l")"
    stmt_ir() { # D SQL: instructions of one warm execution of SQL (run twice minus once)
        local a b
        a=$(ir "$1" "SELECT 1" "$2"); b=$(ir "$1" "SELECT 1" "$2
$2")
        echo $((b - a))
    }
    local st sq
    echo
    if [ "$n" -gt 2 ]; then
        printf '| instructions of one warm execution (callgrind) | %s models | %s models | ratio |\n|---|---|---|---|\n' "${nmod[$fm]}" "${nmod[$fl]}"
    else
        printf '| instructions of one warm execution (callgrind) | %s models | %s models | ratio |\n|---|---|---|---|\n' "${nmod[$f0]}" "${nmod[$fl]}"
    fi
    for st in "migrate_upgrade rerun|SELECT msm.migrate_upgrade() IS NOT NULL" \
              "msm.diagnose()|SELECT count(*) FROM msm.diagnose()" \
              "msm.model_status|SELECT count(*) FROM msm.model_status" \
              "msm.model_edges|SELECT count(*) FROM msm.model_edges" \
              "msm.catalog_status|SELECT count(*) FROM msm.catalog_status"; do
        sq=${st#*|}
        if [ "$n" -gt 2 ]; then
            cg_row "${st%%|*}" 1 "$(stmt_ir "$fm" "$sq")" "$(stmt_ir "$fl" "$sq")"
        else
            cg_row "${st%%|*}" 1 "$(stmt_ir "$f0" "$sq")" "$(stmt_ir "$fl" "$sq")"
        fi
    done
}

bench_run growth growth_body
