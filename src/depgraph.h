/*-------------------------------------------------------------------------
 *
 * depgraph.h
 *	  Foreign-key dependency expansion and deterministic order of markets
 *	  models (doc/runtime.md, "Dependency expansion and order").
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_DEPGRAPH_H
#define MSM_DEPGRAPH_H

#include "postgres.h"

#include "model.h"

/*
 * Load the foreign keys of every model table (edges and nedges of each
 * model) through msm._fk_edges().  Must be called between SPI_connect and
 * SPI_finish; the edges are allocated in the caller's memory context.
 */
extern void msm_depgraph_load_edges(MsmModel *models, int n);

/*
 * The foreign keys of one table to other tables, by constraint name, read
 * from pg_constraint by its conrelid index (the same edges as
 * msm._fk_edges() minus self references).  target is -1 and target_relid
 * set; *n gets the count.  Allocated in the current memory context.
 */
extern MsmModelEdge *msm_depgraph_table_edges(Oid relid, int *n);

/*
 * Expand the requested models (indexes, caller order) depth first along
 * their foreign keys and sort them topologically (Kahn, lowest key first:
 * (0, built-in position), (1, caller position), (2, discovery position)).
 * Errors on a target that is no model and on cycles.  Returns the model
 * indexes in order; *nresult gets their count.
 */
extern int *msm_depgraph_order(MsmModel *models, int n,
							   const int *requested, int nrequested,
							   int *nresult);

#endif							/* MSM_DEPGRAPH_H */
