// `Content-Disposition: attachment` for a download (RFC 6266): a quoted `filename` every client reads and
// `filename*` (RFC 8187, UTF-8, percent-encoded), which clients prefer. Knowledge downloads (06 K28) add `filename*`
// only for a name outside printable ASCII; activity attachment downloads (05 §9.15) always send both.
const printableAscii = /^[\x20-\x7e]*$/;

const quoted = (s: string) => `"${s.replace(/[\\"]/g, '\\$&')}"`;

/** RFC 8187 attr-chars stay; everything else, as UTF-8 bytes, is percent-encoded. */
const extValue = (s: string) => `UTF-8''${encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;

/** The ASCII stand-in of a name: accents dropped, any other non-ASCII character (and control) replaced by `_`. */
const asciiFallback = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_');

/**
 * `attachment; filename="…"`, plus `; filename*=UTF-8''…` when the name is not printable ASCII or `extended` is
 * `always`.
 */
export function attachmentDisposition(fileName: string, opts: { extended?: 'always' | 'when-needed' } = {}): string {
  if (printableAscii.test(fileName) && opts.extended !== 'always') return `attachment; filename=${quoted(fileName)}`;
  return `attachment; filename=${quoted(asciiFallback(fileName))}; filename*=${extValue(fileName)}`;
}
