/*-------------------------------------------------------------------------
 *
 * rows_compile.c
 *	  compiled-sql.v1 envelopes of row operations (doc/rows.md,
 *	  "compiled-sql.v1"):
 *
 *	  msm.compile_upsert(model, row), msm.compile_get(model, key),
 *	  msm.compile_delete(model, key)
 *	                                  the envelope of the operation, not run
 *
 * The statement templates come from the per-model cache (rows_plan.c);
 * compiled_sql.c renders the envelope with the operation's values and the
 * runtime's limits.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/datetime.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"

#include "compiled_sql.h"
#include "rows_settings.h"
#include "rows_compile.h"
#include "rows_input.h"
#include "rows_plan.h"
#include "runtime.h"

PG_FUNCTION_INFO_V1(msm_compile_upsert_sql);
PG_FUNCTION_INFO_V1(msm_compile_get_sql);
PG_FUNCTION_INFO_V1(msm_compile_delete_sql);

/* the envelope value of column i: temporal values as ISO 8601 text */
static JsonbValue *
rows_envelope_value(RowsCache *c, RowsInput *in, int i)
{
	JsonbValue *v = palloc(sizeof(JsonbValue));

	*v = in->jv[i];
	if (c->cols[i].is_temporal && !in->nulls[i])
	{
		char		buf[MAXDATELEN + 1];
		Oid			base = getBaseType(c->cols[i].typid);

		v->type = jbvString;
		v->val.string.val = pstrdup(JsonEncodeDateTime(buf, in->values[i], base, NULL));
		v->val.string.len = strlen(v->val.string.val);
	}
	return v;
}

Jsonb *
msm_rows_compile(const char *model, MsmSqlOperation op, Jsonb *arg)
{
	MsmModel *m = msm_runtime_require(model);
	MsmRuntime *rt = msm_session_runtime();
	RowsCache  *c = msm_rows_cache(m);
	RowsInput	in;
	RowsPlan   *p;
	JsonbValue **values;

	switch (op)
	{
		case MSM_SQL_UPSERT:
			msm_rows_read_row(c, arg, &in);
			p = msm_rows_plan(c, ROWS_UPSERT, in.provided);
			break;
		case MSM_SQL_SELECT:
			msm_rows_read_key(c, arg, &in);
			p = msm_rows_plan(c, ROWS_GET, NULL);
			break;
		case MSM_SQL_DELETE:
			msm_rows_read_key(c, arg, &in);
			p = msm_rows_plan(c, ROWS_DELETE, NULL);
			break;
		default:
			elog(ERROR, "msm: cannot compile a %s row operation", msm_sql_operation_name(op));
			return NULL;
	}
	values = palloc(sizeof(JsonbValue *) * Max(p->compiled->nparams, 1));
	for (int i = 0; i < p->compiled->nparams; i++)
		values[i] = rows_envelope_value(c, &in, p->compiled->params[i].column);
	return msm_compiled_envelope(p->compiled, values,
								 rt ? rt->max_rows : msm_default_max_rows, 0,
								 rt ? rt->statement_timeout_ms : msm_default_statement_timeout_ms);
}

/* msm.compile_upsert / compile_get / compile_delete(model, row or key) */
static Datum
rows_compile_sql(FunctionCallInfo fcinfo, MsmSqlOperation op)
{
	char	   *model = msm_rows_model_arg(fcinfo);
	RowsCache  *c = msm_rows_cache(msm_runtime_require(model));
	Jsonb	   *arg = msm_rows_object_arg(fcinfo, 1, op == MSM_SQL_UPSERT ? "row" : "key", c);

	PG_RETURN_JSONB_P(msm_rows_compile(model, op, arg));
}

Datum
msm_compile_upsert_sql(PG_FUNCTION_ARGS)
{
	return rows_compile_sql(fcinfo, MSM_SQL_UPSERT);
}

Datum
msm_compile_get_sql(PG_FUNCTION_ARGS)
{
	return rows_compile_sql(fcinfo, MSM_SQL_SELECT);
}

Datum
msm_compile_delete_sql(PG_FUNCTION_ARGS)
{
	return rows_compile_sql(fcinfo, MSM_SQL_DELETE);
}
