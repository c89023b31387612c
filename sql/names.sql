--
-- Naming rules (doc/naming.md): msm.physical_table_name, msm.bounded_identifier,
-- msm.metatable_identifier.
--
\i sql/include/preamble.sql

-- The three functions are immutable, parallel safe and deliberately not
-- strict (a NULL required argument raises instead of returning NULL).
SELECT p.oid::regprocedure AS function, p.provolatile, p.proparallel,
       p.proisstrict, p.prorettype::regtype
  FROM pg_proc p
 WHERE p.pronamespace = 'msm'::regnamespace
   AND p.proname IN ('physical_table_name', 'bounded_identifier',
                     'metatable_identifier')
 ORDER BY p.proname;

--
-- Shared test vectors (test/data/naming_vectors.tsv): storage_app,
-- identifier, suffix (\N = none), expected name (ERROR = must raise).
-- Lines are loaded raw (no COPY escape processing) and split on tabs, so
-- whitespace-only and backslash fields arrive exactly as written; '#'
-- comment lines and blank lines are skipped.
--
CREATE TEMP TABLE naming_vector_line (
    lineno serial,
    line   text
);
\copy naming_vector_line (line) FROM 'test/data/naming_vectors.tsv' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02')

CREATE TEMP VIEW naming_vector AS
SELECT lineno,
       split_part(line, E'\t', 1) AS storage_app,
       split_part(line, E'\t', 2) AS identifier,
       nullif(split_part(line, E'\t', 3), '\N') AS namespace,
       split_part(line, E'\t', 4) AS expected
  FROM naming_vector_line
 WHERE line IS NOT NULL
   AND line !~ '^\s*(#|$)';

-- Evaluates one vector; a rejected input yields 'ERROR: <message>'.
CREATE FUNCTION pg_temp.try_physical_table_name(app text, ident text, ns text)
RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    RETURN msm.physical_table_name(app, ident, ns);
EXCEPTION WHEN invalid_parameter_value THEN
    RETURN 'ERROR: ' || SQLERRM;
END
$$;

CREATE TEMP TABLE naming_vector_result AS
SELECT v.*, pg_temp.try_physical_table_name(v.storage_app, v.identifier,
                                            v.namespace) AS result
  FROM naming_vector v;

-- Every vector must pass: this lists only the vectors that do not (none),
-- so the expected output does not depend on the vector file's contents.
SELECT lineno,
       CASE WHEN result = expected
              OR (expected = 'ERROR' AND result LIKE 'ERROR: %')
            THEN 'ok' ELSE 'mismatch' END AS status,
       result,
       CASE WHEN result = expected
              OR (expected = 'ERROR' AND result LIKE 'ERROR: %')
            THEN NULL ELSE expected END AS expected_on_mismatch
  FROM naming_vector_result
 WHERE NOT (result = expected OR (expected = 'ERROR' AND result LIKE 'ERROR: %'))
 ORDER BY lineno;

-- Summary: no mismatch, and every produced name is a plain lowercase
-- identifier of at most 63 characters that needs no quoting.
SELECT count(*) > 0 AS vectors_loaded,
       count(*) FILTER (WHERE NOT (result = expected OR
                                   (expected = 'ERROR' AND result LIKE 'ERROR: %')))
           AS mismatches,
       count(*) FILTER (WHERE result NOT LIKE 'ERROR: %'
                          AND (length(result) > 63
                               OR result !~ '^[a-z][a-z0-9_]*$'
                               OR quote_ident(result) <> result))
           AS malformed_names
  FROM naming_vector_result;

--
-- Vectors computed by the SDK's own naming functions
-- (test/data/naming_vectors_sdk.tsv, written by
-- test/tools/gen_naming_vectors.py; doc/naming.md, "Test vectors"):
-- function (ptn = physical_table_name, bid = bounded_identifier), the
-- arguments as a JSON array (null = SQL NULL), the expected name, and the
-- kind of error the SDK raises instead (required, letters_or_digits,
-- app_too_long).  An expected error must be an error of that kind, with
-- SQLSTATE 22023 (invalid_parameter_value).
--
CREATE TEMP TABLE sdk_vector_line (
    lineno serial,
    line   text
);
\copy sdk_vector_line (line) FROM 'test/data/naming_vectors_sdk.tsv' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02')

CREATE TEMP TABLE sdk_vector AS
SELECT lineno,
       split_part(line, E'\t', 1) AS fn,
       split_part(line, E'\t', 2)::jsonb AS args,
       split_part(line, E'\t', 3) AS expected,
       split_part(line, E'\t', 4) AS error_kind,
       split_part(line, E'\t', 5) AS note
  FROM sdk_vector_line
 WHERE line IS NOT NULL
   AND line !~ '^\s*(#|$)';

