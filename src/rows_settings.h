/*-------------------------------------------------------------------------
 *
 * rows_settings.h
 *	  The row API (doc/rows.md, "Row API") as the rest of msm sees it: its
 *	  settings.
 *
 * The row API is one module of several files, one concern each:
 *	  rows.c           msm.upsert, msm.get, msm.delete
 *	  rows_batch.c     msm.upsert_many: batches and repeated keys
 *	  rows_batch_sort.c  large batches: sorted with spilling, written in
 *	                   chunks
 *	  rows_asset.c     msm.upsert_asset: the typed Asset upsert
 *	  rows_compile.c   msm.compile_*: compiled-sql.v1 envelopes
 *	  rows_exec.c      statement execution with limits, local or on the
 *	                   platform
 *	  rows_input.c     JSON rows and keys to column values
 *	  rows_plan.c      the per-model cache: column metadata and kept plans
 *	  rows_settings.c  the settings below
 * Calls go one way only: the SQL entry points (rows.c, rows_batch.c,
 * rows_asset.c and the msm.compile_* functions of rows_compile.c) call
 * rows_exec.c, rows_input.c and rows_plan.c (rows_batch.c also calls
 * rows_batch_sort.c, which calls back only what rows_batch.h shares, and
 * the same three); rows_exec.c calls
 * rows_compile.c for platform envelopes; rows_compile.c calls rows_input.c
 * and rows_plan.c; rows_input.c and rows_plan.c call no other rows file.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_ROWS_SETTINGS_H
#define MSM_ROWS_SETTINGS_H

#include "postgres.h"

/* settings (rows_settings.c; doc/settings.md) */
extern int	msm_default_max_rows;
extern int	msm_default_statement_timeout_ms;
extern int	msm_execution;
extern int	msm_upsert_chunk_rows;

/*
 * msm.upsert_chunk_rows: rows per statement of a batch larger than it
 * (doc/rows.md, "Large batches"; the default measured in doc/benchmarks.md,
 * "Bulk upserts").
 */
#define MSM_UPSERT_CHUNK_ROWS_DEFAULT 10000

typedef enum MsmExecution
{
	MSM_EXECUTION_LOCAL,
	MSM_EXECUTION_PLATFORM
} MsmExecution;

/* Define the row API's settings; called from _PG_init. */
extern void msm_rows_define_settings(void);

#endif							/* MSM_ROWS_SETTINGS_H */
