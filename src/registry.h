/*-------------------------------------------------------------------------
 *
 * registry.h
 *	  The MetaTable registry interface shared by both backends.
 *
 * A registry keeps MetaTable rows (doc/tsmanager.md, "Wire calls").  Rows
 * and requests travel as cJSON documents shaped exactly like TS Manager's
 * wire format, so the embedded backend (tables of the extension,
 * registry_embedded.c) and the TS Manager backend (registry_tsmanager.c,
 * over HTTP through the background worker) are interchangeable.  All cJSON
 * memory is palloc'd in CurrentMemoryContext.
 *
 * Each backend registers itself in the table registry.c owns
 * (msm_registry_add_backend, from _PG_init); registry.c selects one by
 * msm.endpoint and never calls a backend other than through this table.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_REGISTRY_H
#define MSM_REGISTRY_H

#include "datatype/timestamp.h"
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
	 * Runtime lookup (doc/tsmanager.md, "Wire calls"): rows whose
	 * physical_table_name is one of names (a List of char *).  schemas (a
	 * List of char *, parallel to names, or NIL) are the physical schemas
	 * the caller expects; they scope the shared lookup cache, never the
	 * request.  management_mode may be NULL (no filter; always NULL for
	 * time-index).  Returns a cJSON array of row objects.
	 */
	cJSON	   *(*lookup) (MsmResourceType type, List *names, List *schemas,
						   const char *management_mode);

	/*
	 * Migration lookup by physical identity: rows of this database's data
	 * source (msm_current_data_source_uid) in one of schemas whose
	 * physical_table_name is one of names (Lists of char *).  Never cached.
	 */
	cJSON	   *(*find) (MsmResourceType type, List *names, List *schemas);

	/*
	 * Reserve rows (a cJSON array of reservation rows); returns the stored
	 * rows in the same order.  Rows that already exist are returned as
	 * stored (the "409 then look up again" path).
	 */
	cJSON	   *(*reserve) (MsmResourceType type, cJSON *rows);

	/* finalize-managed request -> {ok, finalized_count, ..., tables} */
	cJSON	   *(*finalize) (cJSON *request);

	/* register an existing table (the SDK's registration request) -> the stored row */
	cJSON	   *(*register_table) (MsmResourceType type, cJSON *request);
} MsmRegistryBackend;

/* The backends msm knows; each registers itself. */
typedef enum MsmRegistryKind
{
	MSM_REGISTRY_EMBEDDED,		/* registry_embedded.c */
	MSM_REGISTRY_TSMANAGER,		/* registry_tsmanager.c */
	MSM_REGISTRY_KINDS
} MsmRegistryKind;

extern void msm_registry_add_backend(MsmRegistryKind kind, const MsmRegistryBackend *backend);

/* _PG_init: each backend adds itself to the table */
extern void msm_registry_embedded_register(void);
extern void msm_registry_tsmanager_register(void);

/* setting msm.endpoint: TS Manager base URL, empty = embedded registry */
extern char *msm_endpoint;

/* _PG_init: define msm.endpoint */
extern void msm_registry_define_settings(void);

/* true when the registry is TS Manager over HTTP (msm.endpoint set) */
extern bool msm_tsmanager_mode(void);

/* The backend selected by msm.endpoint. */
extern const MsmRegistryBackend *msm_registry(void);

extern const char *msm_resource_type_name(MsmResourceType type);
extern MsmResourceType msm_resource_type_from_name(const char *name);

/* Bound the wait of the next registry calls (start_engine's timeout_ms; 0 = none). */
extern void msm_registry_set_timeout(int timeout_ms);

/* The bound set by msm_registry_set_timeout: ms (0 = none) and its deadline. */
extern int	msm_registry_call_timeout_ms(void);
extern TimestampTz msm_registry_call_deadline(void);

#endif							/* MSM_REGISTRY_H */