-- Evaluates one vector: the name, or 'ERROR <sqlstate>: <message>'.
CREATE FUNCTION pg_temp.try_sdk_vector(fn text, args jsonb)
RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    IF fn = 'ptn' THEN
        RETURN msm.physical_table_name(args->>0, args->>1, args->>2);
    ELSIF fn = 'bid' THEN
        RETURN msm.bounded_identifier(VARIADIC ARRAY(
            SELECT a.value FROM jsonb_array_elements_text(args) WITH ORDINALITY a(value, n)
             ORDER BY a.n));
    END IF;
    RAISE EXCEPTION 'unknown vector function %', fn;
EXCEPTION WHEN OTHERS THEN
    RETURN format('ERROR %s: %s', SQLSTATE, SQLERRM);
END
$$;

CREATE TEMP TABLE sdk_vector_result AS
SELECT v.*, pg_temp.try_sdk_vector(v.fn, v.args) AS result,
       CASE v.error_kind
            WHEN '' THEN NULL
            WHEN 'required' THEN '^ERROR 22023: .* is required$'
            WHEN 'letters_or_digits' THEN '^ERROR 22023: .* must contain letters or digits$'
            WHEN 'app_too_long' THEN '^ERROR 22023: storage_app is too long$'
            ELSE 'unknown error kind'
       END AS error_pattern
  FROM sdk_vector v;
ALTER TABLE sdk_vector_result
    ADD COLUMN ok boolean;
UPDATE sdk_vector_result
   SET ok = CASE WHEN error_kind = '' THEN result = expected
                 ELSE result ~ error_pattern END;

-- Every vector must pass: this lists only those that do not (none).
SELECT lineno, fn, args, note, result,
       coalesce(nullif(expected, ''), 'ERROR: ' || error_kind) AS sdk_result
  FROM sdk_vector_result
 WHERE ok IS NOT TRUE
 ORDER BY lineno;

-- Summary: the file holds many vectors of both functions, names and errors
-- of every kind, and none differs.
SELECT count(*) >= 1000 AS many_vectors,
       count(DISTINCT fn) AS functions,
       count(DISTINCT error_kind) FILTER (WHERE error_kind <> '') AS error_kinds,
       count(*) FILTER (WHERE error_kind = '') > 0 AS names,
       count(*) FILTER (WHERE ok IS NOT TRUE) AS mismatches
  FROM sdk_vector_result;

--
-- physical_table_name: edge cases
--

-- required parts: NULL, empty, whitespace-only (ASCII and Unicode spaces)
SELECT msm.physical_table_name(NULL, 'Asset');
SELECT msm.physical_table_name('ms_markets', NULL);
SELECT msm.physical_table_name('', 'Asset');
SELECT msm.physical_table_name('ms_markets', E' \t\n ');
SELECT msm.physical_table_name('ms_markets', ' 　');  -- NBSP, ideographic space
-- parts without any letter or digit
SELECT msm.physical_table_name('---', 'Asset');
SELECT msm.physical_table_name('ms_markets', '_.-/ _');
SELECT msm.physical_table_name('ms_markets', 'Asset', '...');
-- only NULL (the default) means "no suffix": a given suffix that is empty
-- or blank is an error, like any other part
SELECT msm.physical_table_name('ms_markets', 'Asset', NULL) AS null_ns,
       msm.physical_table_name('ms_markets', 'Asset') AS default_ns;
SELECT msm.physical_table_name('ms_markets', 'Asset', '');
SELECT msm.physical_table_name('ms_markets', 'Asset', '   ');
SELECT msm.physical_table_name('ms_markets', 'Asset', E'\u3000\u2028\u0085');
-- an empty or blank deployment namespace is none before it is a suffix:
-- msm.resolve_namespace trims as the naming rules do and gives '' (none),
-- which callers pass on as NULL
SELECT msm.resolve_namespace('') AS empty,
       msm.resolve_namespace(E' \u3000\u00a0\u2028 ') AS unicode_blank,
       msm.resolve_namespace(E'\u3000mainsequence.examples\u00a0') AS trimmed;
SELECT msm.physical_table_name('ms_markets', 'Asset',
                               nullif(msm.resolve_namespace(E'\u3000'), '')) AS none;
-- the same for a blank setting
SET msm.auto_register_namespace = E'\u3000\u2029';
SELECT msm.resolve_namespace() AS blank_setting;
RESET msm.auto_register_namespace;
-- trimming, separator runs, case folding, no CamelCase split
SELECT msm.physical_table_name('  MS Markets  ', E'\tAsset--Type__Detail ',
                               ' mainsequence..examples ');
