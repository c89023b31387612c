/*-------------------------------------------------------------------------
 *
 * rows_platform.h
 *	  msm.execution = platform (doc/tsmanager.md, "Platform execution"):
 *	  row operations sent to TS Manager's execute-operation endpoint as
 *	  compiled-sql.v1 envelopes, their answers read as the SDK reads them.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_ROWS_PLATFORM_H
#define MSM_ROWS_PLATFORM_H

#include "postgres.h"

#include "nodes/pg_list.h"
#include "utils/jsonb.h"

#include "compiled_sql.h"

/* true when msm.execution = platform */
extern bool msm_rows_platform(void);

/* error unless operations run in this database (function: for messages) */
extern void msm_rows_require_local(const char *function);

/* the answer of an operation run on the platform */
typedef struct RowsPlatformAnswer
{
	List	   *rows;			/* Jsonb * of each row, as local execution returns it */
	bool		touched;		/* row_count > 0 or rows returned */
} RowsPlatformAnswer;

/*
 * POST the operation's compiled-sql.v1 envelope to execute-operation
 * (the caller's rights checked first); a select follows the answer's
 * pagination up to max_rows.  The rows are validated: their columns are
 * the model's, their values pass the column types' input functions.
 */
extern void msm_rows_platform_execute(const char *model, MsmSqlOperation op,
									  Jsonb *arg, RowsPlatformAnswer *answer);

/* first row of an answer, or NULL */
extern Jsonb *msm_rows_platform_first(const RowsPlatformAnswer *answer);

#endif							/* MSM_ROWS_PLATFORM_H */
