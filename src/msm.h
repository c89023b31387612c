/*-------------------------------------------------------------------------
 *
 * msm.h
 *	  Shared declarations of the msm extension: the schema, the library
 *	  version and the settings msm.c defines.
 *
 * Each concern lives in its own file (doc/architecture.md, "Source
 * layout"), for example:
 *	  msm.c               module init and the row/engine settings (GUCs)
 *	  names.c             physical/constraint/logical naming rules
 *	                      (doc/naming.md)
 *	  registry.h          the registry interface (lookup, reserve, finalize,
 *	                      register), the backend table and msm.endpoint
 *	  registry_embedded.c the embedded registry (tables of the extension)
 *	  registry_tsmanager.c the TS Manager registry (over HTTP)
 *	  http_client.c       backend side of the HTTP transport
 *	  http_slots.c        slot protocol shared with the http worker
 *	  http_worker.c       the msm http worker (http_easy.c: one transfer)
 *	  shmem.c             the shared memory hooks
 *	  version.c           library version against the installed extension
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_H
#define MSM_H

#include "postgres.h"

/* the row API's settings (rows_settings.c), which engine.c also reads */
#include "rows.h"

#define MSM_SCHEMA "msm"
#ifndef MSM_EXTENSION_VERSION
#error "MSM_EXTENSION_VERSION comes from msm.control through the Makefile"
#endif

/* settings (msm.c); the other modules declare their own */
extern bool msm_validate_descriptions;
extern bool msm_log_events;

#endif							/* MSM_H */
