/*-------------------------------------------------------------------------
 *
 * engine_inventory.c
 *	  The models attachment reads (the rows of msm.models_of, but only
 *	  those it needs), selector matching (doc/runtime.md, "Selectors") and
 *	  the resolved, FK-ordered model list (doc/runtime.md, "Dependency
 *	  expansion and order").  The work follows the requested models and
 *	  their FK closure, never the number of declared models
 *	  (doc/benchmarks.md, "Growth with the number of models").
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
#include "utils/memutils.h"

#include "depgraph.h"
#include "engine.h"
#include "model_index.h"
#include "names.h"

/* a text[] argument as C strings; NULL elements and bad selectors error */
char	  **
msm_engine_text_array(ArrayType *arr, int *n, const char *what)
{
	Datum	   *elems;
	bool	   *nulls;
	char	  **out;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", what),
				 errdetail("The array has %d dimensions.", ARR_NDIM(arr)),
				 errhint("Pass a flat array of names, e.g. ARRAY['Asset'].")));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, n);
	out = palloc(sizeof(char *) * Max(*n, 1));
	for (int i = 0; i < *n; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not contain NULL", what),
					 errdetail("Element %d is NULL.", i + 1),
					 errhint("Name each model, e.g. models => ARRAY['Asset'].")));
		out[i] = TextDatumGetCString(elems[i]);
		if (out[i][0] == '\0' || strlen(out[i]) > 255)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown markets MetaTable model \"%.255s\"", out[i]),
					 errdetail("Model selectors are 1 to 255 characters long."),
					 errhint("Name a model by model name, class name, identifier or physical table name.")));
	}
	return out;
}


void
msm_engine_unknown_model(const char *selector, const char *ns)
{
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_OBJECT),
			 errmsg("unknown markets MetaTable model \"%s\"", selector),
			 errdetail("No model of deployment namespace %s has this model name, class name, identifier or physical table name.",
					   ns[0] ? ns : "(none)"),
			 errhint("SELECT model_name, identifier, table_name FROM msm.models_of(); lists the models.")));
	pg_unreachable();
}

/* ----------------------------------------------------------------------
 * reading models: the built-ins whole (a fixed number), declared models
 * one at a time by an indexed or selective query
 * ---------------------------------------------------------------------- */

/*
 * The built-ins as msm.models_of() derives them: identifier and physical
 * table name from the deployment namespace, the schema of the deployment.
 */
static const char *builtins_sql =
"SELECT b.model_name, b.class_name, b.base_identifier, b.storage_app, b.kind,"
"       b.position, b.upsert_keys, b.time_index_column,"
"       (SELECT msm._deployment_schema($1))::pg_catalog.text"
"  FROM msm.builtin_model b"
" WHERE b.position OPERATOR(pg_catalog.>) 0"
" ORDER BY b.position";

#define DECLARED_COLUMNS \
"SELECT d.model_name, d.class_name, d.identifier, d.physical_schema::pg_catalog.text," \
"       d.table_name::pg_catalog.text, d.kind, d.upsert_keys, d.time_index_column," \
"       d.declared_at" \
"  FROM msm.declared_model d"

/*
 * The first declared model (msm.models_of() position: declared_at, then
 * table name) a selector names (doc/runtime.md, "Selectors").  Each
 * alternative has an index (the table name compared as a name, so that its
 * unique index serves; a selector too long to be a name is no table name,
 * never its truncation).
 */
static const char *declared_by_selector_sql =
DECLARED_COLUMNS
" WHERE d.namespace OPERATOR(pg_catalog.=) $1"
"   AND (d.identifier OPERATOR(pg_catalog.=) $2"
"        OR (d.table_name OPERATOR(pg_catalog.=) $2::pg_catalog.name"
"            AND pg_catalog.octet_length($2) OPERATOR(pg_catalog.<) 64)"
"        OR d.model_name OPERATOR(pg_catalog.=) $2"
"        OR d.class_name OPERATOR(pg_catalog.=) $2"
"        OR pg_catalog.split_part(d.identifier, '.', -1) OPERATOR(pg_catalog.=) $2)"
" ORDER BY d.declared_at, d.table_name"
" LIMIT 1";

/* every declared model of a namespace, in msm.models_of() order */
static const char *declared_all_sql =
DECLARED_COLUMNS
" WHERE d.namespace OPERATOR(pg_catalog.=) $1"
" ORDER BY d.declared_at, d.table_name";

/*
 * More requested declared models than this are read with one scan of the
 * namespace's declared models rather than one query each.
 */
