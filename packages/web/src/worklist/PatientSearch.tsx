import { api } from '../shared/api';
import {
  Anchor,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { normalizeBsn } from '@loket/domain';
import { StateBadge } from '../referrals/badges';
import { formatDate, formatDateTime, useDepartmentNames } from '../referrals/format';
import { bsnFeedback } from '../referrals/PatientFields';
import { type SearchResult } from '../referrals/referrals.resource';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';

type Mode = 'bsn' | 'name' | 'reference';

/**
 * Find a referral by BSN, by name and date of birth, or by reference. The BSN travels in the body of a POST,
 * never in an address, and is not kept in the browser's history (R-ID-04).
 */
export function PatientSearch() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const departmentName = useDepartmentNames();
  const [mode, setMode] = useState<Mode>('bsn');
  const [bsn, setBsn] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [reference, setReference] = useState('');
  const [results, setResults] = useState<SearchResult[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);

  const search = async () => {
    setLocalError(null);
    let body: Record<string, string>;
    if (mode === 'bsn') {
      if (bsnFeedback(bsn) !== 'valid') {
        setLocalError(t('referrals.form.bsnInvalid'));
        return;
      }
      body = { bsn: normalizeBsn(bsn) ?? bsn };
    } else if (mode === 'name') {
      if (familyName.trim() === '') {
        setLocalError(t('worklist.search.nameNeeded'));
        return;
      }
      body = { familyName: familyName.trim(), ...(birthDate ? { birthDate } : {}) };
    } else {
      if (reference.trim() === '') {
        setLocalError(t('worklist.search.referenceNeeded'));
        return;
      }
      body = { reference: reference.trim() };
    }
    setPending(true);
    setError(null);
    try {
      setResults((await api<{ results: SearchResult[] }>('/api/patients/search', { body })).results);
    } catch (e) {
      setError(e);
      setResults(null);
    } finally {
      setPending(false);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="search-title" data-testid="patient-search">
      <Stack gap="sm">
        <Title order={2} size="h4" id="search-title">
          {t('worklist.search.title')}
        </Title>
        <SegmentedControl
          aria-label={t('worklist.search.by')}
          value={mode}
          onChange={(v) => {
            setMode(v as Mode);
            setLocalError(null);
          }}
          data={[
            { value: 'bsn', label: t('worklist.search.byBsn') },
            { value: 'name', label: t('worklist.search.byName') },
            { value: 'reference', label: t('worklist.search.byReference') },
          ]}
          data-testid="search-mode"
          style={{ alignSelf: 'flex-start' }}
        />
        <form
          noValidate
          autoComplete="off"
          onSubmit={(e) => {
            e.preventDefault();
            void search();
          }}
        >
          <Group align="flex-start" gap="sm" wrap="wrap">
            {mode === 'bsn' && (
              <TextInput
                label={t('referrals.form.bsn')}
                inputMode="numeric"
                autoComplete="off"
                maxLength={11}
                value={bsn}
                onChange={(e) => setBsn(e.currentTarget.value)}
                error={
                  localError ?? (bsnFeedback(bsn) === 'invalid' ? t('referrals.form.bsnInvalid') : undefined)
                }
                data-testid="search-bsn"
              />
            )}
            {mode === 'name' && (
              <>
                <TextInput
                  label={t('referrals.form.familyName')}
                  autoComplete="off"
                  value={familyName}
                  onChange={(e) => setFamilyName(e.currentTarget.value)}
                  error={localError}
                  data-testid="search-family-name"
                />
                <TextInput
                  type="date"
                  label={t('referrals.form.birthDate')}
                  value={birthDate}
                  onChange={(e) => setBirthDate(e.currentTarget.value)}
                  data-testid="search-birth-date"
                />
              </>
            )}
            {mode === 'reference' && (
              <TextInput
                label={t('referrals.fields.reference')}
                placeholder="VW-2026-000001"
                autoComplete="off"
                value={reference}
                onChange={(e) => setReference(e.currentTarget.value)}
                error={localError}
                data-testid="search-reference"
              />
            )}
            <Button type="submit" mt={25} loading={pending} data-testid="search-submit">
              {t('worklist.search.submit')}
            </Button>
          </Group>
        </form>
        <ErrorAlert error={error} />
        {results && results.length === 0 && (
          <Text c="dimmed" role="status">
            {t('worklist.search.none')}
          </Text>
        )}
        {results && results.length > 0 && (
          <Table.ScrollContainer minWidth={700}>
            <Table data-testid="search-results">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('referrals.fields.reference')}</Table.Th>
                  <Table.Th>{t('referrals.fields.patient')}</Table.Th>
                  <Table.Th>{t('referrals.fields.department')}</Table.Th>
                  <Table.Th>{t('referrals.fields.kind')}</Table.Th>
                  <Table.Th>{t('referrals.fields.state')}</Table.Th>
                  <Table.Th>{t('referrals.fields.submittedAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {results.map((r) => (
                  <Table.Tr key={r.id} data-testid="search-result">
                    <Table.Td>
                      <Anchor component={Link} to={`/referrals/${r.id}`}>
                        {r.reference}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {r.patient.name}
                      {r.patient.birthDate && (
                        <Text size="xs" c="dimmed">
                          {formatDate(r.patient.birthDate, lang)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{departmentName(r.departmentId)}</Table.Td>
                    <Table.Td>{t(`referrals.kind.${r.kind}`)}</Table.Td>
                    <Table.Td>
                      <StateBadge state={r.state} />
                    </Table.Td>
                    <Table.Td>{formatDateTime(r.submittedAt, lang)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
