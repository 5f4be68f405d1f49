// Client applications (07 §18). The secrets are shown only in the create and secret-rotation responses.
import { NS } from '../../../representation/namespaces.ts';
import { f, resource, shape } from '../../../representation/shape.ts';
import { enumeration, timestamp } from '../../../representation/common-shapes.ts';
import type { View } from '../../../representation/render.ts';
import type { UserRef } from '../../../authz/actor.ts';
import { activeStateLabels, stamp } from '../common.ts';

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
  // Entry points (07 §8) do not exist yet, so the list is always empty and omitted; the shape follows the 07 §18
  // XML example (the entry point element and its children in this namespace).
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
  opts: { created: boolean; secrets?: Secrets | undefined },
): View {
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
    lastModified: stamp(row.lastModifiedAt, row.lastModifiedById, refs),
    created: opts.created ? stamp(row.createdAt, row.createdById, refs) : undefined,
  };
}
