import { Anchor, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { normalizeBsn } from '@loket/domain';
import { formatDate } from '../referrals/format';
import { bsnFeedback } from '../referrals/PatientFields';
import { api } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { AdviceDetails } from './AdviceDetails';
import { TelephoneAdviceStateBadge } from './StateBadge';
import type { PatientFile } from './telephone-advice.resource';

/**
 * Staff open a patient's file by BSN and see the telephone advice filed there (R-CON-02). The BSN goes in the
 * body of a POST, never in an address (R-ID-04).
 */
export function PatientFileSearch() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [bsn, setBsn] = useState('');
  const [result, setResult] = useState<PatientFile | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const feedback = bsnFeedback(bsn);

  const search = async () => {
    setLocalError(null);
    if (feedback !== 'valid') {
      setLocalError(t('telephoneAdvice.form.bsnInvalid'));
      return;
    }
    setPending(true);
    setError(null);
    try {
      setResult(
        await api<PatientFile>('/api/telephone-advice/patient-file', {
          body: { bsn: normalizeBsn(bsn) ?? bsn },
        }),
      );
    } catch (e) {
      setError(e);
      setResult(null);
    } finally {
      setPending(false);
    }
  };

  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="ta-file-title"
      data-testid="ta-patient-file"
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id="ta-file-title">
          {t('telephoneAdvice.file.title')}
        </Title>
        <Text size="sm">{t('telephoneAdvice.file.intro')}</Text>
        <form
          noValidate
          autoComplete="off"
          onSubmit={(e) => {
            e.preventDefault();
            void search();
          }}
        >
          <Group align="flex-start" gap="sm">
            <TextInput
              label={t('telephoneAdvice.fields.bsn')}
              inputMode="numeric"
              autoComplete="off"
              maxLength={11}
              value={bsn}
              onChange={(e) => setBsn(e.currentTarget.value)}
              error={
                localError ?? (feedback === 'invalid' ? t('telephoneAdvice.form.bsnInvalid') : undefined)
              }
              data-testid="ta-file-bsn"
            />
            <Button type="submit" mt={25} loading={pending} data-testid="ta-file-submit">
              {t('telephoneAdvice.file.open')}
            </Button>
          </Group>
        </form>
        <ErrorAlert error={error} />
        {result && !result.patient && (
          <Text c="dimmed" role="status">
            {t('telephoneAdvice.file.none')}
          </Text>
        )}
        {result?.patient && (
          <Stack gap="md">
            <Text fw={600} data-testid="ta-file-patient">
              {result.patient.name} ({formatDate(result.patient.birthDate, lang)})
            </Text>
            {result.records.length === 0 && <Text c="dimmed">{t('telephoneAdvice.file.empty')}</Text>}
            {result.records.map((r) => (
              <Stack key={r.id} gap="xs" data-testid="ta-file-record">
                <Group gap="sm">
                  {r.access ? (
                    <Anchor component={Link} to={`/telephone-advice/${r.id}`} fw={600}>
                      {r.reference}
                    </Anchor>
                  ) : (
                    <Text fw={600}>{r.reference}</Text>
                  )}
                  <TelephoneAdviceStateBadge state={r.state} />
                </Group>
                <AdviceDetails view={r} headingLevel={3} />
              </Stack>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
