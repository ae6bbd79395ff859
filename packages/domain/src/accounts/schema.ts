import { z } from 'zod';
import { RoleSchema } from '../access/roles.ts';
import { isValidAgb } from '../identifiers/agb.ts';
import { isValidUzi } from '../identifiers/uzi-ura.ts';

export const MIN_PASSWORD_LENGTH = 12;

const AgbSchema = z
  .string()
  .trim()
  .refine(isValidAgb, { message: 'An AGB code is 8 digits, for example 01234567 (R-ID-02)' });

const UziSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/\s/g, ''))
  .refine(isValidUzi, { message: 'A UZI number is 9 digits, as on the UZI pass' });

const accountFields = {
  name: z.string().trim().min(1, { message: 'Enter a name' }).max(200),
  roles: z.array(RoleSchema).min(1, { message: 'Choose at least one role' }),
  departmentIds: z.array(z.string().min(1)).default([]),
  agbCode: AgbSchema.nullable().default(null),
  uziNumber: UziSchema.nullable().default(null),
  specialism: z.string().trim().min(1).max(100).nullable().default(null),
  organisationId: z.string().min(1).nullable().default(null),
  locale: z.enum(['nl', 'en']).default('nl'),
};

/** A referrer is identified by an AGB code (R-ID-02). */
function referrerHasAgb(a: { roles: string[]; agbCode: string | null }, ctx: z.RefinementCtx) {
  if (a.roles.includes('referrer') && !a.agbCode)
    ctx.addIssue({ code: 'custom', path: ['agbCode'], message: 'A referrer needs an AGB code (8 digits)' });
}

export const NewAccountSchema = z
  .object({
    email: z.email({ message: 'Enter a valid e-mail address' }).transform((e) => e.toLowerCase()),
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, { message: `A password needs at least ${MIN_PASSWORD_LENGTH} characters` })
      .max(256),
    ...accountFields,
  })
  .strict()
  .superRefine(referrerHasAgb);
export type NewAccount = z.infer<typeof NewAccountSchema>;
export type NewAccountInput = z.input<typeof NewAccountSchema>;

export const AccountUpdateSchema = z.object(accountFields).strict().superRefine(referrerHasAgb);
export type AccountUpdate = z.infer<typeof AccountUpdateSchema>;
