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
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { TelephoneAdviceInputSchema, type TelephoneAdviceInput } from '@loket/domain';
import { clientProblems, problemMap, problemsOfError, ProblemsContext } from '../admin/problems';
import { todayInNetherlands } from '../referrals/format';
import { bsnFeedback } from '../referrals/PatientFields';
import { newIdempotencyKey } from '../referrals/referrals.resource';
import { api } from '../shared/api';
import { RequireRole } from '../shared/RequireRole';
import { useStoreTelephoneAdvice, type TelephoneAdviceView } from './telephone-advice.resource';
import { FormProblems, useProblemText } from './FormProblems';
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

/** A text field whose error comes from the server's (or the schema's) problem at `path`. */
function Field({
  path,
  value,
  onChange,
  ...props
}: {
  path: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
  required?: boolean;
  description?: string;
  inputMode?: 'numeric';
  autoComplete?: string;
  testId: string;
  error?: string;
}) {
  const problem = useProblemText('telephoneAdvice');
  const error = problem(path, value);
  return (
    <TextInput
      label={props.label}
      type={props.type}
      withAsterisk={props.required}
      description={props.description}
      inputMode={props.inputMode}
      autoComplete={props.autoComplete ?? 'off'}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      // Live feedback (the 11-test as one types) wins over an earlier refusal.
      error={props.error ?? error}
      data-testid={props.testId}
    />
  );
}

function AreaField({
  path,
  label,
  description,
  value,
  onChange,
  required,
  testId,
}: {
  path: string;
  label: string;
  description?: string;
  value: string;
  onChange: (v: string) => void;
  required?: boolean;
  testId: string;
}) {
  const error = useProblemText('telephoneAdvice')(path, value);
  return (
    <Textarea
      label={label}
      description={description}
      withAsterisk={required}
      autosize
      minRows={4}
      maxRows={14}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      data-testid={testId}
    />
  );
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
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const busy = useRef(false);
  // A field changed since the refusal no longer shows its old problem.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const problems = useMemo(() => {
    const map = problemMap(problemsOfError(error));
    for (const path of edited) map.delete(path);
    return map;
  }, [error, edited]);
  const set = (k: keyof FormState) => (v: string) => {
    setForm((f) => ({ ...f, [k]: v }));
    setEdited((e) => new Set(e).add(pathOf[k]));
  };
  const refuse = (e: unknown) => {
    setError(e);
    setEdited(new Set());
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

  const save = async () => {
    if (busy.current) return;
    const check = TelephoneAdviceInputSchema.safeParse(toInput(form));
    if (!check.success) {
      refuse(clientProblems(check.error, 'invalid-input', t('errors.invalid-input')));
      return;
    }
    busy.current = true;
    setPending(true);
    setError(null);
    try {
      const view = await api<TelephoneAdviceView>('/api/telephone-advice', {
        body: toInput(form),
        idempotencyKey: key,
      });
      store(view);
      navigate(`/telephone-advice/${view.id}`, { state: { notice: 'recorded' } });
    } catch (e) {
      refuse(e);
    } finally {
      busy.current = false;
      setPending(false);
    }
  };

  return (
    <ProblemsContext.Provider value={problems}>
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
                <Field
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
                  <Field
                    path="patient.givenName"
                    label={t('telephoneAdvice.fields.givenName')}
                    value={form.givenName}
                    onChange={set('givenName')}
                    testId="ta-given-name"
                  />
                  <Field
                    path="patient.familyName"
                    label={t('telephoneAdvice.fields.familyName')}
                    required
                    value={form.familyName}
                    onChange={set('familyName')}
                    testId="ta-family-name"
                  />
                  <Field
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
                  <Field
                    path="patient.street"
                    label={t('telephoneAdvice.fields.street')}
                    required
                    value={form.street}
                    onChange={set('street')}
                    testId="ta-street"
                  />
                  <Field
                    path="patient.houseNumber"
                    label={t('telephoneAdvice.fields.houseNumber')}
                    required
                    value={form.houseNumber}
                    onChange={set('houseNumber')}
                    testId="ta-house-number"
                  />
                  <Field
                    path="patient.postcode"
                    label={t('telephoneAdvice.fields.postcode')}
                    required
                    value={form.postcode}
                    onChange={set('postcode')}
                    testId="ta-postcode"
                  />
                  <Field
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
                <Field
                  path="consultedSpecialist"
                  label={t('telephoneAdvice.fields.consultedSpecialist')}
                  value={form.consultedSpecialist}
                  onChange={set('consultedSpecialist')}
                  testId="ta-specialist"
                />
                <Field
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
                  label={t('telephoneAdvice.fields.advice')}
                  required
                  value={form.advice}
                  onChange={set('advice')}
                  testId="ta-advice"
                />
                <AreaField
                  path="supplementaryInfo"
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
    </ProblemsContext.Provider>
  );
}
