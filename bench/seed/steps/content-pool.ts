// The shared pool of attachment files (10 §2.6): distinct generated files, valid files of their declared type, that
// knowledge attachments (10 §2.8) and email attachments (the email content step) draw from. The server keeps bytes
// once per distinct content (stored_content, keyed by SHA-256), so each pool file is stored at most once however
// many attachments use it.
//
// The pool is a deterministic plan (kind and size of each file, from the seed) plus a byte generator. A step picks
// files with `pick(rng, kind, targetSize)` (the file of that kind whose size is nearest the target, with a little
// spread), then `storePoolFiles(ctx, indexes)` writes the files it uses that are not stored yet and returns their
// SHA-256; `ref_count` then follows the attachment rows through the tables' triggers. Files no attachment uses are
// never written, so no unreferenced content is left behind.
//
// Size: 2,000 files at scale 1.0 (10 §2.6), log-normal median 60 KB, p90 800 KB, capped at 10 MB (about 1 GB in
// all); images flagged `inline` are small (median 15 KB, max 200 KB) for the email step's `cid:` images. At small
// scales the pool shrinks (at least 40 files) and files are capped at 1 MB, so that tests stay quick.
import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { words } from '../lists.ts';
import { apportion, Rng } from '../random.ts';
import { scaled } from '../reference.ts';
import type { SeedContext } from '../pipeline.ts';

export const poolFilesAtScale1 = 2000;
const MB = 1024 * 1024;

export type PoolKind = 'pdf' | 'jpeg' | 'png' | 'docx' | 'xlsx' | 'txt' | 'csv' | 'zip';

/** Content type and file name extension of each kind. */
export const poolKinds: Readonly<Record<PoolKind, { contentType: string; ext: string }>> = {
  pdf: { contentType: 'application/pdf', ext: 'pdf' },
  jpeg: { contentType: 'image/jpeg', ext: 'jpg' },
  png: { contentType: 'image/png', ext: 'png' },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' },
  txt: { contentType: 'text/plain', ext: 'txt' },
  csv: { contentType: 'text/csv', ext: 'csv' },
  zip: { contentType: 'application/zip', ext: 'zip' },
};

/** 10 §2.6: PDF 30 %, JPEG/PNG 40 %, DOCX/XLSX 20 %, TXT/CSV/ZIP 10 %. */
export const poolKindShares: readonly (readonly [PoolKind, number])[] = [
  ['pdf', 30], ['jpeg', 20], ['png', 20], ['docx', 10], ['xlsx', 10], ['txt', 4], ['csv', 3], ['zip', 3],
];

export type PoolFile = { index: number; kind: PoolKind; size: number; inline: boolean };

/** A log-normal variate with this median and p90. */
export function logNormal(rng: Rng, median: number, p90: number): number {
  const sigma = Math.log(p90 / median) / 1.2815515655446004;
  const u = 1 - rng.float();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.float());
  return median * Math.exp(sigma * z);
}

export class ContentPool {
  readonly files: PoolFile[];
  /** File indexes of each kind, by ascending size. */
  private readonly bySize = new Map<PoolKind, PoolFile[]>();

  private constructor(
    readonly seed: number,
    files: PoolFile[],
  ) {
    this.files = files;
    for (const f of files) this.bySize.set(f.kind, [...(this.bySize.get(f.kind) ?? []), f]);
    for (const list of this.bySize.values()) list.sort((a, b) => a.size - b.size || a.index - b.index);
  }

  /** The pool of a seed and scale (the same for every step that asks). */
  static of(seed: number, scale: number): ContentPool {
    const rng = Rng.stream(seed, 'content-pool');
    const count = Math.max(40, scaled(poolFilesAtScale1, scale));
    const maxBytes = scale >= 0.1 ? 10 * MB : 1 * MB;
    const kinds: PoolKind[] = [];
    apportion(count, poolKindShares.map(([, w]) => w)).forEach((n, k) => {
      for (let i = 0; i < n; i++) kinds.push(poolKindShares[k]![0]);
    });
    const files = kinds.map((kind, index) => {
      // A quarter of all attachments are inline images: 62.5 % of the images (10 §2.6).
      const inline = (kind === 'jpeg' || kind === 'png') && rng.chance(0.625);
      const size = inline ? logNormal(rng, 15_000, 60_000) : logNormal(rng, 60_000, 800_000);
      const cap = inline ? 200_000 : maxBytes;
      return { index, kind, inline, size: Math.round(Math.min(cap, Math.max(kind === 'txt' || kind === 'csv' ? 64 : 2048, size))) };
    });
    return new ContentPool(seed, files);
  }

