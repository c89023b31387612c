/*-------------------------------------------------------------------------
 *
 * rows_platform.c
 *	  msm.execution = platform (doc/tsmanager.md, "Platform execution"):
 *	  the operation's compiled-sql.v1 envelope is POSTed to TS Manager's
 *	  execute-operation endpoint and its answer read as the SDK reads it.
 *
 * Exact numbers (doc/rows.md, "compiled-sql.v1").  The envelope is jsonb
 * and goes out as jsonb's own text; the answer is parsed by PostgreSQL's
 * JSON parser (tsmanager_answer.c).  No value passes through a C double.
 *
 * Answers.  As the markets library's operation_result_rows: a list of
 * rows, or an object whose "rows" or "results" list holds them, or whose
 * "row" / "data" member holds them (or is the row), or an object with a
 * "uid" that is the row itself; elements that are not objects are skipped.
 * A select follows the answer's pagination as the SDK's
 * MetaTable.execute_operation does: while fewer than max_rows rows came,
 * pagination.has_more is true and pagination.next_offset is given, the
 * envelope is sent again with limits.offset = next_offset and
 * limits.max_rows = the rows still wanted; an empty page ends it.  Every
 * row is validated before use: its keys are columns of the model, a uuid
 * column holds a uuid, every value passes its column type's input
 * function; the row is then returned as local execution returns it.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "http_client.h"
#include "msm.h"
#include "registry.h"
#include "registry_tsmanager.h"
#include "rows_compile.h"
#include "rows_exec.h"
#include "rows_platform.h"
#include "rows_plan.h"
#include "rows_settings.h"
#include "runtime.h"
#include "tsmanager_answer.h"

#define EXECUTE_PATH "/meta-tables/execute-operation/"

bool
msm_rows_platform(void)
{
	return msm_execution == MSM_EXECUTION_PLATFORM;
}

void
msm_rows_require_local(const char *function)
{
	if (msm_rows_platform())
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("msm.%s runs in this database only", function),
				 errdetail("A batch is one statement over per-column arrays; msm.execution = platform sends single-row operations to TS Manager."),
				 errhint("SET msm.execution = local; for batches.")));
}

/* what the messages call the operation */
typedef struct PlatformCall
{
	const char *model;
	MsmSqlOperation op;
	RowsCache  *cache;
	char	   *what;			/* "the upsert operation on Asset" */
} PlatformCall;

static void
answer_error(const PlatformCall *pc, const char *msg, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("TS Manager answered %s %s", pc->what, msg),
			 errdetail("%s", detail),
			 errhint("Check TS Manager's execute-operation endpoint; a write may or may not have run.")));
}

/* text of a JSON scalar or container, for a column's input function */
static char *
jsonb_value_text(JsonbValue *v)
{
	switch (v->type)
	{
		case jbvString:
			return pnstrdup(v->val.string.val, v->val.string.len);
		case jbvNumeric:
			return DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(v->val.numeric)));
		case jbvBool:
			return pstrdup(v->val.boolean ? "true" : "false");
		case jbvBinary:
			return JsonbToCString(NULL, v->val.binary.data, v->val.binary.len);
		default:
			return NULL;
	}
}

/* a JSON array as an array literal: {elem,...}, elements quoted, nested arrays nested */
static void
append_array_literal(StringInfo buf, JsonbContainer *arr)
{
	uint32		n = JsonContainerSize(arr);

	appendStringInfoChar(buf, '{');
	for (uint32 i = 0; i < n; i++)
	{
		JsonbValue *e = getIthJsonbValueFromContainer(arr, i);

		if (i > 0)
			appendStringInfoChar(buf, ',');
		if (e->type == jbvNull)
			appendStringInfoString(buf, "NULL");
		else if (e->type == jbvBinary && JsonContainerIsArray(e->val.binary.data))
			append_array_literal(buf, e->val.binary.data);
		else
		{
			char	   *text = jsonb_value_text(e);

			appendStringInfoChar(buf, '"');
			for (const char *p = text; *p; p++)
			{
				if (*p == '"' || *p == '\\')
					appendStringInfoChar(buf, '\\');
				appendStringInfoChar(buf, *p);
			}
			appendStringInfoChar(buf, '"');
		}
	}
	appendStringInfoChar(buf, '}');
}

