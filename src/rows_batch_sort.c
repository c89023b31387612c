/*-------------------------------------------------------------------------
 *
 * rows_batch_sort.c
 *	  msm.upsert_many of a batch larger than msm.upsert_chunk_rows
 *	  (doc/rows.md, "Large batches"): the same result as one statement, in
 *	  memory bounded independently of the batch size.
 *
 * 1. Each element is read, checked and converted in a per-element memory
 *    context (rows_batch_read.c) and handed to PostgreSQL's tuplesort as
 *    one tuple: the provided columns and the element's number.  The sort
 *    keys are the upsert keys (each type's default btree ordering with the
 *    column's collation: the equality of the unique index) and then the
 *    element number; the sort keeps at most work_mem in memory and spills
 *    the rest to temporary files.
 * 2. Read back in that order, the last tuple of each run of equal keys is
 *    the batch's last row of the key: it survives, the others are dropped.
 * 3. Survivors are collected into one array per column, at most
 *    chunk_rows of them, and each full chunk is written by the batch
 *    statement of rows_plan.c (the same statement a small batch uses); the
 *    chunk's memory is then reset.
 *
 * Chunks follow each other in key order, so rows are written (and locked)
 * in the global key order of the batch, and a key repeated in different
 * chunks of the input is written once, with its last row.  The chunks are
 * statements of the caller's statement: an error in any of them, or the
 * runtime's statement_timeout_ms (armed around the whole call by
 * rows_batch.c), rolls back every chunk written before.  The errors of the
 * elements come while reading, before any chunk is written, in element
 * order, as with a small batch.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/tupdesc.h"
#include "catalog/pg_operator_d.h"
#include "catalog/pg_type_d.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "utils/datum.h"
#include "utils/memutils.h"
#include "utils/tuplesort.h"

#include "rows_batch_read.h"
#include "rows_batch_sort.h"
#include "rows_exec.h"
#include "rows_platform.h"
#include "rows_plan.h"

/* the survivors waiting to be written: one chunk */
typedef struct RowsChunk
{
	RowsCache  *cache;
	RowsPlan   *plan;
	const bool *provided;
	const int  *att;			/* [column] its attribute in the sort tuple */
	int			capacity;		/* rows per statement */
	int			nrows;			/* rows collected */
	Datum	  **values;			/* [column][row], provided columns */
	bool	  **nulls;
	Datum	   *params;			/* the statement's parameters */
	char	   *param_nulls;
	MemoryContext cxt;			/* the values and arrays of the chunk */
	uint64		written;
} RowsChunk;

/* the sort: its tuple shape and keys */
typedef struct RowsSort
{
	TupleDesc	desc;			/* provided columns in table order, then the
								 * element number (int8) */
	int		   *att;			/* [column] attribute index (0-based) or -1 */
	int			natts;
	Tuplesortstate *state;
	TupleTableSlot *slot;		/* virtual: an element on its way in */
} RowsSort;

/* ---------------------------------------------------------------------
 * Into the sort
 * ---------------------------------------------------------------------
 */

/* the tuple shape and keys, once element 0 has decided the columns */
static void
rows_sort_begin(RowsCache *c, RowsKeyOrder *o, const bool *provided, RowsSort *s)
{
	int			nprovided = 0;
	int			nsort = c->nkeys + 1;
	AttrNumber *sort_atts = palloc(sizeof(AttrNumber) * nsort);
	Oid		   *sort_ops = palloc(sizeof(Oid) * nsort);
	Oid		   *sort_colls = palloc(sizeof(Oid) * nsort);
	bool	   *nulls_first = palloc0(sizeof(bool) * nsort);

	for (int i = 0; i < c->ncols; i++)
		nprovided += provided[i] ? 1 : 0;
	s->natts = nprovided + 1;
	s->desc = CreateTemplateTupleDesc(s->natts);
	s->att = palloc(sizeof(int) * Max(c->ncols, 1));
	nprovided = 0;
	for (int i = 0; i < c->ncols; i++)
	{
		RowsColumn *col = &c->cols[i];

		s->att[i] = -1;
		if (!provided[i])
			continue;
		s->att[i] = nprovided++;
		TupleDescInitEntry(s->desc, (AttrNumber) nprovided, col->name, col->typid,
						   col->typmod, 0);
		TupleDescInitEntryCollation(s->desc, (AttrNumber) nprovided, col->collation);
	}
	TupleDescInitEntry(s->desc, (AttrNumber) s->natts, "element", INT8OID, -1, 0);

	/* every key is provided (checked on element 0) */
	for (int k = 0; k < c->nkeys; k++)
	{
		sort_atts[k] = (AttrNumber) (s->att[c->keys[k]] + 1);
		sort_ops[k] = o->lt_opr[k];
		sort_colls[k] = o->collation[k];
	}
	sort_atts[c->nkeys] = (AttrNumber) s->natts;
	sort_ops[c->nkeys] = Int8LessOperator;
	sort_colls[c->nkeys] = InvalidOid;

	s->state = tuplesort_begin_heap(s->desc, nsort, sort_atts, sort_ops, sort_colls,
									nulls_first, work_mem, NULL, TUPLESORT_NONE);
	s->slot = MakeSingleTupleTableSlot(s->desc, &TTSOpsVirtual);
}