  /** A file of `kind` whose size is nearest `target` (one of the three nearest, at random). */
  pick(rng: Rng, kind: PoolKind, target: number): PoolFile {
    const list = this.bySize.get(kind);
    if (!list?.length) throw new Error(`the content pool has no ${kind} file`);
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.size < target) lo = mid + 1;
      else hi = mid;
    }
    const at = Math.min(list.length - 1, Math.max(0, lo - 1 + rng.int(3)));
    return list[at]!;
  }

  /** The bytes of pool file `index` (deterministic; every file distinct). */
  bytes(index: number): Buffer {
    const file = this.files[index];
    if (!file) throw new RangeError(`no pool file ${index}`);
    return makeFile(file, Rng.stream(this.seed, `content-pool.file.${index}`));
  }
}

// ---- file makers ---------------------------------------------------------------------------------------------------

let noiseBlock: Buffer | undefined;
/** 1 MiB of fixed pseudo-random bytes: the incompressible body of binary files (sliced at random offsets). */
function noise(): Buffer {
  if (!noiseBlock) {
    const rng = new Rng(0x6e6f6973);
    const b = Buffer.alloc(MB);
    for (let i = 0; i < MB; i += 4) b.writeUInt32LE(rng.nextUint32(), i);
    noiseBlock = b;
  }
  return noiseBlock;
}

function filler(rng: Rng, n: number): Buffer {
  const out = Buffer.alloc(Math.max(0, n));
  const src = noise();
  for (let at = 0; at < out.length; ) {
    const from = rng.int(src.length - 4096);
    at += src.copy(out, at, from, Math.min(src.length, from + (out.length - at)));
  }
  return out;
}

/** Readable text of about `n` bytes (a block of words repeated). */
function text(rng: Rng, n: number, line = () => ''): string {
  if (n <= 0) return '';
  let block = '';
  while (block.length < Math.min(n, 16_384)) {
    const k = 6 + rng.int(12);
    const ws: string[] = [];
    for (let i = 0; i < k; i++) ws.push(rng.pick(words));
    block += `${line()}${ws.join(' ')}.\n`;
  }
  return block.repeat(Math.ceil(n / block.length)).slice(0, Math.max(0, n));
}

const tag = (f: PoolFile) => `ECE benchmark pool file ${f.index} (${f.kind}, ${f.size} bytes)`;

