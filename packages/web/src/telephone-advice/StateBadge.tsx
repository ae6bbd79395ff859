import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TelephoneAdviceState } from '@loket/domain';

/** Waiting for consent (orange) or in the file (green), always in words. */
export function TelephoneAdviceStateBadge({
  state,
  testId,
}: {
  state: TelephoneAdviceState;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Badge
      maw="none"
      variant="light"
      color={state === 'in-file' ? 'green' : 'orange'}
      data-testid={testId}
      data-state={state}
    >
      {t(`telephoneAdvice.state.${state}`)}
    </Badge>
  );
}
