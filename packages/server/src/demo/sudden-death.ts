import { findUserIdByEmail } from '@loket/db';
import { CatalogService } from '../catalog/service.ts';
import type { LoketContext } from '../context.ts';
import { SuddenDeathService, type SuddenDeathActor } from '../sudden-death/service.ts';

async function actor(
  ctx: Pick<LoketContext, 'db'>,
  email: string,
  name: string,
  role: string,
  departmentIds: string[],
  organisationId: string | null,
): Promise<SuddenDeathActor> {
  const userId = await findUserIdByEmail(ctx.db, email);
  if (!userId) throw new Error(`demo account ${email} is missing`);
  return {
    userId,
    name,
    organisationId,
    departmentIds,
    audit: { userId, userName: name, role, accessPoint: 'demo-seed' },
  };
}

/** Demo data of sudden-death: a family doctor's DNA storage request whose pots clinical genetics has received. */
export async function seedDemoSuddenDeath(
  ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals'>,
): Promise<void> {
  const service = new SuddenDeathService({
    db: ctx.db,
    audit: ctx.audit,
    catalog: new CatalogService(ctx.db, ctx.audit),
  });
  const gp = await actor(
    ctx,
    'huisarts@demo.loket.nl',
    'Dr. Anna de Vries (huisarts)',
    'referrer',
    [],
    'praktijk-de-linde',
  );
  const deathDate = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  const id = await service.create(
    gp,
    {
      kind: 'dna-storage',
      deceased: {
        givenName: 'Thijs',
        familyName: 'van Leeuwen',
        sex: 'male',
        birthDate: '1992-09-14',
        deathDate,
      },
      biopsies: { count: 2, onePerPot: true, labelled: true, roomTemperature: true },
      autopsy: null,
      requester: {
        name: 'Dr. Anna de Vries',
        practice: 'Huisartsenpraktijk De Linde',
        agbCode: '01999001',
        phone: '+31715269111',
        email: 'huisarts@demo.loket.nl',
      },
      note: 'No permission for autopsy; the family agreed to storing DNA.',
    },
    'nl',
    null,
  );
  const geneticist = await actor(
    ctx,
    'genetica@demo.loket.nl',
    'Dr. Mila Peters (klinisch geneticus)',
    'specialist',
    ['clinical-genetics'],
    null,
  );
  await service.step(geneticist, id, 'receive', {
    receivedOn: new Date().toISOString().slice(0, 10),
    biopsiesReceived: 2,
    note: null,
  });
}
