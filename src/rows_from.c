/*-------------------------------------------------------------------------
 *
 * rows_from.c
 *	  Upserts from a staging table (doc/rows.md, "Upserts from a staging
 *	  table"):
 *
 *	  msm.upsert_from(model, source)          the rows of source upserted
 *	                                          into the model, a count
 *	  msm.compile_upsert_from(model, source)  its compiled-sql.v1
 *	                                          envelope, not run
 *
 * The source is a relation (a regclass, never SQL text): a table, a
 * temporary or unlogged table, a view, a materialized view, a foreign
 * table.  Its columns are matched to the model table's columns by name;
 * every source column must be a model column, every upsert key must be
 * there.  One statement does the work, so memory does not grow with the
 * rows (the sort spills to disk beyond work_mem):
 *
 *   INSERT INTO target (provided columns, model defaults)
 *   SELECT "r".a, "r".b, <model defaults>
 *     FROM (SELECT DISTINCT ON (keys) keys, other columns
 *             FROM source AS "s"
 *            WHERE (key IS NOT NULL OR msm._upsert_from_null_key(...)) ...
 *            ORDER BY keys, "s".ctid DESC) AS "r"
 *   ON CONFLICT (keys) DO UPDATE SET <provided non-key, non-primary-key
 *   columns> | DO NOTHING
 *
 * The last row of a key wins, "last" in the physical order of a table or
 * materialized view (ctid: the order COPY or INSERT wrote it); the
 * survivors come in key order, so concurrent upserts lock shared rows in
 * one order.  A key whose source type differs from the column's is cast to
 * the column's type, brought to the column's typmod as the INSERT's
 * assignment would (numeric(10,2) rounds 1.234 to the key 1.23, an
 * over-long varchar(3) is an error, not truncated) and compared in the
 * column's collation, as the unique index compares the stored value.  A
 * source without a physical order (a view, a foreign or partitioned table,
 * a table with inheritance children) is not deduplicated: a repeated key
 * is an error when the upsert updates (rephrased from PostgreSQL's own
 * "cannot affect row a second time"), and one of its rows is inserted when
 * it has nothing to update.  A null key raises msm._upsert_from_null_key's
 * error.
 *
 * Plans are kept per (model, source oid, source columns as matched): a
 * signature of the source's matched columns and types, read from the
 * relation cache on every call (after its lock has processed pending
 * invalidations), finds the plan; ALTER TABLE on the source changes the
 * signature, a recreated table has a new oid, and the kept plan itself is
 * revalidated by the plan cache.  At most ROWS_FROM_MAX_PLANS sources per
 * model are kept, the least recently used goes first.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/relation.h"
#include "catalog/pg_class.h"
#include "catalog/pg_collation.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "parser/parse_coerce.h"
#include "utils/builtins.h"
#include "utils/elog.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "compiled_sql.h"
#include "rows_exec.h"
#include "rows_input.h"
#include "rows_plan.h"
#include "rows_platform.h"
#include "rows_settings.h"
#include "runtime.h"

PG_FUNCTION_INFO_V1(msm_row_upsert_from);
PG_FUNCTION_INFO_V1(msm_compile_upsert_from_sql);
PG_FUNCTION_INFO_V1(msm_upsert_from_null_key);

#define ROWS_FROM_MAX_PLANS 8

/* the source of one call, as matched to the model's columns */
typedef struct RowsFromSource
{
	Oid			relid;
	bool		ordered;		/* a physical order: the last row by ctid wins */
	char	   *name;			/* schema.name, for messages */
	char	   *nspname;
	char	   *relname;
	bool	   *provided;		/* [model column] the source has it */
	Oid		   *typid;			/* [model column] its type in the source */
	int32	   *typmod;
	Oid		   *collation;
	bool	   *notnull;		/* declared NOT NULL in the source */
	StringInfoData signature;	/* what the statement depends on */
} RowsFromSource;

