/*-------------------------------------------------------------------------
 *
 * rows_plan.c
 *	  The per-model cache of the row API (doc/rows.md, "Row API"; doc/runtime.md,
 *	  "Caching"): column metadata and statement templates with kept plans.
 *
 * Hot path.  Per model (MsmModel.row_cache, a child context of the
 * runtime's context) we keep the column metadata, read once from the
 * relation cache, the model defaults of built-ins (msm.builtin_column, read
 * once), and one template per (operation, set of provided columns) with its
 * SPI plan, prepared as a generic plan and kept (SPI_keepplan) on first use
 * (rows_exec.c).  A call then costs: a runtime lookup, the input conversion
 * of its values, SPI_connect, one SPI_execute_plan_extended whose tuple
 * receiver builds the result straight in the caller's context (no SPI tuple
 * table).  No catalog lookup, no SQL text, no JSON building (envelopes are
 * rendered only by the compile_* functions).  Dropping or replacing the
 * runtime deletes the cache context; its reset callback frees the kept
 * plans.
 *
 * Invalidation (doc/runtime.md, "Caching"): when invalidation.c bumped the
 * model's generation (the table, its indexes or a column type changed),
 * the next msm_rows_cache() retires the cache and builds it again from the
 * table as it is now.  A retired cache may still be in use by an outer
 * operation (a trigger calling the row API), so it is not freed at once:
 * its context moves under TopTransactionContext and goes with the
 * transaction, plans included.  A table that was dropped or renamed, an
 * upsert key that is no column any more, or upsert keys without a unique
 * index raise an msm error that says how to re-attach.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/pg_index.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/syscache.h"

#include "compiled_sql.h"
#include "rows_plan.h"
#include "runtime.h"

const char *
msm_rows_op_name(RowsOp op)
{
	switch (op)
	{
		case ROWS_UPSERT:
			return "upsert";
		case ROWS_UPSERT_MANY:
			return "upsert_many";
		case ROWS_GET:
			return "get";
		case ROWS_DELETE:
			return "delete";
		case ROWS_UPSERT_FROM:
			return "upsert_from";
	}
	return "row operation";
}

static void
rows_cache_free(void *arg)
{
	RowsCache  *c = (RowsCache *) arg;

	for (RowsPlan *p = c->plans; p != NULL; p = p->next)
	{
		if (p->plan != NULL)
		{
			SPI_freeplan(p->plan);
			p->plan = NULL;
		}
	}
}

/* model defaults of a built-in (msm.builtin_column.default_expr) */
static void
rows_load_builtin_defaults(RowsCache *c, const char *model_name)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1];
	int			rc;

	args[0] = CStringGetTextDatum(model_name);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "msm: SPI_connect failed");
	/* a default that calls a catalog function, e.g. gen_random_uuid(), qualified */
	rc = SPI_execute_with_args("SELECT bc.column_name,"
							   "       pg_catalog.regexp_replace(bc.default_expr,"
							   "           '^([a-z_][a-z0-9_]*)[(][)]$', E'pg_catalog.\\\\1()')"
							   "  FROM msm.builtin_column bc"
							   " WHERE bc.model_name OPERATOR(pg_catalog.=) $1 AND bc.default_expr IS NOT NULL",
							   1, argtypes, args, NULL, true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "msm: could not read the built-in model defaults: %s",
			 SPI_result_code_string(rc));
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		char	   *name = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1);
		char	   *expr = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2);

		for (int i = 0; i < c->ncols; i++)
		{
			if (strcmp(c->cols[i].name, name) == 0)
			{
				c->sqlcols[i].default_expr = MemoryContextStrdup(c->cxt, expr);
				break;
			}
		}
	}
	SPI_finish();
}

int
msm_rows_column_index(RowsCache *c, const char *name)
{
	for (int i = 0; i < c->ncols; i++)
		if (strcmp(c->cols[i].name, name) == 0)
			return i;
	return -1;
}

