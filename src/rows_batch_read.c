/*-------------------------------------------------------------------------
 *
 * rows_batch_read.c
 *	  What the two paths of msm.upsert_many share (doc/rows.md, "Row API"
 *	  and "Large batches"): the rows argument read one element at a time,
 *	  the key order, and the statement parameters of a set of rows.
 *
 * An element is matched, checked and converted in C (rows_input.c) into
 * the caller's current memory context, so that the path of a large batch
 * can free each element as soon as it is handed on.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/typcache.h"

#include "rows_batch_read.h"
#include "rows_input.h"
#include "rows_plan.h"

#define ROWS_BATCH_HINT "Pass a JSON array of row objects, e.g. '[{\"unique_identifier\": \"AAPL\"}]'."

/* ---------------------------------------------------------------------
 * Reading the rows
 * ---------------------------------------------------------------------
 */

/* the rows argument: a JSON array (of objects, checked per element) */
Jsonb *
msm_rows_batch_arg(FunctionCallInfo fcinfo)
{
	Jsonb	   *rows;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("rows must not be null"),
				 errdetail("The rows argument of msm.upsert_many is NULL."),
				 errhint(ROWS_BATCH_HINT)));
	rows = PG_GETARG_JSONB_P(1);
	if (!JB_ROOT_IS_ARRAY(rows) || JB_ROOT_IS_SCALAR(rows))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rows must be a JSON array of objects"),
				 errdetail("Got a JSON %s.", msm_rows_jsonb_root_type_name(rows)),
				 errhint(ROWS_BATCH_HINT)));
	return rows;
}

void
msm_rows_batch_reader_init(RowsBatchReader *r, RowsCache *c, Jsonb *rows)
{
	r->cache = c;
	r->cxt = CurrentMemoryContext;
	r->it = JsonbIteratorInit(&rows->root);
	r->count = JB_ROOT_COUNT(rows);
	r->element = -1;
	msm_rows_input_init(c, &r->in);
	r->guess = palloc(sizeof(int) * Max(c->ncols, 1));
	for (int i = 0; i < c->ncols; i++)
		r->guess[i] = -1;
	r->provided = NULL;
}

/*
 * The columns of the element just matched: the first element decides them,
 * every later one must give the same.
 */
static void
rows_batch_columns(RowsBatchReader *r)
{
	RowsCache  *c = r->cache;
	RowsInput  *in = &r->in;
	StringInfoData diff;
	bool		first = true;

	if (r->provided == NULL)
	{
		msm_rows_check_keys(c, in, r->element, "rows element");
		r->provided = MemoryContextAlloc(r->cxt, Max(c->ncols, 1));
		memcpy(r->provided, in->provided, c->ncols);
		return;
	}
	if (memcmp(r->provided, in->provided, c->ncols) == 0)
	{
		msm_rows_check_keys(c, in, r->element, "rows element");
		return;
	}

	initStringInfo(&diff);
	for (int i = 0; i < c->ncols; i++)
	{
		if (r->provided[i] == in->provided[i])
			continue;
		appendStringInfo(&diff, "%s%s \"%s\"", first ? "" : ", ",
						 r->provided[i] ? "lacks" : "adds", c->cols[i].name);
		first = false;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("rows element %d does not give the same columns as rows element 0", r->element),
			 errdetail("Compared with element 0 it %s.", diff.data),
			 errhint("Give every row the same keys (use null for an explicit NULL); one batch is one statement with one SET list.")));
}

bool
msm_rows_batch_next(RowsBatchReader *r)
{
	JsonbValue	v;
	JsonbIteratorToken tok;

	CHECK_FOR_INTERRUPTS();
	if (r->it == NULL)
		return false;
	/* elements are not descended into: the iteration allocates nothing */
	while ((tok = JsonbIteratorNext(&r->it, &v, true)) != WJB_DONE)
	{
		if (tok != WJB_ELEM)
			continue;
		r->element++;
		if (v.type != jbvBinary || !JsonContainerIsObject(v.val.binary.data))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("rows element %d is not a JSON object", r->element),
					 errdetail("Got a JSON %s.", msm_rows_json_type_name(&v)),
					 errhint(ROWS_BATCH_HINT)));
		msm_rows_match_object(r->cache, v.val.binary.data, &r->in, r->guess,
							  r->element, "rows");
		rows_batch_columns(r);
		msm_rows_convert(r->cache, &r->in, r->element);
		return true;
	}
	r->it = NULL;
	Assert(r->element + 1 == r->count);
	return false;
}

/* ---------------------------------------------------------------------
 * Key order
 * ---------------------------------------------------------------------
 */

void
msm_rows_key_order_init(RowsCache *c, RowsKeyOrder *o)
{
	o->cmp = palloc(sizeof(FmgrInfo *) * c->nkeys);
	o->lt_opr = palloc(sizeof(Oid) * c->nkeys);
	o->collation = palloc(sizeof(Oid) * c->nkeys);
	o->missing = -1;
	for (int k = 0; k < c->nkeys; k++)
	{
		RowsColumn *col = &c->cols[c->keys[k]];
		TypeCacheEntry *tc = lookup_type_cache(col->typid,
											   TYPECACHE_CMP_PROC_FINFO | TYPECACHE_LT_OPR);

		o->cmp[k] = &tc->cmp_proc_finfo;
		o->lt_opr[k] = tc->lt_opr;
		o->collation[k] = col->collation;
		if (o->missing < 0 &&
			(!OidIsValid(tc->cmp_proc_finfo.fn_oid) || !OidIsValid(tc->lt_opr)))
			o->missing = k;
	}
}

void
msm_rows_key_order_check(RowsCache *c, RowsKeyOrder *o)
{
	RowsColumn *col;

	if (o->missing < 0)
		return;
	col = &c->cols[c->keys[o->missing]];
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_FUNCTION),
			 errmsg("upsert key \"%s\" of model %s has type %s, which has no default btree comparison",
					col->name, c->model, format_type_be(col->typid)),
			 errdetail("A batch compares the keys of its rows to find repeated keys and to lock rows in key order."),
			 errhint("Use msm.upsert() for each row.")));
}

/* ---------------------------------------------------------------------
 * Statement parameters
 * ---------------------------------------------------------------------
 */

void
msm_rows_batch_params(RowsCache *c, RowsPlan *p, Datum **values, bool **nulls,
					  int nrows, Datum *params, char *param_nulls)
{
	for (int k = 0; k < p->compiled->nparams; k++)
	{
		int			i = p->compiled->params[k].column;
		RowsColumn *col = &c->cols[i];
		int			dims[1] = {nrows};
		int			lbs[1] = {1};

		params[k] = PointerGetDatum(construct_md_array(values[i], nulls[i], 1, dims, lbs,
													   col->typid, col->typlen,
													   col->typbyval, col->typalign));
		param_nulls[k] = ' ';
	}
}
