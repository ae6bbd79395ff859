import {
  Alert,
  Anchor,
  Button,
  Fieldset,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { TelephoneAdviceInputSchema, type TelephoneAdviceInput } from '@loket/domain';
import { clientProblems } from '../admin/problems';
import { todayInNetherlands } from '../referrals/format';
import { bsnFeedback } from '../referrals/PatientFields';
import { newIdempotencyKey } from '../referrals/referrals.resource';
import { api } from '../shared/api';
import { FormProblems, useProblemText } from '../shared/form/FormProblems';
import { AreaField, ProblemFields, TextField } from '../shared/form/ProblemFields';
import { useFormSubmit } from '../shared/form/useFormSubmit';
import { RequireRole } from '../shared/RequireRole';
import { useStoreTelephoneAdvice, type TelephoneAdviceView } from './telephone-advice.resource';
import { useDepartmentOptions } from './useDepartmentOptions';

export function NewTelephoneAdvicePage() {
  return (
    <RequireRole roles={['referrer', 'back-office', 'triage-supervisor', 'specialist']}>
      <TelephoneAdviceForm />
    </RequireRole>
  );
}

interface FormState {
  bsn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
  departmentId: string;
  consultedSpecialist: string;
  consultedOn: string;
  advice: string;
  supplementaryInfo: string;
}

const empty = (): FormState => ({
  bsn: '',
  givenName: '',
  familyName: '',
  birthDate: '',
  street: '',
  houseNumber: '',
  postcode: '',
  city: '',
  departmentId: '',
  consultedSpecialist: '',
  consultedOn: todayInNetherlands(),
  advice: '',
  supplementaryInfo: '',
});

/** Where each field's problems are reported. */
const pathOf: Record<keyof FormState, string> = {
  bsn: 'patient.bsn',
  givenName: 'patient.givenName',
  familyName: 'patient.familyName',
  birthDate: 'patient.birthDate',
  street: 'patient.street',
  houseNumber: 'patient.houseNumber',
  postcode: 'patient.postcode',
  city: 'patient.city',
  departmentId: 'departmentId',
  consultedSpecialist: 'consultedSpecialist',
  consultedOn: 'consultedOn',
  advice: 'advice',
  supplementaryInfo: 'supplementaryInfo',
};

function toInput(f: FormState): TelephoneAdviceInput {
  return {
    patient: {
      bsn: f.bsn,
      givenName: f.givenName,
      familyName: f.familyName,
      birthDate: f.birthDate,
      street: f.street,
      houseNumber: f.houseNumber,
      postcode: f.postcode,
      city: f.city,
    },
    departmentId: f.departmentId,
    consultedSpecialist: f.consultedSpecialist,
    consultedOn: f.consultedOn,
    advice: f.advice,
    supplementaryInfo: f.supplementaryInfo,
  };
}

function DepartmentSelect({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  const departments = useDepartmentOptions();
  const error = useProblemText('telephoneAdvice')('departmentId', value);
  return (
    <NativeSelect
      label={t('telephoneAdvice.fields.department')}
      withAsterisk
      data={[{ value: '', label: t('telephoneAdvice.form.chooseDepartment') }, ...departments]}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      data-testid="ta-department"
    />
  );
}

/**
 * Records the advice received by telephone (R-TEL-01). What was typed stays when the server refuses; one key
 * per form makes a double click one record.
 */
function TelephoneAdviceForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const store = useStoreTelephoneAdvice();
  const [form, setForm] = useState<FormState>(empty);
  const [key] = useState(newIdempotencyKey);
  const { error, problems, pending, submit, touch } = useFormSubmit();
  const set = (k: keyof FormState) => (v: string) => {
    setForm((f) => ({ ...f, [k]: v }));
    touch(pathOf[k]);
  };
  const bsn = bsnFeedback(form.bsn);
  const labels: Record<string, string> = {
    'patient.bsn': t('telephoneAdvice.fields.bsn'),
    'patient.givenName': t('telephoneAdvice.fields.givenName'),
    'patient.familyName': t('telephoneAdvice.fields.familyName'),
    'patient.birthDate': t('telephoneAdvice.fields.birthDate'),
    'patient.street': t('telephoneAdvice.fields.street'),
    'patient.houseNumber': t('telephoneAdvice.fields.houseNumber'),
    'patient.postcode': t('telephoneAdvice.fields.postcode'),
    'patient.city': t('telephoneAdvice.fields.city'),
    departmentId: t('telephoneAdvice.fields.department'),
    consultedSpecialist: t('telephoneAdvice.fields.consultedSpecialist'),
    consultedOn: t('telephoneAdvice.fields.consultedOn'),
    advice: t('telephoneAdvice.fields.advice'),
    supplementaryInfo: t('telephoneAdvice.fields.supplementaryInfo'),
  };

  const save = () =>
    submit(
      () => {
        const check = TelephoneAdviceInputSchema.safeParse(toInput(form));
        return check.success ? null : clientProblems(check.error, 'invalid-input', t('errors.invalid-input'));
      },
      async () => {
        const view = await api<TelephoneAdviceView>('/api/telephone-advice', {
          body: toInput(form),
          idempotencyKey: key,
        });
        store(view);
        navigate(`/telephone-advice/${view.id}`, { state: { notice: 'recorded' } });
      },
    );

  return (
    <ProblemFields problems={problems} prefix="telephoneAdvice">
      <Stack gap="lg">
        <Stack gap={4}>
          <Anchor component={Link} to="/telephone-advice" size="sm">
            ← {t('telephoneAdvice.list.title')}
          </Anchor>
          <Title order={1}>{t('telephoneAdvice.form.title')}</Title>
          <Text>{t('telephoneAdvice.form.intro')}</Text>
        </Stack>
        <form
          noValidate
          aria-label={t('telephoneAdvice.form.title')}
          data-testid="telephone-advice-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Stack gap="lg" maw={860}>
            <Fieldset legend={t('telephoneAdvice.form.patient')}>
              <Stack gap="sm">
                <TextField
                  path="patient.bsn"
                  label={t('telephoneAdvice.fields.bsn')}
                  inputMode="numeric"
                  required
                  value={form.bsn}
                  onChange={set('bsn')}
                  testId="ta-bsn"
                  error={bsn === 'invalid' ? t('telephoneAdvice.form.bsnInvalid') : undefined}
                />
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                  <TextField
                    path="patient.givenName"
                    label={t('telephoneAdvice.fields.givenName')}
                    value={form.givenName}
                    onChange={set('givenName')}
                    testId="ta-given-name"
                  />
                  <TextField
                    path="patient.familyName"
                    label={t('telephoneAdvice.fields.familyName')}
                    required
                    value={form.familyName}
                    onChange={set('familyName')}
                    testId="ta-family-name"
                  />
                  <TextField
                    path="patient.birthDate"
                    type="date"
                    label={t('telephoneAdvice.fields.birthDate')}
                    required
                    value={form.birthDate}
                    onChange={set('birthDate')}
                    testId="ta-birth-date"
                  />
                </SimpleGrid>
                <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="sm">
                  <TextField
                    path="patient.street"
                    label={t('telephoneAdvice.fields.street')}
                    required
                    value={form.street}
                    onChange={set('street')}
                    testId="ta-street"
                  />
                  <TextField
                    path="patient.houseNumber"
                    label={t('telephoneAdvice.fields.houseNumber')}
                    required
                    value={form.houseNumber}
                    onChange={set('houseNumber')}
                    testId="ta-house-number"
                  />
                  <TextField
                    path="patient.postcode"
                    label={t('telephoneAdvice.fields.postcode')}
                    required
                    value={form.postcode}
                    onChange={set('postcode')}
                    testId="ta-postcode"
                  />
                  <TextField
                    path="patient.city"
                    label={t('telephoneAdvice.fields.city')}
                    value={form.city}
                    onChange={set('city')}
                    testId="ta-city"
                  />
                </SimpleGrid>
              </Stack>
            </Fieldset>

            <Fieldset legend={t('telephoneAdvice.form.consultation')}>
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <DepartmentSelect value={form.departmentId} onChange={set('departmentId')} />
                <TextField
                  path="consultedSpecialist"
                  label={t('telephoneAdvice.fields.consultedSpecialist')}
                  value={form.consultedSpecialist}
                  onChange={set('consultedSpecialist')}
                  testId="ta-specialist"
                />
                <TextField
                  path="consultedOn"
                  type="date"
                  label={t('telephoneAdvice.fields.consultedOn')}
                  required
                  value={form.consultedOn}
                  onChange={set('consultedOn')}
                  testId="ta-consulted-on"
                />
              </SimpleGrid>
            </Fieldset>

            <Fieldset legend={t('telephoneAdvice.form.adviceLegend')}>
              <Stack gap="sm">
                <AreaField
                  path="advice"
                  minRows={4}
                  maxRows={14}
                  label={t('telephoneAdvice.fields.advice')}
                  required
                  value={form.advice}
                  onChange={set('advice')}
                  testId="ta-advice"
                />
                <AreaField
                  path="supplementaryInfo"
                  minRows={4}
                  maxRows={14}
                  label={t('telephoneAdvice.fields.supplementaryInfo')}
                  description={t('telephoneAdvice.form.supplementaryHint')}
                  value={form.supplementaryInfo}
                  onChange={set('supplementaryInfo')}
                  testId="ta-supplementary"
                />
              </Stack>
            </Fieldset>

            <Alert color="blue" title={t('telephoneAdvice.form.consentTitle')}>
              {t('telephoneAdvice.form.consentText')}
            </Alert>
            <FormProblems error={error} labels={labels} />
            <Group>
              <Button type="submit" loading={pending} data-testid="ta-submit">
                {t('telephoneAdvice.form.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </ProblemFields>
  );
}
