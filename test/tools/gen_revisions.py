#!/usr/bin/env python3
"""Generate msm's revision steps and expected objects from catalog snapshots.

Input: a directory of catalog snapshots taken after each revision of the
upstream markets chain (doc/upstream_parity.md, "How these facts were
obtained"): NNNN.tsv after upgrading to NNNN, down_NNNN.tsv / down_base.tsv
after downgrading to it.  One line per object: table, kind, name, info
(columns: "attnum|type|NULL or NOT NULL|default"; constraints and indexes:
PostgreSQL's own deparse).

Output (stdout): SQL INSERTs into msm.revision_step and msm.revision_object
for sql/next/msm--0.1.0--0.2.0.sql.  Names and table references become
templates rendered per deployment namespace by msm._render_template
(doc/migrations.md, "Revision steps"):
  {T:slug}  schema-qualified physical table of ms_markets identifier slug
  {t:slug}  bare physical table name
  {N:a|b|c} quoted msm.bounded_identifier(a, b, c) after {t:} expansion
  {S:name}  SQLAlchemy's shortening of an over-long name (first 55
            characters, '_', last 4 hex digits of its MD5)
  {I}       the object's own (rendered) name, in index definitions
Data steps and guards are written by hand in HAND below.
"""
import hashlib
import os
import re
import sys

REVS = ['%04d' % i for i in range(1, 16)]
VERSION_TABLE = 'ms_markets__alembic_version'


def bounded(parts):
    full = '__'.join(parts)
    if len(full) <= 63:
        return full
    return full[:52].rstrip('_') + '_' + hashlib.md5(full.encode()).hexdigest()[:10]


def sqla_short(name):
    return name[:55] + '_' + hashlib.md5(name.encode()).hexdigest()[-4:]


def load(path):
    import gzip
    st = {}
    for line in (gzip.open(path + '.gz', 'rt') if not os.path.exists(path) else open(path)):
        line = line.rstrip('\n')
        if not line:
            continue
        tbl, kind, name, info = (line.split('\t') + [''] * 4)[:4]
        if tbl == VERSION_TABLE:
            continue
        t = st.setdefault(tbl, {'cols': {}, 'pk': {}, 'fk': {}, 'check': {}, 'index': {}})
        if kind == 'table':
            continue
        if kind == 'column':
            num, typ, nn, dflt = info.split('|', 3)
            t['cols'][name] = (int(num), typ, nn == 'NOT NULL', dflt)
        elif kind in ('index', 'unique_index'):
            t['index'][name] = info
        else:
            t[kind][name] = info
    return st


def slug(table):
    assert table.startswith('ms_markets__'), table
    return table[len('ms_markets__'):]


TABLE_RE = re.compile(r'(?:public\.)?\b(ms_markets__[a-z0-9_]+)')


def tmpl_def(text):
    return TABLE_RE.sub(lambda m: '{T:%s}' % slug(m.group(1)), text)


def cols_of(defn):
    m = re.search(r'\(([^()]*)\)', defn)
    return [c.strip().strip('"') for c in m.group(1).split(',')]


# model-side names of checks whose physical name is hashed (each was
# verified to re-derive the observed name; the first ones are also in
# test/data/upstream_head_schema.tsv, column name_parts)
CHECK_PARTS = {
    'accountholdingsts': ['ck_account_holdings_direction'],
    'virtualfundholdingsts': ['ck_virtual_fund_holdings_direction'],
    'targetpositionsts': ['ck_target_positions_target_type', 'ck_target_positions_single_exposure',
                          'ck_target_positions_target_reference'],
    'indexdatasetavailability': ['dataset_population_state_coherent'],
    'indexformuladefinition': ['formula_alignment_policy_valid', 'formula_missing_data_policy_valid',
                               'formula_validity_interval_valid', 'formula_version_positive'],
    'indexformulainput': ['formula_input_source_exclusive'],
    'indexcalculationdefinition': ['composition_mode_valid', 'definition_version_positive',
                                   'definition_status_valid', 'effective_interval_valid'],
    'indexresolvedlegsts': ['resolved_component_kind_valid'],
}


