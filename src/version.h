/*-------------------------------------------------------------------------
 *
 * version.h
 *	  The library's version against the installed extension's version
 *	  (doc/operations.md, "Versions and upgrades").
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_VERSION_H
#define MSM_VERSION_H

/*
 * ERROR unless the installed msm extension's version (pg_extension's
 * extversion) is the library's MSM_EXTENSION_VERSION, with the hint to run
 * ALTER EXTENSION msm UPDATE.  Does nothing while CREATE or ALTER
 * EXTENSION scripts run, and when msm is not installed.
 */
extern void msm_require_extension_version(void);

#endif							/* MSM_VERSION_H */
