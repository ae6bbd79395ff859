import { Checkbox, Fieldset, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  formatPhoneNational,
  isValidAgb,
  isValidBsn,
  normalizeBsn,
  normalizePostcode,
  parseAgb,
  toE164,
} from '@loket/domain';
import { useFieldError } from '../admin/problems';
import { useLanguage } from '../shared/i18n';
import type { FamilyDoctorForm, PatientForm } from './form-model';

/** The 11-test as the user types: silent until the number is long enough to judge (R-ID-01). */
export function bsnFeedback(value: string): 'empty' | 'typing' | 'valid' | 'invalid' {
  const digits = value.replace(/[\s.-]/g, '');
  if (digits === '') return 'empty';
  if (!/^\d*$/.test(digits) || digits.length > 9) return 'invalid';
  if (digits.length < 8) return 'typing';
  if (digits.length === 8) return isValidBsn(digits) ? 'valid' : 'typing';
  return isValidBsn(digits) ? 'valid' : 'invalid';
}

/** Patient fields of a referral: BSN (or why there is none), name, date of birth, address, phone and e-mail. */
export function PatientFields({
  value,
  onChange,
  testIdPrefix = 'patient',
}: {
  value: PatientForm;
  onChange: (p: PatientForm) => void;
  testIdPrefix?: string;
}) {
  const { t } = useTranslation();
  const set = <K extends keyof PatientForm>(key: K, v: PatientForm[K]) => onChange({ ...value, [key]: v });
  const bsnError = useFieldError('patient.bsn');
  const reasonError = useFieldError('patient.noBsnReason');
  const errors = {
    givenName: useFieldError('patient.givenName'),
    familyName: useFieldError('patient.familyName'),
    birthDate: useFieldError('patient.birthDate'),
    street: useFieldError('patient.street'),
    houseNumber: useFieldError('patient.houseNumber'),
    postcode: useFieldError('patient.postcode'),
    city: useFieldError('patient.city'),
    country: useFieldError('patient.country'),
    phone: useFieldError('patient.phone'),
    email: useFieldError('patient.email'),
  };
  const feedback = bsnFeedback(value.bsn);
  const dutch = value.country.trim() === '' || value.country.trim().toUpperCase() === 'NL';
  const postcodeBad = dutch && value.postcode.trim() !== '' && normalizePostcode(value.postcode) === null;
  const phoneE164 = value.phone.trim() ? toE164(value.phone) : null;
  const id = (s: string) => `${testIdPrefix}-${s}`;

  return (
    <Fieldset legend={t('referrals.form.patient')} data-testid={id('fields')}>
      <Stack gap="sm">
        <Checkbox
          label={t('referrals.form.noBsn')}
          checked={value.noBsn}
          onChange={(e) => set('noBsn', e.currentTarget.checked)}
          data-testid={id('no-bsn')}
        />
        {value.noBsn ? (
          <TextInput
            label={t('referrals.form.noBsnReason')}
            description={t('referrals.form.noBsnReasonHint')}
            value={value.noBsnReason}
            onChange={(e) => set('noBsnReason', e.currentTarget.value)}
            error={reasonError ?? bsnError}
            withAsterisk
            data-testid={id('no-bsn-reason')}
          />
        ) : (
          <TextInput
            label={t('referrals.form.bsn')}
            inputMode="numeric"
            autoComplete="off"
            maxLength={11}
            value={value.bsn}
            onChange={(e) => set('bsn', e.currentTarget.value)}
            onBlur={() => {
              const n = normalizeBsn(value.bsn);
              if (n && isValidBsn(n) && n !== value.bsn) set('bsn', n);
            }}
            description={feedback === 'valid' ? t('referrals.form.bsnValid') : t('referrals.form.bsnHint')}
            error={feedback === 'invalid' ? t('referrals.form.bsnInvalid') : bsnError}
            withAsterisk
            data-testid={id('bsn')}
            data-bsn-status={feedback}
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={t('referrals.form.givenName')}
            autoComplete="off"
            value={value.givenName}
            onChange={(e) => set('givenName', e.currentTarget.value)}
            error={errors.givenName}
            data-testid={id('given-name')}
          />
          <TextInput
            label={t('referrals.form.familyName')}
            autoComplete="off"
            value={value.familyName}
            onChange={(e) => set('familyName', e.currentTarget.value)}
            error={errors.familyName}
            withAsterisk
            data-testid={id('family-name')}
          />
          <TextInput
            label={t('referrals.form.birthDate')}
            type="date"
            value={value.birthDate}
            onChange={(e) => set('birthDate', e.currentTarget.value)}
            error={errors.birthDate}
            withAsterisk
            data-testid={id('birth-date')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={t('referrals.form.street')}
            autoComplete="off"
            value={value.street}
            onChange={(e) => set('street', e.currentTarget.value)}
            error={errors.street}
            data-testid={id('street')}
          />
          <TextInput
            label={t('referrals.form.houseNumber')}
            autoComplete="off"
            value={value.houseNumber}
            onChange={(e) => set('houseNumber', e.currentTarget.value)}
            error={errors.houseNumber}
            data-testid={id('house-number')}
          />
          <TextInput
            label={t('referrals.form.postcode')}
            autoComplete="off"
            placeholder="2333 ZA"
            value={value.postcode}
            onChange={(e) => set('postcode', e.currentTarget.value)}
            onBlur={() => {
              const n = dutch ? normalizePostcode(value.postcode) : null;
              if (n && n !== value.postcode) set('postcode', n);
            }}
            error={postcodeBad ? t('referrals.form.postcodeInvalid') : errors.postcode}
            data-testid={id('postcode')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('referrals.form.city')}
            autoComplete="off"
            value={value.city}
            onChange={(e) => set('city', e.currentTarget.value)}
            error={errors.city}
            data-testid={id('city')}
          />
          <TextInput
            label={t('referrals.form.country')}
            description={t('referrals.form.countryHint')}
            maxLength={2}
            value={value.country}
            onChange={(e) => set('country', e.currentTarget.value.toUpperCase())}
            error={errors.country}
            data-testid={id('country')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('referrals.form.phone')}
            type="tel"
            autoComplete="off"
            value={value.phone}
            onChange={(e) => set('phone', e.currentTarget.value)}
            description={
              phoneE164
                ? t('referrals.form.phoneShownAs', { phone: formatPhoneNational(phoneE164) })
                : undefined
            }
            error={
              value.phone.trim() !== '' && !phoneE164 && value.phone.replace(/\D/g, '').length >= 10
                ? t('referrals.form.phoneInvalid')
                : errors.phone
            }
            data-testid={id('phone')}
          />
          <TextInput
            label={t('referrals.form.email')}
            type="email"
            autoComplete="off"
            value={value.email}
            onChange={(e) => set('email', e.currentTarget.value)}
            error={errors.email}
            data-testid={id('email')}
          />
        </SimpleGrid>
      </Stack>
    </Fieldset>
  );
}

/** The patient's family doctor, who follows the referral and receives its letters (R-REF-06, R-REF-08). */
export function FamilyDoctorFields({
  value,
  onChange,
  legend,
  testIdPrefix = 'family-doctor',
  pathPrefix = 'familyDoctor',
}: {
  value: FamilyDoctorForm;
  onChange: (f: FamilyDoctorForm) => void;
  legend?: string;
  testIdPrefix?: string;
  pathPrefix?: string;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const set = <K extends keyof FamilyDoctorForm>(key: K, v: FamilyDoctorForm[K]) =>
    onChange({ ...value, [key]: v });
  const errName = useFieldError(`${pathPrefix}.name`);
  const errAgb = useFieldError(`${pathPrefix}.agbCode`);
  const errEmail = useFieldError(`${pathPrefix}.email`);
  const agb = value.agbCode.trim();
  const parsed = agb ? parseAgb(agb) : null;
  return (
    <Fieldset legend={legend ?? t('referrals.form.familyDoctor')} data-testid={`${testIdPrefix}-fields`}>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <TextInput
          label={t('referrals.form.doctorName')}
          value={value.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={errName}
          data-testid={`${testIdPrefix}-name`}
        />
        <TextInput
          label={t('referrals.form.agbCode')}
          inputMode="numeric"
          maxLength={8}
          value={value.agbCode}
          onChange={(e) => set('agbCode', e.currentTarget.value)}
          description={parsed?.profession ? parsed.profession[lang] : t('referrals.form.agbHint')}
          error={agb.length >= 8 && !isValidAgb(agb) ? t('referrals.form.agbInvalid') : errAgb}
          data-testid={`${testIdPrefix}-agb`}
        />
        <TextInput
          label={t('referrals.form.doctorEmail')}
          type="email"
          value={value.email}
          onChange={(e) => set('email', e.currentTarget.value)}
          error={errEmail}
          data-testid={`${testIdPrefix}-email`}
        />
      </SimpleGrid>
    </Fieldset>
  );
}
