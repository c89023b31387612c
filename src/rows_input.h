/*-------------------------------------------------------------------------
 *
 * rows_input.h
 *	  JSON input of the row API (doc/rows.md, "Row API"): row and key
 *	  objects matched to the columns of a model table and converted to
 *	  column values.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_ROWS_INPUT_H
#define MSM_ROWS_INPUT_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/jsonb.h"

#include "rows_plan.h"

/* one JSON object read into column slots */
typedef struct RowsInput
{
	bool	   *provided;
	JsonbValue *jv;				/* the JSON value of each provided column */
	Datum	   *values;
	bool	   *nulls;
} RowsInput;

/* argument 0 of a row function: the model, not null */
extern char *msm_rows_model_arg(FunctionCallInfo fcinfo);

/* argument argno: the row or key (what) as a JSON object, not null */
extern Jsonb *msm_rows_object_arg(FunctionCallInfo fcinfo, int argno,
								  const char *what, RowsCache *c);

/* a row: keys matched, checked and converted */
extern void msm_rows_read_row(RowsCache *c, Jsonb *row, RowsInput *in);

/* a key: exactly the upsert keys, matched, checked and converted */
extern void msm_rows_read_key(RowsCache *c, Jsonb *key, RowsInput *in);

/* The steps of msm_rows_read_row, for batches (element = rows element). */
extern void msm_rows_input_init(RowsCache *c, RowsInput *in);

/*
 * Match the keys of a JSON object to columns (in->provided, in->jv).
 * Unknown keys are one error naming all of them.  guess (may be NULL)
 * remembers the column of each key position between calls.  element is
 * the rows element, or -1 for a single object called what.
 */
extern void msm_rows_match_object(RowsCache *c, JsonbContainer *obj,
								  RowsInput *in, int *guess, int element,
								  const char *what);

/* every upsert key present and not null */
extern void msm_rows_check_keys(RowsCache *c, RowsInput *in, int element,
								const char *what);

/* convert the provided values through their input functions */
extern void msm_rows_convert(RowsCache *c, RowsInput *in, int element);

/* "a, b, c": the table's columns, the upsert keys (messages) */
extern char *msm_rows_column_names(RowsCache *c);
extern char *msm_rows_key_names(RowsCache *c);

/* "object", "array", "string", ... of a JSON value, for messages */
extern const char *msm_rows_json_type_name(JsonbValue *v);
extern const char *msm_rows_jsonb_root_type_name(Jsonb *jb);

#endif							/* MSM_ROWS_INPUT_H */
