import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  FileInput,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { consentScopes, type ConsentMethod, type ConsentScope } from '@loket/domain';
import { formatDateTime } from '../referrals/format';
import { referralKeys, type ReferralView } from '../referrals/referrals.resource';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import {
  consentKeys,
  declarationUrl,
  giveConsent,
  giveConsentWithDeclaration,
  useConsent,
  withdrawConsent,
  type ConsentOverview,
  type ConsentRecordView,
  type HeldLetterView,
} from './consent.resource';

const RESULTS: ConsentScope = 'results-letter-to-family-doctor';
const consentStates: readonly string[] = ['scheduled', 'seen', 'awaiting-mdo', 'completed'];
const newKey = () => crypto.randomUUID();

/** In the referral's letter list: this letter waits for the patient's consent (R-CON-03). */
export function WaitingForConsentBadge({ since }: { since?: string | null }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (!since) return null;
  return (
    <Badge color="orange" variant="light" size="sm" data-testid="letter-waiting-badge">
      {t('consent.letters.waitingSince', { date: formatDateTime(since, lang) })}
    </Badge>
  );
}

function useRefresh(referralId: string) {
  const client = useQueryClient();
  return async (data: ConsentOverview) => {
    client.setQueryData(consentKeys.of(referralId), data);
    await client.invalidateQueries({ queryKey: referralKeys.one(referralId) });
  };
}

