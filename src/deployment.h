/*-------------------------------------------------------------------------
 *
 * deployment.h
 *	  Deployment namespace resolution (doc/naming.md, "Deployment
 *	  namespaces"), the DataSource of this database and their settings.
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

/* This database's DataSource uid (msm.data_source_uid or the install uid). */
extern char *msm_current_data_source_uid(void);

/* settings msm.data_source_uid, msm.physical_schema, msm.auto_register_namespace */
extern char *msm_data_source_uid;
extern char *msm_physical_schema;
extern char *msm_auto_register_namespace;

/* _PG_init: define the settings above */
extern void msm_deployment_define_settings(void);

#endif							/* MSM_DEPLOYMENT_H */
