import type { TelephoneAdviceRow } from '@loket/db';
import type { TelephoneAdviceAccess } from '@loket/domain';
import { z } from 'zod';

/** How a telephone advice record is shown: in full to whoever may see it, in short on lists (no BSN). */
export const TelephoneAdviceViewSchema = z.object({
  id: z.string(),
  reference: z.string(),
  state: z.enum(['awaiting-consent', 'in-file']),
  access: z.enum(['recorder', 'department']).nullable(),
  patient: z.object({
    bsn: z.string(),
    givenName: z.string().nullable(),
    familyName: z.string(),
    birthDate: z.string(),
    street: z.string(),
    houseNumber: z.string(),
    postcode: z.string(),
    city: z.string().nullable(),
  }),
  departmentId: z.string(),
  consultedSpecialist: z.string().nullable(),
  consultedOn: z.string(),
  advice: z.string(),
  supplementaryInfo: z.string().nullable(),
  recordedBy: z.object({ name: z.string(), role: z.string() }),
  createdAt: z.date(),
  filedAt: z.date().nullable(),
  consent: z
    .object({ filename: z.string(), mediaType: z.string(), size: z.number(), uploadedAt: z.date() })
    .nullable(),
});

export const TelephoneAdviceListItemSchema = z.object({
  id: z.string(),
  reference: z.string(),
  state: z.enum(['awaiting-consent', 'in-file']),
  access: z.enum(['recorder', 'department']),
  patientName: z.string(),
  patientBirthDate: z.string(),
  departmentId: z.string(),
  consultedOn: z.string(),
  recordedBy: z.string(),
  createdAt: z.date(),
  filedAt: z.date().nullable(),
});

export function telephoneAdviceView(r: TelephoneAdviceRow, access: TelephoneAdviceAccess | null) {
  return {
    id: r.id,
    reference: r.reference,
    state: r.state,
    access,
    patient: r.patient,
    departmentId: r.department_id,
    consultedSpecialist: r.consulted_specialist,
    consultedOn: r.consulted_on,
    advice: r.advice,
    supplementaryInfo: r.supplementary_info,
    recordedBy: { name: r.recorded_by_name, role: r.recorded_by_role },
    createdAt: r.created_at,
    filedAt: r.consent_uploaded_at,
    consent:
      r.consent_filename && r.consent_media_type && r.consent_uploaded_at
        ? {
            filename: r.consent_filename,
            mediaType: r.consent_media_type,
            size: r.consent_size ?? 0,
            uploadedAt: r.consent_uploaded_at,
          }
        : null,
  };
}

export function telephoneAdviceListItem(r: TelephoneAdviceRow, access: TelephoneAdviceAccess) {
  return {
    id: r.id,
    reference: r.reference,
    state: r.state,
    access,
    patientName: [r.patient.givenName, r.patient.familyName].filter(Boolean).join(' '),
    patientBirthDate: r.patient.birthDate,
    departmentId: r.department_id,
    consultedOn: r.consulted_on,
    recordedBy: r.recorded_by_name,
    createdAt: r.created_at,
    filedAt: r.consent_uploaded_at,
  };
}
