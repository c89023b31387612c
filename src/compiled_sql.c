/*-------------------------------------------------------------------------
 *
 * compiled_sql.c
 *	  The compiled-sql.v1 statement compiler (doc/rows.md, "compiled-sql.v1").
 *
 * Statements are built from a table description, with every identifier
 * double-quoted and every value a parameter.  Every operator, function and
 * type is written schema-qualified, so the caller's search_path resolves
 * nothing in them (doc/security.md, "search_path"): the key equality is the
 * OPERATOR(schema.=) of the key type's default equality, casts name the
 * qualified type (format_type_be_qualified).  The
 * pyformat text doubles any '%' that is not a placeholder, so that
 * msm_compiled_local_sql() can translate it back exactly.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

#include "compiled_sql.h"

const char *
msm_sql_operation_name(MsmSqlOperation op)
{
	switch (op)
	{
		case MSM_SQL_SELECT:
			return "select";
		case MSM_SQL_INSERT:
			return "insert";
		case MSM_SQL_UPDATE:
			return "update";
		case MSM_SQL_DELETE:
			return "delete";
		case MSM_SQL_UPSERT:
			return "upsert";
	}
	return "unknown";
}

const char *
msm_sql_temporal_type(Oid typid)
{
	switch (getBaseType(typid))
	{
		case DATEOID:
			return "date";
		case TIMESTAMPTZOID:
			return "timestamp with time zone";
		default:
			return NULL;
	}
}

/* literal SQL text, with '%' doubled for pyformat */
static void
append_text(StringInfo buf, const char *s)
{
	for (; *s; s++)
	{
		if (*s == '%')
			appendStringInfoChar(buf, '%');
		appendStringInfoChar(buf, *s);
	}
}

/* an identifier, always double-quoted */
static void
append_ident(StringInfo buf, const char *ident)
{
	appendStringInfoChar(buf, '"');
	for (; *ident; ident++)
	{
		if (*ident == '"')
			appendStringInfoChar(buf, '"');
		if (*ident == '%')
			appendStringInfoChar(buf, '%');
		appendStringInfoChar(buf, *ident);
	}
	appendStringInfoChar(buf, '"');
}

void
msm_sql_append_text(StringInfo buf, const char *s)
{
	append_text(buf, s);
}

void
msm_sql_append_ident(StringInfo buf, const char *ident)
{
	append_ident(buf, ident);
}

static void
append_table(StringInfo buf, const MsmSqlTable *t)
{
	append_ident(buf, t->schema);
	appendStringInfoChar(buf, '.');
	append_ident(buf, t->table);
}

static bool
is_simple_name(const char *s)
{
	int			n = 0;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
		return false;
	for (; *s; s++, n++)
	{
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			  (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	}
	return n <= NAMEDATALEN;
}

/*
 * Parameter name of column i: the column name when it is a plain name,
 * else p<i+1> (made unique against the table's column names).
 */
static char *
param_name(const MsmSqlTable *t, int i)
{
	char	   *name;
	bool		clash;

	if (is_simple_name(t->cols[i].name))
		return pstrdup(t->cols[i].name);
	name = psprintf("p%d", i + 1);
	do
	{
		clash = false;
		for (int j = 0; j < t->ncols; j++)
		{
			if (strcmp(t->cols[j].name, name) == 0)
			{
				clash = true;
				name = psprintf("%s_", name);
				break;
			}
		}
	} while (clash);
	return name;
}

static MsmCompiledSql *
new_compiled(const MsmSqlTable *t, MsmSqlOperation op)
{
	MsmCompiledSql *c = palloc0(sizeof(MsmCompiledSql));

	c->operation = op;
	c->params = palloc0(sizeof(MsmSqlParam) * Max(t->ncols, 1));
	c->meta_table_uid = t->meta_table_uid ? pstrdup(t->meta_table_uid) : NULL;
	return c;
}

/*
 * append %(name)s for column i, adding the parameter (a column that already
 * has a value parameter in the statement reuses it)
 */
static void
append_param(StringInfo buf, MsmCompiledSql *c, const MsmSqlTable *t, int i,
			 bool batch)
{
	MsmSqlParam *p;

	if (!batch)
	{
		for (int j = 0; j < c->nparams; j++)
		{
			if (c->params[j].column == i)
			{
				appendStringInfo(buf, "%%(%s)s", c->params[j].name);
				return;
			}
		}
	}
	p = &c->params[c->nparams++];
	p->name = param_name(t, i);
	p->column = i;
	p->parameter_type = msm_sql_temporal_type(t->cols[i].typid);
	if (batch)
	{
		p->typid = get_array_type(t->cols[i].typid);
		if (!OidIsValid(p->typid))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("column \"%s\" of type %s cannot be written in a batch",
							t->cols[i].name, format_type_be(t->cols[i].typid)),
					 errdetail("The type has no array type."),
					 errhint("Use msm.upsert() for each row.")));
	}
	else
		p->typid = t->cols[i].typid;
	appendStringInfo(buf, "%%(%s)s", p->name);
}

