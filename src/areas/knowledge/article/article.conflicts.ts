// The refusals of the article lifecycle (06 §4.1, §11): the en-US reasons of 06 §11 and their es-ES translations for
// 409-102 (built by stateConflict, shared/kb.conflict.ts), 409-101 for stale stamps. One error names every refused
// article in `details`.
import { AppError } from '../../../errors/app-error.ts';
import { stateConflict, type Reason } from '../shared/kb.conflict.ts';

export const reasons = {
  checkedOutByOther: { 'en-US': 'the article is checked out by another user', 'es-ES': 'el artículo está bloqueado por otro usuario' },
  notCheckedOutByYou: { 'en-US': 'the article is not checked out by you', 'es-ES': 'el artículo no está bloqueado por usted' },
  nothingToPublish: {
    'en-US': 'the article has no draft or working copy to publish',
    'es-ES': 'el artículo no tiene ningún borrador ni copia de trabajo que publicar',
  },
  noDraft: { 'en-US': 'the article has no draft', 'es-ES': 'el artículo no tiene ningún borrador' },
  notCheckedOut: { 'en-US': 'the article is not checked out', 'es-ES': 'el artículo no está bloqueado' },
  versionNotDeletable: {
    'en-US': 'published, checked-out or last versions cannot be deleted',
    'es-ES': 'las versiones publicadas, bloqueadas o últimas no se pueden eliminar',
  },
  rollbackToWorkingCopy: {
    'en-US': 'the working copy cannot be used for a rollback',
    'es-ES': 'la copia de trabajo no se puede usar para una reversión',
  },
  alternateIdInUse: { 'en-US': 'the alternate id is already in use', 'es-ES': 'el identificador alternativo ya está en uso' },
} satisfies Record<string, Reason>;

/** 409-101 naming every article whose stamp is stale. */
export function stale(ids: readonly bigint[]): AppError {
  const list = ids.map(String);
  return new AppError('409-101', { id: list.join(', ') }, list.map((value) => ({ key: 'id', value })));
}

/**
 * Runs the state checks of a batch in item order: the first reason met fails the call, naming every item refused
 * for that reason. `check` answers the reason an item is refused for, or undefined.
 */
export function refuseFirst<T extends { id: bigint }>(items: readonly T[], check: (item: T) => Reason | undefined): void {
  let first: Reason | undefined;
  const ids: bigint[] = [];
  for (const item of items) {
    const reason = check(item);
    if (!reason) continue;
    first ??= reason;
    if (reason === first) ids.push(item.id);
  }
  if (first) throw stateConflict(ids, first);
}

/** 06 §4.3: a stamp that differs from the article's `lastModified` (to the millisecond) → 409-101, all stale named. */
export function checkStamps(items: readonly { id: bigint; stamp?: Date | undefined }[], stored: (id: bigint) => Date): void {
  const bad = items.filter((i) => i.stamp !== undefined && i.stamp.getTime() !== stored(i.id).getTime()).map((i) => i.id);
  if (bad.length) throw stale(bad);
}
