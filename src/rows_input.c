/*-------------------------------------------------------------------------
 *
 * rows_input.c
 *	  JSON input of the row API (doc/rows.md, "Row API").
 *
 * Values.  JSON strings, numbers and booleans become the text their column
 * type's input function reads; objects and arrays fit json/jsonb columns
 * only (a json/jsonb column always gets the JSON value itself).  Values go
 * to the statement as parameters typed like their column, so bad values get
 * PostgreSQL's own errors (invalid input syntax for type uuid, value too
 * long for type character varying(255), ...) with a context line naming the
 * column.  JSON null is SQL NULL.  Upsert keys must be present, not null.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"

#include "rows_input.h"
#include "rows_plan.h"

/* error context while converting values */
typedef struct RowsValueContext
{
	RowsCache  *cache;
	RowsColumn *col;
	int			element;		/* rows element, or -1 */
} RowsValueContext;

/* "name" with embedded quotes doubled, from a (not terminated) buffer */
static void
append_quoted(StringInfo buf, const char *s, int len)
{
	appendStringInfoChar(buf, '"');
	for (int i = 0; i < len; i++)
	{
		if (s[i] == '"')
			appendStringInfoChar(buf, '"');
		appendStringInfoChar(buf, s[i]);
	}
	appendStringInfoChar(buf, '"');
}

/* one more quoted name of a list: n names so far, buf set up by the first */
static void
append_listed(StringInfo buf, int *n, const char *s, int len)
{
	if ((*n)++ == 0)
		initStringInfo(buf);
	else
		appendStringInfoString(buf, ", ");
	append_quoted(buf, s, len);
}

const char *
msm_rows_json_type_name(JsonbValue *v)
{
	if (v->type == jbvBinary)
		return JsonContainerIsObject(v->val.binary.data) ? "object" :
			JsonContainerIsArray(v->val.binary.data) ? "array" : "scalar";
	return JsonbTypeName(v);
}

const char *
msm_rows_jsonb_root_type_name(Jsonb *jb)
{
	JsonbValue	v;

	if (JB_ROOT_IS_SCALAR(jb))
	{
		JsonbExtractScalar(&jb->root, &v);
		return JsonbTypeName(&v);
	}
	return JB_ROOT_IS_OBJECT(jb) ? "object" : "array";
}

/* a, b, ...: the column names idx[0..n-1], or every column when idx is NULL */
static char *
name_list(RowsCache *c, int n, const int *idx)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (int j = 0; j < n; j++)
	{
		if (j > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfoString(&buf, c->cols[idx ? idx[j] : j].name);
	}
	return buf.data;
}

static char *
key_list(RowsCache *c)
{
	return name_list(c, c->nkeys, c->keys);
}

static char *
column_list(RowsCache *c)
{
	return name_list(c, c->ncols, NULL);
}

char *
msm_rows_column_names(RowsCache *c)
{
	return column_list(c);
}

char *
msm_rows_key_names(RowsCache *c)
{
	return key_list(c);
}

static const char *
rows_example(RowsCache *c)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (int k = 0; k < c->nkeys; k++)
	{
		if (k > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfo(&buf, "\"%s\": ...", c->cols[c->keys[k]].name);
	}
	appendStringInfoChar(&buf, '}');
	return buf.data;
}

char *
msm_rows_model_arg(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("model must not be null"),
				 errdetail("The model argument is NULL."),
				 errhint("Pass the name of a model of the runtime, e.g. 'Asset'; SELECT msm.runtime_tables(); lists them.")));
	return text_to_cstring(PG_GETARG_TEXT_PP(0));
}

/* the row or key argument: a JSON object */
Jsonb *
msm_rows_object_arg(FunctionCallInfo fcinfo, int argno, const char *what,
					RowsCache *c)
{
	Jsonb	   *jb;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", what),
				 errdetail("The %s argument is NULL.", what),
				 errhint("Pass the %s as a JSON object, e.g. '%s'.", what, rows_example(c))));
	jb = PG_GETARG_JSONB_P(argno);
	if (!JB_ROOT_IS_OBJECT(jb))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a JSON object", what),
				 errdetail("Got a JSON %s.", msm_rows_jsonb_root_type_name(jb)),
				 errhint("Pass the %s as a JSON object, e.g. '%s'.", what, rows_example(c))));
	return jb;
}

/* ---------------------------------------------------------------------
 * Values
 * ---------------------------------------------------------------------
 */
static void
rows_value_context(void *arg)
{
	RowsValueContext *ctx = (RowsValueContext *) arg;

	if (ctx->col == NULL)
		return;
	if (ctx->element >= 0)
		errcontext("column \"%s\" of model %s, rows element %d",
				   ctx->col->name, ctx->cache->model, ctx->element);
	else
		errcontext("column \"%s\" of model %s", ctx->col->name, ctx->cache->model);
}

