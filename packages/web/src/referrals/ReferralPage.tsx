import { Anchor, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../shared/api';
import { ErrorAlert } from '../shared/ProblemList';
import { ReferralDetail } from './ReferralDetail';
import { DraftEditor } from './ReferralForm';
import { useReferral } from './referrals.resource';
import { RequireRole } from '../shared/RequireRole';

/**
 * /referrals/new?department=… starts a referral; /referrals/:id shows one, or continues it when it is the
 * viewer's own draft. Both are this one route, so the form stays mounted when its first save gives it an address.
 */
export function ReferralPage() {
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const location = useLocation();
  const isNew = id === 'new';
  const query = useReferral(isNew ? null : id);
  const view = query.data;
  // The form keeps its key across "new" → "/referrals/<id>" after the first save, so nothing typed is lost.
  const formKey = (location.state as { formKey?: string } | null)?.formKey ?? id;

  if (isNew || (view?.state === 'draft' && view.viewer === 'professional')) {
    return (
      <RequireRole key={formKey} roles={['referrer']}>
        <DraftEditor
          departmentId={isNew ? search.get('department') : (view?.departmentId ?? null)}
          view={view}
        />
      </RequireRole>
    );
  }
  return (
    <RequireRole key={id} roles={['referrer', 'patient', 'back-office', 'triage-supervisor', 'specialist']}>
      <ReferralLoaded query={query} />
    </RequireRole>
  );
}

function ReferralLoaded({ query }: { query: ReturnType<typeof useReferral> }) {
  const { t } = useTranslation();
  if (query.isLoading) return <Loader aria-label={t('common.loading')} />;
  if (query.error || !query.data) {
    const notFound = query.error instanceof ApiError && query.error.status === 404;
    return (
      <Stack>
        <Title order={1}>{notFound ? t('referrals.detail.notFound') : t('referrals.detail.error')}</Title>
        {notFound ? <Text>{t('referrals.detail.notFoundText')}</Text> : <ErrorAlert error={query.error} />}
        <Anchor component={Link} to="/referrals">
          {t('referrals.list.title')}
        </Anchor>
      </Stack>
    );
  }
  return <ReferralDetail view={query.data} />;
}
