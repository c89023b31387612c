/*-------------------------------------------------------------------------
 *
 * rows_exec.c
 *	  Execution of row operations (doc/rows.md, "Execution and limits").
 *
 * Every operation runs its compiled statement (compiled_sql.h) through SPI
 * with the caller's rights: the functions are not SECURITY DEFINER, table
 * privileges decide.
 *
 * Limits.  statement_timeout_ms of the runtime bounds each operation: a
 * USER_TIMEOUT armed around the SPI execution (around the whole call for a
 * batch: conversion, sort and every chunk, doc/rows.md, "Large batches")
 * cancels it, and the cancel is reported as an msm error (SQLSTATE 57014).
 * PostgreSQL's own statement_timeout cancelling a batch keeps its error,
 * with a hint added.  max_rows bounds the rows
 * an operation returns: get and upsert return at most one row (keys are
 * unique), upsert_many and delete return counts, so locally it never
 * truncates anything; it travels in the envelope (rows_compile.c).
 *
 * msm.execution = platform sends single-row operations to TS Manager as
 * compiled-sql.v1 envelopes (rows_platform.c).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/params.h"
#include "nodes/pg_list.h"
#include "storage/latch.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/timeout.h"

#include "compiled_sql.h"
#include "msm.h"
#include "rows_settings.h"
#include "rows_compile.h"
#include "rows_exec.h"
#include "rows_json.h"
#include "rows_plan.h"
#include "runtime.h"

/* session state */
static FmgrInfo *rows_to_jsonb = NULL;
static volatile sig_atomic_t rows_timeout_fired = false;
static bool rows_timeout_registered = false;
static TimeoutId rows_timeout_id;
static int	rows_depth = 0;

/* ---------------------------------------------------------------------
 * Local execution, bounded by statement_timeout_ms
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
	if (op == ROWS_UPSERT_FROM)
		ereport(ERROR,
				(errcode(ERRCODE_QUERY_CANCELED),
				 errmsg("markets row operation %s on model %s exceeded statement_timeout_ms (%d ms)",
						msm_rows_op_name(op), c->model, timeout_ms),
				 errdetail("The upsert from the source into table %s was cancelled; none of its rows were written.",
						   c->qualified),
				 errhint("The runtime's statement_timeout_ms (from msm.default_statement_timeout_ms when msm.start_engine() ran) bounds the whole statement: SET msm.default_statement_timeout_ms to a larger value, then SELECT msm.stop_engine(); and start the engine again, or upsert the staging table in smaller loads.")));
	if (op == ROWS_UPSERT_MANY)
		ereport(ERROR,
				(errcode(ERRCODE_QUERY_CANCELED),
				 errmsg("markets row operation %s on model %s exceeded statement_timeout_ms (%d ms)",
						msm_rows_op_name(op), c->model, timeout_ms),
				 errdetail("The batch on table %s was cancelled; none of its rows were written.",
						   c->qualified),
				 errhint("The runtime's statement_timeout_ms (from msm.default_statement_timeout_ms when msm.start_engine() ran) bounds the whole batch: split it into smaller batches, or SET msm.default_statement_timeout_ms to a larger value, then SELECT msm.stop_engine(); and start the engine again; for millions of rows, COPY them into a staging table and use msm.upsert_from().")));
	ereport(ERROR,
			(errcode(ERRCODE_QUERY_CANCELED),
			 errmsg("markets row operation %s on model %s exceeded statement_timeout_ms (%d ms)",
					msm_rows_op_name(op), c->model, timeout_ms),
			 errdetail("The statement on table %s was cancelled; its changes were not applied.",
					   c->qualified),
			 errhint("The limit is the runtime's statement_timeout_ms, taken from msm.default_statement_timeout_ms when msm.start_engine() ran: SET msm.default_statement_timeout_ms to a larger value, then SELECT msm.stop_engine(); and start the engine again.")));
}

/* prepare and keep the plan of a template on its first local run */
static void
rows_prepare(RowsCache *c, RowsPlan *p)
{
	char	   *sql = msm_compiled_local_sql(p->compiled);
	SPIPlanPtr	plan;

	plan = SPI_prepare_cursor(sql, p->compiled->nparams, p->argtypes,
							  CURSOR_OPT_GENERIC_PLAN);
	if (plan == NULL)
		elog(ERROR, "msm: could not prepare the %s statement of model %s: %s",
			 msm_rows_op_name(p->op), c->model, SPI_result_code_string(SPI_result));
	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "msm: could not keep the %s plan of model %s", msm_rows_op_name(p->op), c->model);
	p->plan = plan;
}

