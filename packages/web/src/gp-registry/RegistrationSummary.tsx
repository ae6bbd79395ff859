import { Badge, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../referrals/format';
import { useLanguage } from '../shared/i18n';
import type { Registration, RegistrationStatus } from './gp-registry.resource';

const statusColor: Record<RegistrationStatus, string> = {
  pending: 'orange',
  confirmed: 'green',
  rejected: 'red',
  superseded: 'gray',
};

export function RegistrationStatusBadge({ status }: { status: RegistrationStatus }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="light"
      color={statusColor[status]}
      maw="none"
      data-testid="registration-status"
      data-status={status}
    >
      {t(`gpRegistry.status.${status}`)}
    </Badge>
  );
}

/** What a registration asks for, in words. */
export function RegistrationRequest({ r }: { r: Registration }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const q = r.request;
  const p = q.practice;
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600}>
        {t(`gpRegistry.kind.${r.kind}`)}
      </Text>
      {q.secureMail && (
        <Text size="sm" data-testid="registration-secure-mail">
          {t('gpRegistry.fields.secureMail')}: {q.secureMail}
        </Text>
      )}
      {p && (
        <Text size="sm">
          {t('gpRegistry.fields.practice')}: {p.name} (AGB {p.agbCode})
          {[p.street, p.houseNumber, p.postcode, p.city].some(Boolean) &&
            ` · ${[p.street, p.houseNumber, p.postcode, p.city].filter(Boolean).join(' ')}`}
        </Text>
      )}
      {q.effectiveOn && (
        <Text size="sm">
          {t('gpRegistry.fields.effectiveOn')}: {formatDate(q.effectiveOn, lang)}
        </Text>
      )}
      {q.takesOverFromAgb && (
        <Text size="sm">
          {t('gpRegistry.fields.takesOverFrom')}: AGB {q.takesOverFromAgb}
        </Text>
      )}
      {q.note && (
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-line' }}>
          {q.note}
        </Text>
      )}
      {r.status === 'confirmed' && (
        <Text size="xs" c="dimmed" data-testid="registration-decision">
          {t('gpRegistry.decision.confirmed', {
            by: r.decidedBy ?? '—',
            at: formatDateTime(r.decidedAt, lang),
            note: r.checkNote ?? '',
          })}
          {r.patientsMoved !== null && ` ${t('gpRegistry.decision.moved', { count: r.patientsMoved })}`}
        </Text>
      )}
      {r.status === 'rejected' && (
        <Text size="sm" c="red.9" data-testid="registration-decision">
          {t('gpRegistry.decision.rejected', { reason: r.rejectionReason ?? '' })}
        </Text>
      )}
    </Stack>
  );
}
