import {
  Alert,
  Anchor,
  Badge,
  Button,
  Fieldset,
  Group,
  Loader,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import {
  ageInYears,
  apopApplies,
  ApopScreeningInputSchema,
  apopMemoryAnswers,
  apopMemoryQuestions,
  apopYesNoQuestions,
  isValidBsn,
  normalizeBsn,
  problemsOf,
  type ApopAnswers,
} from '@loket/domain';
import { formatDate, formatDateTime, todayInNetherlands } from '../referrals/format';
import { newIdempotencyKey } from '../referrals/referrals.resource';
import { ApiError, api } from '../shared/api';
import { useFormSubmit } from '../shared/form/useFormSubmit';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import {
  useApopStatus,
  useRecentScreenings,
  useStoreScreening,
  type ApopLookup,
  type ApopScreeningView,
} from './apop.resource';
import { ModelNotice, RiskBadge } from './Result';

export function ScreeningPage() {
  return (
    <RequireRole roles={['er-nurse']}>
      <Screening />
    </RequireRole>
  );
}

interface PatientForm {
  bsn: string;
  noBsnReason: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  phone: string;
  familyDoctorName: string;
  familyDoctorEmail: string;
}

const emptyPatient: PatientForm = {
  bsn: '',
  noBsnReason: '',
  givenName: '',
  familyName: '',
  birthDate: '',
  phone: '',
  familyDoctorName: '',
  familyDoctorEmail: '',
};

type AnswerForm = { [K in keyof ApopAnswers]?: ApopAnswers[K] };

/** Screening at triage (R-APOP-01): find or enter the patient, then the nine questions. */
function Screening() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const navigate = useNavigate();
  const store = useStoreScreening();
  const status = useApopStatus();
  const [patient, setPatient] = useState<PatientForm>(emptyPatient);
  const [answers, setAnswers] = useState<AnswerForm>({});
  const [prefilled, setPrefilled] = useState<Set<string>>(new Set());
  const [lookup, setLookup] = useState<ApopLookup | null>(null);
  const [lookupError, setLookupError] = useState<unknown>(null);
  const [looking, setLooking] = useState(false);
  // One key for the life of the form: a double click makes one screening.
  const [key] = useState(newIdempotencyKey);
  const { error, problems, pending, submit, touch } = useFormSubmit();
  const fieldError = (path: string) => problems.get(path);

  const age = /^\d{4}-\d{2}-\d{2}$/.test(patient.birthDate)
    ? ageInYears(patient.birthDate, todayInNetherlands())
    : null;
  const applies = age !== null && apopApplies(age);
  const setP = (k: keyof PatientForm, v: string) => {
    setPatient((p) => ({ ...p, [k]: v }));
    touch(`patient.${k}`);
  };
  const setA = <K extends keyof ApopAnswers>(k: K, v: ApopAnswers[K]) => {
    setAnswers((a) => ({ ...a, [k]: v }));
    touch(`answers.${k}`);
    setPrefilled((s) => {
      const next = new Set(s);
      next.delete(k);
      return next;
    });
  };

  const findPatient = async () => {
    setLookupError(null);
    if (!isValidBsn(patient.bsn)) {
      setLookupError(new ApiError(400, 'invalid-input', t('apop.patient.bsnInvalid')));
      return;
    }
    setLooking(true);
    try {
      // The BSN goes in the body of a POST, never in an address (R-ID-04).
      const r = await api<ApopLookup>('/api/apop/patients/lookup', {
        body: { bsn: normalizeBsn(patient.bsn) },
      });
      setLookup(r);
      if (r.found && r.patient) {
        const p = r.patient;
        setPatient((f) => ({
          ...f,
          noBsnReason: '',
          givenName: p.givenName ?? '',
          familyName: p.familyName,
          birthDate: p.birthDate,
          phone: p.phone ?? f.phone,
          familyDoctorName: p.familyDoctorName ?? f.familyDoctorName,
          familyDoctorEmail: p.familyDoctorEmail ?? f.familyDoctorEmail,
        }));
        const pre = r.prefill ?? {};
        setAnswers((a) => ({ ...a, ...pre }));
        setPrefilled(new Set(Object.keys(pre)));
      }
    } catch (e) {
      setLookupError(e);
    } finally {
      setLooking(false);
    }
  };

  const save = () => {
    const body = { patient: { ...patient, bsn: patient.bsn.trim() === '' ? null : patient.bsn }, answers };
    return submit(
      () => {
        const check = ApopScreeningInputSchema.safeParse(body);
        return check.success
          ? null
          : new ApiError(400, 'invalid-input', t('errors.invalid-input'), problemsOf(check.error));
      },
      async () => {
        const v = await api<ApopScreeningView>('/api/apop/screenings', { body, idempotencyKey: key });
        store(v);
        navigate(`/apop/screenings/${v.id}`);
      },
    );
  };

  const yesNo = (q: (typeof apopYesNoQuestions)[number]) => (
    <Radio.Group
      key={q}
      label={t(`apop.question.${q}`)}
      value={answers[q] === undefined ? '' : answers[q] ? 'yes' : 'no'}
      onChange={(v) => setA(q, v === 'yes')}
      error={fieldError(`answers.${q}`)}
      withAsterisk
      data-testid={`apop-${q}`}
    >
      <Group gap="lg" mt={6}>
        <Radio value="yes" label={t('apop.answer.yes')} />
        <Radio value="no" label={t('apop.answer.no')} />
        {prefilled.has(q) && <PrefilledBadge />}
      </Group>
    </Radio.Group>
  );

  return (
    <Stack gap="lg" data-testid="apop-screening-page">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('apop.screening.title')}</Title>
        <Anchor component={Link} to="/apop/follow-ups">
          {t('apop.followUps.title')}
        </Anchor>
      </Group>
      <Text>{t('apop.screening.intro')}</Text>
      {status.isLoading ? (
        <Loader aria-label={t('common.loading')} />
      ) : (
        <ModelNotice model={status.data?.model ?? null} />
      )}

      <form
        noValidate
        autoComplete="off"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="md">
          <Fieldset legend={t('apop.patient.title')}>
            <Stack gap="sm">
              <Group align="flex-end" gap="sm">
                <TextInput
                  label={t('apop.patient.bsn')}
                  description={t('apop.patient.bsnHint')}
                  inputMode="numeric"
                  maxLength={11}
                  value={patient.bsn}
                  onChange={(e) => {
                    setP('bsn', e.currentTarget.value);
                    setLookup(null);
                  }}
                  error={fieldError('patient.bsn')}
                  data-testid="apop-bsn"
                />
                <Button
                  variant="light"
                  onClick={() => void findPatient()}
                  loading={looking}
                  data-testid="apop-lookup"
                >
                  {t('apop.patient.lookup')}
                </Button>
              </Group>
              <ErrorAlert error={lookupError} />
              {lookup && (
                <Text role="status" size="sm" data-testid="apop-lookup-result">
                  {lookup.found ? t('apop.patient.found') : t('apop.patient.notFound')}
                </Text>
              )}
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                {patient.bsn.trim() === '' && (
                  <TextInput
                    label={t('apop.patient.noBsnReason')}
                    value={patient.noBsnReason}
                    onChange={(e) => setP('noBsnReason', e.currentTarget.value)}
                    error={fieldError('patient.noBsnReason')}
                  />
                )}
                <TextInput
                  label={t('apop.patient.givenName')}
                  value={patient.givenName}
                  onChange={(e) => setP('givenName', e.currentTarget.value)}
                  error={fieldError('patient.givenName')}
                />
                <TextInput
                  label={t('apop.patient.familyName')}
                  withAsterisk
                  value={patient.familyName}
                  onChange={(e) => setP('familyName', e.currentTarget.value)}
                  error={fieldError('patient.familyName')}
                  data-testid="apop-family-name"
                />
                <TextInput
                  type="date"
                  label={t('apop.patient.birthDate')}
                  withAsterisk
                  value={patient.birthDate}
                  onChange={(e) => setP('birthDate', e.currentTarget.value)}
                  error={fieldError('patient.birthDate')}
                  data-testid="apop-birth-date"
                />
                <TextInput
                  type="tel"
                  label={t('apop.patient.phone')}
                  description={t('apop.patient.phoneHint')}
                  value={patient.phone}
                  onChange={(e) => setP('phone', e.currentTarget.value)}
                  error={fieldError('patient.phone')}
                />
                <TextInput
                  label={t('apop.patient.familyDoctorName')}
                  value={patient.familyDoctorName}
                  onChange={(e) => setP('familyDoctorName', e.currentTarget.value)}
                  error={fieldError('patient.familyDoctorName')}
                />
                <TextInput
                  type="email"
                  label={t('apop.patient.familyDoctorEmail')}
                  value={patient.familyDoctorEmail}
                  onChange={(e) => setP('familyDoctorEmail', e.currentTarget.value)}
                  error={fieldError('patient.familyDoctorEmail')}
                />
              </SimpleGrid>
            </Stack>
          </Fieldset>

          {age !== null && !applies && (
            <Alert color="gray" role="status" data-testid="apop-not-applicable">
              {t('apop.screening.notApplicable', { age })}
            </Alert>
          )}

          {applies && (
            <Fieldset legend={t('apop.screening.questions')} data-testid="apop-questions">
              <Stack gap="md">
                <div>
                  <Text fw={500} size="sm">
                    {t('apop.question.age')}
                  </Text>
                  <Text data-testid="apop-age">
                    {t('apop.screening.ageValue', { age })}{' '}
                    <Text span size="sm" c="dimmed">
                      {t('apop.screening.ageFromBirthDate', { date: formatDate(patient.birthDate, lang) })}
                    </Text>
                  </Text>
                </div>
                <Radio.Group
                  label={t('apop.question.sex')}
                  value={answers.sex ?? ''}
                  onChange={(v) => setA('sex', v === 'male' ? 'male' : 'female')}
                  error={fieldError('answers.sex')}
                  withAsterisk
                  data-testid="apop-sex"
                >
                  <Group gap="lg" mt={6}>
                    <Radio value="female" label={t('apop.answer.female')} />
                    <Radio value="male" label={t('apop.answer.male')} />
                    {prefilled.has('sex') && <PrefilledBadge />}
                  </Group>
                </Radio.Group>
                {apopYesNoQuestions.map(yesNo)}
                {apopMemoryQuestions.map((q) => (
                  <Radio.Group
                    key={q}
                    label={t(`apop.question.${q}`)}
                    description={t('apop.question.memoryHint')}
                    value={answers[q] ?? ''}
                    onChange={(v) => setA(q, v as ApopAnswers[typeof q])}
                    error={fieldError(`answers.${q}`)}
                    withAsterisk
                    data-testid={`apop-${q}`}
                  >
                    <Group gap="lg" mt={6}>
                      {apopMemoryAnswers.map((a) => (
                        <Radio key={a} value={a} label={t(`apop.answer.${a}`)} />
                      ))}
                    </Group>
                  </Radio.Group>
                ))}
              </Stack>
            </Fieldset>
          )}

          <ErrorAlert error={error} />
          <Group>
            <Button type="submit" loading={pending} disabled={!applies} data-testid="apop-submit">
              {t('apop.screening.submit')}
            </Button>
          </Group>
        </Stack>
      </form>

      <RecentScreenings />
    </Stack>
  );
}