/* the table's (non-dropped) columns: input functions, kinds, primary key */
static void
rows_read_columns(RowsCache *c, Relation rel)
{
	TupleDesc	desc = RelationGetDescr(rel);
	Bitmapset  *pk = RelationGetIndexAttrBitmap(rel, INDEX_ATTR_BITMAP_PRIMARY_KEY);
	int			n = 0;

	c->cols = palloc0(sizeof(RowsColumn) * Max(desc->natts, 1));
	c->sqlcols = palloc0(sizeof(MsmSqlColumn) * Max(desc->natts, 1));
	c->type_hashes = palloc0(sizeof(uint32) * Max(desc->natts, 1));
	for (int a = 0; a < desc->natts; a++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, a);
		RowsColumn *col = &c->cols[n];
		MsmSqlColumn *sc = &c->sqlcols[n];
		Oid			typinput;
		Oid			base;

		if (att->attisdropped)
			continue;
		col->name = pstrdup(NameStr(att->attname));
		col->name_len = strlen(col->name);
		col->attnum = att->attnum;
		col->typid = att->atttypid;
		c->type_hashes[n] = GetSysCacheHashValue1(TYPEOID, ObjectIdGetDatum(col->typid));
		col->typmod = att->atttypmod;
		col->collation = att->attcollation;
		get_typlenbyvalalign(col->typid, &col->typlen, &col->typbyval, &col->typalign);
		getTypeInputInfo(col->typid, &typinput, &col->ioparam);
		fmgr_info_cxt(typinput, &col->input, c->cxt);
		base = getBaseType(col->typid);
		if (col->typid == JSONBOID)
			col->kind = ROWS_VALUE_JSONB;
		else if (base == JSONOID || base == JSONBOID)
			col->kind = ROWS_VALUE_JSON;
		else
			col->kind = ROWS_VALUE_TEXT;
		col->is_temporal = msm_sql_temporal_type(col->typid) != NULL;

		sc->name = col->name;
		sc->typid = col->typid;
		sc->typmod = col->typmod;
		sc->is_primary_key = bms_is_member(att->attnum - FirstLowInvalidHeapAttributeNumber, pk);
		n++;
	}
	c->ncols = n;
	c->ntypes = n;
}

/* the model's upsert keys as column indexes, marked as conflict keys */
static void
rows_bind_keys(RowsCache *c, MsmModel *m)
{
	c->nkeys = m->n_upsert_keys;
	c->keys = palloc0(sizeof(int) * Max(c->nkeys, 1));
	for (int k = 0; k < m->n_upsert_keys; k++)
	{
		int			i = msm_rows_column_index(c, m->upsert_keys[k]);

		if (i < 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("upsert key \"%s\" of model %s is not a column of table %s",
							m->upsert_keys[k], m->model_name, c->qualified),
					 errdetail("The table drifted from its model (a column was dropped or renamed since the model was declared)."),
					 errhint("SELECT * FROM msm.diagnose(); reports the differences; restore the column, or run msm.migrate_upgrade() as an admin, then SELECT msm.stop_engine(); and msm.start_engine(...) again.")));
		c->keys[k] = i;
		c->sqlcols[i].is_conflict_key = true;
	}
	if (c->nkeys == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TABLE_DEFINITION),
				 errmsg("model %s has no upsert keys", m->model_name),
				 errdetail("Upserts need the key columns that decide whether a row is new."),
				 errhint("Declare the model with upsert_keys => ARRAY[...].")));
}