/* a kept statement for one source, in a memory context of its own */
typedef struct RowsFromPlan
{
	struct RowsFromPlan *next;
	MemoryContext cxt;
	Oid			relid;
	char	   *signature;
	bool		ordered;
	char	   *name;
	int			running;		/* executions in progress (a trigger may nest
								 * one): not dropped while running */
	RowsPlan	plan;
} RowsFromPlan;

/* RowsCache.from_plans: most recently used first */
typedef struct RowsFromPlans
{
	RowsFromPlan *head;
	int			n;
} RowsFromPlans;

/* ---------------------------------------------------------------------
 * The source
 * ---------------------------------------------------------------------
 */

/* argument 1: the source relation, not null */
static Oid
from_source_arg(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("source must not be null"),
				 errdetail("The source argument is NULL."),
				 errhint("Pass a table or view, e.g. 'staging_assets'::regclass.")));
	return PG_GETARG_OID(1);
}

/* error unless every upsert key of the model is a column of the source */
static void
from_check_keys(RowsCache *c, RowsFromSource *s)
{
	StringInfoData missing;
	int			nmissing = 0;

	initStringInfo(&missing);
	for (int k = 0; k < c->nkeys; k++)
	{
		if (s->provided[c->keys[k]])
			continue;
		appendStringInfo(&missing, "%s\"%s\"", nmissing > 0 ? ", " : "",
						 c->cols[c->keys[k]].name);
		nmissing++;
	}
	if (nmissing > 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg_plural("source %s lacks upsert key %s of model %s",
							   "source %s lacks upsert keys %s of model %s",
							   nmissing, s->name, missing.data, c->model),
				 errdetail("Model %s is keyed by (%s).", c->model, msm_rows_key_names(c)),
				 errhint("Add the key columns to the source; its columns are matched to the model's by name.")));
}

/* error unless the source's column can be assigned to model column i */
static void
from_check_type(RowsCache *c, RowsFromSource *s, int i)
{
	RowsColumn *col = &c->cols[i];

	if (s->typid[i] == col->typid ||
		can_coerce_type(1, &s->typid[i], &col->typid, COERCION_ASSIGNMENT))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_DATATYPE_MISMATCH),
			 errmsg("column \"%s\" of source %s is of type %s, which cannot be assigned to column \"%s\" of model %s",
					col->name, s->name, format_type_be(s->typid[i]), col->name, c->model),
			 errdetail("Column \"%s\" of table %s is of type %s and there is no assignment cast from %s.",
					   col->name, c->qualified, format_type_with_typemod(col->typid, col->typmod),
					   format_type_be(s->typid[i])),
			 errhint("Give the staging column the model's type, or convert it in a view over the source.")));
}

/*
 * The source's columns matched to the model's: unknown columns are one
 * error naming all of them, every upsert key must be there, every column
 * must convert to its model column's type by assignment.
 */
