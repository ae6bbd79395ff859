import { Anchor, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useDepartmentNames } from '../referrals/format';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import { useCosts } from './costs.resource';
import { CostsPanel } from './CostsPanel';

export function CostsCasePage() {
  return (
    <RequireRole roles={['care-administration']}>
      <CostsCase />
    </RequireRole>
  );
}

/** One second opinion's costs for care administration, which does not see the referral itself. */
function CostsCase() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const costs = useCosts(id);
  const departmentName = useDepartmentNames();
  if (costs.isLoading) return <Loader aria-label={t('common.loading')} />;
  if (!costs.data) return <ErrorAlert error={costs.error} />;
  const v = costs.data;
  return (
    <Stack gap="lg" data-testid="costs-case-page">
      <Anchor component={Link} to="/costs" size="sm">
        ← {t('costs.list.title')}
      </Anchor>
      <Stack gap={4}>
        <Title order={1}>{t('costs.case.title', { reference: v.reference })}</Title>
        <Group gap="lg">
          <Text>{v.patientName}</Text>
          <Text c="dimmed">{departmentName(v.departmentId)}</Text>
          <Text c="dimmed">{t(`referrals.state.${v.referralState}`, { defaultValue: v.referralState })}</Text>
        </Group>
      </Stack>
      <CostsPanel referralId={v.referralId} />
    </Stack>
  );
}
