import { Anchor, Loader, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../referrals/format';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import { SuddenDeathStateBadge } from './Badges';
import { useCases } from './suddenDeath.resource';

export function CasesPage() {
  return (
    <RequireRole roles={['back-office', 'specialist']}>
      <Cases />
    </RequireRole>
  );
}

/** Clinical genetics and pathology: the requests, oldest open one first. */
function Cases() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const list = useCases(status);
  const items = list.data?.cases ?? [];
  return (
    <Stack gap="lg" data-testid="sd-cases">
      <Anchor component={Link} to="/sudden-death" size="sm">
        {t('suddenDeath.backToGuide')}
      </Anchor>
      <Title order={1}>{t('suddenDeath.cases.title')}</Title>
      <Text>{t('suddenDeath.cases.intro')}</Text>
      <SegmentedControl
        aria-label={t('suddenDeath.cases.show')}
        value={status}
        onChange={(v) => setStatus(v === 'closed' ? 'closed' : 'open')}
        data={[
          { value: 'open', label: t('suddenDeath.cases.open') },
          { value: 'closed', label: t('suddenDeath.cases.closed') },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      {list.isLoading && <Loader aria-label={t('common.loading')} />}
      <ErrorAlert error={list.error} />
      {list.data && items.length === 0 && <Text c="dimmed">{t('suddenDeath.cases.empty')}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('suddenDeath.fields.reference')}</Table.Th>
                <Table.Th>{t('suddenDeath.fields.kind')}</Table.Th>
                <Table.Th>{t('suddenDeath.fields.deceased')}</Table.Th>
                <Table.Th>{t('suddenDeath.fields.requester')}</Table.Th>
                <Table.Th>{t('suddenDeath.fields.state')}</Table.Th>
                <Table.Th>{t('suddenDeath.fields.createdAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id} data-testid="sd-case-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/sudden-death/cases/${c.id}`}>
                      {c.reference}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`suddenDeath.kind.${c.kind}`)}</Table.Td>
                  <Table.Td>{c.deceased.name}</Table.Td>
                  <Table.Td>{c.requesterName ?? '—'}</Table.Td>
                  <Table.Td>
                    <SuddenDeathStateBadge state={c.state} />
                  </Table.Td>
                  <Table.Td>{formatDateTime(c.createdAt, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
