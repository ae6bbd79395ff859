import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, ApiError } from '../shared/api';
import { ErrorAlert } from '../shared/ProblemList';
import { needsEnrollment, useMe, useRefreshMe, type Me } from './me.resource';

function messageFor(e: unknown, t: (k: string, o?: Record<string, unknown>) => string): unknown {
  if (!(e instanceof ApiError)) return e;
  if (e.status === 401) return new ApiError(401, 'wrong-credentials', t('accounts.errors.wrongCredentials'));
  if (e.status === 403 && e.code === 'EMAIL_NOT_CONFIRMED')
    return new ApiError(403, 'email-not-confirmed', t('accounts.errors.emailNotConfirmed'));
  if (e.status === 403 && /disabled/i.test(e.message))
    return new ApiError(403, 'account-disabled', t('errors.account-disabled'));
  if (e.status === 429)
    return new ApiError(
      429,
      'rate-limited',
      t('accounts.errors.rateLimited', { seconds: e.retryAfter ?? 60 }),
    );
  return e;
}

function DemoCode() {
  const { t } = useTranslation();
  const { data } = useQuery({
    queryKey: ['demo-code'],
    queryFn: () => api<{ code: string }>('/api/demo/second-factor-code'),
    refetchInterval: 5_000,
  });
  if (!data) return null;
  return (
    <Alert color="gray" data-testid="demo-code">
      {t('accounts.demoCode')} <b>{data.code}</b>
    </Alert>
  );
}

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { data: me } = useMe();
  const refresh = useRefreshMe();
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const done = async () => {
    await refresh();
    const fresh = await api<Me>('/api/me');
    if (needsEnrollment(fresh)) navigate('/account?setup=1');
    else navigate(params.get('next') ?? '/');
  };

  const submitPassword = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ twoFactorRedirect?: boolean }>('/api/auth/sign-in/email', {
        body: { email, password },
      });
      if (r?.twoFactorRedirect) {
        setStep('code');
      } else {
        await done();
      }
    } catch (err) {
      setError(messageFor(err, t));
    } finally {
      setBusy(false);
    }
  };

  const submitCode = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('/api/auth/two-factor/verify-totp', { body: { code: code.replace(/\s/g, '') } });
      await done();
    } catch (err) {
      const mapped =
        err instanceof ApiError && err.status === 401
          ? new ApiError(401, 'wrong-code', t('accounts.errors.wrongCode'))
          : messageFor(err, t);
      setError(mapped);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack maw={420} mx="auto" mt="xl">
      <Title order={1}>{t('accounts.signIn')}</Title>
      <Paper withBorder p="lg">
        {step === 'password' ? (
          <form onSubmit={submitPassword} noValidate>
            <Stack>
              <TextInput
                label={t('accounts.email')}
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
              />
              <PasswordInput
                label={t('accounts.password')}
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
              <ErrorAlert error={error} />
              <Button type="submit" loading={busy}>
                {t('accounts.signIn')}
              </Button>
            </Stack>
          </form>
        ) : (
          <form onSubmit={submitCode} noValidate>
            <Stack>
              <Text>{t('accounts.codeIntro')}</Text>
              <TextInput
                label={t('accounts.code')}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={8}
                required
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
                autoFocus
              />
              {me?.demo && <DemoCode />}
              <ErrorAlert error={error} />
              <Button type="submit" loading={busy}>
                {t('accounts.verify')}
              </Button>
            </Stack>
          </form>
        )}
      </Paper>
      {me?.demo && step === 'password' && (
        <Alert color="gray" title={t('accounts.demoTitle')}>
          {t('accounts.demoText')}
        </Alert>
      )}
    </Stack>
  );
}
