/*-------------------------------------------------------------------------
 *
 * msm.h
 *	  What every msm module shares: the schema name and the library
 *	  version.  Each module declares its own settings and interface in its
 *	  own header; doc/architecture.md, "Source layout", lists the files.
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


#endif							/* MSM_H */
