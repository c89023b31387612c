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

/*
 * Hash and match functions (HASHCTL hash, match) of a hash table whose key
 * is a const char * to a string that outlives the entry.
 */
extern uint32 msm_string_key_hash(const void *key, Size keysize);
extern int	msm_string_key_compare(const void *key1, const void *key2, Size keysize);

/* the index of models[0..n-1] in cxt; the keys point into the models */
extern HTAB *msm_model_index_build(const MsmModel *models, int n, MemoryContext cxt);

/* the array index of the first model selector names, or -1 */
extern int	msm_model_index_find(HTAB *index, const char *selector);

#endif							/* MSM_MODEL_INDEX_H */
