import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { MdoCaseInputSchema, MdoConclusionInputSchema, problemsOf } from '@loket/domain';
import { StateBadge } from '../referrals/badges';
import { formatDateTime, useDepartmentNames } from '../referrals/format';
import { ApiError, api } from '../shared/api';
import { FormProblems } from '../shared/form/FormProblems';
import { AreaField, ProblemFields } from '../shared/form/ProblemFields';
import { useFormSubmit } from '../shared/form/useFormSubmit';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import { useMeeting, useStoreMeeting, type AgendaItem, type MeetingView } from './mdo.resource';

export function MeetingPage() {
  return (
    <RequireRole roles={['specialist', 'triage-supervisor', 'back-office']}>
      <Meeting />
    </RequireRole>
  );
}

/** One meeting: its agenda, putting cases on it, and the conclusion per case with its report (R-SO-07, R-COM-01). */
function Meeting() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { id } = useParams();
  const q = useMeeting(id);
  const deptName = useDepartmentNames();
  if (q.isLoading) return <Loader aria-label={t('common.loading')} />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  const m = q.data;
  return (
    <Stack gap="lg" data-testid="mdo-meeting-page">
      <Anchor component={Link} to="/mdo" size="sm">
        ← {t('mdo.list.title')}
      </Anchor>
      <Stack gap={4}>
        <Title order={1}>{m.title}</Title>
        <Text data-testid="mdo-meeting-when">
          {formatDateTime(m.startsAt, lang)} · {deptName(m.departmentId)}
          {m.location ? ` · ${m.location}` : ''}
        </Text>
      </Stack>
      <Title order={2} size="h3">
        {t('mdo.agenda.title')}
      </Title>
      {m.agenda.length === 0 && <Text c="dimmed">{t('mdo.agenda.empty')}</Text>}
      <Stack gap="md" data-testid="mdo-agenda">
        {m.agenda.map((item) => (
          <AgendaCase key={item.id} meeting={m} item={item} />
        ))}
      </Stack>
      {m.upcoming ? <AddCase meeting={m} /> : <Text c="dimmed">{t('mdo.agenda.closed')}</Text>}
    </Stack>
  );
}

