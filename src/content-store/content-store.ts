// File bytes in the database (06 §7: every instance serves every attachment), stored once per SHA-256 whatever
// the number of attachments (knowledge now, activity attachments of the email channel later) that point at them.
// The reference count is not written here: triggers on each referencing table follow its rows, and the content
// goes with its last reference (migration `knowledge`, stored_content_follow).
import { createHash } from 'node:crypto';
import type { Database } from '../db/database.ts';
import type { Db } from '../areas/customer/customer.queries.ts';

export type StoredRef = { sha256: Buffer; size: number };

export const sha256Of = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest();

/**
 * Stores `bytes` (a no-op when the same bytes are stored already) and answers the key a referencing row carries in
 * `content_sha256`. Call it in the transaction that inserts that row: the no-op update of an existing row locks it
 * until the transaction ends, so a concurrent delete of its last reference cannot remove it in between.
 */
export async function storeContent(tx: Db, bytes: Uint8Array): Promise<StoredRef> {
  const sha256 = sha256Of(bytes);
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  await tx.$executeRaw`
    INSERT INTO stored_content (sha256, bytes, size) VALUES (${sha256}, ${data}, ${bytes.byteLength})
    ON CONFLICT (sha256) DO UPDATE SET ref_count = stored_content.ref_count`;
  return { sha256, size: bytes.byteLength };
}

/**
 * Stores several contents (each once, however often it occurs) in ascending SHA-256 order, as storeContent does
 * one. Writers that store several contents in one transaction take the row locks in the same order, so two of them
 * storing the same contents cannot deadlock. Answers the references in the order of `contents`.
 */
export async function storeContents(tx: Db, contents: readonly Uint8Array[]): Promise<StoredRef[]> {
  const refs = contents.map((bytes) => ({ sha256: sha256Of(bytes), size: bytes.byteLength, bytes }));
  const distinct = new Map(refs.map((r) => [r.sha256.toString('hex'), r]));
  for (const [, r] of [...distinct].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) await storeContent(tx, r.bytes);
  return refs.map(({ sha256, size }) => ({ sha256, size }));
}

/** The bytes stored under `sha256`, or undefined when no reference keeps them any more. */
export async function readContent(db: Database | Db, sha256: Uint8Array): Promise<Buffer | undefined> {
  const client = 'prisma' in db ? db.prisma : db;
  const rows = await client.$queryRaw<{ bytes: Uint8Array }[]>`SELECT bytes FROM stored_content WHERE sha256 = ${Buffer.from(sha256)}`;
  const found = rows[0];
  return found ? Buffer.from(found.bytes.buffer, found.bytes.byteOffset, found.bytes.byteLength) : undefined;
}
