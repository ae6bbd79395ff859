import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Response } from '@playwright/test';
import type { HttpPhase } from '../lib/context.ts';
import { median } from '../lib/measure.ts';
import { repoRoot } from '../lib/server.ts';
import { TRIAGE } from './reads.ts';

/**
 * Web: how much script a first visit loads (gzip, what goes over the wire with compression) and the largest
 * contentful paint, for the public guide (anonymous) and the staff worklist (signed in), in headless Chromium on
 * loopback, each visit in a fresh browser context (cold cache).
 */
export interface WebPageReport {
  page: string;
  scriptKbGzip: number;
  scripts: number;
  lcpMs: number[];
}

/** `npm run build` when the web app has not been built: the server serves the built files. */
export function ensureWebBuilt(): void {
  if (existsSync(join(repoRoot, 'packages/web/dist/index.html'))) return;
  const r = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

const LCP = () =>
  new Promise<number>((resolve) => {
    new PerformanceObserver((list) => {
      const entries = list.getEntries();
      resolve(entries[entries.length - 1]!.startTime);
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    setTimeout(() => resolve(Number.NaN), 5000);
  });

export async function web(ctx: HttpPhase, visits = 3): Promise<WebPageReport[]> {
  const base = ctx.server.url.replace('127.0.0.1', 'localhost');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  const pages = [
    { page: 'public guide', path: '/', as: null, ready: 'main h1' },
    {
      page: 'worklist',
      path: '/worklist',
      as: TRIAGE,
      ready: '[data-testid="worklist-page"] table tbody tr',
    },
  ];
  const out: WebPageReport[] = [];
  try {
    for (const p of pages) {
      const report: WebPageReport = { page: p.page, scriptKbGzip: 0, scripts: 0, lcpMs: [] };
      for (let visit = 0; visit < visits; visit++) {
        const context = await browser.newContext();
        // The session cookie goes as a header: Chromium refuses to store a __Host- cookie set from outside a page.
        if (p.as) await context.setExtraHTTPHeaders({ cookie: await ctx.cookie(p.as) });
        const page = await context.newPage();
        const scripts: Response[] = [];
        page.on('response', (r) => {
          if (r.request().resourceType() === 'script') scripts.push(r);
        });
        await page.goto(`${base}${p.path}`, { waitUntil: 'networkidle' });
        await page.locator(p.ready).first().waitFor();
        report.lcpMs.push(await page.evaluate(LCP));
        if (visit === 0) {
          for (const s of scripts) report.scriptKbGzip += gzipSync(await s.body()).length / 1024;
          report.scripts = scripts.length;
        }
        await context.close();
      }
      ctx.log(
        `web ${p.page}: ${report.scripts} scripts, ${report.scriptKbGzip.toFixed(1)} KB gzip, ` +
          `largest contentful paint ${median(report.lcpMs).toFixed(0)} ms (${report.lcpMs.map((x) => x.toFixed(0)).join(', ')})`,
      );
      out.push(report);
    }
  } finally {
    await browser.close();
  }
  return out;
}