def name_tmpl(table, kind, name, defn):
    """Template that renders to name in the default namespace."""
    t = '{t:%s}' % slug(table)
    cands = []
    if kind == 'pk':
        cands.append(['pk', t])
    elif kind == 'index':
        cols = cols_of(defn.split(' USING ', 1)[1])
        pre = 'uix' if defn.startswith('CREATE UNIQUE') else 'ix'
        cands.append([pre, t] + cols)
    elif kind == 'fk':
        m = re.match(r'FOREIGN KEY \(([^)]*)\) REFERENCES (ms_markets__[a-z0-9_]+)\(([^)]*)\)', defn)
        cols = [c.strip() for c in m.group(1).split(',')]
        tcols = [c.strip() for c in m.group(3).split(',')]
        tt = '{t:%s}' % slug(m.group(2))
        cands.append(['fk', t] + cols + [tt] + tcols)
        cands.append(['fk', t] + cols + [slug(m.group(2))])         # 0005's hand-picked name
        full = '__'.join(['fk', table] + cols + [m.group(2)])
        if len(full) > 63 and sqla_short(full) == name:
            return '{S:%s}' % '__'.join(['fk', t] + cols + [tt])
    elif kind == 'check':
        prefix = 'ck__%s__' % table
        for part in CHECK_PARTS.get(slug(table), []):
            cands.append(['ck', t, part])
        if name.startswith(prefix) and len(name) <= 63:
            cands.append(['ck', t, name[len(prefix):]])
    for c in cands:
        plain = [p if not p.startswith('{t:') else 'ms_markets__' + p[3:-1] for p in c]
        if bounded(plain) == name:
            return '{N:%s}' % '|'.join(c)
    sys.stderr.write('literal name: %s %s %s\n' % (table, kind, name))
    return name


def q(s):
    return "'" + s.replace("'", "''") + "'"


def ident(s):
    return s if re.match(r'^[a-z_][a-z0-9_]*$', s) else '"%s"' % s.replace('"', '""')


def coldef(name, c, with_notnull=True):
    _, typ, nn, dflt = c
    s = '%s %s' % (ident(name), typ)
    if dflt:
        s += ' DEFAULT ' + dflt
    if nn and with_notnull:
        s += ' NOT NULL'
    return s


def fk_deps(st, tables):
    """tables ordered so that FK targets come first (ties: name)."""
    deps = {}
    for tb in tables:
        deps[tb] = set()
        for d in st[tb]['fk'].values():
            m = re.search(r'REFERENCES (ms_markets__[a-z0-9_]+)\(', d)
            if m and m.group(1) in tables and m.group(1) != tb:
                deps[tb].add(m.group(1))
    out, done = [], set()
    while len(out) < len(tables):
        ready = sorted(tb for tb in tables if tb not in done and deps[tb] <= done)
        if not ready:
            ready = sorted(tb for tb in tables if tb not in done)[:1]
        for tb in ready:
            out.append(tb)
            done.add(tb)
    return out


