/*-------------------------------------------------------------------------
 *
 * registry.h
 *	  The MetaTable registry interface shared by both backends.
 *
 * A registry keeps MetaTable rows (SPEC 9).  Rows and requests travel as
 * cJSON documents shaped exactly like TS Manager's wire format, so the
 * embedded backend (tables of the extension, registry_embedded.c) and the
 * HTTP backend (TS Manager through the background worker) are
 * interchangeable.  All cJSON memory is palloc'd in CurrentMemoryContext.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_REGISTRY_H
#define MSM_REGISTRY_H

#include "nodes/pg_list.h"

#include <cjson/cJSON.h>

typedef enum MsmResourceType
{
	MSM_RESOURCE_META_TABLE,	/* /meta-tables/ */
	MSM_RESOURCE_TIME_INDEX		/* /time-index-meta-tables/ */
} MsmResourceType;

typedef struct MsmRegistryBackend
{
	const char *name;

	/*
	 * Rows whose physical_table_name is one of names (a List of char *).
	 * management_mode may be NULL (no filter; always NULL for time-index).
	 * Returns a cJSON array of row objects.
	 */
	cJSON	   *(*lookup) (MsmResourceType type, List *names,
						   const char *management_mode);

	/*
	 * Reserve rows (a cJSON array of reservation rows); returns the stored
	 * rows in the same order.  Rows that already exist are returned as
	 * stored (the "409 then look up again" path).
	 */
	cJSON	   *(*reserve) (MsmResourceType type, cJSON *rows);

	/* finalize-managed request -> {ok, finalized_count, ..., tables} */
	cJSON	   *(*finalize) (cJSON *request);

	/* register an external_registered table -> the stored row */
	cJSON	   *(*register_table) (cJSON *request);
} MsmRegistryBackend;

extern const MsmRegistryBackend msm_embedded_registry;

/* TS Manager over HTTP (registry_http.c); errors when not available */
extern const MsmRegistryBackend *msm_http_registry(void);

/* The backend selected by msm.endpoint. */
extern const MsmRegistryBackend *msm_registry(void);

extern const char *msm_resource_type_name(MsmResourceType type);
extern MsmResourceType msm_resource_type_from_name(const char *name);

/* Bound the wait of the next registry calls (start_engine's timeout_ms; 0 = none). */
extern void msm_registry_set_timeout(int timeout_ms);

/* POST a compiled-sql.v1 envelope to TS Manager's execute-operation endpoint. */
extern cJSON *msm_ts_manager_execute(cJSON *envelope);

/* This database's DataSource uid (msm.data_source_uid or the install uid). */
extern char *msm_current_data_source_uid(void);

#endif							/* MSM_REGISTRY_H */
