// 409-102 of the knowledge area (06 §11): `details` name the resource id(s), the message carries the `{reason}` of
// the situation in the caller's language (01 §7.3). The one builder of a knowledge 409-102: articles, folders,
// topics and attachments all answer through stateConflict, with their reasons (en-US of 06 §11, es-ES shipped).
import { AppError } from '../../../errors/app-error.ts';
import type { Lang } from '../../../errors/catalogue.ts';

export type Reason = Record<Lang, string>;

/** 409-102 naming every id (01 §7.1: one `{key:"id"}` pair each), then any `extra` details. */
export function stateConflict(ids: readonly (bigint | string)[], reason: Reason, extra: readonly { key: string; value: string }[] = []): AppError {
  const list = ids.map(String);
  return new AppError('409-102', { id: list.join(', '), reason }, [...list.map((value) => ({ key: 'id', value })), ...extra]);
}

/** Folders and topics (06 §11: K32, K33, K34, K38, K39). */
export const siblingNameReason: Reason = {
  'en-US': 'a sibling with this name already exists',
  'es-ES': 'ya existe un elemento del mismo nivel con este nombre',
};
