/*-------------------------------------------------------------------------
 *
 * model_index.c
 *	  Selector lookup over an array of models in one hash probe
 *	  (doc/runtime.md, "Selectors"): the runtime's row API lookup
 *	  (engine_runtime.c) and attachment of many declared models at once
 *	  (engine_inventory.c).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"

#include "model_index.h"

typedef struct SelectorEntry
{
	const char *selector;		/* the key: points into a model */
	int			index;			/* the first model it names */
} SelectorEntry;

uint32
msm_string_key_hash(const void *key, Size keysize)
{
	const char *s = *(const char *const *) key;

	return hash_bytes((const unsigned char *) s, (int) strlen(s));
}

int
msm_string_key_compare(const void *key1, const void *key2, Size keysize)
{
	return strcmp(*(const char *const *) key1, *(const char *const *) key2);
}

HTAB *
msm_model_index_build(const MsmModel *models, int n, MemoryContext cxt)
{
	HASHCTL		ctl;
	HTAB	   *h;

	ctl.keysize = sizeof(const char *);
	ctl.entrysize = sizeof(SelectorEntry);
	ctl.hash = msm_string_key_hash;
	ctl.match = msm_string_key_compare;
	ctl.hcxt = cxt;
	h = hash_create("msm model selectors", Max(n * 5, 8), &ctl,
					HASH_ELEM | HASH_FUNCTION | HASH_COMPARE | HASH_CONTEXT);
	for (int i = 0; i < n; i++)
	{
		const MsmModel *m = &models[i];
		const char *keys[5];

		keys[0] = m->model_name;
		keys[1] = m->class_name;
		keys[2] = m->identifier;
		keys[3] = msm_model_last_segment(m);
		keys[4] = m->table_name;
		for (int k = 0; k < 5; k++)
		{
			bool		found;
			SelectorEntry *e = hash_search(h, &keys[k], HASH_ENTER, &found);

			if (!found)
				e->index = i;
		}
	}
	return h;
}

int
msm_model_index_find(HTAB *index, const char *selector)
{
	SelectorEntry *e = hash_search(index, &selector, HASH_FIND, NULL);

	return e ? e->index : -1;
}
