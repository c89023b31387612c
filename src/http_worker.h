/*-------------------------------------------------------------------------
 *
 * http_worker.h
 *	  The msm http worker: the background worker that owns libcurl and
 *	  serves the HTTP requests of every backend (doc/tsmanager.md, "HTTP
 *	  worker").  Backends talk to it only through the slots of
 *	  http_slots.h.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_HTTP_WORKER_H
#define MSM_HTTP_WORKER_H

#include "postgres.h"

/* _PG_init: register the worker (shared_preload_libraries only) */
extern void msm_http_worker_register(void);

extern PGDLLEXPORT void msm_http_worker_main(Datum main_arg);

#endif							/* MSM_HTTP_WORKER_H */
