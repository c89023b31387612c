/*-------------------------------------------------------------------------
 *
 * rows_batch_sort.h
 *	  msm.upsert_many of a batch larger than one chunk (doc/rows.md, "Large
 *	  batches"): sorted by key with a spilling sort, written in chunks.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_ROWS_BATCH_SORT_H
#define MSM_ROWS_BATCH_SORT_H

#include "postgres.h"

#include "utils/jsonb.h"

#include "rows_plan.h"

/*
 * Upsert the elements of rows (a JSON array) into the model of c: the last
 * row of each key, in key order, chunk_rows rows per statement.  Returns
 * the rows written (inserted or updated; inserted only when the batch
 * gives nothing to update).  Called inside msm_rows_bounded().
 */
extern uint64 msm_rows_upsert_chunked(RowsCache *c, Jsonb *rows, int chunk_rows);

#endif							/* MSM_ROWS_BATCH_SORT_H */
