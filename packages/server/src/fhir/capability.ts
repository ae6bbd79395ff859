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
      description: 'Loket FHIR R4 interface (read and search on the referral loop)',
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
              'A referrer posts ServiceRequest + Patient (+ Practitioner); the answer holds the Task. ServiceRequest.identifier is required and makes the create conditional.',
          },
        ],
        resource: resourceTypes.map((type) => {
          const params = searchable.has(type) ? searchParams[type as SearchType] : undefined;
          const note = resourceNotes[type];
          return {
            type,
            ...(note ? { documentation: note } : {}),
            interaction: [{ code: 'read' }, ...(params ? [{ code: 'search-type' }] : [])],
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
