import { Loader, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { useHistory } from './admin.resource';

export function formatDateTime(value: string | number | Date, lang: 'nl' | 'en'): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
}

/** Who changed what and when: newest first. */
export function HistoryTable({
  entity,
  id,
  caption,
}: {
  entity: 'department' | 'hospital';
  id: string;
  caption: string;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data, isLoading, error } = useHistory(entity, id);
  if (isLoading) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (error) return <ErrorAlert error={error} />;
  if (!data || data.length === 0) return <Text c="dimmed">{t('admin.history.none')}</Text>;
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped data-testid="history-table">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.history.version')}</Table.Th>
            <Table.Th>{t('admin.history.action')}</Table.Th>
            <Table.Th>{t('admin.history.who')}</Table.Th>
            <Table.Th>{t('admin.history.when')}</Table.Th>
            <Table.Th>{t('admin.history.fields')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.map((c) => (
            <Table.Tr key={c.id} data-testid="history-row">
              <Table.Td>{c.version}</Table.Td>
              <Table.Td>{t(`admin.history.actions.${c.action}`, { defaultValue: c.action })}</Table.Td>
              <Table.Td>{c.changedByName ?? c.changedBy ?? t('admin.history.system')}</Table.Td>
              <Table.Td>
                <time dateTime={new Date(c.changedAt).toISOString()}>
                  {formatDateTime(c.changedAt, lang)}
                </time>
              </Table.Td>
              <Table.Td>
                {c.summary
                  ? c.summary
                      .split(',')
                      .map((s) => s.trim())
                      .filter(Boolean)
                      .join(', ')
                  : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