/* the element just read, as one sort tuple (copied by the sort) */
static void
rows_sort_put(RowsCache *c, RowsBatchReader *r, RowsSort *s)
{
	TupleTableSlot *slot = s->slot;

	ExecClearTuple(slot);
	for (int i = 0; i < c->ncols; i++)
	{
		int			a = s->att[i];

		if (a < 0)
			continue;
		slot->tts_values[a] = r->in.values[i];
		slot->tts_isnull[a] = r->in.nulls[i];
	}
	slot->tts_values[s->natts - 1] = Int64GetDatum((int64) r->element);
	slot->tts_isnull[s->natts - 1] = false;
	ExecStoreVirtualTuple(slot);
	tuplesort_puttupleslot(s->state, slot);
	ExecClearTuple(slot);
}

/* ---------------------------------------------------------------------
 * Out of the sort, chunk by chunk
 * ---------------------------------------------------------------------
 */

static void
rows_chunk_init(RowsChunk *ch, RowsCache *c, RowsPlan *p, const bool *provided,
				const int *att, int capacity)
{
	ch->cache = c;
	ch->plan = p;
	ch->provided = provided;
	ch->att = att;
	ch->capacity = capacity;
	ch->nrows = 0;
	ch->written = 0;
	ch->values = palloc0(sizeof(Datum *) * Max(c->ncols, 1));
	ch->nulls = palloc0(sizeof(bool *) * Max(c->ncols, 1));
	for (int i = 0; i < c->ncols; i++)
	{
		if (!provided[i])
			continue;
		ch->values[i] = palloc(sizeof(Datum) * capacity);
		ch->nulls[i] = palloc(sizeof(bool) * capacity);
	}
	ch->params = palloc(sizeof(Datum) * Max(p->compiled->nparams, 1));
	ch->param_nulls = palloc(Max(p->compiled->nparams, 1));
	ch->cxt = AllocSetContextCreate(CurrentMemoryContext, "msm upsert_many chunk",
									ALLOCSET_DEFAULT_SIZES);
}

/* write the collected rows with one statement, then forget them */
static void
rows_chunk_flush(RowsChunk *ch)
{
	MemoryContext old;

	if (ch->nrows == 0)
		return;
	old = MemoryContextSwitchTo(ch->cxt);
	msm_rows_batch_params(ch->cache, ch->plan, ch->values, ch->nulls, ch->nrows,
						  ch->params, ch->param_nulls);
	ch->written += msm_rows_execute(ch->cache, ch->plan, ch->params, ch->param_nulls, NULL);
	MemoryContextSwitchTo(old);
	MemoryContextReset(ch->cxt);
	ch->nrows = 0;
}

/* a survivor: its values copied into the chunk */
static void
rows_chunk_add(RowsChunk *ch, TupleTableSlot *slot)
{
	RowsCache  *c = ch->cache;
	int			n = ch->nrows;
	MemoryContext old;

	slot_getallattrs(slot);
	old = MemoryContextSwitchTo(ch->cxt);
	for (int i = 0; i < c->ncols; i++)
	{
		int			a = ch->att[i];
		RowsColumn *col = &c->cols[i];

		if (a < 0)
			continue;
		ch->nulls[i][n] = slot->tts_isnull[a];
		ch->values[i][n] = slot->tts_isnull[a] ? (Datum) 0 :
			datumCopy(slot->tts_values[a], col->typbyval, col->typlen);
	}
	MemoryContextSwitchTo(old);
	if (++ch->nrows == ch->capacity)
		rows_chunk_flush(ch);
}

