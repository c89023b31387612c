#!/usr/bin/env python3
"""test/tools/gen_naming_vectors.py: naming test vectors computed by the SDK's own code.

    python3.13 test/tools/gen_naming_vectors.py SDK_META_TABLES_DIR > test/data/naming_vectors_sdk.tsv

SDK_META_TABLES_DIR is a directory holding the SDK's `schema_names.py` and
`hashing.py` (from `mainsequence/meta_tables/` of mainsequence-sdk), e.g.

    mkdir /tmp/sdk_naming && cd <sdk checkout> &&
    for f in schema_names hashing; do
        git show HEAD:mainsequence/meta_tables/$f.py > /tmp/sdk_naming/$f.py
    done

The SDK code is never part of this repository: it is loaded from that
directory, as the package `mainsequence.meta_tables`, and its own functions
`schema_table_name` (msm.physical_table_name) and `bounded_identifier`
(msm.bounded_identifier) compute every expected result.  `hashing.py` imports
`pydantic_metadata` (which needs pydantic) for storage hashes the naming
functions never call; when pydantic is absent that import is satisfied by an
empty stand-in, so only the standard library is needed.

Use the Python the SDK requires (its pyproject says >= 3.13): `str.strip()`
and `str.isalnum()` follow that Python's Unicode database, and the header of
the output records the Python and Unicode versions used.

Output (doc/naming.md, "Test vectors"): one vector per line, tab separated:

    function   "ptn" (physical_table_name) or "bid" (bounded_identifier)
    args       JSON array of the arguments (null = SQL NULL, i.e. no suffix)
    expected   the name the SDK returns, or "" when the SDK raises
    error      "" or the kind of error the SDK raises: required,
               letters_or_digits, app_too_long
    note       what the vector exercises

Non-printable, space, format and combining characters in args are written
as JSON \\u escapes so that the file is plain to read and has no raw tab or
line break inside a field.
"""
import importlib.util
import json
import os
import random
import sys
import types
import unicodedata


def load_sdk(directory):
    """Import schema_names.py and hashing.py from directory as mainsequence.meta_tables."""
    for name in ("mainsequence", "mainsequence.meta_tables"):
        pkg = types.ModuleType(name)
        pkg.__path__ = [directory] if name.endswith("meta_tables") else []
        sys.modules[name] = pkg
    try:
        import pydantic  # noqa: F401  (the real module is used when present)
        have_pydantic = True
    except ImportError:
        have_pydantic = False
    if not have_pydantic:
        stand_in = types.ModuleType("mainsequence.meta_tables.pydantic_metadata")

        def strip_pydantic_hash_exclusions(*args, **kwargs):
            raise RuntimeError("storage hashes are not part of the naming vectors")

        stand_in.strip_pydantic_hash_exclusions = strip_pydantic_hash_exclusions
        sys.modules[stand_in.__name__] = stand_in
    modules = {}
    for name in ("hashing", "schema_names"):
        path = os.path.join(directory, name + ".py")
        spec = importlib.util.spec_from_file_location("mainsequence.meta_tables." + name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        modules[name] = module
    return modules["schema_names"]


def error_kind(exc):
    """The kind of a ValueError raised by the SDK's naming functions."""
    text = str(exc)
    if text.endswith(" is required."):
        return "required"
    if text.endswith(" must contain letters or digits."):
        return "letters_or_digits"
    if "app is too long" in text:
        return "app_too_long"
    raise RuntimeError("unknown SDK naming error: %r" % text)


def escape_json(value):
    """JSON text of value, readable, with every invisible character escaped."""
    out = []
    for ch in json.dumps(value, ensure_ascii=False):
        cp = ord(ch)
        cat = unicodedata.category(ch)
        if ch != " " and (ch.isspace() or cat[0] in "CZM"):
            if cp > 0xFFFF:
                cp -= 0x10000
                out.append("\\u%04x\\u%04x" % (0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF)))
            else:
                out.append("\\u%04x" % cp)
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------

