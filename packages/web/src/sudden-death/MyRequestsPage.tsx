import { Anchor, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../referrals/format';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import { SuddenDeathStateBadge } from './Badges';
import { useMyRequests } from './suddenDeath.resource';

export function MyRequestsPage() {
  return (
    <RequireRole roles={['referrer']}>
      <MyRequests />
    </RequireRole>
  );
}

function MyRequests() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const list = useMyRequests();
  const items = list.data?.requests ?? [];
  return (
    <Stack gap="lg" data-testid="sd-my-requests">
      <Anchor component={Link} to="/sudden-death" size="sm">
        {t('suddenDeath.backToGuide')}
      </Anchor>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('suddenDeath.mine.title')}</Title>
        <Button component={Link} to="/sudden-death/requests/new">
          {t('suddenDeath.mine.new')}
        </Button>
      </Group>
      {list.isLoading && <Loader aria-label={t('common.loading')} />}
      <ErrorAlert error={list.error} />
      {list.data && items.length === 0 && <Text c="dimmed">{t('suddenDeath.mine.empty')}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('suddenDeath.fields.reference')}</Table.Th>
                <Table.Th>{t('suddenDeath.fields.kind')}</Table.Th>
                <Table.Th>{t('suddenDeath.fields.deceased')}</Table.Th>
                <Table.Th>{t('suddenDeath.fields.state')}</Table.Th>
                <Table.Th>{t('suddenDeath.fields.createdAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id} data-testid="sd-my-request">
                  <Table.Td>
                    <Anchor component={Link} to={`/sudden-death/requests/${r.id}`}>
                      {r.reference}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`suddenDeath.kind.${r.kind}`)}</Table.Td>
                  <Table.Td>{r.deceased.name}</Table.Td>
                  <Table.Td>
                    <SuddenDeathStateBadge state={r.state} />
                  </Table.Td>
                  <Table.Td>{formatDateTime(r.createdAt, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