/* whether the tuples of two slots have equal keys */
static bool
rows_sort_same_key(RowsCache *c, RowsKeyOrder *o, const int *att,
				   TupleTableSlot *a, TupleTableSlot *b)
{
	for (int k = 0; k < c->nkeys; k++)
	{
		AttrNumber attnum = (AttrNumber) (att[c->keys[k]] + 1);
		bool		a_null;
		bool		b_null;
		Datum		av = slot_getattr(a, attnum, &a_null);
		Datum		bv = slot_getattr(b, attnum, &b_null);

		/* keys are never null (checked per element) */
		Assert(!a_null && !b_null);
		if (msm_rows_key_compare(o, k, av, bv) != 0)
			return false;
	}
	return true;
}

/*
 * The sorted tuples in order: the last one of each key goes into the
 * chunk.  Tuples are copied out of the sort (into the current context, and
 * freed by the slot when the next one replaces them) because the sort may
 * reuse its memory for the next one.
 */
static void
rows_sort_drain(RowsCache *c, RowsKeyOrder *o, RowsSort *s, RowsChunk *ch)
{
	TupleTableSlot *cur = MakeSingleTupleTableSlot(s->desc, &TTSOpsMinimalTuple);
	TupleTableSlot *prev = MakeSingleTupleTableSlot(s->desc, &TTSOpsMinimalTuple);
	MemoryContext cmp_cxt = AllocSetContextCreate(CurrentMemoryContext, "msm upsert_many compare",
												  ALLOCSET_SMALL_SIZES);
	bool		have_prev = false;

	while (tuplesort_gettupleslot(s->state, true, true, cur, NULL))
	{
		TupleTableSlot *swap;
		bool		same = false;

		CHECK_FOR_INTERRUPTS();
		if (have_prev)
		{
			/* what a comparison function allocates goes with the comparison */
			MemoryContext old = MemoryContextSwitchTo(cmp_cxt);

			same = rows_sort_same_key(c, o, s->att, prev, cur);
			MemoryContextSwitchTo(old);
			MemoryContextReset(cmp_cxt);
		}
		if (have_prev && !same)
			rows_chunk_add(ch, prev);
		swap = prev;
		prev = cur;
		cur = swap;
		have_prev = true;
	}
	if (have_prev)
		rows_chunk_add(ch, prev);
	rows_chunk_flush(ch);
	ExecDropSingleTupleTableSlot(cur);
	ExecDropSingleTupleTableSlot(prev);
	MemoryContextDelete(cmp_cxt);
}

/* ---------------------------------------------------------------------
 * The batch
 * ---------------------------------------------------------------------
 */

uint64
msm_rows_upsert_chunked(RowsCache *c, Jsonb *rows, int chunk_rows)
{
	RowsBatchReader r;
	RowsKeyOrder o;
	RowsSort	s;
	RowsChunk	ch;
	RowsPlan   *p;
	MemoryContext element_cxt;

	memset(&s, 0, sizeof(s));
	msm_rows_key_order_init(c, &o);
	msm_rows_batch_reader_init(&r, c, rows);
	element_cxt = AllocSetContextCreate(CurrentMemoryContext, "msm upsert_many element",
										ALLOCSET_DEFAULT_SIZES);
	for (;;)
	{
		MemoryContext old = MemoryContextSwitchTo(element_cxt);
		bool		more = msm_rows_batch_next(&r);

		MemoryContextSwitchTo(old);
		if (!more)
			break;

		/*
		 * A key type without btree comparison cannot be sorted: the other
		 * elements are still read, so that their errors come first, as
		 * with a small batch.
		 */
		if (s.state == NULL && o.missing < 0)
			rows_sort_begin(c, &o, r.provided, &s);
		if (s.state != NULL)
			rows_sort_put(c, &r, &s);
		MemoryContextReset(element_cxt);
	}
	MemoryContextDelete(element_cxt);

	msm_rows_key_order_check(c, &o);
	p = msm_rows_plan(c, ROWS_UPSERT_MANY, r.provided);
	msm_rows_require_local("upsert_many");

	tuplesort_performsort(s.state);
	rows_chunk_init(&ch, c, p, r.provided, s.att, Min(chunk_rows, r.count));
	rows_sort_drain(c, &o, &s, &ch);
	tuplesort_end(s.state);
	ExecDropSingleTupleTableSlot(s.slot);
	MemoryContextDelete(ch.cxt);
	return ch.written;
}
