import type { LoadResult } from './measure.ts';
import { processUsage, backendCpuSeconds, cpuDelta, type RunningServer, type Target } from './server.ts';
import type { RawDb } from './raw.ts';

/** What every scenario gets: the target database, the running server (HTTP phase) or a bare driver (raw phase). */
export interface BenchContext {
  target: Target;
  /** The PostgreSQL database name, to attribute backend CPU to this run only. */
  database?: string;
  adminUrl: string;
  seconds: number;
  log: (line: string) => void;
}

export interface HttpPhase extends BenchContext {
  server: RunningServer;
  cookie(email: string): Promise<string>;
}

export interface RawPhase extends BenchContext {
  raw(connections: number): Promise<RawDb>;
}

/** Runs a load and adds the CPU (server process + its PostgreSQL backends) and the server's peak memory. */
export async function withUsage(
  ctx: BenchContext,
  pid: number | null,
  load: () => Promise<LoadResult>,
): Promise<LoadResult> {
  const backends = ctx.database ? () => backendCpuSeconds(ctx.adminUrl, ctx.database!) : null;
  const cpu0 = pid ? processUsage(pid).cpuSeconds : process.cpuUsage();
  const b0 = backends ? await backends() : new Map<number, number>();
  const r = await load();
  const b1 = backends ? await backends() : new Map<number, number>();
  let cpu: number;
  if (pid) cpu = processUsage(pid).cpuSeconds - (cpu0 as number);
  else {
    const u = process.cpuUsage(cpu0 as NodeJS.CpuUsage);
    cpu = (u.user + u.system) / 1e6;
  }
  cpu += cpuDelta(b0, b1);
  const peakRssMb = pid ? processUsage(pid).peakRssMb : process.resourceUsage().maxRSS / 1024;
  return { ...r, cpu: cpu / r.seconds, peakRssMb };
}
