/*-------------------------------------------------------------------------
 *
 * rows_settings.c
 *	  The settings of the row API (doc/settings.md; doc/rows.md, "Execution
 *	  and limits"): the default limits a runtime takes when
 *	  msm.start_engine() runs, where row operations run, and the chunk size
 *	  of large batches (doc/rows.md, "Large batches").
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <limits.h>

#include "utils/guc.h"

#include "rows_settings.h"

int			msm_default_max_rows = 1000;
int			msm_default_statement_timeout_ms = 15000;
int			msm_execution = MSM_EXECUTION_LOCAL;
int			msm_upsert_chunk_rows = MSM_UPSERT_CHUNK_ROWS_DEFAULT;

static const struct config_enum_entry execution_options[] = {
	{"local", MSM_EXECUTION_LOCAL, false},
	{"platform", MSM_EXECUTION_PLATFORM, false},
	{NULL, 0, false}
};

void
msm_rows_define_settings(void)
{
	DefineCustomIntVariable("msm.default_max_rows",
							"Default max_rows limit of row operations.",
							NULL, &msm_default_max_rows, 1000, 1, INT_MAX,
							PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("msm.default_statement_timeout_ms",
							"Default statement_timeout_ms limit of row operations.",
							NULL, &msm_default_statement_timeout_ms, 15000, 1, INT_MAX,
							PGC_USERSET, GUC_UNIT_MS, NULL, NULL, NULL);
	DefineCustomEnumVariable("msm.execution",
							 "Where row operations run: local (this database) or platform (TS Manager).",
							 NULL, &msm_execution, MSM_EXECUTION_LOCAL, execution_options,
							 PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("msm.upsert_chunk_rows",
							"Rows per statement of a large msm.upsert_many batch.",
							"Larger batches are sorted by key with a spilling sort and written in chunks of this many rows, in bounded memory.",
							&msm_upsert_chunk_rows, MSM_UPSERT_CHUNK_ROWS_DEFAULT, 1, INT_MAX,
							PGC_USERSET, 0, NULL, NULL, NULL);
}