/* the table as the compiler sees it, and the record type rows come back as */
static void
rows_describe_table(RowsCache *c, MsmModel *m)
{
	c->table.schema = pstrdup(m->physical_schema);
	c->table.table = pstrdup(m->table_name);
	c->table.meta_table_uid = m->meta_table_uid ? pstrdup(m->meta_table_uid) : NULL;
	c->table.ncols = c->ncols;
	c->table.cols = c->sqlcols;
	c->table.nkeys = c->nkeys;
	c->table.keys = c->keys;

	/* the record type rows are returned as (to_jsonb) */
	c->rowdesc = CreateTemplateTupleDesc(c->ncols);
	for (int i = 0; i < c->ncols; i++)
		TupleDescInitEntry(c->rowdesc, (AttrNumber) (i + 1), c->cols[i].name,
						   c->cols[i].typid, c->cols[i].typmod, 0);
	c->rowdesc = BlessTupleDesc(c->rowdesc);
}

/*
 * Whether a unique index can be the arbiter of ON CONFLICT (keys): valid,
 * immediate, on exactly the key columns, no expressions, no predicate.
 */
static bool
rows_has_key_index(RowsCache *c, Relation rel)
{
	List	   *indexes = RelationGetIndexList(rel);
	ListCell   *lc;
	bool		found = false;

	foreach(lc, indexes)
	{
		Relation	irel = index_open(lfirst_oid(lc), AccessShareLock);
		Form_pg_index ix = irel->rd_index;

		if (ix->indisunique && ix->indimmediate && ix->indisvalid &&
			ix->indnkeyatts == c->nkeys &&
			heap_attisnull(irel->rd_indextuple, Anum_pg_index_indexprs, NULL) &&
			heap_attisnull(irel->rd_indextuple, Anum_pg_index_indpred, NULL))
		{
			found = true;
			for (int k = 0; k < c->nkeys && found; k++)
			{
				bool		member = false;

				for (int j = 0; j < ix->indnkeyatts; j++)
					if (ix->indkey.values[j] == c->cols[c->keys[k]].attnum)
						member = true;
				found = member;
			}
		}
		index_close(irel, AccessShareLock);
		if (found)
			break;
	}
	list_free(indexes);
	return found;
}

/* the table still has the name the model's statements use */
static void
rows_check_name(MsmModel *m, Relation rel)
{
	char	   *schema = get_namespace_name(RelationGetNamespace(rel));
	const char *name = RelationGetRelationName(rel);

	if (schema != NULL && strcmp(schema, m->physical_schema) == 0 &&
		strcmp(name, m->table_name) == 0)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("table %s.%s of model %s was renamed to %s.%s",
					quote_identifier(m->physical_schema), quote_identifier(m->table_name),
					m->model_name, quote_identifier(schema ? schema : "?"),
					quote_identifier(name)),
			 errdetail("The runtime bound the table when msm.start_engine() ran; the model's statements name it %s.%s.",
					   quote_identifier(m->physical_schema), quote_identifier(m->table_name)),
			 errhint("Rename the table back, or run msm.migrate_upgrade() as an admin, then SELECT msm.stop_engine(); and msm.start_engine(...) again.")));
}

/* a stale cache goes with the transaction: an outer operation may still use it */
static void
rows_retire_cache(MsmModel *m)
{
	RowsCache  *old = (RowsCache *) m->row_cache;

	m->row_cache = NULL;
	if (old != NULL)
		MemoryContextSetParent(old->cxt, TopTransactionContext);
}

