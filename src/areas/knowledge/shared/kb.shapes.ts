// Reference objects of 06 §1.2: `id` an attribute; `name` in the platform namespace for departments and users, in
// the declaring resource's namespace for folders, topics, article types and languages.
import { departmentRef, timestamp, userRefShape } from '../../../representation/common-shapes.ts';
import { f, shape, type Field } from '../../../representation/shape.ts';

/** `created` / `lastModified`: `date` attribute and an optional `c:user` (06 §1.2), as everywhere else. */
export { departmentRef, timestamp };

/** `{id,name}` of a folder, topic or article type, children in `ns` (the declaring resource's namespace). */
export const namedRef = (ns: string): Field => f.object(shape(ns, { id: f.id(), name: f.text() }));

/** `language`: `{id, code, label}` (06 §3.1, §3.6). */
export const languageRef = (ns: string): Field => f.object(shape(ns, { id: f.id(), code: f.text(), label: f.text() }));

/** `lock` (06 §3.1): `date` attribute and `lockedBy` (children in platform), in the declaring namespace. */
export const lockShape = (ns: string): Field => f.object(shape(ns, { lockedBy: f.object(userRefShape), date: f.instant({ attr: true }) }));
