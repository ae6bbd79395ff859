import { findUserIdByEmail } from '@loket/db';
import { resolveText, type TelephoneAdviceInput } from '@loket/domain';
import type { LoketContext } from '../context.ts';
import { DocumentStore } from '../documents/index.ts';
import { actorFor } from '../referrals/actor.ts';
import { todayInAmsterdam } from '../settings/service.ts';
import { renderConsentForm } from '../telephone-advice/consent-form.ts';
import { TelephoneAdviceService } from '../telephone-advice/service.ts';

/**
 * Demo telephone advice by the demo family doctor, made through the same service the API uses: one waiting for
 * the patient's consent, two in the file (the internal medicine and hematology staff see those). The "signed"
 * declaration of a filed record is the printed form itself. Test BSNs only.
 */
const daysAgo = (n: number) => {
  const d = new Date(`${todayInAmsterdam()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
};

const records: { input: TelephoneAdviceInput; consent: boolean }[] = [
  {
    consent: false,
    input: {
      patient: {
        bsn: '999990056',
        givenName: 'Sanne',
        familyName: 'Willems',
        birthDate: '1990-06-21',
        street: 'Lammenschansweg',
        houseNumber: '88',
        postcode: '2313 DP',
        city: 'Leiden',
      },
      departmentId: 'maternity',
      consultedSpecialist: 'Dienstdoende gynaecoloog',
      consultedOn: daysAgo(1),
      advice:
        'Bloeddruk 145/95 bij 30 weken zonder klachten: vandaag laboratorium (Hb, trombocyten, leverenzymen, eiwit/kreatinine-ratio) en morgen controle op de polikliniek verloskunde.',
      supplementaryInfo: 'G2P1, eerste zwangerschap gecompliceerd door pre-eclampsie. Geen medicatie.',
    },
  },
  {
    consent: true,
    input: {
      patient: {
        bsn: '999990032',
        givenName: 'Fatima',
        familyName: 'El Amrani',
        birthDate: '1978-09-30',
        street: 'Haarlemmerstraat',
        houseNumber: '45',
        postcode: '2312 DK',
        city: 'Leiden',
      },
      departmentId: 'internal-medicine',
      consultedSpecialist: 'Dr. Gijs Mulder (internist)',
      consultedOn: daysAgo(6),
      advice:
        'IJzergebreksanemie zonder alarmsymptomen: ferrofumaraat 200 mg om de dag, Hb na 6 weken herhalen. Verwijzen als het Hb niet stijgt of bij rectaal bloedverlies.',
      supplementaryInfo: 'Hb 6,4 mmol/l, ferritine 5 µg/l. Menorragie. Geen NSAID-gebruik.',
    },
  },
  {
    consent: true,
    input: {
      patient: {
        bsn: '999990068',
        givenName: 'Piet',
        familyName: 'Hoekstra',
        birthDate: '1955-11-11',
        street: 'Rijnsburgerweg',
        houseNumber: '10',
        postcode: '2334 BA',
        city: 'Leiden',
      },
      departmentId: 'hematology',
      consultedSpecialist: 'Dienstdoende hematoloog',
      consultedOn: daysAgo(14),
      advice:
        'Geïsoleerde lymfocytose 6,2 × 10⁹/l zonder klachten of klieren: bloedbeeld met differentiatie over 3 maanden herhalen; verwijzen bij stijging, cytopenie of B-symptomen.',
      supplementaryInfo: null,
    },
  },
];

export async function seedDemoTelephoneAdvice(
  ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals' | 'catalog' | 'config'>,
): Promise<void> {
  const userId = await findUserIdByEmail(ctx.db, 'huisarts@demo.loket.nl');
  if (!userId) throw new Error('demo account huisarts@demo.loket.nl missing');
  const gp = await actorFor(ctx.db, userId, 'demo-seed');
  const service = new TelephoneAdviceService({ db: ctx.db, audit: ctx.audit, catalog: ctx.catalog });
  // The same place the app keeps uploads (app.ts).
  const store = new DocumentStore(`${ctx.config.dataDir}/documents`);
  const snapshot = await ctx.catalog.snapshot();
  const hospital = resolveText(snapshot.hospital.name, 'nl').text;
  const departmentName = (id: string) => {
    const d = snapshot.departments.find((x) => x.department.id === id)?.department;
    return d ? resolveText(d.name, 'nl').text : id;
  };
  for (const { input, consent } of records) {
    const row = await service.record(gp, input, null);
    if (!consent) continue;
    const p = row.patient;
    const pdf = await renderConsentForm({
      language: 'nl',
      hospitalName: hospital,
      printedOn: row.consulted_on,
      record: {
        reference: row.reference,
        patientName: [p.givenName, p.familyName].filter(Boolean).join(' '),
        birthDate: p.birthDate,
        department: departmentName(row.department_id),
        consultedOn: row.consulted_on,
        recordedBy: row.recorded_by_name,
      },
    });
    const file = await store.save(
      (async function* () {
        yield pdf;
      })(),
      {
        maxBytes: pdf.length,
        filename: `toestemming-${row.reference}.pdf`,
      },
    );
    await service.addConsent(gp, row.id, file);
  }
}
