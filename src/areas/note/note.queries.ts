// Note rows (04 §9): one table for case and activity notes (`case_id` xor `activity_id`), listed by creation time,
// then id (index (owner, created_at, id)). The author's user reference is joined in the same query.
import type { Db } from '../customer/customer.queries.ts';
import type { UserRef } from '../../authz/actor.ts';

/** What a note is attached to. */
export type NoteOwner = { kind: 'case' | 'activity'; id: bigint };

export type NoteRow = { id: bigint; createdAt: Date; author: UserRef | undefined; content: string };

type RawNote = { id: string; created_at: Date; content: string; user_id: string | null; screen_name: string | null; first_name: string | null; last_name: string | null };

const toRow = (r: RawNote): NoteRow => ({
  id: BigInt(r.id),
  createdAt: new Date(r.created_at),
  content: r.content,
  author: r.user_id === null ? undefined : { id: r.user_id, name: r.screen_name!, firstName: r.first_name!, lastName: r.last_name ?? undefined },
});

const ownerColumn = (owner: NoteOwner) => (owner.kind === 'case' ? 'case_id' : 'activity_id');

const select = `SELECT n.id::text AS id, n.created_at, n.content, u.id::text AS user_id, u.screen_name, u.first_name, u.last_name
  FROM note n LEFT JOIN app_user u ON u.id = n.created_by_id`;

/** Every note of `owner`, by creation time then id. */
export async function notesOf(db: Db, owner: NoteOwner): Promise<NoteRow[]> {
  const rows = await db.$queryRawUnsafe<RawNote[]>(`${select} WHERE n.${ownerColumn(owner)} = $1::bigint ORDER BY n.created_at, n.id`, String(owner.id));
  return rows.map(toRow);
}

/** The note `id` when it belongs to `owner`. */
export async function noteOf(db: Db, owner: NoteOwner, id: bigint): Promise<NoteRow | undefined> {
  const rows = await db.$queryRawUnsafe<RawNote[]>(`${select} WHERE n.id = $1::bigint AND n.${ownerColumn(owner)} = $2::bigint`, String(id), String(owner.id));
  return rows[0] ? toRow(rows[0]) : undefined;
}

/** Inserts a note of `owner` written by `by` (null: not a staff user) at `now`. */
export async function insertNote(db: Db, owner: NoteOwner, content: string, by: bigint | null, now: Date): Promise<bigint> {
  const row = await db.note.create({
    data: { ...(owner.kind === 'case' ? { caseId: owner.id } : { activityId: owner.id }), content, createdAt: now, createdById: by },
    select: { id: true },
  });
  return row.id;
}
