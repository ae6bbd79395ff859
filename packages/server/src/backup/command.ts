import { resolve } from 'node:path';
import type { Config } from '../config.ts';
import { backup, restore } from './backup.ts';

/** `loket backup <dir>` and `loket restore <dir>`: they print the figures they compared. */
export async function backupCommand(
  command: 'backup' | 'restore',
  config: Config,
  dir: string,
): Promise<number> {
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  if (command === 'backup') {
    const m = await backup(config, dir);
    const rows = Object.values(m.tables).reduce((n, t) => n + t.rows, 0);
    console.log(
      `Backup of ${m.engine} in ${resolve(dir)}: ${Object.keys(m.tables).length} tables, ${rows} rows, ` +
        `${m.audit.records} audit records (chain ${m.audit.chainOk ? 'intact' : 'BROKEN'}, last #${m.audit.lastSeq}), ` +
        `${m.documents.files} documents (${m.documents.bytes} bytes); ${seconds()} s.`,
    );
    return m.audit.chainOk ? 0 : 1;
  }
  const r = await restore(config, dir);
  const rows = Object.values(r.restored.tables).reduce((n, t) => n + t.rows, 0);
  if (r.differences.length > 0) {
    console.error(`Restored, but it does NOT match the backup (${r.differences.length} differences):`);
    for (const d of r.differences) console.error(`  ${d}`);
    return 1;
  }
  console.log(
    `Restored ${r.manifest.engine === r.restored.engine ? r.manifest.engine : `the ${r.manifest.engine} backup into ${r.restored.engine}`} from ${resolve(dir)}: ${Object.keys(r.restored.tables).length} tables and ${rows} rows ` +
      `match the backup's checksums, audit chain verifies to #${r.restored.audit.lastSeq}, ` +
      `${r.restored.documents.files} documents match; ${seconds()} s.`,
  );
  return 0;
}
