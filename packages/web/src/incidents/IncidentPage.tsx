import {
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { IncidentAction } from '@loket/domain';
import { formatDate, formatDateTime, useDepartmentNames } from '../referrals/format';
import { newIdempotencyKey } from '../referrals/referrals.resource';
import { api } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import { IncidentStateBadge } from './IncidentStateBadge';
import { incidentRoles, useIncident, useStoreIncident, type IncidentView } from './incidents.resource';

export function IncidentPage() {
  const { id = '' } = useParams();
  return (
    <RequireRole key={id} roles={incidentRoles}>
      <Loaded id={id} />
    </RequireRole>
  );
}

function Loaded({ id }: { id: string }) {
  const { t } = useTranslation();
  const query = useIncident(id);
  if (query.isLoading) return <Loader aria-label={t('common.loading')} />;
  if (!query.data) return <ErrorAlert error={query.error} />;
  return <Detail view={query.data} />;
}

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ whiteSpace: 'pre-line' }} data-testid={testId}>
        {children}
      </Text>
    </div>
  );
}

function Section({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

/** Posts a step or a message with one Idempotency-Key per attempt, so a double click counts once. */
function usePost(view: IncidentView) {
  const store = useStoreIncident();
  const keys = useRef(new Map<string, string>());
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const post = async (name: string, path: string, body: object): Promise<boolean> => {
    if (pending) return false;
    const key = keys.current.get(name) ?? newIdempotencyKey();
    keys.current.set(name, key);
    setPending(name);
    setError(null);
    try {
      store(
        await api<IncidentView>(`/api/incidents/${encodeURIComponent(view.id)}${path}`, {
          body,
          idempotencyKey: key,
        }),
      );
      keys.current.delete(name);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setPending(null);
    }
  };
  return { post, pending, error };
}

/** The transmural team moves the report on; closing needs the conclusion and measures (R-INC-01). */
function TeamActions({ view }: { view: IncidentView }) {
  const { t } = useTranslation();
  const { post, pending, error } = usePost(view);
  const [conclusion, setConclusion] = useState('');
  const [conclusionError, setConclusionError] = useState<string | null>(null);
  const act = (action: IncidentAction, body: object = {}) => post(action, `/actions/${action}`, body);
  const has = (a: IncidentAction) => view.availableActions.includes(a);

  const close = async () => {
    if (conclusion.trim() === '') {
      setConclusionError(t('incidents.handle.conclusionNeeded'));
      return;
    }
    setConclusionError(null);
    if (await act('close', { conclusion })) setConclusion('');
  };

  return (
    <Section title={t('incidents.handle.title')} id="inc-handle-title">
      <Group gap="sm">
        {has('start-triage') && (
          <Button
            onClick={() => void act('start-triage')}
            loading={pending === 'start-triage'}
            data-testid="inc-start-triage"
          >
            {t('incidents.actions.start-triage')}
          </Button>
        )}
        {has('investigate') && (
          <Button
            variant="light"
            onClick={() => void act('investigate')}
            loading={pending === 'investigate'}
            data-testid="inc-investigate"
          >
            {t('incidents.actions.investigate')}
          </Button>
        )}
      </Group>
      {has('close') && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void close();
          }}
        >
          <Stack gap="xs">
            <Textarea
              label={t('incidents.handle.conclusion')}
              description={t('incidents.handle.conclusionHint')}
              withAsterisk
              autosize
              minRows={3}
              value={conclusion}
              onChange={(e) => setConclusion(e.currentTarget.value)}
              error={conclusionError}
              data-testid="inc-conclusion"
            />
            <Group>
              <Button type="submit" loading={pending === 'close'} data-testid="inc-close">
                {t('incidents.actions.close')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      <ErrorAlert error={error} />
    </Section>
  );
}

function MessageForm({ view }: { view: IncidentView }) {
  const { t } = useTranslation();
  const { post, pending, error } = usePost(view);
  const [text, setText] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const team = view.access === 'team';
  const send = async () => {
    if (text.trim() === '') {
      setLocalError(t('incidents.messages.empty'));
      return;
    }
    setLocalError(null);
    if (await post('message', '/messages', { text })) setText('');
  };
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <Stack gap="xs">
        <Textarea
          label={team ? t('incidents.messages.toReporter') : t('incidents.messages.toTeam')}
          autosize
          minRows={2}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={localError}
          data-testid="inc-message"
        />
        <Group>
          <Button type="submit" variant="light" loading={pending === 'message'} data-testid="inc-send">
            {t('incidents.messages.send')}
          </Button>
        </Group>
        <ErrorAlert error={error} />
      </Stack>
    </form>
  );
}

/** Every step and message, oldest first: the reporter sees the progress (R-INC-01). */
function Progress({ view }: { view: IncidentView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <Timeline active={view.history.length - 1} bulletSize={14} lineWidth={2} data-testid="inc-history">
      {view.history.map((h) => (
        <Timeline.Item
          key={h.id}
          data-testid="inc-history-item"
          data-type={h.type}
          title={
            h.type === 'message'
              ? t(`incidents.history.message.${h.side}`, { name: h.actorName })
              : h.type === 'reported'
                ? t('incidents.history.reported', { name: h.actorName })
                : t('incidents.history.stateChanged', {
                    state: t(`incidents.state.${h.toState ?? 'received'}`),
                    name: h.actorName,
                  })
          }
        >
          <Text size="xs" c="dimmed">
            {formatDateTime(h.at, lang)}
          </Text>
          {h.note && (
            <Text size="sm" mt={4} style={{ whiteSpace: 'pre-line' }}>
              {h.note}
            </Text>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function Detail({ view }: { view: IncidentView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const departmentName = useDepartmentNames();
  const location = useLocation();
  const navigate = useNavigate();
  const stateNotice = (location.state as { notice?: string } | null)?.notice ?? null;
  const [notice, setNotice] = useState(stateNotice);
  if (stateNotice && stateNotice !== notice) setNotice(stateNotice);
  useEffect(() => {
    if (stateNotice) navigate(location.pathname, { replace: true, state: null });
  }, [stateNotice, location.pathname, navigate]);
  const team = view.access === 'team';
  const p = view.patient;
  const r = view.reporter;

  return (
    <Stack gap="lg" data-testid="incident-page">
      <Anchor component={Link} to="/incidents" size="sm">
        ← {team ? t('incidents.list.teamTitle') : t('incidents.list.title')}
      </Anchor>
      <Stack gap={6}>
        <Group gap="sm" align="center">
          <Title order={1}>{t('incidents.detail.title', { reference: view.reference })}</Title>
          <IncidentStateBadge state={view.state} testId="inc-state" />
        </Group>
        <Text size="sm" c="dimmed">
          {t('incidents.detail.reported', { date: formatDateTime(view.createdAt, lang) })}
          {view.closedAt &&
            ` · ${t('incidents.detail.closed', { date: formatDateTime(view.closedAt, lang) })}`}
        </Text>
      </Stack>

      {notice === 'reported' && (
        <Alert color="green" role="status" data-testid="inc-reported-notice">
          {t('incidents.detail.reportedNotice', { reference: view.reference })}
        </Alert>
      )}
      {view.conclusion && (
        <Alert
          color="green"
          role="status"
          title={t('incidents.detail.conclusion')}
          data-testid="inc-conclusion-view"
        >
          <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
            {view.conclusion}
          </Text>
        </Alert>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack gap="lg">
          {team && view.availableActions.length > 0 && <TeamActions view={view} />}
          <Section title={t('incidents.detail.progress')} id="inc-progress-title">
            <Progress view={view} />
            {view.mayWriteMessage && <MessageForm view={view} />}
          </Section>
        </Stack>
        <Stack gap="lg">
          <Section title={t('incidents.form.incident')} id="inc-incident-title">
            <SimpleGrid cols={2} spacing="sm">
              <Field label={t('incidents.fields.occurred')}>
                {formatDate(view.occurredOn, lang)}
                {view.occurredUntil && ` – ${formatDate(view.occurredUntil, lang)}`}
              </Field>
              <Field label={t('incidents.fields.department')}>
                {departmentName(view.departmentId)} · {t(`incidents.careSetting.${view.careSetting}`)}
              </Field>
            </SimpleGrid>
            <Field label={t('incidents.fields.description')} testId="inc-view-description">
              {view.description}
            </Field>
            <Field label={t('incidents.fields.suggestions')}>{view.suggestions ?? '—'}</Field>
            <Field label={t('incidents.fields.consequences')}>{view.consequences}</Field>
            <Field label={t('incidents.fields.actionTaken')}>{view.actionTaken ?? '—'}</Field>
            {view.referral && (
              <Field label={t('incidents.fields.referral')}>
                <Anchor component={Link} to={`/referrals/${view.referral.id}`}>
                  {view.referral.reference}
                </Anchor>
              </Field>
            )}
          </Section>
          <Section title={t('incidents.form.patient')} id="inc-patient-title">
            <SimpleGrid cols={2} spacing="sm">
              <Field label={t('incidents.fields.initials')}>{p.initials}</Field>
              <Field label={t('incidents.fields.birthName')}>{p.birthName}</Field>
              <Field label={t('incidents.fields.birthDate')}>{formatDate(p.birthDate, lang)}</Field>
              <Field label={t('incidents.fields.hospitalNumber')}>{p.hospitalNumber ?? '—'}</Field>
            </SimpleGrid>
          </Section>
          <Section title={t('incidents.form.contact')} id="inc-contact-title">
            <SimpleGrid cols={2} spacing="sm">
              <Field label={t('incidents.fields.name')}>{r.name}</Field>
              <Field label={t('incidents.fields.organisation')}>{r.organisation ?? '—'}</Field>
              <Field label={t('incidents.fields.phone')}>{r.phone ?? '—'}</Field>
              <Field label={t('incidents.fields.email')}>{r.email}</Field>
            </SimpleGrid>
          </Section>
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}
