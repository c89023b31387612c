/*-------------------------------------------------------------------------
 *
 * shmem.h
 *	  The one place that sets up msm's part of the main shared memory.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_SHMEM_H
#define MSM_SHMEM_H

/*
 * _PG_init, while shared_preload_libraries is processed (and not under
 * pg_upgrade): install the shmem request and startup hooks.
 */
extern void msm_shmem_init(void);

#endif							/* MSM_SHMEM_H */
