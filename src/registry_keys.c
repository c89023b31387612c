/*-------------------------------------------------------------------------
 *
 * registry_keys.c
 *	  Small helpers of the TS Manager lookups (doc/tsmanager.md, "Wire
 *	  calls" and "Lookup cache"): the order of the names a lookup sends and
 *	  the token identity in the shared lookup cache key.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/cryptohash.h"
#include "common/sha2.h"
#include "lib/stringinfo.h"
#include "nodes/pg_list.h"

#include "registry_tsmanager.h"

static int
cmp_cstring(const ListCell *a, const ListCell *b)
{
	return strcmp((const char *) lfirst(a), (const char *) lfirst(b));
}

/* names sorted (by code point, as Python sorts) and unique */
List *
msm_sorted_unique(List *names)
{
	List	   *sorted = list_copy(names);
	List	   *out = NIL;
	ListCell   *lc;
	const char *prev = NULL;

	list_sort(sorted, cmp_cstring);
	foreach(lc, sorted)
	{
		if (prev == NULL || strcmp(prev, (char *) lfirst(lc)) != 0)
			out = lappend(out, lfirst(lc));
		prev = lfirst(lc);
	}
	return out;
}

/* names unique, in their first order (the SDK's dict.fromkeys) */
List *
msm_first_unique(List *names)
{
	List	   *out = NIL;
	ListCell   *lc;

	foreach(lc, names)
	{
		ListCell   *o;
		bool		seen = false;

		foreach(o, out)
			if (strcmp((char *) lfirst(o), (char *) lfirst(lc)) == 0)
				seen = true;
		if (!seen)
			out = lappend(out, lfirst(lc));
	}
	return out;
}

/*
 * Who the answers belong to, for the shared lookup cache key: the token's
 * identity as the first 16 bytes of a SHA-256 in hex, of the access token
 * or of the runtime credential id (credentials: its tokens are renewed).
 * Never the secret itself (doc/tsmanager.md, "Lookup cache").
 */
char *
msm_token_identity(bool credentials, const char *what)
{
	pg_cryptohash_ctx *ctx = pg_cryptohash_create(PG_SHA256);
	uint8		digest[PG_SHA256_DIGEST_LENGTH];
	StringInfoData out;

	if (what == NULL)
		what = "";
	if (ctx == NULL || pg_cryptohash_init(ctx) < 0 ||
		pg_cryptohash_update(ctx, (const uint8 *) what, strlen(what)) < 0 ||
		pg_cryptohash_final(ctx, digest, sizeof(digest)) < 0)
		elog(ERROR, "could not compute the token identity: %s", pg_cryptohash_error(ctx));
	pg_cryptohash_free(ctx);
	initStringInfo(&out);
	appendStringInfoString(&out, credentials ? "cred:" : "token:");
	for (int i = 0; i < 16; i++)
		appendStringInfo(&out, "%02x", digest[i]);
	return out.data;
}
