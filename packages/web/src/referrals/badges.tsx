import { Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReferralState, Urgency } from '@loket/domain';
import { useLanguage } from '../shared/i18n';
import { formatDate } from './format';
import type { DeadlineStatus, MessageStatus } from './referrals.resource';

const stateColor: Record<ReferralState, string> = {
  draft: 'gray',
  received: 'blue',
  'awaiting-information': 'orange',
  'in-triage': 'cyan',
  accepted: 'green',
  rejected: 'red',
  scheduled: 'teal',
  seen: 'grape',
  'awaiting-mdo': 'violet',
  completed: 'green',
  cancelled: 'gray',
};

/** The state in words (colour only supports it). */
export function StateBadge({ state, testId }: { state: ReferralState; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Badge
      maw="none"
      variant="light"
      color={stateColor[state] ?? 'gray'}
      data-testid={testId}
      data-state={state}
    >
      {t(`referrals.state.${state}`)}
    </Badge>
  );
}

export function UrgencyBadge({ urgency }: { urgency: Urgency | null | undefined }) {
  const { t } = useTranslation();
  if (!urgency) return null;
  return (
    <Badge maw="none" variant="light" color={urgency === 'urgent' ? 'red' : 'gray'} data-urgency={urgency}>
      {t(`referrals.urgency.${urgency}`)}
    </Badge>
  );
}

const dueColor: Record<DeadlineStatus, string> = { 'on-track': 'green', 'at-risk': 'orange', overdue: 'red' };

/** A due date with its status in words: overdue (red), at risk (orange), on track (R-WD-02). */
export function DueStatus({
  due,
  status,
  testId = 'due-status',
}: {
  due: string | null | undefined;
  status: DeadlineStatus | null | undefined;
  testId?: string;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (!due) return <Text span>—</Text>;
  return (
    <Text span style={{ whiteSpace: 'nowrap' }}>
      {formatDate(due, lang)}{' '}
      {status && (
        <Badge maw="none" variant="light" color={dueColor[status]} data-testid={testId} data-status={status}>
          {t(`referrals.due.${status}`)}
        </Badge>
      )}
    </Text>
  );
}

const messageColor: Record<MessageStatus, string> = {
  pending: 'blue',
  sent: 'green',
  failed: 'orange',
  dead: 'red',
};

export function MessageStatusBadge({ status }: { status: MessageStatus }) {
  const { t } = useTranslation();
  return (
    <Badge maw="none" variant="light" color={messageColor[status] ?? 'gray'} data-status={status}>
      {t(`referrals.message.status.${status}`)}
    </Badge>
  );
}