/* "a", "b", ...: the columns idx[0..n-1], or every column when idx is NULL */
static void
append_ident_list(StringInfo buf, const MsmSqlTable *t, int n, const int *idx)
{
	for (int j = 0; j < n; j++)
	{
		if (j > 0)
			appendStringInfoString(buf, ", ");
		append_ident(buf, t->cols[idx ? idx[j] : j].name);
	}
}

static void
append_returning_list(StringInfo buf, const MsmSqlTable *t)
{
	append_ident_list(buf, t, t->ncols, NULL);
}

static void
append_key_list(StringInfo buf, const MsmSqlTable *t)
{
	append_ident_list(buf, t, t->nkeys, t->keys);
}

/*
 * " OPERATOR(schema.=) ": the equality operator of the type's default btree
 * or hash operator class (for a domain, its base type's), qualified with
 * the operator's schema; pg_catalog's when the type has none.
 */
static void
append_equality(StringInfo buf, Oid typid)
{
	TypeCacheEntry *tc = lookup_type_cache(getBaseType(typid), TYPECACHE_EQ_OPR);
	HeapTuple	tup = NULL;

	if (OidIsValid(tc->eq_opr))
		tup = SearchSysCache1(OPEROID, ObjectIdGetDatum(tc->eq_opr));
	if (HeapTupleIsValid(tup))
	{
		Form_pg_operator op = (Form_pg_operator) GETSTRUCT(tup);
		char	   *nsp = get_namespace_name(op->oprnamespace);

		appendStringInfoString(buf, " OPERATOR(");
		append_text(buf, quote_identifier(nsp));
		appendStringInfoChar(buf, '.');
		append_text(buf, NameStr(op->oprname));
		appendStringInfoString(buf, ") ");
		ReleaseSysCache(tup);
	}
	else
		appendStringInfoString(buf, " OPERATOR(pg_catalog.=) ");
}

static void
append_where_keys(StringInfo buf, MsmCompiledSql *c, const MsmSqlTable *t)
{
	appendStringInfoString(buf, " WHERE ");
	for (int k = 0; k < t->nkeys; k++)
	{
		if (k > 0)
			appendStringInfoString(buf, " AND ");
		append_ident(buf, t->cols[t->keys[k]].name);
		append_equality(buf, t->cols[t->keys[k]].typid);
		append_param(buf, c, t, t->keys[k], false);
	}
}

/*
 * The inserted columns of an upsert (provided, or with a model default)
 * into cols, and their values into vals: the default expression, the
 * parameter (one row) or the column of the unnested source "r" (batch).
 */
static void
append_insert_lists(StringInfo cols, StringInfo vals, MsmCompiledSql *c,
					const MsmSqlTable *t, const bool *provided, bool batch)
{
	for (int i = 0; i < t->ncols; i++)
	{
		if (!provided[i] && t->cols[i].default_expr == NULL)
			continue;
		if (cols->len > 0)
		{
			appendStringInfoString(cols, ", ");
			appendStringInfoString(vals, ", ");
		}
		append_ident(cols, t->cols[i].name);
		if (!provided[i])
			append_text(vals, t->cols[i].default_expr);
		else if (batch)
		{
			appendStringInfoString(vals, "\"r\".");
			append_ident(vals, t->cols[i].name);
		}
		else
			append_param(vals, c, t, i, false);
	}
}

/*
 * FROM (SELECT pg_catalog.unnest(%(a)s::schema.type[]) AS "a", ...) AS "r": set-returning
 * functions in a target list run in lockstep and stream their rows
 * (ProjectSet), where unnest() in FROM would first materialize them.
 */
static void
append_unnest_source(StringInfo buf, MsmCompiledSql *c, const MsmSqlTable *t,
					 const bool *provided)
{
	bool		first = true;

	appendStringInfoString(buf, " FROM (SELECT ");
	for (int i = 0; i < t->ncols; i++)
	{
		if (!provided[i])
			continue;
		if (!first)
			appendStringInfoString(buf, ", ");
		first = false;
		appendStringInfoString(buf, "pg_catalog.unnest(");
		append_param(buf, c, t, i, true);
		appendStringInfoString(buf, "::");
		append_text(buf, format_type_be_qualified(c->params[c->nparams - 1].typid));
		appendStringInfoString(buf, ") AS ");
		append_ident(buf, t->cols[i].name);
	}
	appendStringInfoString(buf, ") AS \"r\"");
}

