import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  Radio,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApopDispositionInputSchema, problemsOf, type ApopDisposition } from '@loket/domain';
import { useFormSubmit } from '../shared/form/useFormSubmit';
import { amsterdamDateTime, formatDate, formatDateTime, localParts } from '../referrals/format';
import { newIdempotencyKey } from '../referrals/referrals.resource';
import { ApiError, api } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { FormattedPhone } from '../shared/FormattedPhone';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import { useScreening, useStoreScreening, type ApopScreeningView } from './apop.resource';
import { AnswersTable, FollowUpBadge, ResultPanel } from './Result';

export function ScreeningDetailPage() {
  return (
    <RequireRole roles={['er-nurse']}>
      <ScreeningDetail />
    </RequireRole>
  );
}

function ScreeningDetail() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { id = '' } = useParams();
  const q = useScreening(id);
  if (q.isLoading) return <Loader aria-label={t('common.loading')} />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  const v = q.data;
  return (
    <Stack gap="lg" data-testid="apop-screening-detail">
      <Anchor component={Link} to="/apop" size="sm">
        {t('apop.screening.back')}
      </Anchor>
      <Title order={1}>{t('apop.detail.title', { name: v.patient.name })}</Title>
      <Text>
        {t('apop.detail.patientLine', { birthDate: formatDate(v.patient.birthDate, lang), age: v.age })}
        {v.patient.phone && (
          <>
            {' · '}
            <FormattedPhone e164={v.patient.phone} />
          </>
        )}
      </Text>
      <Text size="sm" c="dimmed">
        {t('apop.detail.screened', { at: formatDateTime(v.screenedAt, lang), by: v.screenedBy ?? '—' })}
      </Text>
      <ResultPanel view={v} />
      <DispositionSection view={v} />
      <AnswersTable view={v} />
    </Stack>
  );
}

/** Admitted or sent home; then the follow-up call (for a high-risk patient sent home) and the letter. */
function DispositionSection({ view }: { view: ApopScreeningView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="apop-disposition-title">
      <Title order={2} size="h3" id="apop-disposition-title" mb="sm">
        {t('apop.disposition.title')}
      </Title>
      {view.disposition === null ? (
        <DispositionForm view={view} />
      ) : (
        <Stack gap="sm">
          <Text data-testid="apop-disposition">
            {t(`apop.disposition.${view.disposition}`)} ·{' '}
            {t('apop.disposition.recorded', {
              at: formatDateTime(view.dischargedAt, lang),
              by: view.dispositionBy ?? '—',
            })}
          </Text>
          {view.followUp ? (
            <Alert color="orange" title={t('apop.followUp.title')} data-testid="apop-follow-up">
              <Group gap="xs">
                <Text size="sm">
                  {t('apop.followUp.due', { at: formatDateTime(view.followUp.dueAt, lang) })}
                </Text>
                <FollowUpBadge status={view.followUp.status} />
              </Group>
              <Anchor component={Link} to="/apop/follow-ups" size="sm">
                {t('apop.followUps.open')}
              </Anchor>
            </Alert>
          ) : (
            view.disposition === 'sent-home' && (
              <Text size="sm" c="dimmed">
                {t('apop.followUp.none')}
              </Text>
            )
          )}
          {view.letter && (
            <Group gap="xs">
              <Anchor
                href={`/api/apop/screenings/${encodeURIComponent(view.id)}/letter`}
                download
                data-testid="apop-letter"
              >
                {t('apop.letter.download')}
              </Anchor>
              <Badge variant="light" color="gray" maw="none">
                PDF
              </Badge>
            </Group>
          )}
        </Stack>
      )}
    </Paper>
  );
}

function DispositionForm({ view }: { view: ApopScreeningView }) {
  const { t } = useTranslation();
  const store = useStoreScreening();
  const now = localParts(new Date().toISOString());
  const [disposition, setDisposition] = useState<ApopDisposition | ''>('');
  const [date, setDate] = useState(now?.date ?? '');
  const [time, setTime] = useState(now?.time ?? '');
  const { error, problems, pending, submit: send } = useFormSubmit();
  const [key] = useState(newIdempotencyKey);

  const submit = () => {
    const dischargedAt = amsterdamDateTime(date, time);
    const body = { disposition, ...(dischargedAt ? { dischargedAt } : {}) };
    return send(
      () => {
        const check = ApopDispositionInputSchema.safeParse(body);
        return check.success
          ? null
          : new ApiError(400, 'invalid-input', t('errors.invalid-input'), problemsOf(check.error));
      },
      async () => {
        store(
          await api<ApopScreeningView>(`/api/apop/screenings/${encodeURIComponent(view.id)}/disposition`, {
            body,
            idempotencyKey: key,
          }),
        );
      },
    );
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap="sm">
        <Radio.Group
          label={t('apop.disposition.question')}
          value={disposition}
          onChange={(v) => setDisposition(v as ApopDisposition)}
          error={problems.get('disposition')}
          withAsterisk
          data-testid="apop-disposition-choice"
        >
          <Group gap="lg" mt={6}>
            <Radio value="admitted" label={t('apop.disposition.admitted')} />
            <Radio value="sent-home" label={t('apop.disposition.sent-home')} />
          </Group>
        </Radio.Group>
        {view.risk === 'high' && disposition === 'sent-home' && (
          <Text size="sm" role="status">
            {t('apop.disposition.callHint')}
          </Text>
        )}
        <Group gap="sm" align="flex-start">
          <TextInput
            type="date"
            label={t('apop.disposition.date')}
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
            error={problems.get('dischargedAt')}
          />
          <TextInput
            type="time"
            label={t('apop.disposition.time')}
            value={time}
            onChange={(e) => setTime(e.currentTarget.value)}
          />
        </Group>
        <ErrorAlert error={error} />
        <Group>
          <Button type="submit" loading={pending} data-testid="apop-disposition-submit">
            {t('apop.disposition.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
