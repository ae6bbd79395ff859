import { Alert, Anchor, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import { SuddenDeathStateBadge } from './Badges';
import { RequestFacts, Timeline } from './RequestDetails';
import { useRequest } from './suddenDeath.resource';

export function RequestPage() {
  return (
    <RequireRole roles={['referrer']}>
      <Request />
    </RequireRole>
  );
}

/** The family doctor's request: its status, the form to print, and what to do next. */
function Request() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useRequest(id);
  if (q.isLoading) return <Loader aria-label={t('common.loading')} />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  const v = q.data;
  return (
    <Stack gap="lg" data-testid="sd-request-page">
      <Anchor component={Link} to="/sudden-death/requests" size="sm">
        {t('suddenDeath.mine.title')}
      </Anchor>
      <Group gap="sm" align="center">
        <Title order={1}>{t('suddenDeath.request.title', { reference: v.reference })}</Title>
        <SuddenDeathStateBadge state={v.state} />
      </Group>
      <Alert color="blue" title={t('suddenDeath.request.printTitle')}>
        <Stack gap="xs">
          <Text size="sm">{t(`suddenDeath.request.next.${v.kind}`)}</Text>
          <Group>
            <Button
              component="a"
              href={`/api/sudden-death/requests/${encodeURIComponent(v.id)}/form`}
              download
              data-testid="sd-form-download"
            >
              {t('suddenDeath.request.print')}
            </Button>
          </Group>
        </Stack>
      </Alert>
      <RequestFacts view={v} />
      <Timeline view={v} />
    </Stack>
  );
}
