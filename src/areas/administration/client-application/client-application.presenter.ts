// Client applications (07 §18). The secrets are shown only in the create and secret-rotation responses.
import { NS } from '../../../representation/namespaces.ts';
import { f, resource, shape } from '../../../representation/shape.ts';
import { enumeration, timestamp } from '../../../representation/common-shapes.ts';
import type { View } from '../../../representation/render.ts';
import type { UserRef } from '../../../authz/actor.ts';
import { activeStateLabels, stamp } from '../common.ts';
import { entryPointHref } from '../entry-point/entry-point.presenter.ts';
import type { EntryPointRef } from './client-application.queries.ts';

export const clientApplicationPath = '/system/ws/v12/administration/clientapplication';
const ns = NS.administration('clientapplication');

export const clientApplicationShape = resource('clientApplication', ns, {
  id: f.id(),
  link: f.link(),
  name: f.text(),
  description: f.text(),
  type: enumeration({ chat: { 'en-US': 'Chat', 'es-ES': 'Chat' } }),
  clientKey: f.text(),
  clientSecret: f.text(),
  webhookSecret: f.text(),
  state: enumeration(activeStateLabels),
  callbackUrl: f.text(),
  callbackState: enumeration({
    active: { 'en-US': 'Active', 'es-ES': 'Activo' },
    deactivated: { 'en-US': 'Deactivated', 'es-ES': 'Desactivado' },
  }),
  // The entry point element and its children are in this namespace, as the 07 §18 XML example shows; the reference
  // carries its link in XML as in JSON (01 §5.7; the example is abbreviated, as those of 07 §7–§9 are).
  entryPoints: f.list('entryPoint', f.object(shape(ns, { id: f.id(), name: f.text(), link: f.link() })), ns),
  lastModified: timestamp(),
  created: timestamp(),
});

export type ClientApplicationRow = {
  id: bigint;
  name: string;
  description: string | null;
  type: string;
  clientKey: string;
  state: string;
  callbackUrl: string;
  callbackState: string;
  createdAt: Date;
  createdById: bigint | null;
  lastModifiedAt: Date;
  lastModifiedById: bigint | null;
};

export type Secrets = { clientSecret: string; webhookSecret: string };

export function presentClientApplication(
  row: ClientApplicationRow,
  refs: Map<string, UserRef>,
  opts: { created: boolean; secrets?: Secrets | undefined; entryPoints?: readonly EntryPointRef[] | undefined },
): View {
  const entryPoints = opts.entryPoints ?? [];
  return {
    id: String(row.id),
    link: { rel: 'self', href: `${clientApplicationPath}/${row.id}` },
    name: row.name,
    description: row.description,
    type: row.type,
    clientKey: row.clientKey,
    clientSecret: opts.secrets?.clientSecret,
    webhookSecret: opts.secrets?.webhookSecret,
    state: row.state,
    callbackUrl: row.callbackUrl,
    callbackState: row.callbackState,
    // 01 §5.2: an application without entry points leaves the field out.
    entryPoints: entryPoints.length
      ? { entryPoint: entryPoints.map((e) => ({ id: String(e.id), name: e.name, link: { rel: 'entryPoint', href: entryPointHref(e.id) } })) }
      : undefined,
    lastModified: stamp(row.lastModifiedAt, row.lastModifiedById, refs),
    created: opts.created ? stamp(row.createdAt, row.createdById, refs) : undefined,
  };
}