/* value text of column col through its input function; errors without echoing secrets */
static Datum
column_input(const PlatformCall *pc, RowsColumn *col, char *text)
{
	Datum		result;
	ErrorData  *edata;

	if (getBaseType(col->typid) == UUIDOID && !msm_answer_is_uuid(text))
		answer_error(pc, "with a value that is not a uuid",
					 psprintf("Column \"%s\" holds \"%s\".", col->name,
							  msm_answer_text(text, strlen(text), 80)));
	edata = msm_answer_input(&col->input, text, col->ioparam, col->typmod, &result);
	if (edata != NULL)
		answer_error(pc, "with a value its column does not accept",
					 psprintf("Column \"%s\" of type %s: %s", col->name, format_type_be(col->typid),
							  msm_answer_text(edata->message, strlen(edata->message), MSM_ANSWER_TEXT_MAX)));
	return result;
}

/* a row of the answer, validated, as local execution returns it */
static Jsonb *
answer_row(const PlatformCall *pc, JsonbContainer *obj)
{
	RowsCache  *c = pc->cache;
	Datum	   *values = palloc0(sizeof(Datum) * Max(c->ncols, 1));
	bool	   *nulls = palloc(sizeof(bool) * Max(c->ncols, 1));
	JsonbIterator *it = JsonbIteratorInit(obj);
	JsonbValue	v;
	JsonbIteratorToken tok;
	int			col = -1;

	for (int i = 0; i < c->ncols; i++)
		nulls[i] = true;
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		if (tok == WJB_KEY)
		{
			col = -1;
			for (int i = 0; i < c->ncols; i++)
				if (c->cols[i].name_len == v.val.string.len &&
					memcmp(c->cols[i].name, v.val.string.val, v.val.string.len) == 0)
					col = i;
			if (col < 0)
				answer_error(pc, "with a column the model does not have",
							 psprintf("The row has \"%s\"; table %s has no such column.",
									  msm_answer_text(v.val.string.val, v.val.string.len, 80),
									  c->qualified));
		}
		else if (tok == WJB_VALUE)
		{
			char	   *text;

			/* an array column comes back as a JSON array (to_json of the row) */
			if (v.type == jbvBinary && JsonContainerIsArray(v.val.binary.data) &&
				OidIsValid(get_element_type(getBaseType(c->cols[col].typid))))
			{
				StringInfoData lit;

				initStringInfo(&lit);
				append_array_literal(&lit, v.val.binary.data);
				text = lit.data;
			}
			else
				text = jsonb_value_text(&v);

			nulls[col] = text == NULL;
			values[col] = text == NULL ? (Datum) 0 : column_input(pc, &c->cols[col], text);
		}
	}
	return DatumGetJsonbP(msm_rows_tuple_jsonb(c, heap_form_tuple(c->rowdesc, values, nulls)));
}

static JsonbValue *
member(JsonbContainer *obj, const char *key)
{
	return getKeyJsonValueFromContainer(obj, key, strlen(key), NULL);
}

static bool
is_container(JsonbValue *v, bool array)
{
	return v != NULL && v->type == jbvBinary &&
		(array ? JsonContainerIsArray(v->val.binary.data) : JsonContainerIsObject(v->val.binary.data));
}

/* the object elements of an array, as rows */
static List *
array_rows(const PlatformCall *pc, JsonbContainer *arr)
{
	List	   *rows = NIL;
	uint32		n = JsonContainerSize(arr);

	for (uint32 i = 0; i < n; i++)
	{
		JsonbValue *e = getIthJsonbValueFromContainer(arr, i);

		if (is_container(e, false))
			rows = lappend(rows, answer_row(pc, e->val.binary.data));
	}
	return rows;
}

