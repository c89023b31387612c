#!/usr/bin/env python3
"""Generate the 0.2.0 built-in model catalogue (doc/models.md) as SQL.

Reads: test/data/upstream_head_schema.tsv (physical schema at head),
/work/shared/upstream_models.tsv or the path given (registry order, kinds,
upsert keys, client-side defaults), sql/released/msm--0.1.0.sql (the 0.1.0
descriptions, kept for the 39 models it had) and
test/data/builtin_new_descriptions.tsv (descriptions of the models added in
0.2.0).  Writes SQL for sql/next/msm--0.1.0--0.2.0.sql on stdout.
"""
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else '.'
UPMODELS = sys.argv[2] if len(sys.argv) > 2 else '/work/shared/upstream_models.tsv'

SHORT = [('character varying', 'varchar'), ('timestamp with time zone', 'timestamptz'),
         ('double precision', 'float8')]


def short(t):
    for a, b in SHORT:
        t = t.replace(a, b)
    return t


def q(s):
    return 'NULL' if s is None else "'" + s.replace("'", "''") + "'"


def arr(xs):
    return "'{" + ','.join(xs) + "}'"


head = {}
for line in open(ROOT + '/test/data/upstream_head_schema.tsv'):
    if line.startswith('#') or line.startswith('table\t'):
        continue
    f = line.rstrip('\n').split('\t')
    head.setdefault(f[0], []).append(f)

# 0.1.0 models and column descriptions
src = open(ROOT + '/sql/released/msm--0.1.0.sql').read()
old_models = {}
for m in re.finditer(r"\((\d+), '(\w+)', '(\w+)', '(\w+)', '(meta_table|time_index)', 'ms_markets',\n '((?:[^']|'')*)',\n '(\{[^}]*\})'", src):
    old_models[m.group(2)] = {'desc': m.group(6).replace("''", "'"), 'keys': m.group(7)[1:-1].split(','),
                              'class': m.group(3)}
old_cols = {}
for m in re.finditer(r"\('(\w+)', (\d+), '(\w+)', '([^']+)', (true|false), ((?:'(?:[^']|'')*')|[^,]+|NULL),\n '((?:[^']|'')*)'\)", src):
    old_cols[(m.group(1), m.group(3))] = m.group(7).replace("''", "'")

new_desc = {}
for line in open(ROOT + '/test/data/builtin_new_descriptions.tsv'):
    if line.startswith('#') or not line.strip():
        continue
    mo, col, d = line.rstrip('\n').split('\t')
    new_desc[(mo, col)] = d

models = []
for line in open(UPMODELS):
    if line.startswith('#'):
        continue
    f = line.rstrip('\n').split('\t')
    models.append(f)


def sql_default(v):
    if v == 'new_markets_uid':
        return 'gen_random_uuid()'
    if v.startswith('lambda') and 'now' in v:
        return 'now()'
    if v in ('True', 'False'):
        return v.lower()
    return v


out = []
out.append('ALTER TABLE msm.builtin_model ADD COLUMN alias_names text[] NOT NULL DEFAULT \'{}\';')
out.append("COMMENT ON COLUMN msm.builtin_model.alias_names IS 'Earlier class names of the model (msm 0.1.0), still accepted as selectors.';")
out.append('DELETE FROM msm.builtin_check; DELETE FROM msm.builtin_fk; DELETE FROM msm.builtin_index;')
out.append('DELETE FROM msm.builtin_column;')
out.append('UPDATE msm.builtin_model SET position = position + 500;')
vals = []
tables = {}
for f in models:
    pos, cls, name, table, kind, ticol, grain, keys, defaults, pkg = f
    pos = int(pos)
    t = head[table]
    rev = [x for x in t if x[1] == 'table'][0][6]
    keys = keys.replace('(grain) ', '').split(',') if keys else old_models.get(name, {}).get('keys')
    assert keys, name
    desc = old_models[name]['desc'] if name in old_models else new_desc[(name, '')]
    aliases = [old_models[name]['class']] if name in old_models and old_models[name]['class'] != cls else []
    tables[name] = (table, defaults)
    if name in old_models:
        out.append('UPDATE msm.builtin_model SET position = %d, class_name = %s, alias_names = %s, revision = %s '
                   'WHERE model_name = %s;' % (pos, q(cls), arr(aliases), q(rev), q(name)))
    else:
        vals.append("(%d, %s, %s, %s, '%s', 'ms_markets', %s, %s, %s, %s)" % (
            pos, q(name), q(cls), q(name), kind, q(desc), arr(keys), q(ticol or None), q(rev)))