# Python's str.isspace() characters, plus look-alikes that are NOT whitespace
SPACES = [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f",
          "\x85", "\xa0", "\u1680", "\u2000", "\u2003", "\u2007", "\u200a",
          "\u2028", "\u2029", "\u202f", "\u205f", "\u3000"]
NOT_SPACES = ["\u200b", "\u180e", "\ufeff", "\u2060", "\u00ad", "\u200d"]

# letters and digits of many scripts (str.isalnum() is true)
LETTERS = ["é", "Ü", "ß", "ø", "Ł", "ı", "ǅ", "ʰ", "Ω", "ж", "Ж", "ա", "א", "ع", "ڤ",
           "ऄ", "क", "ক", "ਕ", "ક", "க", "క", "ಕ", "ക", "ก", "ກ", "ཀ", "က", "ა", "ሀ",
           "Ꭰ", "ᐁ", "ᚠ", "ᜀ", "ក", "ᠠ", "あ", "ア", "ｱ", "日", "本", "中", "한", "ㄱ",
           "ꀀ", "ꦄ", "𐀀", "𐌰", "𒀀", "𓀀", "𝐀", "𝔸", "𠀀", "𪜀", "ª", "º", "ǂ",
           "々", "〆", "ー", "ヽ", "ゝ"]
DIGITS = ["٣", "۴", "५", "৬", "੭", "௮", "๙", "໒", "༣", "၄", "០", "᠑", "０", "９",
          "𝟘", "𝟗", "²", "³", "¹", "¼", "½", "Ⅻ", "ⅰ", "①", "⑴", "⒈", "〇", "〡",
          "㈠", "𐄇", "𑁒", "零", "万"]
# characters Python does NOT count as letters or digits (and a few sequences
# mixing them with one, e.g. the keycap "1\ufe0f\u20e3")
NOT_ALNUM = ["™", "・", "￥", "©", "®", "°", "±", "§", "¶", "·", "¿", "¡", "«", "»",
             "—", "–", "…", "‰", "€", "£", "¥", "₿", "→", "⇒", "∑", "√", "∞", "≠",
             "☃", "★", "♠", "♪", "✓", "✔", "❤", "〒", "〜", "〃", "、", "。", "「", "」",
             "【", "】", "！", "？", "＃", "＿", "｜", "゛",
             "\u0301", "\u0308", "\u20dd", "\u302a", "\u0e31", "\u093e", "\u0bcd",
             "\ufe0f", "\u200d", "\u200b", "\u2060", "\ufeff", "\u00ad", "\ue000",
             "\U000f0000", "\U000e0041", "\u0378", "\U0010fffd",
             "😀", "🚀", "👍🏽", "🇯🇵", "👨\u200d👩\u200d👧", "🔟", "#\ufe0f\u20e3",
             "1\ufe0f\u20e3", "🀄", "🂡", "𝄞", "\u2122\u0301"]


def class_boundaries():
    """Code points where str.isalnum() or str.isspace() changes, and their neighbours."""
    points = set()
    for predicate in (str.isalnum, str.isspace):
        prev = predicate(chr(0))
        for cp in range(1, 0x110000):
            cur = predicate(chr(cp))
            if cur != prev:
                points.update((cp - 1, cp))
            prev = cur
    # NUL cannot be a SQL text value; surrogates cannot be UTF-8
    return sorted(cp for cp in points if cp > 0 and not 0xD800 <= cp <= 0xDFFF)


