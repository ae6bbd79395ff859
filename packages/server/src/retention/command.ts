import { join } from 'node:path';
import { systemActor, type AuditActor } from '../audit/trail.ts';
import type { LoketContext } from '../context.ts';
import { dossierRoots, type DossierRoot } from './dossier.ts';
import { RetentionJob } from './job.ts';

/**
 * `loket retention`, `retention-hold`, `retention-release`, `retention-erase` (R-SEC-04); the operator's commands
 * are audited as the CLI. Output names dossiers by Loket's internal ids, never by BSN or name.
 */
const cliActor: AuditActor = { ...systemActor, userName: 'operator (cli)', accessPoint: 'cli' };

export async function retentionCommand(
  command: 'retention' | 'retention-hold' | 'retention-release' | 'retention-erase' | string,
  ctx: LoketContext,
  positionals: string[],
  values: {
    delete?: boolean | undefined;
    at?: string | undefined;
    reason?: string | undefined;
    patient?: string | undefined;
    'request-date'?: string | undefined;
    refuse?: string | undefined;
  },
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
  if (command === 'retention-erase') return erase(job, values);
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

const days = (d: Date) => d.toISOString().slice(0, 10);

/** `retention-erase --patient <id> --request-date <date> [--refuse <reason>] [--delete]` (WGBO art. 7:455). */
async function erase(
  job: RetentionJob,
  values: {
    delete?: boolean | undefined;
    patient?: string | undefined;
    'request-date'?: string | undefined;
    refuse?: string | undefined;
  },
): Promise<number> {
  const receivedOn = new Date(values['request-date'] ?? '');
  if (
    !values.patient ||
    !/^\d{4}-\d{2}-\d{2}$/.test(values['request-date'] ?? '') ||
    Number.isNaN(receivedOn.getTime())
  ) {
    console.error(
      'retention-erase needs --patient <patient id> --request-date <YYYY-MM-DD> [--refuse <reason>] [--delete]',
    );
    return 2;
  }
  if (values.refuse !== undefined && values.refuse.trim() === '') {
    console.error(
      '--refuse needs the reason (the data are of considerable importance to someone else: say why)',
    );
    return 2;
  }
  let r;
  try {
    r = await job.erase(
      cliActor,
      values.patient,
      { receivedOn, refusal: values.refuse },
      { dryRun: values.delete !== true },
    );
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    console.error(`Refused: ${e.message}.`);
    return 2;
  }
  if (!r.found) {
    console.error(`No patient ${values.patient}. The attempt is audited.`);
    return 1;
  }
  const d = r.decision!;
  const total = Object.values(r.rows).reduce((a, b) => a + b, 0);
  const rowsText = `${total} row${total === 1 ? '' : 's'}`;
  const tables = Object.entries(r.rows)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  console.log(
    `Erasure request for patient ${r.patientId}, received ${days(receivedOn)}: to be done by ${days(d.dueBy)}` +
      `${d.overdue ? ' (OVERDUE)' : ''} (WGBO art. 7:455).`,
  );
  if (!d.erase) {
    const why =
      d.reason === 'legal-hold'
        ? 'a legal hold (lift it with retention-release when the matter is closed)'
        : d.reason === 'in-use'
          ? `the dossier is still in use (${d.inUse.join(', ')}); ask again when that is finished`
          : `refused: ${d.refusal}`;
    console.log(`Kept: ${why}. ${rowsText} (${tables}). Decision audited.`);
    return 0;
  }
  if (!values.delete) {
    console.log(
      `Would be erased: ${rowsText} (${tables}). Run with --delete to erase. Audited as a dry run.`,
    );
    return 0;
  }
  if (!r.erased) {
    console.log('Kept: the dossier changed while the command ran (a hold or new use); run it again.');
    return 1;
  }
  console.log(`ERASED: ${rowsText} (${tables}), ${r.files} document files. Audited.`);
  return 0;
}
