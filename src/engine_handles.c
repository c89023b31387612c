/*-------------------------------------------------------------------------
 *
 * engine_handles.c
 *	  What the session's runtime shows (doc/runtime.md, "Result and
 *	  handles"): msm.runtime(), msm.runtime_table(), msm.runtime_tables(),
 *	  and the runtime check every row operation makes (doc/rows.md, "Row
 *	  API"): msm_runtime_require() with guidance naming what is missing.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "engine.h"

PG_FUNCTION_INFO_V1(msm_runtime_sql);
PG_FUNCTION_INFO_V1(msm_runtime_table_sql);
PG_FUNCTION_INFO_V1(msm_runtime_tables_sql);

static char *
quoted_list(char **items, int n)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (int i = 0; i < n; i++)
		appendStringInfo(&buf, "%s'%s'", i ? ", " : "", items[i]);
	return buf.data;
}

/*
 * The error for a selector the runtime lacks: every model of its FK
 * closure that the runtime does not include, and the call that would.
 */
static void
runtime_lacks_error(MsmRuntime *rt, const char *selector)
{
	MsmModel   *closure;
	int			n;
	char	   *sel = pstrdup(selector);
	StringInfoData missing;
	StringInfoData present;
	char	  **wanted;
	int			nwanted = 0;
	int			nmissing = 0;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "msm: SPI_connect failed");
	closure = msm_engine_resolve(rt->namespace, &sel, 1, &n);

	initStringInfo(&missing);
	wanted = palloc(sizeof(char *) * (n + rt->n_models));
	for (int i = 0; i < rt->n_models; i++)
		wanted[nwanted++] = rt->models[i].model_name;
	for (int i = 0; i < n; i++)
	{
		MsmModel   *c = &closure[i];

		if (msm_runtime_find(rt, c->table_name) == NULL)
		{
			appendStringInfo(&missing, "%s%s (table %s)", nmissing ? ", " : "",
							 c->model_name, c->table_name);
			wanted[nwanted++] = c->model_name;
			nmissing++;
		}
	}
	initStringInfo(&present);
	for (int i = 0; i < rt->n_models; i++)
		appendStringInfo(&present, "%s%s", i ? ", " : "", rt->models[i].table_name);

	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("the markets runtime does not include %s", missing.data),
			 errdetail_plural("The operation on %s needs %d model the runtime lacks: %s. Initialized tables: %s.",
							  "The operation on %s needs %d models the runtime lacks: %s. Initialized tables: %s.",
							  nmissing,
							  selector, nmissing, missing.data, present.len ? present.data : "(none)"),
			 errhint("Include them: SELECT msm.stop_engine(); SELECT msm.start_engine(models => ARRAY[%s]);",
					 quoted_list(wanted, nwanted))));
}

MsmModel *
msm_runtime_require(const char *selector)
{
	MsmRuntime *rt = msm_session_runtime();
	MsmModel   *m;

	if (rt == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the operation requires an initialized markets runtime for %s", selector),
				 msm_runtime_scope == MSM_SCOPE_TRANSACTION
				 ? errdetail("No msm.start_engine() call has run in this transaction, and msm.runtime_scope is transaction.")
				 : errdetail("No msm.start_engine() call has run in this session."),
				 msm_runtime_scope == MSM_SCOPE_TRANSACTION
				 ? errhint("Run SELECT msm.start_engine(models => ARRAY['%s']) first, in the same transaction.", selector)
				 : errhint("Run SELECT msm.start_engine(models => ARRAY['%s']) first.", selector)));

	m = msm_runtime_find(rt, selector);
	if (m == NULL)
		runtime_lacks_error(rt, selector);	/* slow path */
	return m;
}

/* msm.runtime() RETURNS jsonb */
Datum
msm_runtime_sql(PG_FUNCTION_ARGS)
{
	MsmRuntime *rt = msm_session_runtime();

	if (rt == NULL)
		PG_RETURN_NULL();
	PG_RETURN_JSONB_P(msm_runtime_copy_document(rt->document));
}

