import { Alert, Anchor, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import type { Role } from '@loket/domain';
import { hasRole, needsEnrollment, useMe } from '../accounts/me.resource';
import { ErrorAlert } from '../shared/ProblemList';

/** Pages for signed-in users with one of the given roles (and, for staff, a second factor set up). */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const { data: me, isLoading, error } = useMe();
  if (isLoading) return <Loader aria-label={t('common.loading')} />;
  if (error && !me) return <ErrorAlert error={error} />;
  if (!me?.signedIn) {
    return (
      <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
    );
  }
  if (needsEnrollment(me)) {
    return (
      <Alert color="orange" role="alert" data-testid="not-permitted">
        {t('errors.second-factor-required')}{' '}
        <Anchor component={Link} to="/account">
          {t('account.title')}
        </Anchor>
      </Alert>
    );
  }
  if (!hasRole(me, ...roles)) {
    return (
      <Alert color="red" role="alert" data-testid="not-permitted">
        {t('errors.not-permitted')}
      </Alert>
    );
  }
  return <>{children}</>;
}
