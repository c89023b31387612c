/*-------------------------------------------------------------------------
 *
 * depgraph.c
 *	  Foreign-key dependency expansion and deterministic topological order
 *	  of markets models (doc/runtime.md, "Dependency expansion and order").
 *
 * Edges come from the PostgreSQL catalog, never from model metadata, so
 * project tables with ordinary foreign keys to markets tables take part
 * exactly like built-ins: for a set of tables through msm._fk_edges()
 * (shared with the msm.model_edges view), and for start_engine's closure
 * one table at a time from pg_constraint's conrelid index, so that
 * attaching a model reads the foreign keys of its closure only.
 *
 * The Kahn sort is the one FK order of the extension: start_engine uses it
 * with dependency expansion, and SQL callers (register_external) reach it
 * as msm._fk_order(), which orders a given set of tables without expansion.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/binaryheap.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#include "depgraph.h"

PG_FUNCTION_INFO_V1(msm_fk_order_sql);

static const char *edges_sql =
"SELECT e.conrelid, e.confrelid, e.constraint_name::pg_catalog.text, e.target_table"
"  FROM msm._fk_edges($1) e"
" WHERE e.conrelid OPERATOR(pg_catalog.<>) e.confrelid"
" ORDER BY e.conrelid, e.constraint_name";

static int
model_by_relid(MsmModel *models, int n, Oid relid)
{
	for (int i = 0; i < n; i++)
		if (models[i].relid == relid)
			return i;
	return -1;
}

void
msm_depgraph_load_edges(MsmModel *models, int n)
{
	Datum	   *oids = palloc(sizeof(Datum) * Max(n, 1));
	int			noids = 0;
	Oid			argtypes[1] = {OIDARRAYOID};
	Datum		values[1];
	MemoryContext outer = CurrentMemoryContext;

	for (int i = 0; i < n; i++)
	{
		models[i].nedges = 0;
		models[i].edges = NULL;
		if (OidIsValid(models[i].relid))
			oids[noids++] = ObjectIdGetDatum(models[i].relid);
	}
	if (noids == 0)
		return;
	values[0] = PointerGetDatum(construct_array(oids, noids, OIDOID, sizeof(Oid), true, TYPALIGN_INT));

	if (SPI_execute_with_args(edges_sql, 1, argtypes, values, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "msm: could not read foreign keys from pg_constraint");

	for (uint64 r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		Oid			from = DatumGetObjectId(SPI_getbinval(tup, desc, 1, &isnull));
		Oid			to = DatumGetObjectId(SPI_getbinval(tup, desc, 2, &isnull));
		int			mi = model_by_relid(models, n, from);
		MsmModel *m;
		MsmModelEdge *e;
		MemoryContext old;

		if (mi < 0)
			continue;
		m = &models[mi];
		old = MemoryContextSwitchTo(outer);
		if (m->edges == NULL)
			m->edges = palloc(sizeof(MsmModelEdge) * 8);
		else if ((m->nedges & 7) == 0)
			m->edges = repalloc(m->edges, sizeof(MsmModelEdge) * (m->nedges + 8));
		e = &m->edges[m->nedges++];
		e->target = model_by_relid(models, n, to);
		e->target_relid = to;
		e->constraint_name = pstrdup(SPI_getvalue(tup, desc, 3));
		e->target_table = pstrdup(SPI_getvalue(tup, desc, 4));
		MemoryContextSwitchTo(old);
	}
}

static int
edge_by_name(const void *a, const void *b)
{
	return strcmp(((const MsmModelEdge *) a)->constraint_name,
				  ((const MsmModelEdge *) b)->constraint_name);
}

MsmModelEdge *
msm_depgraph_table_edges(Oid relid, int *n)
{
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	MsmModelEdge *edges = NULL;
	int			nedges = 0;
	int			max = 0;

	rel = table_open(ConstraintRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_constraint_conrelid, BTEqualStrategyNumber,
				F_OIDEQ, ObjectIdGetDatum(relid));
	scan = systable_beginscan(rel, ConstraintRelidTypidNameIndexId, true, NULL, 1, &key);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_constraint con = (Form_pg_constraint) GETSTRUCT(tup);
		MsmModelEdge *e;
		char	   *nsp;
		char	   *tbl;

		if (con->contype != CONSTRAINT_FOREIGN || con->confrelid == relid)
			continue;
		if (nedges == max)
		{
			max = Max(8, max * 2);
			edges = edges ? repalloc(edges, sizeof(MsmModelEdge) * max)
				: palloc(sizeof(MsmModelEdge) * max);
		}
		e = &edges[nedges++];
		e->target = -1;
		e->target_relid = con->confrelid;
		e->constraint_name = pstrdup(NameStr(con->conname));
		nsp = get_namespace_name(get_rel_namespace(con->confrelid));
		tbl = get_rel_name(con->confrelid);
		e->target_table = psprintf("%s.%s", quote_identifier(nsp ? nsp : "?"),
								   quote_identifier(tbl ? tbl : "?"));
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);

	/* the order of msm._fk_edges readers: constraint name (collation C) */
	if (nedges > 1)
		qsort(edges, nedges, sizeof(MsmModelEdge), edge_by_name);
	*n = nedges;
	return edges;
}