#define MANY_SELECTORS 8

/* the declared model owning a table (unique per namespace and table name) */
static const char *declared_by_table_sql =
DECLARED_COLUMNS
" WHERE d.namespace OPERATOR(pg_catalog.=) $1"
"   AND d.table_name OPERATOR(pg_catalog.=) $2"
"   AND d.physical_schema OPERATOR(pg_catalog.=) $3";

static SPIPlanPtr builtins_plan = NULL;
static SPIPlanPtr by_selector_plan = NULL;
static SPIPlanPtr by_table_plan = NULL;
static SPIPlanPtr declared_all_plan = NULL;

static SPIPlanPtr
saved_plan(SPIPlanPtr *slot, const char *sql, int nargs, Oid *argtypes)
{
	if (*slot == NULL)
	{
		SPIPlanPtr	plan = SPI_prepare(sql, nargs, argtypes);

		if (plan == NULL)
			elog(ERROR, "msm: could not prepare a model query: %s",
				 SPI_result_code_string(SPI_result));
		if (SPI_keepplan(plan) != 0)
			elog(ERROR, "msm: could not keep a model query");
		*slot = plan;
	}
	return *slot;
}

/* the table a model names, InvalidOid when it does not exist (to_regclass) */
static Oid
table_relid(const char *schema, const char *table)
{
	Oid			nsp = get_namespace_oid(schema, true);

	return OidIsValid(nsp) ? get_relname_relid(table, nsp) : InvalidOid;
}

static char **
upsert_keys_of(HeapTuple tup, TupleDesc desc, int col, int *n)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, desc, col, &isnull);

	return msm_engine_text_array(DatumGetArrayTypeP(d), n, "upsert_keys");
}

/* one row of a declared_model query as a model (in the current context) */
static void
declared_from_tuple(MsmModel *m, HeapTuple tup, TupleDesc desc)
{
	bool		isnull;

	memset(m, 0, sizeof(MsmModel));
	m->model_name = SPI_getvalue(tup, desc, 1);
	m->class_name = SPI_getvalue(tup, desc, 2);
	m->identifier = SPI_getvalue(tup, desc, 3);
	m->physical_schema = SPI_getvalue(tup, desc, 4);
	m->table_name = SPI_getvalue(tup, desc, 5);
	m->is_time_index = strcmp(SPI_getvalue(tup, desc, 6), "time_index") == 0;
	m->is_builtin = false;
	m->builtin_position = 0;
	m->upsert_keys = upsert_keys_of(tup, desc, 7, &m->n_upsert_keys);
	m->time_index_column = SPI_getvalue(tup, desc, 8);
	m->declared_at = DatumGetTimestampTz(SPI_getbinval(tup, desc, 9, &isnull));
	m->relid = table_relid(m->physical_schema, m->table_name);
}

/* the built-in models of namespace ns (the root excluded), by position */
static MsmModel *
load_builtins(const char *ns, int *n)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		values[1];
	SPIPlanPtr	plan = saved_plan(&builtins_plan, builtins_sql, 1, argtypes);
	const char *mt_ns = ns[0] ? ns : "mainsequence.markets";
	MsmModel   *models;

	values[0] = CStringGetTextDatum(ns);
	if (SPI_execute_plan(plan, values, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "msm: could not read the built-in models");
	*n = (int) SPI_processed;
	models = palloc0(sizeof(MsmModel) * Max(*n, 1));
	for (int r = 0; r < *n; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		MsmModel   *m = &models[r];
		bool		isnull;
		char	   *base = SPI_getvalue(tup, desc, 3);

		m->model_name = SPI_getvalue(tup, desc, 1);
		m->class_name = SPI_getvalue(tup, desc, 2);
		m->identifier = msm_metatable_identifier(base, mt_ns);
		m->table_name = msm_physical_table_name(SPI_getvalue(tup, desc, 4), base,
												ns[0] ? ns : NULL);
		m->is_time_index = strcmp(SPI_getvalue(tup, desc, 5), "time_index") == 0;
		m->is_builtin = true;
		m->builtin_position = DatumGetInt32(SPI_getbinval(tup, desc, 6, &isnull));
		m->upsert_keys = upsert_keys_of(tup, desc, 7, &m->n_upsert_keys);
		m->time_index_column = SPI_getvalue(tup, desc, 8);
		m->physical_schema = SPI_getvalue(tup, desc, 9);
		m->relid = table_relid(m->physical_schema, m->table_name);
	}
	SPI_freetuptable(SPI_tuptable);
	return models;
}

