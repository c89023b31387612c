/*-------------------------------------------------------------------------
 *
 * runtime.h
 *	  The session runtime built by msm.start_engine() (doc/runtime.md) and
 *	  read by the row API (doc/rows.md, "Row API").
 *
 * A runtime lives in its own memory context under TopMemoryContext.  The
 * session keeps the runtimes it resolved (engine_session.c), one of them
 * attached; msm.stop_engine() and DISCARD ALL drop them.  Row operations
 * only read the attached one.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_RUNTIME_H
#define MSM_RUNTIME_H

#include "postgres.h"

#include "datatype/timestamp.h"
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

	/*
	 * What else decided the resolution: the role, and the settings the
	 * inventory and the registry read.  A resolution is reused only when
	 * they are the same.
	 */
	Oid			user_id;
	char	   *physical_schema;
	char	   *endpoint;
	char	   *data_source_uid;

	/* reuse from the session's resolutions ends here; 0 = no end (embedded) */
	TimestampTz reuse_until;
	uint64		last_used;		/* for evicting the least recently used */
	bool		doomed;			/* being freed at the end of the transaction */

	/* resolved models in dependency order */
	int			n_models;
	MsmModel   *models;

	/*
	 * Every selector of every model (model name, class name, identifier,
	 * last segment, table name) to the first model it names, in the order
	 * above: msm_runtime_find is one hash probe whatever n_models is.
	 */
	struct HTAB *by_selector;

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
 * The attached runtime, or NULL when start_engine has not run (in this
 * transaction, under msm.runtime_scope = transaction), or the extension was
 * dropped since.  Needs a transaction: it may read
 * pg_extension after an invalidation.
 */
extern MsmRuntime *msm_session_runtime(void);

/*
 * Every runtime the session holds (the attached one among them), as they
 * are, without any check or catalog access: for the invalidation callbacks
 * (invalidation.c), which only mark things.  Sets *n and returns an array
 * owned by the session.
 */
extern MsmRuntime **msm_session_runtimes_peek(int *n);

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