/* operation_result_rows of the markets library (see the file header) */
static List *
result_rows(const PlatformCall *pc, JsonbContainer *doc)
{
	static const char *const lists[] = {"rows", "results"};
	static const char *const nested[] = {"row", "data"};

	if (JsonContainerIsArray(doc))
		return array_rows(pc, doc);
	if (!JsonContainerIsObject(doc))
		return NIL;
	for (int i = 0; i < lengthof(lists); i++)
	{
		JsonbValue *v = member(doc, lists[i]);

		if (is_container(v, true))
			return array_rows(pc, v->val.binary.data);
	}
	for (int i = 0; i < lengthof(nested); i++)
	{
		JsonbValue *v = member(doc, nested[i]);

		if (is_container(v, false))
		{
			List	   *rows = result_rows(pc, v->val.binary.data);

			if (rows != NIL)
				return rows;
			if (i == 0 || member(v->val.binary.data, "uid") != NULL)
				return list_make1(answer_row(pc, v->val.binary.data));
		}
		if (is_container(v, true))
			return array_rows(pc, v->val.binary.data);
	}
	if (member(doc, "uid") != NULL)
		return list_make1(answer_row(pc, doc));
	return NIL;
}

/* a JSON value that Python's bool() takes as true */
static bool
truthy(JsonbValue *v)
{
	if (v == NULL)
		return false;
	switch (v->type)
	{
		case jbvBool:
			return v->val.boolean;
		case jbvNumeric:
			return !DatumGetBool(DirectFunctionCall2(numeric_eq, NumericGetDatum(v->val.numeric),
													 DirectFunctionCall1(int4_numeric, Int32GetDatum(0))));
		case jbvString:
			return v->val.string.len > 0;
		case jbvBinary:
			return JsonContainerSize(v->val.binary.data) > 0;
		default:
			return false;
	}
}

/* row_count > 0 */
static bool
positive_count(JsonbValue *v)
{
	return v != NULL && v->type == jbvNumeric &&
		DatumGetBool(DirectFunctionCall2(numeric_gt, NumericGetDatum(v->val.numeric),
										 DirectFunctionCall1(int4_numeric, Int32GetDatum(0))));
}

/*
 * pagination.next_offset of a page when it has more (has_more true and
 * next_offset given), else -1
 */
static int
next_offset(const PlatformCall *pc, JsonbContainer *doc)
{
	JsonbValue *pag = JsonContainerIsObject(doc) ? member(doc, "pagination") : NULL;
	JsonbValue *next;
	char	   *text;
	char	   *end;
	long		n;

	if (!is_container(pag, false) || !truthy(member(pag->val.binary.data, "has_more")))
		return -1;
	next = member(pag->val.binary.data, "next_offset");
	if (next == NULL || next->type == jbvNull ||
		(next->type == jbvString && next->val.string.len == 0))
		return -1;
	text = next->type == jbvNumeric || next->type == jbvString ? jsonb_value_text(next) : NULL;
	errno = 0;
	n = text ? strtol(text, &end, 10) : -1;
	if (text == NULL || *end != '\0' || errno != 0 || n < 0 || n > PG_INT32_MAX)
		answer_error(pc, "with a pagination.next_offset that is not an offset",
					 psprintf("next_offset is \"%s\"; a non-negative integer is expected.",
							  text ? msm_answer_text(text, strlen(text), 80) : "(not a number)"));
	return (int) n;
}

