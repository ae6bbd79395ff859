import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IncidentState } from '@loket/domain';

const color: Record<IncidentState, string> = {
  received: 'blue',
  'in-triage': 'cyan',
  'under-investigation': 'orange',
  closed: 'green',
};

/** The state of a report, always in words. */
export function IncidentStateBadge({ state, testId }: { state: IncidentState; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Badge maw="none" variant="light" color={color[state]} data-testid={testId} data-state={state}>
      {t(`incidents.state.${state}`)}
    </Badge>
  );
}
