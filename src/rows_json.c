/*-------------------------------------------------------------------------
 *
 * rows_json.c
 *	  The row API's result rows as jsonb (doc/rows.md, "Row API"), built
 *	  from per-column output information kept in the model's row cache
 *	  instead of to_jsonb(record), which looks every column's type up again
 *	  on every call (doc/benchmarks.md, "Growth with the number of models").
 *
 * The values are exactly to_jsonb's: booleans as JSON booleans, int2/4/8,
 * float4/8 and numeric as JSON numbers (a NaN or infinity as a string),
 * date and timestamps in JSON's ISO form (JsonEncodeDateTime), every other
 * built-in scalar as its text output.  A model with a column of another
 * kind (json, jsonb, arrays, composites, types of extensions, which may
 * have a cast to json) keeps to_jsonb(record) for the whole row.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/transam.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"

#include "rows_json.h"

/*
 * The category of a column as to_jsonb sees it (its base type), and the
 * output function for numbers and strings.  ROWS_JSON_SLOW: not one of the
 * scalars above.
 */
static void
json_column(RowsColumn *col, MemoryContext cxt)
{
	Oid			base = getBaseType(col->typid);
	Oid			output;
	bool		varlena;

	switch (base)
	{
		case BOOLOID:
			col->json_cat = ROWS_JSON_BOOL;
			return;
		case INT2OID:
		case INT4OID:
		case INT8OID:
		case FLOAT4OID:
		case FLOAT8OID:
		case NUMERICOID:
			col->json_cat = ROWS_JSON_NUMBER;
			break;
		case DATEOID:
		case TIMESTAMPOID:
		case TIMESTAMPTZOID:
			col->json_cat = ROWS_JSON_DATETIME;
			col->json_base = base;
			return;
		case JSONOID:
		case JSONBOID:
			col->json_cat = ROWS_JSON_SLOW;
			return;
		default:
			if (base >= FirstNormalObjectId || OidIsValid(get_element_type(base)) ||
				type_is_rowtype(base) || base == ANYARRAYOID ||
				base == ANYCOMPATIBLEARRAYOID || base == RECORDARRAYOID)
			{
				col->json_cat = ROWS_JSON_SLOW;
				return;
			}
			col->json_cat = ROWS_JSON_STRING;
			break;
	}
	getTypeOutputInfo(base, &output, &varlena);
	fmgr_info_cxt(output, &col->json_output, cxt);
}

bool
msm_rows_json_direct(RowsCache *c)
{
	if (c->json_direct == 0)
	{
		c->json_direct = 1;
		for (int i = 0; i < c->ncols; i++)
		{
			json_column(&c->cols[i], c->cxt);
			if (c->cols[i].json_cat == ROWS_JSON_SLOW)
				c->json_direct = -1;
		}
	}
	return c->json_direct > 0;
}

/* one non-null value as to_jsonb converts it */
static void
column_value(RowsColumn *col, Datum d, JsonbValue *v)
{
	char	   *s;

	switch (col->json_cat)
	{
		case ROWS_JSON_BOOL:
			v->type = jbvBool;
			v->val.boolean = DatumGetBool(d);
			return;
		case ROWS_JSON_NUMBER:
			s = OutputFunctionCall(&col->json_output, d);
			/* to_jsonb: invalid numeric output always has an N or n in it */
			if (strchr(s, 'N') == NULL && strchr(s, 'n') == NULL)
			{
				v->type = jbvNumeric;
				v->val.numeric = DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(s),
																	 ObjectIdGetDatum(InvalidOid),
																	 Int32GetDatum(-1)));
				return;
			}
			break;
		case ROWS_JSON_DATETIME:
			s = JsonEncodeDateTime(NULL, d, col->json_base, NULL);
			break;
		default:
			s = OutputFunctionCall(&col->json_output, d);
			break;
	}
	v->type = jbvString;
	v->val.string.val = s;
	v->val.string.len = strlen(s);
}

/* the row (of c->rowdesc's shape) as a jsonb object, every column a key */
Datum
msm_rows_json_build(RowsCache *c, HeapTuple tuple)
{
	Datum	   *values = palloc(sizeof(Datum) * Max(c->ncols, 1));
	bool	   *nulls = palloc(sizeof(bool) * Max(c->ncols, 1));
	JsonbParseState *state = NULL;
	JsonbValue *res;

	Assert(c->json_direct > 0);
	heap_deform_tuple(tuple, c->rowdesc, values, nulls);
	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	for (int i = 0; i < c->ncols; i++)
	{
		RowsColumn *col = &c->cols[i];
		JsonbValue	k;
		JsonbValue	v;

		k.type = jbvString;
		k.val.string.val = col->name;
		k.val.string.len = col->name_len;
		pushJsonbValue(&state, WJB_KEY, &k);
		if (nulls[i])
			v.type = jbvNull;
		else
			column_value(col, values[i], &v);
		pushJsonbValue(&state, WJB_VALUE, &v);
	}
	res = pushJsonbValue(&state, WJB_END_OBJECT, NULL);
	return JsonbPGetDatum(JsonbValueToJsonb(res));
}
