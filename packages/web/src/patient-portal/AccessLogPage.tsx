import { Anchor, Badge, Loader, Pagination, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../referrals/format';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import { ACCESS_LOG_PAGE_SIZE, useAccessLog, type AccessLogEntry } from './portal.resource';

export function AccessLogPage() {
  return (
    <RequireRole roles={['patient']}>
      <AccessLog />
    </RequireRole>
  );
}

const kindColor: Record<string, string> = {
  read: 'blue',
  download: 'grape',
  search: 'cyan',
  change: 'orange',
  create: 'teal',
  other: 'gray',
};

/** "Who looked at my data" (R-SEC-02): every access to the patient's data, newest first, in pages. */
function AccessLog() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [page, setPage] = useState(1);
  const { data, isLoading, error } = useAccessLog(page);
  const pages = data ? Math.max(1, Math.ceil(data.total / ACCESS_LOG_PAGE_SIZE)) : 1;

  const who = (e: AccessLogEntry) => {
    if (e.who.self) return t('patientPortal.accessLog.you');
    if (e.who.system) return t('patientPortal.accessLog.system');
    const roles = e.who.roles.map((r) => t(`role.${r}`, { defaultValue: r })).join(', ');
    return roles ? `${e.who.name} (${roles})` : e.who.name;
  };

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Anchor component={Link} to="/portal" size="sm">
          ← {t('patientPortal.home.title')}
        </Anchor>
        <Title order={1}>{t('patientPortal.accessLog.title')}</Title>
        <Text>{t('patientPortal.accessLog.intro')}</Text>
      </Stack>
      {isLoading && <Loader aria-label={t('common.loading')} />}
      <ErrorAlert error={error} />
      {data && data.entries.length === 0 && <Text>{t('patientPortal.accessLog.none')}</Text>}
      {data && data.entries.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped data-testid="pp-access-log">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('patientPortal.accessLog.when')}</Table.Th>
                <Table.Th>{t('patientPortal.accessLog.who')}</Table.Th>
                <Table.Th>{t('patientPortal.accessLog.what')}</Table.Th>
                <Table.Th>{t('patientPortal.accessLog.concerning')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.entries.map((e) => (
                <Table.Tr key={e.seq} data-testid="pp-access-row">
                  <Table.Td>{formatDateTime(e.at, lang)}</Table.Td>
                  <Table.Td>{who(e)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={kindColor[e.kind] ?? 'gray'} mr="xs">
                      {t(`patientPortal.accessLog.kind.${e.kind}`)}
                    </Badge>
                    {t(`patientPortal.accessLog.event.${e.eventType}`, {
                      defaultValue: t(`patientPortal.accessLog.object.${e.objectType ?? 'other'}`, {
                        defaultValue: t('patientPortal.accessLog.object.other'),
                      }),
                    })}
                  </Table.Td>
                  <Table.Td>{e.reference ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {pages > 1 && (
        <Pagination
          total={pages}
          value={page}
          onChange={setPage}
          getControlProps={(c) => ({ 'aria-label': t(`patientPortal.accessLog.page.${c}`) })}
          getItemProps={(p) => ({ 'aria-label': t('patientPortal.accessLog.page.number', { page: p }) })}
        />
      )}
    </Stack>
  );
}
