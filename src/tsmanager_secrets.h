/*-------------------------------------------------------------------------
 *
 * tsmanager_secrets.h
 *	  The secrets a session holds for TS Manager (doc/tsmanager.md,
 *	  "Credentials"): the settings msm.access_token,
 *	  msm.runtime_credential_id and msm.runtime_credential_secret (defined
 *	  by registry_tsmanager.c) and the token obtained from the runtime
 *	  credentials.  Kept apart so that the answer validation
 *	  (tsmanager_answer.c) can remove them from any text without depending
 *	  on the registry backend.
 *
 * The settings are GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL so that they never
 * show in pg_settings or SHOW for other roles.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_TSMANAGER_SECRETS_H
#define MSM_TSMANAGER_SECRETS_H

extern char *msm_access_token;
extern char *msm_runtime_credential_id;
extern char *msm_runtime_credential_secret;

/* the token obtained from the runtime credentials (TopMemoryContext), or NULL */
extern char *msm_issued_token;

/* most secrets msm_tsmanager_secrets() lists */
#define MSM_TSMANAGER_SECRETS 3

/*
 * The non-empty secrets of the session (access token, issued token,
 * credential secret) into out[0..n-1]; returns n.
 */
extern int	msm_tsmanager_secrets(const char **out);

#endif							/* MSM_TSMANAGER_SECRETS_H */
