// Reads topic bodies (06 K38, K39) into typed input: what depends on the request alone (01 §7.2 step 7). Whether
// the parent, department, language and edited topics exist is the service's.
import { Err } from '../../../errors/app-error.ts';
import { normaliseLanguageCode } from '../shared/kb.language.ts';
import {
  booleanValue,
  editedName,
  idValue,
  invalid,
  isObj,
  optionalText,
  refOf,
  requiredName,
  stampOf,
  type BodyRef,
} from '../shared/kb.body-fields.ts';

/** `language` as written: by id or by code (the id wins when both are sent). */
export type LanguageRef = { id: bigint; path: string; raw: string } | { code: string; path: string; raw: string };

export type TopicCreate = {
  name: string;
  description: string | null;
  isTranslatable: boolean;
  language?: LanguageRef;
  parent?: BodyRef;
  department?: BodyRef;
};

export type TopicEdit = { id: bigint; path: string; name?: string; description?: string | null; isTranslatable?: boolean; token?: Date };

function languageOf(v: unknown): LanguageRef | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (!isObj(v)) return invalid('language', v);
  if (v.id !== undefined && v.id !== null && v.id !== '') return { id: idValue(v.id, 'language.id'), path: 'language.id', raw: String(v.id) };
  if (v.code !== undefined && v.code !== null && v.code !== '') {
    if (typeof v.code !== 'string') return invalid('language.code', v.code);
    return { code: normaliseLanguageCode(v.code), path: 'language.code', raw: v.code };
  }
  return undefined;
}

/**
 * K38: `name`, `language` (required, also for a child topic: it must then be its parent's, 06 §3.6), `parent`
 * (alias `parentTopic`) or `department`; optional `description` and `isTranslatable`.
 */
export function readTopicCreate(body: unknown): TopicCreate {
  if (!isObj(body)) throw Err.malformedBody();
  const name = requiredName(body.name, 'name');
  const description = optionalText(body.description, 'description', 4000) ?? null;
  const isTranslatable = booleanValue(body.isTranslatable, 'isTranslatable') ?? false;
  const language = languageOf(body.language);
  const parent = refOf(body, 'parent') ?? refOf(body, 'parentTopic');
  const department = refOf(body, 'department');
  if (!language) throw Err.missingAttribute('language.id');
  if (!parent && !department) throw Err.missingAttribute('parent.id');
  return { name, description, isTranslatable, ...(language ? { language } : {}), ...(parent ? { parent } : {}), ...(department ? { department } : {}) };
}

/** K39: 1–75 items, each with `id` and any of `name`, `description`, `isTranslatable`, the stamp. */
export function readTopicEdits(items: unknown[]): TopicEdit[] {
  return items.map((item, i) => {
    const path = `topic[${i}]`;
    if (!isObj(item)) return invalid(path, item);
    if (item.id === undefined || item.id === null || item.id === '') throw Err.missingAttribute(`${path}.id`);
    const edit: TopicEdit = { id: idValue(item.id, `${path}.id`), path };
    const name = editedName(item.name, `${path}.name`);
    const description = optionalText(item.description, `${path}.description`, 4000);
    const isTranslatable = booleanValue(item.isTranslatable, `${path}.isTranslatable`);
    const token = stampOf(item, path);
    if (name !== undefined) edit.name = name;
    if (description !== undefined) edit.description = description;
    if (isTranslatable !== undefined) edit.isTranslatable = isTranslatable;
    if (token) edit.token = token;
    return edit;
  });
}
