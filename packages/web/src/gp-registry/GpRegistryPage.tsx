import {
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { namesPractice } from '@loket/domain';
import { formatDate, formatDateTime } from '../referrals/format';
import { api } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import { useDoctors, useRefreshRegistry, useRegistrations, type Registration } from './gp-registry.resource';
import { RegistrationRequest, RegistrationStatusBadge } from './RegistrationSummary';

type Decision = { kind: 'confirm' | 'reject'; registration: Registration };

/** The Vektis check is a human step: staff tick what they checked and say how, or give the reason to reject. */
function DecisionDialog({
  decision,
  onClose,
  onDone,
}: {
  decision: Decision;
  onClose: () => void;
  onDone: (r: Registration) => void;
}) {
  const { t } = useTranslation();
  const refresh = useRefreshRegistry();
  const r = decision.registration;
  const [doctor, setDoctor] = useState(false);
  const [practice, setPractice] = useState(false);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const confirm = decision.kind === 'confirm';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const done = await api<Registration>(
        `/api/gp-registry/registrations/${encodeURIComponent(r.id)}/${decision.kind}`,
        {
          body: confirm ? { checks: { vektisDoctor: doctor, vektisPractice: practice }, note } : { reason },
        },
      );
      await refresh();
      onDone(done);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={confirm ? t('gpRegistry.manage.confirmTitle') : t('gpRegistry.manage.rejectTitle')}
      closeButtonProps={{ 'aria-label': t('common.cancel') }}
      size="lg"
      data-testid={`dialog-${decision.kind}`}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">
            {r.doctor.name} · AGB {r.doctor.agbCode}
          </Text>
          <RegistrationRequest r={r} />
          {confirm ? (
            <>
              <Checkbox
                label={t('gpRegistry.manage.checkDoctor')}
                checked={doctor}
                onChange={(e) => setDoctor(e.currentTarget.checked)}
                data-testid="check-vektis-doctor"
              />
              <Checkbox
                label={t('gpRegistry.manage.checkPractice')}
                checked={practice}
                onChange={(e) => setPractice(e.currentTarget.checked)}
                data-testid="check-vektis-practice"
              />
              {namesPractice(r.kind) && r.patientsToMove !== null && (
                <Alert color="blue" data-testid="patients-to-move">
                  {t('gpRegistry.manage.toMove', { count: r.patientsToMove })}
                </Alert>
              )}
              <Textarea
                label={t('gpRegistry.manage.checkNote')}
                description={t('gpRegistry.manage.checkNoteHelp')}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                withAsterisk
                autosize
                minRows={2}
                data-testid="check-note"
              />
            </>
          ) : (
            <Textarea
              label={t('gpRegistry.manage.reason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              withAsterisk
              autosize
              minRows={2}
              data-testid="reject-reason"
            />
          )}
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button
              type="submit"
              loading={busy}
              color={confirm ? undefined : 'red'}
              data-testid="dialog-submit"
            >
              {confirm ? t('gpRegistry.manage.confirm') : t('gpRegistry.manage.reject')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Pending({ onDecide }: { onDecide: (d: Decision) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const q = useRegistrations('pending');
  if (q.isLoading) return <Loader aria-label={t('common.loading')} />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const items = q.data?.registrations ?? [];
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="no-pending">
        {t('gpRegistry.manage.nonePending')}
      </Text>
    );
  return (
    <Stack gap="sm">
      {items.map((r) => (
        <Paper key={r.id} withBorder p="sm" data-testid="pending-registration" data-kind={r.kind}>
          <Group justify="space-between" align="flex-start" wrap="wrap">
            <Stack gap={4}>
              <Text fw={600}>
                {r.doctor.name} · AGB {r.doctor.agbCode}
              </Text>
              <Text size="xs" c="dimmed">
                {t('gpRegistry.fields.submittedAt')}: {formatDateTime(r.submittedAt, lang)}
              </Text>
              <RegistrationRequest r={r} />
              {r.patientsToMove !== null && (
                <Text size="sm" data-testid="pending-to-move">
                  {t('gpRegistry.manage.toMove', { count: r.patientsToMove })}
                </Text>
              )}
            </Stack>
            <Group gap="xs">
              <Button
                size="sm"
                onClick={() => onDecide({ kind: 'confirm', registration: r })}
                data-testid="confirm-registration"
              >
                {t('gpRegistry.manage.confirm')}
              </Button>
              <Button
                size="sm"
                variant="default"
                onClick={() => onDecide({ kind: 'reject', registration: r })}
                data-testid="reject-registration"
              >
                {t('gpRegistry.manage.reject')}
              </Button>
            </Group>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

function Decided() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const q = useRegistrations('');
  const items = (q.data?.registrations ?? []).filter((r) => r.status !== 'pending').slice(0, 20);
  if (q.isLoading) return <Loader aria-label={t('common.loading')} />;
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('gpRegistry.manage.noneDecided')}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table data-testid="decided-registrations">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('gpRegistry.fields.doctor')}</Table.Th>
            <Table.Th>{t('gpRegistry.fields.request')}</Table.Th>
            <Table.Th>{t('gpRegistry.fields.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => (
            <Table.Tr key={r.id} data-testid="decided-registration">
              <Table.Td>
                {r.doctor.name}
                <Text size="xs" c="dimmed">
                  AGB {r.doctor.agbCode} · {formatDateTime(r.submittedAt, lang)}
                </Text>
              </Table.Td>
              <Table.Td>
                <RegistrationRequest r={r} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <RegistrationStatusBadge status={r.status} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Doctors() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const q = useDoctors();
  if (q.isLoading) return <Loader aria-label={t('common.loading')} />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const doctors = q.data?.doctors ?? [];
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table data-testid="registry-doctors">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('gpRegistry.fields.doctor')}</Table.Th>
            <Table.Th>{t('gpRegistry.fields.secureMail')}</Table.Th>
            <Table.Th>{t('gpRegistry.fields.practices')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {doctors.map((d) => (
            <Table.Tr key={d.agbCode} data-testid="registry-doctor" data-agb={d.agbCode}>
              <Table.Td>
                {d.name}
                <Text size="xs" c="dimmed">
                  AGB {d.agbCode}
                  {d.endedOn && ` · ${t('gpRegistry.mine.ended', { date: formatDate(d.endedOn, lang) })}`}
                </Text>
              </Table.Td>
              <Table.Td data-testid="registry-secure-mail">{d.secureMailInUse ?? '—'}</Table.Td>
              <Table.Td>
                {d.practices
                  .filter((p) => p.current)
                  .map((p) => (
                    <Text size="sm" key={`${p.agbCode}-${p.startedOn}`}>
                      {p.name} (AGB {p.agbCode})
                    </Text>
                  ))}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function GpRegistryBody() {
  const { t } = useTranslation();
  const [decision, setDecision] = useState<Decision | null>(null);
  const [done, setDone] = useState<Registration | null>(null);
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{t('gpRegistry.manage.title')}</Title>
        <Text>{t('gpRegistry.manage.intro')}</Text>
      </Stack>
      {done && (
        <Alert
          color={done.status === 'confirmed' ? 'green' : 'gray'}
          role="status"
          data-testid="decision-notice"
          withCloseButton
          closeButtonLabel={t('gpRegistry.manage.close')}
          onClose={() => setDone(null)}
        >
          {done.status === 'confirmed'
            ? t('gpRegistry.manage.confirmedNotice', { name: done.doctor.name })
            : t('gpRegistry.manage.rejectedNotice', { name: done.doctor.name })}
          {done.patientsMoved !== null && ` ${t('gpRegistry.decision.moved', { count: done.patientsMoved })}`}
        </Alert>
      )}
      <section aria-labelledby="pending">
        <Title order={2} size="h3" id="pending" mb="xs">
          {t('gpRegistry.manage.pending')}
        </Title>
        <Pending onDecide={(d) => setDecision(d)} />
      </section>
      <section aria-labelledby="doctors">
        <Title order={2} size="h3" id="doctors" mb="xs">
          {t('gpRegistry.manage.doctors')}
        </Title>
        <Doctors />
      </section>
      <section aria-labelledby="decided">
        <Title order={2} size="h3" id="decided" mb="xs">
          {t('gpRegistry.manage.decided')}
        </Title>
        <Decided />
      </section>
      {decision && (
        <DecisionDialog
          decision={decision}
          onClose={() => setDecision(null)}
          onDone={(r) => {
            setDecision(null);
            setDone(r);
          }}
        />
      )}
    </Stack>
  );
}

/** The family-doctor registry for care administration and back office (R-GP-01). */
export function GpRegistryPage() {
  return (
    <RequireRole roles={['care-administration', 'back-office']}>
      <GpRegistryBody />
    </RequireRole>
  );
}