/* the parameter values of a plan as constant external parameters */
static ParamListInfo
rows_param_list(RowsPlan *p, Datum *values, const char *nulls)
{
	ParamListInfo params;

	if (p->compiled->nparams == 0)
		return NULL;
	params = makeParamList(p->compiled->nparams);
	for (int i = 0; i < p->compiled->nparams; i++)
	{
		ParamExternData *prm = &params->params[i];

		prm->value = values[i];
		prm->isnull = nulls[i] == 'n';
		prm->pflags = PARAM_FLAG_CONST;
		prm->ptype = p->argtypes[i];
	}
	return params;
}

/*
 * PostgreSQL's own statement_timeout cancelled a batch: the same error with
 * a hint of what to do (doc/rows.md, "Large batches").  Any other error
 * goes on unchanged.
 */
static void
rows_batch_cancel_hint(MemoryContext cxt, RowsOp op)
{
	ErrorData  *edata;

	if (geterrcode() != ERRCODE_QUERY_CANCELED)
		return;
	MemoryContextSwitchTo(cxt);
	edata = CopyErrorData();
	if (edata->sqlerrcode != ERRCODE_QUERY_CANCELED || edata->hint != NULL ||
		edata->message_id == NULL ||
		strcmp(edata->message_id, "canceling statement due to statement timeout") != 0)
	{
		FreeErrorData(edata);
		return;
	}
	FlushErrorState();
	edata->hint = pstrdup(op == ROWS_UPSERT_FROM ?
						  "msm.upsert_from runs as one statement under statement_timeout: raise it for the transaction (SET LOCAL statement_timeout = ...), or upsert the staging table in smaller loads." :
						  "msm.upsert_many runs as one statement under statement_timeout: raise it for the transaction (SET LOCAL statement_timeout = ...), split the batch into smaller ones, or load millions of rows with COPY into a staging table and use msm.upsert_from().");
	ReThrowError(edata);
}

void
msm_rows_bounded(RowsCache *c, RowsOp op, void (*body) (void *arg), void *arg)
{
	MsmRuntime *rt = msm_session_runtime();
	int			timeout_ms = rt ? rt->statement_timeout_ms : msm_default_statement_timeout_ms;
	bool		armed = false;
	MemoryContext oldcxt = CurrentMemoryContext;

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
		body(arg);
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
		if ((op == ROWS_UPSERT_MANY || op == ROWS_UPSERT_FROM) && rows_depth == 0)
			rows_batch_cancel_hint(oldcxt, op);
		PG_RE_THROW();
	}
	PG_END_TRY();
	rows_depth--;
	if (armed)
	{
		disable_timeout(rows_timeout_id, false);
		if (unlikely(rows_timeout_fired))
		{
			/* expired between the end of the operation and here */
			rows_timeout_fired = false;
			QueryCancelPending = false;
			rows_timeout_error(c, op, timeout_ms);
		}
	}
}

/* one execution of a plan: what rows_run bounds */
typedef struct RowsRunArgs
{
	RowsPlan   *plan;
	SPIExecuteOptions *options;
	int			rc;
} RowsRunArgs;

static void
rows_run_body(void *arg)
{
	RowsRunArgs *a = (RowsRunArgs *) arg;

	a->rc = SPI_execute_plan_extended(a->plan->plan, a->options);
}

/*
 * Run a plan inside an SPI connection, bounded by the runtime's
 * statement_timeout_ms.  Returns the SPI result code.
 */
