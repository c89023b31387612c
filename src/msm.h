/*-------------------------------------------------------------------------
 *
 * msm.h
 *	  Shared declarations of the msm extension: settings and small helpers.
 *
 * Each concern lives in its own file:
 *	  msm.c               module init and settings (GUCs)
 *	  names.c             physical/constraint/logical naming rules (SPEC 3)
 *	  registry.h          the registry interface (lookup, reserve, finalize,
 *	                      register) shared by both backends
 *	  registry_embedded.c the embedded registry (tables of the extension)
 *	  registry_sql.c      SQL entry points that dispatch to a backend
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_H
#define MSM_H

#include "postgres.h"

#define MSM_SCHEMA "msm"
#ifndef MSM_EXTENSION_VERSION
#error "MSM_EXTENSION_VERSION comes from msm.control through the Makefile"
#endif

/* settings (msm.c) */
extern char *msm_endpoint;
extern char *msm_access_token;
extern char *msm_runtime_credential_id;
extern char *msm_runtime_credential_secret;
extern char *msm_data_source_uid;
extern char *msm_physical_schema;
extern char *msm_auto_register_namespace;
extern int	msm_http_timeout_ms;
extern int	msm_http_connect_timeout_ms;
extern int	msm_http_max_retries;
extern int	msm_lookup_cache_ttl_s;
extern char *msm_tls_ca_file;
extern bool msm_tls_verify;
extern int	msm_default_max_rows;
extern int	msm_default_statement_timeout_ms;
extern int	msm_execution;

typedef enum MsmExecution
{
	MSM_EXECUTION_LOCAL,
	MSM_EXECUTION_PLATFORM
} MsmExecution;

/* true when the registry is TS Manager over HTTP (msm.endpoint set) */
static inline bool
msm_http_mode(void)
{
	return msm_endpoint != NULL && msm_endpoint[0] != '\0';
}

#endif							/* MSM_H */
