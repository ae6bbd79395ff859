import { Alert, Checkbox, Fieldset, NativeSelect, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { resolveText, type Hospital } from '@loket/domain';
import { useLanguage } from '../shared/i18n';

export interface QuickDiagnosisForm {
  tumourTypeId: string;
  patientChoice: boolean;
}

/**
 * In the referral form, for a quick-diagnosis referral (R-QD-01): the tumour type from the hospital's list and the
 * patient's own choice of the route.
 */
export function QuickDiagnosisFields({
  hospital,
  departmentId,
  value,
  onChange,
}: {
  hospital: Hospital;
  departmentId: string;
  value: QuickDiagnosisForm;
  onChange: (v: QuickDiagnosisForm) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const config = hospital.quickDiagnosis;
  if (!config || config.departmentId !== departmentId) {
    return (
      <Alert color="orange" data-testid="quick-diagnosis-unavailable">
        {t('quickDiagnosis.form.unavailable')}
      </Alert>
    );
  }
  return (
    <Fieldset legend={t('quickDiagnosis.form.legend')} data-testid="quick-diagnosis-fields">
      <Stack gap="sm">
        <Text size="sm">{t('quickDiagnosis.form.intro', { days: config.firstVisitWorkingDays })}</Text>
        <NativeSelect
          label={t('quickDiagnosis.form.tumourType')}
          value={value.tumourTypeId}
          onChange={(e) => onChange({ ...value, tumourTypeId: e.currentTarget.value })}
          data={[
            { value: '', label: t('quickDiagnosis.form.chooseTumourType') },
            ...config.tumourTypes.map((tt) => ({
              value: tt.id,
              label: `${resolveText(tt.name, lang).text} (${t('quickDiagnosis.form.days', { count: tt.diagnosisWorkingDays })})`,
            })),
          ]}
          data-testid="quick-diagnosis-tumour-type"
        />
        <Checkbox
          label={t('quickDiagnosis.form.patientChoice')}
          checked={value.patientChoice}
          onChange={(e) => onChange({ ...value, patientChoice: e.currentTarget.checked })}
          data-testid="quick-diagnosis-patient-choice"
        />
        <Text size="xs" c="dimmed">
          {t('quickDiagnosis.form.help')}
        </Text>
      </Stack>
    </Fieldset>
  );
}