def diff(a, b, rev, direction):
    """Ordered steps turning state a into state b: list of (kind, sql, probe)."""
    hand = HAND.get((rev, direction), {})
    steps = []

    def add(kind, sql, probe=None):
        steps.append((kind, sql, probe))

    for s in hand.get('pre', []):
        add('data', s)
    common = [tb for tb in sorted(a) if tb in b]
    renames = hand.get('rename_column', [])
    # drops of changed/removed objects on surviving tables
    for kind, what in (('fk', 'CONSTRAINT'), ('check', 'CONSTRAINT')):
        for tb in common:
            for n, d in sorted(a[tb][kind].items()):
                if b[tb][kind].get(n) != d:
                    add('drop_constraint', 'ALTER TABLE {T:%s} DROP CONSTRAINT %s' % (slug(tb), name_tmpl(tb, kind, n, d)))
    for tb in common:
        for n, d in sorted(a[tb]['index'].items()):
            if b[tb]['index'].get(n) != d:
                add('drop_index', 'DROP INDEX {SCHEMA}.%s' % name_tmpl(tb, 'index', n, d))
    # FKs from dropped tables into surviving ones vanish with the table;
    # FKs from surviving tables into dropped ones were dropped above.
    dropped = [tb for tb in a if tb not in b]
    for tb in reversed(fk_deps(a, dropped)):
        probe = 'SELECT EXISTS (SELECT 1 FROM {T:%s})' % slug(tb)
        add('drop_table', 'DROP TABLE {T:%s}' % slug(tb), probe)
    for tb, old, new in renames:
        add('rename_column', 'ALTER TABLE {T:%s} RENAME COLUMN %s TO %s' % (tb, old, new))
        full = 'ms_markets__' + tb
        a[full]['cols'][new] = a[full]['cols'].pop(old)
    # new tables: columns, primary key and checks; indexes and FKs later
    created = [tb for tb in b if tb not in a]
    for tb in fk_deps(b, created):
        t = b[tb]
        parts = [coldef(n, c) for n, c in sorted(t['cols'].items(), key=lambda x: x[1][0])]
        for n, d in t['pk'].items():
            parts.append('CONSTRAINT %s %s' % (name_tmpl(tb, 'pk', n, d), d))
        for n, d in sorted(t['check'].items()):
            parts.append('CONSTRAINT %s %s' % (name_tmpl(tb, 'check', n, d), check_source(d)))
        add('create_table', 'CREATE TABLE {T:%s} (%s)' % (slug(tb), ', '.join(parts)))
    # added columns: nullable first (a transient default fills existing rows)
    transient = hand.get('transient_default', {})
    for tb in common:
        for n, c in sorted(b[tb]['cols'].items(), key=lambda x: x[1][0]):
            if n not in a[tb]['cols']:
                if (slug(tb), n) in transient:
                    add('add_column', 'ALTER TABLE {T:%s} ADD COLUMN %s DEFAULT %s NOT NULL'
                        % (slug(tb), coldef(n, c, False), transient[(slug(tb), n)]))
                    add('alter_column', 'ALTER TABLE {T:%s} ALTER COLUMN %s DROP DEFAULT' % (slug(tb), ident(n)))
                    a[tb]['cols'][n] = c
                else:
                    add('add_column', 'ALTER TABLE {T:%s} ADD COLUMN %s' % (slug(tb), coldef(n, c, False)))
                    a[tb]['cols'][n] = (c[0], c[1], False, c[3])
    for s in hand.get('mid', []):
        add('data', s)
    usings = hand.get('using', {})
    for tb in common:
        for n, c in sorted(b[tb]['cols'].items(), key=lambda x: x[1][0]):
            o = a[tb]['cols'].get(n)
            if o is None:
                continue
            if o[1] != c[1]:
                add('alter_column', 'ALTER TABLE {T:%s} ALTER COLUMN %s TYPE %s USING %s'
                    % (slug(tb), ident(n), c[1], usings.get((slug(tb), n), '%s::%s' % (ident(n), c[1]))))
            if o[3] != c[3]:
                add('alter_column', 'ALTER TABLE {T:%s} ALTER COLUMN %s %s' % (
                    slug(tb), ident(n), 'SET DEFAULT ' + c[3] if c[3] else 'DROP DEFAULT'))
            if o[2] != c[2]:
                add('alter_column', 'ALTER TABLE {T:%s} ALTER COLUMN %s %s NOT NULL' % (
                    slug(tb), ident(n), 'SET' if c[2] else 'DROP'))
    for tb in common:
        for n in sorted(a[tb]['cols']):
            if n not in b[tb]['cols']:
                probe = 'SELECT EXISTS (SELECT 1 FROM {T:%s} WHERE %s IS NOT NULL)' % (slug(tb), ident(n))
                add('drop_column', 'ALTER TABLE {T:%s} DROP COLUMN %s' % (slug(tb), ident(n)), probe)
    # indexes, checks, foreign keys (new or changed)
    order = sorted(b)
    for tb in order:
        for n, d in sorted(b[tb]['index'].items()):
            if tb in a and a[tb]['index'].get(n) == d:
                continue
            nt = name_tmpl(tb, 'index', n, d)
            body = re.sub(r'^(CREATE (?:UNIQUE )?INDEX) \S+ ON ', r'\1 {I} ON ', d)
            add('create_index', tmpl_def(body).replace('{I}', nt))
    for tb in order:
        for n, d in sorted(b[tb]['check'].items()):
            if tb not in a or a[tb]['check'].get(n) == d:
                continue
            add('add_constraint', 'ALTER TABLE {T:%s} ADD CONSTRAINT %s %s' % (slug(tb), name_tmpl(tb, 'check', n, d), check_source(d)))
    for tb in order:
        for n, d in sorted(b[tb]['fk'].items()):
            if tb in a and a[tb]['fk'].get(n) == d:
                continue
            add('add_constraint', 'ALTER TABLE {T:%s} ADD CONSTRAINT %s %s'
                % (slug(tb), name_tmpl(tb, 'fk', n, d), tmpl_def(d)))
    for s in hand.get('post', []):
        add('data', s)
    return steps


