/*-------------------------------------------------------------------------
 *
 * rows.c
 *	  The row API (SPEC 7, 7.1, 7.2).
 *
 *	  msm.upsert_asset(unique_identifier, asset_type)  typed Asset upsert
 *	  msm.upsert(model, row)          one row, returns the stored row
 *	  msm.upsert_many(model, rows)    a JSON array, one statement, count
 *	  msm.get(model, key)             the row or NULL
 *	  msm.delete(model, key)          whether a row was deleted
 *	  msm.compile_upsert / compile_get / compile_delete
 *	                                  the compiled-sql.v1 envelope, not run
 *
 * Every operation first requires its model from the session runtime
 * (msm_runtime_require, SPEC 7), then validates its input, then runs its
 * compiled statement (compiled_sql.h) through SPI with the caller's rights:
 * the functions are not SECURITY DEFINER, table privileges decide.
 *
 * Hot path.  Per model (MsmRuntimeModel.row_cache, a child context of the
 * runtime's context) we keep the column metadata, read once from the
 * relation cache, the model defaults of built-ins (msm.builtin_column, read
 * once), and one template per (operation, set of provided columns) with its
 * SPI plan, prepared as a generic plan and kept (SPI_keepplan) on first use.
 * A call then costs: a runtime lookup, the input conversion of its values,
 * SPI_connect, one SPI_execute_plan_extended whose tuple receiver builds the
 * result straight in the caller's context (no SPI tuple table).  No catalog
 * lookup, no SQL text, no JSON building (envelopes are rendered only by the
 * compile_* functions).  Dropping or replacing the runtime deletes the cache
 * context; its reset callback frees the kept plans.
 *
 * Upsert semantics.  INSERT ... ON CONFLICT (upsert keys) DO UPDATE SET the
 * provided columns other than the keys and the primary key.  Omitted
 * columns get the model default (built-ins) or the table default on insert
 * and are left alone on update.  As with any INSERT ... ON CONFLICT, the
 * proposed row is checked first, so NOT NULL columns without a default must
 * be given even when the row exists.  msm.upsert_asset(x, NULL) means
 * "asset_type not provided": an existing row keeps its asset_type.
 *
 * Values.  JSON strings, numbers and booleans become the text their column
 * type's input function reads; objects and arrays fit json/jsonb columns
 * only (a json/jsonb column always gets the JSON value itself).  Values go
 * to the statement as parameters typed like their column, so bad values get
 * PostgreSQL's own errors (invalid input syntax for type uuid, value too
 * long for type character varying(255), ...) with a context line naming the
 * column.  JSON null is SQL NULL.  Upsert keys must be present, not null.
 *
 * Batches.  msm.upsert_many takes an array of objects that all give the
 * same columns (one statement, one SET list), converts them in C, keeps the
 * last row of a key repeated in the batch (hash on the typed key values,
 * so two spellings of one timestamp are one key) and sends one array per
 * column: INSERT ... SELECT ... FROM unnest($1, ...) ON CONFLICT ...
 *
 * Limits (SPEC 7.2).  statement_timeout_ms of the runtime bounds each
 * operation's statement: a USER_TIMEOUT armed around the SPI execution
 * cancels it, and the cancel is reported as an msm error (SQLSTATE 57014).
 * The conversion of a batch before its statement is not bounded.  max_rows
 * bounds the rows an operation returns: get and upsert return at most one
 * row (keys are unique), upsert_many and delete return counts, so locally it
 * never truncates anything; it travels in the envelope.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/params.h"
#include "nodes/pg_list.h"
#include "storage/latch.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/formatting.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/timeout.h"

#include <cjson/cJSON.h>

#include "compiled_sql.h"
#include "msm.h"
#include "registry.h"
#include "spi_json.h"
#include "rows.h"
#include "runtime.h"

PG_FUNCTION_INFO_V1(msm_upsert_asset);
PG_FUNCTION_INFO_V1(msm_row_upsert);
PG_FUNCTION_INFO_V1(msm_row_upsert_many);
PG_FUNCTION_INFO_V1(msm_row_get);
PG_FUNCTION_INFO_V1(msm_row_delete);
PG_FUNCTION_INFO_V1(msm_compile_upsert_sql);
PG_FUNCTION_INFO_V1(msm_compile_get_sql);
PG_FUNCTION_INFO_V1(msm_compile_delete_sql);

#define ASSET_IDENTIFIER_MAX 255
#define ASSET_TYPE_MAX 64

/* how a JSON value reaches a column */
typedef enum RowsValueKind
{
	ROWS_VALUE_TEXT,			/* text form through the input function */
	ROWS_VALUE_JSON,			/* JSON text through the input function */
	ROWS_VALUE_JSONB			/* plain jsonb: the value itself */
} RowsValueKind;

typedef struct RowsColumn
{
	char	   *name;
	int			name_len;
	Oid			typid;
	int32		typmod;
	int16		typlen;
	bool		typbyval;
	char		typalign;
	RowsValueKind kind;
	FmgrInfo	input;
	Oid			ioparam;
	bool		is_temporal;	/* date / timestamptz: ISO text in envelopes */
} RowsColumn;

typedef enum RowsOp
{
	ROWS_UPSERT,
	ROWS_UPSERT_MANY,
	ROWS_GET,
	ROWS_DELETE
} RowsOp;

typedef struct RowsPlan
{
	struct RowsPlan *next;
	RowsOp		op;
	bool	   *provided;		/* ncols flags (upserts), else NULL */
	MsmCompiledSql *compiled;
	Oid		   *argtypes;
	SPIPlanPtr	plan;			/* kept; NULL until first local run */
} RowsPlan;

typedef struct RowsCache
{
	MemoryContext cxt;
	char	   *model;			/* model name, for messages */
	char	   *qualified;		/* "schema"."table", for messages */
	int			ncols;
	RowsColumn *cols;
	MsmSqlColumn *sqlcols;
	int			nkeys;
	int		   *keys;
	MsmSqlTable table;
	TupleDesc	rowdesc;		/* blessed record of every column */
	RowsPlan   *plans;
	/* msm.upsert_asset: plans without / with asset_type, column indexes */
	RowsPlan   *asset_plan[2];
	int			asset_uid;
	int			asset_identifier;
	int			asset_type;
	TupleDesc	asset_desc;		/* msm.asset_row */
} RowsCache;

/* one JSON object read into column slots */
typedef struct RowsInput
{
	bool	   *provided;
	JsonbValue *jv;				/* the JSON value of each provided column */
	Datum	   *values;
	bool	   *nulls;
} RowsInput;

/* error context while converting values */
typedef struct RowsValueContext
{
	RowsCache  *cache;
	RowsColumn *col;
	int			element;		/* rows element, or -1 */
} RowsValueContext;

/* session state */
static FmgrInfo *rows_to_jsonb = NULL;
static volatile sig_atomic_t rows_timeout_fired = false;
static bool rows_timeout_registered = false;
static TimeoutId rows_timeout_id;
static int	rows_depth = 0;

