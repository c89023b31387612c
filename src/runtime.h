/*-------------------------------------------------------------------------
 *
 * runtime.h
 *	  The session runtime built by msm.start_engine() (SPEC 6) and read by
 *	  the row API (SPEC 7).
 *
 * A runtime lives in its own memory context under TopMemoryContext and is
 * dropped by msm.stop_engine().  Row operations only read it.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_RUNTIME_H
#define MSM_RUNTIME_H

#include "postgres.h"

#include "nodes/pg_list.h"
#include "utils/jsonb.h"

typedef struct MsmRuntimeModel
{
	char	   *model_name;		/* Asset */
	char	   *class_name;		/* AssetTable */
	char	   *identifier;		/* Asset / mainsequence.examples.Asset */
	char	   *physical_schema;	/* public */
	char	   *table_name;		/* ms_markets__asset */
	Oid			relid;			/* the table, resolved at attach time */
	bool		is_time_index;	/* kind = time_index */
	bool		is_builtin;
	int			builtin_position;	/* 1..39, 0 for project models */
	int			n_upsert_keys;
	char	  **upsert_keys;	/* column names, in declared order */
	char	   *time_index_column;	/* time-index models, else NULL */
	char	   *meta_table_uid;
	char	   *data_source_uid;
	void	   *row_cache;		/* rows.c: per-model compiled statements */
} MsmRuntimeModel;

typedef struct MsmRuntime
{
	MemoryContext cxt;			/* owns everything below */

	/* the call that built it (SPEC 6.1 cache key) */
	char	   *management_mode;
	char	   *namespace;		/* resolved; "" = none */
	int			n_requested;
	char	  **requested;		/* NULL when models => NULL */
	bool		timeout_given;
	int			timeout_ms;

	/* resolved models in dependency order */
	int			n_models;
	MsmRuntimeModel *models;

	/* limits */
	int			max_rows;
	int			statement_timeout_ms;

	Jsonb	   *document;		/* the start_engine answer, cached = false */
	Jsonb	   *cached_document;	/* the same with cached = true */
} MsmRuntime;

/* The session runtime, or NULL when start_engine has not run. */
extern MsmRuntime *msm_session_runtime(void);

/* A runtime model by selector (model, class, identifier, last segment, table). */
extern MsmRuntimeModel *msm_runtime_find(MsmRuntime *rt, const char *selector);

/*
 * The runtime model an operation on `selector` needs, or an error (SPEC 7):
 * no runtime, or a runtime without the model or its FK dependencies.
 */
extern MsmRuntimeModel *msm_runtime_require(const char *selector);

#endif							/* MSM_RUNTIME_H */
