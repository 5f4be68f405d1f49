// npm run bench:representation -- [--duration 10] [--connections 20]
// Requests per second of a 25-item list rendered by the representation engine through the full wire layer, in
// JSON, XML and XML+gzip, against bare fastify answering the same bytes; each server runs in its own process.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '20' } } });
const duration = Number(values.duration);
const connections = Number(values.connections);
const url = 'http://127.0.0.1:18090/system/ws/v12/bench/activity';
const formats = {
  JSON: { accept: 'application/json' },
  XML: { accept: 'application/xml' },
  'XML+gzip': { accept: 'application/xml', 'accept-encoding': 'gzip' },
} as const;

type Row = { rps: number; p50: number; p90: number; p99: number; bytes: number };

async function measure(variant: 'engine' | 'bare'): Promise<Record<string, Row>> {
  const server = fork(new URL('./representation-server.ts', import.meta.url), [variant, '18090'], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  await once(server, 'message');
  const out: Record<string, Row> = {};
  try {
    for (const [name, headers] of Object.entries(formats)) {
      await autocannon({ url, connections, duration: 2, headers }); // warm-up
      const r = await autocannon({ url, connections, duration, headers });
      if (r.errors || r.non2xx) throw new Error(`${variant} ${name}: ${r.errors} errors, ${r.non2xx} non-2xx`);
      out[name] = { rps: r.requests.average, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, bytes: r.throughput.average / r.requests.average };
    }
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
  return out;
}

const engine = await measure('engine');
const bare = await measure('bare');
console.log(`\n25-item activity list, ${connections} connections, ${duration} s per run\n`);
console.log('| format | engine req/s | bare req/s | ratio | engine p50/p90/p99 ms | bare p50/p90/p99 ms | bytes/resp |');
console.log('|---|---|---|---|---|---|---|');
for (const name of Object.keys(formats)) {
  const e = engine[name]!;
  const b = bare[name]!;
  console.log(
    `| ${name} | ${e.rps.toFixed(0)} | ${b.rps.toFixed(0)} | ${(e.rps / b.rps).toFixed(2)} | ${e.p50}/${e.p90}/${e.p99} | ${b.p50}/${b.p90}/${b.p99} | ${e.bytes.toFixed(0)} |`,
  );
}
