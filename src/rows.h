/*-------------------------------------------------------------------------
 *
 * rows.h
 *	  The row API (SPEC 7): msm.upsert_asset, msm.upsert, msm.upsert_many,
 *	  msm.get, msm.delete and the compile_* functions.
 *
 * Every operation runs on a model of the session runtime (runtime.h).  Per
 * model, rows.c keeps in MsmRuntimeModel.row_cache, in a child context of
 * the runtime's memory context: the table's column metadata (read once from
 * the relation cache), the model defaults of built-ins, and one compiled
 * statement template (compiled_sql.h) per (operation, set of provided
 * columns), each with its SPI plan prepared and kept on first local use.
 * Dropping or replacing the runtime drops the cache and frees the plans
 * (a reset callback on the cache context).
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_ROWS_H
#define MSM_ROWS_H

#include "postgres.h"

#include "utils/jsonb.h"

#include "compiled_sql.h"
#include "runtime.h"

/*
 * The compiled-sql.v1 envelope of one row operation on a runtime model:
 * MSM_SQL_UPSERT (arg = the row object), MSM_SQL_SELECT or MSM_SQL_DELETE
 * (arg = the key object).  Validates arg exactly as the operation would;
 * raises the SPEC 7 errors when the runtime lacks the model.
 */
extern Jsonb *msm_rows_compile(const char *model, MsmSqlOperation op,
							   Jsonb *arg);

#endif							/* MSM_ROWS_H */