function pdf(f: PoolFile, rng: Rng): Buffer {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    parts.push(buf);
    length += buf.length;
  };
  const obj = (body: string | Buffer[]) => {
    offsets.push(length);
    if (typeof body === 'string') push(`${offsets.length} 0 obj\n${body}\nendobj\n`);
    else {
      push(`${offsets.length} 0 obj\n`);
      body.forEach(push);
      push('\nendobj\n');
    }
  };
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  obj('<< /Type /Catalog /Pages 2 0 R >>');
  obj('<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  obj('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>');
  const page = `BT /F1 14 Tf 72 720 Td (${tag(f)}) Tj ET`;
  obj(`<< /Length ${page.length} >>\nstream\n${page}\nendstream`);
  obj('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  // An embedded binary stream brings the file to its size (unreferenced objects are allowed).
  const pad = filler(rng, f.size - length - 300);
  obj([Buffer.from(`<< /Length ${pad.length} >>\nstream\n`, 'latin1'), pad, Buffer.from('\nendstream', 'latin1')]);
  const xref = length;
  push(`xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`);
  push(`trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(Buffer.from(type, 'latin1'))) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

function png(f: PoolFile, rng: Rng): Buffer {
  const width = 256;
  const row = 1 + width * 3;
  const height = Math.max(1, Math.ceil((f.size - 120) / row));
  const raw = filler(rng, row * height);
  for (let y = 0; y < height; y++) raw[y * row] = 0; // filter type None
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no interlace
  const text = Buffer.from(`Comment\u0000${tag(f)}`, 'latin1');
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('tEXt', text),
    pngChunk('IDAT', deflateSync(raw, { level: 0 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A baseline 1×1 grey JPEG: one-code Huffman tables, DC difference 0 and end-of-block. */
const huffmanOneCode = (tableClass: string) => `ffc40014${tableClass}01${'00'.repeat(15)}00`;
const JPEG_TABLES = Buffer.from(
  `ffdb004300${'01'.repeat(64)}` + // quantisation table 0: all ones
    'ffc0000b080001000101011100' + // baseline, 8-bit, 1×1, one component
    huffmanOneCode('00') + // DC table 0: symbol 0 (difference 0)
    huffmanOneCode('10') + // AC table 0: symbol 0 (end of block)
    'ffda000801010000' + '3f00' + // scan of the component, spectral 0–63
    '3f' + // bits 0 (DC) 0 (EOB), padded with ones
    'ffd9',
  'hex',
);

function jpeg(f: PoolFile, rng: Rng): Buffer {
  const parts: Buffer[] = [Buffer.from('ffd8ffe000104a46494600010101004800480000', 'hex')];
  const comment = (body: Buffer) => {
    const head = Buffer.from([0xff, 0xfe, 0, 0]);
    head.writeUInt16BE(body.length + 2, 2);
    parts.push(head, body);
  };
  comment(Buffer.from(tag(f), 'latin1'));
  // COM segments (at most 65,533 bytes each) bring the file to its size.
  let left = f.size - 20 - JPEG_TABLES.length - tag(f).length - 4;
  while (left > 4) {
    const n = Math.min(65_533, left - 4);
    comment(filler(rng, n));
    left -= n + 4;
  }
  parts.push(JPEG_TABLES);
  return Buffer.concat(parts);
}

/** A ZIP archive of stored (uncompressed) entries. */
function zipOf(entries: readonly (readonly [string, Buffer])[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const n = Buffer.from(name, 'utf8');
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x5821, 12); // 2024-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    local.writeUInt16LE(0, 28);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(0, 10);
    dir.writeUInt16LE(0, 12);
    dir.writeUInt16LE(0x5821, 14);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(n.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    central.push(dir, n);
    offset += 30 + n.length + data.length;
  }
  const size = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...central, end]);
}

const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`, 'utf8');
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OFFICE_DOC = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument';

function docx(f: PoolFile, rng: Rng): Buffer {
  const lines = text(rng, Math.min(f.size, 16_384)).split('\n').filter((l) => l !== '');
  const paragraphs: string[] = [];
  for (let size = 1500, k = 0; size < f.size; k++) {
    const p = `<w:p><w:r><w:t>${lines[k % lines.length]}</w:t></w:r></w:p>`;
    paragraphs.push(p);
    size += p.length;
  }
  const body = paragraphs.join('');
  return zipOf([
    ['[Content_Types].xml', xml('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')],
    ['_rels/.rels', xml(`<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${OFFICE_DOC}" Target="word/document.xml"/></Relationships>`)],
    ['word/document.xml', xml(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${tag(f)}</w:t></w:r></w:p>${body}</w:body></w:document>`)],
  ]);
}

function xlsx(f: PoolFile, rng: Rng): Buffer {
  const rows: string[] = [`<row r="1"><c r="A1" t="inlineStr"><is><t>${tag(f)}</t></is></c></row>`];
  let size = 2000;
  for (let r = 2; size < f.size; r++) {
    const row = `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${rng.pick(words)} ${rng.pick(words)}</t></is></c><c r="B${r}"><v>${rng.int(100_000) / 100}</v></c><c r="C${r}"><v>${rng.int(1000)}</v></c></row>`;
    rows.push(row);
    size += row.length;
  }
  return zipOf([
    ['[Content_Types].xml', xml('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')],
    ['_rels/.rels', xml(`<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${OFFICE_DOC}" Target="xl/workbook.xml"/></Relationships>`)],
    ['xl/workbook.xml', xml('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')],
    ['xl/_rels/workbook.xml.rels', xml(`<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)],
    ['xl/worksheets/sheet1.xml', xml(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`)],
  ]);
}

function makeFile(f: PoolFile, rng: Rng): Buffer {
  switch (f.kind) {
    case 'pdf':
      return pdf(f, rng);
    case 'png':
      return png(f, rng);
    case 'jpeg':
      return jpeg(f, rng);
    case 'docx':
      return docx(f, rng);
    case 'xlsx':
      return xlsx(f, rng);
    case 'txt':
      return Buffer.from(`${tag(f)}\n${text(rng, f.size - tag(f).length - 1)}`, 'utf8');
    case 'csv': {
      let n = 0;
      const line = () => `${++n},${rng.int(100_000) / 100},`;
      return Buffer.from(`id,amount,description\n${text(rng, f.size - 22, line).replace(/\.\n/g, '\n')}`, 'utf8');
    }
    case 'zip':
      return zipOf([
        ['readme.txt', Buffer.from(`${tag(f)}\n`, 'utf8')],
        ['data.bin', filler(rng, f.size - 250)],
      ]);
  }
}

// ---- storing ---------------------------------------------------------------------------------------------------------

const pools = new WeakMap<SeedContext, ContentPool>();
/** A pool file as stored: its SHA-256 and its size in bytes. */
export type StoredFile = { sha256: Buffer; size: number };

const stored = new WeakMap<SeedContext, Map<number, StoredFile>>();

/** The pool of this seeding run. */
export function contentPool(ctx: SeedContext): ContentPool {
  let pool = pools.get(ctx);
  if (!pool) pools.set(ctx, (pool = ContentPool.of(ctx.options.seed, ctx.options.scale)));
  return pool;
}

/**
 * Writes the pool files among `indexes` that this run has not stored yet (an existing row of the same SHA-256 is
 * kept: ON CONFLICT DO NOTHING) and returns the SHA-256 and size of every file asked for. Rows start with ref_count 0; the
 * attachment tables' triggers count the references as attachments are inserted. Statements of at most ~16 MB.
 */
export async function storePoolFiles(ctx: SeedContext, indexes: Iterable<number>): Promise<Map<number, StoredFile>> {
  const pool = contentPool(ctx);
  let done = stored.get(ctx);
  if (!done) stored.set(ctx, (done = new Map()));
  const wanted = [...new Set(indexes)].sort((a, b) => a - b);
  const todo = wanted.filter((i) => !done.has(i));
  const progress = ctx.progress.step('attachment content pool', todo.length, 'files');
  let batch: { sha: string; b64: string; size: number; index: number }[] = [];
  let bytes = 0;
  const flush = async () => {
    if (!batch.length) return;
    await ctx.db.query(
      `INSERT INTO stored_content (sha256, bytes, size, created_at)
       SELECT decode(h, 'hex'), decode(b, 'base64'), s, $4::timestamptz FROM unnest($1::text[], $2::text[], $3::bigint[]) AS x(h, b, s)
       ON CONFLICT (sha256) DO NOTHING`,
      [batch.map((r) => r.sha), batch.map((r) => r.b64), batch.map((r) => r.size), new Date(ctx.setupAt).toISOString()],
    );
    for (const r of batch) done.set(r.index, { sha256: Buffer.from(r.sha, 'hex'), size: r.size });
    progress.add(batch.length);
    batch = [];
    bytes = 0;
  };
  for (const index of todo) {
    const data = pool.bytes(index);
    batch.push({ index, sha: createHash('sha256').update(data).digest('hex'), b64: data.toString('base64'), size: data.length });
    bytes += data.length;
    if (bytes >= 16 * MB) await flush();
  }
  await flush();
  progress.done(`${todo.length.toLocaleString('en-US')} files`);
  return new Map(wanted.map((i) => [i, done.get(i)!]));
}
