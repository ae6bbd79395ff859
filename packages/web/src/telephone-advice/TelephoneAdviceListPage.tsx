import { Anchor, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasRole, useMe } from '../accounts/me.resource';
import { formatDate, formatDateTime, useDepartmentNames } from '../referrals/format';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import { PatientFileSearch } from './PatientFileSearch';
import { TelephoneAdviceStateBadge } from './StateBadge';
import { ConsentFormLinks } from './TelephoneAdvicePage';
import { useTelephoneAdviceList } from './telephone-advice.resource';

export function TelephoneAdviceListPage() {
  return (
    <RequireRole roles={['referrer', 'back-office', 'triage-supervisor', 'specialist']}>
      <TelephoneAdviceList />
    </RequireRole>
  );
}

/** The records the user made (waiting for consent or in the file) and, for staff, their departments' filed ones. */
function TelephoneAdviceList() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: me } = useMe();
  const list = useTelephoneAdviceList();
  const departmentName = useDepartmentNames();
  const records = list.data?.records ?? [];
  const staff = hasRole(me, 'back-office', 'triage-supervisor', 'specialist');

  return (
    <Stack gap="lg" data-testid="telephone-advice-list-page">
      <Stack gap={4}>
        <Title order={1}>{t('telephoneAdvice.list.title')}</Title>
        <Text>{staff ? t('telephoneAdvice.list.introStaff') : t('telephoneAdvice.list.intro')}</Text>
      </Stack>
      <Group gap="lg" align="center">
        <Button component={Link} to="/telephone-advice/new" data-testid="ta-new">
          {t('telephoneAdvice.list.new')}
        </Button>
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            {t('telephoneAdvice.consent.blankForm')}
          </Text>
          <ConsentFormLinks />
        </Stack>
      </Group>
      {list.isLoading && <Loader aria-label={t('common.loading')} />}
      <ErrorAlert error={list.error} />
      {list.data && records.length === 0 && <Text c="dimmed">{t('telephoneAdvice.list.empty')}</Text>}
      {records.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover data-testid="ta-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('telephoneAdvice.fields.reference')}</Table.Th>
                <Table.Th>{t('telephoneAdvice.fields.patient')}</Table.Th>
                <Table.Th>{t('telephoneAdvice.fields.department')}</Table.Th>
                <Table.Th>{t('telephoneAdvice.fields.consultedOn')}</Table.Th>
                <Table.Th>{t('telephoneAdvice.fields.state')}</Table.Th>
                <Table.Th>{t('telephoneAdvice.fields.recordedBy')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {records.map((r) => (
                <Table.Tr key={r.id} data-testid="ta-row" data-reference={r.reference}>
                  <Table.Td>
                    <Anchor component={Link} to={`/telephone-advice/${r.id}`}>
                      {r.reference}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {r.patientName}
                    <Text size="xs" c="dimmed">
                      {formatDate(r.patientBirthDate, lang)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{departmentName(r.departmentId)}</Table.Td>
                  <Table.Td>{formatDate(r.consultedOn, lang)}</Table.Td>
                  <Table.Td>
                    <TelephoneAdviceStateBadge state={r.state} />
                  </Table.Td>
                  <Table.Td>
                    {r.recordedBy}
                    <Text size="xs" c="dimmed">
                      {formatDateTime(r.createdAt, lang)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {staff && <PatientFileSearch />}
    </Stack>
  );
}