/* ---------------------------------------------------------------------
 * Small helpers
 * ---------------------------------------------------------------------
 */

/* "name" with embedded quotes doubled, from a (not terminated) buffer */
static void
append_quoted(StringInfo buf, const char *s, int len)
{
	appendStringInfoChar(buf, '"');
	for (int i = 0; i < len; i++)
	{
		if (s[i] == '"')
			appendStringInfoChar(buf, '"');
		appendStringInfoChar(buf, s[i]);
	}
	appendStringInfoChar(buf, '"');
}

static const char *
json_type_name(JsonbValue *v)
{
	if (v->type == jbvBinary)
		return JsonContainerIsObject(v->val.binary.data) ? "object" :
			JsonContainerIsArray(v->val.binary.data) ? "array" : "scalar";
	return JsonbTypeName(v);
}

static const char *
jsonb_root_type_name(Jsonb *jb)
{
	JsonbValue	v;

	if (JB_ROOT_IS_SCALAR(jb))
	{
		JsonbExtractScalar(&jb->root, &v);
		return JsonbTypeName(&v);
	}
	return JB_ROOT_IS_OBJECT(jb) ? "object" : "array";
}

static char *
key_list(RowsCache *c)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (int k = 0; k < c->nkeys; k++)
	{
		if (k > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfoString(&buf, c->cols[c->keys[k]].name);
	}
	return buf.data;
}

static char *
column_list(RowsCache *c)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (int i = 0; i < c->ncols; i++)
	{
		if (i > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfoString(&buf, c->cols[i].name);
	}
	return buf.data;
}

static const char *
rows_op_name(RowsOp op)
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
	}
	return "row operation";
}

static char *
arg_model(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("model must not be null"),
				 errhint("Pass the name of a model of the runtime, e.g. 'Asset'; SELECT msm.runtime_tables(); lists them.")));
	return text_to_cstring(PG_GETARG_TEXT_PP(0));
}

/* ---------------------------------------------------------------------
 * The per-model cache
 * ---------------------------------------------------------------------
 */
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
	rc = SPI_execute_with_args("SELECT bc.column_name, bc.default_expr FROM msm.builtin_column bc"
							   " WHERE bc.model_name = $1 AND bc.default_expr IS NOT NULL",
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

static int
rows_column_index(RowsCache *c, const char *name)
{
	for (int i = 0; i < c->ncols; i++)
		if (strcmp(c->cols[i].name, name) == 0)
			return i;
	return -1;
}

static RowsCache *
rows_build_cache(MsmRuntimeModel *m)
{
	MsmRuntime *rt = msm_session_runtime();
	MemoryContext cxt;
	MemoryContext old;
	MemoryContextCallback *cb;
	RowsCache  *c;
	Relation	rel;
	TupleDesc	desc;
	Bitmapset  *pk;
	int			n = 0;

	Assert(rt != NULL);
	rel = try_table_open(m->relid, AccessShareLock);
	if (rel == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("table %s.%s of model %s no longer exists",
						quote_identifier(m->physical_schema),
						quote_identifier(m->table_name), m->model_name),
				 errdetail("The runtime bound the table when msm.start_engine() ran; it was dropped since."),
				 errhint("Run msm.migrate_upgrade() as an admin, then SELECT msm.stop_engine(); and msm.start_engine(...) again.")));

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

		desc = RelationGetDescr(rel);
		pk = RelationGetIndexAttrBitmap(rel, INDEX_ATTR_BITMAP_PRIMARY_KEY);
		c->cols = palloc0(sizeof(RowsColumn) * Max(desc->natts, 1));
		c->sqlcols = palloc0(sizeof(MsmSqlColumn) * Max(desc->natts, 1));
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
			col->typid = att->atttypid;
			col->typmod = att->atttypmod;
			get_typlenbyvalalign(col->typid, &col->typlen, &col->typbyval, &col->typalign);
			getTypeInputInfo(col->typid, &typinput, &col->ioparam);
			fmgr_info_cxt(typinput, &col->input, cxt);
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
		table_close(rel, NoLock);

		c->nkeys = m->n_upsert_keys;
		c->keys = palloc0(sizeof(int) * Max(c->nkeys, 1));
		for (int k = 0; k < m->n_upsert_keys; k++)
		{
			int			i = rows_column_index(c, m->upsert_keys[k]);

			if (i < 0)
				ereport(ERROR,
						(errcode(ERRCODE_UNDEFINED_COLUMN),
						 errmsg("upsert key \"%s\" of model %s is not a column of table %s",
								m->upsert_keys[k], m->model_name, c->qualified),
						 errhint("The table drifted from its model; SELECT * FROM msm.diagnose(); reports the differences.")));
			c->keys[k] = i;
			c->sqlcols[i].is_conflict_key = true;
		}
		if (c->nkeys == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TABLE_DEFINITION),
					 errmsg("model %s has no upsert keys", m->model_name),
					 errhint("Declare the model with upsert_keys => ARRAY[...].")));

		if (m->is_builtin)
			rows_load_builtin_defaults(c, m->model_name);

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

static inline RowsCache *
rows_cache(MsmRuntimeModel *m)
{
	if (likely(m->row_cache != NULL))
		return (RowsCache *) m->row_cache;
	return rows_build_cache(m);
}

static RowsPlan *
rows_plan(RowsCache *c, RowsOp op, const bool *provided)
{
	RowsPlan   *p;
	MemoryContext old;

	for (p = c->plans; p != NULL; p = p->next)
	{
		if (p->op == op &&
			(provided == NULL || memcmp(p->provided, provided, c->ncols) == 0))
			return p;
	}

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
	}
	p->argtypes = palloc(sizeof(Oid) * Max(p->compiled->nparams, 1));
	for (int i = 0; i < p->compiled->nparams; i++)
		p->argtypes[i] = p->compiled->params[i].typid;
	p->next = c->plans;
	c->plans = p;
	MemoryContextSwitchTo(old);
	return p;
}

/* ---------------------------------------------------------------------
 * Execution (SPEC 7.2)
 * ---------------------------------------------------------------------
 */
static void
rows_timeout_handler(void)
{
	rows_timeout_fired = true;
	InterruptPending = true;
	QueryCancelPending = true;
	SetLatch(MyLatch);
}

static void
rows_timeout_error(RowsCache *c, RowsOp op, int timeout_ms)
{
	ereport(ERROR,
			(errcode(ERRCODE_QUERY_CANCELED),
			 errmsg("markets row operation %s on model %s exceeded statement_timeout_ms (%d ms)",
					rows_op_name(op), c->model, timeout_ms),
			 errdetail("The statement on table %s was cancelled; its changes were not applied.",
					   c->qualified),
			 errhint("The limit is the runtime's statement_timeout_ms, taken from msm.default_statement_timeout_ms when msm.start_engine() ran: SET msm.default_statement_timeout_ms to a larger value, then SELECT msm.stop_engine(); and start the engine again.")));
}

