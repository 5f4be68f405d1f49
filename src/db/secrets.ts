import { randomBytes } from 'node:crypto';
import type { Database } from './database.ts';

/** A secret shared by every instance: the first to ask creates it, the others read the same row. */
export async function sharedSecret(db: Database, name: string): Promise<Buffer> {
  await db.query('INSERT INTO server_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, randomBytes(32)]);
  const rows = await db.query<{ value: Uint8Array }>('SELECT value FROM server_secret WHERE name = $1', [name]);
  return Buffer.from(rows[0]!.value);
}
