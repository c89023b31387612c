/*-------------------------------------------------------------------------
 *
 * rows_json.h
 *	  Result rows of the row API as jsonb, built from per-column output
 *	  information cached with the model (doc/rows.md, "Row API").
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_ROWS_JSON_H
#define MSM_ROWS_JSON_H

#include "postgres.h"

#include "access/htup.h"

#include "rows_plan.h"

/*
 * Whether every column of c is a plain scalar to_jsonb converts by its
 * output (decided, and the output functions cached, on the first call for
 * the cache): then msm_rows_json_build gives to_jsonb(row)'s value.
 */
extern bool msm_rows_json_direct(RowsCache *c);

/* a row's column values (in c->cols order) as a jsonb object */
extern Datum msm_rows_json_build_values(RowsCache *c, const Datum *values,
										const bool *nulls);

/* the row (of c->rowdesc's shape) as a jsonb object, in the current context */
extern Datum msm_rows_json_build(RowsCache *c, HeapTuple tuple);

#endif							/* MSM_ROWS_JSON_H */
