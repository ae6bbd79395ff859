import { Readable } from 'node:stream';
import { findUserIdByEmail } from '@loket/db';
import type { DocumentKind, SecondOpinionRequestInput } from '@loket/domain';
import type { LoketContext } from '../context.ts';
import { minimalPdf } from '../documents/fixtures.ts';
import { DocumentStore } from '../documents/index.ts';
import { actorFor, type ReferralActor } from '../referrals/actor.ts';
import { testDicom } from '../second-opinions/dicom-fixture.ts';
import { SecondOpinionService } from '../second-opinions/service.ts';
import { checkSecondOpinionUpload } from '../second-opinions/upload.ts';
import { SettingsService } from '../settings/service.ts';

/**
 * Demo data of second-opinions, at the oncology center (which accepts them): one from the family doctor whose
 * dossier is still incomplete (and flagged), one in review with its clock, and one accepted for a video consult.
 * The documents are synthetic (a one-page PDF, a generated DICOM header): never real patient data.
 */
export async function seedDemoSecondOpinions(
  ctx: Pick<LoketContext, 'db' | 'audit' | 'referrals' | 'catalog' | 'config'>,
): Promise<void> {
  const [gpId, neuroId, abroadId, triageId] = await Promise.all(
    [
      'huisarts@demo.loket.nl',
      'neuroloog@demo.loket.nl',
      'doctor.abroad@demo.loket.nl',
      'triage@demo.loket.nl',
    ].map((e) => findUserIdByEmail(ctx.db, e)),
  );
  if (!gpId || !neuroId || !abroadId || !triageId) return;
  const store = new DocumentStore(`${ctx.config.dataDir}/documents`);
  const gp = await actorFor(ctx.db, gpId, 'demo');
  const neuro = await actorFor(ctx.db, neuroId, 'demo');
  const abroad = await actorFor(ctx.db, abroadId, 'demo');
  const triage = await actorFor(ctx.db, triageId, 'demo');

  const request = async (
    actor: ReferralActor,
    patient: Record<string, string>,
    reason: string,
    secondOpinion: SecondOpinionRequestInput,
  ) => {
    const draft = await ctx.referrals.createDraft(
      actor,
      { departmentId: 'oncology-center', kind: 'second-opinion', patient, letter: { reason }, secondOpinion },
      null,
    );
    await ctx.referrals.submit(actor, draft.id, null);
    return draft.id;
  };
  const upload = async (
    actor: ReferralActor,
    id: string,
    kind: DocumentKind,
    filename: string,
    language: string,
  ) => {
    const data =
      kind === 'imaging' ? testDicom({ modality: 'MR', studyDescription: 'MRI MAMMA BDZ' }) : minimalPdf();
    const file = await store.save(Readable.from([data]), { maxBytes: 10 * 1024 * 1024, filename });
    const extra = await checkSecondOpinionUpload(store, file, kind, { language });
    await ctx.referrals.addDocument(actor, id, file, kind, 'upload', extra);
  };

  // 1. Via the family doctor: allowed, flagged as likely to need more data; the dossier waits for documents.
  const viaGp = await request(
    gp,
    {
      bsn: '999990238',
      givenName: 'Sanne',
      familyName: 'Kok',
      birthDate: '1972-05-14',
      email: 'sanne.kok@example.test',
    },
    'Patiënte wil een second opinion over de voorgestelde chemotherapie bij mammacarcinoom.',
    {
      question: 'Is neoadjuvante chemotherapie zinvol, of kan direct geopereerd worden?',
      treatingSpecialist: { name: 'Dr. P. de Wit (chirurg)', organisation: 'Ziekenhuis aan de Rijn' },
      imagingDone: true,
      treatedAbroad: false,
      patientConsulted: true,
    },
  );
  await upload(gp, viaGp, 'correspondence', 'verwijsbrief.pdf', 'nl');

  // 2. Via the treating specialist, dossier complete: in review, due five working days after completion.
  const inReview = await request(
    neuro,
    {
      bsn: '999990251',
      givenName: 'Wim',
      familyName: 'Dekker',
      birthDate: '1960-11-02',
      email: 'wim.dekker@example.test',
    },
    'Second opinion gevraagd over behandeling van een glioom.',
    {
      question: 'Is een heroperatie te overwegen in plaats van radiotherapie?',
      treatingSpecialist: {
        name: 'Dr. Bram Jansen (neuroloog)',
        organisation: 'Ziekenhuis aan de Rijn',
        email: 'neuroloog@demo.loket.nl',
      },
      imagingDone: true,
      treatedAbroad: false,
      patientConsulted: true,
    },
  );
  for (const [kind, name, lang] of [
    ['correspondence', 'brief-voorgeschiedenis.pdf', 'nl'],
    ['pathology-report', 'pa-verslag.pdf', 'nl'],
    ['imaging-report', 'mri-verslag.pdf', 'nl'],
    ['imaging', 'mri-hersenen.dcm', 'nl'],
  ] as const)
    await upload(neuro, inReview, kind, name, lang);

  // 3. From a doctor abroad (treated abroad, so MRSA screening too), reviewed: invited for a video consult.
  const accepted = await request(
    abroad,
    {
      noBsnReason: 'Lives abroad',
      givenName: 'Marie',
      familyName: 'Dubois',
      birthDate: '1969-02-20',
      country: 'BE',
      email: 'marie.dubois@example.test',
    } as Record<string, string>,
    'Second opinion requested on the proposed mastectomy.',
    {
      question: 'Is breast-conserving surgery an option after neoadjuvant therapy?',
      route: 'doctor-abroad',
      treatingSpecialist: {
        name: 'Dr. Claire Martin',
        organisation: 'Hôpital de Liège',
        email: 'doctor.abroad@demo.loket.nl',
      },
      imagingDone: true,
      treatedAbroad: true,
      patientConsulted: true,
    },
  );
  for (const [kind, name] of [
    ['correspondence', 'history-letter.pdf'],
    ['pathology-report', 'pathology.pdf'],
    ['imaging-report', 'mri-report.pdf'],
    ['imaging', 'mri-breast.dcm'],
    ['mrsa-screening', 'mrsa-screening.pdf'],
  ] as const)
    await upload(abroad, accepted, kind, name, 'en');
  const service = new SecondOpinionService({
    db: ctx.db,
    audit: ctx.audit,
    catalog: ctx.catalog,
    settings: new SettingsService(ctx.db),
    publicUrl: ctx.config.publicUrl,
  });
  await service.recordOutcome(triage, accepted, {
    kind: 'invite',
    form: 'video',
    examinations: ['Aanvullende echo oksel'],
    note: 'Videoconsult met de mammachirurg.',
  });
}
