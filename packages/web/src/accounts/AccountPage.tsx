import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Image,
  List,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import QRCode from 'qrcode';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { api } from '../shared/api';
import { ErrorAlert } from '../shared/ProblemList';
import { useMe, useRefreshMe } from './me.resource';

/** Setting up the authenticator app: password, scan or type the key, confirm with a code. */
function SecondFactorSetup() {
  const { t } = useTranslation();
  const refresh = useRefreshMe();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [setup, setSetup] = useState<{
    uri: string;
    secret: string;
    qr: string;
    backupCodes: string[];
  } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ totpURI: string; backupCodes: string[] }>('/api/auth/two-factor/enable', {
        body: { password },
      });
      const secret = new URL(r.totpURI).searchParams.get('secret') ?? '';
      const qr = await QRCode.toDataURL(r.totpURI, { margin: 1, width: 200 });
      setSetup({ uri: r.totpURI, secret, qr, backupCodes: r.backupCodes });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('/api/auth/two-factor/verify-totp', { body: { code: code.replace(/\s/g, '') } });
      await refresh();
      navigate('/account');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (!setup) {
    return (
      <form onSubmit={start} noValidate>
        <Stack>
          <Text>{t('account.setupIntro')}</Text>
          <PasswordInput
            label={t('accounts.password')}
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            required
          />
          <ErrorAlert error={error} />
          <Button type="submit" loading={busy}>
            {t('account.setupStart')}
          </Button>
        </Stack>
      </form>
    );
  }
  return (
    <form onSubmit={confirm} noValidate>
      <Stack>
        <Text>{t('account.scan')}</Text>
        <Image src={setup.qr} alt={t('account.qrAlt')} w={200} h={200} />
        <Text size="sm">
          {t('account.typeKey')} <Code data-testid="totp-secret">{setup.secret}</Code>
        </Text>
        <TextInput
          label={t('accounts.code')}
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          required
        />
        <Alert color="gray" title={t('account.backupCodes')}>
          <List size="sm">
            {setup.backupCodes.map((c) => (
              <List.Item key={c}>
                <Code>{c}</Code>
              </List.Item>
            ))}
          </List>
        </Alert>
        <ErrorAlert error={error} />
        <Button type="submit" loading={busy}>
          {t('account.setupConfirm')}
        </Button>
      </Stack>
    </form>
  );
}

export function AccountPage() {
  const { t } = useTranslation();
  const { data: me, isLoading } = useMe();
  if (isLoading) return null;
  if (!me?.signedIn || !me.user) return <Navigate to="/sign-in?next=/account" replace />;
  const sf = me.secondFactor;
  return (
    <Stack maw={640}>
      <Title order={1}>{t('account.title')}</Title>
      <Paper withBorder p="lg">
        <Stack gap={4}>
          <Text fw={600}>{me.user.name}</Text>
          <Text c="dimmed">{me.user.email}</Text>
          <Group gap={4}>
            {me.user.roles.map((r) => (
              <Badge key={r} variant="light">
                {t(`role.${r}`)}
              </Badge>
            ))}
          </Group>
        </Stack>
      </Paper>
      <Paper withBorder p="lg">
        <Title order={2} size="h3" mb="sm">
          {t('account.secondFactor')}
        </Title>
        {sf?.enrolled ? (
          <Alert color="teal" data-testid="second-factor-enabled">
            {t('account.enrolled')}
          </Alert>
        ) : (
          <Stack>
            {sf?.required && (
              <Alert color="orange" data-testid="second-factor-required">
                {t('account.required')}
              </Alert>
            )}
            <SecondFactorSetup />
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}