static void
from_read_source(RowsCache *c, Oid relid, RowsFromSource *s)
{
	Relation	rel = try_relation_open(relid, AccessShareLock);
	TupleDesc	desc;
	StringInfoData unknown;
	int			nunknown = 0;
	char		relkind;

	if (rel == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("source relation with OID %u does not exist", relid),
				 errhint("Pass an existing table or view, e.g. 'staging_assets'::regclass.")));
	relkind = rel->rd_rel->relkind;
	s->relid = relid;
	s->nspname = get_namespace_name(RelationGetNamespace(rel));
	s->relname = pstrdup(RelationGetRelationName(rel));
	s->name = psprintf("%s.%s", quote_identifier(s->nspname), quote_identifier(s->relname));
	if (relkind != RELKIND_RELATION && relkind != RELKIND_PARTITIONED_TABLE &&
		relkind != RELKIND_VIEW && relkind != RELKIND_MATVIEW &&
		relkind != RELKIND_FOREIGN_TABLE)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("source %s is not a table, view, materialized view or foreign table", s->name),
				 errhint("Load the rows into a staging table (COPY) and pass it.")));
	/* the rows of inheritance children are in tables of their own: no one order */
	s->ordered = (relkind == RELKIND_RELATION && !rel->rd_rel->relhassubclass) ||
		relkind == RELKIND_MATVIEW;
	s->provided = palloc0(sizeof(bool) * Max(c->ncols, 1));
	s->typid = palloc0(sizeof(Oid) * Max(c->ncols, 1));
	s->typmod = palloc0(sizeof(int32) * Max(c->ncols, 1));
	s->collation = palloc0(sizeof(Oid) * Max(c->ncols, 1));
	s->notnull = palloc0(sizeof(bool) * Max(c->ncols, 1));

	initStringInfo(&unknown);
	desc = RelationGetDescr(rel);
	for (int a = 0; a < desc->natts; a++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, a);
		int			i;

		if (att->attisdropped)
			continue;
		i = msm_rows_column_index(c, NameStr(att->attname));
		if (i < 0)
		{
			appendStringInfo(&unknown, "%s\"%s\"", nunknown > 0 ? ", " : "",
							 NameStr(att->attname));
			nunknown++;
			continue;
		}
		s->provided[i] = true;
		s->typid[i] = att->atttypid;
		s->typmod[i] = att->atttypmod;
		s->collation[i] = att->attcollation;
		s->notnull[i] = att->attnotnull;
	}
	if (nunknown > 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg_plural("source %s has a column that is not a column of model %s: %s",
							   "source %s has columns that are not columns of model %s: %s",
							   nunknown, s->name, c->model, unknown.data),
				 errdetail("Table %s has the columns %s.", c->qualified, msm_rows_column_names(c)),
				 errhint("Columns of the source are matched to columns of table %s by name; drop or rename the others, or pass a view that selects the matching ones.",
						 c->qualified)));
	from_check_keys(c, s);

	/* what the statement depends on, besides the model's table */
	initStringInfo(&s->signature);
	appendStringInfo(&s->signature, "%c%s %s", relkind, s->ordered ? "" : " unordered", s->name);
	for (int i = 0; i < c->ncols; i++)
	{
		if (!s->provided[i])
			continue;
		from_check_type(c, s, i);
		appendStringInfo(&s->signature, " %d:%u:%d:%u:%d", i, s->typid[i], s->typmod[i],
						 s->collation[i], (int) s->notnull[i]);
	}
	/* the lock is kept until the end of the transaction */
	relation_close(rel, NoLock);
}

/* ---------------------------------------------------------------------
 * The statement
 * ---------------------------------------------------------------------
 */

/* " COLLATE schema.name", always qualified */
static void
from_append_collate(StringInfo buf, Oid collation)
{
	HeapTuple	tup = SearchSysCache1(COLLOID, ObjectIdGetDatum(collation));
	Form_pg_collation coll;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "msm: cache lookup failed for collation %u", collation);
	coll = (Form_pg_collation) GETSTRUCT(tup);
	appendStringInfoString(buf, " COLLATE ");
	msm_sql_append_ident(buf, get_namespace_name(coll->collnamespace));
	appendStringInfoChar(buf, '.');
	msm_sql_append_ident(buf, NameStr(coll->collname));
	ReleaseSysCache(tup);
}

/*
 * The length coercion function of the column's typmod as the INSERT's
 * assignment calls it (parse_coerce.c, build_coercion_expression): its
 * qualified name and whether it takes isExplicit; false when the key
 * needs none (no typmod, the source's is the same, no such function).
 */
static bool
from_typmod_function(RowsColumn *col, RowsFromSource *s, int i, char **name, bool *explicit_arg)
{
	Oid			funcid;

	if (col->typmod < 0 || (s->typid[i] == col->typid && s->typmod[i] == col->typmod))
		return false;
	if (find_typmod_coercion_function(col->typid, &funcid) != COERCION_PATH_FUNC)
		return false;
	*name = psprintf("%s.%s", quote_identifier(get_namespace_name(get_func_namespace(funcid))),
					 quote_identifier(get_func_name(funcid)));
	*explicit_arg = get_func_nargs(funcid) == 3;
	return true;
}

