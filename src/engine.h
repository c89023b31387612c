/*-------------------------------------------------------------------------
 *
 * engine.h
 *	  The steps of runtime attachment (doc/runtime.md), one file each:
 *
 *	  engine.c            msm.start_engine(): the steps in order
 *	  engine_settings.c   msm.validate_descriptions and msm.log_events
 *	  engine_log.c        structured LOG events ("Log events")
 *	  engine_inventory.c  the models of a namespace, selectors, FK order
 *	  engine_checks.c     tables exist and carry descriptions ("Checks")
 *	  engine_lookup.c     one registry lookup per resource type ("Lookups")
 *	  engine_runtime.c    the runtime and its answer document
 *	  engine_session.c    the session's runtime, its cache and stop_engine
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

#define MSM_BUILTIN_COUNT 39

/* engine_settings.c (doc/settings.md) */
extern bool msm_validate_descriptions;
extern bool msm_log_events;
extern void msm_engine_define_settings(void);

/* engine_log.c: emit event with detail (consumed) when msm.log_events is on */
extern void msm_engine_log_event(const char *event, cJSON *detail);

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
extern MsmModel *msm_engine_load_inventory(const char *ns, int *n);
extern int	msm_engine_match(const MsmModel *models, int n, const char *selector);
extern void msm_engine_unknown_model(const char *selector, const char *ns) pg_attribute_noreturn();
extern MsmModel *msm_engine_resolve(MsmModel *inventory, int ninventory,
									char **req, int nreq, const char *ns,
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

#endif							/* MSM_ENGINE_H */
