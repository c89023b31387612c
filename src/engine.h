/*-------------------------------------------------------------------------
 *
 * engine.h
 *	  The steps of runtime attachment (doc/runtime.md), one file each:
 *
 *	  engine.c            msm.start_engine(): the steps in order
 *	  engine_settings.c   msm.validate_descriptions, msm.log_events,
 *	                      msm.event_level, msm.runtime_scope
 *	  engine_log.c        structured events ("Log events")
 *	  engine_inventory.c  the models of a namespace, selectors, FK order
 *	  engine_checks.c     tables exist and carry descriptions ("Checks")
 *	  engine_lookup.c     one registry lookup per resource type ("Lookups")
 *	  engine_runtime.c    the runtime and its answer document
 *	  engine_session.c    the session's runtimes: the attached one, the
 *	                      ones it resolved (keyed by the call), stop_engine
 *	  engine_xact.c       attachments follow transactions and DISCARD ALL
 *	  engine_handles.c    msm.runtime(), runtime_table(s), runtime checks
 *	                      of the row API ("Result and handles")
 *
 * Calls go one way only: engine.c and engine_handles.c call the others,
 * engine_session.c calls engine_runtime.c and engine_log.c, and those call
 * nothing of the engine but the settings.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_ENGINE_H
#define MSM_ENGINE_H

#include "postgres.h"

#include "utils/array.h"
#include "utils/jsonb.h"

#include <cjson/cJSON.h>

#include "model.h"
#include "runtime.h"

/* the built-in models of upstream's registry (doc/models.md) */
#define MSM_BUILTIN_COUNT 55

/* engine_settings.c (doc/settings.md) */
#define MSM_SCOPE_SESSION 0
#define MSM_SCOPE_TRANSACTION 1
extern bool msm_validate_descriptions;
extern bool msm_log_events;
extern int	msm_event_level;
extern int	msm_runtime_scope;
extern void msm_engine_define_settings(void);

/*
 * engine_log.c: emit event with detail (consumed) at msm.event_level, or,
 * for the reuse of a cached runtime, at debug1 (or lower); nothing when
 * msm.log_events is off.  msm_engine_event_wanted tells beforehand whether
 * an event would go anywhere, so the caller can skip building it.
 */
extern bool msm_engine_event_wanted(bool reuse);
extern void msm_engine_log_event(const char *event, cJSON *detail);
extern void msm_engine_log_reuse(const char *event, cJSON *detail);

/* the arguments of one start_engine call (the session cache key) */
typedef struct MsmEngineCall
{
	const char *mode;			/* management_mode */
	const char *ns;				/* resolved deployment namespace, "" = none */
	char	  **req;			/* requested selectors, NULL when models => NULL */
	int			nreq;
	bool		timeout_given;
	int			timeout_ms;
} MsmEngineCall;

/* engine_inventory.c */
extern char **msm_engine_text_array(ArrayType *arr, int *n, const char *what);
extern void msm_engine_unknown_model(const char *selector, const char *ns) pg_attribute_noreturn();
/*
 * The models to attach in order (the built-ins for req == NULL), reading
 * only the requested models and their FK closure; errors on an unknown
 * selector, a non-model FK target and a cycle.  Between SPI_connect and
 * SPI_finish.
 */
extern MsmModel *msm_engine_resolve(const char *ns, char **req, int nreq,
									int *nresult);

/* engine_checks.c */
extern void msm_engine_check_tables(const MsmModel *models, int n);

/* engine_lookup.c: sets meta_table_uid and data_source_uid of every model */
extern void msm_engine_lookup_uids(MsmModel *models, int n, const char *mode);

/* engine_runtime.c */
extern MsmRuntime *msm_runtime_build(const MsmEngineCall *call,
									 const MsmModel *models, int n);
extern Jsonb *msm_runtime_copy_document(const Jsonb *doc);

/* engine_session.c */
extern Jsonb *msm_session_cached_answer(const MsmEngineCall *call);
extern void msm_session_bind(MsmRuntime *rt);

/*
 * engine_session.c, for engine_xact.c: the session's state is the attached
 * runtime and the runtimes it resolved.  Before the first change in a
 * (sub)transaction the state is saved; an abort restores it, a commit
 * keeps the change.  Runtimes nobody holds any more are freed at the end
 * of the top-level transaction.
 */
extern void msm_session_subxact_commit(int level);
extern void msm_session_subxact_abort(int level);
extern void msm_session_xact_end(bool commit);
extern void msm_session_drop_all(void);

/* engine_xact.c: register the transaction callbacks and the DISCARD ALL hook */
extern void msm_engine_xact_register(void);

#endif							/* MSM_ENGINE_H */
