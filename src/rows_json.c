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
 * built-in scalar as its text output.  Where to_jsonb goes through text,
 * the same value is taken directly when it is the same: integers and
 * finite numerics as numerics, text, varchar and bpchar as their bytes.
 * The object is built as one JsonbValue with its keys in jsonb's order
 * (computed once per model), not pushed key by key.  A model with a column of another
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
 * output function for the categories converted through their text.
 * ROWS_JSON_SLOW: not one of the scalars above.
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
			col->json_cat = ROWS_JSON_INTEGER;
			col->json_base = base;
			return;
		case NUMERICOID:
			col->json_cat = ROWS_JSON_NUMERIC;
			return;
		case FLOAT4OID:
		case FLOAT8OID:
			col->json_cat = ROWS_JSON_NUMBER;
			break;
		case TEXTOID:
		case VARCHAROID:
		case BPCHAROID:
			/* their output function is the bytes themselves */
			col->json_cat = ROWS_JSON_TEXT;
			return;
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

/* jsonb's order of object keys: shorter first, then bytewise */
static int
json_key_compare(const void *a, const void *b, void *arg)
{
	RowsCache  *c = (RowsCache *) arg;
	RowsColumn *ca = &c->cols[*(const int *) a];
	RowsColumn *cb = &c->cols[*(const int *) b];

	if (ca->name_len != cb->name_len)
		return ca->name_len < cb->name_len ? -1 : 1;
	return memcmp(ca->name, cb->name, ca->name_len);
}

bool
msm_rows_json_direct(RowsCache *c)
{
	if (c->json_direct == 0)
	{
		int		   *order = MemoryContextAlloc(c->cxt, sizeof(int) * Max(c->ncols, 1));

		for (int i = 0; i < c->ncols; i++)
		{
			json_column(&c->cols[i], c->cxt);
			order[i] = i;
		}
		/* column names are unique: the object needs no de-duplication */
		qsort_arg(order, c->ncols, sizeof(int), json_key_compare, c);
		c->json_order = order;
		c->json_direct = 1;
		for (int i = 0; i < c->ncols; i++)
			if (c->cols[i].json_cat == ROWS_JSON_SLOW)
				c->json_direct = -1;
	}
	return c->json_direct > 0;
}

/* text output s as to_jsonb keeps it: a number, or a string (NaN, infinities) */
static void
number_from_text(char *s, JsonbValue *v)
{
	/* to_jsonb: invalid numeric output always has an N or n in it */
	if (strchr(s, 'N') == NULL && strchr(s, 'n') == NULL)
	{
		v->type = jbvNumeric;
		v->val.numeric = DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(s),
															 ObjectIdGetDatum(InvalidOid),
															 Int32GetDatum(-1)));
		return;
	}
	v->type = jbvString;
	v->val.string.val = s;
	v->val.string.len = strlen(s);
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
		case ROWS_JSON_INTEGER:
			/* the numeric to_jsonb reads back from the integer's text */
			v->type = jbvNumeric;
			v->val.numeric = int64_to_numeric(col->json_base == INT8OID ? DatumGetInt64(d) :
											  col->json_base == INT4OID ? (int64) DatumGetInt32(d) :
											  (int64) DatumGetInt16(d));
			return;
		case ROWS_JSON_NUMERIC:
			{
				Numeric		n = DatumGetNumeric(d);

				/* a finite numeric is what numeric_in reads from its output */
				if (!numeric_is_nan(n) && !numeric_is_inf(n))
				{
					v->type = jbvNumeric;
					v->val.numeric = n;
					return;
				}
				s = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(n)));
				break;
			}
		case ROWS_JSON_NUMBER:
			number_from_text(OutputFunctionCall(&col->json_output, d), v);
			return;
		case ROWS_JSON_TEXT:
			{
				text	   *t = DatumGetTextPP(d);

				v->type = jbvString;
				v->val.string.val = VARDATA_ANY(t);
				v->val.string.len = VARSIZE_ANY_EXHDR(t);
				return;
			}
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

Datum
msm_rows_json_build_values(RowsCache *c, const Datum *values, const bool *nulls)
{
	JsonbValue	obj;
	JsonbPair  *pairs = palloc(sizeof(JsonbPair) * Max(c->ncols, 1));

	Assert(c->json_direct > 0);

	/*
	 * The object as jsonb keeps it, its keys already in jsonb's order
	 * (json_order): converted in one pass, with no parse state.
	 */
	for (int j = 0; j < c->ncols; j++)
	{
		int			i = c->json_order[j];
		RowsColumn *col = &c->cols[i];
		JsonbPair  *pair = &pairs[j];

		pair->key.type = jbvString;
		pair->key.val.string.val = col->name;
		pair->key.val.string.len = col->name_len;
		pair->order = j;
		if (nulls[i])
			pair->value.type = jbvNull;
		else
			column_value(col, values[i], &pair->value);
	}
	obj.type = jbvObject;
	obj.val.object.nPairs = c->ncols;
	obj.val.object.pairs = pairs;
	return JsonbPGetDatum(JsonbValueToJsonb(&obj));
}

/* the row (of c->rowdesc's shape) as a jsonb object, every column a key */
Datum
msm_rows_json_build(RowsCache *c, HeapTuple tuple)
{
	Datum	   *values = palloc(sizeof(Datum) * Max(c->ncols, 1));
	bool	   *nulls = palloc(sizeof(bool) * Max(c->ncols, 1));

	heap_deform_tuple(tuple, c->rowdesc, values, nulls);
	return msm_rows_json_build_values(c, values, nulls);
}
