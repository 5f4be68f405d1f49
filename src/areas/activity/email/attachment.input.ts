// The file parts of a multipart email body (05 §9.4) as attachments (05 §5.4): each file part is one attachment,
// an empty one (0 bytes) included. `fileName` = the part's filename (its last path segment, as some browsers send
// the path), `contentType` = the part's type or `application/octet-stream`. A part is inline when the html content
// references it as `cid:{id}`: `{id}` is its Content-ID without angle brackets, or its filename when it has none.
// The multipart limits (01 §18: 25 MiB per file, 20 parts, the total) are the platform's (platform/multipart.ts).
import { Err } from '../../../errors/app-error.ts';
import { fileBaseName, type Part } from '../../../platform/multipart.ts';

export type AttachmentInput = {
  fileName: string;
  contentType: string;
  bytes: Buffer;
  isInline: boolean;
  /** Inline attachments only: the id the html references, without angle brackets. */
  contentId: string | null;
};

export const MAX_FILE_NAME = 255;
const codePoints = (s: string) => Array.from(s).length;
// Header-safe text: a file name or media type goes back out in Content-Disposition / Content-Type (V19).
const hasControl = (s: string) => Array.from(s).some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
const mediaType = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*(;[\x20-\x7e]*)?$/;

/** The `cid:` references of an html content, as written and percent-decoded (`cid:my%20logo.png`). */
export function cidReferences(html: string | null): Set<string> {
  const out = new Set<string>();
  for (const m of (html ?? '').matchAll(/cid:([^\s"'<>()]+)/gi)) {
    out.add(m[1]!);
    try {
      out.add(decodeURIComponent(m[1]!));
    } catch {
      // not percent-encoded text: the reference as written is enough
    }
  }
  return out;
}

/** A part's Content-ID without angle brackets (`<logo123>` → `logo123`), or undefined. */
const contentIdOf = (part: Part): string | undefined => {
  const raw = part.headers['content-id']?.trim().replace(/^<(.*)>$/, '$1').trim();
  return raw ? raw : undefined;
};

function fileNameOf(part: Part, index: number): string {
  const base = fileBaseName(part.filename ?? '').trim();
  const path = `attachment[${index}].fileName`;
  if (base === '') return 'attachment';
  if (hasControl(base) || codePoints(base) > MAX_FILE_NAME) throw Err.invalidAttribute(path, base);
  return base;
}

function contentTypeOf(part: Part, index: number): string {
  const sent = part.contentType?.trim();
  if (!sent) return 'application/octet-stream';
  if (!mediaType.test(sent) || sent.length > 255) throw Err.invalidAttribute(`attachment[${index}].contentType`, sent);
  return sent;
}

/** The attachments of the file parts, in body order; `html` decides which are inline. */
export function readAttachments(files: readonly Part[], html: string | null): AttachmentInput[] {
  const references = cidReferences(html);
  return files.map((part, i) => {
    const fileName = fileNameOf(part, i);
    const id = contentIdOf(part) ?? fileName;
    const isInline = references.has(id);
    if (isInline && (hasControl(id) || codePoints(id) > 255)) throw Err.invalidAttribute(`attachment[${i}].contentId`, id);
    return { fileName, contentType: contentTypeOf(part, i), bytes: part.data, isInline, contentId: isInline ? id : null };
  });
}
