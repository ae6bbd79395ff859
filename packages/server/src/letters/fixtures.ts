import type { LetterInput, LetterLanguage, LetterType } from './templates.ts';

/** Letters for tests and the demo: test BSN, made-up people and places. */

export const LETTER_COMMON = {
  date: '2026-11-20',
  hospital: {
    name: 'Ziekenhuis Rivierenland Test',
    address: ['Ziekenhuislaan 1', '1234 AB Teststad'],
    phone: '020 123 4567',
  },
  department: 'Cardiologie',
  reference: 'VW-2026-000123',
  recipient: {
    name: 'Dr. J. de Vries',
    address: ['Huisartsenpraktijk De Linde', 'Lindelaan 5', '1234 CD Teststad'],
  },
  patient: { name: 'Şule Yılmaz', birthDate: '1960-03-12', bsn: '999990019' },
} as const;

export function exampleLetter(type: LetterType, language: LetterLanguage): LetterInput {
  const common = { ...LETTER_COMMON, language };
  switch (type) {
    case 'request-information':
      return {
        ...common,
        type,
        details: {
          missing: ['Recent ECG', 'Current medication list'],
          message: 'Please also state whether the complaints occur at rest.',
          replyBy: '2026-12-01',
        },
      };
    case 'rejection':
      return {
        ...common,
        type,
        details: {
          reasonText: 'Does not fit our care paths',
          explanation: 'The question can be answered in primary care.',
          redirect: 'Consider a referral to the internist',
        },
      };
    case 'invitation':
      return {
        ...common,
        type,
        recipient: { name: 'Mevrouw Ş. Yılmaz', address: ['Dorpsstraat 2', '1234 EF Teststad'] },
        details: {
          start: '2026-11-24T09:30:00Z',
          location: 'Polikliniek Cardiologie, route 12',
          notes: 'Please arrive 15 minutes early.',
        },
      };
    case 'appointment-confirmation':
      return {
        ...common,
        type,
        details: { start: '2026-11-24T09:30:00Z', videoLink: 'https://video.example.org/room/abc' },
      };
    case 'feedback':
      return {
        ...common,
        type,
        details: {
          summary: 'No signs of heart failure; blood pressure well controlled.',
          endOfTreatment: true,
        },
      };
    case 'cancellation':
      return { ...common, type, details: { reason: 'The patient has withdrawn the request.' } };
    case 'mdo-report':
      return {
        ...common,
        type,
        details: {
          meetingTitle: 'Tumour board breast',
          meetingAt: '2026-11-24T16:00:00Z',
          diagnosis: 'Invasive ductal carcinoma, cT2N0.',
          treatmentAdvice: 'Breast-conserving surgery followed by radiotherapy.',
          copyOf: 'Dr. F. Family',
        },
      };
    case 'takeover-confirmed':
      return {
        ...common,
        type,
        details: {
          newPractitioner: 'Dr. S. Specialist (Oncologisch Centrum)',
          previousPractitioner: 'Dr. E. Extern (Ziekenhuis Elders)',
          since: '2026-11-24T09:30:00Z',
        },
      };
    case 'second-opinion-outcome':
      return {
        ...common,
        type,
        details: {
          outcome: 'Invitation for a video consult',
          examinations: ['MRI of the pelvis'],
          explanation: 'The MRI is done before the consult.',
        },
      };
  }
}