def ptn_inputs(rng):
    """(args, note) for physical_table_name."""
    v = []

    def add(app, ident, suffix=None, note=""):
        v.append(([app, ident, suffix], note))

    # the documented examples and plain ASCII
    add("ms_markets", "Asset", None, "ascii")
    add("ms_markets", "AssetType", None, "ascii: no CamelCase split")
    add("ms_markets", "Account", "mainsequence.examples", "ascii suffix")
    add("ms-markets", "Asset", "mainsequence.examples", "ascii suffix")
    add("SDK Examples", "Account Holdings", None, "ascii")
    add("ms_markets", "PricingMarketDataSetCurveBinding", "mainsequence.examples", "long with suffix")
    add("acme_markets", "com.acme.markets.ProjectQualifiedOverride", "mainsequence.tests", "long with suffix")
    add("ms_markets", "index_values__1d", None, "ascii")
    add("ms_markets", "alembic_version", "mainsequence.examples", "root")
    add("msm", "alembic_version", "mainsequence.examples", "root")
    add("msm", "alembic_version", None, "root")
    for app, ident, suffix in [("2024_markets", "1d bars", "9lives"), ("ms_markets", "-42-", None),
                               ("__ms__", "__AssetType__", None), ("  MS Markets  ", "\tAsset--Type__Detail ", " mainsequence..examples "),
                               ("a", "b", "c"), ("A", "B", None), ("x.y.z", "Foo.Bar", "a.b.c"),
                               ("ms_markets", "asset\"; drop table x; --", None),
                               ("ms_markets'; DROP SCHEMA msm; --", "Asset", None),
                               ("ms_markets", "0", "0"), ("ms_markets", "_0_", "_9_"),
                               ("ms_markets", "Ünïcødé Préßure", None), ("ms_markets", "Asset", "société.générale")]:
        add(app, ident, suffix, "ascii edge")
    # required parts and blank / empty values (a given suffix is never "no suffix")
    for blank in ["", " ", "   ", "\t\n", "\u3000", "\xa0", "\u2028", "\x1c\x1f", "\x85"]:
        add(blank, "Asset", None, "blank app")
        add("ms_markets", blank, None, "blank identifier")
        add("ms_markets", "Asset", blank, "blank suffix")
        add(blank, blank, blank, "all blank")
    # whitespace is trimmed (Python str.strip()); look-alikes are not whitespace
    for sp in SPACES:
        add(sp + "ms_markets" + sp, sp + "Asset" + sp, sp + "mainsequence.examples" + sp, "whitespace trimmed U+%04X" % ord(sp))
        add("ms_markets", sp + "-" + sp, None, "whitespace around punctuation U+%04X" % ord(sp))
        add("ms_markets", "Asset", sp + "." + sp, "whitespace around punctuation suffix U+%04X" % ord(sp))
        add("ms_markets", "Asset" + sp + "Type", None, "inner whitespace U+%04X" % ord(sp))
    for ns in NOT_SPACES:
        add("ms_markets", ns, None, "not whitespace U+%04X" % ord(ns))
        add("ms_markets", ns + "Asset" + ns, "x", "not whitespace around U+%04X" % ord(ns))
        add(ns, "Asset", ns, "not whitespace U+%04X" % ord(ns))
    # letters and digits of many scripts are letters or digits
    for ch in LETTERS + DIGITS:
        add("ms_markets", ch, None, "alnum U+%04X" % ord(ch))
        add("ms_markets", ch * 3 + " Asset", None, "alnum with ascii U+%04X" % ord(ch))
        add(ch, "Asset", ch + ".", "alnum app and suffix U+%04X" % ord(ch))
        add("ms_markets", "-" + ch + "-", "(" + ch + ")", "alnum in punctuation U+%04X" % ord(ch))
    # characters that are not letters or digits
    for ch in NOT_ALNUM:
        note = "other " + " ".join("U+%04X" % ord(c) for c in ch)
        add("ms_markets", ch, None, note)
        add("ms_markets", ch + ch + " " + ch, None, note)
        add(ch, "Asset", None, note + " (app)")
        add("ms_markets", "Asset", ch, note + " (suffix)")
        add("ms_markets", "Asset" + ch, ch + "prod", note + " with ascii")
        add("ms_markets", ch + "é", None, note + " with a letter")
        add("ms_markets", "e" + ch, ch + "\u0301", note + " with a combining mark")
    # combining marks after letters, and alone
    for mark in ["\u0301", "\u0308", "\u0327", "\u20dd", "\u093e", "\u302a"]:
        add("ms_markets", "e" + mark, None, "letter + combining U+%04X" % ord(mark))
        add("ms_markets", mark * 3, None, "combining only U+%04X" % ord(mark))
        add("ms_markets", " " + mark + " ", "x" + mark, "combining only U+%04X" % ord(mark))
    # names around the 63-character limit, with and without suffix
    for app in ["ms_markets", "a", "msm", "sdk_examples", "x" * 30, "y" * 45, "z" * 46, "z" * 47,
                "w" * 48, "w" * 49, "w" * 50, "v" * 60, "v" * 61, "v" * 62, "app" * 30]:
        for n in [1, 5, 20, 30, 39, 40, 45, 49, 50, 51, 52, 53, 60, 63, 64, 100, 300]:
            add(app, "C" * n, None, "length app %d concept %d" % (len(app), n))
            add(app, ("Concept_" * 40)[:n], "mainsequence.examples", "length app %d concept %d suffix 21" % (len(app), n))
        for s in [1, 2, 10, 19, 20, 21, 30, 40, 60, 120]:
            add(app, "PricingMarketDataSetCurveBinding", ("ns." * 60)[:s] or "s", "length app %d suffix %d" % (len(app), s))
            add(app, "Asset", "s" * s, "length app %d short concept suffix %d" % (len(app), s))
    add("ms_markets", "c" * 39 + " tail of the concept", None, "head right-stripped")
    add("ms_markets", "c" * 40, "deployment.namespace." + "z" * 18, "tail stripped")
    add("ms_markets", "Asset", "com.example.deployments.staging.region_eu_west_1.cluster_42", "long suffix short concept")
    add("ms_markets", "Abc." * 400, "ns-" * 400, "very long")
    add("ms_markets", "a" * 40 + "_" * 30, None, "underscore run at the cut")
    add("ms_markets", "_" * 3 + "b" + "_" * 60, None, "underscore runs")
    add("ms_markets", "a" + "." * 60 + "b", "c" + "." * 40 + "d", "separators at the cut")
    add("ms_markets", "a" * 30 + "." + "b" * 30, "x" * 30 + "." + "y", "separators at the cut")
    # every boundary of the letters-or-digits and whitespace classes of this
    # Python's Unicode database: the first and last code point of each run
    # and their neighbours outside it
    for cp in class_boundaries():
        add("ms_markets", chr(cp), None, "class boundary U+%04X" % cp)
    # random mixes, reproducible
    pool = ["a", "B", "z", "0", "7", "_", "-", ".", " ", "__", "é", "日", "٣", "™", "・",
            "￥", "\u0301", "😀", "\u3000", "\xa0", "\u2028", "\t", "Ⅻ", "①", "〇", "ß", "Ω"]
    for i in range(400):
        def word(lo, hi):
            return "".join(rng.choice(pool) for _ in range(rng.randint(lo, hi)))
        app = word(0, 12) if i % 10 else word(0, 60)
        suffix = None if i % 3 == 0 else word(0, 40)
        add(app, word(0, 80), suffix, "random")
    return v


