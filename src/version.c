/*-------------------------------------------------------------------------
 *
 * version.c
 *	  Whether the loaded library matches the installed extension
 *	  (doc/operations.md, "Versions and upgrades").
 *
 * After a package upgrade the server loads the new library while the
 * database still has the SQL objects of the old extension version until
 * ALTER EXTENSION msm UPDATE runs.  Entry points that depend on the SQL
 * objects of their own release call msm_require_extension_version().
 *
 * The installed version is read from pg_extension (an index scan by name)
 * and remembered for the rest of the current command: PostgreSQL 15 has no
 * syscache on pg_extension, and updating its rows sends no relcache
 * invalidation either, so there is no callback to hang a longer-lived
 * cache on.  A new command (or transaction) reads it again, which also
 * sees an ALTER EXTENSION of another session.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/pg_extension.h"
#include "commands/extension.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/memutils.h"
#include "utils/rel.h"

#include "msm.h"
#include "version.h"

#define MSM_EXTENSION_NAME "msm"

/* the last answer, valid for one command of one transaction */
static bool cached_valid = false;
static LocalTransactionId cached_lxid = InvalidLocalTransactionId;
static CommandId cached_cid = InvalidCommandId;
static char *cached_version = NULL;	/* TopMemoryContext; NULL: not installed */

/* extversion of the installed msm extension (palloc'd), NULL when none */
static char *
installed_extension_version(void)
{
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tuple;
	char	   *version = NULL;

	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_extname, BTEqualStrategyNumber, F_NAMEEQ,
				CStringGetDatum(MSM_EXTENSION_NAME));
	scan = systable_beginscan(rel, ExtensionNameIndexId, true, NULL, 1, &key);
	tuple = systable_getnext(scan);
	if (HeapTupleIsValid(tuple))
	{
		bool		isnull;
		Datum		d = heap_getattr(tuple, Anum_pg_extension_extversion,
									 RelationGetDescr(rel), &isnull);

		if (!isnull)
			version = text_to_cstring(DatumGetTextPP(d));
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return version;
}

/* the installed version, read at most once per command */
static const char *
current_installed_version(void)
{
	LocalTransactionId lxid = MyProc->lxid;
	CommandId	cid = GetCurrentCommandId(false);

	if (!cached_valid || cached_lxid != lxid || cached_cid != cid)
	{
		char	   *version = installed_extension_version();

		if (cached_version != NULL)
			pfree(cached_version);
		cached_version = version ? MemoryContextStrdup(TopMemoryContext, version) : NULL;
		cached_lxid = lxid;
		cached_cid = cid;
		cached_valid = true;
	}
	return cached_version;
}

void
msm_require_extension_version(void)
{
	const char *installed;

	/* the extension's own scripts run with the objects half made */
	if (creating_extension)
		return;

	installed = current_installed_version();
	if (installed != NULL && strcmp(installed, MSM_EXTENSION_VERSION) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("msm library version %s does not match the installed extension version %s",
						MSM_EXTENSION_VERSION, installed),
				 errdetail("The server loaded a newer or older msm library than the SQL objects of this database."),
				 errhint("Run ALTER EXTENSION msm UPDATE.")));
}
