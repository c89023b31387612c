/*-------------------------------------------------------------------------
 *
 * model_index.h
 *	  Selector lookup over an array of models in one hash probe: every
 *	  selector form of every model (model name, class name, identifier,
 *	  last identifier segment, table name; doc/runtime.md, "Selectors") to
 *	  the first model of the array it names, as a scan with
 *	  msm_model_matches would find it.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_MODEL_INDEX_H
#define MSM_MODEL_INDEX_H

#include "postgres.h"

#include "utils/hsearch.h"

#include "model.h"

/* the index of models[0..n-1] in cxt; the keys point into the models */
extern HTAB *msm_model_index_build(const MsmModel *models, int n, MemoryContext cxt);

/* the array index of the first model selector names, or -1 */
extern int	msm_model_index_find(HTAB *index, const char *selector);

#endif							/* MSM_MODEL_INDEX_H */
