import { Anchor, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasRole, useMe } from '../accounts/me.resource';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { StateBadge } from './badges';
import { formatDateTime, useDepartmentNames } from './format';
import { useReferralList } from './referrals.resource';
import { RequireRole } from '../shared/RequireRole';

export function ReferralListPage() {
  return (
    <RequireRole roles={['referrer', 'patient']}>
      <ReferralList />
    </RequireRole>
  );
}

/** The referrals a referrer (and their practice) or a patient follows, drafts included (R-REF-08). */
function ReferralList() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: me } = useMe();
  const list = useReferralList();
  const departmentName = useDepartmentNames();
  const items = list.data?.referrals ?? [];
  const referrer = hasRole(me, 'referrer');

  return (
    <Stack gap="lg" data-testid="referral-list-page">
      <Title order={1}>{t('referrals.list.title')}</Title>
      <Text>{referrer ? t('referrals.list.introReferrer') : t('referrals.list.introPatient')}</Text>
      {referrer && (
        <Text size="sm">
          {t('referrals.list.newHint')}{' '}
          <Anchor component={Link} to="/">
            {t('nav.guide')}
          </Anchor>
        </Text>
      )}
      {list.isLoading && <Loader aria-label={t('common.loading')} />}
      <ErrorAlert error={list.error} />
      {list.data && items.length === 0 && <Text c="dimmed">{t('referrals.list.empty')}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover data-testid="referral-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('referrals.fields.reference')}</Table.Th>
                <Table.Th>{t('referrals.fields.patient')}</Table.Th>
                <Table.Th>{t('referrals.fields.department')}</Table.Th>
                <Table.Th>{t('referrals.fields.kind')}</Table.Th>
                <Table.Th>{t('referrals.fields.state')}</Table.Th>
                <Table.Th>{t('referrals.fields.updatedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id} data-testid="referral-row" data-reference={r.reference}>
                  <Table.Td>
                    <Anchor component={Link} to={`/referrals/${r.id}`}>
                      {r.reference}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{r.patientName ?? '—'}</Table.Td>
                  <Table.Td>{departmentName(r.departmentId)}</Table.Td>
                  <Table.Td>{t(`referrals.kind.${r.kind}`)}</Table.Td>
                  <Table.Td>
                    <StateBadge state={r.state} />
                  </Table.Td>
                  <Table.Td>{formatDateTime(r.updatedAt, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