out.append("UPDATE msm.builtin_model SET position = 0, class_name = 'MarketsAlembicVersion', "
           "alias_names = '{AlembicVersionTable}', revision = '0001' WHERE model_name = 'AlembicVersion';")
out.append('INSERT INTO msm.builtin_model (position, model_name, class_name, base_identifier, kind, storage_app, '
           'description, upsert_keys, time_index_column, revision) VALUES\n' + ',\n'.join(vals) + ';')

cols, idx, fks, cks = [], [], [], []
cols.append("('AlembicVersion', 1, 'version_num', 'varchar(32)', true, NULL, "
            "'Identifier of the migration revision currently applied, for example 0015.')")
idx.append("('AlembicVersion', 1, 'pk', '{version_num}', NULL)")
table_model = {v[0]: k for k, v in tables.items()}
for f in models:
    name = f[2]
    table, defaults = tables[name]
    dmap = {}
    for d in defaults.split(' ') if defaults else []:
        if '=' in d and not d.startswith('datetime'):
            k, v = d.split('=', 1)
            dmap[k] = sql_default(v)
    if 'lambda' in defaults:
        dmap['reconciled_at'] = 'now()'
    ipos = 1 if any(x[1] == 'pk' for x in rows) else 0  # time-index models have no pk: 1..n
    rows = head[table]
    for x in sorted([x for x in rows if x[1] == 'column'], key=lambda x: int(x[3])):
        info = dict(p.split('=', 1) for p in x[4].split('; '))
        d = old_cols.get((name, x[2])) or new_desc.get((name, x[2]))
        if d is None:
            sys.stderr.write('no description: %s.%s\n' % (name, x[2]))
            d = ''
        cols.append('(%s, %s, %s, %s, %s, %s, %s)' % (q(name), x[3], q(x[2]), q(short(info['type'])),
                                                      'true' if info['nullable'] == 'no' else 'false',
                                                      q(dmap.get(x[2])), q(d)))
    for x in rows:
        if x[1] == 'pk':
            cs = re.search(r'\((.*)\)', x[5]).group(1).replace(' ', '').split(',')
            idx.append("(%s, 1, 'pk', %s, NULL)" % (q(name), arr(cs)))
    for x in sorted([x for x in rows if x[1] == 'index'], key=lambda x: (x[4].find('unique=yes') < 0, x[2])):
        ipos += 1
        info = dict(p.split('=', 1) for p in x[4].split('; '))
        pred = re.search(r' WHERE (.*)$', x[5])
        idx.append('(%s, %d, %s, %s, %s)' % (q(name), ipos, q('unique' if info['unique'] == 'yes' else 'index'),
                                              arr(info['columns'].split(',')), q(pred.group(1) if pred else None)))
    fpos = 0
    for x in sorted([x for x in rows if x[1] == 'fk'], key=lambda x: x[2]):
        info = dict(p.split('=', 1) for p in x[4].split('; '))
        m = re.match(r'(\w+)\(([^)]*)\)', info['target'])
        tm = table_model.get(m.group(1))
        if tm is None:
            sys.stderr.write('fk to a table without a model: %s\n' % x[2])
            continue
        fpos += 1
        fks.append('(%s, %d, %s, %s, %s, %s)' % (q(name), fpos, arr(info['columns'].split(',')), q(tm),
                                                  arr(m.group(2).split(',')), q(info['on_delete'])))
    for x in rows:
        if x[1] == 'check':
            part = re.match(r'bounded\(ck,\{[^}]*\},(.*)\)$', x[8]).group(1)
            expr = re.match(r'^CHECK \((.*)\)$', x[5]).group(1)
            cks.append('(%s, %s, %s)' % (q(name), q(part), q(expr)))
out.append('INSERT INTO msm.builtin_column (model_name, position, column_name, data_type, not_null, default_expr, description) VALUES\n'
           + ',\n'.join(cols) + ';')
out.append('INSERT INTO msm.builtin_index (model_name, position, index_kind, columns, predicate) VALUES\n' + ',\n'.join(idx) + ';')
out.append('INSERT INTO msm.builtin_fk (model_name, position, columns, target_model, target_columns, on_delete) VALUES\n'
           + ',\n'.join(fks) + ';')
out.append('INSERT INTO msm.builtin_check (model_name, check_name, expression) VALUES\n' + ',\n'.join(cks) + ';')
print('\n'.join(out))