/* whether an upsert providing these columns has anything to update */
static bool
upsert_updates(const MsmSqlTable *t, const bool *provided)
{
	for (int i = 0; i < t->ncols; i++)
	{
		if (provided[i] && !t->cols[i].is_conflict_key && !t->cols[i].is_primary_key)
			return true;
	}
	return false;
}

/*
 * " ON CONFLICT (keys) DO UPDATE SET ..." of an upsert, or DO NOTHING when
 * it gives no column to update (only keys and primary key columns): an
 * existing row is left alone, with no UPDATE privilege needed and no
 * UPDATE trigger fired.
 */
static void
append_on_conflict(StringInfo buf, const MsmSqlTable *t, const bool *provided)
{
	int			nset = 0;

	appendStringInfoString(buf, " ON CONFLICT (");
	append_key_list(buf, t);
	if (!upsert_updates(t, provided))
	{
		appendStringInfoString(buf, ") DO NOTHING");
		return;
	}
	appendStringInfoString(buf, ") DO UPDATE SET ");
	for (int i = 0; i < t->ncols; i++)
	{
		if (!provided[i] || t->cols[i].is_conflict_key || t->cols[i].is_primary_key)
			continue;
		if (nset++ > 0)
			appendStringInfoString(buf, ", ");
		append_ident(buf, t->cols[i].name);
		appendStringInfoString(buf, " = EXCLUDED.");
		append_ident(buf, t->cols[i].name);
	}
}

MsmCompiledSql *
msm_compile_upsert(const MsmSqlTable *t, const bool *provided, bool batch)
{
	MsmCompiledSql *c = new_compiled(t, MSM_SQL_UPSERT);
	StringInfoData buf;
	StringInfoData cols;
	StringInfoData vals;

	Assert(t->nkeys > 0);
	c->batch = batch;
	c->returns_row = !batch;
	initStringInfo(&cols);
	initStringInfo(&vals);
	append_insert_lists(&cols, &vals, c, t, provided, batch);

	/* one row with nothing to update: the inserted row or the existing one */
	c->reads_back = !batch && !upsert_updates(t, provided);

	initStringInfo(&buf);
	if (c->reads_back)
		appendStringInfoString(&buf, "WITH \"ins\" AS (");
	appendStringInfoString(&buf, "INSERT INTO ");
	append_table(&buf, t);
	appendStringInfo(&buf, " (%s", cols.data);
	appendStringInfoString(&buf, batch ? ") SELECT " : ") VALUES (");
	appendStringInfoString(&buf, vals.data);
	if (batch)
		append_unnest_source(&buf, c, t, provided);
	else
		appendStringInfoChar(&buf, ')');
	append_on_conflict(&buf, t, provided);
	if (!batch)
	{
		appendStringInfoString(&buf, " RETURNING ");
		append_returning_list(&buf, t);
	}
	if (c->reads_back)
	{
		/*
		 * The table part reads the existing row only when nothing was
		 * inserted: its snapshot may still show a row that a concurrent
		 * transaction deleted before the INSERT found no conflict.
		 */
		appendStringInfoString(&buf, ") SELECT ");
		append_returning_list(&buf, t);
		appendStringInfoString(&buf, " FROM \"ins\" UNION ALL SELECT ");
		append_returning_list(&buf, t);
		appendStringInfoString(&buf, " FROM ");
		append_table(&buf, t);
		append_where_keys(&buf, c, t);
		appendStringInfoString(&buf, " AND NOT EXISTS (SELECT 1 FROM \"ins\")");
	}
	c->sql = buf.data;
	return c;
}

/*
 * An operation on the row of given upsert keys: SELECT every column
 * (MSM_SQL_SELECT) or DELETE (MSM_SQL_DELETE) WHERE keys = parameters.
 */
static MsmCompiledSql *
compile_keyed(const MsmSqlTable *t, MsmSqlOperation op)
{
	MsmCompiledSql *c = new_compiled(t, op);
	StringInfoData buf;

	initStringInfo(&buf);
	if (op == MSM_SQL_SELECT)
	{
		c->returns_row = true;
		appendStringInfoString(&buf, "SELECT ");
		append_returning_list(&buf, t);
		appendStringInfoString(&buf, " FROM ");
	}
	else
	{
		Assert(op == MSM_SQL_DELETE);
		appendStringInfoString(&buf, "DELETE FROM ");
	}
	append_table(&buf, t);
	append_where_keys(&buf, c, t);
	c->sql = buf.data;
	return c;
}

MsmCompiledSql *
msm_compile_select(const MsmSqlTable *t)
{
	return compile_keyed(t, MSM_SQL_SELECT);
}

MsmCompiledSql *
msm_compile_delete(const MsmSqlTable *t)
{
	return compile_keyed(t, MSM_SQL_DELETE);
}

