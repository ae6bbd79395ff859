import autocannon from 'autocannon';

/** Latency percentiles, throughput and errors of one load run; every scenario reports in this shape. */
export interface LoadResult {
  label: string;
  connections: number;
  seconds: number;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  /** CPU seconds used by the measured process(es) per second of wall time (1.0 = one core busy). */
  cpu?: number;
  peakRssMb?: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarise(
  label: string,
  connections: number,
  seconds: number,
  latencies: number[],
  errors: number,
): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    label,
    connections,
    seconds,
    requests: sorted.length,
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    errors,
  };
}

export interface HttpLoad {
  url: string;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Called per request, e.g. to give each POST its own Idempotency-Key. */
  perRequestHeaders?: () => Record<string, string>;
  connections: number;
  seconds: number;
  expectStatus: number;
}

/** HTTP load with autocannon; latencies are collected per response so p95 is exact (autocannon reports p97.5). */
export async function httpLoad(label: string, load: HttpLoad): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const instance = autocannon({
    url: load.url,
    connections: load.connections,
    duration: load.seconds,
    requests: [
      {
        method: load.method ?? 'GET',
        headers: load.headers,
        ...(load.body === undefined ? {} : { body: load.body }),
        ...(load.perRequestHeaders
          ? {
              setupRequest: (req: { headers?: Record<string, string> }) => ({
                ...req,
                headers: { ...req.headers, ...load.perRequestHeaders!() },
              }),
            }
          : {}),
      },
    ],
  } as autocannon.Options);
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status === load.expectStatus) latencies.push(ms);
    else errors++;
  });
  const result = await instance;
  errors += result.errors + result.timeouts;
  return summarise(label, load.connections, (performance.now() - started) / 1000, latencies, errors);
}

/** The raw ceiling: `work` run by `connections` concurrent workers for a fixed time, timed per call. */
export async function rawLoad(
  label: string,
  connections: number,
  seconds: number,
  work: (worker: number, i: number) => Promise<void>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      for (let i = 0; performance.now() < until; i++) {
        const t0 = performance.now();
        try {
          await work(worker, i);
          latencies.push(performance.now() - t0);
        } catch (e) {
          if (errors++ === 0) console.error(`${label}: ${(e as Error).message}`);
        }
      }
    }),
  );
  return summarise(label, connections, (performance.now() - started) / 1000, latencies, errors);
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Median of the runs, with min and max, per numeric field. */
export function combine(runs: LoadResult[]): LoadResult & { min: LoadResult; max: LoadResult; runs: number } {
  const fields = ['perSecond', 'p50', 'p95', 'p99', 'cpu', 'peakRssMb', 'requests', 'errors'] as const;
  const pick = (f: (v: number[]) => number) =>
    Object.fromEntries(
      fields.map((k) => [k, f(runs.map((r) => r[k]).filter((v): v is number => v !== undefined))]),
    ) as Pick<LoadResult, (typeof fields)[number]>;
  return {
    ...runs[0]!,
    ...pick(median),
    min: { ...runs[0]!, ...pick((v) => Math.min(...v)) },
    max: { ...runs[0]!, ...pick((v) => Math.max(...v)) },
    runs: runs.length,
  };
}

export const fmt = (n: number | undefined, digits = 1) =>
  n === undefined || Number.isNaN(n) ? '–' : n.toLocaleString('en-GB', { maximumFractionDigits: digits });