static bool
rows_platform(void)
{
	return msm_execution == MSM_EXECUTION_PLATFORM;
}

static void
rows_require_local(const char *function)
{
	if (rows_platform())
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("msm.%s runs in this database only", function),
				 errdetail("A batch is one statement over per-column arrays; msm.execution = platform sends single-row operations to TS Manager."),
				 errhint("SET msm.execution = local; for batches.")));
}

/*
 * msm.execution = platform: POST the operation's compiled-sql.v1 envelope
 * to TS Manager's execute-operation endpoint; returns its answer.
 */
static cJSON *
rows_platform_execute(const char *model, MsmSqlOperation op, Jsonb *arg)
{
	Jsonb	   *envelope;
	cJSON	   *answer;
	cJSON	   *rows;
	cJSON	   *ok;

	if (!msm_http_mode())
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("msm.execution = platform needs a TS Manager endpoint"),
				 errdetail("msm.endpoint is empty: the registry is embedded and there is no platform to run the operation."),
				 errhint("SET msm.execution = local; or have a superuser set msm.endpoint.")));
	envelope = msm_rows_compile(model, op, arg);
	answer = msm_ts_manager_execute(msm_jsonb_to_cjson(JsonbPGetDatum(envelope)));
	rows = cJSON_GetObjectItemCaseSensitive(answer, "rows");
	ok = cJSON_GetObjectItemCaseSensitive(answer, "ok");

	if (!cJSON_IsObject(answer) || !cJSON_IsArray(rows) || (ok != NULL && cJSON_IsFalse(ok)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("TS Manager answered the %s operation on %s without rows",
						msm_sql_operation_name(op), model),
				 errhint("Check TS Manager's execute-operation endpoint.")));
	return answer;
}

/* first row of a platform answer as jsonb, or NULL */
static Jsonb *
rows_platform_first(cJSON *answer)
{
	cJSON	   *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(answer, "rows"), 0);

	if (first == NULL)
		return NULL;
	return DatumGetJsonbP(msm_cjson_to_jsonb(first));
}

/*
 * Run a plan inside an SPI connection, bounded by the runtime's
 * statement_timeout_ms.  Returns the SPI result code.
 */
static int
rows_run(RowsCache *c, RowsPlan *p, RowsOp op, Datum *values, const char *nulls,
		 DestReceiver *dest)
{
	MsmRuntime *rt = msm_session_runtime();
	int			timeout_ms = rt ? rt->statement_timeout_ms : msm_default_statement_timeout_ms;
	bool		armed = false;
	MemoryContext oldcxt = CurrentMemoryContext;
	SPIExecuteOptions options;
	ParamListInfo params = NULL;
	volatile int rc = 0;

	if (p->plan == NULL)
	{
		char	   *sql = msm_compiled_local_sql(p->compiled);
		SPIPlanPtr	plan;

		plan = SPI_prepare_cursor(sql, p->compiled->nparams, p->argtypes,
								  CURSOR_OPT_GENERIC_PLAN);
		if (plan == NULL)
			elog(ERROR, "msm: could not prepare the %s statement of model %s: %s",
				 rows_op_name(op), c->model, SPI_result_code_string(SPI_result));
		if (SPI_keepplan(plan) != 0)
			elog(ERROR, "msm: could not keep the %s plan of model %s", rows_op_name(op), c->model);
		p->plan = plan;
	}

	if (p->compiled->nparams > 0)
	{
		params = makeParamList(p->compiled->nparams);
		for (int i = 0; i < p->compiled->nparams; i++)
		{
			ParamExternData *prm = &params->params[i];

			prm->value = values[i];
			prm->isnull = nulls[i] == 'n';
			prm->pflags = PARAM_FLAG_CONST;
			prm->ptype = p->argtypes[i];
		}
	}
	memset(&options, 0, sizeof(options));
	options.params = params;
	options.read_only = false;
	options.tcount = 0;
	options.dest = dest;

	/* nested operations (a trigger calling the row API) share the outer bound */
	if (timeout_ms > 0 && rows_depth == 0)
	{
		if (!rows_timeout_registered)
		{
			rows_timeout_id = RegisterTimeout(USER_TIMEOUT, rows_timeout_handler);
			rows_timeout_registered = true;
		}
		rows_timeout_fired = false;
		enable_timeout_after(rows_timeout_id, timeout_ms);
		armed = true;
	}
	rows_depth++;
	PG_TRY();
	{
		rc = SPI_execute_plan_extended(p->plan, &options);
	}
	PG_CATCH();
	{
		rows_depth--;
		if (armed)
		{
			disable_timeout(rows_timeout_id, false);
			if (rows_timeout_fired)
			{
				int			code = geterrcode();

				rows_timeout_fired = false;
				QueryCancelPending = false;
				if (code == ERRCODE_QUERY_CANCELED)
				{
					MemoryContextSwitchTo(oldcxt);
					FlushErrorState();
					rows_timeout_error(c, op, timeout_ms);
				}
			}
		}
		PG_RE_THROW();
	}
	PG_END_TRY();
	rows_depth--;
	if (armed)
	{
		disable_timeout(rows_timeout_id, false);
		if (unlikely(rows_timeout_fired))
		{
			/* expired between the end of the statement and here */
			rows_timeout_fired = false;
			QueryCancelPending = false;
			rows_timeout_error(c, op, timeout_ms);
		}
	}
	if (rc < 0)
		elog(ERROR, "msm: %s on model %s failed: %s", rows_op_name(op), c->model,
			 SPI_result_code_string(rc));
	return rc;
}

/*
 * A tuple receiver for statements returning (at most) one row: it turns
 * the row into what the function returns, straight into the caller's
 * memory context (no SPI tuple table).
 */
typedef enum RowsDestMode
{
	ROWS_DEST_JSONB,			/* to_jsonb of the row */
	ROWS_DEST_ASSET				/* (uid, unique_identifier, asset_type) */
} RowsDestMode;

typedef struct RowsDest
{
	DestReceiver pub;
	RowsCache  *cache;
	MemoryContext cxt;
	RowsDestMode mode;
	uint64		count;
	Datum		result;
	Datum		values[3];
	bool		nulls[3];
} RowsDest;

static Datum rows_tuple_jsonb(RowsCache *c, HeapTuple tuple);

static bool
rows_dest_receive(TupleTableSlot *slot, DestReceiver *self)
{
	RowsDest   *d = (RowsDest *) self;
	RowsCache  *c = d->cache;
	MemoryContext old;

	if (d->count++ > 0)
		return true;			/* keys are unique: cannot happen */
	old = MemoryContextSwitchTo(d->cxt);
	if (d->mode == ROWS_DEST_JSONB)
	{
		bool		should_free;
		HeapTuple	tuple = ExecFetchSlotHeapTuple(slot, false, &should_free);

		d->result = rows_tuple_jsonb(c, tuple);
		if (should_free)
			heap_freetuple(tuple);
	}
	else
	{
		int			cols[3] = {c->asset_uid, c->asset_identifier, c->asset_type};

		slot_getallattrs(slot);
		for (int i = 0; i < 3; i++)
		{
			RowsColumn *col = &c->cols[cols[i]];

			d->nulls[i] = slot->tts_isnull[cols[i]];
			d->values[i] = d->nulls[i] ? (Datum) 0 :
				datumCopy(slot->tts_values[cols[i]], col->typbyval, col->typlen);
		}
	}
	MemoryContextSwitchTo(old);
	return true;
}

