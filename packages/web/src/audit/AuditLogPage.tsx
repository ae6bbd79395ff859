import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Loader,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../admin/HistoryTable';
import { RequireRole } from '../shared/RequireRole';
import { api, ApiError } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { useAuditEvents, type AuditEvent, type AuditFilters, type VerifyResult } from './audit.resource';

export function AuditLogPage() {
  return (
    <RequireRole roles={['privacy-officer']}>
      <AuditLog />
    </RequireRole>
  );
}

interface FilterInputs {
  from: string;
  to: string;
  userId: string;
  eventType: string;
  objectId: string;
  outcome: '' | 'success' | 'failure';
}

const noFilters: FilterInputs = { from: '', to: '', userId: '', eventType: '', objectId: '', outcome: '' };

/** A `datetime-local` value is the reader's local time; the API wants an ISO instant. */
function toIso(local: string): string | undefined | null {
  if (!local.trim()) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function AuditLog() {
  const { t } = useTranslation();
  const [inputs, setInputs] = useState<FilterInputs>(noFilters);
  const [filters, setFilters] = useState<AuditFilters>({});
  const [inputError, setInputError] = useState<unknown>(null);
  const events = useAuditEvents(filters);
  const set = <K extends keyof FilterInputs>(key: K, value: FilterInputs[K]) =>
    setInputs((p) => ({ ...p, [key]: value }));

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const from = toIso(inputs.from);
    const to = toIso(inputs.to);
    const problems = [
      ...(from === null ? [{ path: 'from', message: t('audit.filters.badDate') }] : []),
      ...(to === null ? [{ path: 'to', message: t('audit.filters.badDate') }] : []),
    ];
    if (problems.length) {
      setInputError(new ApiError(400, 'invalid-input', t('errors.invalid-input'), problems));
      return;
    }
    setInputError(null);
    const next: AuditFilters = {};
    if (from) next.from = from;
    if (to) next.to = to;
    if (inputs.userId.trim()) next.userId = inputs.userId.trim();
    if (inputs.eventType.trim()) next.eventType = inputs.eventType.trim();
    if (inputs.objectId.trim()) next.objectId = inputs.objectId.trim();
    if (inputs.outcome) next.outcome = inputs.outcome;
    if (JSON.stringify(next) === JSON.stringify(filters)) void events.refetch();
    else setFilters(next);
  };

  const reset = () => {
    setInputs(noFilters);
    setInputError(null);
    setFilters({});
  };

  const rows = events.data?.pages.flatMap((p) => p.events) ?? [];

  return (
    <Stack gap="lg" data-testid="audit-page">
      <Stack gap={4}>
        <Title order={1}>{t('audit.title')}</Title>
        <Text c="dimmed" size="sm">
          {t('audit.intro')}
        </Text>
      </Stack>
      <VerifyChain />

      <Paper withBorder p="md" component="section" aria-labelledby="audit-filters-title">
        <Title order={2} size="h4" id="audit-filters-title" mb="sm">
          {t('audit.filters.title')}
        </Title>
        <form onSubmit={apply} noValidate data-testid="audit-filters">
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
              <TextInput
                type="datetime-local"
                label={t('audit.filters.from')}
                value={inputs.from}
                onChange={(e) => set('from', e.currentTarget.value)}
                step={1}
                data-testid="audit-from"
              />
              <TextInput
                type="datetime-local"
                label={t('audit.filters.to')}
                value={inputs.to}
                onChange={(e) => set('to', e.currentTarget.value)}
                step={1}
                data-testid="audit-to"
              />
              <NativeSelect
                label={t('audit.filters.outcome')}
                data={[
                  { value: '', label: t('audit.filters.any') },
                  { value: 'success', label: t('audit.outcome.success') },
                  { value: 'failure', label: t('audit.outcome.failure') },
                ]}
                value={inputs.outcome}
                onChange={(e) => set('outcome', e.currentTarget.value as FilterInputs['outcome'])}
                data-testid="audit-outcome"
              />
              <TextInput
                label={t('audit.filters.userId')}
                value={inputs.userId}
                onChange={(e) => set('userId', e.currentTarget.value)}
                data-testid="audit-user"
              />
              <TextInput
                label={t('audit.filters.eventType')}
                description={t('audit.filters.eventTypeHint')}
                value={inputs.eventType}
                onChange={(e) => set('eventType', e.currentTarget.value)}
                data-testid="audit-event-type"
              />
              <TextInput
                label={t('audit.filters.objectId')}
                value={inputs.objectId}
                onChange={(e) => set('objectId', e.currentTarget.value)}
                data-testid="audit-object"
              />
            </SimpleGrid>
            <ErrorAlert error={inputError} />
            <Group gap="xs">
              <Button
                type="submit"
                loading={events.isFetching && !events.isFetchingNextPage}
                data-testid="audit-apply"
              >
                {t('audit.filters.apply')}
              </Button>
              <Button variant="default" onClick={reset}>
                {t('audit.filters.reset')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>

      <section aria-labelledby="audit-events-title">
        <Title order={2} size="h4" id="audit-events-title" mb="xs">
          {t('audit.events')}
        </Title>
        {events.isLoading ? (
          <Loader aria-label={t('common.loading')} />
        ) : events.error ? (
          <ErrorAlert error={events.error} />
        ) : rows.length === 0 ? (
          <Text c="dimmed" data-testid="audit-empty">
            {t('audit.none')}
          </Text>
        ) : (
          <EventsTable rows={rows} />
        )}
        {events.hasNextPage && (
          <Group mt="sm">
            <Button
              variant="default"
              onClick={() => void events.fetchNextPage()}
              loading={events.isFetchingNextPage}
              data-testid="load-more"
            >
              {t('audit.loadMore')}
            </Button>
            <Text size="sm" c="dimmed">
              {t('audit.shown', { count: rows.length })}
            </Text>
          </Group>
        )}
        {!events.hasNextPage && rows.length > 0 && (
          <Text size="sm" c="dimmed" mt="sm">
            {t('audit.all', { count: rows.length })}
          </Text>
        )}
      </section>
    </Stack>
  );
}

function EventsTable({ rows }: { rows: AuditEvent[] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <Table.ScrollContainer minWidth={1100} aria-label={t('audit.title')}>
      <Table striped verticalSpacing={6} fz="sm" data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('audit.col.seq')}</Table.Th>
            <Table.Th>{t('audit.col.time')}</Table.Th>
            <Table.Th>{t('audit.col.event')}</Table.Th>
            <Table.Th>{t('audit.col.action')}</Table.Th>
            <Table.Th>{t('audit.col.outcome')}</Table.Th>
            <Table.Th>{t('audit.col.user')}</Table.Th>
            <Table.Th>{t('audit.col.accessPoint')}</Table.Th>
            <Table.Th>{t('audit.col.object')}</Table.Th>
            <Table.Th>{t('audit.col.details')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((e) => {
            const ok = e.outcome === 'success';
            const details = e.details && Object.keys(e.details).length > 0 ? JSON.stringify(e.details) : null;
            return (
              <Table.Tr key={e.seq} data-testid="audit-row" data-seq={e.seq}>
                <Table.Td>{e.seq}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <time dateTime={new Date(e.occurredAt).toISOString()}>
                    {formatDateTime(e.occurredAt, lang)}
                  </time>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {e.eventType}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <span title={t(`audit.actions.${e.action}`, { defaultValue: e.action })}>
                    {e.action}{' '}
                    <Text span size="xs" c="dimmed">
                      ({t(`audit.actions.${e.action}`, { defaultValue: e.action })})
                    </Text>
                  </span>
                </Table.Td>
                <Table.Td>
                  <Badge
                    color={ok ? 'green' : 'red'}
                    variant={ok ? 'light' : 'filled'}
                    size="sm"
                    tt="none"
                    style={{ minWidth: 'max-content' }}
                    data-testid="audit-outcome-badge"
                  >
                    {ok ? t('audit.outcome.success') : e.outcome}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {e.userName ?? e.userId ?? (
                    <Text span c="dimmed">
                      {t('audit.anonymous')}
                    </Text>
                  )}
                  {e.userRole && (
                    <Text size="xs" c="dimmed">
                      {t(`role.${e.userRole}`, { defaultValue: e.userRole })}
                    </Text>
                  )}
                  {e.onBehalfOf && (
                    <Text size="xs" c="dimmed">
                      {t('audit.onBehalfOf', { who: e.onBehalfOf })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace">
                    {e.accessPoint ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {e.objectType || e.objectId ? (
                    <>
                      {e.objectType}
                      {e.objectId && (
                        <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                          {e.objectId}
                        </Text>
                      )}
                    </>
                  ) : (
                    '—'
                  )}
                  {e.patientId && (
                    <Text size="xs" c="dimmed">
                      {t('audit.patient', { id: e.patientId })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td maw={360}>
                  {details ? (
                    <Code
                      block={false}
                      style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 11 }}
                    >
                      {details}
                    </Code>
                  ) : (
                    '—'
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function VerifyChain() {
  const { t } = useTranslation();
  const verify = useMutation({
    mutationFn: () => api<VerifyResult>('/api/audit/verify', { method: 'POST', body: {} }),
  });
  const r = verify.data;
  return (
    <Group gap="md" align="center">
      <Button
        variant="light"
        onClick={() => verify.mutate()}
        loading={verify.isPending}
        data-testid="verify-chain"
      >
        {t('audit.verify.button')}
      </Button>
      <ErrorAlert error={verify.error} />
      {r && (
        <Alert
          color={r.ok ? 'green' : 'red'}
          role={r.ok ? 'status' : 'alert'}
          py="xs"
          style={{ flex: 1 }}
          data-testid="verify-result"
        >
          {r.ok
            ? t('audit.verify.ok', { count: r.checked })
            : t('audit.verify.broken', {
                seq: r.firstBroken?.seq ?? '?',
                reason: r.firstBroken?.reason ?? '',
              })}
        </Alert>
      )}
    </Group>
  );
}
