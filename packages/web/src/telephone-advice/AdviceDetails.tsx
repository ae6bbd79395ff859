import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, useDepartmentNames } from '../referrals/format';
import { useLanguage } from '../shared/i18n';
import type { TelephoneAdviceView } from './telephone-advice.resource';

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div" data-testid={testId} style={{ whiteSpace: 'pre-line' }}>
        {children}
      </Text>
    </div>
  );
}

/** The content of a record: patient, consultation, advice and supplementary information (R-TEL-01). */
export function AdviceDetails({
  view,
  headingLevel = 2,
}: {
  view: TelephoneAdviceView;
  headingLevel?: 2 | 3;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const departmentName = useDepartmentNames();
  const p = view.patient;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={headingLevel} size="h4">
            {t('telephoneAdvice.form.patient')}
          </Title>
          <SimpleGrid cols={2} spacing="sm">
            <Field label={t('telephoneAdvice.fields.name')} testId="ta-view-patient">
              {[p.givenName, p.familyName].filter(Boolean).join(' ')}
            </Field>
            <Field label={t('telephoneAdvice.fields.birthDate')}>{formatDate(p.birthDate, lang)}</Field>
            <Field label={t('telephoneAdvice.fields.bsn')}>{p.bsn}</Field>
            <Field label={t('telephoneAdvice.fields.address')}>
              {`${p.street} ${p.houseNumber}\n${p.postcode}${p.city ? ` ${p.city}` : ''}`}
            </Field>
          </SimpleGrid>
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={headingLevel} size="h4">
            {t('telephoneAdvice.form.consultation')}
          </Title>
          <SimpleGrid cols={2} spacing="sm">
            <Field label={t('telephoneAdvice.fields.department')}>{departmentName(view.departmentId)}</Field>
            <Field label={t('telephoneAdvice.fields.consultedSpecialist')}>
              {view.consultedSpecialist ?? '—'}
            </Field>
            <Field label={t('telephoneAdvice.fields.consultedOn')}>
              {formatDate(view.consultedOn, lang)}
            </Field>
            <Field label={t('telephoneAdvice.fields.recordedBy')}>{view.recordedBy.name}</Field>
          </SimpleGrid>
        </Stack>
      </Paper>
      <Paper withBorder p="md" style={{ gridColumn: '1 / -1' }}>
        <Stack gap="sm">
          <Title order={headingLevel} size="h4">
            {t('telephoneAdvice.form.adviceLegend')}
          </Title>
          <Field label={t('telephoneAdvice.fields.advice')} testId="ta-view-advice">
            {view.advice}
          </Field>
          <Field label={t('telephoneAdvice.fields.supplementaryInfo')}>{view.supplementaryInfo ?? '—'}</Field>
        </Stack>
      </Paper>
    </SimpleGrid>
  );
}