/*
 * Source column i as the statement reads it.  Keys are compared as the
 * unique index compares the stored values: in the column's type, brought
 * to its typmod as the INSERT's assignment does (an error, not a
 * truncation, where the typmod refuses the value), and in its collation.
 */
static void
from_append_column(StringInfo buf, RowsCache *c, RowsFromSource *s, int i, bool key)
{
	RowsColumn *col = &c->cols[i];
	bool		cast = key && s->typid[i] != col->typid;
	Oid			collation = s->collation[i];
	bool		collate;
	char	   *typmod_func = NULL;
	bool		explicit_arg = false;
	bool		typmod = key && from_typmod_function(col, s, i, &typmod_func, &explicit_arg);

	/* a cast keeps its input's collation, else has its type's default */
	if (cast && !OidIsValid(collation))
		collation = get_typcollation(col->typid);
	collate = key && OidIsValid(col->collation) && collation != col->collation;

	if (cast || collate || typmod)
		appendStringInfoChar(buf, '(');
	if (typmod)
	{
		msm_sql_append_text(buf, typmod_func);
		appendStringInfoChar(buf, '(');
	}
	if (cast)
		appendStringInfoString(buf, "CAST(");
	appendStringInfoString(buf, "\"s\".");
	msm_sql_append_ident(buf, col->name);
	if (cast)
	{
		appendStringInfoString(buf, " AS ");
		msm_sql_append_text(buf, format_type_be_qualified(col->typid));
		appendStringInfoChar(buf, ')');
	}
	if (typmod)
	{
		appendStringInfo(buf, ", %d", col->typmod);
		if (explicit_arg)
			appendStringInfoString(buf, ", false");
		appendStringInfoChar(buf, ')');
	}
	if (collate)
		from_append_collate(buf, col->collation);
	if (cast || collate || typmod)
		appendStringInfoChar(buf, ')');
}

static void
from_append_keys(StringInfo buf, RowsCache *c, RowsFromSource *s)
{
	for (int k = 0; k < c->nkeys; k++)
	{
		if (k > 0)
			appendStringInfoString(buf, ", ");
		from_append_column(buf, c, s, c->keys[k], true);
	}
}

/* a null key raises msm._upsert_from_null_key's error (not evaluated otherwise) */
static void
from_append_null_checks(StringInfo buf, RowsCache *c, RowsFromSource *s, const char *model)
{
	bool		first = true;

	for (int k = 0; k < c->nkeys; k++)
	{
		int			i = c->keys[k];

		if (s->notnull[i])
			continue;
		appendStringInfoString(buf, first ? " WHERE (" : " AND (");
		first = false;
		appendStringInfoString(buf, "\"s\".");
		msm_sql_append_ident(buf, c->cols[i].name);
		appendStringInfoString(buf, " IS NOT NULL OR msm._upsert_from_null_key(");
		msm_sql_append_text(buf, quote_literal_cstr(model));
		appendStringInfoString(buf, ", ");
		msm_sql_append_text(buf, quote_literal_cstr(s->name));
		appendStringInfoString(buf, ", ");
		msm_sql_append_text(buf, quote_literal_cstr(c->cols[i].name));
		appendStringInfoString(buf, "))");
	}
}

/*
 * The columns the INSERT writes (those of the source, and model defaults):
 * their names, or (values) what the SELECT gives them
 */