/* the first declared model of ns the selector names; false if none */
static bool
declared_by_selector(const char *ns, const char *selector, MsmModel *m)
{
	Oid			argtypes[2] = {TEXTOID, TEXTOID};
	Datum		values[2];
	SPIPlanPtr	plan = saved_plan(&by_selector_plan, declared_by_selector_sql, 2, argtypes);
	bool		found;

	values[0] = CStringGetTextDatum(ns);
	values[1] = CStringGetTextDatum(selector);
	if (SPI_execute_plan(plan, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "msm: could not read the declared models");
	found = SPI_processed > 0;
	if (found)
		declared_from_tuple(m, SPI_tuptable->vals[0], SPI_tuptable->tupdesc);
	SPI_freetuptable(SPI_tuptable);
	return found;
}

/* every declared model of ns, in msm.models_of() order */
static MsmModel *
declared_all(const char *ns, int *n)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		values[1];
	SPIPlanPtr	plan = saved_plan(&declared_all_plan, declared_all_sql, 1, argtypes);
	MsmModel   *models;

	values[0] = CStringGetTextDatum(ns);
	if (SPI_execute_plan(plan, values, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "msm: could not read the declared models");
	*n = (int) SPI_processed;
	models = palloc(sizeof(MsmModel) * Max(*n, 1));
	for (int r = 0; r < *n; r++)
		declared_from_tuple(&models[r], SPI_tuptable->vals[r], SPI_tuptable->tupdesc);
	SPI_freetuptable(SPI_tuptable);
	return models;
}

/* the declared model of ns whose table is relid; false if none */
static bool
declared_by_table(const char *ns, Oid relid, MsmModel *m)
{
	Oid			argtypes[3] = {TEXTOID, NAMEOID, NAMEOID};
	Datum		values[3];
	SPIPlanPtr	plan = saved_plan(&by_table_plan, declared_by_table_sql, 3, argtypes);
	char	   *relname = get_rel_name(relid);
	char	   *nspname = get_namespace_name(get_rel_namespace(relid));
	bool		found = false;

	if (relname == NULL || nspname == NULL)
		return false;
	values[0] = CStringGetTextDatum(ns);
	values[1] = DirectFunctionCall1(namein, CStringGetDatum(relname));
	values[2] = DirectFunctionCall1(namein, CStringGetDatum(nspname));
	if (SPI_execute_plan(plan, values, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "msm: could not read the declared models");
	for (uint64 r = 0; r < SPI_processed && !found; r++)
	{
		declared_from_tuple(m, SPI_tuptable->vals[r], SPI_tuptable->tupdesc);
		found = m->relid == relid;
	}
	SPI_freetuptable(SPI_tuptable);
	return found;
}

/* ----------------------------------------------------------------------
 * resolution: the requested models and their FK closure, nothing else
 * ---------------------------------------------------------------------- */

typedef struct Resolver
{
	const char *ns;
	MsmModel   *builtins;
	int			nbuiltins;
	MsmModel   *models;			/* the closure found so far */
	int			n;
	int			max;
	/* for many requested declared models: all of them, read at once */
	MsmModel   *declared;
	int			ndeclared;
	HTAB	   *declared_index;
	HTAB	   *declared_by_relid;	/* relid -> index in declared */
	/* the closure by identity and by table, so that each probe is O(1) */
	int		   *builtin_slot;	/* builtin_position -> index in models, or -1 */
	int			max_position;
	HTAB	   *by_identifier;	/* declared identifier -> index in models */
	HTAB	   *by_relid;		/* relid -> first index in models */
} Resolver;

typedef struct IdentifierEntry
{
	const char *identifier;		/* the key: points into a model */
	int			index;
} IdentifierEntry;

typedef struct RelidEntry
{
	Oid			relid;			/* the key */
	int			index;
} RelidEntry;

static HTAB *
relid_map(const char *name, int n)
{
	HASHCTL		ctl;

	ctl.keysize = sizeof(Oid);
	ctl.entrysize = sizeof(RelidEntry);
	ctl.hcxt = CurrentMemoryContext;
	return hash_create(name, Max(n, 16), &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

/* remember relid -> index unless relid is already there (the first wins) */
static void
relid_map_add(HTAB *map, Oid relid, int index)
{
	bool		found;
	RelidEntry *e;

	if (!OidIsValid(relid))
		return;
	e = hash_search(map, &relid, HASH_ENTER, &found);
	if (!found)
		e->index = index;
}

static int
relid_map_find(HTAB *map, Oid relid)
{
	RelidEntry *e = hash_search(map, &relid, HASH_FIND, NULL);

	return e ? e->index : -1;
}

static void
resolver_init_closure(Resolver *r, int nreq)
{
	HASHCTL		ctl;

	r->n = 0;
	r->max = Max(nreq, 8);
	r->models = palloc(sizeof(MsmModel) * r->max);
	r->max_position = 0;
	for (int i = 0; i < r->nbuiltins; i++)
		r->max_position = Max(r->max_position, r->builtins[i].builtin_position);
	r->builtin_slot = palloc(sizeof(int) * (r->max_position + 1));
	for (int i = 0; i <= r->max_position; i++)
		r->builtin_slot[i] = -1;
	ctl.keysize = sizeof(const char *);
	ctl.entrysize = sizeof(IdentifierEntry);
	ctl.hash = msm_string_key_hash;
	ctl.match = msm_string_key_compare;
	ctl.hcxt = CurrentMemoryContext;
	r->by_identifier = hash_create("msm closure identifiers", Max(nreq, 16), &ctl,
								   HASH_ELEM | HASH_FUNCTION | HASH_COMPARE | HASH_CONTEXT);
	r->by_relid = relid_map("msm closure tables", nreq);
}

/* the index of m in the closure, added at the end when it is new */
static int
add_model(Resolver *r, const MsmModel *m)
{
	IdentifierEntry *e = NULL;

	if (m->is_builtin)
	{
		Assert(m->builtin_position >= 0 && m->builtin_position <= r->max_position);
		if (r->builtin_slot[m->builtin_position] >= 0)
			return r->builtin_slot[m->builtin_position];
	}
	else
	{
		bool		found;

		e = hash_search(r->by_identifier, &m->identifier, HASH_ENTER, &found);
		if (found)
			return e->index;
	}
	if (r->n == r->max)
	{
		r->max *= 2;
		r->models = repalloc(r->models, sizeof(MsmModel) * r->max);
	}
	r->models[r->n] = *m;
	r->models[r->n].nedges = 0;
	r->models[r->n].edges = NULL;
	if (m->is_builtin)
		r->builtin_slot[m->builtin_position] = r->n;
	else
	{
		e->identifier = r->models[r->n].identifier;
		e->index = r->n;
	}
	relid_map_add(r->by_relid, m->relid, r->n);
	return r->n++;
}

/* the model a selector names: built-ins first, as in position order */
static int
find_selector(Resolver *r, const char *selector)
{
	MsmModel	m;

	for (int i = 0; i < r->nbuiltins; i++)
		if (msm_model_matches(&r->builtins[i], selector))
			return add_model(r, &r->builtins[i]);
	if (r->declared_index != NULL)
	{
		int			d = msm_model_index_find(r->declared_index, selector);

		if (d < 0)
			msm_engine_unknown_model(selector, r->ns);
		return add_model(r, &r->declared[d]);
	}
	if (!declared_by_selector(r->ns, selector, &m))
		msm_engine_unknown_model(selector, r->ns);
	return add_model(r, &m);
}

/* whether a selector names a built-in */
static bool
names_builtin(Resolver *r, const char *selector)
{
	for (int i = 0; i < r->nbuiltins; i++)
		if (msm_model_matches(&r->builtins[i], selector))
			return true;
	return false;
}

/* the model owning table relid, or -1 when the table is no model */
static int
find_table(Resolver *r, Oid relid)
{
	MsmModel	m;

	int			i = relid_map_find(r->by_relid, relid);

	if (i >= 0)
		return i;
	for (i = 0; i < r->nbuiltins; i++)
		if (r->builtins[i].relid == relid)
			return add_model(r, &r->builtins[i]);
	if (r->declared_index != NULL)
	{
		i = relid_map_find(r->declared_by_relid, relid);
		return i >= 0 ? add_model(r, &r->declared[i]) : -1;
	}
	if (declared_by_table(r->ns, relid, &m))
		return add_model(r, &m);
	return -1;
}

/* msm.models_of() order: built-ins by position, then declared models */
static int
inventory_cmp(const MsmModel *a, const MsmModel *b)
{
	if (a->is_builtin != b->is_builtin)
		return a->is_builtin ? -1 : 1;
	if (a->is_builtin)
		return a->builtin_position - b->builtin_position;
	if (a->declared_at != b->declared_at)
		return a->declared_at < b->declared_at ? -1 : 1;
	return strcmp(a->table_name, b->table_name);
}

/* qsort_arg order of indexes into models (arg): inventory_cmp, then the index */
static int
inventory_perm_cmp(const void *a, const void *b, void *arg)
{
	const MsmModel *models = (const MsmModel *) arg;
	int			ia = *(const int *) a;
	int			ib = *(const int *) b;
	int			c = inventory_cmp(&models[ia], &models[ib]);

	return c != 0 ? c : (ia > ib) - (ia < ib);
}

/*
 * Put the closure in msm.models_of() order, as the whole inventory was
 * before (the first model left in a cycle is where its error path starts),
 * renumbering edge targets and the requested indexes.
 */
static void
inventory_order(Resolver *r, int *requested, int nreq)
{
	int		   *perm = palloc(sizeof(int) * Max(r->n, 1));	/* new -> old */
	int		   *inv = palloc(sizeof(int) * Max(r->n, 1));	/* old -> new */
	MsmModel   *sorted = palloc(sizeof(MsmModel) * Max(r->n, 1));

	for (int i = 0; i < r->n; i++)
		perm[i] = i;
	qsort_arg(perm, r->n, sizeof(int), inventory_perm_cmp, r->models);
	for (int i = 0; i < r->n; i++)
		inv[perm[i]] = i;
	for (int i = 0; i < r->n; i++)
	{
		sorted[i] = r->models[perm[i]];
		for (int e = 0; e < sorted[i].nedges; e++)
			if (sorted[i].edges[e].target >= 0)
				sorted[i].edges[e].target = inv[sorted[i].edges[e].target];
	}
	for (int i = 0; i < nreq; i++)
		requested[i] = inv[requested[i]];
	r->models = sorted;
}

/*
 * The models to attach, in order: for req == NULL the built-ins in their
 * fixed order, else the requested models expanded along their foreign keys
 * and sorted by msm_depgraph_order.  Reads the built-ins, one query per
 * requested declared model and per declared FK target (or, for more than
 * MANY_SELECTORS requested declared models, the namespace's declared
 * models in one scan), and the foreign keys of each model of the closure:
 * the cost follows the closure, not the number of models of the namespace.  Must run between SPI_connect and
 * SPI_finish (the strings live until SPI_finish).
 */
MsmModel *
msm_engine_resolve(const char *ns, char **req, int nreq, int *nresult)
{
	Resolver	r;
	MsmModel   *result;
	int		   *requested;
	int		   *order;
	int			n = 0;

	r.ns = ns;
	r.builtins = load_builtins(ns, &r.nbuiltins);
	if (req == NULL)
	{
		*nresult = r.nbuiltins;
		return r.builtins;
	}

	r.declared = NULL;
	r.ndeclared = 0;
	r.declared_index = NULL;
	r.declared_by_relid = NULL;
	{
		int			ndecl = 0;

		for (int i = 0; i < nreq && ndecl <= MANY_SELECTORS; i++)
			if (!names_builtin(&r, req[i]))
				ndecl++;
		if (ndecl > MANY_SELECTORS)
		{
			r.declared = declared_all(ns, &r.ndeclared);
			r.declared_index = msm_model_index_build(r.declared, r.ndeclared,
													 CurrentMemoryContext);
			r.declared_by_relid = relid_map("msm declared tables", r.ndeclared);
			for (int i = 0; i < r.ndeclared; i++)
				relid_map_add(r.declared_by_relid, r.declared[i].relid, i);
		}
	}
	resolver_init_closure(&r, nreq);
	requested = palloc(sizeof(int) * Max(nreq, 1));
	for (int i = 0; i < nreq; i++)
		requested[i] = find_selector(&r, req[i]);

	/* breadth first over the closure; r.n grows as targets are found */
	for (int i = 0; i < r.n; i++)
	{
		int			nedges;
		MsmModelEdge *edges;

		if (!OidIsValid(r.models[i].relid))
			continue;
		edges = msm_depgraph_table_edges(r.models[i].relid, &nedges);
		for (int e = 0; e < nedges; e++)
			edges[e].target = find_table(&r, edges[e].target_relid);
		r.models[i].edges = edges;
		r.models[i].nedges = nedges;
	}
	inventory_order(&r, requested, nreq);
	order = msm_depgraph_order(r.models, r.n, requested, nreq, &n);

	result = palloc(sizeof(MsmModel) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		result[i] = r.models[order[i]];
		result[i].nedges = 0;	/* the edges stay with the closure */
		result[i].edges = NULL;
	}
	*nresult = n;
	return result;
}