RowsCache *
msm_rows_build_cache(MsmModel *m)
{
	MsmRuntime *rt = msm_session_runtime();
	MemoryContext cxt;
	MemoryContext old;
	MemoryContextCallback *cb;
	RowsCache  *c;
	Relation	rel;
	uint32		generation = m->inval_generation;

	/* the runtime may have been dropped by the invalidations just processed */
	if (rt == NULL || m < rt->models || m >= rt->models + rt->n_models)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the operation requires an initialized markets runtime for %s", m->model_name),
				 errdetail("The msm extension was dropped or created again since msm.start_engine() ran in this session."),
				 errhint("Run SELECT msm.start_engine(models => ARRAY['%s']) again.", m->model_name)));
	rows_retire_cache(m);
	rel = try_table_open(m->relid, AccessShareLock);
	if (rel == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("table %s.%s of model %s no longer exists",
						quote_identifier(m->physical_schema),
						quote_identifier(m->table_name), m->model_name),
				 errdetail("The runtime bound the table when msm.start_engine() ran; it was dropped since."),
				 errhint("Run msm.migrate_upgrade() as an admin, then SELECT msm.stop_engine(); and msm.start_engine(...) again.")));
	rows_check_name(m, rel);

	cxt = AllocSetContextCreate(rt->cxt, "msm row cache", ALLOCSET_SMALL_SIZES);
	old = MemoryContextSwitchTo(cxt);

	/* a failed build leaves nothing behind */
	PG_TRY();
	{
		c = palloc0(sizeof(RowsCache));
		c->cxt = cxt;
		c->model = pstrdup(m->model_name);
		c->qualified = psprintf("%s.%s", quote_identifier(m->physical_schema),
								quote_identifier(m->table_name));
		c->asset_uid = c->asset_identifier = c->asset_type = -1;

		c->generation = generation;
		rows_read_columns(c, rel);
		rows_bind_keys(c, m);
		c->has_key_index = rows_has_key_index(c, rel);
		table_close(rel, NoLock);
		if (m->is_builtin)
			rows_load_builtin_defaults(c, m->model_name);
		rows_describe_table(c, m);
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(old);
		MemoryContextDelete(cxt);
		PG_RE_THROW();
	}
	PG_END_TRY();

	cb = palloc0(sizeof(MemoryContextCallback));
	cb->func = rows_cache_free;
	cb->arg = c;
	MemoryContextRegisterResetCallback(cxt, cb);

	MemoryContextSwitchTo(old);
	m->row_cache = c;
	return c;
}

void
msm_rows_require_key_index(RowsCache *c, RowsOp op)
{
	if (!c->has_key_index)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("table %s of model %s has no unique index on its upsert keys", c->qualified, c->model),
				 errdetail("%s needs a unique, non-deferrable index on exactly the upsert key columns; it was dropped or never existed.",
						   msm_rows_op_name(op)),
				 errhint("Restore the index (SELECT * FROM msm.diagnose(); reports the differences), or run msm.migrate_upgrade() as an admin, then SELECT msm.stop_engine(); and msm.start_engine(...) again.")));
}

RowsPlan *
msm_rows_plan(RowsCache *c, RowsOp op, const bool *provided)
{
	RowsPlan   *p;
	MemoryContext old;

	for (p = c->plans; p != NULL; p = p->next)
	{
		if (p->op == op &&
			(provided == NULL || memcmp(p->provided, provided, c->ncols) == 0))
			return p;
	}

	if (op == ROWS_UPSERT || op == ROWS_UPSERT_MANY)
		msm_rows_require_key_index(c, op);

	old = MemoryContextSwitchTo(c->cxt);
	p = palloc0(sizeof(RowsPlan));
	p->op = op;
	switch (op)
	{
		case ROWS_UPSERT:
		case ROWS_UPSERT_MANY:
			p->provided = palloc(c->ncols);
			memcpy(p->provided, provided, c->ncols);
			p->compiled = msm_compile_upsert(&c->table, provided, op == ROWS_UPSERT_MANY);
			break;
		case ROWS_GET:
			p->compiled = msm_compile_select(&c->table);
			break;
		case ROWS_DELETE:
			p->compiled = msm_compile_delete(&c->table);
			break;
		case ROWS_UPSERT_FROM:
			elog(ERROR, "msm: upsert_from plans are kept per source (rows_from.c)");
			break;
	}
	p->argtypes = palloc(sizeof(Oid) * Max(p->compiled->nparams, 1));
	for (int i = 0; i < p->compiled->nparams; i++)
		p->argtypes[i] = p->compiled->params[i].typid;
	p->next = c->plans;
	c->plans = p;
	MemoryContextSwitchTo(old);
	return p;
}
