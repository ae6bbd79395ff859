import { Anchor, Badge, Group, Loader, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, useDepartmentNames } from '../referrals/format';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import { useCostsList } from './costs.resource';

export function CostsListPage() {
  return (
    <RequireRole roles={['care-administration']}>
      <CostsList />
    </RequireRole>
  );
}

const itemColor: Record<string, string> = {
  'coverage-unknown': 'blue',
  'abroad-not-cleared': 'orange',
  'advance-unpaid': 'red',
  'to-settle': 'violet',
};

/**
 * Care administration's work list (R-COST-01 … 04): second opinions across departments with what is still open
 * about their costs. It shows only the reference, the patient's name, the department and the status.
 */
function CostsList() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [filter, setFilter] = useState<'open' | 'all'>('open');
  const list = useCostsList(filter === 'open');
  const departmentName = useDepartmentNames();
  const items = list.data?.items ?? [];
  return (
    <Stack gap="lg" data-testid="costs-list-page">
      <Stack gap={4}>
        <Title order={1}>{t('costs.list.title')}</Title>
        <Text>{t('costs.list.intro')}</Text>
      </Stack>
      <SegmentedControl
        value={filter}
        onChange={(v) => setFilter(v as 'open' | 'all')}
        data={[
          { value: 'open', label: t('costs.list.open') },
          { value: 'all', label: t('costs.list.all') },
        ]}
        aria-label={t('costs.list.filter')}
        w="fit-content"
        data-testid="costs-filter"
      />
      {list.isLoading && <Loader aria-label={t('common.loading')} />}
      <ErrorAlert error={list.error} />
      {list.data && items.length === 0 && <Text c="dimmed">{t('costs.list.empty')}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover data-testid="costs-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('costs.list.reference')}</Table.Th>
                <Table.Th>{t('costs.list.patient')}</Table.Th>
                <Table.Th>{t('costs.list.department')}</Table.Th>
                <Table.Th>{t('costs.list.received')}</Table.Th>
                <Table.Th>{t('costs.list.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((i) => (
                <Table.Tr
                  key={i.referralId}
                  data-testid="costs-row"
                  data-reference={i.reference}
                  data-items={i.openItems.join(' ')}
                >
                  <Table.Td>
                    <Anchor component={Link} to={`/costs/${i.referralId}`}>
                      {i.reference}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{i.patientName}</Table.Td>
                  <Table.Td>{departmentName(i.departmentId)}</Table.Td>
                  <Table.Td>{i.receivedOn ? formatDate(i.receivedOn, lang) : '—'}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {i.openItems.length === 0 && (
                        <Badge color="green" variant="light">
                          {t('costs.item.none')}
                        </Badge>
                      )}
                      {i.openItems.map((o) => (
                        <Badge key={o} color={itemColor[o]} variant="light">
                          {t(`costs.item.${o}`)}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
