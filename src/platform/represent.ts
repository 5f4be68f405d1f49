// reply.represent(document): the only way a route answers with a body. Picks the writer the negotiation chose.
import fp from 'fastify-plugin';
import type { FastifyReply } from 'fastify';
import { renderJson, renderXml, type Document } from '../representation/render.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** Sends a rendered resource document (01 §5) in the negotiated format. */
    represent(doc: Document, status?: number): FastifyReply;
    /** 204 with the negotiated Content-Type still set (01 §2.2, §6). */
    noContent(): FastifyReply;
  }
}

export function renderFor(reply: FastifyReply, doc: Document): string {
  const { negotiated, lang } = reply.request;
  return negotiated.format === 'json' ? renderJson(doc, lang) : renderXml(doc, lang);
}

export const representPlugin = fp(
  async (app) => {
    app.decorateReply('represent', function (this: FastifyReply, doc: Document, status = 200) {
      return this.code(status).type(this.request.negotiated.contentType).send(renderFor(this, doc));
    });
    app.decorateReply('noContent', function (this: FastifyReply) {
      return this.code(204).type(this.request.negotiated.contentType).send();
    });
  },
  { name: 'represent' },
);
