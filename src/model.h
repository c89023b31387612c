/*-------------------------------------------------------------------------
 *
 * model.h
 *	  One markets model as the C code sees it: read from msm.models_of()
 *	  for attachment (doc/runtime.md, "Dependency expansion and order"),
 *	  ordered along its foreign keys and kept in the session runtime for
 *	  the row API (doc/rows.md, "Row API").
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_MODEL_H
#define MSM_MODEL_H

#include "postgres.h"

/* one foreign key of a model table, from the PostgreSQL catalog */
typedef struct MsmModelEdge
{
	int			target;			/* model index, or -1 when the target is no model */
	Oid			target_relid;	/* the referenced table */
	char	   *constraint_name;
	char	   *target_table;	/* qualified name of the target table */
} MsmModelEdge;

typedef struct MsmModel
{
	char	   *model_name;		/* Asset */
	char	   *class_name;		/* AssetTable */
	char	   *identifier;		/* Asset / mainsequence.examples.Asset */
	char	   *physical_schema;	/* public */
	char	   *table_name;		/* ms_markets__asset */
	Oid			relid;			/* the table, InvalidOid when it does not exist */
	bool		is_time_index;	/* kind = time_index */
	bool		is_builtin;
	int			builtin_position;	/* 1..55, 0 for project models */
	int64		declared_at;	/* project models: the declared_at timestamp,
								 * which with the table name orders them in
								 * msm.models_of() */
	int			n_upsert_keys;
	char	  **upsert_keys;	/* column names, in declared order */
	char	   *time_index_column;	/* time-index models, else NULL */
	char	   *meta_table_uid; /* set by the registry lookup */
	char	   *data_source_uid;
	void	   *row_cache;		/* rows_plan.c: per-model compiled statements */
	uint32		inval_generation;	/* bumped by invalidation.c when the table
									 * or a column type changes (doc/runtime.md,
									 * "Caching") */

	/* foreign keys, filled by msm_depgraph_load_edges (not kept in a runtime) */
	int			nedges;
	MsmModelEdge *edges;
} MsmModel;

/* last segment of the logical identifier (Asset of mainsequence.examples.Asset) */
static inline const char *
msm_model_last_segment(const MsmModel *m)
{
	const char *dot = strrchr(m->identifier, '.');

	return dot ? dot + 1 : m->identifier;
}

/*
 * Whether a selector names the model: model name, class name, identifier,
 * last identifier segment or physical table name (doc/runtime.md,
 * "Selectors").
 */
static inline bool
msm_model_matches(const MsmModel *m, const char *selector)
{
	return strcmp(m->model_name, selector) == 0 ||
		strcmp(m->class_name, selector) == 0 ||
		strcmp(m->identifier, selector) == 0 ||
		strcmp(msm_model_last_segment(m), selector) == 0 ||
		strcmp(m->table_name, selector) == 0;
}

#endif							/* MSM_MODEL_H */