static void
rows_dest_startup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
}

static void
rows_dest_noop(DestReceiver *self)
{
}

static void
rows_dest_init(RowsDest *d, RowsCache *c, RowsDestMode mode)
{
	memset(d, 0, sizeof(RowsDest));
	d->pub.receiveSlot = rows_dest_receive;
	d->pub.rStartup = rows_dest_startup;
	d->pub.rShutdown = rows_dest_noop;
	d->pub.rDestroy = rows_dest_noop;
	d->pub.mydest = DestNone;
	d->cache = c;
	d->cxt = CurrentMemoryContext;
	d->mode = mode;
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

/* the jsonb of a row of c->rowdesc's shape, in the current context */
static Datum
rows_tuple_jsonb(RowsCache *c, HeapTuple tuple)
{
	Datum		rec = heap_copy_tuple_as_datum(tuple, c->rowdesc);

	if (rows_to_jsonb == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
		FmgrInfo   *f = palloc0(sizeof(FmgrInfo));

		fmgr_info_cxt(F_TO_JSONB, f, TopMemoryContext);
		f->fn_expr = (Node *) makeFuncExpr(F_TO_JSONB, JSONBOID,
										   list_make1(makeNullConst(RECORDOID, -1, InvalidOid)),
										   InvalidOid, InvalidOid, COERCE_EXPLICIT_CALL);
		rows_to_jsonb = f;
		MemoryContextSwitchTo(old);
	}
	return FunctionCall1(rows_to_jsonb, rec);
}

/* ---------------------------------------------------------------------
 * Reading JSON input
 * ---------------------------------------------------------------------
 */
static void
rows_value_context(void *arg)
{
	RowsValueContext *ctx = (RowsValueContext *) arg;

	if (ctx->col == NULL)
		return;
	if (ctx->element >= 0)
		errcontext("column \"%s\" of model %s, rows element %d",
				   ctx->col->name, ctx->cache->model, ctx->element);
	else
		errcontext("column \"%s\" of model %s", ctx->col->name, ctx->cache->model);
}

/* text form of a JSON value for an input function */
static char *
rows_value_cstring(JsonbValue *v, bool as_json)
{
	switch (v->type)
	{
		case jbvString:
			if (as_json)
			{
				StringInfoData buf;

				initStringInfo(&buf);
				escape_json(&buf, pnstrdup(v->val.string.val, v->val.string.len));
				return buf.data;
			}
			return pnstrdup(v->val.string.val, v->val.string.len);
		case jbvNumeric:
			return DatumGetCString(DirectFunctionCall1(numeric_out,
													   NumericGetDatum(v->val.numeric)));
		case jbvBool:
			return pstrdup(v->val.boolean ? "true" : "false");
		case jbvBinary:
			return JsonbToCString(NULL, v->val.binary.data, v->val.binary.len);
		default:
			elog(ERROR, "msm: unexpected JSON value type %d", (int) v->type);
	}
	return NULL;				/* keep compiler quiet */
}

static Datum
rows_value_datum(RowsCache *c, RowsColumn *col, JsonbValue *v, bool *isnull)
{
	if (v->type == jbvNull)
	{
		*isnull = true;
		return (Datum) 0;
	}
	*isnull = false;
	if (v->type == jbvBinary && col->kind == ROWS_VALUE_TEXT)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"%s\" of model %s is of type %s and cannot take a JSON %s",
						col->name, c->model, format_type_with_typemod(col->typid, col->typmod),
						json_type_name(v)),
				 errhint("Pass a JSON string, number or boolean; objects and arrays fit json and jsonb columns only.")));
	if (col->kind == ROWS_VALUE_JSONB)
		return JsonbPGetDatum(JsonbValueToJsonb(v));
	return InputFunctionCall(&col->input,
							 rows_value_cstring(v, col->kind == ROWS_VALUE_JSON),
							 col->ioparam, col->typmod);
}

static int
rows_find_column(RowsCache *c, const char *key, int len, int guess)
{
	if (guess >= 0 && guess < c->ncols && c->cols[guess].name_len == len &&
		memcmp(c->cols[guess].name, key, len) == 0)
		return guess;
	for (int i = 0; i < c->ncols; i++)
	{
		if (c->cols[i].name_len == len && memcmp(c->cols[i].name, key, len) == 0)
			return i;
	}
	return -1;
}

static void
rows_input_init(RowsCache *c, RowsInput *in)
{
	in->provided = palloc0(c->ncols);
	in->jv = palloc(sizeof(JsonbValue) * Max(c->ncols, 1));
	in->values = palloc0(sizeof(Datum) * Max(c->ncols, 1));
	in->nulls = palloc0(sizeof(bool) * Max(c->ncols, 1));
}

/*
 * Match the keys of a JSON object to columns (in->provided, in->jv).
 * Unknown keys are one error naming all of them.  guess (may be NULL)
 * remembers the column of each key position between calls.
 */
static void
rows_match_object(RowsCache *c, JsonbContainer *obj, RowsInput *in,
				  int *guess, int element, const char *what)
{
	JsonbIterator *it = JsonbIteratorInit(obj);
	JsonbValue	k;
	JsonbValue	v;
	JsonbIteratorToken tok;
	StringInfoData unknown;
	int			nunknown = 0;
	int			pos = 0;

	memset(in->provided, 0, c->ncols);
	while ((tok = JsonbIteratorNext(&it, &k, true)) != WJB_DONE)
	{
		int			i;

		if (tok != WJB_KEY)
			continue;
		tok = JsonbIteratorNext(&it, &v, true);
		Assert(tok == WJB_VALUE);
		i = rows_find_column(c, k.val.string.val, k.val.string.len,
							 guess && pos < c->ncols ? guess[pos] : -1);
		if (guess && pos < c->ncols)
			guess[pos] = i;
		pos++;
		if (i < 0)
		{
			if (nunknown++ == 0)
				initStringInfo(&unknown);
			else
				appendStringInfoString(&unknown, ", ");
			append_quoted(&unknown, k.val.string.val, k.val.string.len);
			continue;
		}
		in->provided[i] = true;
		in->jv[i] = v;
	}
	if (nunknown > 0)
	{
		if (element >= 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("rows element %d has unknown %s for model %s: %s",
							element, nunknown == 1 ? "key" : "keys", c->model, unknown.data),
					 errdetail("Table %s has the columns %s.", c->qualified, column_list(c)),
					 errhint("Keys of %s must be column names of table %s.", what, c->qualified)));
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("unknown %s in %s for model %s: %s",
						nunknown == 1 ? "key" : "keys", what, c->model, unknown.data),
				 errdetail("Table %s has the columns %s.", c->qualified, column_list(c)),
				 errhint("Keys of %s must be column names of table %s.", what, c->qualified)));
	}
}

