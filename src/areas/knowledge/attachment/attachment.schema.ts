// Query specs and body schemas of the knowledge attachment endpoints (06 §7, K23–K29). The body schemas document
// the shape and cap the lists at 1–75 items; attachment.input.ts reads the fields, so every error names the
// attribute as written.
import { Type } from '@sinclair/typebox';
import type { QuerySpec } from '../../../query/spec.ts';

/** `$attribute` groups of 06 §3.4 (besides blank and `all`). */
const attributes = ['contentUrl'];

/** K23, K24: `article` required (400-112), numeric (400-102). */
export const attachmentAddQuery: QuerySpec = { mode: 'action', criteria: [{ name: 'article', kind: 'id' }], required: ['article'], attributes, lang: true };
export const attachmentEditQuery: QuerySpec = { mode: 'action', attributes, lang: true };
/**
 * K26: `article` numeric or alternate id (a string here: the service checks its form with articleSegmentOf, as for
 * a path id); `version` accepted and ignored; paged by id.
 */
export const attachmentListQuery: QuerySpec = {
  mode: 'list',
  criteria: [
    { name: 'article', kind: 'string' },
    { name: 'version', kind: 'id' },
  ],
  required: ['article'],
  attributes,
  lang: true,
};
/** K27: `article`, when sent (numeric or alternate id, checked as in K26), must be the article of every listed attachment. */
export const attachmentGetQuery: QuerySpec = { mode: 'get', criteria: [{ name: 'article', kind: 'string' }], attributes, lang: true };
export const attachmentContentQuery: QuerySpec = { mode: 'get', lang: true };
export const attachmentUnlinkQuery: QuerySpec = { mode: 'action', lang: true };

/** The multipart upload (K23): both multipart types, the parts left to the route. */
export const uploadBodyConfig = { accepts: ['multipart', 'multipart-mixed'] as const, multipart: 'parts' as const };
/** K24, K25: `{"attachment":[...]}`, a bare object, XML `<attachments><attachment>` or `<attachment>`. */
export const linkBodyConfig = { resource: { key: 'attachment', mode: 'list' as const } };

const any = (description: string) => Type.Optional(Type.Unknown({ description }));
const list = <T extends ReturnType<typeof Type.Object>>(item: T, description: string) => Type.Array(item, { minItems: 1, maxItems: 75, description });

export const LinkAddBody = list(
  Type.Object({ name: any('1–255 characters'), url: any('absolute http or https URL, at most 2000 characters') }),
  'Link attachments to add (06 §3.4)',
);

export const LinkEditBody = list(
  Type.Object({ id: any('a link attachment (numeric id)'), name: any('1–255 characters'), url: any('absolute http or https URL, at most 2000 characters') }),
  'Link attachments to change (06 §3.4)',
);

/** 06 §3.4. */
export const MAX_NAME = 255;
export const MAX_URL = 2000;
/** At most 75 attachments per article (06 §7, 400-160). */
export const MAX_ATTACHMENTS = 75;
