import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { resolveText } from '@loket/domain';
import { useCatalog } from '../referral-guide/catalog.resource';
import { useLanguage } from '../shared/i18n';
import { LText } from '../shared/LocalizedText';
import { ErrorAlert } from '../shared/ProblemList';
import { CatalogExportLink, CatalogImport } from './CatalogImport';
import { HistoryTable } from './HistoryTable';
import { HospitalSettings } from './HospitalSettings';
import { NewDepartmentForm } from './NewDepartmentForm';
import { RequireRole } from '../shared/RequireRole';

export function CatalogAdminPage() {
  return (
    <RequireRole roles={['administrator']}>
      <CatalogAdmin />
    </RequireRole>
  );
}

function Section({
  id,
  title,
  children,
  testId,
}: {
  id: string;
  title: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby={id} data-testid={testId}>
      <Title order={2} size="h3" id={id} mb="md">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function CatalogAdmin() {
  const { t } = useTranslation();
  const location = useLocation();
  const removed = (location.state as { removed?: string } | null)?.removed;
  return (
    <Stack gap="lg" data-testid="catalog-admin-page">
      <Title order={1}>{t('admin.catalog.title')}</Title>
      {removed && (
        <Alert color="green" data-testid="department-removed">
          {t('admin.catalog.removed', { id: removed })}
        </Alert>
      )}
      <Section id="departments-title" title={t('admin.catalog.departments')}>
        <DepartmentList />
      </Section>
      <Section id="hospital-title" title={t('admin.hospital.title')} testId="hospital-section">
        <HospitalSettings />
        <Title order={3} size="h4" mt="xl" mb="xs">
          {t('admin.hospital.history')}
        </Title>
        <HistoryTable entity="hospital" id="hospital" caption={t('admin.hospital.historyCaption')} />
      </Section>
      <Section id="import-title" title={t('admin.import.title')}>
        <Stack gap="md">
          <Text size="sm">
            {t('admin.import.exportIntro')} <CatalogExportLink />
          </Text>
          <CatalogImport />
        </Stack>
      </Section>
    </Stack>
  );
}

function DepartmentList() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data, isLoading, error } = useCatalog();
  const [filter, setFilter] = useState('');
  const [adding, setAdding] = useState(false);

  const departments = useMemo(() => {
    const list = [...(data?.departments ?? [])];
    list.sort((a, b) => resolveText(a.name, lang).text.localeCompare(resolveText(b.name, lang).text, lang));
    const q = filter.trim().toLowerCase();
    if (!q) return list;
    return list.filter(
      (d) =>
        d.id.includes(q) ||
        [d.name.nl, d.name.en, ...(d.aliases ?? [])].some((x) => x?.toLowerCase().includes(q)),
    );
  }, [data, lang, filter]);

  if (isLoading) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (error) return <ErrorAlert error={error} />;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <TextInput
          label={t('admin.catalog.filter')}
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value)}
          w={{ base: '100%', sm: 320 }}
          data-testid="department-filter"
        />
        {!adding && (
          <Button onClick={() => setAdding(true)} data-testid="add-department">
            {t('admin.catalog.add')}
          </Button>
        )}
      </Group>
      {adding && (
        <Paper withBorder p="md" bg="var(--mantine-color-gray-0)">
          <Title order={3} size="h4" mb="sm">
            {t('admin.catalog.addTitle')}
          </Title>
          <NewDepartmentForm onCancel={() => setAdding(false)} />
        </Paper>
      )}
      <Table.ScrollContainer minWidth={500}>
        <Table striped highlightOnHover data-testid="department-table">
          <Table.Caption>{t('admin.catalog.count', { count: data?.departments.length ?? 0 })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.catalog.name')}</Table.Th>
              <Table.Th>{t('admin.fields.id')}</Table.Th>
              <Table.Th>{t('admin.catalog.contacts')}</Table.Th>
              <Table.Th>{t('admin.catalog.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {departments.map((d) => (
              <Table.Tr key={d.id} data-testid="department-row" data-department-id={d.id}>
                <Table.Td>
                  <LText text={d.name} />
                  {d.stops.length > 0 && (
                    <Badge ml="xs" size="xs" color="orange" variant="light">
                      {t('admin.catalog.stops', { count: d.stops.length })}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {d.id}
                  </Text>
                </Table.Td>
                <Table.Td>{d.contacts.length}</Table.Td>
                <Table.Td>
                  <Group gap="sm" wrap="nowrap">
                    <Anchor
                      component={Link}
                      to={`/admin/catalog/${encodeURIComponent(d.id)}`}
                      size="sm"
                      data-testid="edit-department"
                    >
                      {t('admin.catalog.edit')}
                      <VisuallyHidden> {resolveText(d.name, lang).text}</VisuallyHidden>
                    </Anchor>
                    <Anchor component={Link} to={`/guide/${encodeURIComponent(d.id)}`} size="sm" c="dimmed">
                      {t('admin.catalog.view')}
                    </Anchor>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
            {departments.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text c="dimmed">{t('admin.catalog.noneFound')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
