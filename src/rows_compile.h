/*-------------------------------------------------------------------------
 *
 * rows_compile.h
 *	  compiled-sql.v1 envelopes of row operations (doc/rows.md,
 *	  "compiled-sql.v1"): what msm.compile_* return and what
 *	  msm.execution = platform sends.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_ROWS_COMPILE_H
#define MSM_ROWS_COMPILE_H

#include "postgres.h"

#include "utils/jsonb.h"

#include "compiled_sql.h"

/*
 * The compiled-sql.v1 envelope of one row operation on a runtime model:
 * MSM_SQL_UPSERT (arg = the row object), MSM_SQL_SELECT or MSM_SQL_DELETE
 * (arg = the key object).  Validates arg exactly as the operation would;
 * raises the errors of doc/rows.md, "Row API" when the runtime lacks the
 * model.
 */
extern Jsonb *msm_rows_compile(const char *model, MsmSqlOperation op,
							   Jsonb *arg);

/*
 * msm_rows_compile for running the operation elsewhere (msm.execution =
 * platform): first checks that the current user may run the statement in
 * this database, with local execution's checks and error (42501).
 */
extern Jsonb *msm_rows_compile_for_caller(const char *model, MsmSqlOperation op,
										  Jsonb *arg);

#endif							/* MSM_ROWS_COMPILE_H */