static void
from_append_inserted(StringInfo buf, RowsCache *c, RowsFromSource *s, bool values)
{
	bool		first = true;

	for (int i = 0; i < c->ncols; i++)
	{
		if (!s->provided[i] && c->sqlcols[i].default_expr == NULL)
			continue;
		if (!first)
			appendStringInfoString(buf, ", ");
		first = false;
		if (!values)
			msm_sql_append_ident(buf, c->cols[i].name);
		else if (s->provided[i])
		{
			appendStringInfoString(buf, "\"r\".");
			msm_sql_append_ident(buf, c->cols[i].name);
		}
		else
			msm_sql_append_text(buf, c->sqlcols[i].default_expr);
	}
}

/* the INSERT ... SELECT of the header comment, pyformat (no parameters) */
static char *
from_compile_sql(RowsCache *c, RowsFromSource *s)
{
	StringInfoData buf;
	bool		first = true;
	int			nset = 0;

	initStringInfo(&buf);
	appendStringInfoString(&buf, "INSERT INTO ");
	msm_sql_append_ident(&buf, c->table.schema);
	appendStringInfoChar(&buf, '.');
	msm_sql_append_ident(&buf, c->table.table);
	appendStringInfoString(&buf, " (");
	from_append_inserted(&buf, c, s, false);
	appendStringInfoString(&buf, ") SELECT ");
	from_append_inserted(&buf, c, s, true);

	/* the source's rows, one per key (ordered sources), in key order */
	appendStringInfoString(&buf, " FROM (SELECT ");
	if (s->ordered)
	{
		appendStringInfoString(&buf, "DISTINCT ON (");
		from_append_keys(&buf, c, s);
		appendStringInfoString(&buf, ") ");
	}
	first = true;
	for (int i = 0; i < c->ncols; i++)
	{
		if (!s->provided[i])
			continue;
		if (!first)
			appendStringInfoString(&buf, ", ");
		first = false;
		from_append_column(&buf, c, s, i, c->sqlcols[i].is_conflict_key);
		appendStringInfoString(&buf, " AS ");
		msm_sql_append_ident(&buf, c->cols[i].name);
	}
	appendStringInfoString(&buf, " FROM ");
	msm_sql_append_ident(&buf, s->nspname);
	appendStringInfoChar(&buf, '.');
	msm_sql_append_ident(&buf, s->relname);
	appendStringInfoString(&buf, " AS \"s\"");
	from_append_null_checks(&buf, c, s, c->model);
	appendStringInfoString(&buf, " ORDER BY ");
	from_append_keys(&buf, c, s);
	if (s->ordered)
		appendStringInfoString(&buf, ", \"s\".ctid DESC");
	appendStringInfoString(&buf, ") AS \"r\" ON CONFLICT (");
	for (int k = 0; k < c->nkeys; k++)
	{
		if (k > 0)
			appendStringInfoString(&buf, ", ");
		msm_sql_append_ident(&buf, c->cols[c->keys[k]].name);
	}
	appendStringInfoChar(&buf, ')');

	/* the same SET list as every upsert (compiled_sql.c) */
	for (int i = 0; i < c->ncols; i++)
	{
		if (!s->provided[i] || c->sqlcols[i].is_conflict_key || c->sqlcols[i].is_primary_key)
			continue;
		appendStringInfoString(&buf, nset++ == 0 ? " DO UPDATE SET " : ", ");
		msm_sql_append_ident(&buf, c->cols[i].name);
		appendStringInfoString(&buf, " = EXCLUDED.");
		msm_sql_append_ident(&buf, c->cols[i].name);
	}
	if (nset == 0)
		appendStringInfoString(&buf, " DO NOTHING");
	return buf.data;
}

/* ---------------------------------------------------------------------
 * Kept plans
 * ---------------------------------------------------------------------
 */

static void
from_plan_free(void *arg)
{
	RowsFromPlan *fp = (RowsFromPlan *) arg;

	if (fp->plan.plan != NULL)
	{
		SPI_freeplan(fp->plan.plan);
		fp->plan.plan = NULL;
	}
}

