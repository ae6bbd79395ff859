import { api } from '../shared/api';
import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  MultiSelect,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  referralKinds,
  referralStates,
  resolveText,
  type ReferralKind,
  type ReferralState,
} from '@loket/domain';
import { hasRole, useMe } from '../accounts/me.resource';
import { StateBadge, DueStatus, UrgencyBadge } from '../referrals/badges';
import { formatDate, useDepartmentNames } from '../referrals/format';
import { referralKeys, type WorklistItem } from '../referrals/referrals.resource';
import { RequireRole } from '../shared/RequireRole';
import { useCatalog } from '../referral-guide/catalog.resource';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { PatientSearch } from './PatientSearch';
import { WorklistQuickDiagnosis } from '../quick-diagnosis/WorklistQuickDiagnosis';

export function WorklistPage() {
  return (
    <RequireRole roles={['back-office', 'triage-supervisor', 'specialist']}>
      <Worklist />
    </RequireRole>
  );
}

interface Filters {
  states: ReferralState[];
  kind: ReferralKind | '';
  carePathId: string;
  urgency: '' | 'routine' | 'urgent';
  overdue: boolean;
  mine: boolean;
}

const noFilters: Filters = { states: [], kind: '', carePathId: '', urgency: '', overdue: false, mine: false };

function worklistQuery(departmentId: string, f: Filters): string {
  const q = new URLSearchParams();
  if (departmentId) q.set('departmentId', departmentId);
  for (const s of f.states) q.append('state', s);
  if (f.kind) q.set('kind', f.kind);
  if (f.carePathId) q.set('carePathId', f.carePathId);
  if (f.urgency) q.set('urgency', f.urgency);
  if (f.overdue) q.set('overdue', 'true');
  if (f.mine) q.set('mine', 'true');
  return q.toString();
}

