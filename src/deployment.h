/*-------------------------------------------------------------------------
 *
 * deployment.h
 *	  Deployment namespace resolution (SPEC 3.4).
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_DEPLOYMENT_H
#define MSM_DEPLOYMENT_H

/*
 * Effective deployment namespace: the argument (NULL or blank = not given),
 * else msm.auto_register_namespace, else "" (none).  The result is trimmed
 * and validated (it must yield a non-empty physical suffix).
 */
extern char *msm_resolve_namespace(const char *arg);

#endif							/* MSM_DEPLOYMENT_H */
