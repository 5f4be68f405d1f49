// The query grammar of 01 §8–§11 applied to every API route before validation: a route declares its QuerySpec in
// `config.query`; routes that declare none accept no query parameter (01 §8.1: 400-101). The handler reads the
// typed result from `request.parsed`, and answers pages with reply.representPage.
import fp from 'fastify-plugin';
import type { FastifyReply } from 'fastify';
import { parseQuery, type CustomAttributeResolver, type ParsedQuery } from '../query/parse.ts';
import type { QuerySpec } from '../query/spec.ts';
import { CursorCodec, type KeysetPosition } from '../query/cursor.ts';
import { buildPagination } from '../query/pagination.ts';
import type { ResourceShape } from '../representation/shape.ts';
import type { View } from '../representation/render.ts';
import { isApiPath } from './negotiate.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    query?: QuerySpec;
  }
  interface FastifyRequest {
    parsed: ParsedQuery;
  }
  interface FastifyReply {
    /**
     * Answers one page of a search or list (01 §9): 200 with the items, the self link and paginationInfo; 204 when
     * the page is empty; the count-only shape for `$count=yes`. `last` is the sort key of the last item, for the
     * keyset `next` link. `emptyPage` answers an empty page 200 all the same (self link, paginationInfo, no items): the
     * lists 01 §6 says never answer 204.
     */
    representPage(shape: ResourceShape, page: { items: readonly View[]; count: number; last?: KeysetPosition }, opts?: { emptyPage?: boolean }): FastifyReply;
  }
}

const noParameters: QuerySpec = { mode: 'action' };

/** Until the customers area defines custom attributes, no `custom.<name>` exists. */
export const noCustomAttributes: CustomAttributeResolver = { definedNames: async () => new Set() };

export const queryPlugin = fp<{ resolver: CustomAttributeResolver; cursorSecret: Buffer }>(
  async (app, { resolver, cursorSecret }) => {
    const codec = new CursorCodec(cursorSecret);
    app.decorateRequest('parsed', null as unknown as ParsedQuery);

    app.addHook('preValidation', async (request) => {
      const config = request.routeOptions.config;
      // Unmatched requests are answered 404-100/405-100 first (01 §7.2), whatever their query.
      if (!isApiPath(request.url) || config.corsOnly || !request.routeOptions.url) return;
      request.parsed = await parseQuery(request.url, config.query ?? noParameters, resolver, codec);
    });

    app.decorateReply('representPage', function (this: FastifyReply, shape, page, opts) {
      const q = this.request.parsed;
      const { self, paginationInfo } = buildPagination(q, page.count, page.last);
      if (q.count) return this.represent({ kind: 'count', shape, pagination: paginationInfo });
      if (page.items.length === 0 && !opts?.emptyPage) return this.noContent();
      return this.represent({ kind: 'list', shape, items: page.items, self: self?.href, pagination: paginationInfo });
    });
  },
  { name: 'query', dependencies: ['represent'] },
);