/* every upsert key present and not null */
static void
rows_check_keys(RowsCache *c, RowsInput *in, int element, const char *what)
{
	StringInfoData missing;
	int			nmissing = 0;

	for (int k = 0; k < c->nkeys; k++)
	{
		int			i = c->keys[k];

		if (!in->provided[i])
		{
			if (nmissing++ == 0)
				initStringInfo(&missing);
			else
				appendStringInfoString(&missing, ", ");
			append_quoted(&missing, c->cols[i].name, c->cols[i].name_len);
		}
	}
	if (nmissing > 0)
	{
		if (element >= 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("rows element %d lacks upsert %s %s of model %s",
							element, nmissing == 1 ? "key" : "keys", missing.data, c->model),
					 errdetail("Model %s is keyed by (%s).", c->model, key_list(c)),
					 errhint("Give every upsert key in every row.")));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s lacks upsert %s %s of model %s",
						what, nmissing == 1 ? "key" : "keys", missing.data, c->model),
				 errdetail("Model %s is keyed by (%s).", c->model, key_list(c)),
				 errhint("Add the missing %s to the %s.", nmissing == 1 ? "key" : "keys", what)));
	}
	for (int k = 0; k < c->nkeys; k++)
	{
		int			i = c->keys[k];

		if (in->jv[i].type == jbvNull)
		{
			if (element >= 0)
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("upsert key \"%s\" of model %s is null in rows element %d",
								c->cols[i].name, c->model, element),
						 errdetail("Rows are matched on (%s); a null key matches no row.", key_list(c)),
						 errhint("Give a non-null value for every upsert key.")));
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("upsert key \"%s\" of model %s must not be null", c->cols[i].name, c->model),
					 errdetail("Rows are matched on (%s); a null key matches no row.", key_list(c)),
					 errhint("Give a non-null value for every upsert key.")));
		}
	}
}

/* convert the provided values through their input functions */
static void
rows_convert(RowsCache *c, RowsInput *in, int element)
{
	RowsValueContext ctx;
	ErrorContextCallback cb;

	ctx.cache = c;
	ctx.col = NULL;
	ctx.element = element;
	cb.callback = rows_value_context;
	cb.arg = &ctx;
	cb.previous = error_context_stack;
	error_context_stack = &cb;
	for (int i = 0; i < c->ncols; i++)
	{
		if (!in->provided[i])
			continue;
		ctx.col = &c->cols[i];
		in->values[i] = rows_value_datum(c, &c->cols[i], &in->jv[i], &in->nulls[i]);
	}
	error_context_stack = cb.previous;
}

static const char *rows_example(RowsCache *c);

/* the row or key argument: a JSON object */
static Jsonb *
rows_arg_object(FunctionCallInfo fcinfo, int argno, const char *what,
				RowsCache *c)
{
	Jsonb	   *jb;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", what),
				 errhint("Pass the %s as a JSON object, e.g. '%s'.", what, rows_example(c))));
	jb = PG_GETARG_JSONB_P(argno);
	if (!JB_ROOT_IS_OBJECT(jb))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a JSON object", what),
				 errdetail("Got a JSON %s.", jsonb_root_type_name(jb)),
				 errhint("Pass the %s as a JSON object, e.g. '%s'.", what, rows_example(c))));
	return jb;
}

/* a row: keys matched, checked and converted */
static void
rows_read_row(RowsCache *c, Jsonb *row, RowsInput *in)
{
	rows_input_init(c, in);
	rows_match_object(c, &row->root, in, NULL, -1, "row");
	rows_check_keys(c, in, -1, "row");
	rows_convert(c, in, -1);
}

/* a key: exactly the upsert keys */
static void
rows_read_key(RowsCache *c, Jsonb *key, RowsInput *in)
{
	StringInfoData extra;
	int			nextra = 0;

	rows_input_init(c, in);
	rows_match_object(c, &key->root, in, NULL, -1, "key");
	for (int i = 0; i < c->ncols; i++)
	{
		bool		is_key = false;

		if (!in->provided[i])
			continue;
		for (int k = 0; k < c->nkeys && !is_key; k++)
			is_key = c->keys[k] == i;
		if (is_key)
			continue;
		if (nextra++ == 0)
			initStringInfo(&extra);
		else
			appendStringInfoString(&extra, ", ");
		append_quoted(&extra, c->cols[i].name, c->cols[i].name_len);
	}
	if (nextra > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("key of model %s may only name its upsert keys, not %s", c->model, extra.data),
				 errdetail("Model %s is keyed by (%s).", c->model, key_list(c)),
				 errhint("Pass exactly the upsert keys, e.g. '{\"%s\": ...}'.",
						 c->cols[c->keys[0]].name)));
	rows_check_keys(c, in, -1, "key");
	rows_convert(c, in, -1);
}

static const char *
rows_example(RowsCache *c)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (int k = 0; k < c->nkeys; k++)
	{
		if (k > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfo(&buf, "\"%s\": ...", c->cols[c->keys[k]].name);
	}
	appendStringInfoChar(&buf, '}');
	return buf.data;
}

/* ---------------------------------------------------------------------
 * msm.upsert(model, row) / msm.get(model, key) / msm.delete(model, key)
 * ---------------------------------------------------------------------
 */

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

static void
rows_call_begin(FunctionCallInfo fcinfo, RowsOp op, RowsCall *call)
{
	RowsInput	in;

	call->model = arg_model(fcinfo);
	call->cache = rows_cache(msm_runtime_require(call->model));
	call->arg = rows_arg_object(fcinfo, 1, op == ROWS_UPSERT ? "row" : "key", call->cache);
	if (op == ROWS_UPSERT)
	{
		rows_read_row(call->cache, call->arg, &in);
		call->plan = rows_plan(call->cache, op, in.provided);
	}
	else
	{
		rows_read_key(call->cache, call->arg, &in);
		call->plan = rows_plan(call->cache, op, NULL);
	}
	call->values = palloc(sizeof(Datum) * Max(call->plan->compiled->nparams, 1));
	call->nulls = palloc(Max(call->plan->compiled->nparams, 1));
	rows_params(call->plan, &in, call->values, call->nulls);
}

/* run the operation in this database; returns the rows it processed */
static uint64
rows_call_local(RowsCall *call, RowsOp op, DestReceiver *dest)
{
	uint64		processed;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "msm: SPI_connect failed");
	rows_run(call->cache, call->plan, op, call->values, call->nulls, dest);
	processed = SPI_processed;
	SPI_finish();
	return processed;
}

