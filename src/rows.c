/*-------------------------------------------------------------------------
 *
 * rows.c
 *	  The single-row operations of the row API (doc/rows.md, "Row API"):
 *
 *	  msm.upsert(model, row)          one row, returns the stored row
 *	  msm.get(model, key)             the row or NULL
 *	  msm.delete(model, key)          whether a row was deleted
 *
 * The other functions of the row API are msm.upsert_many (rows_batch.c),
 * msm.upsert_asset (rows_asset.c) and msm.compile_* (rows_compile.c).
 *
 * Every operation first requires its model from the session runtime
 * (msm_runtime_require), then validates its input (rows_input.c), then
 * runs its compiled statement, kept per model (rows_plan.c), locally or on
 * the platform (rows_exec.c).
 *
 * Upsert semantics.  INSERT ... ON CONFLICT (upsert keys) DO UPDATE SET the
 * provided columns other than the keys and the primary key.  Omitted
 * columns get the model default (built-ins) or the table default on insert
 * and are left alone on update.  As with any INSERT ... ON CONFLICT, the
 * proposed row is checked first, so NOT NULL columns without a default must
 * be given even when the row exists.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/jsonb.h"

#include "compiled_sql.h"
#include "rows_exec.h"
#include "rows_input.h"
#include "rows_plan.h"
#include "rows_platform.h"
#include "runtime.h"

PG_FUNCTION_INFO_V1(msm_row_upsert);
PG_FUNCTION_INFO_V1(msm_row_get);
PG_FUNCTION_INFO_V1(msm_row_delete);

/* one single-row operation: its model, argument and bound statement */
typedef struct RowsCall
{
	char	   *model;
	RowsCache  *cache;
	Jsonb	   *arg;			/* the row (upsert) or the key (get, delete) */
	RowsPlan   *plan;
	Datum	   *values;
	char	   *nulls;
} RowsCall;

/* the compiled-sql.v1 operation of a single-row operation */
static MsmSqlOperation
rows_sql_operation(RowsOp op)
{
	switch (op)
	{
		case ROWS_UPSERT:
		case ROWS_UPSERT_MANY:
		case ROWS_UPSERT_FROM:
			return MSM_SQL_UPSERT;
		case ROWS_GET:
			return MSM_SQL_SELECT;
		case ROWS_DELETE:
			return MSM_SQL_DELETE;
	}
	return MSM_SQL_SELECT;		/* keep compiler quiet */
}

/* parameter values of a plan from column slots */
static void
rows_params(RowsPlan *p, RowsInput *in, Datum *values, char *nulls)
{
	for (int i = 0; i < p->compiled->nparams; i++)
	{
		int			col = p->compiled->params[i].column;

		values[i] = in->values[col];
		nulls[i] = in->nulls[col] ? 'n' : ' ';
	}
}

/* the common prologue: model, argument, input read and bound to a plan */
static void
rows_call_begin(FunctionCallInfo fcinfo, RowsOp op, RowsCall *call)
{
	RowsInput	in;

	call->model = msm_rows_model_arg(fcinfo);
	call->cache = msm_rows_cache(msm_runtime_require(call->model));
	call->arg = msm_rows_object_arg(fcinfo, 1, op == ROWS_UPSERT ? "row" : "key", call->cache);
	if (op == ROWS_UPSERT)
	{
		msm_rows_read_row(call->cache, call->arg, &in);
		call->plan = msm_rows_plan(call->cache, op, in.provided);
	}
	else
	{
		msm_rows_read_key(call->cache, call->arg, &in);
		call->plan = msm_rows_plan(call->cache, op, NULL);
	}
	call->values = palloc(sizeof(Datum) * Max(call->plan->compiled->nparams, 1));
	call->nulls = palloc(Max(call->plan->compiled->nparams, 1));
	rows_params(call->plan, &in, call->values, call->nulls);
}

/*
 * Run an operation that returns (at most) one row, locally or on the
 * platform; *found says whether there was a row, the result is the row as
 * jsonb.  The row of an upsert must come back.
 */
static Datum
rows_call_row(FunctionCallInfo fcinfo, RowsOp op, bool *found)
{
	RowsCall	call;
	RowsDest	dest;

	rows_call_begin(fcinfo, op, &call);
	if (msm_rows_platform())
	{
		RowsPlatformAnswer answer;
		Jsonb	   *row;

		msm_rows_platform_execute(call.model, rows_sql_operation(op), call.arg, &answer);
		row = msm_rows_platform_first(&answer);

		if (row == NULL && op == ROWS_UPSERT)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("TS Manager returned no row for the upsert on %s", call.model),
					 errdetail("An upsert returns the written or stored row; the execute-operation answer had none."),
					 errhint("Check TS Manager's execute-operation endpoint; the operation may or may not have run.")));
		*found = row != NULL;
		return row != NULL ? JsonbPGetDatum(row) : (Datum) 0;
	}

	msm_rows_dest_jsonb(&dest, call.cache);
	(void) msm_rows_execute(call.cache, call.plan, call.values, call.nulls, &dest.pub);
	if (op == ROWS_UPSERT && dest.count != 1)
		elog(ERROR, "msm: upsert on model %s returned %llu rows", call.cache->model,
			 (unsigned long long) dest.count);
	*found = dest.count > 0;
	return dest.result;
}

Datum
msm_row_upsert(PG_FUNCTION_ARGS)
{
	bool		found;

	return rows_call_row(fcinfo, ROWS_UPSERT, &found);
}

Datum
msm_row_get(PG_FUNCTION_ARGS)
{
	bool		found;
	Datum		row = rows_call_row(fcinfo, ROWS_GET, &found);

	if (!found)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(row);
}

Datum
msm_row_delete(PG_FUNCTION_ARGS)
{
	RowsCall	call;

	rows_call_begin(fcinfo, ROWS_DELETE, &call);
	if (msm_rows_platform())
	{
		RowsPlatformAnswer answer;

		msm_rows_platform_execute(call.model, MSM_SQL_DELETE, call.arg, &answer);
		PG_RETURN_BOOL(answer.touched);
	}
	PG_RETURN_BOOL(msm_rows_execute(call.cache, call.plan, call.values, call.nulls, NULL) > 0);
}
