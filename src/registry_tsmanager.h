/*-------------------------------------------------------------------------
 *
 * registry_tsmanager.h
 *	  Settings of the TS Manager registry backend (registry_tsmanager.c):
 *	  credentials and the retry policy (doc/tsmanager.md, "Credentials",
 *	  "Failures and retries").  The backend itself is reached through the
 *	  registry interface (registry.h).
 *
 * The secrets are GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL so that they never
 * show in pg_settings or SHOW for other roles.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_REGISTRY_TSMANAGER_H
#define MSM_REGISTRY_TSMANAGER_H

#include "nodes/pg_list.h"

#include "tsmanager_secrets.h"

extern int	msm_http_max_retries;

/*
 * POST body (JSON text) to TS Manager's path under /api/v1 (e.g.
 * "/meta-tables/execute-operation/"), with the retries, authentication and
 * error messages of every call (doc/tsmanager.md, "Failures and
 * retries"); replay_safe false: sent again only when TS Manager surely did
 * not process it.  Returns the 2xx answer body in the database encoding
 * (valid UTF-8 checked), *len its length.
 */
extern char *msm_tsmanager_post(const char *what, const char *path, const char *body,
								bool replay_safe, int request_timeout_ms, size_t *len);

/* _PG_init: define the settings above */
extern void msm_tsmanager_define_settings(void);

/* registry_keys.c: names sorted (code point order) and unique; unique in first order */
extern List *msm_sorted_unique(List *names);
extern List *msm_first_unique(List *names);

/*
 * registry_keys.c: the identity of the token in use for the lookup cache
 * key, a SHA-256 prefix in hex of what (the access token, or the runtime
 * credential id when credentials is true); never the secret itself.
 */
extern char *msm_token_identity(bool credentials, const char *what);

#endif							/* MSM_REGISTRY_TSMANAGER_H */
