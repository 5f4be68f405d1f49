// Reads folder bodies (06 K32–K34) into typed input: what depends on the request alone (01 §7.2 step 7). Whether the
// parent, department or target exist is the service's (400-152 after the permission check).
import { Err } from '../../../errors/app-error.ts';
import { editedName, isObj, optionalText, refOf, requiredName, stampOf, type BodyRef, type Obj } from '../shared/kb.body-fields.ts';

export type FolderCreate = { name: string; description: string | null; at: { parent: BodyRef } | { department: BodyRef } };

export type FolderEdit = { name?: string; description?: string | null; token?: Date };

function object(body: unknown): Obj {
  if (!isObj(body)) throw Err.malformedBody();
  return body;
}

/** K32: `name`, and `parent.id` (child folder) or `department.id` (root folder): both → 400-152, neither → 400-153. */
export function readFolderCreate(raw: unknown): FolderCreate {
  const body = object(raw);
  const name = requiredName(body.name, 'name');
  const description = optionalText(body.description, 'description', 4000) ?? null;
  const parent = refOf(body, 'parent');
  const department = refOf(body, 'department');
  if (parent && department) throw Err.invalidAttribute(department.path, department.raw);
  if (parent) return { name, description, at: { parent } };
  if (department) return { name, description, at: { department } };
  throw Err.missingAttribute('parent.id');
}

/** K33: `name` and/or `description`, optional stamp; a body without either changes nothing. */
export function readFolderEdit(raw: unknown): FolderEdit {
  const body = object(raw);
  const edit: FolderEdit = {};
  const name = editedName(body.name, 'name');
  const description = optionalText(body.description, 'description', 4000);
  const token = stampOf(body);
  if (name !== undefined) edit.name = name;
  if (description !== undefined) edit.description = description;
  if (token) edit.token = token;
  return edit;
}

/**
 * K34: the new parent, `{"parent": {"id"}}` or `{"folder": {"id"}}`; an XML root `<parent id="…"/>` (or any root
 * carrying the id itself) names it too.
 */
export function readMoveTarget(raw: unknown): BodyRef {
  const body = raw === undefined || raw === null || raw === '' ? {} : object(raw);
  const target = refOf(body, 'parent') ?? refOf(body, 'folder') ?? refOf({ root: body }, 'root');
  if (!target) throw Err.missingAttribute('parent.id');
  return target.path === 'root.id' ? { ...target, path: 'id' } : target;
}