/* text form of a JSON value for an input function */
static char *
rows_value_cstring(JsonbValue *v, bool as_json)
{
	switch (v->type)
	{
		case jbvString:
			if (as_json)
			{
				StringInfoData buf;

				initStringInfo(&buf);
				escape_json(&buf, pnstrdup(v->val.string.val, v->val.string.len));
				return buf.data;
			}
			return pnstrdup(v->val.string.val, v->val.string.len);
		case jbvNumeric:
			return DatumGetCString(DirectFunctionCall1(numeric_out,
													   NumericGetDatum(v->val.numeric)));
		case jbvBool:
			return pstrdup(v->val.boolean ? "true" : "false");
		case jbvBinary:
			return JsonbToCString(NULL, v->val.binary.data, v->val.binary.len);
		default:
			elog(ERROR, "msm: unexpected JSON value type %d", (int) v->type);
	}
	return NULL;				/* keep compiler quiet */
}

static Datum
rows_value_datum(RowsCache *c, RowsColumn *col, JsonbValue *v, bool *isnull)
{
	if (v->type == jbvNull)
	{
		*isnull = true;
		return (Datum) 0;
	}
	*isnull = false;
	if (v->type == jbvBinary && col->kind == ROWS_VALUE_TEXT)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"%s\" of model %s is of type %s and cannot take a JSON %s",
						col->name, c->model, format_type_with_typemod(col->typid, col->typmod),
						msm_rows_json_type_name(v)),
				 errdetail("Only json and jsonb columns take JSON objects and arrays."),
				 errhint("Pass a JSON string, number or boolean; objects and arrays fit json and jsonb columns only.")));
	if (col->kind == ROWS_VALUE_JSONB)
		return JsonbPGetDatum(JsonbValueToJsonb(v));
	return InputFunctionCall(&col->input,
							 rows_value_cstring(v, col->kind == ROWS_VALUE_JSON),
							 col->ioparam, col->typmod);
}

static int
rows_find_column(RowsCache *c, const char *key, int len, int guess)
{
	if (guess >= 0 && guess < c->ncols && c->cols[guess].name_len == len &&
		memcmp(c->cols[guess].name, key, len) == 0)
		return guess;
	for (int i = 0; i < c->ncols; i++)
	{
		if (c->cols[i].name_len == len && memcmp(c->cols[i].name, key, len) == 0)
			return i;
	}
	return -1;
}

void
msm_rows_input_init(RowsCache *c, RowsInput *in)
{
	in->provided = palloc0(c->ncols);
	in->jv = palloc(sizeof(JsonbValue) * Max(c->ncols, 1));
	in->values = palloc0(sizeof(Datum) * Max(c->ncols, 1));
	in->nulls = palloc0(sizeof(bool) * Max(c->ncols, 1));
}

/*
 * Match the keys of a JSON object to columns (in->provided, in->jv).
 * Unknown keys are one error naming all of them.  guess (may be NULL)
 * remembers the column of each key position between calls.
 */
void
msm_rows_match_object(RowsCache *c, JsonbContainer *obj, RowsInput *in,
					  int *guess, int element, const char *what)
{
	JsonbIterator *it = JsonbIteratorInit(obj);
	JsonbValue	k;
	JsonbValue	v;
	JsonbIteratorToken tok;
	StringInfoData unknown;
	int			nunknown = 0;
	int			pos = 0;

	memset(in->provided, 0, c->ncols);
	while ((tok = JsonbIteratorNext(&it, &k, true)) != WJB_DONE)
	{
		int			i;

		if (tok != WJB_KEY)
			continue;
		tok = JsonbIteratorNext(&it, &v, true);
		Assert(tok == WJB_VALUE);
		i = rows_find_column(c, k.val.string.val, k.val.string.len,
							 guess && pos < c->ncols ? guess[pos] : -1);
		if (guess && pos < c->ncols)
			guess[pos] = i;
		pos++;
		if (i < 0)
		{
			append_listed(&unknown, &nunknown, k.val.string.val, k.val.string.len);
			continue;
		}
		in->provided[i] = true;
		in->jv[i] = v;
	}
	if (nunknown > 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 element >= 0 ?
				 errmsg_plural("rows element %d has unknown key for model %s: %s",
							   "rows element %d has unknown keys for model %s: %s",
							   nunknown, element, c->model, unknown.data) :
				 errmsg_plural("unknown key in %s for model %s: %s",
							   "unknown keys in %s for model %s: %s",
							   nunknown, what, c->model, unknown.data),
				 errdetail("Table %s has the columns %s.", c->qualified, column_list(c)),
				 errhint("Keys of %s must be column names of table %s.", what, c->qualified)));
}

