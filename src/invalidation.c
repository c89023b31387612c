/*-------------------------------------------------------------------------
 *
 * invalidation.c
 *	  The session runtime follows the catalog (doc/runtime.md, "Caching"):
 *	  relation cache and type syscache callbacks that mark what DDL made
 *	  stale, in every runtime the session holds (engine_session.c).
 *
 * The callbacks run whenever PostgreSQL processes invalidation messages:
 * at transaction start, when a lock is acquired, at command end, also in
 * the middle of a row operation that uses the cache and while an error is
 * being handled.  So they only mark: no catalog access, no allocation, no
 * freeing.  The marks are read lazily:
 *
 *	- a relcache invalidation of a runtime model's table (ALTER TABLE, DROP,
 *	  RENAME, CREATE / DROP INDEX, ...) or of a type one of its columns has
 *	  bumps MsmModel.inval_generation; msm_rows_cache() (rows_plan.h) then
 *	  builds the model's cache again from the table as it is now;
 *	- a relcache invalidation of msm.meta_table marks the runtime suspect;
 *	  msm_session_runtime() (engine_session.c) then compares pg_extension's
 *	  oid and drops the runtime when the extension was dropped or created
 *	  again;
 *	- a reset (InvalidOid / hash 0: the invalidation queue overflowed) marks
 *	  everything.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/inval.h"
#include "utils/syscache.h"

#include "rows_plan.h"
#include "runtime.h"

static void
mark_relation(MsmRuntime *rt, Oid relid)
{
	if (!OidIsValid(relid) || relid == rt->meta_table_relid)
		rt->suspect = true;
	for (int i = 0; i < rt->n_models; i++)
	{
		MsmModel   *m = &rt->models[i];

		if (!OidIsValid(relid) || m->relid == relid)
			m->inval_generation++;
	}
}

/* CacheRegisterRelcacheCallback: relid, or InvalidOid for all relations */
static void
msm_relcache_callback(Datum arg, Oid relid)
{
	int			n;
	MsmRuntime **held = msm_session_runtimes_peek(&n);

	for (int i = 0; i < n; i++)
		mark_relation(held[i], relid);
}

static void
mark_type(MsmRuntime *rt, uint32 hashvalue)
{
	for (int i = 0; i < rt->n_models; i++)
	{
		MsmModel   *m = &rt->models[i];
		RowsCache  *c = (RowsCache *) m->row_cache;

		if (c == NULL)
			continue;
		for (int t = 0; t < c->ntypes; t++)
		{
			if (hashvalue == 0 || c->type_hashes[t] == hashvalue)
			{
				m->inval_generation++;
				break;
			}
		}
	}
}

/* CacheRegisterSyscacheCallback(TYPEOID): hash of the type, 0 for all */
static void
msm_type_callback(Datum arg, int cacheid, uint32 hashvalue)
{
	int			n;
	MsmRuntime **held = msm_session_runtimes_peek(&n);

	for (int i = 0; i < n; i++)
		mark_type(held[i], hashvalue);
}

void
msm_invalidation_register(void)
{
	CacheRegisterRelcacheCallback(msm_relcache_callback, (Datum) 0);
	CacheRegisterSyscacheCallback(TYPEOID, msm_type_callback, (Datum) 0);
}
