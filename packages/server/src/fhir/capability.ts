import { searchParams, type SearchType } from './search.ts';

/** Read-only resource types, and which of them can be searched. */
export const resourceTypes = [
  'Patient',
  'Practitioner',
  'Organization',
  'HealthcareService',
  'ServiceRequest',
  'Task',
  'DocumentReference',
  'Binary',
  'PractitionerRole',
  'Appointment',
  'Communication',
  'Consent',
  'QuestionnaireResponse',
  'Subscription',
] as const;
export type ResourceType = (typeof resourceTypes)[number];

export const searchable = new Set<string>(Object.keys(searchParams));

const resourceNotes: Partial<Record<ResourceType, string>> = {
  ServiceRequest: 'The referral. supportingInfo points to its DocumentReferences.',
  Task: 'The fulfilment of the referral; same id as its ServiceRequest. status and businessStatus follow the referral state; output lists its letters.',
  Patient:
    'Search by BSN only with POST Patient/_search (application/x-www-form-urlencoded); a BSN in a GET URL is refused.',
  Binary:
    'Returns the document bytes unless Accept asks for application/fhir+json; every read is audited as a download.',
  HealthcareService: "The catalog's departments; care paths are in program.",
  PractitionerRole: 'One per account: its roles, organisation and departments.',
  Appointment:
    'The appointment of a scheduled referral; same id as the referral. Loket keeps the start only: end is start + 30 minutes.',
  Communication:
    "The messages between hospital and referrer: a request for more information and the referrer's answer (inResponseTo).",
  Consent:
    "The patient's consents (scope and method in category and provision.purpose); withdrawn is inactive.",
  QuestionnaireResponse:
    'APOP screenings at the emergency department, for the patient and the staff of the department.',
  Subscription:
    'rest-hook on a Task search (criteria "Task?…"); payload application/fhir+json sends the Task, no payload an empty POST. Notifications go through the outbox and are retried; only for referrals the subscriber may see. You see and delete only your own subscriptions.',
};

/** The write interactions per type, beyond read and search. */
const writes: Partial<Record<ResourceType, { code: string; documentation: string }[]>> = {
  Task: [
    {
      code: 'update',
      documentation:
        'PUT with If-Match: W/"<versionId>" (412 when the Task changed meanwhile). A referrer can cancel (status "cancelled", statusReason.text) or answer a request for more information (from on-hold to status "received", answers in Task.input coded with https://loket.nl/fhir/CodeSystem/letter-item, message in Task.note).',
    },
  ],
  DocumentReference: [
    {
      code: 'create',
      documentation:
        'A document for a referral (context.related = ServiceRequest/<id>) with its bytes in content.attachment.data; while drafting or answering a request for more information. Same checks as an upload.',
    },
  ],
  Subscription: [
    { code: 'create', documentation: 'Starts active at once (no handshake).' },
    { code: 'delete', documentation: 'Stops notifications.' },
  ],
};

/** The CapabilityStatement: exactly the interactions and search parameters the routes serve, nothing more. */
export function capabilityStatement(base: string, date: string) {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    publisher: 'Loket',
    kind: 'instance',
    software: { name: 'Loket', version: '0.1.0' },
    implementation: {
      description:
        'Loket FHIR R4 interface: the referral loop (read, search, transaction, Task update, Subscriptions)',
      url: base,
    },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'A projection of the Loket referral model. The same access rules as the rest of Loket apply: what you may not see is answered with 404.',
        security: {
          cors: false,
          description:
            'Sign in through /api/auth/sign-in/email (staff with their second factor) and send the session cookie with every request.',
        },
        interaction: [
          {
            code: 'transaction',
            documentation:
              'A referrer posts ServiceRequest + Patient (+ Practitioner, DocumentReferences with their bytes inline or in Binary entries); the referral is made with channel "api" and sent, and the answer holds the Task. ServiceRequest.identifier is required and makes the create conditional.',
          },
        ],
        resource: resourceTypes.map((type) => {
          const params = searchable.has(type) ? searchParams[type as SearchType] : undefined;
          const note = resourceNotes[type];
          return {
            type,
            ...(note ? { documentation: note } : {}),
            interaction: [
              { code: 'read' },
              ...(params ? [{ code: 'search-type' }] : []),
              ...(writes[type] ?? []),
            ],
            ...(params
              ? {
                  searchParam: Object.entries(params).map(([name, p]) => ({
                    name,
                    type: p.type,
                    documentation: p.documentation,
                  })),
                }
              : {}),
          };
        }),
      },
    ],
  };
}