static HeapTuple
handle_tuple(TupleDesc desc, MsmRuntime *rt, MsmModel   *m)
{
	Datum		values[14];
	bool		nulls[14] = {0};

	values[0] = CStringGetTextDatum(m->model_name);
	values[1] = CStringGetTextDatum(m->identifier);
	values[2] = CStringGetTextDatum(m->physical_schema);
	values[3] = CStringGetTextDatum(m->table_name);
	values[4] = ObjectIdGetDatum(m->relid);
	values[5] = DirectFunctionCall1(uuid_in, CStringGetDatum(m->meta_table_uid));
	if (m->data_source_uid)
		values[6] = DirectFunctionCall1(uuid_in, CStringGetDatum(m->data_source_uid));
	else
		nulls[6] = true;
	values[7] = CStringGetTextDatum(m->is_time_index ? "time_index" : "meta_table");
	if (rt->namespace[0])
		values[8] = CStringGetTextDatum(rt->namespace);
	else
		nulls[8] = true;
	values[9] = Int32GetDatum(rt->max_rows);
	values[10] = Int32GetDatum(rt->statement_timeout_ms);
	if (rt->timeout_given)
		values[11] = Int32GetDatum(rt->timeout_ms);
	else
		nulls[11] = true;
	values[12] = CStringGetTextDatum(rt->management_mode);
	{
		Datum	   *keys = palloc(sizeof(Datum) * Max(m->n_upsert_keys, 1));

		for (int k = 0; k < m->n_upsert_keys; k++)
			keys[k] = CStringGetTextDatum(m->upsert_keys[k]);
		values[13] = PointerGetDatum(construct_array(keys, m->n_upsert_keys, TEXTOID, -1, false, TYPALIGN_INT));
	}
	return heap_form_tuple(desc, values, nulls);
}

static MsmRuntime *
require_any_runtime(const char *what)
{
	MsmRuntime *rt = msm_session_runtime();

	if (rt == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("%s requires an initialized markets runtime", what),
				 msm_runtime_scope == MSM_SCOPE_TRANSACTION
				 ? errdetail("This transaction has no runtime: msm.runtime_scope is transaction and msm.start_engine() has not run in it.")
				 : errdetail("This session has no runtime: msm.start_engine() has not run in it, or msm.stop_engine() ended it."),
				 errhint("Run SELECT msm.start_engine(...) first.")));
	return rt;
}

/* msm.runtime_table(selector text) RETURNS msm.runtime_handle */
Datum
msm_runtime_table_sql(PG_FUNCTION_ARGS)
{
	MsmRuntime *rt = require_any_runtime("msm.runtime_table()");
	TupleDesc	desc;
	char	   *selector;
	MsmModel   *m;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("selector is required"),
				 errdetail("The selector is NULL."),
				 errhint("Name a model, e.g. msm.runtime_table('Asset').")));
	selector = text_to_cstring(PG_GETARG_TEXT_PP(0));
	m = msm_runtime_find(rt, selector);
	if (m == NULL)
		(void) msm_runtime_require(selector);	/* raises the guidance */
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "msm.runtime_table must return a composite type");
	desc = BlessTupleDesc(desc);
	PG_RETURN_DATUM(HeapTupleGetDatum(handle_tuple(desc, rt, m)));
}

/* msm.runtime_tables() RETURNS SETOF msm.runtime_handle */
Datum
msm_runtime_tables_sql(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MsmRuntime *rt = msm_session_runtime();

	InitMaterializedSRF(fcinfo, 0);
	if (rt == NULL)
		PG_RETURN_NULL();
	for (int i = 0; i < rt->n_models; i++)
	{
		HeapTuple	tup = handle_tuple(rsinfo->setDesc, rt, &rt->models[i]);

		tuplestore_puttuple(rsinfo->setResult, tup);
	}
	return (Datum) 0;
}