Datum
msm_row_upsert(PG_FUNCTION_ARGS)
{
	RowsCall	call;
	RowsDest	dest;

	rows_call_begin(fcinfo, ROWS_UPSERT, &call);
	if (rows_platform())
	{
		Jsonb	   *stored = rows_platform_first(rows_platform_execute(call.model, MSM_SQL_UPSERT, call.arg));

		if (stored == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("TS Manager returned no row for the upsert on %s", call.model)));
		PG_RETURN_JSONB_P(stored);
	}

	rows_dest_init(&dest, call.cache, ROWS_DEST_JSONB);
	(void) rows_call_local(&call, ROWS_UPSERT, &dest.pub);
	if (dest.count != 1)
		elog(ERROR, "msm: upsert on model %s returned %llu rows", call.cache->model,
			 (unsigned long long) dest.count);
	PG_RETURN_DATUM(dest.result);
}

Datum
msm_row_get(PG_FUNCTION_ARGS)
{
	RowsCall	call;
	RowsDest	dest;

	rows_call_begin(fcinfo, ROWS_GET, &call);
	if (rows_platform())
	{
		Jsonb	   *found = rows_platform_first(rows_platform_execute(call.model, MSM_SQL_SELECT, call.arg));

		if (found == NULL)
			PG_RETURN_NULL();
		PG_RETURN_JSONB_P(found);
	}

	rows_dest_init(&dest, call.cache, ROWS_DEST_JSONB);
	(void) rows_call_local(&call, ROWS_GET, &dest.pub);
	if (dest.count == 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(dest.result);
}

Datum
msm_row_delete(PG_FUNCTION_ARGS)
{
	RowsCall	call;

	rows_call_begin(fcinfo, ROWS_DELETE, &call);
	if (rows_platform())
	{
		cJSON	   *answer = rows_platform_execute(call.model, MSM_SQL_DELETE, call.arg);
		cJSON	   *count = cJSON_GetObjectItemCaseSensitive(answer, "row_count");

		PG_RETURN_BOOL((count && cJSON_IsNumber(count) && count->valuedouble > 0) ||
					   cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(answer, "rows")) > 0);
	}
	PG_RETURN_BOOL(rows_call_local(&call, ROWS_DELETE, NULL) > 0);
}

/* ---------------------------------------------------------------------
 * msm.upsert_many(model, rows)
 *
 * Every element must be an object giving the same columns (the first
 * element decides; a batch is one statement with one SET list).  Values
 * are converted in C, a key repeated in the batch keeps its last row
 * (hash on the binary key values: ON CONFLICT DO UPDATE cannot touch a row
 * twice), and the survivors go as one array per column to
 *   INSERT ... SELECT ... FROM unnest($1, $2, ...) ON CONFLICT ...
 * ---------------------------------------------------------------------
 */
typedef struct RowsBatch
{
	int			nrows;
	Datum	  **values;			/* [column][row] for provided columns */
	bool	  **nulls;
	uint32	   *hashes;
} RowsBatch;

static uint32
rows_datum_hash(RowsColumn *col, Datum d)
{
	if (col->typbyval)
		return hash_bytes((const unsigned char *) &d, sizeof(Datum));
	if (col->typlen > 0)
		return hash_bytes((const unsigned char *) DatumGetPointer(d), col->typlen);
	if (col->typlen == -1)
	{
		struct varlena *v = (struct varlena *) DatumGetPointer(d);

		return hash_bytes((const unsigned char *) VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
	}
	return hash_bytes((const unsigned char *) DatumGetCString(d), strlen(DatumGetCString(d)));
}

static bool
rows_datum_equal(RowsColumn *col, Datum a, Datum b)
{
	if (col->typbyval)
		return a == b;
	if (col->typlen > 0)
		return memcmp(DatumGetPointer(a), DatumGetPointer(b), col->typlen) == 0;
	if (col->typlen == -1)
	{
		struct varlena *x = (struct varlena *) DatumGetPointer(a);
		struct varlena *y = (struct varlena *) DatumGetPointer(b);

		return VARSIZE_ANY_EXHDR(x) == VARSIZE_ANY_EXHDR(y) &&
			memcmp(VARDATA_ANY(x), VARDATA_ANY(y), VARSIZE_ANY_EXHDR(x)) == 0;
	}
	return strcmp(DatumGetCString(a), DatumGetCString(b)) == 0;
}

static bool
rows_keys_equal(RowsCache *c, RowsBatch *b, int r1, int r2)
{
	for (int k = 0; k < c->nkeys; k++)
	{
		int			i = c->keys[k];

		if (!rows_datum_equal(&c->cols[i], b->values[i][r1], b->values[i][r2]))
			return false;
	}
	return true;
}

/*
 * Keep the last row of each key: returns the number of survivors and
 * compacts the column arrays in place (original order of the survivors).
 */
static int
rows_dedupe(RowsCache *c, RowsBatch *b, const bool *provided)
{
	int			n = b->nrows;
	uint32		size = 16;
	uint32		mask;
	int		   *slots;
	bool	   *keep;
	int			m = 0;

	while (size < (uint32) n * 2)
		size <<= 1;
	mask = size - 1;
	slots = palloc(sizeof(int) * size);
	memset(slots, -1, sizeof(int) * size);
	keep = palloc0(n);

	for (int r = 0; r < n; r++)
	{
		uint32		h = 0;
		uint32		idx;

		for (int k = 0; k < c->nkeys; k++)
		{
			int			i = c->keys[k];

			h = hash_combine(h, rows_datum_hash(&c->cols[i], b->values[i][r]));
		}
		b->hashes[r] = h;
		idx = h & mask;
		for (;;)
		{
			int			s = slots[idx];

			if (s < 0)
			{
				slots[idx] = r;
				keep[r] = true;
				break;
			}
			if (b->hashes[s] == h && rows_keys_equal(c, b, s, r))
			{
				/* a later row with the same key wins */
				slots[idx] = r;
				keep[s] = false;
				keep[r] = true;
				break;
			}
			idx = (idx + 1) & mask;
		}
	}

	for (int r = 0; r < n; r++)
	{
		if (!keep[r])
			continue;
		if (m != r)
		{
			for (int i = 0; i < c->ncols; i++)
			{
				if (!provided[i])
					continue;
				b->values[i][m] = b->values[i][r];
				b->nulls[i][m] = b->nulls[i][r];
			}
		}
		m++;
	}
	pfree(slots);
	pfree(keep);
	return m;
}

Datum
msm_row_upsert_many(PG_FUNCTION_ARGS)
{
	char	   *model = arg_model(fcinfo);
	MsmRuntimeModel *m = msm_runtime_require(model);
	RowsCache  *c = rows_cache(m);
	Jsonb	   *rows;
	MemoryContext batch_cxt;
	MemoryContext old;
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	RowsInput	in;
	RowsBatch	b;
	bool	   *provided = NULL;
	int		   *guess;
	int			n;
	int			r = 0;
	int			survivors;
	RowsPlan   *p;
	Datum	   *values;
	char	   *nulls;
	uint64		count;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("rows must not be null"),
				 errhint("Pass a JSON array of row objects, e.g. '[{\"unique_identifier\": \"AAPL\"}]'.")));
	rows = PG_GETARG_JSONB_P(1);
	if (!JB_ROOT_IS_ARRAY(rows) || JB_ROOT_IS_SCALAR(rows))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rows must be a JSON array of objects"),
				 errdetail("Got a JSON %s.", jsonb_root_type_name(rows)),
				 errhint("Pass a JSON array of row objects, e.g. '[{\"unique_identifier\": \"AAPL\"}]'.")));
	n = JB_ROOT_COUNT(rows);
	if (n == 0)
		PG_RETURN_INT64(0);

	batch_cxt = AllocSetContextCreate(CurrentMemoryContext, "msm upsert_many",
									  ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(batch_cxt);

	rows_input_init(c, &in);
	guess = palloc(sizeof(int) * Max(c->ncols, 1));
	for (int i = 0; i < c->ncols; i++)
		guess[i] = -1;
	b.nrows = n;
	b.values = palloc0(sizeof(Datum *) * c->ncols);
	b.nulls = palloc0(sizeof(bool *) * c->ncols);
	b.hashes = palloc(sizeof(uint32) * n);

	it = JsonbIteratorInit(&rows->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		if (tok != WJB_ELEM)
			continue;
		if (v.type != jbvBinary || !JsonContainerIsObject(v.val.binary.data))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("rows element %d is not a JSON object", r),
					 errdetail("Got a JSON %s.", json_type_name(&v)),
					 errhint("Pass a JSON array of row objects, e.g. '[{\"unique_identifier\": \"AAPL\"}]'.")));
		rows_match_object(c, v.val.binary.data, &in, guess, r, "rows");
		if (provided == NULL)
		{
			rows_check_keys(c, &in, r, "rows element");
			provided = palloc(c->ncols);
			memcpy(provided, in.provided, c->ncols);
			for (int i = 0; i < c->ncols; i++)
			{
				if (!provided[i])
					continue;
				b.values[i] = palloc(sizeof(Datum) * n);
				b.nulls[i] = palloc(sizeof(bool) * n);
			}
		}
		else if (memcmp(provided, in.provided, c->ncols) != 0)
		{
			StringInfoData diff;
			bool		first = true;

			initStringInfo(&diff);
			for (int i = 0; i < c->ncols; i++)
			{
				if (provided[i] == in.provided[i])
					continue;
				appendStringInfo(&diff, "%s%s \"%s\"", first ? "" : ", ",
								 provided[i] ? "lacks" : "adds", c->cols[i].name);
				first = false;
			}
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("rows element %d does not give the same columns as rows element 0", r),
					 errdetail("Compared with element 0 it %s.", diff.data),
					 errhint("Give every row the same keys (use null for an explicit NULL); one batch is one statement with one SET list.")));
		}
		else
			rows_check_keys(c, &in, r, "rows element");

		rows_convert(c, &in, r);
		for (int i = 0; i < c->ncols; i++)
		{
			if (!provided[i])
				continue;
			b.values[i][r] = in.values[i];
			b.nulls[i][r] = in.nulls[i];
		}
		r++;
	}
	Assert(r == n);

	survivors = rows_dedupe(c, &b, provided);

	p = rows_plan(c, ROWS_UPSERT_MANY, provided);
	values = palloc(sizeof(Datum) * Max(p->compiled->nparams, 1));
	nulls = palloc(Max(p->compiled->nparams, 1));
	for (int k = 0; k < p->compiled->nparams; k++)
	{
		RowsColumn *col = &c->cols[p->compiled->params[k].column];
		int			i = p->compiled->params[k].column;
		int			dims[1] = {survivors};
		int			lbs[1] = {1};

		values[k] = PointerGetDatum(construct_md_array(b.values[i], b.nulls[i], 1, dims, lbs,
													   col->typid, col->typlen,
													   col->typbyval, col->typalign));
		nulls[k] = ' ';
	}
	rows_require_local("upsert_many");

	MemoryContextSwitchTo(old);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "msm: SPI_connect failed");
	rows_run(c, p, ROWS_UPSERT_MANY, values, nulls, NULL);
	count = SPI_processed;
	SPI_finish();
	MemoryContextDelete(batch_cxt);
	PG_RETURN_INT64((int64) count);
}