IN_RE = re.compile(r"\(\((\w+)\)::text = ANY \(\(ARRAY\[([^\]]*)\]\)::text\[\]\)\)")


def check_source(d):
    """A CHECK clause that PostgreSQL deparses back to d: "col IN (...)" on a
    varchar column deparses to = ANY ((ARRAY[...])::text[]), but that text
    itself would parse to a different tree (msm._check_source in SQL)."""
    return IN_RE.sub(lambda m: '(%s IN (%s))' % (m.group(1), m.group(2).replace("::character varying", '')), d)


def refuse(msg, hint, cond):
    return ("DO $msm$ BEGIN IF %s THEN RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state', "
            "MESSAGE = %s, HINT = %s; END IF; END $msm$" % (cond, q(msg), q(hint)))


HAND = {
    ('0003', 'upgrade'): {'mid': [
        # doc/migrations.md, "Data steps": portfolio.calendar_uid from calendar_name
        "SELECT msm._backfill_portfolio_calendar('{T:portfolio}', '{T:calendar}')"]},
    ('0003', 'downgrade'): {'mid': [
        'UPDATE {T:portfolio} p SET calendar_name = c.unique_identifier FROM {T:calendar} c '
        'WHERE c.uid = p.calendar_uid AND p.calendar_uid IS NOT NULL']},
    ('0007', 'upgrade'): {'transient_default': {('curve', 'status'): "'ACTIVE'"}},
    ('0009', 'upgrade'): {'pre': [refuse(
        'discount curve rows without a curve payload exist',
        'Fill or delete the rows of the discount curves table whose curve is NULL, then migrate again.',
        'EXISTS (SELECT 1 FROM {T:discountcurvests} WHERE curve IS NULL)')]},
    ('0010', 'upgrade'): {
        'mid': ["UPDATE {T:discountcurvests} SET key_nodes = to_jsonb(msm._key_nodes_encode(key_nodes)) "
                "WHERE key_nodes IS NOT NULL"],
        'using': {('discountcurvests', 'key_nodes'):
                  "CASE WHEN key_nodes IS NULL THEN NULL WHEN jsonb_typeof(key_nodes) = 'string' "
                  "THEN key_nodes #>> '{}' ELSE key_nodes::text END"}},
    ('0010', 'downgrade'): {
        'mid': ["UPDATE {T:discountcurvests} SET key_nodes = msm._key_nodes_decode(key_nodes)::text "
                "WHERE key_nodes LIKE 'msm\\_pricing.key\\_nodes.zlib+base64.v1:%'"],
        'using': {('discountcurvests', 'key_nodes'): 'key_nodes::jsonb'}},
    ('0012', 'upgrade'): {'rename_column': [('indexvaluests', 'calculation_status', 'observation_status')]},
    ('0012', 'downgrade'): {
        'pre': [refuse('index values without a definition or an observation status exist',
                       'Revision 0011 requires both on every index value row: fill or delete those rows, then downgrade again.',
                       'EXISTS (SELECT 1 FROM {T:indexvaluests} WHERE definition_uid IS NULL OR observation_status IS NULL)')],
        'rename_column': [('indexvaluests', 'observation_status', 'calculation_status')]},
    ('0013', 'upgrade'): {'pre': [refuse(
        'an index has more than one active calculation definition',
        'Retire all but one active definition per index, then migrate again.',
        "EXISTS (SELECT 1 FROM {T:indexcalculationdefinition} WHERE status = 'active' GROUP BY index_uid HAVING count(*) > 1)")]},
    ('0015', 'upgrade'): {
        'pre': [refuse('legacy index calculation definitions exist',
                       'Revision 0015 replaces them by index formula definitions and cannot convert them: delete the rows of the index calculation definition table, then migrate again.',
                       'EXISTS (SELECT 1 FROM {T:indexcalculationdefinition})'),
                "SELECT msm._index_value_cadence_tables('{SCHEMA}', '{t:index_values}', '{t:indexformuladefinition}', 'detach')"],
        'mid': ["UPDATE {T:index} SET calculation_method = 'custom', value_format = 'decimal'"],
        'post': ["SELECT msm._index_value_cadence_tables('{SCHEMA}', '{t:index_values}', '{t:indexformuladefinition}', 'attach')"]},
}


