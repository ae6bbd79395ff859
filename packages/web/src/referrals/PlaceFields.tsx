import { NativeSelect, SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { referralKinds, resolveText, type Department, type ReferralKind } from '@loket/domain';
import { useLanguage } from '../shared/i18n';
import type { ReferralForm } from './form-model';

/** Kind of referral, care path and clinic of the department: the referral form and the back office's registration. */
export function PlaceFields({
  department,
  form,
  set,
  errors = new Map(),
  secondOpinionRefused = false,
}: {
  department: Department;
  form: ReferralForm;
  set: <K extends 'kind' | 'carePathId' | 'subClinicId'>(key: K, value: ReferralForm[K]) => void;
  errors?: ReadonlyMap<string, string>;
  secondOpinionRefused?: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      <NativeSelect
        label={t('referrals.form.kind')}
        value={form.kind}
        onChange={(e) => set('kind', e.currentTarget.value as ReferralKind)}
        data={referralKinds.map((k) => ({
          value: k,
          label: t(`referrals.kind.${k}`),
          disabled: k === 'second-opinion' && secondOpinionRefused,
        }))}
        error={errors.get('kind')}
        data-testid="referral-kind"
      />
      {department.carePaths.length > 0 && (
        <NativeSelect
          label={t('referrals.form.carePath')}
          value={form.carePathId}
          onChange={(e) => set('carePathId', e.currentTarget.value)}
          data={[
            { value: '', label: t('referrals.form.noCarePath') },
            ...department.carePaths.map((c) => ({ value: c.id, label: resolveText(c.name, lang).text })),
          ]}
          error={errors.get('carePathId')}
          data-testid="referral-care-path"
        />
      )}
      {department.subClinics.length > 0 && (
        <NativeSelect
          label={t('referrals.form.subClinic')}
          value={form.subClinicId}
          onChange={(e) => set('subClinicId', e.currentTarget.value)}
          data={[
            { value: '', label: t('referrals.form.noSubClinic') },
            ...department.subClinics.map((c) => ({ value: c.id, label: resolveText(c.name, lang).text })),
          ]}
          error={errors.get('subClinicId')}
          data-testid="referral-sub-clinic"
        />
      )}
    </SimpleGrid>
  );
}