typedef struct DepState
{
	MsmModel   *models;
	int			n;
	int		   *discovery;		/* discovery position, -1 = not discovered */
	int			ndiscovered;
} DepState;

static void
discover(DepState *st, int mi)
{
	MsmModel   *m = &st->models[mi];

	if (st->discovery[mi] >= 0)
		return;
	check_stack_depth();
	st->discovery[mi] = st->ndiscovered++;
	for (int e = 0; e < m->nedges; e++)
	{
		if (m->edges[e].target < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TABLE_DEFINITION),
					 errmsg("foreign key target %s of model %s is no markets model",
							m->edges[e].target_table, m->model_name),
					 errdetail("Foreign key %s of table %s references %s, which is not a model of this deployment namespace.",
							   m->edges[e].constraint_name, m->table_name, m->edges[e].target_table),
					 errhint("Declare the target table with msm.declare_model() or drop the foreign key.")));
		discover(st, m->edges[e].target);
	}
}

/* the heap order of kahn_sort: binaryheap keeps its greatest element first */
typedef struct KahnKeys
{
	const int  *key1;
	const int  *key2;
} KahnKeys;

static int
kahn_cmp(Datum a, Datum b, void *arg)
{
	const KahnKeys *k = (const KahnKeys *) arg;
	int			ia = DatumGetInt32(a);
	int			ib = DatumGetInt32(b);

	/* the lowest (key1, key2, index) is the greatest */
	if (k->key1[ia] != k->key1[ib])
		return k->key1[ia] < k->key1[ib] ? 1 : -1;
	if (k->key2[ia] != k->key2[ib])
		return k->key2[ia] < k->key2[ib] ? 1 : -1;
	return ia < ib ? 1 : (ia > ib ? -1 : 0);
}

/*
 * Kahn: repeatedly place the lowest-key member whose member targets are
 * placed (edges to non-members, target -1 or not a member, do not count).
 * Keys compare (key1, key2), then the index.  Writes the placed indexes to
 * order and returns their count; members left unplaced form or depend on a
 * cycle.  The ready members wait in a heap and each placed one releases its
 * dependents through their counts of unplaced targets, so the sort costs
 * O((n + edges) log n) (doc/benchmarks.md, "Growth with the number of
 * models"), with the order of the plain "scan for the lowest ready" rule.
 */
static int
kahn_sort(MsmModel *models, int n, const bool *member, const int *key1,
		  const int *key2, bool *placed, int *order)
{
	int			norder = 0;
	int		   *waiting = palloc0(sizeof(int) * Max(n, 1));	/* unplaced targets */
	int		   *first = palloc0(sizeof(int) * (n + 1));	/* dependents of t: */
	int		   *fill;
	int		   *dependents;	/* dependents[first[t] .. first[t + 1] - 1] */
	KahnKeys	keys = {key1, key2};
	binaryheap *ready;

	for (int i = 0; i < n; i++)
	{
		if (!member[i] || placed[i])
			continue;
		for (int e = 0; e < models[i].nedges; e++)
		{
			int			t = models[i].edges[e].target;

			if (t >= 0 && member[t] && !placed[t])
			{
				waiting[i]++;
				first[t + 1]++;
			}
		}
	}
	for (int t = 0; t < n; t++)
		first[t + 1] += first[t];
	dependents = palloc(sizeof(int) * Max(first[n], 1));
	fill = palloc(sizeof(int) * Max(n, 1));
	memcpy(fill, first, sizeof(int) * n);
	ready = binaryheap_allocate(Max(n, 1), kahn_cmp, &keys);
	for (int i = 0; i < n; i++)
	{
		if (!member[i] || placed[i])
			continue;
		for (int e = 0; e < models[i].nedges; e++)
		{
			int			t = models[i].edges[e].target;

			if (t >= 0 && member[t] && !placed[t])
				dependents[fill[t]++] = i;
		}
		if (waiting[i] == 0)
			binaryheap_add(ready, Int32GetDatum(i));
	}
	while (!binaryheap_empty(ready))
	{
		int			best = DatumGetInt32(binaryheap_remove_first(ready));

		placed[best] = true;
		order[norder++] = best;
		for (int d = first[best]; d < first[best + 1]; d++)
			if (--waiting[dependents[d]] == 0)
				binaryheap_add(ready, Int32GetDatum(dependents[d]));
	}
	binaryheap_free(ready);
	return norder;
}

