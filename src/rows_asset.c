/*-------------------------------------------------------------------------
 *
 * rows_asset.c
 *	  msm.upsert_asset(unique_identifier, asset_type): the typed Asset
 *	  upsert (doc/rows.md, "Row API").
 *
 * It runs on the same templates as msm.upsert('Asset', ...): asset_type
 * given -> {unique_identifier, asset_type}; asset_type NULL ->
 * {unique_identifier} (not provided: an existing row keeps its asset_type,
 * a new row gets NULL).  Values are checked here and passed as they are
 * (text is binary-compatible with the varchar columns); asset_type is
 * normalised first (trim, lowercase, whitespace runs to "_").
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_collation.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/formatting.h"
#include "utils/jsonb.h"


#include "compiled_sql.h"
#include "rows_exec.h"
#include "rows_platform.h"
#include "rows_plan.h"
#include "runtime.h"

PG_FUNCTION_INFO_V1(msm_upsert_asset);

#define ASSET_IDENTIFIER_MAX 255
#define ASSET_TYPE_MAX 64

static inline bool
is_ascii_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

static text *
normalize_asset_type(text *in)
{
	const char *s = VARDATA_ANY(in);
	int			len = VARSIZE_ANY_EXHDR(in);
	char	   *low;
	text	   *out;
	char	   *d;
	bool		ascii = true;
	bool		in_space = false;
	int			chars;

	while (len > 0 && is_ascii_space(*s))
		s++, len--;
	while (len > 0 && is_ascii_space(s[len - 1]))
		len--;
	if (len == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("asset_type must not be empty"),
				 errdetail("asset_type is empty after normalization (trim, lowercase, whitespace runs to \"_\")."),
				 errhint("Pass NULL for an unclassified asset, or a type code such as 'equity'.")));

	for (int i = 0; i < len; i++)
	{
		if (IS_HIGHBIT_SET(s[i]))
		{
			ascii = false;
			break;
		}
	}
	if (ascii)
	{
		low = palloc(len + 1);
		for (int i = 0; i < len; i++)
			low[i] = pg_ascii_tolower((unsigned char) s[i]);
		low[len] = '\0';
	}
	else
	{
		low = str_tolower(s, len, DEFAULT_COLLATION_OID);
		len = strlen(low);
	}

	out = (text *) palloc(VARHDRSZ + len);
	d = VARDATA(out);
	for (int i = 0; i < len; i++)
	{
		if (is_ascii_space(low[i]))
		{
			if (!in_space)
				*d++ = '_';
			in_space = true;
		}
		else
		{
			*d++ = low[i];
			in_space = false;
		}
	}
	SET_VARSIZE(out, VARHDRSZ + (d - VARDATA(out)));

	chars = ascii ? (int) (d - VARDATA(out)) :
		pg_mbstrlen_with_len(VARDATA(out), d - VARDATA(out));
	if (chars > ASSET_TYPE_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
				 errmsg("asset_type is too long"),
				 errdetail("After normalization it has %d characters; at most %d are allowed.",
						   chars, ASSET_TYPE_MAX),
				 errhint("Use a shorter asset type code.")));
	return out;
}

static void
check_unique_identifier(text *t)
{
	const char *s = VARDATA_ANY(t);
	int			len = VARSIZE_ANY_EXHDR(t);
	int			i;

	for (i = 0; i < len && is_ascii_space(s[i]); i++)
		;
	if (i == len)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unique_identifier must not be empty"),
				 errdetail(len == 0 ? "It is the empty string." : "It contains only whitespace."),
				 errhint("Pass the asset's unique identifier (1 to %d characters), e.g. 'AAPL'.",
						 ASSET_IDENTIFIER_MAX)));
	if (len > ASSET_IDENTIFIER_MAX)
	{
		int			chars = pg_mbstrlen_with_len(s, len);

		if (chars > ASSET_IDENTIFIER_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
					 errmsg("unique_identifier is too long"),
					 errdetail("It has %d characters; at most %d are allowed.",
							   chars, ASSET_IDENTIFIER_MAX),
					 errhint("Use an identifier of 1 to %d characters.", ASSET_IDENTIFIER_MAX)));
	}
}

static void
rows_asset_prepare(RowsCache *c, FunctionCallInfo fcinfo)
{
	bool	   *provided;
	TupleDesc	desc;
	MemoryContext old;

	c->asset_uid = msm_rows_column_index(c, "uid");
	c->asset_identifier = msm_rows_column_index(c, "unique_identifier");
	c->asset_type = msm_rows_column_index(c, "asset_type");
	if (c->asset_uid < 0 || c->asset_identifier < 0 || c->asset_type < 0 ||
		c->nkeys != 1 || c->keys[0] != c->asset_identifier)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TABLE_DEFINITION),
				 errmsg("table %s of model Asset does not have the built-in Asset shape", c->qualified),
				 errdetail("msm.upsert_asset needs the columns uid, unique_identifier and asset_type, keyed by unique_identifier."),
				 errhint("SELECT * FROM msm.diagnose(); reports the differences.")));
	provided = palloc0(c->ncols);
	provided[c->asset_identifier] = true;
	c->asset_plan[0] = msm_rows_plan(c, ROWS_UPSERT, provided);
	provided[c->asset_type] = true;
	c->asset_plan[1] = msm_rows_plan(c, ROWS_UPSERT, provided);
	pfree(provided);

	/* the result row type (msm.asset_row), kept for the session */
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "msm: upsert_asset must return a composite type");
	old = MemoryContextSwitchTo(c->cxt);
	c->asset_desc = BlessTupleDesc(CreateTupleDescCopy(desc));
	MemoryContextSwitchTo(old);
}

