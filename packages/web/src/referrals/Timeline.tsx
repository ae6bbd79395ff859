import { Box, Group, Paper, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReferralState } from '@loket/domain';
import { useLanguage } from '../shared/i18n';
import { StateBadge } from './badges';
import { formatDate, formatDateTime, useDepartmentNames } from './format';
import type { TimelineEvent } from './referrals.resource';

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** The facts an event carries, in words: the decision, the new department, the appointment. */
function EventDetails({ event }: { event: TimelineEvent }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const departmentName = useDepartmentNames();
  const d = event.data ?? {};
  const lines: string[] = [];
  switch (event.type) {
    case 'accepted': {
      if (str(d.urgency))
        lines.push(`${t('referrals.fields.urgency')}: ${t(`referrals.urgency.${d.urgency}`)}`);
      if (Array.isArray(d.specialists) && d.specialists.length > 0)
        lines.push(`${t('referrals.fields.specialists')}: ${d.specialists.join(', ')}`);
      if (str(d.seenWithin))
        lines.push(`${t('referrals.fields.seenWithin')}: ${formatDate(String(d.seenWithin), lang)}`);
      break;
    }
    case 'rejected': {
      if (str(d.reasonCode))
        lines.push(`${t('referrals.fields.reason')}: ${t(`referrals.rejection.${d.reasonCode}`)}`);
      if (str(d.redirect)) lines.push(`${t('referrals.fields.redirect')}: ${d.redirect}`);
      break;
    }
    case 'forwarded': {
      if (str(d.fromDepartment) && str(d.toDepartment))
        lines.push(
          t('referrals.timeline.forwardedFromTo', {
            from: departmentName(String(d.fromDepartment)),
            to: departmentName(String(d.toDepartment)),
          }),
        );
      break;
    }
    case 'scheduled':
    case 'rescheduled': {
      if (str(d.start))
        lines.push(`${t('referrals.fields.appointment')}: ${formatDateTime(String(d.start), lang)}`);
      if (str(d.location)) lines.push(`${t('referrals.fields.location')}: ${d.location}`);
      if (str(d.videoLink)) lines.push(`${t('referrals.fields.videoLink')}: ${d.videoLink}`);
      break;
    }
    case 'registered': {
      if (str(d.channel))
        lines.push(`${t('referrals.fields.channel')}: ${t(`referrals.channel.${d.channel}`)}`);
      break;
    }
    case 'completed': {
      if (typeof d.endOfTreatment === 'boolean')
        lines.push(
          d.endOfTreatment ? t('referrals.timeline.endOfTreatment') : t('referrals.timeline.notEnd'),
        );
      break;
    }
    case 'day-planned': {
      // Quick diagnosis (R-QD-01): the examinations of the first visit, in order of time.
      if (Array.isArray(d.examinations))
        for (const e of d.examinations as { time: string; kind: string }[])
          lines.push(`${e.time} ${t(`quickDiagnosis.examination.${e.kind}`, { defaultValue: e.kind })}`);
      break;
    }
    case 'second-opinion-review-started': {
      // R-SO-03: the dossier is complete and the review is due this day.
      if (str(d.reviewDue))
        lines.push(t('secondOpinions.timeline.reviewDue', { date: formatDate(String(d.reviewDue), lang) }));
      break;
    }
    case 'second-opinion-outcome': {
      if (d.outcome === 'invite' && str(d.form))
        lines.push(t(`secondOpinions.outcome.invite.${String(d.form)}`));
      else if (d.outcome === 'no-consult' && str(d.reason))
        lines.push(t(`secondOpinions.noConsult.${String(d.reason)}`));
      else if (str(d.outcome)) lines.push(t(`secondOpinions.outcome.${String(d.outcome)}`));
      break;
    }
    case 'document-added': {
      if (str(d.kind))
        lines.push(`${t('referrals.documents.kind')}: ${t(`referrals.documentKind.${d.kind}`)}`);
      break;
    }
  }
  if (lines.length === 0) return null;
  return (
    <>
      {lines.map((l, i) => (
        <Text key={i} size="sm">
          {l}
        </Text>
      ))}
    </>
  );
}

/**
 * Every step of the referral, who took it and when (R-REF-08), newest last, so the referrer never has to phone
 * to ask whether it arrived.
 */
export function Timeline({ events }: { events: TimelineEvent[] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const sorted = [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return (
    <Box component="section" aria-labelledby="timeline-title">
      <Title order={2} size="h3" id="timeline-title" mb="xs">
        {t('referrals.timeline.title')}
      </Title>
      {sorted.length === 0 ? (
        <Text c="dimmed">{t('referrals.timeline.empty')}</Text>
      ) : (
        <Stack
          component="ol"
          gap="xs"
          data-testid="timeline"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
        >
          {sorted.map((e) => (
            <Paper
              key={e.id}
              component="li"
              withBorder
              p="sm"
              data-testid="timeline-event"
              data-type={e.type}
              style={{ borderLeft: '4px solid var(--mantine-color-loket-6)' }}
            >
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Text fw={600}>{t(`referrals.event.${e.type}`, { defaultValue: e.type })}</Text>
                <Text size="sm" c="dimmed" component="time" dateTime={e.at}>
                  {formatDateTime(e.at, lang)}
                </Text>
              </Group>
              <Text size="sm">
                {t('referrals.timeline.by')} {e.actorName ?? t('referrals.timeline.system')}
                {e.actorRole && (
                  <Text span size="sm" c="dimmed">
                    {' '}
                    (
                    {e.actorRole
                      .split(',')
                      .map((r) => t(`role.${r}`, { defaultValue: r }))
                      .join(', ')}
                    )
                  </Text>
                )}
              </Text>
              {e.from && e.to && e.from !== e.to && (
                <Group gap={6} mt={4}>
                  <StateBadge state={e.from as ReferralState} />
                  <Text span size="sm" aria-hidden>
                    →
                  </Text>
                  <VisuallyHidden>{t('referrals.timeline.to')}</VisuallyHidden>
                  <StateBadge state={e.to as ReferralState} />
                </Group>
              )}
              <EventDetails event={e} />
              {e.note && (
                <Text size="sm" mt={4} style={{ whiteSpace: 'pre-line' }} data-testid="timeline-note">
                  {e.note}
                </Text>
              )}
            </Paper>
          ))}
        </Stack>
      )}
    </Box>
  );
}
