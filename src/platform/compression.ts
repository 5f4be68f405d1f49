// Response compression (01 §14): gzip, br or deflate by q-value with ties gzip > br > deflate, only above 1,024
// bytes, never for 204s or already-compressed types, `Vary: Accept-Encoding`, requests never decompressed.
// Written here rather than with @fastify/compress, whose negotiation ignores `*`, which spells Vary differently
// and whose per-route hooks run after HEAD has dropped the body (so HEAD and GET headers would differ).
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import fp from 'fastify-plugin';
import { negotiateEncoding, type Coding } from './negotiation.ts';

const threshold = 1024;
const alreadyCompressed = /^(image\/(?!svg)|video\/|audio\/|application\/(pdf|zip|gzip|x-gzip|x-7z-compressed|x-rar-compressed|x-bzip2|x-xz|zstd|octet-stream))/i;

const gzip = promisify(zlib.gzip);
const deflate = promisify(zlib.deflate);
const brotli = promisify(zlib.brotliCompress);
// Quality 5 keeps brotli close to gzip's speed; 11 (the default) costs tens of milliseconds per response.
const brotliOptions = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } };

function compress(coding: Coding, data: Buffer): Promise<Buffer> {
  if (coding === 'gzip') return gzip(data);
  if (coding === 'br') return brotli(data, brotliOptions);
  return deflate(data);
}

declare module 'fastify' {
  interface FastifyRequest {
    responseCoding: Coding | null;
  }
}

export const compressionPlugin = fp(
  async (app) => {
    app.decorateRequest('responseCoding', null);
    app.addHook('onRequest', async (request) => {
      request.responseCoding = negotiateEncoding(request.headers['accept-encoding']);
    });
    app.addHook('onSend', async (request, reply, payload) => {
      const coding = request.responseCoding;
      if (!coding || reply.statusCode === 204 || reply.hasHeader('content-encoding')) return payload;
      if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
      const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
      if (data.length <= threshold) return payload;
      if (alreadyCompressed.test(String(reply.getHeader('content-type') ?? ''))) return payload;
      const vary = String(reply.getHeader('vary') ?? '');
      if (!/\baccept-encoding\b/i.test(vary)) reply.header('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
      const out = await compress(coding, data);
      reply.header('Content-Encoding', coding);
      reply.header('Content-Length', out.length);
      return out;
    });
  },
  { name: 'compression' },
);
