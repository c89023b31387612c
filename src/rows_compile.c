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
 * msm.execution = platform runs the statement elsewhere, so the caller's
 * rights are checked here before the envelope leaves (doc/security.md,
 * "Row operations run with the caller's rights"): the local form of the
 * statement is parsed and analysed, and its range table goes through the
 * executor's own permission check, so the privileges asked for (INSERT,
 * UPDATE, SELECT of what the statement reads or returns, DELETE, column
 * privileges) and the error raised are exactly those of local execution.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/shortest_dec.h"
#include "executor/executor.h"
#include "fmgr.h"
#include "nodes/parsenodes.h"
#include "parser/analyze.h"
#include "tcop/tcopprot.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "compiled_sql.h"
#include "rows_settings.h"
#include "rows_compile.h"
#include "rows_input.h"
#include "rows_plan.h"
#include "runtime.h"

PG_FUNCTION_INFO_V1(msm_compile_upsert_sql);
PG_FUNCTION_INFO_V1(msm_compile_get_sql);
PG_FUNCTION_INFO_V1(msm_compile_delete_sql);

/*
 * The envelope value of column i, exact (doc/rows.md, "compiled-sql.v1"):
 * temporal values as ISO 8601 text, integers as JSON integers with all
 * their digits, numeric values as their exact decimal text (a JSON string,
 * as the SDK sends a Python Decimal), floats as JSON numbers (shortest
 * exact text); never through a C double.
 */
static JsonbValue *
rows_envelope_value(RowsCache *c, RowsInput *in, int i)
{
	JsonbValue *v = palloc(sizeof(JsonbValue));
	Oid			base = getBaseType(c->cols[i].typid);
	Datum		d = in->values[i];

	*v = in->jv[i];
	if (!in->provided[i] || in->nulls[i])
		return v;
	if (c->cols[i].is_temporal)
	{
		char		buf[MAXDATELEN + 1];

		v->type = jbvString;
		v->val.string.val = pstrdup(JsonEncodeDateTime(buf, d, base, NULL));
		v->val.string.len = strlen(v->val.string.val);
	}
	else if (base == INT2OID || base == INT4OID || base == INT8OID)
	{
		v->type = jbvNumeric;
		v->val.numeric = DatumGetNumeric(base == INT8OID ?
										 DirectFunctionCall1(int8_numeric, d) :
										 base == INT4OID ?
										 DirectFunctionCall1(int4_numeric, d) :
										 DirectFunctionCall1(int2_numeric, d));
	}
	else if (base == NUMERICOID)
	{
		v->type = jbvString;
		v->val.string.val = DatumGetCString(DirectFunctionCall1(numeric_out, d));
		v->val.string.len = strlen(v->val.string.val);
	}
	else if (base == FLOAT4OID || base == FLOAT8OID)
	{
		char	   *text = palloc(DOUBLE_SHORTEST_DECIMAL_LEN + FLOAT_SHORTEST_DECIMAL_LEN);
		bool		finite = base == FLOAT8OID ? !isinf(DatumGetFloat8(d)) && !isnan(DatumGetFloat8(d)) :
			!isinf(DatumGetFloat4(d)) && !isnan(DatumGetFloat4(d));

		/* the shortest text that reads back as the same float, whatever extra_float_digits */
		if (base == FLOAT8OID)
			(void) double_to_shortest_decimal_buf(DatumGetFloat8(d), text);
		else
			(void) float_to_shortest_decimal_buf(DatumGetFloat4(d), text);

		if (finite)
		{
			v->type = jbvNumeric;
			v->val.numeric = DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(text),
																 ObjectIdGetDatum(InvalidOid),
																 Int32GetDatum(-1)));
		}
		else
		{
			v->type = jbvString;
			v->val.string.val = text;
			v->val.string.len = strlen(text);
		}
	}
	return v;
}

/*
 * Error unless the current user may run plan p's statement here: the
 * checks (and the error, SQLSTATE 42501 "permission denied for table ...")
 * of local execution, without running anything.
 */
static void
rows_check_caller(RowsCache *c, RowsPlan *p)
{
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext, "msm privilege check",
											  ALLOCSET_SMALL_SIZES);
	MemoryContext old = MemoryContextSwitchTo(cxt);
	char	   *sql = msm_compiled_local_sql(p->compiled);
	List	   *raw = pg_parse_query(sql);
	Query	   *query;

	if (list_length(raw) != 1)
		elog(ERROR, "msm: the %s statement of model %s is not one statement",
			 msm_rows_op_name(p->op), c->model);
	query = parse_analyze_fixedparams(linitial_node(RawStmt, raw), sql, p->argtypes,
									  p->compiled->nparams, NULL);
	(void) ExecCheckRTPerms(query->rtable, true);
	MemoryContextSwitchTo(old);
	MemoryContextDelete(cxt);
}

static Jsonb *
rows_compile(const char *model, MsmSqlOperation op, Jsonb *arg, bool check_caller)
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
	if (check_caller)
		rows_check_caller(c, p);
	values = palloc(sizeof(JsonbValue *) * Max(p->compiled->nparams, 1));
	for (int i = 0; i < p->compiled->nparams; i++)
		values[i] = rows_envelope_value(c, &in, p->compiled->params[i].column);
	return msm_compiled_envelope(p->compiled, values,
								 rt ? rt->max_rows : msm_default_max_rows, 0,
								 rt ? rt->statement_timeout_ms : msm_default_statement_timeout_ms);
}

Jsonb *
msm_rows_compile(const char *model, MsmSqlOperation op, Jsonb *arg)
{
	return rows_compile(model, op, arg, false);
}

Jsonb *
msm_rows_compile_for_caller(const char *model, MsmSqlOperation op, Jsonb *arg)
{
	return rows_compile(model, op, arg, true);
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
