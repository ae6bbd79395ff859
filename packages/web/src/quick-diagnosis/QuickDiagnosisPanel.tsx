import {
  ActionIcon,
  Box,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { examinationKinds, type ExaminationKind } from '@loket/domain';
import { hasRole, useMe } from '../accounts/me.resource';
import { DueStatus } from '../referrals/badges';
import { formatDate, formatDateTime } from '../referrals/format';
import { referralKeys, type DeadlineInfo, type ReferralView } from '../referrals/referrals.resource';
import { api } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { LText } from '../shared/LocalizedText';
import { ErrorAlert } from '../shared/ProblemList';
import { dayPlanPath, type DayPlan } from './quick-diagnosis.resource';

function Clock({ label, info, testId }: { label: string; info: DeadlineInfo; testId: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const d = info.deadline;
  return (
    <Paper withBorder p="sm" data-testid={testId} data-due={info.due ?? ''}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      {info.due ? (
        <DueStatus due={info.due} status={info.status} testId={`${testId}-status`} />
      ) : (
        <Text size="sm" c="dimmed">
          {t('quickDiagnosis.panel.notYet')}
        </Text>
      )}
      {d && d.workingDays !== null && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('referrals.deadline.policy', { days: d.workingDays, from: formatDate(d.from, lang) })}
        </Text>
      )}
    </Paper>
  );
}

function PlanTable({ plan }: { plan: DayPlan }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {t('quickDiagnosis.plan.day', { date: formatDate(plan.date, lang, true) })}
      </Text>
      <Table data-testid="day-plan" withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('quickDiagnosis.plan.time')}</Table.Th>
            <Table.Th>{t('quickDiagnosis.plan.examination')}</Table.Th>
            <Table.Th>{t('quickDiagnosis.plan.location')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.examinations.map((e) => (
            <Table.Tr key={`${e.time}-${e.kind}`} data-testid="day-plan-row" data-kind={e.kind}>
              <Table.Td>{e.time}</Table.Td>
              <Table.Td>
                {t(`quickDiagnosis.examination.${e.kind}`)}
                {e.note && (
                  <Text size="xs" c="dimmed">
                    {e.note}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{e.location ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {plan.plannedBy && (
        <Text size="xs" c="dimmed">
          {t('quickDiagnosis.plan.plannedBy', {
            name: plan.plannedBy,
            at: formatDateTime(plan.plannedAt, lang),
          })}
        </Text>
      )}
    </Stack>
  );
}

interface Row {
  kind: ExaminationKind;
  time: string;
  location: string;
}

/** The back office lists the examinations of the first visit, with times, on that one day. */
function DayPlanEditor({ view, plan }: { view: ReferralView; plan: DayPlan | null }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [rows, setRows] = useState<Row[]>(() =>
    plan
      ? plan.examinations.map((e) => ({ kind: e.kind, time: e.time, location: e.location ?? '' }))
      : [{ kind: 'consultation', time: '', location: '' }],
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (i: number, patch: Partial<Row>) =>
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const save = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api(dayPlanPath(view.id), {
        method: 'PUT',
        body: { examinations: rows.map((r) => ({ kind: r.kind, time: r.time, location: r.location })) },
      });
      await client.invalidateQueries({ queryKey: referralKeys.one(view.id) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box
      component="form"
      noValidate
      aria-label={t('quickDiagnosis.plan.formLabel')}
      data-testid="day-plan-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack gap="xs">
        {rows.map((r, i) => (
          <Group key={i} gap="xs" align="flex-end" wrap="nowrap" data-testid="day-plan-input">
            <NativeSelect
              label={t('quickDiagnosis.plan.examinationN', { n: i + 1 })}
              value={r.kind}
              onChange={(e) => set(i, { kind: e.currentTarget.value as ExaminationKind })}
              data={examinationKinds.map((k) => ({ value: k, label: t(`quickDiagnosis.examination.${k}`) }))}
              data-testid={`day-plan-kind-${i}`}
              style={{ flex: 2 }}
            />
            <TextInput
              type="time"
              label={t('quickDiagnosis.plan.timeN', { n: i + 1 })}
              value={r.time}
              onChange={(e) => set(i, { time: e.currentTarget.value })}
              data-testid={`day-plan-time-${i}`}
              style={{ flex: '0 0 150px' }}
            />
            <TextInput
              label={t('quickDiagnosis.plan.locationN', { n: i + 1 })}
              value={r.location}
              onChange={(e) => set(i, { location: e.currentTarget.value })}
              data-testid={`day-plan-location-${i}`}
              style={{ flex: 2 }}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              mb={2}
              aria-label={t('quickDiagnosis.plan.removeN', { n: i + 1 })}
              disabled={rows.length === 1}
              onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        <ErrorAlert error={error} />
        <Group gap="sm">
          <Button
            type="button"
            variant="default"
            onClick={() => setRows((rs) => [...rs, { kind: 'blood-test', time: '', location: '' }])}
            disabled={rows.length >= 12}
            data-testid="day-plan-add"
          >
            {t('quickDiagnosis.plan.add')}
          </Button>
          <Button type="submit" loading={busy} data-testid="day-plan-save">
            {t('quickDiagnosis.plan.save')}
          </Button>
        </Group>
      </Stack>
    </Box>
  );
}

/** On the referral page: tumour type, the next-day target, the diagnosis due date and the day plan (R-QD-01). */
export function QuickDiagnosisPanel({ view }: { view: ReferralView }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const qd = view.quickDiagnosis;
  if (!qd) return null;
  const mayPlan =
    view.viewer === 'staff' && view.state === 'scheduled' && hasRole(me, 'back-office', 'triage-supervisor');
  return (
    <Box component="section" aria-labelledby="quick-diagnosis" data-testid="quick-diagnosis">
      <Title order={2} size="h3" id="quick-diagnosis" mb="xs">
        {t('quickDiagnosis.panel.title')}
      </Title>
      <Stack gap="sm">
        <Text size="sm" data-testid="quick-diagnosis-tumour-type">
          {t('quickDiagnosis.panel.tumourType')}:{' '}
          {qd.tumourType ? <LText text={qd.tumourType.name} /> : (qd.tumourTypeId ?? '—')}
          {qd.patientChoice && ` · ${t('quickDiagnosis.panel.patientChose')}`}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Clock
            label={t('quickDiagnosis.panel.firstVisit')}
            info={qd.firstVisit}
            testId="quick-diagnosis-first-visit"
          />
          <Clock
            label={t('quickDiagnosis.panel.diagnosis', { count: qd.tumourType?.diagnosisWorkingDays ?? 0 })}
            info={qd.diagnosis}
            testId="quick-diagnosis-diagnosis"
          />
        </SimpleGrid>
        {qd.dayPlan ? (
          <PlanTable plan={qd.dayPlan} />
        ) : (
          view.state === 'scheduled' && (
            <Text size="sm" c="dimmed" data-testid="day-plan-empty">
              {t('quickDiagnosis.plan.none')}
            </Text>
          )
        )}
        {mayPlan && (
          <Paper withBorder p="sm">
            <Title order={3} size="h5" mb="xs">
              {qd.dayPlan ? t('quickDiagnosis.plan.change') : t('quickDiagnosis.plan.title')}
            </Title>
            <DayPlanEditor key={qd.dayPlan?.plannedAt ?? 'new'} view={view} plan={qd.dayPlan} />
          </Paper>
        )}
      </Stack>
    </Box>
  );
}
