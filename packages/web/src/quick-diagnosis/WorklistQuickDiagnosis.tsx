import { Badge, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../referrals/format';
import type { DeadlineStatus } from '../referrals/referrals.resource';
import { useLanguage } from '../shared/i18n';
import { LText } from '../shared/LocalizedText';
import type { QuickDiagnosisSummary } from './quick-diagnosis.resource';

const statusColor: Record<DeadlineStatus, string | undefined> = {
  'on-track': undefined,
  // The theme's darkened orange: orange.9 is too light for small text (WCAG 1.4.3).
  'at-risk': '#8f3600',
  overdue: 'red.9',
};

function Due({
  label,
  due,
  status,
  testId,
}: {
  label: string;
  due: string;
  status: DeadlineStatus | null;
  testId: string;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <Text
      size="xs"
      c={status ? statusColor[status] : undefined}
      fw={status && status !== 'on-track' ? 600 : undefined}
      data-testid={testId}
      data-status={status ?? ''}
    >
      {label} {formatDate(due, lang)}
      {status && status !== 'on-track' && ` (${t(`referrals.due.${status}`)})`}
    </Text>
  );
}

/** A quick-diagnosis row on the worklist: the tumour type and its tight clocks (R-QD-01). */
export function WorklistQuickDiagnosis({ summary }: { summary: QuickDiagnosisSummary }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2} mt={4} data-testid="worklist-quick-diagnosis">
      <Badge size="sm" variant="light" color="grape" maw="none">
        {summary.tumourType ? <LText text={summary.tumourType} /> : t('referrals.kind.quick-diagnosis')}
      </Badge>
      {summary.diagnosisDue ? (
        <>
          <Due
            label={t('quickDiagnosis.worklist.diagnosis')}
            due={summary.diagnosisDue}
            status={summary.diagnosisStatus}
            testId="qd-diagnosis-status"
          />
          <Text size="xs" c="dimmed">
            {t('quickDiagnosis.worklist.examinations', { count: summary.examinations })}
          </Text>
        </>
      ) : (
        summary.firstVisitDue && (
          <Due
            label={t('quickDiagnosis.worklist.firstVisit')}
            due={summary.firstVisitDue}
            status={summary.firstVisitStatus}
            testId="qd-first-visit-status"
          />
        )
      )}
    </Stack>
  );
}
