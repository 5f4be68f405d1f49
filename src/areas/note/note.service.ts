// Note use cases (04 §9), independent of what owns the note: the owner's endpoint checks the caller and the owner's
// existence and visibility (case K6–K8 here, activity V14–V16 in 05) and then calls these.
import { Err } from '../../errors/app-error.ts';
import type { Db } from '../customer/customer.queries.ts';
import { insertNote, noteOf, notesOf, type NoteOwner } from './note.queries.ts';
import { presentNote } from './note.presenter.ts';

export type NoteView = ReturnType<typeof presentNote>;

/** Adds a note (content already read by readNoteContent) and answers its representation. */
export async function createNote(db: Db, owner: NoteOwner, content: string, by: bigint | null, now: Date): Promise<NoteView> {
  const id = await insertNote(db, owner, content, by, now);
  const row = await noteOf(db, owner, id);
  return presentNote(row!, owner);
}

/** All notes of `owner` (empty: the endpoint answers 204). */
export async function listNotes(db: Db, owner: NoteOwner): Promise<NoteView[]> {
  return (await notesOf(db, owner)).map((n) => presentNote(n, owner));
}

/** One note of `owner`; a note that does not exist or belongs to another owner → 404-101 naming it. */
export async function getNote(db: Db, owner: NoteOwner, noteId: bigint): Promise<NoteView> {
  const row = await noteOf(db, owner, noteId);
  if (!row) throw Err.idsNotFound([String(noteId)]);
  return presentNote(row, owner);
}