function AgendaCase({ meeting, item }: { meeting: MeetingView; item: AgendaItem }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [open, setOpen] = useState(false);
  const started = meeting.conclusionsOpen;
  return (
    <Paper withBorder p="md" data-testid="mdo-case" data-reference={item.reference}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs">
            <Anchor component={Link} to={`/referrals/${item.referralId}`} fw={600}>
              {item.reference}
            </Anchor>
            <Text>{item.patientName}</Text>
          </Group>
          <StateBadge state={item.state} />
        </Group>
        {item.question && (
          <Text size="sm">
            <b>{t('mdo.fields.question')}:</b> {item.question}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t('mdo.agenda.added', { name: item.addedBy, date: formatDateTime(item.addedAt, lang) })}
        </Text>
        {item.conclusion ? (
          <Stack gap={4} data-testid="mdo-conclusion">
            <Text size="sm">
              <b>{t('mdo.fields.diagnosis')}:</b> {item.conclusion.diagnosis}
            </Text>
            <Text size="sm">
              <b>{t('mdo.fields.treatmentAdvice')}:</b> {item.conclusion.treatmentAdvice}
            </Text>
            <Text size="xs" c="dimmed">
              {t('mdo.conclusion.recorded', {
                name: item.conclusion.by,
                date: formatDateTime(item.conclusion.at, lang),
              })}
            </Text>
            <Text size="sm" fw={600} mt="xs">
              {t('mdo.report.title')}
            </Text>
            {item.reports.map((r) => (
              <Group
                key={r.letterId}
                gap="xs"
                data-testid="mdo-report"
                data-role={r.recipientRole}
                data-status={r.status}
              >
                <Text size="sm">
                  {t(`mdo.report.role.${r.recipientRole}`, { defaultValue: r.recipientRole })}
                  {r.recipientName ? ` (${r.recipientName})` : ''}
                </Text>
                <Badge
                  variant="light"
                  color={r.status === 'sent' ? 'teal' : r.status === 'kept' ? 'gray' : 'blue'}
                >
                  {t(`mdo.report.status.${r.status}`, { defaultValue: r.status })}
                </Badge>
                <Text size="xs" c="dimmed">
                  {formatDateTime(r.sentAt ?? r.createdAt, lang)}
                </Text>
              </Group>
            ))}
          </Stack>
        ) : item.state === 'awaiting-mdo' ? (
          started ? (
            open ? (
              <ConclusionForm meetingId={meeting.id} item={item} onDone={() => setOpen(false)} />
            ) : (
              <Group>
                <Button variant="light" onClick={() => setOpen(true)} data-testid="mdo-open-conclusion">
                  {t('mdo.conclusion.open')}
                </Button>
              </Group>
            )
          ) : (
            <Text size="sm" c="dimmed">
              {t('mdo.conclusion.notYet')}
            </Text>
          )
        ) : null}
      </Stack>
    </Paper>
  );
}

function ConclusionForm({
  meetingId,
  item,
  onDone,
}: {
  meetingId: string;
  item: AgendaItem;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const store = useStoreMeeting();
  const [diagnosis, setDiagnosis] = useState('');
  const [treatmentAdvice, setAdvice] = useState('');
  const { error, problems, pending, submit, touch } = useFormSubmit();
  const labels = { diagnosis: t('mdo.fields.diagnosis'), treatmentAdvice: t('mdo.fields.treatmentAdvice') };
  const send = () => {
    const body = { diagnosis, treatmentAdvice };
    return submit(
      () => {
        const check = MdoConclusionInputSchema.safeParse(body);
        return check.success
          ? null
          : new ApiError(400, 'invalid-input', t('errors.invalid-input'), problemsOf(check.error));
      },
      async () => {
        store(
          await api<MeetingView>(
            `/api/mdo/meetings/${encodeURIComponent(meetingId)}/cases/${encodeURIComponent(item.id)}/conclusion`,
            { body },
          ),
        );
        onDone();
      },
    );
  };
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      data-testid="mdo-conclusion-form"
    >
      <ProblemFields problems={problems} prefix="mdo">
        <Stack gap="sm">
          <AreaField
            path="diagnosis"
            label={labels.diagnosis}
            required
            value={diagnosis}
            onChange={(v) => {
              setDiagnosis(v);
              touch('diagnosis');
            }}
            testId="mdo-diagnosis"
          />
          <AreaField
            path="treatmentAdvice"
            label={labels.treatmentAdvice}
            required
            value={treatmentAdvice}
            onChange={(v) => {
              setAdvice(v);
              touch('treatmentAdvice');
            }}
            testId="mdo-treatment-advice"
          />
          <Alert color="blue">{t('mdo.conclusion.help')}</Alert>
          <FormProblems error={error} labels={labels} />
          <Group>
            <Button type="submit" loading={pending} data-testid="mdo-record-conclusion">
              {t('mdo.conclusion.submit')}
            </Button>
          </Group>
        </Stack>
      </ProblemFields>
    </form>
  );
}

function AddCase({ meeting }: { meeting: MeetingView }) {
  const { t } = useTranslation();
  const store = useStoreMeeting();
  const [referralId, setReferralId] = useState('');
  const [question, setQuestion] = useState('');
  const { error, problems, pending, submit } = useFormSubmit();
  const chosen = referralId || meeting.candidates[0]?.referralId || '';
  const send = () => {
    const body = { referralId: chosen, question };
    return submit(
      () => {
        const check = MdoCaseInputSchema.safeParse(body);
        return check.success
          ? null
          : new ApiError(400, 'invalid-input', t('errors.invalid-input'), problemsOf(check.error));
      },
      async () => {
        store(await api<MeetingView>(`/api/mdo/meetings/${encodeURIComponent(meeting.id)}/cases`, { body }));
        setReferralId('');
        setQuestion('');
      },
    );
  };
  return (
    <Paper withBorder p="md">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
        data-testid="mdo-add-case-form"
      >
        <ProblemFields problems={problems} prefix="mdo">
          <Stack gap="sm">
            <Title order={2} size="h3">
              {t('mdo.addCase.title')}
            </Title>
            {meeting.candidates.length === 0 ? (
              <Text c="dimmed">{t('mdo.addCase.none')}</Text>
            ) : (
              <>
                <NativeSelect
                  label={t('mdo.addCase.referral')}
                  value={chosen}
                  onChange={(e) => setReferralId(e.currentTarget.value)}
                  data={meeting.candidates.map((c) => ({
                    value: c.referralId,
                    label: `${c.reference} — ${c.patientName} (${t(`referrals.state.${c.state}`)})`,
                  }))}
                  data-testid="mdo-case-referral"
                />
                <AreaField
                  path="question"
                  label={t('mdo.fields.question')}
                  value={question}
                  onChange={setQuestion}
                  minRows={2}
                  testId="mdo-case-question"
                />
                <FormProblems error={error} labels={{ referralId: t('mdo.addCase.referral') }} />
                <Group>
                  <Button type="submit" loading={pending} data-testid="mdo-add-case">
                    {t('mdo.addCase.submit')}
                  </Button>
                </Group>
              </>
            )}
          </Stack>
        </ProblemFields>
      </form>
    </Paper>
  );
}
