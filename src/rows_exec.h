/*-------------------------------------------------------------------------
 *
 * rows_exec.h
 *	  Execution of row operations (doc/rows.md, "Execution and limits"):
 *	  locally through SPI, bounded by the runtime's statement_timeout_ms
 *	  (on the platform: rows_platform.h).
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_ROWS_EXEC_H
#define MSM_ROWS_EXEC_H

#include "postgres.h"

#include "access/htup.h"
#include "tcop/dest.h"
#include "utils/jsonb.h"

#include "compiled_sql.h"
#include "rows_plan.h"

/*
 * A tuple receiver for statements returning (at most) one row: it turns
 * the row into what the function returns, straight into the memory
 * context that was current at its init (no SPI tuple table).
 */
typedef struct RowsDest
{
	DestReceiver pub;
	RowsCache  *cache;
	MemoryContext cxt;
	uint64		count;			/* rows received */
	/* msm_rows_dest_jsonb: to_jsonb of the row */
	Datum		result;
	/* msm_rows_dest_columns: the chosen columns as one tuple */
	int			ncolumns;
	const int  *columns;		/* column indexes in the cache */
	TupleDesc	desc;			/* of the result tuple */
	HeapTuple	tuple;
} RowsDest;

#define ROWS_DEST_MAX_COLUMNS 8

/* a receiver whose result is the row as jsonb */
extern void msm_rows_dest_jsonb(RowsDest *d, RowsCache *c);

/*
 * a receiver whose result is columns[0..ncolumns-1] of the row as one tuple
 * of desc (at most ROWS_DEST_MAX_COLUMNS columns)
 */
extern void msm_rows_dest_columns(RowsDest *d, RowsCache *c, int ncolumns,
								  const int *columns, TupleDesc desc);

/*
 * Run a plan with its parameter values in an SPI connection of its own,
 * bounded by the runtime's statement_timeout_ms, rows to dest (NULL:
 * none).  Returns the rows the statement processed.
 */
extern uint64 msm_rows_execute(RowsCache *c, RowsPlan *p, Datum *values,
							   const char *nulls, DestReceiver *dest);

/*
 * Run body(arg) as one operation bounded by the runtime's
 * statement_timeout_ms: on expiry it is cancelled and fails with the msm
 * error of op (SQLSTATE 57014).  msm_rows_execute() inside it (and any row
 * operation nested deeper, e.g. in a trigger) shares the bound.  A batch
 * (op ROWS_UPSERT_MANY) bounds its conversion and all its chunks so, and
 * PostgreSQL's own statement_timeout cancelling it gets a hint.
 */
extern void msm_rows_bounded(RowsCache *c, RowsOp op, void (*body) (void *arg),
							 void *arg);

/* the jsonb of a row of c->rowdesc's shape, in the current context */
extern Datum msm_rows_tuple_jsonb(RowsCache *c, HeapTuple tuple);

#endif							/* MSM_ROWS_EXEC_H */
