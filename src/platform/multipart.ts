// multipart/form-data and multipart/mixed bodies (01 §3.1, §18; 05 §9.4; 06 K23). Written here because the
// contract needs what busboy (and so @fastify/multipart) does not give: every part's own headers (Content-ID for
// inline images) and multipart/mixed. The body is at most ECE_MAX_MULTIPART_BYTES, read whole, then split.
import { Err } from '../errors/app-error.ts';

export type Part = {
  /** Header names lower-cased. */
  headers: Readonly<Record<string, string>>;
  /** The form field name (Content-Disposition `name`), if any. */
  name?: string;
  /**
   * The file name as sent (Content-Disposition `filename*` in UTF-8, else `filename`, path included): the part is
   * a file.
   */
  filename?: string;
  /** The part's Content-Type, or undefined when it sent none. */
  contentType?: string;
  data: Buffer;
};

export const multipartLimits = { maxParts: 20, maxFileBytes: 25 * 1024 * 1024 };

/** The boundary of a multipart Content-Type, or null. */
export function boundaryOf(contentType: string): string | null {
  const m = /;\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]!) : null;
}

/**
 * A Content-Disposition parameter. In a quoted value only `\"` is an escape: browsers send a backslash as it is
 * (RFC 7578 §4.2; a Windows path `C:\Users\ann\plan.txt` arrives unescaped), so every other backslash is kept.
 */
function param(header: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\"|\\\\(?!"))*)"|([^\\s;]+))`, 'i').exec(header);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\"/g, '"') : m[2];
}

/** `filename*=UTF-8''…` (RFC 5987/8187), which a few clients send besides `filename`; other charsets are ignored. */
function extendedParam(header: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}\\*\\s*=\\s*([^']*)'[^']*'([^\\s;]+)`, 'i').exec(header);
  if (!m || !/^utf-8$/i.test(m[1]!)) return undefined;
  try {
    return decodeURIComponent(m[2]!);
  } catch {
    return undefined;
  }
}

/** The last segment of a file name some clients send with its path (`C:\Users\ann\plan.txt` → `plan.txt`). */
export const fileBaseName = (name: string): string => name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw Err.malformedBody();
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Splits a whole multipart body into its parts; malformed framing or more than 20 parts → 400-150. */
export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw Err.malformedBody();
  const parts: Part[] = [];
  for (;;) {
    pos += delimiter.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts; // closing delimiter "--boundary--"
    // Transport padding, then CRLF after the delimiter.
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a) throw Err.malformedBody();
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos - 2);
    if (headerEnd < 0) throw Err.malformedBody();
    const headers = parseHeaders(body.subarray(pos, headerEnd).toString('utf8'));
    const dataStart = headerEnd + 4;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), dataStart - 2);
    if (next < 0) throw Err.malformedBody(); // no closing delimiter
    if (parts.length === multipartLimits.maxParts) throw Err.malformedBody();
    const data = body.subarray(Math.min(dataStart, next), next);
    const disposition = headers['content-disposition'] ?? '';
    const filename = extendedParam(disposition, 'filename') ?? param(disposition, 'filename');
    if (filename !== undefined && data.length > multipartLimits.maxFileBytes) throw Err.bodyTooLarge(multipartLimits.maxFileBytes);
    const name = param(disposition, 'name');
    parts.push({
      headers,
      ...(name !== undefined ? { name } : {}),
      ...(filename !== undefined ? { filename } : {}),
      ...(headers['content-type'] ? { contentType: headers['content-type'] } : {}),
      data,
    });
    pos = next + 2;
  }
}
