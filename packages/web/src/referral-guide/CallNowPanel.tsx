import { Alert, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callNow, type Department, type Hospital } from '@loket/domain';
import { LText } from '../shared/LocalizedText';
import { Phone } from '../shared/Phone';
import { useLanguage } from '../shared/i18n';
import { formatDays } from './hours';

function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

/** Whom to call now, by the time in Europe/Amsterdam (R-CAT-04). Recomputed every half minute. */
export function CallNowPanel({
  department,
  hospital,
  holidays,
}: {
  department: Department;
  hospital: Hospital;
  holidays: string[];
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const now = useNow();
  const holidaySet = useMemo(() => new Set(holidays), [holidays]);
  const c = callNow({ department, hospital, at: now, holidays: holidaySet });
  const day = formatDays([c.local.weekday], lang);

  return (
    <Alert
      variant="light"
      color={c.open.length > 0 || (c.officeHours && c.hoursUnknown.length > 0) ? 'teal' : 'orange'}
      title={
        <Title order={2} size="h4">
          {t('callNow.title')}
        </Title>
      }
      data-testid="call-now"
    >
      <Stack gap="xs">
        <Text size="sm" c="dimmed">
          {t('callNow.localTime', { day, time: c.local.time })}
          {c.holiday && ` · ${t('callNow.holiday')}`}
        </Text>
        {c.open.length > 0 ? (
          <Stack gap={6} data-testid="call-now-open">
            {c.open.map(({ contact, until }) => (
              <Group key={contact.id} gap="xs" wrap="wrap">
                <Text fw={600}>
                  <LText text={contact.label} />
                </Text>
                <Phone e164={contact.phone!} />
                {contact.phoneNote && (
                  <Text size="sm">
                    (<LText text={contact.phoneNote} />)
                  </Text>
                )}
                <Text size="sm" c="dimmed">
                  {until ? t('callNow.until', { time: until }) : t('callNow.always')}
                </Text>
              </Group>
            ))}
          </Stack>
        ) : c.officeHours && c.hoursUnknown.length > 0 ? (
          <Stack gap={6} data-testid="call-now-hours-unknown">
            <Text>{t('callNow.hoursUnknown')}</Text>
            {c.hoursUnknown.map((contact) => (
              <Group key={contact.id} gap="xs" wrap="wrap">
                <Text fw={600}>
                  <LText text={contact.label} />
                </Text>
                <Phone e164={contact.phone!} />
                {contact.phoneNote && (
                  <Text size="sm">
                    (<LText text={contact.phoneNote} />)
                  </Text>
                )}
              </Group>
            ))}
            <Text size="sm">
              {t('callNow.noAnswer')} <Phone e164={c.outOfHours.phone} />
            </Text>
          </Stack>
        ) : (
          <Stack gap={4} data-testid="call-now-out-of-hours">
            <Text fw={600}>{c.officeHours ? t('callNow.noneOpen') : t('callNow.outOfHours')}</Text>
            <Group gap="xs">
              <Phone e164={c.outOfHours.phone} />
            </Group>
            <LText text={c.outOfHours.text} block />
          </Stack>
        )}
        {c.open.length > 0 && (
          <Text size="sm">
            {t('callNow.afterHours')} <Phone e164={c.outOfHours.phone} />
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