char *
msm_compiled_local_sql(const MsmCompiledSql *c)
{
	StringInfoData buf;
	const char *s = c->sql;

	initStringInfo(&buf);
	while (*s)
	{
		if (s[0] == '%' && s[1] == '%')
		{
			appendStringInfoChar(&buf, '%');
			s += 2;
		}
		else if (s[0] == '%' && s[1] == '(')
		{
			const char *end = strstr(s + 2, ")s");
			int			len;
			int			n = -1;

			if (end == NULL)
				elog(ERROR, "msm: malformed pyformat placeholder in compiled statement");
			len = end - (s + 2);
			for (int i = 0; i < c->nparams; i++)
			{
				if ((int) strlen(c->params[i].name) == len &&
					strncmp(c->params[i].name, s + 2, len) == 0)
				{
					n = i;
					break;
				}
			}
			if (n < 0)
				elog(ERROR, "msm: compiled statement names an unknown parameter \"%.*s\"",
					 len, s + 2);
			appendStringInfo(&buf, "$%d", n + 1);
			s = end + 2;
		}
		else
			appendStringInfoChar(&buf, *s++);
	}
	return buf.data;
}

/* ---------------------------------------------------------------------
 * Envelope rendering
 * ---------------------------------------------------------------------
 */
static void
push_key(JsonbParseState **st, const char *key)
{
	JsonbValue	v;

	v.type = jbvString;
	v.val.string.val = (char *) key;
	v.val.string.len = strlen(key);
	pushJsonbValue(st, WJB_KEY, &v);
}

static void
push_string(JsonbParseState **st, const char *key, const char *value)
{
	JsonbValue	v;

	push_key(st, key);
	v.type = jbvString;
	v.val.string.val = (char *) value;
	v.val.string.len = strlen(value);
	pushJsonbValue(st, WJB_VALUE, &v);
}

static void
push_int(JsonbParseState **st, const char *key, int value)
{
	JsonbValue	v;

	push_key(st, key);
	v.type = jbvNumeric;
	v.val.numeric = DatumGetNumeric(DirectFunctionCall1(int4_numeric,
														Int32GetDatum(value)));
	pushJsonbValue(st, WJB_VALUE, &v);
}

Jsonb *
msm_compiled_envelope(const MsmCompiledSql *c, JsonbValue *const *values,
					  int max_rows, int offset, int statement_timeout_ms)
{
	JsonbParseState *st = NULL;
	JsonbValue *res;
	JsonbValue	jnull;
	bool		any_types = false;

	jnull.type = jbvNull;

	pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
	push_string(&st, "operation", msm_sql_operation_name(c->operation));
	push_string(&st, "version", MSM_COMPILED_SQL_VERSION);
	push_string(&st, "dialect", "postgresql");

	push_key(&st, "statement");
	pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
	push_string(&st, "sql", c->sql);
	push_key(&st, "parameters");
	pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
	for (int i = 0; i < c->nparams; i++)
	{
		JsonbValue *v = values ? values[i] : NULL;

		push_key(&st, c->params[i].name);
		pushJsonbValue(&st, WJB_VALUE, v ? v : &jnull);
		if (c->params[i].parameter_type)
			any_types = true;
	}
	pushJsonbValue(&st, WJB_END_OBJECT, NULL);
	if (any_types)
	{
		push_key(&st, "parameter_types");
		pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
		for (int i = 0; i < c->nparams; i++)
		{
			if (c->params[i].parameter_type)
				push_string(&st, c->params[i].name, c->params[i].parameter_type);
		}
		pushJsonbValue(&st, WJB_END_OBJECT, NULL);
	}
	push_string(&st, "paramstyle", "pyformat");
	pushJsonbValue(&st, WJB_END_OBJECT, NULL);

	push_key(&st, "scope");
	pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
	push_key(&st, "tables");
	pushJsonbValue(&st, WJB_BEGIN_ARRAY, NULL);
	pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
	if (c->meta_table_uid)
		push_string(&st, "meta_table_uid", c->meta_table_uid);
	push_string(&st, "access", c->operation == MSM_SQL_SELECT ? "read" : "write");
	pushJsonbValue(&st, WJB_END_OBJECT, NULL);
	pushJsonbValue(&st, WJB_END_ARRAY, NULL);
	pushJsonbValue(&st, WJB_END_OBJECT, NULL);

	push_key(&st, "limits");
	pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
	if (max_rows > 0)
		push_int(&st, "max_rows", max_rows);
	push_int(&st, "offset", offset);
	if (statement_timeout_ms > 0)
		push_int(&st, "statement_timeout_ms", statement_timeout_ms);
	pushJsonbValue(&st, WJB_END_OBJECT, NULL);

	res = pushJsonbValue(&st, WJB_END_OBJECT, NULL);
	return JsonbValueToJsonb(res);
}
