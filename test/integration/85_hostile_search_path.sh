#!/usr/bin/env bash
# The hostile search_path run (doc/testing.md, "The hostile search_path run";
# doc/security.md, "search_path"): an unprivileged role's schema comes FIRST
# on search_path and holds exact-type look-alikes of the functions and
# operators msm's SQL uses (lib/hostile_setup.sql, lib/hostile_arm.sql);
# each look-alike counts its call and tries ALTER ROLE ... SUPERUSER.
#
#  1. the reproduction of issue 8: public.to_jsonb(msm.meta_table) by a role
#     with CREATE on public, then start_engine; likewise public.=(varchar,
#     varchar) with get/delete and public.unnest(varchar[]) with upsert_many;
#  2. every pg_regress input (sql/*.sql; output not compared: only no call);
#  3. every pgTAP file (all ok, and no call).
# Then: no look-alike was ever called and no role gained a privilege.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.." || exit 1

SETUP=test/integration/lib/hostile_setup.sql
ARM=test/integration/lib/hostile_arm.sql
LOGDIR=${MSM_WORK:-test/.work}/integration/85_hostile
mkdir -p "$LOGDIR"

regress=() pgtap=()
for f in sql/*.sql; do [ -e "$f" ] && regress+=("$f"); done
for f in test/pgtap/*.sql; do [ -e "$f" ] && pgtap+=("$f"); done
tap_plan $(( 9 + ${#regress[@]} * 2 + ${#pgtap[@]} * 2 + 2 ))

q() { msm_psql -d "$1" -c "$2"; }
# hostile_db DB: a database with msm, evil's look-alikes and evil first on
# the path of the database and of the connecting role in it
hostile_db() {
    local db=$1
    msm_psql -c "CREATE DATABASE $db" &&
    msm_psql -d "$db" -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION msm" &&
    msm_psql -d "$db" -f "$SETUP" -f "$ARM" >/dev/null &&
    msm_psql -d "$db" -c "ALTER DATABASE $db SET search_path = evil, public" \
                      -c "ALTER ROLE postgres IN DATABASE $db SET search_path = evil, public"
}
# calls DB: how many look-alike calls the database saw (0 = none)
calls() {
    q "$1" "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM evil.hits"
}
show_calls() {
    tap_diag "$(q "$1" "SELECT what || ' by ' || by_role || E'\n  query: ' || coalesce(query, '') || E'\n  stack: ' || coalesce(stack, '') FROM evil.calls" 2>&1 | head -60)"
}

# --- 1. the reproduction ------------------------------------------------
msm_psql -c "CREATE DATABASE repro"
msm_psql -d repro -c "CREATE EXTENSION msm" -c "SELECT msm.migrate_upgrade()" >/dev/null
out=$(msm_psql -d repro 2>&1 <<'SQL'
CREATE ROLE m LOGIN;
GRANT CREATE ON SCHEMA public TO m;
SET ROLE m;
CREATE TABLE public.m_calls (what text);
GRANT INSERT ON public.m_calls TO PUBLIC;
CREATE FUNCTION public.to_jsonb(r msm.meta_table) RETURNS jsonb LANGUAGE plpgsql AS
  $$BEGIN INSERT INTO public.m_calls VALUES ('to_jsonb');
     BEGIN EXECUTE 'ALTER ROLE m SUPERUSER'; EXCEPTION WHEN OTHERS THEN END;
     RETURN pg_catalog.row_to_json(r)::jsonb; END$$;
CREATE FUNCTION public.m_eq(a varchar, b varchar) RETURNS boolean LANGUAGE plpgsql AS
  $$BEGIN INSERT INTO public.m_calls VALUES ('=');
     BEGIN EXECUTE 'ALTER ROLE m SUPERUSER'; EXCEPTION WHEN OTHERS THEN END;
     RETURN a::text OPERATOR(pg_catalog.=) b::text; END$$;
CREATE OPERATOR public.= (FUNCTION = public.m_eq, LEFTARG = varchar, RIGHTARG = varchar);
CREATE FUNCTION public.unnest(a varchar[]) RETURNS SETOF varchar LANGUAGE plpgsql AS
  $$BEGIN INSERT INTO public.m_calls VALUES ('unnest');
     BEGIN EXECUTE 'ALTER ROLE m SUPERUSER'; EXCEPTION WHEN OTHERS THEN END;
     RETURN QUERY SELECT pg_catalog.unnest(a); END$$;
RESET ROLE;
SQL
)
tap_ok "role m plants public.to_jsonb(msm.meta_table), public.=(varchar,varchar), public.unnest(varchar[])" \
    test $? -eq 0
tap_diag "$out"
tap_ok "a superuser's start_engine(models => ARRAY['Asset']) works" \
    q repro "SELECT msm.start_engine(models => ARRAY['Asset'])"
tap_ok "upsert_many, get and delete of Asset rows work" msm_psql -d repro \
    -c "SELECT msm.start_engine(models => ARRAY['Asset'])" \
    -c "SELECT msm.upsert_many('Asset', '[{\"unique_identifier\": \"r1\", \"asset_type\": \"Crypto\"}, {\"unique_identifier\": \"r2\", \"asset_type\": null}]')" \
    -c "SELECT msm.upsert('Asset', '{\"unique_identifier\": \"r3\"}')" \
    -c "SELECT msm.get('Asset', '{\"unique_identifier\": \"r1\"}')" \
    -c "SELECT msm.delete('Asset', '{\"unique_identifier\": \"r2\"}')" \
    -c "SELECT msm.upsert_asset('r4', 'Crypto')"
tap_is "$(q repro "SELECT pg_catalog.count(*) FROM public.ms_markets__asset")" 3 \
    "the rows are there (r1, r3, r4)"
tap_is "$(q repro "SELECT pg_catalog.count(*) FROM public.m_calls")" 0 \
    "none of m's look-alikes was called"
tap_is "$(q repro "SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = 'm'")" f \
    "m is not a superuser"

# --- 2. pg_regress inputs -----------------------------------------------
hostile_db hostile_regress
tap_ok "hostile database for the pg_regress inputs" test $? -eq 0
tap_is "$(q hostile_regress "SHOW search_path")" "evil, public" "its search_path starts with evil"
tap_is "$(q hostile_regress "SELECT pg_catalog.count(*) > 20 FROM pg_catalog.pg_proc WHERE pronamespace = 'evil'::regnamespace")" t \
    "evil holds the look-alikes"
for f in "${regress[@]}"; do
    name=$(basename "$f" .sql)
    before=$(calls hostile_regress)
    # after the preamble's DROP/CREATE EXTENSION msm, arm the look-alikes on
    # msm's row types again
    sed "s|^\\\\i sql/include/preamble.sql$|\\\\i sql/include/preamble.sql\n\\\\i $ARM|" "$f" \
        | psql -X -d hostile_regress -f - >"$LOGDIR/regress_$name.out" 2>&1
    tap_ok "regress $name ran to its end" grep -q . "$LOGDIR/regress_$name.out"
    after=$(calls hostile_regress)
    tap_is "$after" "$before" "regress $name called no look-alike"
    [ "$after" = "$before" ] || show_calls hostile_regress
done

# --- 3. pgTAP files -------------------------------------------------------
for f in "${pgtap[@]}"; do
    name=$(basename "$f" .sql)
    db=hostile_$(printf '%s' "$name" | tr -c 'A-Za-z0-9_' '_' | tr 'A-Z' 'a-z')
    hostile_db "$db" >/dev/null
    psql -X -A -t -v ON_ERROR_STOP=1 -d "$db" -f "$f" >"$LOGDIR/pgtap_$name.tap" 2>"$LOGDIR/pgtap_$name.err"
    rc=$?
    tap_ok "pgTAP $name passes under the hostile path" sh -c \
        "[ $rc -eq 0 ] && grep -q '^ok' '$LOGDIR/pgtap_$name.tap' && ! grep -q '^not ok' '$LOGDIR/pgtap_$name.tap'"
    [ $rc -eq 0 ] || tap_diag "$(grep '^not ok' "$LOGDIR/pgtap_$name.tap"; tail -5 "$LOGDIR/pgtap_$name.err")"
    n=$(calls "$db")
    tap_is "$n" 0 "pgTAP $name called no look-alike"
    [ "$n" = 0 ] || show_calls "$db"
done

# --- the end --------------------------------------------------------------
tap_is "$(msm_psql -c "SELECT pg_catalog.string_agg(rolname, ',') FROM pg_catalog.pg_roles WHERE rolname IN ('evil', 'm') AND (rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls OR rolreplication)")" "" \
    "neither evil nor m gained a privilege"
tap_is "$(grep -l 'evil look-alike called' "$LOGDIR"/* 2>/dev/null | wc -l)" 0 \
    "no output warns of a look-alike call"
tap_done