SELECT msm.physical_table_name('__ms__', '__AssetType__');
-- leading digits get the t_ prefix (app, identifier and suffix)
SELECT msm.physical_table_name('2024_markets', '1d bars', '9lives');
SELECT msm.physical_table_name('ms_markets', '-42-');

-- exactly 63 characters is kept; 64 is shortened (no suffix)
SELECT name, length(name)
  FROM (VALUES (msm.physical_table_name('ms_markets', repeat('a', 51))),
               (msm.physical_table_name('ms_markets', repeat('a', 52)))) t(name);
-- exactly 63 / 64 with a suffix
SELECT name, length(name)
  FROM (VALUES (msm.physical_table_name('ms_markets', repeat('b', 30), repeat('s', 19))),
               (msm.physical_table_name('ms_markets', repeat('b', 30), repeat('s', 20)))) t(name);
-- the concept head is right-stripped of '_' before the marker
SELECT name, length(name)
  FROM (VALUES (msm.physical_table_name('ms_markets', repeat('c', 39) || ' tail of the concept'))) t(name);
-- the suffix tail is stripped of '_' on both sides
SELECT name, length(name)
  FROM (VALUES (msm.physical_table_name('ms_markets', repeat('c', 40),
                                        'deployment.namespace.' || repeat('z', 18)))) t(name);

-- long suffix, short concept: the budget the concept cannot use goes to
-- the suffix (which keeps its tail)
SELECT name, length(name)
  FROM (VALUES (msm.physical_table_name('ms_markets', 'Asset',
                'com.example.deployments.staging.region_eu_west_1.cluster_42'))) t(name);
-- short suffix, long concept: the suffix is kept whole
SELECT name, length(name)
  FROM (VALUES (msm.physical_table_name('ms_markets',
                'PricingMarketDataSetCurveBindingWithAVeryLongName', 'prod'))) t(name);

-- very long storage_app: fine while nothing must be shortened ...
SELECT name, length(name)
  FROM (VALUES (msm.physical_table_name(repeat('a', 60), 'b'))) t(name);
-- ... the smallest room left when shortening still works (no suffix: app
-- of 49 characters, with suffix: 46) ...
SELECT name, length(name)
  FROM (VALUES (msm.physical_table_name(repeat('a', 49), 'AssetTypeDetailsExtended')),
               (msm.physical_table_name(repeat('a', 46), 'AssetType', 'mainsequence.examples'))) t(name);
-- ... and one more character is too long
SELECT msm.physical_table_name(repeat('a', 50), 'AssetTypeDetailsExtended');
SELECT msm.physical_table_name(repeat('a', 47), 'AssetType', 'mainsequence.examples');
SELECT msm.physical_table_name(repeat('app', 400), 'Asset');

-- very long raw input still goes through the rules
SELECT name, length(name)
  FROM (VALUES (msm.physical_table_name('ms_markets', repeat('Abc.', 400), repeat('ns-', 400)))) t(name);

-- Unicode: non-ASCII characters are separators in the slug; a part made
-- only of non-ASCII letters is valid and slugs to "table"; punctuation or
-- emoji alone are rejected
SELECT msm.physical_table_name('ms_markets', 'Ünïcødé Préßure') AS latin,
       msm.physical_table_name('ms_markets', '日本語') AS cjk,
       msm.physical_table_name('ms_markets', 'Asset', 'société.générale') AS suffix;
SELECT msm.physical_table_name('ms_markets', '—…«»');
SELECT msm.physical_table_name('ms_markets', '🚀🚀');
-- letters and digits are what Python's str.isalnum() counts (general
-- categories L* and N*; doc/naming.md, "Letters, digits and whitespace"):
-- symbols such as ™ ・ ￥, combining marks and emoji are not; letters of
-- any script, other digits, ² and Ⅻ are
SELECT msm.physical_table_name('ms_markets', '™');
SELECT msm.physical_table_name('ms_markets', 'Asset', '・');
SELECT msm.physical_table_name('￥', 'Asset');
SELECT msm.physical_table_name('ms_markets', E'\u0301\u0308');
SELECT msm.physical_table_name('ms_markets', E'\u0e31');  -- Thai vowel sign (Mn)
SELECT msm.physical_table_name('ms_markets', E'1\ufe0f\u20e3') AS keycap_one,
       msm.physical_table_name('ms_markets', '٣ ² Ⅻ') AS other_digits,
       msm.physical_table_name('ms_markets', 'ー々') AS modifier_letters;
-- U+200B (zero width space) is not whitespace for str.strip(): the part is
-- not empty ("is required") but has no letter or digit
SELECT msm.physical_table_name('ms_markets', E'\u200b');

