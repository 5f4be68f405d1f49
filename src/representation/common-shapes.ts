// Shared types of 01 §4.2 rule 4 and §5.3–§5.7: enumerations, references, timestamps, custom attributes,
// pagination, errors.
import { NS } from './namespaces.ts';
import { f, shape, type Field, type Labels, type Shape } from './shape.ts';

const enumShapes = new Map<string, Shape>();

/**
 * An enumeration `{value, displayValue}`; `displayValue` is looked up in `labels` in the request's language.
 * `inlineNs` declares value/displayValue in the resource's own namespace where a field table says so.
 * `extra` adds fields after them (`status.substatus`, `type.phone`); give them their namespace with f.inNs.
 */
export function enumeration(labels: Labels, opts: { inlineNs?: string; extra?: Record<string, Field> } = {}): Field {
  const ns = opts.inlineNs ?? NS.common;
  let s: Shape;
  if (opts.extra) {
    s = shape(ns, { value: f.text(), displayValue: f.text(), ...opts.extra });
  } else {
    s = enumShapes.get(ns) ?? shape(ns, { value: f.text(), displayValue: f.text() });
    enumShapes.set(ns, s);
  }
  return { kind: 'enum', labels, shape: s };
}

export const userRefShape = shape(NS.platform, { id: f.id(), name: f.text(), firstName: f.text(), lastName: f.text() });

/** `created`, `lastModified`, ...: a `date` attribute and the user who caused it (in common). */
export const timestamp = (): Field => f.object(shape(NS.common, { date: f.instant({ attr: true }), user: f.object(userRefShape) }));

export const departmentRef = (): Field => f.object(shape(NS.platform, { id: f.id(), name: f.text() }));

/** A reference to another resource: the element is the container's, its children the referenced type's. */
export const resourceRef = (ns: string, extra: Record<string, Field> = {}): Field => f.object(shape(ns, { id: f.id(), link: f.link(), ...extra }));

export const customAttributes = (): Field =>
  f.object(
    shape(NS.common, {
      customAttribute: f.array(
        f.object(
          shape(NS.common, {
            attribName: f.text(),
            attribValues: f.object(shape(NS.common, { attribValue: f.array(f.object(shape(NS.common, { value: f.text() }))) })),
          }),
        ),
      ),
    }),
  );

export const paginationShape = shape(NS.common, {
  count: f.number(),
  pagenum: f.number(),
  pagesize: f.number(),
  rangestart: f.number(),
  rangesize: f.number(),
  link: f.links(),
});

export const errorShape = shape(NS.common, {
  code: f.text(),
  developerMessage: f.text(),
  details: f.array(f.object(shape(NS.common, { key: f.text({ keepEmpty: true }), value: f.text({ keepEmpty: true }) }))),
});

export const legacyErrorShape = shape(NS.platform, { message: f.text() });
