// Every embedded database loads the same extensions, so that migrations written for PostgreSQL (which ships them
// as contrib modules) apply unchanged: knowledge search needs unaccent, the article name filter pg_trgm (06 §5).
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

export const pgliteExtensions = { pg_trgm, unaccent };

export function createPglite(dataDir?: string, options: PGliteOptions = {}): Promise<PGlite> {
  return PGlite.create({ ...options, ...(dataDir ? { dataDir } : {}), extensions: pgliteExtensions });
}