/* unlink fp (prev precedes it, or NULL) and free it with its plan */
static void
from_plan_drop(RowsFromPlans *l, RowsFromPlan *prev, RowsFromPlan *fp)
{
	if (prev != NULL)
		prev->next = fp->next;
	else
		l->head = fp->next;
	l->n--;
	MemoryContextDelete(fp->cxt);
}

static RowsFromPlan *
from_plan_new(RowsCache *c, RowsFromSource *s, const char *sql)
{
	MemoryContext cxt = AllocSetContextCreate(c->cxt, "msm upsert_from plan",
											  ALLOCSET_SMALL_SIZES);
	MemoryContext old = MemoryContextSwitchTo(cxt);
	RowsFromPlan *fp = palloc0(sizeof(RowsFromPlan));
	MemoryContextCallback *cb = palloc0(sizeof(MemoryContextCallback));
	MsmCompiledSql *cs = palloc0(sizeof(MsmCompiledSql));

	fp->cxt = cxt;
	fp->relid = s->relid;
	fp->signature = pstrdup(s->signature.data);
	fp->ordered = s->ordered;
	fp->name = pstrdup(s->name);
	cs->operation = MSM_SQL_UPSERT;
	cs->batch = true;
	cs->sql = pstrdup(sql);
	cs->meta_table_uid = c->table.meta_table_uid ? pstrdup(c->table.meta_table_uid) : NULL;
	fp->plan.op = ROWS_UPSERT_FROM;
	fp->plan.provided = palloc(Max(c->ncols, 1));
	memcpy(fp->plan.provided, s->provided, c->ncols);
	fp->plan.compiled = cs;
	fp->plan.argtypes = palloc0(sizeof(Oid));
	cb->func = from_plan_free;
	cb->arg = fp;
	MemoryContextRegisterResetCallback(cxt, cb);
	MemoryContextSwitchTo(old);
	return fp;
}

/*
 * The kept statement of source for the model: found by its signature,
 * else compiled (replacing the one of an older shape of the same source,
 * and the least recently used beyond ROWS_FROM_MAX_PLANS).
 */
static RowsFromPlan *
from_plan(RowsCache *c, RowsFromSource *s)
{
	RowsFromPlans *l = c->from_plans;
	RowsFromPlan *prev = NULL;
	RowsFromPlan *fp;
	char	   *sql;

	if (l == NULL)
		l = c->from_plans = MemoryContextAllocZero(c->cxt, sizeof(RowsFromPlans));
	for (fp = l->head; fp != NULL; prev = fp, fp = fp->next)
	{
		if (fp->relid != s->relid)
			continue;
		if (strcmp(fp->signature, s->signature.data) == 0)
		{
			if (prev != NULL)
			{
				prev->next = fp->next;
				fp->next = l->head;
				l->head = fp;
			}
			return fp;
		}
		if (fp->running == 0)
			from_plan_drop(l, prev, fp);
		break;
	}

	sql = from_compile_sql(c, s);
	while (l->n >= ROWS_FROM_MAX_PLANS)
	{
		RowsFromPlan *victim = NULL;
		RowsFromPlan *victim_prev = NULL;

		/* the least recently used one that is not running */
		prev = NULL;
		for (fp = l->head; fp != NULL; prev = fp, fp = fp->next)
		{
			if (fp->running > 0)
				continue;
			victim = fp;
			victim_prev = prev;
		}
		if (victim == NULL)
			break;
		from_plan_drop(l, victim_prev, victim);
	}
	fp = from_plan_new(c, s, sql);
	fp->next = l->head;
	l->head = fp;
	l->n++;
	return fp;
}

/* the model's cache and the kept statement for the call's source */
static RowsFromPlan *
from_begin(FunctionCallInfo fcinfo, RowsCache **cache)
{
	char	   *model = msm_rows_model_arg(fcinfo);
	RowsCache  *c = msm_rows_cache(msm_runtime_require(model));
	Oid			relid = from_source_arg(fcinfo);
	RowsFromSource s;

	from_read_source(c, relid, &s);
	msm_rows_require_key_index(c, ROWS_UPSERT_FROM);
	*cache = c;
	return from_plan(c, &s);
}