/* ---------------------------------------------------------------------
 * msm.upsert_asset(unique_identifier, asset_type)
 *
 * The typed Asset upsert, on the same templates as msm.upsert('Asset',
 * ...): asset_type given -> {unique_identifier, asset_type}; asset_type
 * NULL -> {unique_identifier} (not provided: an existing row keeps its
 * asset_type, a new row gets NULL).  Values are checked here and passed
 * as they are (text is binary-compatible with the varchar columns).
 * ---------------------------------------------------------------------
 */
static inline bool
is_ascii_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

static text *
normalize_asset_type(text *in)
{
	const char *s = VARDATA_ANY(in);
	int			len = VARSIZE_ANY_EXHDR(in);
	char	   *low;
	text	   *out;
	char	   *d;
	bool		ascii = true;
	bool		in_space = false;
	int			chars;

	while (len > 0 && is_ascii_space(*s))
		s++, len--;
	while (len > 0 && is_ascii_space(s[len - 1]))
		len--;
	if (len == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("asset_type must not be empty"),
				 errdetail("asset_type is empty after normalization (trim, lowercase, whitespace runs to \"_\")."),
				 errhint("Pass NULL for an unclassified asset, or a type code such as 'equity'.")));

	for (int i = 0; i < len; i++)
	{
		if (IS_HIGHBIT_SET(s[i]))
		{
			ascii = false;
			break;
		}
	}
	if (ascii)
	{
		low = palloc(len + 1);
		for (int i = 0; i < len; i++)
			low[i] = pg_ascii_tolower((unsigned char) s[i]);
		low[len] = '\0';
	}
	else
	{
		low = str_tolower(s, len, DEFAULT_COLLATION_OID);
		len = strlen(low);
	}

	out = (text *) palloc(VARHDRSZ + len);
	d = VARDATA(out);
	for (int i = 0; i < len; i++)
	{
		if (is_ascii_space(low[i]))
		{
			if (!in_space)
				*d++ = '_';
			in_space = true;
		}
		else
		{
			*d++ = low[i];
			in_space = false;
		}
	}
	SET_VARSIZE(out, VARHDRSZ + (d - VARDATA(out)));

	chars = ascii ? (int) (d - VARDATA(out)) :
		pg_mbstrlen_with_len(VARDATA(out), d - VARDATA(out));
	if (chars > ASSET_TYPE_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
				 errmsg("asset_type is too long"),
				 errdetail("After normalization it has %d characters; at most %d are allowed.",
						   chars, ASSET_TYPE_MAX),
				 errhint("Use a shorter asset type code.")));
	return out;
}

