// Load generators: autocannon for throughput and tail latency of GET by id, and a small closed-loop
// client (keep-alive node:http, N workers) that records every latency so p95 can be reported too.
import http from 'node:http';
import autocannon from 'autocannon';

export interface Figures {
  requests: number;
  rps: number;
  p50: number;
  p95?: number;
  p97_5?: number;
  p99: number;
  errors: number;
}

/** autocannon against paths from `path()`, one per request. */
export async function cannon(base: string, path: () => string, opts: { connections: number; seconds: number; headers?: Record<string, string> }): Promise<Figures> {
  const r = await autocannon({
    url: base, connections: opts.connections, duration: opts.seconds, headers: opts.headers ?? {},
    requests: [{ setupRequest: (req) => ({ ...req, path: path() }) }],
  });
  return {
    requests: r.requests.total, rps: Math.round(r.requests.average), p50: r.latency.p50, p97_5: r.latency.p97_5, p99: r.latency.p99,
    errors: r.errors + r.non2xx,
  };
}

export interface Answer {
  status: number;
  body: string;
}

/** One HTTP request; gives up after `timeoutMs` so a wedged server cannot hang the benchmark. */
export function request(base: string, method: string, path: string, headers: Record<string, string>, body?: string, agent?: http.Agent, timeoutMs = 120_000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, base), { method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

const percentile = (sorted: number[], p: number) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;
const ms = (x: number) => Math.round(x * 100) / 100;

/** `connections` clients, each sending the next request when the last answered, for `seconds`. */
export async function closedLoop(base: string, path: () => string, opts: { connections: number; seconds: number; headers?: Record<string, string> }): Promise<Figures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + opts.seconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const t = performance.now();
      try {
        const res = await request(base, 'GET', path(), opts.headers ?? {}, undefined, agent, 30_000);
        if (res.status >= 400) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, worker));
  agent.destroy();
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length, rps: Math.round(latencies.length / elapsed),
    p50: ms(percentile(latencies, 50)), p95: ms(percentile(latencies, 95)), p99: ms(percentile(latencies, 99)), errors,
  };
}