def bid_inputs(rng):
    """(args, note) for bounded_identifier."""
    v = []

    def add(parts, note):
        v.append((list(parts), note))

    add(["fk", "sdk_examples__account_holding", "account_uid", "sdk_examples__account", "uid"], "documented fk")
    add(["pk", "ms_markets__asset"], "pk")
    add(["ix", "MS Markets__Asset Type", "Created At"], "pieces slugged")
    add(["uq", "ms_markets__1d_bars", "2nd column"], "digits")
    add(["ix", "a___b"], "three underscores")
    add(["Asset"], "one part")
    add(["ck", "ms_markets__asset", "ticker"], "ck")
    # pieces: each "__"-separated piece is checked
    for part in ["a____b", "a__", "__a", "__", "____", "a______b", "a__ __b", "a__\u3000__b",
                 "a__-__b", "a__™__b", "a__\u0301", "a___", "___a", "_a_", "a_b", "a__b__c",
                 "a__ b", " a__b ", "a__b ", "a __b", "a__\u3000b", "\u3000a__b\u3000",
                 "a__é", "a__日本", "a__😀", "a__😀x", "x__・", "x__￥", "a\u200b__b"]:
        add(["ix", part], "pieces")
        add([part], "pieces, one part")
        add([part, "uid"], "pieces, first part")
    # required parts, blank parts and characters
    for blank in ["", " ", "\t", "\u3000", "\xa0", "\u2028", "\x85"]:
        add(["fk", blank, "uid"], "blank part")
        add([blank], "blank only part")
    for ch in NOT_ALNUM:
        add(["ck", "t", ch], "other " + " ".join("U+%04X" % ord(c) for c in ch))
        add(["ck", "t", ch + "x"], "other with ascii")
    for ch in LETTERS + DIGITS:
        add(["ck", "t", ch], "alnum U+%04X" % ord(ch))
        add(["ck", ch + "__" + ch, "x"], "alnum pieces U+%04X" % ord(ch))
    for sp in SPACES:
        add([sp + "ix" + sp, sp + "t__u" + sp], "whitespace trimmed U+%04X" % ord(sp))
        add(["ix", "t__" + sp], "whitespace piece U+%04X" % ord(sp))
    # around 63 characters
    for n in [50, 55, 58, 59, 60, 61, 62, 63, 64, 80, 200]:
        add(["ix", "x" * n], "length %d" % n)
        add(["fk", "y" * (n // 2), "more_columns_here", "id"], "length fk %d" % n)
        add(["ix", ("ab_" * 80)[:n]], "underscores at the cut %d" % n)
        add(["ix", "t" * 49 + "_" * n], "underscore run %d" % n)
    add(["fk", "ms_markets__pricingmarketdatase_8e51a0e80f__insequence_examples",
         "curve_uid", "ms_markets__curve__mainsequence_examples", "uid"], "long fk")
    pool = ["a", "B", "0", "7", "_", "__", "-", " ", "é", "日", "™", "・", "\u0301", "😀", "\u3000"]
    for i in range(250):
        parts = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 25)))
                 for _ in range(rng.randint(1, 5))]
        add(parts, "random")
    return v


def main():
    if len(sys.argv) != 2 or not os.path.isfile(os.path.join(sys.argv[1], "schema_names.py")):
        sys.exit(__doc__)
    sdk = load_sdk(os.path.abspath(sys.argv[1]))
    rng = random.Random(20260510)
    out = sys.stdout
    out.write("# msm naming vectors computed by the SDK's own functions (test/tools/gen_naming_vectors.py)\n")
    out.write("# Python %s, Unicode %s\n" % (sys.version.split()[0], unicodedata.unidata_version))
    out.write("# function\targs (JSON)\texpected\terror kind\tnote\n")
    seen = set()
    for fn, inputs, call in [("ptn", ptn_inputs(rng), lambda a: sdk.schema_table_name(a[0], a[1], suffix=a[2])),
                             ("bid", bid_inputs(rng), lambda a: sdk.bounded_identifier(*a))]:
        for args, note in inputs:
            key = (fn, json.dumps(args))
            if key in seen:
                continue
            seen.add(key)
            try:
                expected, kind = call(args), ""
            except ValueError as exc:
                expected, kind = "", error_kind(exc)
            out.write("\t".join([fn, escape_json(args), expected, kind, note]) + "\n")


if __name__ == "__main__":
    main()