/* a cycle: walk unplaced dependencies from the first leftover and report it */
static void
cycle_error(MsmModel *models, int n, const bool *member, const bool *placed)
{
	int		   *seen_at = palloc(sizeof(int) * n);
	int		   *path = palloc(sizeof(int) * (n + 1));
	int			len = 0;
	int			cur = -1;
	StringInfoData buf;

	for (int i = 0; i < n; i++)
	{
		seen_at[i] = -1;
		if (cur < 0 && member[i] && !placed[i])
			cur = i;
	}
	while (seen_at[cur] < 0)
	{
		int			next = -1;

		seen_at[cur] = len;
		path[len++] = cur;
		for (int e = 0; e < models[cur].nedges; e++)
			if (!placed[models[cur].edges[e].target])
			{
				next = models[cur].edges[e].target;
				break;
			}
		Assert(next >= 0);
		cur = next;
	}
	initStringInfo(&buf);
	for (int i = seen_at[cur]; i < len; i++)
		appendStringInfo(&buf, "%s -> ", models[path[i]].model_name);
	appendStringInfoString(&buf, models[cur].model_name);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TABLE_DEFINITION),
			 errmsg("foreign keys between markets models form a cycle: %s", buf.data),
			 errdetail("Models in a cycle cannot be ordered for attachment."),
			 errhint("Drop or defer one of the foreign keys of the cycle.")));
}

int *
msm_depgraph_order(MsmModel *models, int n, const int *requested,
				   int nrequested, int *nresult)
{
	DepState	st;
	int		   *caller_pos = palloc(sizeof(int) * Max(n, 1));
	bool	   *member = palloc0(sizeof(bool) * Max(n, 1));
	bool	   *placed = palloc0(sizeof(bool) * Max(n, 1));
	int		   *key1 = palloc(sizeof(int) * Max(n, 1));
	int		   *key2 = palloc(sizeof(int) * Max(n, 1));
	int		   *order = palloc(sizeof(int) * Max(n, 1));
	int			norder;

	st.models = models;
	st.n = n;
	st.discovery = palloc(sizeof(int) * Max(n, 1));
	st.ndiscovered = 0;
	for (int i = 0; i < n; i++)
	{
		st.discovery[i] = -1;
		caller_pos[i] = -1;
	}
	for (int r = 0; r < nrequested; r++)
		if (caller_pos[requested[r]] < 0)
			caller_pos[requested[r]] = r;

	for (int r = 0; r < nrequested; r++)
		discover(&st, requested[r]);

	/* the tie-break key of each discovered model: smaller is earlier */
	for (int i = 0; i < n; i++)
	{
		member[i] = st.discovery[i] >= 0;
		if (models[i].is_builtin)
		{
			key1[i] = 0;
			key2[i] = models[i].builtin_position;
		}
		else if (caller_pos[i] >= 0)
		{
			key1[i] = 1;
			key2[i] = caller_pos[i];
		}
		else
		{
			key1[i] = 2;
			key2[i] = st.discovery[i];
		}
	}

	norder = kahn_sort(models, n, member, key1, key2, placed, order);
	if (norder < st.ndiscovered)
		cycle_error(models, n, member, placed);

	*nresult = norder;
	return order;
}

/*
 * msm._fk_order(rels oid[]) RETURNS SETOF integer
 *
 * The FK order of a set of tables without expansion, for SQL callers: the
 * 1-based positions of rels, targets before the tables that reference
 * them, ties by position.  Foreign keys to tables outside the set are
 * ignored; NULL elements (tables that do not exist) have none.  Tables
 * left in or behind a cycle come last, in position order, so that the
 * caller can name what blocks them.
 */
Datum
msm_fk_order_sql(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	MsmModel   *models;
	bool	   *member;
	bool	   *placed;
	int		   *key1;
	int		   *key2;
	int		   *order;
	int			norder;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("rels must be a one-dimensional array"),
				 errdetail("The array has %d dimensions.", ARR_NDIM(arr)),
				 errhint("Pass the tables as a flat array, e.g. ARRAY['a'::regclass, 'b'::regclass].")));
	deconstruct_array(arr, OIDOID, sizeof(Oid), true, TYPALIGN_INT, &elems, &nulls, &n);
	models = palloc0(sizeof(MsmModel) * Max(n, 1));
	member = palloc(sizeof(bool) * Max(n, 1));
	placed = palloc0(sizeof(bool) * Max(n, 1));
	key1 = palloc0(sizeof(int) * Max(n, 1));
	key2 = palloc(sizeof(int) * Max(n, 1));
	order = palloc(sizeof(int) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		models[i].relid = nulls[i] ? InvalidOid : DatumGetObjectId(elems[i]);
		member[i] = true;
		key2[i] = i;
	}

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "msm: SPI_connect failed");
	msm_depgraph_load_edges(models, n);	/* edges live until SPI_finish */
	norder = kahn_sort(models, n, member, key1, key2, placed, order);
	for (int i = 0; i < n; i++)
		if (!placed[i])
			order[norder++] = i;
	SPI_finish();

	for (int i = 0; i < norder; i++)
	{
		Datum		value = Int32GetDatum(order[i] + 1);
		bool		isnull = false;

		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, &value, &isnull);
	}
	return (Datum) 0;
}