/* {"unique_identifier": ident[, "asset_type": atype]} */
static Jsonb *
rows_asset_row(text *ident, text *atype)
{
	JsonbParseState *state = NULL;
	JsonbValue	k,
				v;

	pushJsonbValue(&state, WJB_BEGIN_OBJECT, NULL);
	k.type = jbvString;
	k.val.string.val = "unique_identifier";
	k.val.string.len = strlen(k.val.string.val);
	pushJsonbValue(&state, WJB_KEY, &k);
	v.type = jbvString;
	v.val.string.val = VARDATA_ANY(ident);
	v.val.string.len = VARSIZE_ANY_EXHDR(ident);
	pushJsonbValue(&state, WJB_VALUE, &v);
	if (atype != NULL)
	{
		k.val.string.val = "asset_type";
		k.val.string.len = strlen(k.val.string.val);
		pushJsonbValue(&state, WJB_KEY, &k);
		v.val.string.val = VARDATA_ANY(atype);
		v.val.string.len = VARSIZE_ANY_EXHDR(atype);
		pushJsonbValue(&state, WJB_VALUE, &v);
	}
	return JsonbValueToJsonb(pushJsonbValue(&state, WJB_END_OBJECT, NULL));
}

/* msm.execution = platform: the upsert on TS Manager, its stored row */
static Datum
rows_asset_platform(RowsCache *c, text *ident, text *atype)
{
	static const char *const fields[] = {"uid", "unique_identifier", "asset_type"};
	Jsonb	   *stored;
	Datum		out[3];
	bool		outnull[3] = {false, false, false};

	RowsPlatformAnswer answer;

	msm_rows_platform_execute("Asset", MSM_SQL_UPSERT, rows_asset_row(ident, atype), &answer);
	stored = msm_rows_platform_first(&answer);
	if (stored == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("TS Manager returned no row for upsert_asset"),
				 errdetail("An upsert returns the written or stored row; the execute-operation answer had none."),
				 errhint("Check TS Manager's execute-operation endpoint; the operation may or may not have run.")));
	for (int i = 0; i < 3; i++)
	{
		JsonbValue *f = getKeyJsonValueFromContainer(&stored->root, fields[i], strlen(fields[i]), NULL);

		if (f == NULL || f->type != jbvString)
		{
			outnull[i] = true;
			out[i] = (Datum) 0;
			continue;
		}
		out[i] = i == 0 ?
			DirectFunctionCall1(uuid_in, CStringGetDatum(pnstrdup(f->val.string.val, f->val.string.len))) :
			PointerGetDatum(cstring_to_text_with_len(f->val.string.val, f->val.string.len));
	}
	return HeapTupleGetDatum(heap_form_tuple(c->asset_desc, out, outnull));
}

Datum
msm_upsert_asset(PG_FUNCTION_ARGS)
{
	MsmModel *m = msm_runtime_require("Asset");
	RowsCache  *c = msm_rows_cache(m);
	text	   *ident;
	text	   *atype = NULL;
	RowsPlan   *p;
	Datum		values[2];
	char		nulls[2] = {' ', ' '};
	int			columns[3];
	RowsDest	dest;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("unique_identifier must not be null"),
				 errdetail("The first argument of msm.upsert_asset is NULL."),
				 errhint("Pass the asset's unique identifier (1 to %d characters), e.g. 'AAPL'.",
						 ASSET_IDENTIFIER_MAX)));
	ident = PG_GETARG_TEXT_PP(0);
	check_unique_identifier(ident);
	if (!PG_ARGISNULL(1))
		atype = normalize_asset_type(PG_GETARG_TEXT_PP(1));

	if (unlikely(c->asset_plan[0] == NULL))
		rows_asset_prepare(c, fcinfo);

	/* parameters in statement order (table order of the provided columns) */
	p = c->asset_plan[atype != NULL];
	for (int i = 0; i < p->compiled->nparams; i++)
		values[i] = p->compiled->params[i].column == c->asset_identifier ?
			PointerGetDatum(ident) : PointerGetDatum(atype);
	if (msm_rows_platform())
		PG_RETURN_DATUM(rows_asset_platform(c, ident, atype));

	columns[0] = c->asset_uid;
	columns[1] = c->asset_identifier;
	columns[2] = c->asset_type;
	msm_rows_dest_columns(&dest, c, 3, columns, c->asset_desc);
	(void) msm_rows_execute(c, p, values, nulls, &dest.pub);
	if (dest.count != 1)
		elog(ERROR, "msm: upsert_asset returned %llu rows", (unsigned long long) dest.count);
	PG_RETURN_DATUM(HeapTupleGetDatum(dest.tuple));
}
