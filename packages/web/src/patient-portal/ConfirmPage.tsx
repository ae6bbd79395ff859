import {
  Alert,
  Anchor,
  Button,
  Loader,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { hasRole, useMe, useRefreshMe } from '../accounts/me.resource';
import { api, ApiError } from '../shared/api';
import { ErrorAlert } from '../shared/ProblemList';
import { portalKeys } from './portal.resource';

type Confirmed = { email: string; reference: string | null };

/**
 * The link in the e-mail after a signed-out second-opinion request: `/second-opinion/confirm#<token>` (in the
 * fragment, so the token never reaches a server log). It confirms the address, then lets the patient sign in with
 * the password they chose and shows the request in their portal.
 */
export function ConfirmPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const refreshMe = useRefreshMe();
  const { data: me } = useMe();
  const [token] = useState(() => window.location.hash.slice(1));
  const [state, setState] = useState<'busy' | 'failed' | Confirmed>(token ? 'busy' : 'failed');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [signingIn, setSigningIn] = useState(false);
  const asked = useRef(false);

  useEffect(() => {
    // Once: the link works a single time.
    if (!token || asked.current) return;
    asked.current = true;
    // Out of the address bar and the history once read.
    window.history.replaceState(null, '', window.location.pathname);
    api<Confirmed>('/api/patient-portal/confirm', { body: { token } })
      .then(setState)
      .catch(() => setState('failed'));
  }, [token]);

  const toPortal = (reference: string | null) =>
    navigate('/portal', reference ? { state: { received: reference } } : undefined);

  const signIn = async (e: FormEvent, confirmed: Confirmed) => {
    e.preventDefault();
    setSigningIn(true);
    setError(null);
    try {
      await api('/api/auth/sign-in/email', { body: { email: confirmed.email, password } });
      await refreshMe();
      await client.invalidateQueries({ queryKey: portalKeys.overview });
      toPortal(confirmed.reference);
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401
          ? new ApiError(401, 'wrong-credentials', t('accounts.errors.wrongCredentials'))
          : err instanceof ApiError && err.status === 429
            ? new ApiError(
                429,
                'rate-limited',
                t('accounts.errors.rateLimited', { seconds: err.retryAfter ?? 60 }),
              )
            : err,
      );
    } finally {
      setSigningIn(false);
    }
  };

  const signedInPatient = Boolean(me?.signedIn && hasRole(me, 'patient'));

  return (
    <Stack maw={520} mx="auto" mt="xl" gap="lg" data-testid="pp-confirm">
      <Title order={1}>{t('patientPortal.confirm.title')}</Title>
      {state === 'busy' && (
        <Stack align="center" role="status">
          <Loader />
          <Text>{t('patientPortal.confirm.busy')}</Text>
        </Stack>
      )}
      {state === 'failed' && (
        <Alert
          color="orange"
          role="alert"
          title={t(token ? 'patientPortal.confirm.failed' : 'patientPortal.confirm.noToken')}
          data-testid="pp-confirm-failed"
        >
          <Stack gap="xs">
            {token && <Text>{t('patientPortal.confirm.failedHelp')}</Text>}
            <Anchor component={Link} to="/sign-in?next=%2Fportal">
              {t('accounts.signIn')}
            </Anchor>
          </Stack>
        </Alert>
      )}
      {typeof state === 'object' && signedInPatient && (
        <Stack gap="sm">
          <Alert color="green" role="status" data-testid="pp-confirmed">
            {t('patientPortal.confirm.doneSignedIn')}
          </Alert>
          <Button onClick={() => toPortal(state.reference)} w="fit-content">
            {t('patientPortal.confirm.toPortal')}
          </Button>
        </Stack>
      )}
      {typeof state === 'object' && !signedInPatient && (
        <>
          <Alert color="green" role="status" data-testid="pp-confirmed">
            {t('patientPortal.confirm.done')}
          </Alert>
          <Paper withBorder p="lg">
            <form
              onSubmit={(e) => void signIn(e, state)}
              noValidate
              aria-label={t('patientPortal.confirm.signInTitle')}
            >
              <Stack>
                <Title order={2} size="h3">
                  {t('patientPortal.confirm.signInTitle')}
                </Title>
                <TextInput
                  label={t('accounts.email')}
                  type="email"
                  autoComplete="username"
                  value={state.email}
                  readOnly
                />
                <PasswordInput
                  label={t('accounts.password')}
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  data-testid="pp-confirm-password"
                />
                <ErrorAlert error={error} />
                <Button type="submit" loading={signingIn} data-testid="pp-confirm-sign-in">
                  {t('patientPortal.confirm.signIn')}
                </Button>
              </Stack>
            </form>
          </Paper>
        </>
      )}
    </Stack>
  );
}