/* ---------------------------------------------------------------------
 * SQL functions
 * ---------------------------------------------------------------------
 */

/*
 * Whether the error being handled is PostgreSQL's own of an upsert that
 * meets one row twice (nodeModifyTable.c), not another cardinality error,
 * e.g. a trigger's subquery returning more than one row.  Leaves cxt
 * current.
 */
static bool
from_error_is_second_update(MemoryContext cxt)
{
	ErrorData  *edata;
	bool		is;

	MemoryContextSwitchTo(cxt);
	edata = CopyErrorData();
	/* errmsg("%s command cannot affect row a second time", "ON CONFLICT DO UPDATE") */
	is = edata->message_id != NULL &&
		strcmp(edata->message_id, "%s command cannot affect row a second time") == 0;
	FreeErrorData(edata);
	return is;
}

/* msm.upsert_from(model, source): the rows written */
Datum
msm_row_upsert_from(PG_FUNCTION_ARGS)
{
	RowsCache  *c;
	RowsFromPlan *fp = from_begin(fcinfo, &c);
	MemoryContext cxt = CurrentMemoryContext;
	volatile uint64 count = 0;

	msm_rows_require_local("upsert_from");
	fp->running++;
	PG_TRY();
	{
		count = msm_rows_execute(c, &fp->plan, NULL, NULL, NULL);
	}
	PG_CATCH();
	{
		fp->running--;
		/* a repeated key of a source without physical order */
		if (!fp->ordered && geterrcode() == ERRCODE_CARDINALITY_VIOLATION &&
			from_error_is_second_update(cxt))
		{
			FlushErrorState();
			ereport(ERROR,
					(errcode(ERRCODE_CARDINALITY_VIOLATION),
					 errmsg("source %s repeats a key of model %s", fp->name, c->model),
					 errdetail("Only the rows of a table or materialized view have an order (the physical one) that decides which row of a key is the last; %s has none.",
							   fp->name),
					 errhint("Give each key one row, or copy the rows into a staging table and pass that.")));
		}
		PG_RE_THROW();
	}
	PG_END_TRY();
	fp->running--;
	PG_RETURN_INT64((int64) count);
}

/* msm.compile_upsert_from(model, source): the envelope, not run */
Datum
msm_compile_upsert_from_sql(PG_FUNCTION_ARGS)
{
	RowsCache  *c;
	RowsFromPlan *fp = from_begin(fcinfo, &c);
	MsmRuntime *rt = msm_session_runtime();

	PG_RETURN_JSONB_P(msm_compiled_envelope(fp->plan.compiled, NULL,
											rt ? rt->max_rows : msm_default_max_rows, 0,
											rt ? rt->statement_timeout_ms : msm_default_statement_timeout_ms));
}

/*
 * msm._upsert_from_null_key(model, source, key): the error of a null
 * upsert key in a source row (called by the statement only for such a row)
 */
Datum
msm_upsert_from_null_key(PG_FUNCTION_ARGS)
{
	const char *model = PG_ARGISNULL(0) ? "?" : text_to_cstring(PG_GETARG_TEXT_PP(0));
	const char *source = PG_ARGISNULL(1) ? "?" : text_to_cstring(PG_GETARG_TEXT_PP(1));
	const char *key = PG_ARGISNULL(2) ? "?" : text_to_cstring(PG_GETARG_TEXT_PP(2));

	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("upsert key \"%s\" of model %s is null in a row of source %s", key, model, source),
			 errdetail("Rows are matched on their upsert keys; a null key matches no row."),
			 errhint("Give every row a \"%s\", or leave such rows out (pass a view with WHERE \"%s\" IS NOT NULL).",
					 key, key)));
	PG_RETURN_BOOL(false);
}