static void
check_unique_identifier(text *t)
{
	const char *s = VARDATA_ANY(t);
	int			len = VARSIZE_ANY_EXHDR(t);
	int			i;

	for (i = 0; i < len && is_ascii_space(s[i]); i++)
		;
	if (i == len)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unique_identifier must not be empty"),
				 errdetail(len == 0 ? "It is the empty string." : "It contains only whitespace."),
				 errhint("Pass the asset's unique identifier (1 to %d characters), e.g. 'AAPL'.",
						 ASSET_IDENTIFIER_MAX)));
	if (len > ASSET_IDENTIFIER_MAX)
	{
		int			chars = pg_mbstrlen_with_len(s, len);

		if (chars > ASSET_IDENTIFIER_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
					 errmsg("unique_identifier is too long"),
					 errdetail("It has %d characters; at most %d are allowed.",
							   chars, ASSET_IDENTIFIER_MAX),
					 errhint("Use an identifier of 1 to %d characters.", ASSET_IDENTIFIER_MAX)));
	}
}

static void
rows_asset_prepare(RowsCache *c, FunctionCallInfo fcinfo)
{
	bool	   *provided;
	TupleDesc	desc;
	MemoryContext old;

	c->asset_uid = rows_column_index(c, "uid");
	c->asset_identifier = rows_column_index(c, "unique_identifier");
	c->asset_type = rows_column_index(c, "asset_type");
	if (c->asset_uid < 0 || c->asset_identifier < 0 || c->asset_type < 0 ||
		c->nkeys != 1 || c->keys[0] != c->asset_identifier)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TABLE_DEFINITION),
				 errmsg("table %s of model Asset does not have the built-in Asset shape", c->qualified),
				 errdetail("msm.upsert_asset needs the columns uid, unique_identifier and asset_type, keyed by unique_identifier."),
				 errhint("SELECT * FROM msm.diagnose(); reports the differences.")));
	provided = palloc0(c->ncols);
	provided[c->asset_identifier] = true;
	c->asset_plan[0] = rows_plan(c, ROWS_UPSERT, provided);
	provided[c->asset_type] = true;
	c->asset_plan[1] = rows_plan(c, ROWS_UPSERT, provided);
	pfree(provided);

	/* the result row type (msm.asset_row), kept for the session */
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "msm: upsert_asset must return a composite type");
	old = MemoryContextSwitchTo(c->cxt);
	c->asset_desc = BlessTupleDesc(CreateTupleDescCopy(desc));
	MemoryContextSwitchTo(old);
}

Datum
msm_upsert_asset(PG_FUNCTION_ARGS)
{
	MsmRuntimeModel *m = msm_runtime_require("Asset");
	RowsCache  *c = rows_cache(m);
	text	   *ident;
	text	   *atype = NULL;
	RowsPlan   *p;
	Datum		values[2];
	char		nulls[2] = {' ', ' '};
	RowsDest	dest;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("unique_identifier must not be null"),
				 errhint("Pass the asset's unique identifier (1 to %d characters), e.g. 'AAPL'.",
						 ASSET_IDENTIFIER_MAX)));
	ident = PG_GETARG_TEXT_PP(0);
	check_unique_identifier(ident);
	if (!PG_ARGISNULL(1))
		atype = normalize_asset_type(PG_GETARG_TEXT_PP(1));

	if (unlikely(c->asset_plan[0] == NULL))
		rows_asset_prepare(c, fcinfo);

	/* parameters in statement order (table order of the provided columns) */
	p = c->asset_plan[atype != NULL];
	for (int i = 0; i < p->compiled->nparams; i++)
		values[i] = p->compiled->params[i].column == c->asset_identifier ?
			PointerGetDatum(ident) : PointerGetDatum(atype);
	if (rows_platform())
	{
		JsonbParseState *state = NULL;
		JsonbValue	k, v;
		Jsonb	   *row;
		Jsonb	   *stored;
		Datum		out[3];
		bool		outnull[3] = {false, false, false};
		static const char *const fields[] = {"uid", "unique_identifier", "asset_type"};

		pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
		k.type = jbvString;
		k.val.string.val = "unique_identifier";
		k.val.string.len = strlen(k.val.string.val);
		pushJsonbValue(&state, WJB_KEY, &k);
		v.type = jbvString;
		v.val.string.val = VARDATA_ANY(ident);
		v.val.string.len = VARSIZE_ANY_EXHDR(ident);
		pushJsonbValue(&state, WJB_VALUE, &v);
		if (atype != NULL)
		{
			k.val.string.val = "asset_type";
			k.val.string.len = strlen(k.val.string.val);
			pushJsonbValue(&state, WJB_KEY, &k);
			v.val.string.val = VARDATA_ANY(atype);
			v.val.string.len = VARSIZE_ANY_EXHDR(atype);
			pushJsonbValue(&state, WJB_VALUE, &v);
		}
		row = JsonbValueToJsonb(pushJsonbValue(&state, WJB_END_OBJECT, NULL));
		stored = rows_platform_first(rows_platform_execute("Asset", MSM_SQL_UPSERT, row));
		if (stored == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("TS Manager returned no row for upsert_asset")));
		for (int i = 0; i < 3; i++)
		{
			JsonbValue *f = getKeyJsonValueFromContainer(&stored->root, fields[i], strlen(fields[i]), NULL);

			if (f == NULL || f->type != jbvString)
			{
				outnull[i] = true;
				out[i] = (Datum) 0;
				continue;
			}
			out[i] = i == 0 ?
				DirectFunctionCall1(uuid_in, CStringGetDatum(pnstrdup(f->val.string.val, f->val.string.len))) :
				PointerGetDatum(cstring_to_text_with_len(f->val.string.val, f->val.string.len));
		}
		PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(c->asset_desc, out, outnull)));
	}

	rows_dest_init(&dest, c, ROWS_DEST_ASSET);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "msm: SPI_connect failed");
	rows_run(c, p, ROWS_UPSERT, values, nulls, &dest.pub);
	SPI_finish();
	if (dest.count != 1)
		elog(ERROR, "msm: upsert_asset returned %llu rows", (unsigned long long) dest.count);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(c->asset_desc, dest.values, dest.nulls)));
}

/* ---------------------------------------------------------------------
 * compile_* (SPEC 7.1)
 * ---------------------------------------------------------------------
 */

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
	MsmRuntimeModel *m = msm_runtime_require(model);
	MsmRuntime *rt = msm_session_runtime();
	RowsCache  *c = rows_cache(m);
	RowsInput	in;
	RowsPlan   *p;
	JsonbValue **values;

	switch (op)
	{
		case MSM_SQL_UPSERT:
			rows_read_row(c, arg, &in);
			p = rows_plan(c, ROWS_UPSERT, in.provided);
			break;
		case MSM_SQL_SELECT:
			rows_read_key(c, arg, &in);
			p = rows_plan(c, ROWS_GET, NULL);
			break;
		case MSM_SQL_DELETE:
			rows_read_key(c, arg, &in);
			p = rows_plan(c, ROWS_DELETE, NULL);
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
	char	   *model = arg_model(fcinfo);
	RowsCache  *c = rows_cache(msm_runtime_require(model));
	Jsonb	   *arg = rows_arg_object(fcinfo, 1, op == MSM_SQL_UPSERT ? "row" : "key", c);

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