/* the envelope with limits.offset and limits.max_rows replaced */
static Jsonb *
with_limits(Jsonb *env, int offset, int max_rows)
{
	const char *keys[2] = {"offset", "max_rows"};
	int			vals[2] = {offset, max_rows};

	for (int i = 0; i < 2; i++)
	{
		Datum		path[2] = {CStringGetTextDatum("limits"), CStringGetTextDatum(keys[i])};
		ArrayType  *arr = construct_array(path, 2, TEXTOID, -1, false, TYPALIGN_INT);
		Datum		value = DirectFunctionCall1(jsonb_in, CStringGetDatum(psprintf("%d", vals[i])));

		env = DatumGetJsonbP(DirectFunctionCall4(jsonb_set, JsonbPGetDatum(env), PointerGetDatum(arr),
												 value, BoolGetDatum(true)));
	}
	return env;
}

/* one POST of the envelope; its answer */
static Jsonb *
post_envelope(const PlatformCall *pc, Jsonb *env)
{
	MsmRuntime *rt = msm_session_runtime();
	int			stmt_ms = rt ? rt->statement_timeout_ms : msm_default_statement_timeout_ms;
	int			timeout_ms = msm_http_timeout_ms;
	char	   *text = JsonbToCString(NULL, &env->root, VARSIZE(env));
	char	   *answer;
	size_t		len;
	Jsonb	   *doc;
	JsonbValue *ok;

	/* the platform may run the statement up to its own limit: wait for it */
	if (stmt_ms > 0)
		timeout_ms = (int) Max((int64) timeout_ms, Min((int64) stmt_ms + 2000, (int64) 3600 * 1000));
	/* an operation is sent again only when TS Manager surely did not run it */
	answer = msm_tsmanager_post(pc->what, EXECUTE_PATH, text, false, timeout_ms, &len);
	doc = msm_answer_jsonb(pc->what, answer, len);
	ok = JsonContainerIsObject(&doc->root) ? member(&doc->root, "ok") : NULL;
	if (ok != NULL && ok->type == jbvBool && !ok->val.boolean)
		answer_error(pc, "with ok = false", "The execute-operation answer reports that the operation failed.");
	return doc;
}

void
msm_rows_platform_execute(const char *model, MsmSqlOperation op, Jsonb *arg,
						  RowsPlatformAnswer *answer)
{
	MsmRuntime *rt = msm_session_runtime();
	int			max_rows = rt ? rt->max_rows : msm_default_max_rows;
	PlatformCall pc;
	Jsonb	   *envelope;
	Jsonb	   *doc;
	int			next;

	if (!msm_tsmanager_mode())
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("msm.execution = platform needs a TS Manager endpoint"),
				 errdetail("msm.endpoint is empty: the registry is embedded and there is no platform to run the operation."),
				 errhint("SET msm.execution = local; or have a superuser set msm.endpoint.")));
	pc.model = model;
	pc.op = op;
	pc.cache = msm_rows_cache(msm_runtime_require(model));
	pc.what = psprintf("the %s operation on %s", msm_sql_operation_name(op), model);

	/* the caller's rights, checked here: nothing is sent without them */
	envelope = msm_rows_compile_for_caller(model, op, arg);
	doc = post_envelope(&pc, envelope);
	answer->rows = result_rows(&pc, &doc->root);
	answer->touched = answer->rows != NIL ||
		(JsonContainerIsObject(&doc->root) && positive_count(member(&doc->root, "row_count")));

	/* a select reads the following pages, as the SDK does */
	if (op != MSM_SQL_SELECT || max_rows <= 0)
		return;
	next = next_offset(&pc, &doc->root);
	while (next >= 0 && list_length(answer->rows) < max_rows)
	{
		int			remaining = max_rows - list_length(answer->rows);
		List	   *page;

		CHECK_FOR_INTERRUPTS();
		doc = post_envelope(&pc, with_limits(envelope, next, remaining));
		page = result_rows(&pc, &doc->root);
		if (page == NIL)
			break;
		answer->rows = list_concat(answer->rows, list_truncate(page, remaining));
		answer->touched = true;
		next = next_offset(&pc, &doc->root);
	}
}

Jsonb *
msm_rows_platform_first(const RowsPlatformAnswer *answer)
{
	return answer->rows != NIL ? (Jsonb *) linitial(answer->rows) : NULL;
}
