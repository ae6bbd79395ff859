import { join } from 'node:path';
import { systemActor, type AuditActor } from '../audit/trail.ts';
import type { LoketContext } from '../context.ts';
import { dossierRoots, type DossierRoot } from './dossier.ts';
import { RetentionJob } from './job.ts';

/** `loket retention`, `retention-hold`, `retention-release` (R-SEC-04); the operator's commands are audited as the CLI. */
const cliActor: AuditActor = { ...systemActor, userName: 'operator (cli)', accessPoint: 'cli' };

export async function retentionCommand(
  command: 'retention' | 'retention-hold' | 'retention-release' | string,
  ctx: LoketContext,
  positionals: string[],
  values: { delete?: boolean | undefined; at?: string | undefined; reason?: string | undefined },
): Promise<number> {
  const job = new RetentionJob(
    ctx.db,
    ctx.audit,
    ctx.config.retention,
    join(ctx.config.dataDir, 'documents'),
  );
  if (command === 'retention') {
    const at = values.at ? new Date(values.at) : new Date();
    if (Number.isNaN(at.getTime())) {
      console.error(`--at must be a date such as 2046-01-31 (got "${values.at}")`);
      return 2;
    }
    const r = await job.purge(cliActor, at, { dryRun: values.delete !== true });
    const s = r.review.settings;
    console.log(
      `Retention on ${at.toISOString().slice(0, 10)}: records ${s.recordYears} years after the last change, ` +
        `audit at least ${s.auditYears} years.`,
    );
    console.log(
      `${r.review.withinPeriod} dossiers within their period; ${r.review.pastPeriod.length} past it:`,
    );
    for (const d of r.review.pastPeriod) {
      const why = d.decision.keep
        ? `kept: ${d.decision.reason}${d.decision.reason === 'in-use' ? ` (${d.decision.inUse.join(', ')})` : ''}`
        : values.delete
          ? r.deleted.some((x) => x.id === d.id)
            ? 'DELETED'
            : 'kept: changed during the run'
          : 'would be deleted (run with --delete)';
      console.log(`  ${d.root} ${d.id}: last change ${d.lastChange.toISOString().slice(0, 10)}, ${why}`);
    }
    console.log(
      `Audit trail: ${r.review.auditRecords} records, ${r.review.auditPastMinimum} older than ${s.auditYears} years ` +
        `(kept: the chain is verified from its first record).`,
    );
    if (values.delete)
      console.log(
        `Deleted ${r.deleted.length} dossiers (${r.deleted.reduce((n, d) => n + Object.values(d.rows).reduce((a, b) => a + b, 0), 0)} rows, ` +
          `${r.deleted.reduce((n, d) => n + d.files, 0)} files).`,
      );
    return 0;
  }
  const [root, id] = positionals;
  if (!root || !id || !(dossierRoots as readonly string[]).includes(root)) {
    console.error(`${command} needs <${dossierRoots.join('|')}> <id>`);
    return 2;
  }
  if (command === 'retention-hold') {
    if (!values.reason) {
      console.error('retention-hold needs --reason');
      return 2;
    }
    await job.placeHold(cliActor, root as DossierRoot, id, values.reason);
    console.log(`Legal hold placed on ${root} ${id}.`);
    return 0;
  }
  const released = await job.releaseHold(cliActor, root as DossierRoot, id);
  console.log(released ? `Legal hold on ${root} ${id} lifted.` : `No legal hold on ${root} ${id}.`);
  return released ? 0 : 1;
}
