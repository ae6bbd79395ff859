import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  Loader,
  Stack,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { formatDate, formatDateTime, useDepartmentNames } from '../referrals/format';
import { useLanguage } from '../shared/i18n';
import { LText } from '../shared/LocalizedText';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import { usePortalOverview, type PortalRequest } from './portal.resource';

export function PortalHome() {
  return (
    <RequireRole roles={['patient']}>
      <Portal />
    </RequireRole>
  );
}

const stateColor: Record<string, string> = {
  received: 'blue',
  'awaiting-information': 'orange',
  'in-triage': 'blue',
  accepted: 'teal',
  scheduled: 'teal',
  seen: 'teal',
  'awaiting-mdo': 'teal',
  completed: 'gray',
  rejected: 'red',
  cancelled: 'gray',
};

/** The patient's home: their requests, what is still missing, the appointment, letters, and who looked (R-SEC-02). */
function Portal() {
  const { t } = useTranslation();
  const location = useLocation();
  const received = (location.state as { received?: string } | null)?.received;
  const { data, isLoading, error } = usePortalOverview();
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{t('patientPortal.home.title')}</Title>
        {data?.patientName && (
          <Text c="dimmed">{t('patientPortal.home.welcome', { name: data.patientName })}</Text>
        )}
      </Stack>
      {received && (
        <Alert color="green" role="status" data-testid="pp-received">
          {t('patientPortal.home.received', { reference: received })}
        </Alert>
      )}
      <Group>
        <Button component={Link} to="/second-opinion/request" variant="light" data-testid="pp-new-request">
          {t('patientPortal.nav.request')}
        </Button>
        <Button component={Link} to="/portal/access-log" variant="default" data-testid="pp-access-log-link">
          {t('patientPortal.accessLog.title')}
        </Button>
      </Group>
      {isLoading && <Loader aria-label={t('common.loading')} />}
      <ErrorAlert error={error} />
      {data && data.requests.length === 0 && <Text>{t('patientPortal.home.none')}</Text>}
      {data?.requests.map((r) => (
        <RequestCard key={r.id} r={r} />
      ))}
    </Stack>
  );
}

function RequestCard({ r }: { r: PortalRequest }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const department = useDepartmentNames();
  const headingId = `request-${r.id}`;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={headingId} data-testid="pp-request">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={2} size="h3" id={headingId}>
              {t(`patientPortal.kind.${r.kind}`, { defaultValue: t('patientPortal.kind.other') })} —{' '}
              {department(r.departmentId)}
            </Title>
            <Text size="sm" c="dimmed">
              {t('patientPortal.home.reference', { reference: r.reference })}
              {r.submittedAt && (
                <> · {t('patientPortal.home.sent', { date: formatDate(r.submittedAt.slice(0, 10), lang) })}</>
              )}
            </Text>
          </Stack>
          <Badge color={stateColor[r.state] ?? 'gray'} size="lg" variant="light" data-testid="pp-state">
            {t(`patientPortal.state.${r.state}.label`)}
          </Badge>
        </Group>
        <Text>
          {t(`patientPortal.state.${r.state}.explain`, {
            due: r.reviewDue ? formatDate(r.reviewDue, lang) : '',
          })}
        </Text>
        {r.question && (
          <Text size="sm">
            <strong>{t('patientPortal.home.yourQuestion')}</strong> {r.question}
          </Text>
        )}

        {(r.missing.length > 0 || r.missingRequested) && (
          <Alert color="orange" title={t('patientPortal.home.missingTitle')} data-testid="pp-missing">
            <Stack gap="xs">
              <List size="sm">
                {r.missing.map((m) => (
                  <List.Item key={m.key}>
                    <LText text={m.text} />
                  </List.Item>
                ))}
                {(r.missingRequested?.missing ?? []).map((m) => (
                  <List.Item key={m}>{m}</List.Item>
                ))}
              </List>
              {r.missingRequested?.message && <Text size="sm">{r.missingRequested.message}</Text>}
              <Anchor component={Link} to={`/referrals/${r.id}`} data-testid="pp-add-documents">
                {t('patientPortal.home.addDocuments')}
              </Anchor>
            </Stack>
          </Alert>
        )}

        {r.appointment && (
          <Alert color="teal" title={t('patientPortal.home.appointment')} data-testid="pp-appointment">
            <Text>{formatDateTime(r.appointment.start, lang)}</Text>
            {r.appointment.location && <Text size="sm">{r.appointment.location}</Text>}
            {r.appointment.videoLink && (
              <Anchor href={r.appointment.videoLink} target="_blank" rel="noopener noreferrer">
                {t('patientPortal.home.videoLink')}
              </Anchor>
            )}
          </Alert>
        )}

        <Stack gap="xs">
          <Title order={3} size="h5">
            {t('patientPortal.home.progress')}
          </Title>
          <Timeline active={r.timeline.length - 1} bulletSize={14} lineWidth={2} data-testid="pp-timeline">
            {r.timeline.map((e, i) => (
              <Timeline.Item
                key={i}
                title={t(`patientPortal.event.${e.type}`, {
                  defaultValue: e.to
                    ? t(`patientPortal.state.${e.to}.label`)
                    : t('patientPortal.event.other'),
                })}
              >
                <Text size="xs" c="dimmed">
                  {formatDateTime(e.at, lang)}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </Stack>

        {r.letters.length > 0 && (
          <Stack gap="xs">
            <Title order={3} size="h5">
              {t('patientPortal.home.letters')}
            </Title>
            <List size="sm">
              {r.letters.map((l) => (
                <List.Item key={l.id}>
                  <Anchor href={`/api/referrals/${r.id}/letters/${l.id}`} data-testid="pp-letter">
                    {t(`patientPortal.letter.${l.type}`, { defaultValue: t('patientPortal.letter.other') })}
                  </Anchor>{' '}
                  <Text span size="xs" c="dimmed">
                    {formatDateTime(l.createdAt, lang)}
                  </Text>
                </List.Item>
              ))}
            </List>
          </Stack>
        )}

        <Group gap="md">
          <Anchor component={Link} to={`/referrals/${r.id}`} data-testid="pp-open-request">
            {t('patientPortal.home.open')}
          </Anchor>
          <Anchor component={Link} to={`/referrals/${r.id}#costs`}>
            {t('patientPortal.home.costs')}
          </Anchor>
        </Group>
      </Stack>
    </Card>
  );
}