/** A department's worklist, ordered by the server by due date and urgency (R-REF-04, R-WD-02). */
function Worklist() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: me } = useMe();
  const catalog = useCatalog();
  const departmentName = useDepartmentNames();
  const departments = useMemo(() => me?.user?.departmentIds ?? [], [me]);
  const [chosen, setChosen] = useState<string | null>(null);
  // Staff of several departments see all of them together unless they pick one.
  const departmentId = chosen ?? (departments.length > 1 ? '' : (departments[0] ?? ''));
  const [filters, setFilters] = useState<Filters>(noFilters);
  const department = catalog.data?.departments.find((d) => d.id === departmentId);
  const params = worklistQuery(departmentId, filters);
  const list = useQuery({
    queryKey: referralKeys.worklist(params),
    queryFn: () => api<{ items: WorklistItem[]; today: string }>(`/api/worklist?${params}`),
    enabled: departments.length > 0,
    staleTime: 5_000,
  });
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) =>
    setFilters((f) => ({ ...f, [key]: value }));
  const items = list.data?.items ?? [];
  const carePathName = (id: string | null) => {
    const c = id ? department?.carePaths.find((x) => x.id === id) : undefined;
    return c ? resolveText(c.name, lang).text : null;
  };

  return (
    <Stack gap="lg" data-testid="worklist-page">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('worklist.title')}</Title>
        {hasRole(me, 'back-office') && (
          <Button component={Link} to="/worklist/register" data-testid="register-referral">
            {t('worklist.register.button')}
          </Button>
        )}
      </Group>

      <PatientSearch />

      {departments.length === 0 ? (
        <Text>{t('worklist.noDepartments')}</Text>
      ) : (
        <Paper withBorder p="md" component="section" aria-labelledby="filters-title">
          <Title order={2} size="h4" id="filters-title" mb="sm">
            {t('worklist.filters')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
            <NativeSelect
              label={t('worklist.department')}
              value={departmentId}
              onChange={(e) => {
                setChosen(e.currentTarget.value);
                set('carePathId', '');
              }}
              data={[
                ...(departments.length > 1 ? [{ value: '', label: t('worklist.allDepartments') }] : []),
                ...departments.map((d) => ({ value: d, label: departmentName(d) })),
              ]}
              data-testid="worklist-department"
            />
            <MultiSelect
              label={t('worklist.state')}
              placeholder={filters.states.length === 0 ? t('worklist.allStates') : undefined}
              data={referralStates
                .filter((s) => s !== 'draft')
                .map((s) => ({ value: s, label: t(`referrals.state.${s}`) }))}
              value={filters.states}
              onChange={(v) => set('states', v as ReferralState[])}
              clearable
              data-testid="worklist-state"
            />
            <NativeSelect
              label={t('worklist.kind')}
              value={filters.kind}
              onChange={(e) => set('kind', e.currentTarget.value as ReferralKind | '')}
              data={[
                { value: '', label: t('worklist.all') },
                ...referralKinds.map((k) => ({ value: k, label: t(`referrals.kind.${k}`) })),
              ]}
              data-testid="worklist-kind"
            />
            {department && department.carePaths.length > 0 && (
              <NativeSelect
                label={t('referrals.form.carePath')}
                value={filters.carePathId}
                onChange={(e) => set('carePathId', e.currentTarget.value)}
                data={[
                  { value: '', label: t('worklist.all') },
                  ...department.carePaths.map((c) => ({
                    value: c.id,
                    label: resolveText(c.name, lang).text,
                  })),
                ]}
                data-testid="worklist-care-path"
              />
            )}
            <NativeSelect
              label={t('referrals.fields.urgency')}
              value={filters.urgency}
              onChange={(e) => set('urgency', e.currentTarget.value as Filters['urgency'])}
              data={[
                { value: '', label: t('worklist.all') },
                { value: 'urgent', label: t('referrals.urgency.urgent') },
                { value: 'routine', label: t('referrals.urgency.routine') },
              ]}
              data-testid="worklist-urgency"
            />
            <Stack gap={6} justify="flex-end">
              <Checkbox
                label={t('worklist.overdueOnly')}
                checked={filters.overdue}
                onChange={(e) => set('overdue', e.currentTarget.checked)}
                data-testid="worklist-overdue"
              />
              <Checkbox
                label={t('worklist.mineOnly')}
                checked={filters.mine}
                onChange={(e) => set('mine', e.currentTarget.checked)}
                data-testid="worklist-mine"
              />
            </Stack>
          </SimpleGrid>
        </Paper>
      )}

      <section aria-labelledby="worklist-table-title">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h3" id="worklist-table-title">
            {departmentId
              ? t('worklist.listOf', { department: departmentName(departmentId) })
              : t('worklist.list')}
          </Title>
          {list.data && (
            <Text size="sm" c="dimmed" aria-live="polite">
              {t('worklist.count', { count: items.length })} ·{' '}
              {t('worklist.today', { date: formatDate(list.data.today, lang) })}
            </Text>
          )}
        </Group>
        {list.isLoading && <Loader aria-label={t('common.loading')} />}
        <ErrorAlert error={list.error} />
        {list.data && items.length === 0 && <Text c="dimmed">{t('worklist.empty')}</Text>}
        {items.length > 0 && (
          <Table.ScrollContainer minWidth={1150}>
            <Table striped highlightOnHover data-testid="worklist-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('referrals.fields.reference')}</Table.Th>
                  <Table.Th>{t('referrals.fields.patient')}</Table.Th>
                  <Table.Th>{t('referrals.fields.kind')}</Table.Th>
                  <Table.Th>{t('referrals.fields.state')}</Table.Th>
                  <Table.Th>{t('referrals.fields.urgency')}</Table.Th>
                  <Table.Th>{t('worklist.due')}</Table.Th>
                  <Table.Th>{t('referrals.fields.channel')}</Table.Th>
                  <Table.Th>{t('worklist.claimedBy')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((r) => (
                  <Table.Tr
                    key={r.id}
                    data-testid="worklist-row"
                    data-reference={r.reference}
                    data-channel={r.channel}
                  >
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Anchor component={Link} to={`/referrals/${r.id}`}>
                        {r.reference}
                      </Anchor>
                      {r.likelyDuplicate && (
                        <Badge ml={6} size="sm" variant="light" color="orange" data-testid="likely-duplicate">
                          {t('worklist.likelyDuplicate')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {r.patient.name || '—'}
                      {r.patient.birthDate && (
                        <Text size="xs" c="dimmed">
                          {formatDate(r.patient.birthDate, lang)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {t(`referrals.kind.${r.kind}`)}
                      {!departmentId && (
                        <Text size="xs" c="dimmed">
                          {departmentName(r.departmentId)}
                        </Text>
                      )}
                      {carePathName(r.carePathId) && (
                        <Text size="xs" c="dimmed">
                          {carePathName(r.carePathId)}
                        </Text>
                      )}
                      {r.quickDiagnosis && <WorklistQuickDiagnosis summary={r.quickDiagnosis} />}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <StateBadge state={r.state} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <UrgencyBadge urgency={r.urgency} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <DueStatus due={r.due} status={r.dueStatus} />
                      {r.due && (
                        <Text size="xs" c="dimmed">
                          {t(`worklist.dueRule.${r.dueRule}`)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td data-testid="worklist-channel">{t(`referrals.channel.${r.channel}`)}</Table.Td>
                    <Table.Td>{r.claimedBy?.name ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>
    </Stack>
  );
}