-- SQL-injection-looking input is just text
SELECT msm.physical_table_name('ms_markets', 'asset"; drop table x; --') AS name;
SELECT msm.physical_table_name('ms_markets''; DROP SCHEMA msm; --', 'Asset') AS name;

--
-- bounded_identifier
--
SELECT msm.bounded_identifier('fk', 'sdk_examples__account_holding',
                              'account_uid', 'sdk_examples__account', 'uid') AS name;
SELECT msm.bounded_identifier('pk', 'ms_markets__asset') AS name;
-- each "__"-separated piece is slugged on its own
SELECT msm.bounded_identifier('ix', 'MS Markets__Asset Type', 'Created At') AS name;
SELECT msm.bounded_identifier('uq', 'ms_markets__1d_bars', '2nd column') AS name;
SELECT msm.bounded_identifier('ix', 'a___b') AS name;
SELECT msm.bounded_identifier('Asset') AS name;
-- 63 characters kept, 64 shortened to 52 + marker
SELECT name, length(name)
  FROM (VALUES (msm.bounded_identifier('ix', repeat('x', 59))),
               (msm.bounded_identifier('ix', repeat('x', 60)))) t(name);
-- the head is right-stripped of '_' before the marker
SELECT name, length(name)
  FROM (VALUES (msm.bounded_identifier('fk', repeat('y', 46), 'more_columns_here', 'id'))) t(name);
-- long constraint name
SELECT name, length(name)
  FROM (VALUES (msm.bounded_identifier('fk', 'ms_markets__pricingmarketdatase_8e51a0e80f__insequence_examples',
                                       'curve_uid', 'ms_markets__curve__mainsequence_examples', 'uid'))) t(name);
-- the VARIADIC array form
SELECT msm.bounded_identifier(VARIADIC ARRAY['ck', 'ms_markets__asset', 'ticker']) AS name;
-- errors: no parts, NULL array, NULL / empty / punctuation-only part
SELECT msm.bounded_identifier(VARIADIC ARRAY[]::text[]);
SELECT msm.bounded_identifier(VARIADIC NULL::text[]);
SELECT msm.bounded_identifier('fk', NULL, 'uid');
SELECT msm.bounded_identifier('fk', '  ');
SELECT msm.bounded_identifier('fk', '__');
-- each "__"-separated piece is trimmed and checked: empty pieces and pieces
-- without a letter or digit are errors
SELECT msm.bounded_identifier('ix', 'a____b');
SELECT msm.bounded_identifier('ix', 'a__');
SELECT msm.bounded_identifier('__a');
SELECT msm.bounded_identifier('ix', E'a__\u3000__b');
SELECT msm.bounded_identifier('ix', 't__™');
SELECT msm.bounded_identifier('ix', 't', '-__x');
-- a piece is trimmed before it is slugged (a "___" run keeps its extra "_"
-- in the next piece, which the slug drops)
SELECT msm.bounded_identifier('ix', E'a__\u3000b\u3000', E'\tc__d ') AS trimmed_pieces,
       msm.bounded_identifier('ix', 'a___b') AS three_underscores;

--
-- metatable_identifier
--
SELECT msm.metatable_identifier('Asset') AS default_ns,
       msm.metatable_identifier('Asset', NULL) AS null_ns,
       msm.metatable_identifier('Asset', '  ') AS blank_ns,
       msm.metatable_identifier('Asset', 'mainsequence.markets') AS explicit_default;
SELECT msm.metatable_identifier('MyAssetDetails', 'com.my_company.markets') AS other_ns;
SELECT msm.metatable_identifier('com.my_company.markets.MyAssetDetails',
                                'com.my_company.markets') AS already_qualified;
-- a prefix that is not followed by '.' does not count as qualified
SELECT msm.metatable_identifier('com.my_company.marketsX.Foo',
                                'com.my_company.markets') AS not_qualified;
-- inputs are trimmed; the base keeps its case and characters
SELECT msm.metatable_identifier('  Société Asset  ', E' com.acme \t') AS trimmed_qualified_identifier;
SELECT msm.metatable_identifier('asset"; drop table x; --', 'com.acme') AS injection;
-- errors
SELECT msm.metatable_identifier('');
SELECT msm.metatable_identifier(NULL, 'com.acme');

--
-- PUBLIC may execute the naming functions
--
CREATE ROLE regress_msm_names_user;
SET ROLE regress_msm_names_user;
SELECT msm.physical_table_name('ms_markets', 'Asset'),
       msm.bounded_identifier('pk', 'ms_markets__asset'),
       msm.metatable_identifier('Asset', 'com.acme');
RESET ROLE;
DROP ROLE regress_msm_names_user;