def main(d):
    snaps = {r: load(os.path.join(d, r + '.tsv')) for r in REVS}
    downs = {r: load(os.path.join(d, 'down_%s.tsv' % r)) for r in REVS[:13]}
    downs['base'] = load(os.path.join(d, 'down_base.tsv'))
    empty = {}
    out = []
    import copy
    for i, r in enumerate(REVS):
        prev = snaps[REVS[i - 1]] if i else empty
        steps = diff(copy.deepcopy(prev), snaps[r], r, 'upgrade')
        for n, (k, s, p) in enumerate(steps, 1):
            out.append("('%s', 'upgrade', %d, '%s', %s, %s)" % (r, n, k, q(s), q(p) if p else 'NULL'))
        if r == '0015':
            continue
        before = downs.get(r, snaps[r]) if r != '0014' else snaps[r]
        after = downs[REVS[i - 1]] if i else downs['base']
        steps = diff(copy.deepcopy(before), after, r, 'downgrade')
        for n, (k, s, p) in enumerate(steps, 1):
            out.append("('%s', 'downgrade', %d, '%s', %s, %s)" % (r, n, k, q(s), q(p) if p else 'NULL'))
    print('INSERT INTO msm.revision_step (revision, direction, step, kind, statement, data_probe) VALUES')
    print(',\n'.join(out) + ';')
    # expected objects: (table, kind, name, ordinal, definition) valid over a revision range
    spans = {}
    for i, r in enumerate(REVS, 1):
        for tb, t in snaps[r].items():
            objs = [('table', tb, 0, '')]
            for n, c in t['cols'].items():
                objs.append(('column', n, c[0], '%s|%s|%s' % (c[1], 'NOT NULL' if c[2] else 'NULL', c[3])))
            for kind in ('pk', 'fk', 'check', 'index'):
                for n, dd in t[kind].items():
                    objs.append((kind, n, 0, dd))
            for kind, n, o, dd in objs:
                key = (tb, kind, n, dd)
                lst = spans.setdefault(key, [])
                if lst and lst[-1][1] == i - 1:
                    lst[-1][1] = i
                    lst[-1][2] = o
                else:
                    lst.append([i, i, o])
    rows = []
    for (tb, kind, n, dd), lst in sorted(spans.items()):
        for f, l, o in lst:
          if kind == 'table':
              nt, dt = '{t:%s}' % slug(tb), ''
          elif kind == 'column':
              nt, dt = n, dd
          else:
              nt = name_tmpl(tb, kind, n, dd)
              dt = tmpl_def(re.sub(r'^(CREATE (?:UNIQUE )?INDEX) \S+ ON ', r'\1 {I} ON ', dd))
          rows.append("(%s, '%s', %s, %d, %s, %d, %d)" % (q(slug(tb)), kind, q(nt), o, q(dt), f, l))
    print('INSERT INTO msm.revision_object (table_slug, object_kind, name, ordinal, definition, from_position, to_position) VALUES')
    print(',\n'.join(rows) + ';')


if __name__ == '__main__':
    main(sys.argv[1])
