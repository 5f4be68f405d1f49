import { NS } from '../../representation/namespaces.ts';
import { f, shape } from '../../representation/shape.ts';
import type { Document } from '../../representation/render.ts';

// 09 §2: a bare object in the common namespace (a probe, not a resource).
const helloShape = shape(NS.common, { area: f.text(), version: f.text(), status: f.text(), timestamp: f.instant() });

export function presentHello(area: string, now: Date): Document {
  return { kind: 'bare', root: 'hello', shape: helloShape, value: { area, version: 'v12', status: 'ok', timestamp: now } };
}
