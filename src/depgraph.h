/*-------------------------------------------------------------------------
 *
 * depgraph.h
 *	  Foreign-key dependency expansion and deterministic order of markets
 *	  models (SPEC 6.3).
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_DEPGRAPH_H
#define MSM_DEPGRAPH_H

#include "postgres.h"

typedef struct MsmDepEdge
{
	int			target;			/* model index, or -1 when the target is no model */
	char	   *constraint_name;
	char	   *target_table;	/* qualified name of the target table */
} MsmDepEdge;

typedef struct MsmDepModel
{
	const char *name;			/* model name, for messages */
	const char *table_name;
	Oid			relid;			/* InvalidOid when the table does not exist */
	bool		is_builtin;
	int			builtin_position;
	int			nedges;
	MsmDepEdge *edges;			/* filled by msm_depgraph_load_edges */
} MsmDepModel;

/*
 * Load the foreign keys of every model table from pg_constraint.  Must be
 * called between SPI_connect and SPI_finish.
 */
extern void msm_depgraph_load_edges(MsmDepModel *models, int n);

/*
 * Expand the requested models (indexes, caller order) depth first along
 * their foreign keys and sort them topologically (Kahn, lowest key first:
 * (0, built-in position), (1, caller position), (2, discovery position)).
 * Errors on a target that is no model and on cycles.  Returns the model
 * indexes in order; *nresult gets their count.
 */
extern int *msm_depgraph_order(MsmDepModel *models, int n,
							   const int *requested, int nrequested,
							   int *nresult);

#endif							/* MSM_DEPGRAPH_H */
