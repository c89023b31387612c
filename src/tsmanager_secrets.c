/*-------------------------------------------------------------------------
 *
 * tsmanager_secrets.c
 *	  The secrets a session holds for TS Manager (tsmanager_secrets.h;
 *	  doc/tsmanager.md, "Credentials" and "Validating answers").
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "tsmanager_secrets.h"

char	   *msm_access_token = NULL;
char	   *msm_runtime_credential_id = NULL;
char	   *msm_runtime_credential_secret = NULL;
char	   *msm_issued_token = NULL;

int
msm_tsmanager_secrets(const char **out)
{
	const char *candidates[MSM_TSMANAGER_SECRETS];
	int			n = 0;

	candidates[0] = msm_access_token;
	candidates[1] = msm_issued_token;
	candidates[2] = msm_runtime_credential_secret;
	for (int i = 0; i < MSM_TSMANAGER_SECRETS; i++)
		if (candidates[i] != NULL && candidates[i][0] != '\0')
			out[n++] = candidates[i];
	return n;
}
