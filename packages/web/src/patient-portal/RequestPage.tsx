import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Fieldset,
  Group,
  List,
  NativeSelect,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import {
  MIN_PASSWORD_LENGTH,
  PatientSecondOpinionRequestSchema,
  problemsOf,
  resolveText,
  type PatientSecondOpinionRequestInput,
} from '@loket/domain';
import { hasRole, useMe } from '../accounts/me.resource';
import { bsnFeedback } from '../referrals/PatientFields';
import { newIdempotencyKey } from '../referrals/referrals.resource';
import { api, ApiError } from '../shared/api';
import { FormProblems, useProblemText } from '../shared/form/FormProblems';
import { AreaField, ProblemFields, TextField } from '../shared/form/ProblemFields';
import { useFormSubmit } from '../shared/form/useFormSubmit';
import { useLanguage } from '../shared/i18n';
import { portalKeys, useSecondOpinionDepartments } from './portal.resource';
import { useCatalog } from '../referral-guide/catalog.resource';
import { CancerKindSelect } from '../second-opinions/CancerKindSelect';

/** Countries patients most often write from; the rest choose "other" and are called. */
const countries = [
  'NL',
  'BE',
  'DE',
  'FR',
  'LU',
  'GB',
  'IE',
  'ES',
  'PT',
  'IT',
  'AT',
  'CH',
  'DK',
  'SE',
  'NO',
  'FI',
  'PL',
  'CZ',
  'HU',
  'RO',
  'BG',
  'GR',
  'TR',
  'MA',
  'SR',
  'CW',
  'AW',
  'ID',
  'US',
  'CA',
  'AU',
];

interface FormState {
  givenName: string;
  familyName: string;
  birthDate: string;
  hasBsn: boolean;
  bsn: string;
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
  country: string;
  email: string;
  phone: string;
  departmentId: string;
  cancerKind: string;
  question: string;
  specialistName: string;
  specialistOrganisation: string;
  specialistEmail: string;
  treatedAbroad: boolean;
  imagingDone: boolean;
  familyDoctorName: string;
  familyDoctorEmail: string;
  password: string;
  consentToObtainRecords: boolean;
  responsibilitiesRead: boolean;
}

const empty: FormState = {
  givenName: '',
  familyName: '',
  birthDate: '',
  hasBsn: true,
  bsn: '',
  street: '',
  houseNumber: '',
  postcode: '',
  city: '',
  country: 'NL',
  email: '',
  phone: '',
  departmentId: '',
  cancerKind: '',
  question: '',
  specialistName: '',
  specialistOrganisation: '',
  specialistEmail: '',
  treatedAbroad: false,
  imagingDone: false,
  familyDoctorName: '',
  familyDoctorEmail: '',
  password: '',
  consentToObtainRecords: false,
  responsibilitiesRead: false,
};

const pathOf: Record<keyof FormState, string> = {
  givenName: 'patient.givenName',
  familyName: 'patient.familyName',
  birthDate: 'patient.birthDate',
  hasBsn: 'hasBsn',
  bsn: 'patient.bsn',
  street: 'patient.street',
  houseNumber: 'patient.houseNumber',
  postcode: 'patient.postcode',
  city: 'patient.city',
  country: 'patient.country',
  email: 'patient.email',
  phone: 'patient.phone',
  departmentId: 'departmentId',
  cancerKind: 'cancerKind',
  question: 'question',
  specialistName: 'treatingSpecialist.name',
  specialistOrganisation: 'treatingSpecialist.organisation',
  specialistEmail: 'treatingSpecialist.email',
  treatedAbroad: 'treatedAbroad',
  imagingDone: 'imagingDone',
  familyDoctorName: 'familyDoctor.name',
  familyDoctorEmail: 'familyDoctor.email',
  password: 'password',
  consentToObtainRecords: 'consentToObtainRecords',
  responsibilitiesRead: 'responsibilitiesRead',
};

function toInput(f: FormState, withPassword: boolean): PatientSecondOpinionRequestInput {
  return {
    patient: {
      bsn: f.hasBsn ? f.bsn : '',
      givenName: f.givenName,
      familyName: f.familyName,
      birthDate: f.birthDate,
      street: f.street,
      houseNumber: f.houseNumber,
      postcode: f.postcode,
      city: f.city,
      country: f.country,
      email: f.email,
      phone: f.phone,
    },
    hasBsn: f.hasBsn,
    departmentId: f.departmentId,
    cancerKind: f.cancerKind || null,
    question: f.question,
    treatingSpecialist: {
      name: f.specialistName,
      organisation: f.specialistOrganisation,
      email: f.specialistEmail,
    },
    treatedAbroad: f.treatedAbroad,
    imagingDone: f.imagingDone,
    // The family doctor's address lets the advice reach them (R-COM-01); without one the letter goes by post.
    ...(f.familyDoctorName.trim() || f.familyDoctorEmail.trim()
      ? { familyDoctor: { name: f.familyDoctorName, email: f.familyDoctorEmail } }
      : {}),
    ...(withPassword ? { password: f.password } : {}),
    consentToObtainRecords: f.consentToObtainRecords,
    responsibilitiesRead: f.responsibilitiesRead,
  };
}

