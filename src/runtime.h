/*-------------------------------------------------------------------------
 *
 * runtime.h
 *	  The session runtime built by msm.start_engine() (doc/runtime.md) and
 *	  read by the row API (doc/rows.md, "Row API").
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

#include "model.h"

typedef struct MsmRuntime
{
	MemoryContext cxt;			/* owns everything below */

	/* the call that built it (doc/runtime.md, "Caching": the cache key) */
	char	   *management_mode;
	char	   *namespace;		/* resolved; "" = none */
	int			n_requested;
	char	  **requested;		/* NULL when models => NULL */
	bool		timeout_given;
	int			timeout_ms;

	/* resolved models in dependency order */
	int			n_models;
	MsmModel   *models;

	/* limits */
	int			max_rows;
	int			statement_timeout_ms;

	Jsonb	   *document;		/* the start_engine answer, cached = false */
	Jsonb	   *cached_document;	/* the same with cached = true */

	/*
	 * The extension the runtime was built for (doc/runtime.md, "Caching"):
	 * DROP EXTENSION msm; CREATE EXTENSION msm makes every object new, so
	 * the runtime is dropped.  An invalidation of msm.meta_table (or a
	 * reset of the relation cache) marks it suspect; the next use compares
	 * pg_extension's oid.
	 */
	Oid			extension_oid;
	Oid			meta_table_relid;
	bool		suspect;
} MsmRuntime;

/*
 * The session runtime, or NULL when start_engine has not run (or the
 * extension was dropped since).  Needs a transaction: it may read
 * pg_extension after an invalidation.
 */
extern MsmRuntime *msm_session_runtime(void);

/*
 * The session runtime as it is, without any check or catalog access: for
 * the invalidation callbacks (invalidation.c), which only mark things.
 */
extern MsmRuntime *msm_session_runtime_peek(void);

/* invalidation.c: register the relcache and syscache callbacks (_PG_init) */
extern void msm_invalidation_register(void);

/* A runtime model by selector (model, class, identifier, last segment, table). */
extern MsmModel *msm_runtime_find(MsmRuntime *rt, const char *selector);

/*
 * The runtime model an operation on `selector` needs, or an error
 * (doc/rows.md, "Row API"): no runtime, or a runtime without the model or
 * its FK dependencies.
 */
extern MsmModel *msm_runtime_require(const char *selector);

#endif							/* MSM_RUNTIME_H */
