import { z } from 'zod';
import type { SuddenDeathKind } from './request.ts';

/**
 * What happens after a request. DNA storage: the samples are received, the DNA is stored, and only after the
 * first family member registers for screening is it examined (R-SD-01). Autopsy: the body is received and the
 * autopsy completed.
 */
export const suddenDeathStates = ['requested', 'received', 'stored', 'examined', 'completed'] as const;
export type SuddenDeathState = (typeof suddenDeathStates)[number];

export const suddenDeathActions = [
  'receive',
  'store',
  'register-family-member',
  'examine',
  'complete',
] as const;
export type SuddenDeathAction = (typeof suddenDeathActions)[number];

export interface SuddenDeathFacts {
  kind: SuddenDeathKind;
  state: SuddenDeathState;
  familyMemberRegistered: boolean;
}

export type SuddenDeathRefusal = 'not-for-this-kind' | 'not-in-this-state' | 'no-family-member-registered';

export type SuddenDeathDecision =
  { allowed: true; to: SuddenDeathState } | { allowed: false; reason: SuddenDeathRefusal };

const rules: Record<
  SuddenDeathAction,
  { kinds: readonly SuddenDeathKind[]; from: readonly SuddenDeathState[]; to: SuddenDeathState | null }
> = {
  receive: { kinds: ['autopsy', 'dna-storage'], from: ['requested'], to: 'received' },
  store: { kinds: ['dna-storage'], from: ['received'], to: 'stored' },
  // A registration is a fact about the family, not a step of the sample: the state stays as it is.
  'register-family-member': { kinds: ['dna-storage'], from: ['requested', 'received', 'stored'], to: null },
  examine: { kinds: ['dna-storage'], from: ['stored'], to: 'examined' },
  complete: { kinds: ['autopsy'], from: ['received'], to: 'completed' },
};

export function decideSuddenDeathStep(
  facts: SuddenDeathFacts,
  action: SuddenDeathAction,
): SuddenDeathDecision {
  const rule = rules[action];
  if (!rule.kinds.includes(facts.kind)) return { allowed: false, reason: 'not-for-this-kind' };
  if (action === 'register-family-member' && facts.familyMemberRegistered)
    return { allowed: false, reason: 'not-in-this-state' };
  if (!rule.from.includes(facts.state)) return { allowed: false, reason: 'not-in-this-state' };
  if (action === 'examine' && !facts.familyMemberRegistered)
    return { allowed: false, reason: 'no-family-member-registered' };
  return { allowed: true, to: rule.to ?? facts.state };
}

/** Every step of this kind, allowed or not, so a page can show a refused step with its reason. */
export function suddenDeathSteps(
  facts: SuddenDeathFacts,
): { action: SuddenDeathAction; decision: SuddenDeathDecision }[] {
  return suddenDeathActions
    .filter((a) => rules[a].kinds.includes(facts.kind))
    .map((action) => ({ action, decision: decideSuddenDeathStep(facts, action) }));
}

const isoDate = z.iso.date({ message: 'Enter a date as YYYY-MM-DD' });
const note = z
  .string()
  .max(2000)
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : null));
const notAfterToday = (v: string) => v <= new Date().toISOString().slice(0, 10);

export const SuddenDeathStepInputSchemas = {
  receive: z
    .object({
      receivedOn: isoDate.refine(notAfterToday, { message: 'This date is in the future' }),
      biopsiesReceived: z.number().int().min(0).max(10).optional(),
      note,
    })
    .strict(),
  store: z
    .object({
      location: z.string().trim().min(1, { message: 'Say where the DNA is stored' }).max(200),
      note,
    })
    .strict(),
  'register-family-member': z
    .object({
      registeredOn: isoDate.refine(notAfterToday, { message: 'This date is in the future' }),
      relationship: z
        .string()
        .trim()
        .min(1, { message: 'Say how the family member is related (for example: brother)' })
        .max(100),
      note,
    })
    .strict(),
  examine: z.object({ note }).strict(),
  complete: z.object({ cardiogeneticSuspicion: z.boolean(), note }).strict(),
} satisfies Record<SuddenDeathAction, z.ZodType>;
