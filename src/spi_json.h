/*-------------------------------------------------------------------------
 *
 * spi_json.h
 *	  Small helpers to move cJSON documents through SPI as jsonb.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_SPI_JSON_H
#define MSM_SPI_JSON_H

#include "postgres.h"

#include <cjson/cJSON.h>

/* jsonb Datum of a cJSON document (allocated in CurrentMemoryContext) */
extern Datum msm_cjson_to_jsonb(const cJSON *doc);

/* cJSON document of a jsonb Datum */
extern cJSON *msm_jsonb_to_cjson(Datum jsonb);

/*
 * Run a query returning one jsonb (or json/text) value and parse it into a
 * cJSON document allocated in result_cxt.  Must be called between
 * SPI_connect and SPI_finish.  NULL result -> NULL.
 */
extern cJSON *msm_spi_json(MemoryContext result_cxt, const char *sql,
						   int nargs, Oid *argtypes, Datum *values,
						   const char *nulls, bool read_only);

/* string member of an object, or NULL when absent or JSON null */
extern const char *msm_json_string(const cJSON *obj, const char *key);

#endif							/* MSM_SPI_JSON_H */
