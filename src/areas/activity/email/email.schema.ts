// Query specs and the create body of the email endpoints (05 §9.3–§9.6, §9.15). The body schema documents the
// shape; email.input.ts reads the fields, so every error names the attribute as written.
import { Type } from '@sinclair/typebox';
import type { QuerySpec } from '../../../query/spec.ts';
import { activityGetQuery } from '../activity.schema.ts';

/** V3, V4, V5: `$attribute` as V1 (05 §5.5); `expandMacros=yes|no` (V4/V5; ignored by V3, which shares V4's URL). */
export const createQuery: QuerySpec = {
  mode: 'action',
  attributes: activityGetQuery.attributes ?? [],
  customAttributes: 'activity',
  criteria: [{ name: 'expandMacros', kind: 'boolean' }],
};

/** One bare activity (or wrapped, 03 B2) as JSON, XML or the `data` part of a multipart body (05 §9.4). */
export const createBodyConfig = {
  accepts: ['json', 'xml', 'multipart'] as const,
  multipart: 'data-part' as const,
  resource: { key: 'activity', mode: 'single' as const },
};

const any = (description: string) => Type.Optional(Type.Unknown({ description }));

export const CreateBody = Type.Object(
  {
    department: any('`{"id"}` or `{"name"}` (case-insensitive), required'),
    type: any('`{"value":"email","subtype":{"value":"general"|"compose"}}`, required'),
    subject: any('≤ 1024 characters'),
    payload: any('`{"email":{"date","contents","emailAddresses":{"from","receiver","to","cc","bcc"}}}` (05 §9.3, §9.5)'),
    case: any('`{"id"}`: the case to join'),
    isSecure: any('boolean'),
    priority: any('integer 1–10, default 5'),
    dueDate: any('date-time'),
    language: any('BCP 47 tag, `{"value":"en"}`'),
    customAttributes: any('03 §2.7, object type activity'),
  },
  { additionalProperties: true, description: 'An email activity to create (05 §9.3 inbound, §9.5 compose)' },
);

/** V17: no query parameters. */
export const attachmentListQuery: QuerySpec = { mode: 'action' };
/** V18: `$attribute` blank, `contentUrl` or `all` (other → 400-102). */
export const attachmentGetQuery: QuerySpec = { mode: 'get', attributes: ['contentUrl'] };
/** V19: the one-time `token` of a content URL, optional; `token=` is a wrong token like any other (05 §9.15: 404-101). */
export const attachmentContentQuery: QuerySpec = { mode: 'action', criteria: [{ name: 'token', kind: 'string', allowEmpty: true }] };