function PrefilledBadge() {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color="gray" maw="none">
      {t('apop.screening.prefilled')}
    </Badge>
  );
}

function RecentScreenings() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const list = useRecentScreenings();
  const items = list.data?.screenings ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="apop-recent-title">
      <Title order={2} size="h3" id="apop-recent-title" mb="sm">
        {t('apop.recent.title')}
      </Title>
      {list.isLoading && <Loader aria-label={t('common.loading')} />}
      <ErrorAlert error={list.error} />
      {list.data && items.length === 0 && <Text c="dimmed">{t('apop.recent.empty')}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped data-testid="apop-recent">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('apop.fields.screenedAt')}</Table.Th>
                <Table.Th>{t('apop.fields.patient')}</Table.Th>
                <Table.Th>{t('apop.fields.age')}</Table.Th>
                <Table.Th>{t('apop.fields.result')}</Table.Th>
                <Table.Th>{t('apop.fields.disposition')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((s) => (
                <Table.Tr key={s.id} data-testid="apop-recent-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/apop/screenings/${s.id}`}>
                      {formatDateTime(s.screenedAt, lang)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{s.patient.name}</Table.Td>
                  <Table.Td>{s.age}</Table.Td>
                  <Table.Td>
                    <RiskBadge risk={s.risk} />
                  </Table.Td>
                  <Table.Td>{s.disposition ? t(`apop.disposition.${s.disposition}`) : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
