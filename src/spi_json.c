/*-------------------------------------------------------------------------
 *
 * spi_json.c
 *	  Move cJSON documents through SPI as jsonb.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

#include "spi_json.h"

Datum
msm_cjson_to_jsonb(const cJSON *doc)
{
	char	   *text = cJSON_PrintUnformatted(doc);
	Datum		result;

	if (text == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("could not serialize a JSON document")));
	result = DirectFunctionCall1(jsonb_in, CStringGetDatum(text));
	pfree(text);
	return result;
}

cJSON *
msm_jsonb_to_cjson(Datum jsonb)
{
	char	   *text = DatumGetCString(DirectFunctionCall1(jsonb_out, jsonb));
	cJSON	   *doc = cJSON_Parse(text);

	if (doc == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("could not parse a JSON document")));
	pfree(text);
	return doc;
}

cJSON *
msm_spi_json(MemoryContext result_cxt, const char *sql,
			 int nargs, Oid *argtypes, Datum *values, const char *nulls,
			 bool read_only)
{
	int			rc;
	bool		isnull;
	char	   *text;
	MemoryContext old;
	cJSON	   *doc;

	rc = SPI_execute_with_args(sql, nargs, argtypes, values, nulls, read_only, 0);
	if (rc < 0 || SPI_processed != 1 || SPI_tuptable == NULL)
		elog(ERROR, "msm: internal query returned %d (%llu rows)",
			 rc, (unsigned long long) SPI_processed);

	(void) SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (isnull)
		return NULL;
	text = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);

	old = MemoryContextSwitchTo(result_cxt);
	doc = cJSON_Parse(text);
	MemoryContextSwitchTo(old);
	if (doc == NULL)
		elog(ERROR, "msm: internal query returned malformed JSON");
	return doc;
}

const char *
msm_json_string(const cJSON *obj, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (item == NULL || !cJSON_IsString(item))
		return NULL;
	return item->valuestring;
}
