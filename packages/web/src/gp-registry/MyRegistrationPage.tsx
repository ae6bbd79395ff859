import {
  Alert,
  Button,
  Fieldset,
  Group,
  List,
  Loader,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { GpRegistrationKind } from '@loket/domain';
import { newIdempotencyKey } from '../referrals/referrals.resource';
import { formatDate, formatDateTime } from '../referrals/format';
import { api } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import {
  useMyRegistration,
  useRefreshRegistry,
  type MyRegistration,
  type Registration,
} from './gp-registry.resource';
import { RegistrationRequest, RegistrationStatusBadge } from './RegistrationSummary';

/** Sends a registration once per form fill: a double click or a retry makes one (Idempotency-Key). */
function useSend(onDone: () => void) {
  const refresh = useRefreshRegistry();
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  const send = async (body: object) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setSent(false);
    try {
      await api<Registration>('/api/gp-registry/registrations', { body, idempotencyKey: key });
      setKey(newIdempotencyKey());
      setSent(true);
      onDone();
      await refresh();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { send, busy, error, sent };
}

function SecureMailForm() {
  const { t } = useTranslation();
  const [address, setAddress] = useState('');
  const { send, busy, error, sent } = useSend(() => setAddress(''));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send({ kind: 'secure-mail', secureMail: address.trim() });
  };
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={t('gpRegistry.mine.secureMailTitle')}
      data-testid="secure-mail-form"
    >
      <Fieldset legend={t('gpRegistry.mine.secureMailTitle')}>
        <Stack gap="sm">
          <Text size="sm">{t('gpRegistry.mine.secureMailHelp')}</Text>
          <TextInput
            type="email"
            label={t('gpRegistry.fields.secureMail')}
            value={address}
            onChange={(e) => setAddress(e.currentTarget.value)}
            withAsterisk
            data-testid="secure-mail-input"
          />
          <ErrorAlert error={error} />
          {sent && (
            <Alert color="green" role="status" data-testid="registration-sent">
              {t('gpRegistry.mine.sent')}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={busy} data-testid="secure-mail-submit">
              {t('gpRegistry.mine.sendSecureMail')}
            </Button>
          </Group>
        </Stack>
      </Fieldset>
    </form>
  );
}

type ChangeKind = Exclude<GpRegistrationKind, 'secure-mail'>;
const emptyChange = {
  kind: 'practice-change' as ChangeKind,
  effectiveOn: '',
  name: '',
  agbCode: '',
  street: '',
  houseNumber: '',
  postcode: '',
  city: '',
  takesOverFromAgb: '',
  note: '',
};

function ChangeForm() {
  const { t } = useTranslation();
  const [f, setF] = useState(emptyChange);
  const { send, busy, error, sent } = useSend(() => setF(emptyChange));
  const set = (k: keyof typeof emptyChange, v: string) => setF((x) => ({ ...x, [k]: v }));
  const practice = f.kind !== 'stopped';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send(
      practice
        ? {
            kind: f.kind,
            effectiveOn: f.effectiveOn,
            practice: {
              name: f.name,
              agbCode: f.agbCode,
              street: f.street,
              houseNumber: f.houseNumber,
              postcode: f.postcode,
              city: f.city,
            },
            takesOverFromAgb: f.takesOverFromAgb,
            note: f.note,
          }
        : { kind: 'stopped', effectiveOn: f.effectiveOn, note: f.note },
    );
  };
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={t('gpRegistry.mine.changeTitle')}
      data-testid="change-form"
    >
      <Fieldset legend={t('gpRegistry.mine.changeTitle')}>
        <Stack gap="sm">
          <Text size="sm">{t('gpRegistry.mine.changeHelp')}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <NativeSelect
              label={t('gpRegistry.fields.kind')}
              value={f.kind}
              onChange={(e) => set('kind', e.currentTarget.value)}
              data={(['practice-change', 'new-in-region', 'stopped'] as const).map((k) => ({
                value: k,
                label: t(`gpRegistry.kind.${k}`),
              }))}
              data-testid="change-kind"
            />
            <TextInput
              type="date"
              label={
                f.kind === 'stopped' ? t('gpRegistry.fields.stoppedOn') : t('gpRegistry.fields.effectiveOn')
              }
              value={f.effectiveOn}
              onChange={(e) => set('effectiveOn', e.currentTarget.value)}
              withAsterisk
              data-testid="change-effective-on"
            />
          </SimpleGrid>
          {practice && (
            <>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput
                  label={t('gpRegistry.fields.practiceName')}
                  value={f.name}
                  onChange={(e) => set('name', e.currentTarget.value)}
                  withAsterisk
                  data-testid="change-practice-name"
                />
                <TextInput
                  label={t('gpRegistry.fields.practiceAgb')}
                  value={f.agbCode}
                  onChange={(e) => set('agbCode', e.currentTarget.value)}
                  withAsterisk
                  inputMode="numeric"
                  data-testid="change-practice-agb"
                />
                <TextInput
                  label={t('gpRegistry.fields.street')}
                  value={f.street}
                  onChange={(e) => set('street', e.currentTarget.value)}
                />
                <TextInput
                  label={t('gpRegistry.fields.houseNumber')}
                  value={f.houseNumber}
                  onChange={(e) => set('houseNumber', e.currentTarget.value)}
                />
                <TextInput
                  label={t('gpRegistry.fields.postcode')}
                  value={f.postcode}
                  onChange={(e) => set('postcode', e.currentTarget.value)}
                />
                <TextInput
                  label={t('gpRegistry.fields.city')}
                  value={f.city}
                  onChange={(e) => set('city', e.currentTarget.value)}
                />
              </SimpleGrid>
              <TextInput
                label={t('gpRegistry.fields.takesOverFrom')}
                description={t('gpRegistry.mine.takesOverHelp')}
                value={f.takesOverFromAgb}
                onChange={(e) => set('takesOverFromAgb', e.currentTarget.value)}
                inputMode="numeric"
                data-testid="change-takes-over"
              />
            </>
          )}
          <Textarea
            label={t('gpRegistry.fields.note')}
            value={f.note}
            onChange={(e) => set('note', e.currentTarget.value)}
            autosize
            minRows={2}
          />
          <ErrorAlert error={error} />
          {sent && (
            <Alert color="green" role="status" data-testid="registration-sent">
              {t('gpRegistry.mine.sent')}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={busy} data-testid="change-submit">
              {t('gpRegistry.mine.sendChange')}
            </Button>
          </Group>
        </Stack>
      </Fieldset>
    </form>
  );
}

function RegistryEntry({ data }: { data: MyRegistration }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const d = data.registered;
  return (
    <Paper withBorder p="md" data-testid="my-registry-entry">
      <Stack gap="xs">
        <Title order={2} size="h3">
          {t('gpRegistry.mine.entryTitle')}
        </Title>
        <Text size="sm">
          {data.name} · AGB {data.agbCode}
        </Text>
        {!d ? (
          <Text size="sm" c="dimmed">
            {t('gpRegistry.mine.notRegistered')}
          </Text>
        ) : (
          <>
            <Text size="sm">
              {t('gpRegistry.fields.secureMail')}:{' '}
              <strong data-testid="my-secure-mail">{d.secureMailInUse ?? '—'}</strong>
              {d.secureMailInUse && d.secureMailConfirmedAt && (
                <Text span size="xs" c="dimmed">
                  {' '}
                  ({t('gpRegistry.mine.confirmedAt', { at: formatDateTime(d.secureMailConfirmedAt, lang) })})
                </Text>
              )}
            </Text>
            {d.endedOn && (
              <Text size="sm" c="#8f3600">
                {t('gpRegistry.mine.ended', { date: formatDate(d.endedOn, lang) })}
              </Text>
            )}
            {d.practices.length > 0 && (
              <List size="sm">
                {d.practices.map((p) => (
                  <List.Item key={`${p.agbCode}-${p.startedOn}`}>
                    {p.name} (AGB {p.agbCode}) · {formatDate(p.startedOn, lang)} –{' '}
                    {p.endedOn ? formatDate(p.endedOn, lang) : t('gpRegistry.mine.now')}
                  </List.Item>
                ))}
              </List>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}

function MyRegistrationBody() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const q = useMyRegistration();
  if (q.isLoading) return <Loader aria-label={t('common.loading')} />;
  if (q.error || !q.data) return <ErrorAlert error={q.error} />;
  const data = q.data;
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{t('gpRegistry.mine.title')}</Title>
        <Text>{t('gpRegistry.mine.intro')}</Text>
      </Stack>
      <RegistryEntry data={data} />
      <SecureMailForm />
      <ChangeForm />
      <section aria-labelledby="my-registrations">
        <Title order={2} size="h3" id="my-registrations" mb="xs">
          {t('gpRegistry.mine.history')}
        </Title>
        {data.registrations.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('gpRegistry.mine.noHistory')}
          </Text>
        ) : (
          <Table data-testid="my-registrations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('gpRegistry.fields.submittedAt')}</Table.Th>
                <Table.Th>{t('gpRegistry.fields.request')}</Table.Th>
                <Table.Th>{t('gpRegistry.fields.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.registrations.map((r) => (
                <Table.Tr key={r.id} data-testid="my-registration" data-kind={r.kind}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.submittedAt, lang)}</Table.Td>
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
        )}
      </section>
    </Stack>
  );
}

/** A family doctor's own registration (R-GP-01): the secure-mail address and practice changes, checked by staff. */
export function MyRegistrationPage() {
  return (
    <RequireRole roles={['referrer']}>
      <MyRegistrationBody />
    </RequireRole>
  );
}
