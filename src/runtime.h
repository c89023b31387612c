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
} MsmRuntime;

/* The session runtime, or NULL when start_engine has not run. */
extern MsmRuntime *msm_session_runtime(void);

/* A runtime model by selector (model, class, identifier, last segment, table). */
extern MsmModel *msm_runtime_find(MsmRuntime *rt, const char *selector);

/*
 * The runtime model an operation on `selector` needs, or an error
 * (doc/rows.md, "Row API"): no runtime, or a runtime without the model or
 * its FK dependencies.
 */
extern MsmModel *msm_runtime_require(const char *selector);

#endif							/* MSM_RUNTIME_H */
