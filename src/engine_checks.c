/*-------------------------------------------------------------------------
 *
 * engine_checks.c
 *	  The checks of attachment (doc/runtime.md, "Checks"): every table
 *	  exists and, unless msm.validate_descriptions is off, carries table
 *	  and column descriptions.  One error lists every offender.
 *
 * What counts as a missing description is decided by one SQL function,
 * msm._missing_descriptions() (doc/models.md, "Descriptions"), which
 * msm.diagnose() uses too.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"

#include "engine.h"

static const char *descriptions_sql =
"SELECT c.relname::pg_catalog.text, d.column_name::pg_catalog.text"
"  FROM msm._missing_descriptions($1) d"
"  JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) d.rel"
" ORDER BY 1, 2 NULLS FIRST";

static void
check_tables_exist(const MsmModel *models, int n)
{
	StringInfoData missing;
	int			nmissing = 0;

	initStringInfo(&missing);
	for (int i = 0; i < n; i++)
		if (!OidIsValid(models[i].relid))
		{
			appendStringInfo(&missing, "%s%s.%s (model %s)", nmissing ? ", " : "",
							 models[i].physical_schema, models[i].table_name,
							 models[i].model_name);
			nmissing++;
		}
	if (nmissing > 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg_plural("%d markets table does not exist",
							   "%d markets tables do not exist",
							   nmissing, nmissing),
				 errdetail("Missing: %s.", missing.data),
				 errhint("An admin creates them with SELECT msm.migrate_upgrade(); start_engine never creates tables.")));
}

static void
check_descriptions(const MsmModel *models, int n)
{
	Datum	   *oids = palloc(sizeof(Datum) * Max(n, 1));
	Oid			argtypes[1] = {OIDARRAYOID};
	Datum		values[1];
	StringInfoData undescribed;
	int			nundescribed = 0;

	for (int i = 0; i < n; i++)
		oids[i] = ObjectIdGetDatum(models[i].relid);
	values[0] = PointerGetDatum(construct_array(oids, n, OIDOID, sizeof(Oid), true, TYPALIGN_INT));
	if (SPI_execute_with_args(descriptions_sql, 1, argtypes, values, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "msm: could not read table descriptions");
	if (SPI_processed == 0)
		return;

	initStringInfo(&undescribed);
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		char	   *rel = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1);
		char	   *col = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2);

		if (col == NULL)
			appendStringInfo(&undescribed, "%stable %s", nundescribed ? "; " : "", rel);
		else
			appendStringInfo(&undescribed, "%scolumn %s.%s", nundescribed ? "; " : "", rel, col);
		nundescribed++;
	}
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg_plural("%d markets table or column description is missing",
						   "%d markets table or column descriptions are missing",
						   nundescribed, nundescribed),
			 errdetail("Without a description: %s.", undescribed.data),
			 errhint("Describe them with COMMENT ON TABLE / COMMENT ON COLUMN (row grain and business use), "
					 "or SET msm.validate_descriptions = off.")));
}

/* must run between SPI_connect and SPI_finish */
void
msm_engine_check_tables(const MsmModel *models, int n)
{
	check_tables_exist(models, n);
	if (msm_validate_descriptions && n > 0)
		check_descriptions(models, n);
}