/* every upsert key present and not null */
void
msm_rows_check_keys(RowsCache *c, RowsInput *in, int element, const char *what)
{
	StringInfoData missing;
	int			nmissing = 0;

	for (int k = 0; k < c->nkeys; k++)
	{
		int			i = c->keys[k];

		if (!in->provided[i])
		{
			append_listed(&missing, &nmissing, c->cols[i].name, c->cols[i].name_len);
		}
	}
	if (nmissing > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 element >= 0 ?
				 errmsg_plural("rows element %d lacks upsert key %s of model %s",
							   "rows element %d lacks upsert keys %s of model %s",
							   nmissing, element, missing.data, c->model) :
				 errmsg_plural("%s lacks upsert key %s of model %s",
							   "%s lacks upsert keys %s of model %s",
							   nmissing, what, missing.data, c->model),
				 errdetail("Model %s is keyed by (%s).", c->model, key_list(c)),
				 element >= 0 ?
				 errhint("Give every upsert key in every row.") :
				 errhint_plural("Add the missing key to the %s.",
								"Add the missing keys to the %s.",
								nmissing, what)));
	for (int k = 0; k < c->nkeys; k++)
	{
		int			i = c->keys[k];

		if (in->jv[i].type == jbvNull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 element >= 0 ?
					 errmsg("upsert key \"%s\" of model %s is null in rows element %d",
							c->cols[i].name, c->model, element) :
					 errmsg("upsert key \"%s\" of model %s must not be null",
							c->cols[i].name, c->model),
					 errdetail("Rows are matched on (%s); a null key matches no row.", key_list(c)),
					 errhint("Give a non-null value for every upsert key.")));
	}
}

/* convert the provided values through their input functions */
void
msm_rows_convert(RowsCache *c, RowsInput *in, int element)
{
	RowsValueContext ctx;
	ErrorContextCallback cb;

	ctx.cache = c;
	ctx.col = NULL;
	ctx.element = element;
	cb.callback = rows_value_context;
	cb.arg = &ctx;
	cb.previous = error_context_stack;
	error_context_stack = &cb;
	for (int i = 0; i < c->ncols; i++)
	{
		if (!in->provided[i])
			continue;
		ctx.col = &c->cols[i];
		in->values[i] = rows_value_datum(c, &c->cols[i], &in->jv[i], &in->nulls[i]);
	}
	error_context_stack = cb.previous;
}

/* a row: keys matched, checked and converted */
void
msm_rows_read_row(RowsCache *c, Jsonb *row, RowsInput *in)
{
	msm_rows_input_init(c, in);
	msm_rows_match_object(c, &row->root, in, NULL, -1, "row");
	msm_rows_check_keys(c, in, -1, "row");
	msm_rows_convert(c, in, -1);
}

/* a key: exactly the upsert keys */
void
msm_rows_read_key(RowsCache *c, Jsonb *key, RowsInput *in)
{
	StringInfoData extra;
	int			nextra = 0;

	msm_rows_input_init(c, in);

	/* the usual key, exactly the upsert keys: each found by its name */
	if (JsonContainerIsObject(&key->root) && JsonContainerSize(&key->root) == (uint32) c->nkeys)
	{
		int			k;

		for (k = 0; k < c->nkeys; k++)
		{
			RowsColumn *col = &c->cols[c->keys[k]];

			if (getKeyJsonValueFromContainer(&key->root, col->name, col->name_len,
											 &in->jv[c->keys[k]]) == NULL)
				break;
			in->provided[c->keys[k]] = true;
		}
		if (k == c->nkeys)
		{
			msm_rows_check_keys(c, in, -1, "key");
			msm_rows_convert(c, in, -1);
			return;
		}
	}
	msm_rows_match_object(c, &key->root, in, NULL, -1, "key");
	for (int i = 0; i < c->ncols; i++)
	{
		bool		is_key = false;

		if (!in->provided[i])
			continue;
		for (int k = 0; k < c->nkeys && !is_key; k++)
			is_key = c->keys[k] == i;
		if (is_key)
			continue;
		append_listed(&extra, &nextra, c->cols[i].name, c->cols[i].name_len);
	}
	if (nextra > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("key of model %s may only name its upsert keys, not %s", c->model, extra.data),
				 errdetail("Model %s is keyed by (%s).", c->model, key_list(c)),
				 errhint("Pass exactly the upsert keys, e.g. '{\"%s\": ...}'.",
						 c->cols[c->keys[0]].name)));
	msm_rows_check_keys(c, in, -1, "key");
	msm_rows_convert(c, in, -1);
}
