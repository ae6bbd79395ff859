import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Department, Hospital, LocalizedText } from '@loket/domain';
import { LText } from '../shared/LocalizedText';
import { Phone } from '../shared/Phone';

export interface UrgentRouteInfo {
  phone: string;
  label: LocalizedText;
  phoneNote: LocalizedText | null;
  outOfHoursPhone: string;
}

/** The phone route for a direct consultation on an urgent referral, as the server works it out (R-REF-07). */
export function urgentRouteOf(department: Department, hospital: Hospital): UrgentRouteInfo {
  const contact =
    department.contacts.find((c) => c.phone && c.purposes.includes('urgent-consultation')) ??
    department.contacts.find((c) => c.phone && c.purposes.includes('peer-consultation'));
  return {
    phone: contact?.phone ?? department.outOfHours?.phone ?? hospital.mainPhone,
    label: contact?.label ?? department.outOfHours?.text ?? hospital.mainPhoneText,
    phoneNote: contact?.phoneNote ?? null,
    outOfHoursPhone: department.outOfHours?.phone ?? hospital.mainPhone,
  };
}

export function UrgentRouteAlert({ route }: { route: UrgentRouteInfo }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" title={t('referrals.urgent.title')} data-testid="urgent-route">
      <Text size="sm">{t('referrals.urgent.text')}</Text>
      <Text size="sm" mt={4} fw={600}>
        {t('referrals.urgent.call')} <Phone e164={route.phone} />
        {route.phoneNote && (
          <Text span size="sm" fw={400}>
            {' '}
            (<LText text={route.phoneNote} />)
          </Text>
        )}
      </Text>
      <Text size="sm">
        <LText text={route.label} />
      </Text>
      {route.outOfHoursPhone !== route.phone && (
        <Text size="sm" mt={4}>
          {t('referrals.urgent.outOfHours')}: <Phone e164={route.outOfHoursPhone} />
        </Text>
      )}
    </Alert>
  );
}
