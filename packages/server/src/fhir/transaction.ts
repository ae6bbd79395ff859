import { createHash } from 'node:crypto';
import type {
  Bundle,
  BundleEntry,
  Patient,
  Practitioner,
  Resource,
  ServiceRequest,
} from '@medplum/fhirtypes';
import { letterItems, referralKinds, type DraftInput } from '@loket/domain';
import type { IdempotencyClaim } from '../http/idempotency.ts';
import { AGB_SYSTEM, BSN_SYSTEM, KIND_SYSTEM } from './mappers.ts';
import { FhirError } from './outcome.ts';
import { incomingDocuments, type IncomingDocument } from './attachments.ts';

/**
 * The write side's first step: a referring system posts a transaction Bundle (ServiceRequest + Patient +
 * Practitioner) and Loket makes a referral of it through the same ReferralService as the web app. The
 * ServiceRequest's identifier makes the create conditional: a retried post finds the first referral instead of
 * making a second.
 */
export interface ParsedTransaction {
  draft: DraftInput;
  /** Documents to attach before the referral is sent; stored through the same checks as an upload. */
  documents: IncomingDocument[];
  /** The referring system's own identifier for the request, `system|value`. */
  identifier: string;
  practitionerAgb: string | null;
  entries: { resourceType: string; fullUrl?: string }[];
}

function entriesOf(bundle: Bundle): BundleEntry[] {
  if (bundle.resourceType !== 'Bundle' || bundle.type !== 'transaction')
    throw new FhirError(400, 'invalid', 'POST /fhir/R4 takes a Bundle of type "transaction".');
  const entries = bundle.entry ?? [];
  for (const e of entries) {
    if (!e.resource) throw new FhirError(400, 'invalid', 'Every entry needs a resource.');
    if (e.request?.method !== 'POST')
      throw new FhirError(400, 'not-supported', 'Only POST (create) entries are supported in a transaction.');
  }
  return entries;
}

function one<T extends Resource>(
  entries: BundleEntry[],
  type: T['resourceType'],
  required: boolean,
): BundleEntry<T> | undefined {
  const found = entries.filter((e) => e.resource!.resourceType === type) as BundleEntry<T>[];
  if (found.length > 1)
    throw new FhirError(
      400,
      'invalid',
      `The transaction holds more than one ${type}; send one referral per Bundle.`,
    );
  if (required && !found.length) throw new FhirError(400, 'required', `The transaction needs a ${type}.`);
  return found[0];
}

/** A reference inside the Bundle points to an entry by its fullUrl (urn:uuid:…) or by Type/id. */
function pointsTo(reference: string | undefined, entry: BundleEntry | undefined): boolean {
  if (!reference || !entry) return false;
  const r = entry.resource!;
  return reference === entry.fullUrl || (r.id !== undefined && reference === `${r.resourceType}/${r.id}`);
}

function patientInput(p: Patient) {
  const bsn = p.identifier?.find((i) => i.system === BSN_SYSTEM)?.value ?? null;
  const name = p.name?.[0];
  const address = p.address?.[0];
  const line = address?.line?.[0] ?? null;
  // "Albinusdreef 2": the last word with a digit is the house number, the rest the street.
  const m = line ? /^(.*\S)\s+(\d\S*)$/.exec(line) : null;
  return {
    bsn,
    givenName: name?.given?.join(' ') ?? null,
    familyName: name?.family ?? null,
    birthDate: p.birthDate ?? null,
    street: m ? m[1]! : line,
    houseNumber: m ? m[2]! : null,
    postcode: address?.postalCode ?? null,
    city: address?.city ?? null,
    country: address?.country && address.country.length === 2 ? address.country : null,
    phone: p.telecom?.find((t) => t.system === 'phone')?.value ?? null,
    email: p.telecom?.find((t) => t.system === 'email')?.value ?? null,
  };
}