static int
rows_run(RowsCache *c, RowsPlan *p, Datum *values, const char *nulls,
		 DestReceiver *dest)
{
	SPIExecuteOptions options;
	RowsRunArgs a;

	if (p->plan == NULL)
		rows_prepare(c, p);
	memset(&options, 0, sizeof(options));
	options.params = rows_param_list(p, values, nulls);
	options.read_only = false;
	options.tcount = 0;
	options.dest = dest;

	a.plan = p;
	a.options = &options;
	a.rc = 0;
	msm_rows_bounded(c, p->op, rows_run_body, &a);
	if (a.rc < 0)
		elog(ERROR, "msm: %s on model %s failed: %s", msm_rows_op_name(p->op), c->model,
			 SPI_result_code_string(a.rc));
	return a.rc;
}

uint64
msm_rows_execute(RowsCache *c, RowsPlan *p, Datum *values, const char *nulls,
				 DestReceiver *dest)
{
	uint64		processed;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "msm: SPI_connect failed");
	rows_run(c, p, values, nulls, dest);
	processed = SPI_processed;

	/*
	 * A key-only upsert that found the row inserted by a transaction that
	 * committed after the statement's snapshot (READ COMMITTED) reads
	 * nothing: the next run has a newer snapshot (inserting again if the
	 * row was deleted meanwhile).
	 */
	for (int attempt = 0; processed == 0 && p->compiled->reads_back && attempt < 100; attempt++)
	{
		CHECK_FOR_INTERRUPTS();
		rows_run(c, p, values, nulls, dest);
		processed = SPI_processed;
	}
	SPI_finish();
	return processed;
}

/* ---------------------------------------------------------------------
 * The tuple receiver
 * ---------------------------------------------------------------------
 */

Datum
msm_rows_tuple_jsonb(RowsCache *c, HeapTuple tuple)
{
	Datum		rec;

	if (msm_rows_json_direct(c))
		return msm_rows_json_build(c, tuple);
	rec = heap_copy_tuple_as_datum(tuple, c->rowdesc);
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

static bool
rows_dest_receive(TupleTableSlot *slot, DestReceiver *self)
{
	RowsDest   *d = (RowsDest *) self;
	RowsCache  *c = d->cache;
	MemoryContext old;

	if (d->count++ > 0)
		return true;			/* keys are unique: cannot happen */
	old = MemoryContextSwitchTo(d->cxt);
	if (d->columns != NULL)
	{
		/* the chosen columns as one tuple of d->desc, formed from the slot */
		Datum		values[ROWS_DEST_MAX_COLUMNS];
		bool		nulls[ROWS_DEST_MAX_COLUMNS];

		slot_getallattrs(slot);
		for (int i = 0; i < d->ncolumns; i++)
		{
			values[i] = slot->tts_values[d->columns[i]];
			nulls[i] = slot->tts_isnull[d->columns[i]];
		}
		d->tuple = heap_form_tuple(d->desc, values, nulls);
	}
	else if (msm_rows_json_direct(c))
	{
		slot_getallattrs(slot);
		d->result = msm_rows_json_build_values(c, slot->tts_values, slot->tts_isnull);
	}
	else
	{
		bool		should_free;
		HeapTuple	tuple = ExecFetchSlotHeapTuple(slot, false, &should_free);

		d->result = msm_rows_tuple_jsonb(c, tuple);
		if (should_free)
			heap_freetuple(tuple);
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

void
msm_rows_dest_jsonb(RowsDest *d, RowsCache *c)
{
	memset(d, 0, sizeof(RowsDest));
	d->pub.receiveSlot = rows_dest_receive;
	d->pub.rStartup = rows_dest_startup;
	d->pub.rShutdown = rows_dest_noop;
	d->pub.rDestroy = rows_dest_noop;
	d->pub.mydest = DestNone;
	d->cache = c;
	d->cxt = CurrentMemoryContext;
}

void
msm_rows_dest_columns(RowsDest *d, RowsCache *c, int ncolumns, const int *columns,
					  TupleDesc desc)
{
	Assert(ncolumns <= ROWS_DEST_MAX_COLUMNS && ncolumns == desc->natts);
	msm_rows_dest_jsonb(d, c);
	d->ncolumns = ncolumns;
	d->columns = columns;
	d->desc = desc;
}
