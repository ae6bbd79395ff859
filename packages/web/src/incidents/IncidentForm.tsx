import {
  Anchor,
  Button,
  Fieldset,
  Group,
  Loader,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { IncidentReportInputSchema, incidentCareSettings, type IncidentReportInput } from '@loket/domain';
import { hasRole, useMe } from '../accounts/me.resource';
import { clientProblems } from '../admin/problems';
import { newIdempotencyKey, useReferralList } from '../referrals/referrals.resource';
import { api } from '../shared/api';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import { FormProblems, useProblemText } from '../shared/form/FormProblems';
import { AreaField, ProblemFields, TextField } from '../shared/form/ProblemFields';
import { useFormSubmit } from '../shared/form/useFormSubmit';
import { useDepartmentOptions } from '../telephone-advice/useDepartmentOptions';
import {
  incidentRoles,
  useReporterDefaults,
  useStoreIncident,
  type IncidentView,
} from './incidents.resource';

export function NewIncidentPage() {
  return (
    <RequireRole roles={incidentRoles}>
      <Prefilled />
    </RequireRole>
  );
}

interface FormState {
  name: string;
  organisation: string;
  phone: string;
  email: string;
  occurredOn: string;
  occurredUntil: string;
  description: string;
  suggestions: string;
  departmentId: string;
  careSetting: string;
  initials: string;
  birthName: string;
  birthDate: string;
  hospitalNumber: string;
  consequences: string;
  actionTaken: string;
  referralReference: string;
}

/** Where each field's problems are reported. */
const pathOf: Record<keyof FormState, string> = {
  name: 'reporter.name',
  organisation: 'reporter.organisation',
  phone: 'reporter.phone',
  email: 'reporter.email',
  occurredOn: 'occurredOn',
  occurredUntil: 'occurredUntil',
  description: 'description',
  suggestions: 'suggestions',
  departmentId: 'departmentId',
  careSetting: 'careSetting',
  initials: 'patient.initials',
  birthName: 'patient.birthName',
  birthDate: 'patient.birthDate',
  hospitalNumber: 'patient.hospitalNumber',
  consequences: 'consequences',
  actionTaken: 'actionTaken',
  referralReference: 'referralReference',
};

function toInput(f: FormState): IncidentReportInput {
  return {
    reporter: { name: f.name, organisation: f.organisation, phone: f.phone, email: f.email },
    occurredOn: f.occurredOn,
    occurredUntil: f.occurredUntil,
    description: f.description,
    suggestions: f.suggestions,
    departmentId: f.departmentId,
    careSetting: f.careSetting as IncidentReportInput['careSetting'],
    patient: {
      initials: f.initials,
      birthName: f.birthName,
      birthDate: f.birthDate,
      hospitalNumber: f.hospitalNumber,
    },
    consequences: f.consequences,
    actionTaken: f.actionTaken,
    referralReference: f.referralReference,
  };
}

/** The contact details come from the account; the form opens once they are known. */
function Prefilled() {
  const { t } = useTranslation();
  const defaults = useReporterDefaults();
  if (defaults.isLoading) return <Loader aria-label={t('common.loading')} />;
  if (!defaults.data) return <ErrorAlert error={defaults.error} />;
  const d = defaults.data;
  return (
    <IncidentForm
      initial={{
        name: d.name,
        organisation: d.organisation ?? '',
        phone: d.phone ?? '',
        email: d.email,
        occurredOn: '',
        occurredUntil: '',
        description: '',
        suggestions: '',
        departmentId: '',
        careSetting: '',
        initials: '',
        birthName: '',
        birthDate: '',
        hospitalNumber: '',
        consequences: '',
        actionTaken: '',
        referralReference: '',
      }}
    />
  );
}

function DepartmentFields(props: {
  departmentId: string;
  careSetting: string;
  onDepartment: (v: string) => void;
  onCareSetting: (v: string) => void;
}) {
  const { t } = useTranslation();
  const departments = useDepartmentOptions();
  const problem = useProblemText('incidents');
  return (
    <>
      <NativeSelect
        label={t('incidents.fields.department')}
        withAsterisk
        data={[{ value: '', label: t('incidents.form.chooseDepartment') }, ...departments]}
        value={props.departmentId}
        onChange={(e) => props.onDepartment(e.currentTarget.value)}
        error={problem('departmentId', props.departmentId)}
        data-testid="inc-department"
      />
      <Radio.Group
        label={t('incidents.fields.careSetting')}
        withAsterisk
        value={props.careSetting}
        onChange={props.onCareSetting}
        error={problem('careSetting', props.careSetting)}
        data-testid="inc-care-setting"
      >
        <Group mt={6} gap="lg">
          {incidentCareSettings.map((s) => (
            <Radio key={s} value={s} label={t(`incidents.careSetting.${s}`)} />
          ))}
        </Group>
      </Radio.Group>
    </>
  );
}

/** A referrer links the report to one of their sent referrals, if it concerns one. */
function ReferralSelect({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  const referrals = useReferralList();
  const error = useProblemText('incidents')('referralReference', value);
  const linkable = (referrals.data?.referrals ?? []).filter((r) => r.state !== 'draft');
  return (
    <NativeSelect
      label={t('incidents.fields.referral')}
      description={t('incidents.form.referralHint')}
      data={[
        { value: '', label: t('incidents.form.noReferral') },
        ...linkable.map((r) => ({
          value: r.reference,
          label: [r.reference, r.patientName].filter(Boolean).join(' · '),
        })),
      ]}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      data-testid="inc-referral"
    />
  );
}

/** Reporting a transmural incident with exactly what the hospital asks for (R-INC-01). */
function IncidentForm({ initial }: { initial: FormState }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const store = useStoreIncident();
  const { data: me } = useMe();
  const referrer = hasRole(me, 'referrer');
  const [form, setForm] = useState<FormState>(initial);
  const [key] = useState(newIdempotencyKey);
  const { error, problems, pending, submit, touch } = useFormSubmit();
  const set = (k: keyof FormState) => (v: string) => {
    setForm((f) => ({ ...f, [k]: v }));
    touch(pathOf[k]);
  };
  const labels: Record<string, string> = {
    'reporter.name': t('incidents.fields.name'),
    'reporter.organisation': t('incidents.fields.organisation'),
    'reporter.phone': t('incidents.fields.phone'),
    'reporter.email': t('incidents.fields.email'),
    occurredOn: t('incidents.fields.occurredOn'),
    occurredUntil: t('incidents.fields.occurredUntil'),
    description: t('incidents.fields.description'),
    suggestions: t('incidents.fields.suggestions'),
    departmentId: t('incidents.fields.department'),
    careSetting: t('incidents.fields.careSetting'),
    'patient.initials': t('incidents.fields.initials'),
    'patient.birthName': t('incidents.fields.birthName'),
    'patient.birthDate': t('incidents.fields.birthDate'),
    'patient.hospitalNumber': t('incidents.fields.hospitalNumber'),
    consequences: t('incidents.fields.consequences'),
    actionTaken: t('incidents.fields.actionTaken'),
    referralReference: t('incidents.fields.referral'),
  };

  const save = () =>
    submit(
      () => {
        const check = IncidentReportInputSchema.safeParse(toInput(form));
        return check.success ? null : clientProblems(check.error, 'invalid-input', t('errors.invalid-input'));
      },
      async () => {
        const view = await api<IncidentView>('/api/incidents', { body: toInput(form), idempotencyKey: key });
        store(view);
        navigate(`/incidents/${view.id}`, { state: { notice: 'reported' } });
      },
    );

  return (
    <ProblemFields problems={problems} prefix="incidents">
      <Stack gap="lg">
        <Stack gap={4}>
          <Anchor component={Link} to="/incidents" size="sm">
            ← {t('incidents.list.title')}
          </Anchor>
          <Title order={1}>{t('incidents.form.title')}</Title>
          <Text>{t('incidents.form.intro')}</Text>
        </Stack>
        <form
          noValidate
          aria-label={t('incidents.form.title')}
          data-testid="incident-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Stack gap="lg" maw={860}>
            <Fieldset legend={t('incidents.form.contact')}>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextField
                  path="reporter.name"
                  label={t('incidents.fields.name')}
                  required
                  value={form.name}
                  onChange={set('name')}
                  testId="inc-name"
                />
                <TextField
                  path="reporter.organisation"
                  label={t('incidents.fields.organisation')}
                  value={form.organisation}
                  onChange={set('organisation')}
                  testId="inc-organisation"
                />
                <TextField
                  path="reporter.phone"
                  type="tel"
                  label={t('incidents.fields.phone')}
                  value={form.phone}
                  onChange={set('phone')}
                  testId="inc-phone"
                />
                <TextField
                  path="reporter.email"
                  type="email"
                  label={t('incidents.fields.email')}
                  required
                  value={form.email}
                  onChange={set('email')}
                  testId="inc-email"
                />
              </SimpleGrid>
            </Fieldset>

            <Fieldset legend={t('incidents.form.incident')}>
              <Stack gap="sm">
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <TextField
                    path="occurredOn"
                    type="date"
                    label={t('incidents.fields.occurredOn')}
                    required
                    value={form.occurredOn}
                    onChange={set('occurredOn')}
                    testId="inc-occurred-on"
                  />
                  <TextField
                    path="occurredUntil"
                    type="date"
                    label={t('incidents.fields.occurredUntil')}
                    description={t('incidents.form.periodHint')}
                    value={form.occurredUntil}
                    onChange={set('occurredUntil')}
                    testId="inc-occurred-until"
                  />
                </SimpleGrid>
                <AreaField
                  path="description"
                  label={t('incidents.fields.description')}
                  required
                  value={form.description}
                  onChange={set('description')}
                  testId="inc-description"
                />
                <AreaField
                  path="suggestions"
                  label={t('incidents.fields.suggestions')}
                  value={form.suggestions}
                  onChange={set('suggestions')}
                  testId="inc-suggestions"
                />
              </Stack>
            </Fieldset>

            <Fieldset legend={t('incidents.form.department')}>
              <Stack gap="sm">
                <DepartmentFields
                  departmentId={form.departmentId}
                  careSetting={form.careSetting}
                  onDepartment={set('departmentId')}
                  onCareSetting={set('careSetting')}
                />
              </Stack>
            </Fieldset>

            <Fieldset legend={t('incidents.form.patient')}>
              <Stack gap="sm">
                <Text size="sm" c="dimmed">
                  {t('incidents.form.noBsn')}
                </Text>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <TextField
                    path="patient.initials"
                    label={t('incidents.fields.initials')}
                    required
                    value={form.initials}
                    onChange={set('initials')}
                    testId="inc-initials"
                  />
                  <TextField
                    path="patient.birthName"
                    label={t('incidents.fields.birthName')}
                    required
                    value={form.birthName}
                    onChange={set('birthName')}
                    testId="inc-birth-name"
                  />
                  <TextField
                    path="patient.birthDate"
                    type="date"
                    label={t('incidents.fields.birthDate')}
                    required
                    value={form.birthDate}
                    onChange={set('birthDate')}
                    testId="inc-birth-date"
                  />
                  <TextField
                    path="patient.hospitalNumber"
                    label={t('incidents.fields.hospitalNumber')}
                    description={t('incidents.form.hospitalNumberHint')}
                    value={form.hospitalNumber}
                    onChange={set('hospitalNumber')}
                    testId="inc-hospital-number"
                  />
                </SimpleGrid>
              </Stack>
            </Fieldset>

            <Fieldset legend={t('incidents.form.consequences')}>
              <Stack gap="sm">
                <AreaField
                  path="consequences"
                  label={t('incidents.fields.consequences')}
                  required
                  value={form.consequences}
                  onChange={set('consequences')}
                  testId="inc-consequences"
                />
                <AreaField
                  path="actionTaken"
                  label={t('incidents.fields.actionTaken')}
                  value={form.actionTaken}
                  onChange={set('actionTaken')}
                  testId="inc-action-taken"
                />
                {referrer ? (
                  <ReferralSelect value={form.referralReference} onChange={set('referralReference')} />
                ) : (
                  <TextField
                    path="referralReference"
                    label={t('incidents.fields.referral')}
                    description={t('incidents.form.referralHint')}
                    placeholder="VW-2026-000123"
                    value={form.referralReference}
                    onChange={set('referralReference')}
                    testId="inc-referral"
                  />
                )}
              </Stack>
            </Fieldset>

            <FormProblems error={error} labels={labels} />
            <Group>
              <Button type="submit" loading={pending} data-testid="inc-submit">
                {t('incidents.form.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </ProblemFields>
  );
}
