import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SuddenDeathState } from '@loket/domain';

const stateColor: Record<SuddenDeathState, string> = {
  requested: 'blue',
  received: 'cyan',
  stored: 'teal',
  examined: 'green',
  completed: 'green',
};

export function SuddenDeathStateBadge({ state }: { state: SuddenDeathState }) {
  const { t } = useTranslation();
  return (
    <Badge maw="none" variant="light" color={stateColor[state]} data-testid="sd-state" data-state={state}>
      {t(`suddenDeath.state.${state}`)}
    </Badge>
  );
}