/**
 * "Request a second opinion": a patient, in the Netherlands or abroad, asks for a second opinion themself
 * (R-SO-02), gives consent to obtain their records (R-CON-01) and confirms what they arrange themselves (seeds/004).
 * Signed out, the request makes their patient account and the page says "check your e-mail": the answer is the same
 * whether or not the address already has an account (docs/security.md section 7), and the e-mail tells the rest.
 * A signed-in patient just asks and lands in the portal.
 */
export function RequestPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { data: me } = useMe();
  const departments = useSecondOpinionDepartments();
  const quickDiagnosis = useCatalog().data?.hospital.quickDiagnosis;
  const [form, setForm] = useState<FormState>(empty);
  const [key, setKey] = useState(newIdempotencyKey);
  // Signed out and sent: the address the e-mail went to.
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { error, problems, pending, submit, touch } = useFormSubmit();
  const problemText = useProblemText('patientPortal');
  const signedInPatient = Boolean(me?.signedIn && hasRole(me, 'patient'));
  const otherUser = Boolean(me?.signedIn && !hasRole(me, 'patient'));
  const set =
    <K extends keyof FormState>(k: K) =>
    (v: FormState[K]) => {
      setForm((f) => ({ ...f, [k]: v }));
      touch(pathOf[k]);
    };
  const bsn = form.hasBsn ? bsnFeedback(form.bsn) : null;
  const countryNames = useMemo(() => {
    const names = new Intl.DisplayNames([lang], { type: 'region' });
    return countries
      .map((c) => ({ value: c, label: names.of(c) ?? c }))
      .sort((a, b) => (a.value === 'NL' ? -1 : b.value === 'NL' ? 1 : a.label.localeCompare(b.label, lang)));
  }, [lang]);
  const labels: Record<string, string> = Object.fromEntries(
    Object.entries(pathOf).map(([k, path]) => [path, t(`patientPortal.fields.${k}`)]),
  );

  const send = () =>
    submit(
      () => {
        const check = PatientSecondOpinionRequestSchema.safeParse(toInput(form, !signedInPatient));
        const found = check.success ? [] : problemsOf(check.error);
        // A newcomer's account needs a password; the shared schema leaves it optional for signed-in patients.
        if (!signedInPatient && form.password === '')
          found.push({ path: 'password', message: 'Choose a password' });
        return found.length ? new ApiError(400, 'invalid-input', t('errors.invalid-input'), found) : null;
      },
      async () => {
        const made = await api<{ id?: string; reference?: string; status?: string }>(
          '/api/patient-portal/requests',
          { body: toInput(form, !signedInPatient), idempotencyKey: key },
        );
        if (!made.reference) {
          setSentTo(form.email.trim());
          window.scrollTo({ top: 0 });
          return;
        }
        await client.invalidateQueries({ queryKey: portalKeys.overview });
        navigate('/portal', { state: { received: made.reference } });
      },
    );

  if (sentTo)
    return (
      <Stack gap="lg" maw={720} data-testid="pp-check-email">
        <Title order={1}>{t('patientPortal.request.checkEmail.title')}</Title>
        <Alert
          color="blue"
          role="status"
          title={t('patientPortal.request.checkEmail.sentTo', { email: sentTo })}
        >
          <Stack gap="xs">
            <Text>{t('patientPortal.request.checkEmail.next')}</Text>
            <Text>{t('patientPortal.request.checkEmail.haveAccount')}</Text>
          </Stack>
        </Alert>
        <Text size="sm" c="dimmed">
          {t('patientPortal.request.checkEmail.noMail')}
        </Text>
        <Group>
          <Button
            variant="default"
            onClick={() => {
              setForm(empty);
              setKey(newIdempotencyKey());
              setSentTo(null);
            }}
          >
            {t('patientPortal.request.checkEmail.again')}
          </Button>
        </Group>
      </Stack>
    );

  if (otherUser)
    return (
      <Alert color="orange" role="alert" data-testid="not-permitted">
        {t('patientPortal.request.notAsStaff')}
      </Alert>
    );

  return (
    <ProblemFields problems={problems} prefix="patientPortal">
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>{t('patientPortal.request.title')}</Title>
          <Text>{t('patientPortal.request.intro')}</Text>
          {!me?.signedIn && (
            <Text size="sm">
              {t('patientPortal.request.haveAccount')}{' '}
              <Anchor component={Link} to="/sign-in?next=%2Fsecond-opinion%2Frequest">
                {t('accounts.signIn')}
              </Anchor>
            </Text>
          )}
        </Stack>
        <form
          noValidate
          aria-label={t('patientPortal.request.title')}
          data-testid="second-opinion-request-form"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <Stack gap="lg" maw={860}>
            <Fieldset legend={t('patientPortal.request.you')}>
              <Stack gap="sm">
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextField
                    path="patient.givenName"
                    label={labels['patient.givenName']!}
                    required
                    autoComplete="given-name"
                    value={form.givenName}
                    onChange={set('givenName')}
                    testId="pp-given-name"
                  />
                  <TextField
                    path="patient.familyName"
                    label={labels['patient.familyName']!}
                    required
                    autoComplete="family-name"
                    value={form.familyName}
                    onChange={set('familyName')}
                    testId="pp-family-name"
                  />
                </SimpleGrid>
                <TextField
                  path="patient.birthDate"
                  label={labels['patient.birthDate']!}
                  type="date"
                  required
                  autoComplete="bday"
                  value={form.birthDate}
                  onChange={set('birthDate')}
                  testId="pp-birth-date"
                />
                <Checkbox
                  label={t('patientPortal.fields.hasBsn')}
                  description={t('patientPortal.request.bsnHelp')}
                  checked={form.hasBsn}
                  onChange={(e) => set('hasBsn')(e.currentTarget.checked)}
                  data-testid="pp-has-bsn"
                />
                {form.hasBsn && (
                  <TextField
                    path="patient.bsn"
                    label={labels['patient.bsn']!}
                    inputMode="numeric"
                    required
                    value={form.bsn}
                    onChange={set('bsn')}
                    error={bsn === 'invalid' ? t('patientPortal.problems.invalid.patient.bsn') : undefined}
                    testId="pp-bsn"
                  />
                )}
              </Stack>
            </Fieldset>

            <Fieldset legend={t('patientPortal.request.contact')}>
              <Stack gap="sm">
                <NativeSelect
                  label={labels['patient.country']}
                  withAsterisk
                  data={countryNames}
                  value={form.country}
                  onChange={(e) => set('country')(e.currentTarget.value)}
                  error={problemText('patient.country', form.country)}
                  data-testid="pp-country"
                />
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextField
                    path="patient.street"
                    label={labels['patient.street']!}
                    required
                    autoComplete="address-line1"
                    value={form.street}
                    onChange={set('street')}
                    testId="pp-street"
                  />
                  <TextField
                    path="patient.houseNumber"
                    label={labels['patient.houseNumber']!}
                    value={form.houseNumber}
                    onChange={set('houseNumber')}
                    testId="pp-house-number"
                  />
                  <TextField
                    path="patient.postcode"
                    label={labels['patient.postcode']!}
                    autoComplete="postal-code"
                    value={form.postcode}
                    onChange={set('postcode')}
                    testId="pp-postcode"
                  />
                  <TextField
                    path="patient.city"
                    label={labels['patient.city']!}
                    required
                    autoComplete="address-level2"
                    value={form.city}
                    onChange={set('city')}
                    testId="pp-city"
                  />
                  <TextField
                    path="patient.email"
                    label={labels['patient.email']!}
                    type="email"
                    required
                    autoComplete="email"
                    value={form.email}
                    onChange={set('email')}
                    testId="pp-email"
                  />
                  <TextField
                    path="patient.phone"
                    label={labels['patient.phone']!}
                    type="tel"
                    required
                    autoComplete="tel"
                    description={t('patientPortal.request.phoneHelp')}
                    value={form.phone}
                    onChange={set('phone')}
                    testId="pp-phone"
                  />
                </SimpleGrid>
              </Stack>
            </Fieldset>

            <Fieldset legend={t('patientPortal.request.question')}>
              <Stack gap="sm">
                <NativeSelect
                  label={labels.departmentId}
                  withAsterisk
                  data={[
                    { value: '', label: t('patientPortal.request.chooseDepartment') },
                    ...(departments.data?.departments ?? []).map((d) => ({
                      value: d.id,
                      label: resolveText(d.name, lang).text,
                    })),
                  ]}
                  value={form.departmentId}
                  onChange={(e) => set('departmentId')(e.currentTarget.value)}
                  error={problemText('departmentId', form.departmentId)}
                  data-testid="pp-department"
                />
                <CancerKindSelect
                  tumourTypes={
                    quickDiagnosis && quickDiagnosis.departmentId === form.departmentId
                      ? quickDiagnosis.tumourTypes
                      : []
                  }
                  value={form.cancerKind}
                  onChange={set('cancerKind')}
                  testId="pp-cancer-kind"
                />
                <AreaField
                  path="question"
                  label={labels.question!}
                  description={t('patientPortal.request.questionHelp')}
                  required
                  value={form.question}
                  onChange={set('question')}
                  testId="pp-question"
                />
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextField
                    path="treatingSpecialist.name"
                    label={labels['treatingSpecialist.name']!}
                    required
                    value={form.specialistName}
                    onChange={set('specialistName')}
                    testId="pp-specialist-name"
                  />
                  <TextField
                    path="treatingSpecialist.organisation"
                    label={labels['treatingSpecialist.organisation']!}
                    required
                    value={form.specialistOrganisation}
                    onChange={set('specialistOrganisation')}
                    testId="pp-specialist-organisation"
                  />
                  <TextField
                    path="treatingSpecialist.email"
                    label={labels['treatingSpecialist.email']!}
                    type="email"
                    value={form.specialistEmail}
                    onChange={set('specialistEmail')}
                    testId="pp-specialist-email"
                  />
                  <TextField
                    path="familyDoctor.name"
                    label={labels['familyDoctor.name']!}
                    value={form.familyDoctorName}
                    onChange={set('familyDoctorName')}
                    testId="pp-family-doctor"
                  />
                  <TextField
                    path="familyDoctor.email"
                    label={labels['familyDoctor.email']!}
                    type="email"
                    value={form.familyDoctorEmail}
                    onChange={set('familyDoctorEmail')}
                    testId="pp-family-doctor-email"
                  />
                </SimpleGrid>
                <Checkbox
                  label={labels.treatedAbroad}
                  description={t('patientPortal.request.treatedAbroadHelp')}
                  checked={form.treatedAbroad}
                  onChange={(e) => set('treatedAbroad')(e.currentTarget.checked)}
                  data-testid="pp-treated-abroad"
                />
                <Checkbox
                  label={labels.imagingDone}
                  description={t('patientPortal.request.imagingDoneHelp')}
                  checked={form.imagingDone}
                  onChange={(e) => set('imagingDone')(e.currentTarget.checked)}
                  data-testid="pp-imaging-done"
                />
              </Stack>
            </Fieldset>

            <Fieldset legend={t('patientPortal.request.responsibilities')}>
              <Stack gap="sm">
                <Text>{t('patientPortal.request.responsibilitiesIntro')}</Text>
                <List size="sm" spacing={4} data-testid="pp-responsibilities-text">
                  <List.Item>{t('patientPortal.request.responsibilityFile')}</List.Item>
                  <List.Item>{t('patientPortal.request.responsibilityInsurer')}</List.Item>
                </List>
                <Checkbox
                  label={labels.responsibilitiesRead}
                  checked={form.responsibilitiesRead}
                  onChange={(e) => set('responsibilitiesRead')(e.currentTarget.checked)}
                  error={
                    problems.has('responsibilitiesRead')
                      ? t('patientPortal.problems.responsibilities')
                      : undefined
                  }
                  data-testid="pp-responsibilities"
                />
                <Checkbox
                  label={labels.consentToObtainRecords}
                  description={t('patientPortal.request.consentHelp')}
                  checked={form.consentToObtainRecords}
                  onChange={(e) => set('consentToObtainRecords')(e.currentTarget.checked)}
                  error={
                    problems.has('consentToObtainRecords') ? t('patientPortal.problems.consent') : undefined
                  }
                  data-testid="pp-consent"
                />
              </Stack>
            </Fieldset>

            {!signedInPatient && (
              <Fieldset legend={t('patientPortal.request.account')}>
                <Stack gap="sm">
                  <Text size="sm">{t('patientPortal.request.accountIntro')}</Text>
                  <PasswordInput
                    label={labels.password}
                    withAsterisk
                    autoComplete="new-password"
                    description={t('patientPortal.request.passwordHelp', { min: MIN_PASSWORD_LENGTH })}
                    value={form.password}
                    onChange={(e) => set('password')(e.currentTarget.value)}
                    error={problemText('password', form.password)}
                    data-testid="pp-password"
                  />
                </Stack>
              </Fieldset>
            )}

            <FormProblems error={error} labels={labels} />
            <Group>
              <Button type="submit" loading={pending} data-testid="pp-submit">
                {t('patientPortal.request.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </ProblemFields>
  );
}
