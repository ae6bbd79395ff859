import { Anchor, Button, Group, Loader, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { incidentStates, type IncidentState } from '@loket/domain';
import { hasRole, useMe } from '../accounts/me.resource';
import { formatDate, formatDateTime, useDepartmentNames } from '../referrals/format';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import { IncidentStateBadge } from './IncidentStateBadge';
import { incidentRoles, useIncidentList } from './incidents.resource';

export function IncidentListPage() {
  return (
    <RequireRole roles={incidentRoles}>
      <IncidentList />
    </RequireRole>
  );
}

type Filter = IncidentState | 'open' | 'all';

/** The team's list of every report (open ones first), or a reporter's own reports and their progress. */
function IncidentList() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: me } = useMe();
  const team = hasRole(me, 'transmural-team');
  const [filter, setFilter] = useState<Filter>(team ? 'open' : 'all');
  const list = useIncidentList(filter);
  const departmentName = useDepartmentNames();
  const items = list.data?.incidents ?? [];

  return (
    <Stack gap="lg" data-testid="incident-list-page">
      <Stack gap={4}>
        <Title order={1}>{team ? t('incidents.list.teamTitle') : t('incidents.list.title')}</Title>
        <Text>{team ? t('incidents.list.teamIntro') : t('incidents.list.intro')}</Text>
      </Stack>
      <Group justify="space-between" align="flex-end">
        <Button component={Link} to="/incidents/new" data-testid="incident-new">
          {t('incidents.list.new')}
        </Button>
        {team && (
          <NativeSelect
            label={t('incidents.list.filter')}
            value={filter}
            onChange={(e) => setFilter(e.currentTarget.value as Filter)}
            data={[
              { value: 'open', label: t('incidents.list.open') },
              { value: 'all', label: t('incidents.list.all') },
              ...incidentStates.map((s) => ({ value: s, label: t(`incidents.state.${s}`) })),
            ]}
            data-testid="incident-filter"
          />
        )}
      </Group>
      {list.isLoading && <Loader aria-label={t('common.loading')} />}
      <ErrorAlert error={list.error} />
      {list.data && items.length === 0 && <Text c="dimmed">{t('incidents.list.empty')}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover data-testid="incident-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('incidents.fields.reference')}</Table.Th>
                <Table.Th>{t('incidents.fields.occurred')}</Table.Th>
                <Table.Th>{t('incidents.fields.department')}</Table.Th>
                {team && <Table.Th>{t('incidents.fields.reporter')}</Table.Th>}
                <Table.Th>{t('incidents.fields.state')}</Table.Th>
                <Table.Th>{t('incidents.fields.updatedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((i) => (
                <Table.Tr key={i.id} data-testid="incident-row" data-reference={i.reference}>
                  <Table.Td>
                    <Anchor component={Link} to={`/incidents/${i.id}`}>
                      {i.reference}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {formatDate(i.occurredOn, lang)}
                    {i.occurredUntil && ` – ${formatDate(i.occurredUntil, lang)}`}
                  </Table.Td>
                  <Table.Td>
                    {departmentName(i.departmentId)}
                    <Text size="xs" c="dimmed">
                      {t(`incidents.careSetting.${i.careSetting}`)}
                    </Text>
                  </Table.Td>
                  {team && (
                    <Table.Td>
                      {i.reporterName}
                      {i.reporterOrganisation && (
                        <Text size="xs" c="dimmed">
                          {i.reporterOrganisation}
                        </Text>
                      )}
                    </Table.Td>
                  )}
                  <Table.Td>
                    <IncidentStateBadge state={i.state} />
                  </Table.Td>
                  <Table.Td>{formatDateTime(i.updatedAt, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