export function parseTransaction(bundle: Bundle): ParsedTransaction {
  const entries = entriesOf(bundle);
  const srEntry = one<ServiceRequest>(entries, 'ServiceRequest', true)!;
  const patientEntry = one<Patient>(entries, 'Patient', true)!;
  const practitionerEntry = one<Practitioner>(entries, 'Practitioner', false);
  const other = entries.find(
    (e) =>
      !['ServiceRequest', 'Patient', 'Practitioner', 'DocumentReference', 'Binary'].includes(
        e.resource!.resourceType,
      ),
  );
  if (other)
    throw new FhirError(
      400,
      'not-supported',
      `${other.resource!.resourceType} in a transaction is not supported; send ServiceRequest, Patient, Practitioner, DocumentReference and Binary.`,
    );
  const documents = incomingDocuments(entries);
  const sr = srEntry.resource!;
  if (!pointsTo(sr.subject?.reference, patientEntry))
    throw new FhirError(
      400,
      'invalid',
      'ServiceRequest.subject must point to the Patient entry of this Bundle (its fullUrl).',
    );
  if (practitionerEntry && sr.requester && !pointsTo(sr.requester.reference, practitionerEntry))
    throw new FhirError(
      400,
      'invalid',
      'ServiceRequest.requester must point to the Practitioner entry of this Bundle.',
    );

  const id = sr.identifier?.find((i) => i.system && i.value);
  if (!id)
    throw new FhirError(
      400,
      'invalid',
      'ServiceRequest.identifier (system and value) is required: it makes a retried post find the first referral instead of making a second.',
    );
  const identifier = `${id.system}|${id.value}`;
  const ifNoneExist = srEntry.request?.ifNoneExist;
  if (ifNoneExist !== undefined && ifNoneExist !== `identifier=${identifier}`)
    throw new FhirError(
      400,
      'not-supported',
      `ifNoneExist must be "identifier=${identifier}", the ServiceRequest's identifier.`,
    );

  const performer = sr.performer?.[0]?.reference;
  const department = performer?.startsWith('HealthcareService/')
    ? performer.slice('HealthcareService/'.length)
    : null;
  if (!department)
    throw new FhirError(
      400,
      'invalid',
      'ServiceRequest.performer must be HealthcareService/<department id> (see GET /fhir/R4/HealthcareService).',
    );
  const kindCode = sr.code?.coding?.find((c) => c.system === KIND_SYSTEM)?.code ?? 'new-referral';
  if (!(referralKinds as readonly string[]).includes(kindCode))
    throw new FhirError(
      400,
      'invalid',
      `ServiceRequest.code: unknown referral kind "${kindCode}". Known: ${referralKinds.join(', ')}.`,
    );

  const letter: Record<string, string> = {};
  const reason = sr.reasonCode?.[0]?.text ?? sr.reasonCode?.[0]?.coding?.[0]?.display;
  if (reason) letter.reason = reason;
  // Notes "item: text" fill the letter's items, the same shape Loket's ServiceRequest.note is read in.
  for (const n of sr.note ?? []) {
    const m = /^([a-z-]+):\s*([\s\S]+)$/.exec(n.text);
    if (m && (letterItems as readonly string[]).includes(m[1]!)) letter[m[1]!] = m[2]!;
  }

  const patient = patientEntry.resource!;
  const gp = patient.generalPractitioner?.[0];
  const practitionerAgb =
    practitionerEntry?.resource?.identifier?.find((i) => i.system === AGB_SYSTEM)?.value ?? null;
  const draft: DraftInput = {
    departmentId: department,
    kind: kindCode as DraftInput['kind'],
    urgency: sr.priority && sr.priority !== 'routine' ? 'urgent' : 'routine',
    patient: patientInput(patient),
    ...(gp
      ? {
          familyDoctor: {
            name: gp.display ?? null,
            agbCode: gp.identifier?.system === AGB_SYSTEM ? (gp.identifier.value ?? null) : null,
            email: null,
          },
        }
      : {}),
    letter,
  };
  return {
    draft,
    documents,
    identifier,
    practitionerAgb,
    entries: entries.map((e) => ({
      resourceType: e.resource!.resourceType,
      ...(e.fullUrl ? { fullUrl: e.fullUrl } : {}),
    })),
  };
}

/** The conditional create as idempotency claims of the signed-in referrer: one for the draft, one for sending it. */
export function claimsFor(
  userId: string,
  parsed: ParsedTransaction,
): { create: IdempotencyClaim; submit: IdempotencyClaim } {
  const key = `fhir-sr:${createHash('sha256').update(parsed.identifier).digest('hex').slice(0, 48)}`;
  const hash = createHash('sha256').update(JSON.stringify(parsed.draft));
  for (const d of parsed.documents)
    hash.update(`|${d.kind}|${createHash('sha256').update(d.bytes).digest('hex')}`);
  const bodyHash = hash.digest('hex');
  return {
    create: { userId, key, scope: 'fhir.transaction', bodyHash },
    submit: { userId, key: `${key}:submit`, scope: 'fhir.transaction.submit', bodyHash },
  };
}
