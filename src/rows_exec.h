/*-------------------------------------------------------------------------
 *
 * rows_exec.h
 *	  Execution of row operations (doc/rows.md, "Execution and limits"):
 *	  locally through SPI, bounded by the runtime's statement_timeout_ms,
 *	  or on the platform (msm.execution = platform; doc/tsmanager.md,
 *	  "Platform execution").
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_ROWS_EXEC_H
#define MSM_ROWS_EXEC_H

#include "postgres.h"

#include "tcop/dest.h"
#include "utils/jsonb.h"

#include <cjson/cJSON.h>

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
	/* msm_rows_dest_columns: copies of the chosen columns */
	int			ncolumns;
	const int  *columns;		/* column indexes in the cache */
	Datum	   *values;
	bool	   *nulls;
} RowsDest;

/* a receiver whose result is the row as jsonb */
extern void msm_rows_dest_jsonb(RowsDest *d, RowsCache *c);

/* a receiver that copies columns[0..ncolumns-1] of the row */
extern void msm_rows_dest_columns(RowsDest *d, RowsCache *c, int ncolumns,
								  const int *columns);

/*
 * Run a plan with its parameter values in an SPI connection of its own,
 * bounded by the runtime's statement_timeout_ms, rows to dest (NULL:
 * none).  Returns the rows the statement processed.
 */
extern uint64 msm_rows_execute(RowsCache *c, RowsPlan *p, Datum *values,
							   const char *nulls, DestReceiver *dest);

/* true when msm.execution = platform */
extern bool msm_rows_platform(void);

/* error unless operations run in this database (function: for messages) */
extern void msm_rows_require_local(const char *function);

/*
 * msm.execution = platform: POST the operation's compiled-sql.v1 envelope
 * to TS Manager's execute-operation endpoint; returns its answer, which
 * has a rows array.
 */
extern cJSON *msm_rows_platform_execute(const char *model, MsmSqlOperation op,
										Jsonb *arg);

/* first row of a platform answer as jsonb, or NULL */
extern Jsonb *msm_rows_platform_first(cJSON *answer);

#endif							/* MSM_ROWS_EXEC_H */
