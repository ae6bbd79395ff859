import { Anchor, Button, Group, Loader, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { MdoMeetingInputSchema, problemsOf } from '@loket/domain';
import { useMe } from '../accounts/me.resource';
import { formatDateTime, useDepartmentNames } from '../referrals/format';
import { ApiError, api } from '../shared/api';
import { FormProblems } from '../shared/form/FormProblems';
import { ProblemFields, TextField } from '../shared/form/ProblemFields';
import { useFormSubmit } from '../shared/form/useFormSubmit';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import { useMeetings, useStoreMeeting, type MeetingView } from './mdo.resource';

export function MeetingsPage() {
  return (
    <RequireRole roles={['specialist', 'triage-supervisor', 'back-office']}>
      <Meetings />
    </RequireRole>
  );
}

/** The department's multidisciplinary meetings: schedule one, open its agenda (R-SO-07). */
function Meetings() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const list = useMeetings();
  const deptName = useDepartmentNames();
  const meetings = list.data ?? [];
  return (
    <Stack gap="lg" data-testid="mdo-page">
      <Title order={1}>{t('mdo.list.title')}</Title>
      <Text>{t('mdo.list.intro')}</Text>
      {list.isLoading && <Loader aria-label={t('common.loading')} />}
      <ErrorAlert error={list.error} />
      {list.data && meetings.length === 0 && <Text c="dimmed">{t('mdo.list.empty')}</Text>}
      {meetings.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table striped data-testid="mdo-meetings">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('mdo.fields.startsAt')}</Table.Th>
                <Table.Th>{t('mdo.fields.title')}</Table.Th>
                <Table.Th>{t('mdo.fields.department')}</Table.Th>
                <Table.Th>{t('mdo.list.cases')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {meetings.map((m) => (
                <Table.Tr key={m.id} data-testid="mdo-meeting-row" c={m.past ? 'dimmed' : undefined}>
                  <Table.Td>{formatDateTime(m.startsAt, lang)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/mdo/${m.id}`}>
                      {m.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{deptName(m.departmentId)}</Table.Td>
                  <Table.Td>{t('mdo.list.caseCount', { cases: m.cases, concluded: m.concluded })}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ScheduleForm />
    </Stack>
  );
}

/** The local date-time input as an ISO moment with the browser's offset. */
function toIso(local: string): string {
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

function ScheduleForm() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const store = useStoreMeeting();
  const deptName = useDepartmentNames();
  const departments = me.data?.user?.departmentIds ?? [];
  const [departmentId, setDepartmentId] = useState('');
  const [title, setTitle] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [location, setLocation] = useState('');
  const { error, problems, pending, submit, touch } = useFormSubmit();
  const dept = departmentId || departments[0] || '';
  const labels = {
    title: t('mdo.fields.title'),
    startsAt: t('mdo.fields.startsAt'),
    departmentId: t('mdo.fields.department'),
    location: t('mdo.fields.location'),
  };
  const send = () => {
    const body = { departmentId: dept, title, startsAt: startsAt ? toIso(startsAt) : '', location };
    return submit(
      () => {
        const check = MdoMeetingInputSchema.safeParse(body);
        return check.success
          ? null
          : new ApiError(400, 'invalid-input', t('errors.invalid-input'), problemsOf(check.error));
      },
      async () => {
        const m = await api<MeetingView>('/api/mdo/meetings', { body });
        store(m);
        await navigate(`/mdo/${m.id}`);
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
        data-testid="mdo-schedule-form"
      >
        <ProblemFields problems={problems} prefix="mdo">
          <Stack gap="sm">
            <Title order={2} size="h3">
              {t('mdo.schedule.title')}
            </Title>
            {departments.length > 1 && (
              <NativeSelect
                label={labels.departmentId}
                value={dept}
                onChange={(e) => setDepartmentId(e.currentTarget.value)}
                data={departments.map((d) => ({ value: d, label: deptName(d) }))}
                data-testid="mdo-department"
              />
            )}
            <TextField
              path="title"
              label={labels.title}
              required
              value={title}
              onChange={(v) => {
                setTitle(v);
                touch('title');
              }}
              testId="mdo-title"
            />
            <TextField
              path="startsAt"
              type="datetime-local"
              label={labels.startsAt}
              required
              value={startsAt}
              onChange={(v) => {
                setStartsAt(v);
                touch('startsAt');
              }}
              testId="mdo-starts-at"
            />
            <TextField
              path="location"
              label={labels.location}
              value={location}
              onChange={setLocation}
              testId="mdo-location"
            />
            <FormProblems error={error} labels={labels} />
            <Group>
              <Button type="submit" loading={pending} data-testid="mdo-schedule">
                {t('mdo.schedule.submit')}
              </Button>
            </Group>
          </Stack>
        </ProblemFields>
      </form>
    </Paper>
  );
}
