// 06 §1.4: a PUT or action call answers 204 without `$attribute`, 200 with the affected resources with it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResourceShape } from '../../../representation/shape.ts';

export async function answerAffected<T extends Readonly<Record<string, unknown>>>(
  request: FastifyRequest,
  reply: FastifyReply,
  shape: ResourceShape,
  load: () => Promise<T[]>,
): Promise<FastifyReply> {
  if (!request.parsed.attributeGiven) return reply.noContent();
  return reply.represent({ kind: 'list', shape, items: await load() });
}