function HeldLetters({ letters }: { letters: HeldLetterView[] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (letters.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="consent-letters">
      {letters.map((l) => {
        const waiting = !l.releasedAt;
        return (
          <Paper
            key={l.letterId}
            withBorder
            p="xs"
            data-testid="consent-letter"
            data-status={waiting ? 'waiting' : (l.messageStatus ?? 'released')}
          >
            <Group justify="space-between" gap="xs">
              <Text size="sm" fw={600}>
                {t(`referrals.letterType.${l.type}`, { defaultValue: l.type })} —{' '}
                {[
                  l.recipientName,
                  t(`referrals.letters.role.${l.recipientRole}`, { defaultValue: l.recipientRole }),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
              {waiting ? (
                <Badge color="orange" variant="light">
                  {t('consent.letters.waiting')}
                </Badge>
              ) : (
                <Badge color={l.messageStatus === 'sent' ? 'green' : 'blue'} variant="light">
                  {t(`consent.letters.status.${l.messageStatus ?? 'released'}`)}
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {waiting
                ? t('consent.letters.waitingSince', { date: formatDateTime(l.waitingSince, lang) })
                : l.sentAt
                  ? t('consent.letters.sentAt', { date: formatDateTime(l.sentAt, lang) })
                  : t('consent.letters.releasedAt', { date: formatDateTime(l.releasedAt, lang) })}
            </Text>
          </Paper>
        );
      })}
    </Stack>
  );
}

function WithdrawForm({ referralId, record }: { referralId: string; record: ConsentRecordView }) {
  const { t } = useTranslation();
  const refresh = useRefresh(referralId);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [key] = useState(newKey);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <Button
        size="xs"
        variant="subtle"
        color="red"
        onClick={() => setOpen(true)}
        data-testid="consent-withdraw"
      >
        {t('consent.withdraw.open')}
      </Button>
    );
  const submit = async () => {
    if (!reason.trim()) {
      setError(new Error(t('consent.withdraw.reasonRequired')));
      return;
    }
    setBusy(true);
    try {
      await refresh(await withdrawConsent(referralId, record.id, reason.trim(), key));
      setOpen(false);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs" mt="xs">
      <Textarea
        label={t('consent.withdraw.reason')}
        description={t('consent.withdraw.help')}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        required
        data-testid="consent-withdraw-reason"
      />
      <ErrorAlert error={error} />
      <Group gap="xs">
        <Button
          size="xs"
          color="red"
          loading={busy}
          onClick={() => void submit()}
          data-testid="consent-withdraw-confirm"
        >
          {t('consent.withdraw.confirm')}
        </Button>
        <Button size="xs" variant="default" onClick={() => setOpen(false)}>
          {t('consent.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}

function Records({ referralId, data }: { referralId: string; data: ConsentOverview }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (data.records.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="consent-none">
        {t('consent.records.none')}
      </Text>
    );
  return (
    <Stack gap="xs" data-testid="consent-records">
      {data.records.map((r) => (
        <Paper
          key={r.id}
          withBorder
          p="xs"
          data-testid="consent-record"
          data-withdrawn={r.withdrawn ? 'true' : 'false'}
        >
          <Group justify="space-between" gap="xs">
            <Text size="sm" fw={600}>
              {t(`consent.scope.${r.scope}`)}
            </Text>
            {r.withdrawn ? (
              <Badge color="gray" variant="light">
                {t('consent.records.withdrawn')}
              </Badge>
            ) : (
              <Badge color="green" variant="light">
                {t('consent.records.given')}
              </Badge>
            )}
          </Group>
          <Text size="xs">
            {t('consent.records.givenBy', {
              name: r.givenBy.name,
              role: t(`consent.recorder.${r.givenBy.role}`),
              date: formatDateTime(r.givenAt, lang),
            })}{' '}
            · {t(`consent.method.${r.method}`)}
            {r.referralId === null ? ` · ${t('consent.records.general')}` : ''}
          </Text>
          {r.note && (
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-line' }}>
              {r.note}
            </Text>
          )}
          {r.declaration && (
            <Anchor size="xs" href={declarationUrl(referralId, r.id)}>
              {t('consent.records.declaration', { name: r.declaration.filename })}
            </Anchor>
          )}
          {r.withdrawn ? (
            <Text size="xs" c="red.8" data-testid="consent-withdrawn-info">
              {t('consent.records.withdrawnBy', {
                name: r.withdrawn.by ?? '—',
                date: formatDateTime(r.withdrawn.at, lang),
              })}
              {r.withdrawn.reason ? `: ${r.withdrawn.reason}` : ''}
            </Text>
          ) : (
            data.you.mayWithdraw && <WithdrawForm referralId={referralId} record={r} />
          )}
        </Paper>
      ))}
    </Stack>
  );
}

/** The patient gives consent for the letters that wait; one clear button, the scope spelled out above it. */
function PatientGive({ referralId, waiting }: { referralId: string; waiting: number }) {
  const { t } = useTranslation();
  const refresh = useRefresh(referralId);
  const [key] = useState(newKey);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const give = async () => {
    setBusy(true);
    try {
      await refresh(await giveConsent(referralId, { scope: RESULTS, method: 'portal' }, key));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Alert color="orange" title={t('consent.patient.title')} data-testid="consent-ask">
      <Stack gap="xs">
        <Text size="sm">{t('consent.patient.text', { count: waiting })}</Text>
        <ErrorAlert error={error} />
        <Group>
          <Button loading={busy} onClick={() => void give()} data-testid="consent-give">
            {t('consent.patient.give')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** Staff record a signed form (with the scan, if at hand) or a verbal consent; a referrer confirms it. */
function RecordForm({ referralId, methods }: { referralId: string; methods: ConsentMethod[] }) {
  const { t } = useTranslation();
  const refresh = useRefresh(referralId);
  const [open, setOpen] = useState(false);
  const [scope, setScope] = useState<ConsentScope>(RESULTS);
  const [method, setMethod] = useState<ConsentMethod>(methods[0]!);
  const [note, setNote] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [key, setKey] = useState(newKey);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <Group>
        <Button size="xs" variant="light" onClick={() => setOpen(true)} data-testid="consent-record-open">
          {t(
            methods.includes('confirmed-by-referrer') ? 'consent.record.confirmOpen' : 'consent.record.open',
          )}
        </Button>
      </Group>
    );
  const submit = async () => {
    if (method === 'verbal-to-staff' && !note.trim()) {
      setError(new Error(t('consent.record.noteRequired')));
      return;
    }
    setBusy(true);
    try {
      const out =
        method === 'signed-form' && file
          ? await giveConsentWithDeclaration(referralId, { scope, note: note.trim() || null }, file)
          : await giveConsent(referralId, { scope, method, note: note.trim() || null }, key);
      await refresh(out);
      setOpen(false);
      setNote('');
      setFile(null);
      setKey(newKey());
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="sm" data-testid="consent-record-form">
      <Stack gap="xs">
        <NativeSelect
          label={t('consent.record.scope')}
          value={scope}
          onChange={(e) => setScope(e.currentTarget.value as ConsentScope)}
          data={consentScopes.map((s) => ({ value: s, label: t(`consent.scope.${s}`) }))}
          data-testid="consent-scope"
        />
        {methods.length > 1 && (
          <NativeSelect
            label={t('consent.record.method')}
            value={method}
            onChange={(e) => setMethod(e.currentTarget.value as ConsentMethod)}
            data={methods.map((m) => ({ value: m, label: t(`consent.method.${m}`) }))}
            data-testid="consent-method"
          />
        )}
        {method === 'confirmed-by-referrer' && (
          <Text size="sm" c="dimmed">
            {t('consent.record.referrerHelp')}
          </Text>
        )}
        <Textarea
          label={t('consent.record.note')}
          description={method === 'verbal-to-staff' ? t('consent.record.noteHelp') : undefined}
          required={method === 'verbal-to-staff'}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          data-testid="consent-note"
        />
        {method === 'signed-form' && (
          <FileInput
            label={t('consent.record.file')}
            description={t('consent.record.fileHelp')}
            accept="application/pdf,image/jpeg,image/png,image/tiff"
            value={file}
            onChange={setFile}
            clearable
            data-testid="consent-file"
          />
        )}
        <ErrorAlert error={error} />
        <Group gap="xs">
          <Button size="xs" loading={busy} onClick={() => void submit()} data-testid="consent-record-submit">
            {t('consent.record.submit')}
          </Button>
          <Button size="xs" variant="default" onClick={() => setOpen(false)}>
            {t('consent.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/**
 * Consent on the referral page (R-CON-01, R-CON-03): the records with who, when, scope and how; the letters that
 * wait for consent and since when; and the ways this viewer has to give, record or withdraw it.
 */
export function ConsentPanel({ view }: { view: ReferralView }) {
  const { t } = useTranslation();
  // Consent matters from the appointment on (it can be given at the desk) until after treatment; earlier the
  // panel would only add noise, and an audited read, to every referral page.
  const enabled = consentStates.includes(view.state);
  const { data } = useConsent(view.id, enabled);
  if (!enabled || !data) return null;
  const waiting = data.letters.filter((l) => !l.releasedAt);
  const activeResults = data.records.some((r) => r.scope === RESULTS && !r.withdrawn);
  const empty = data.records.length === 0 && data.letters.length === 0;
  // Before treatment ends there is nothing to show a referrer or patient who has not recorded anything.
  if (empty && data.you.as !== 'staff' && view.state !== 'completed') return null;
  return (
    <Box component="section" aria-labelledby="consent" data-testid="consent-panel">
      <Title order={2} size="h3" id="consent" mb="xs">
        {t('consent.title')}
      </Title>
      <Stack gap="sm">
        {waiting.length > 0 && (
          <Text size="sm" data-testid="consent-waiting-summary">
            {t('consent.letters.summary', { count: waiting.length })}
          </Text>
        )}
        <HeldLetters letters={data.letters} />
        {data.you.as === 'patient' && waiting.length > 0 && !activeResults && (
          <PatientGive referralId={view.id} waiting={waiting.length} />
        )}
        <Records referralId={view.id} data={data} />
        {data.you.as !== 'patient' && data.you.methods.length > 0 && (
          <RecordForm referralId={view.id} methods={data.you.methods} />
        )}
      </Stack>
    </Box>
  );
}
