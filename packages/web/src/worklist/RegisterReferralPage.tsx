import {
  Alert,
  Anchor,
  Button,
  Fieldset,
  Grid,
  Group,
  Input,
  Loader,
  NativeSelect,
  Progress,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PlaceFields } from '../referrals/PlaceFields';
import { Link, useNavigate } from 'react-router';
import {
  documentKinds,
  problemsOf,
  referrerKindOf,
  RegistrationInputSchema,
  type Department,
  type DocumentKind,
} from '@loket/domain';
import { useMe } from '../accounts/me.resource';
import { ProblemsContext, problemMap, problemsOfError } from '../admin/problems';
import { CompletenessPanel } from '../referrals/CompletenessPanel';
import { draftInput, emptyForm, evaluateForm, type ReferralForm } from '../referrals/form-model';
import { todayInNetherlands, useDepartmentNames } from '../referrals/format';
import { LetterFields } from '../referrals/LetterFields';
import { FamilyDoctorFields, PatientFields } from '../referrals/PatientFields';
import {
  newIdempotencyKey,
  uploadDocument,
  useStoreReferral,
  type ReferralView,
} from '../referrals/referrals.resource';
import { RequireRole } from '../shared/RequireRole';
import { useCatalog } from '../referral-guide/catalog.resource';
import { ApiError, api } from '../shared/api';
import { ErrorAlert } from '../shared/ProblemList';

export function RegisterReferralPage() {
  return (
    <RequireRole roles={['back-office']}>
      <Register />
    </RequireRole>
  );
}

const paperChannels = ['post', 'fax', 'email', 'phone'] as const;
type PaperChannel = (typeof paperChannels)[number];

function Register() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const catalog = useCatalog();
  const departments = useMemo(() => me?.user?.departmentIds ?? [], [me]);
  const [departmentId, setDepartmentId] = useState<string | null>(null);
  const chosen = departmentId ?? departments[0] ?? '';
  if (catalog.isLoading) return <Loader aria-label={t('common.loading')} />;
  const department = catalog.data?.departments.find((d) => d.id === chosen);
  if (!department)
    return (
      <Stack>
        <Title order={1}>{t('worklist.register.title')}</Title>
        <Text>{t('worklist.noDepartments')}</Text>
      </Stack>
    );
  return <RegisterForm department={department} departments={departments} onDepartment={setDepartmentId} />;
}

/**
 * A referral that came by post, fax, e-mail or phone, registered into the same queue with its channel and the
 * original attached (R-REF-02).
 */
function RegisterForm({
  department,
  departments,
  onDepartment,
}: {
  department: Department;
  departments: string[];
  onDepartment: (id: string) => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const store = useStoreReferral();
  const departmentName = useDepartmentNames();
  const fileId = useId();
  const [form, setForm] = useState<ReferralForm>(emptyForm);
  const [channel, setChannel] = useState<PaperChannel>('post');
  const [receivedOn, setReceivedOn] = useState(todayInNetherlands);
  const [referrer, setReferrer] = useState({ name: '', agbCode: '', specialism: '', email: '' });
  const [file, setFile] = useState<File | null>(null);
  const [scanKind, setScanKind] = useState<DocumentKind>('correspondence');
  const [key] = useState(newIdempotencyKey);
  const [registered, setRegistered] = useState<ReferralView | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [pending, setPending] = useState(false);
  const busy = useRef(false);
  const [error, setError] = useState<unknown>(null);
  const problems = useMemo(() => problemMap(problemsOfError(error)), [error]);
  const set = <K extends keyof ReferralForm>(k: K, v: ReferralForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  const evaluation = useMemo(
    () =>
      evaluateForm(department, form, file ? [scanKind] : [], {
        name: referrer.name || null,
        kind: referrerKindOf(referrer.agbCode.trim() || null),
        specialism: referrer.specialism || null,
        known: true,
      }),
    [department, form, file, scanKind, referrer],
  );

  const body = () => ({
    ...draftInput(department.id, form),
    channel,
    ...(receivedOn ? { receivedOn } : {}),
    referrer: {
      name: referrer.name,
      agbCode: referrer.agbCode,
      specialism: referrer.specialism,
      email: referrer.email,
    },
  });

  const save = async () => {
    if (busy.current) return;
    setError(null);
    let view = registered;
    if (!view) {
      const input = body();
      const check = RegistrationInputSchema.safeParse(input);
      if (!check.success) {
        setError(new ApiError(400, 'invalid-input', t('errors.invalid-input'), problemsOf(check.error)));
        return;
      }
    }
    busy.current = true;
    setPending(true);
    try {
      if (!view) {
        view = await api<ReferralView>('/api/referrals/register', { body: body(), idempotencyKey: key });
        setRegistered(view);
        store(view);
      }
      if (file) {
        setProgress(0);
        await uploadDocument(view.id, file, scanKind, {
          origin: 'original',
          onProgress: (f) => setProgress(Math.round(f * 100)),
        });
      }
      const fresh = await api<ReferralView>(`/api/referrals/${encodeURIComponent(view.id)}`);
      store(fresh);
      navigate(`/referrals/${view.id}`);
    } catch (e) {
      setError(e);
    } finally {
      busy.current = false;
      setPending(false);
      setProgress(null);
    }
  };

  const refErr = (k: string) => problems.get(`referrer.${k}`);

  return (
    <ProblemsContext.Provider value={problems}>
      <Stack gap="lg">
        <Stack gap={4}>
          <Anchor component={Link} to="/worklist" size="sm">
            ← {t('worklist.title')}
          </Anchor>
          <Title order={1}>{t('worklist.register.title')}</Title>
          <Text>{t('worklist.register.intro')}</Text>
        </Stack>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <form
              noValidate
              data-testid="register-form"
              aria-label={t('worklist.register.title')}
              onSubmit={(e) => {
                e.preventDefault();
                void save();
              }}
            >
              <Stack gap="lg">
                <Fieldset legend={t('worklist.register.arrival')}>
                  <Stack gap="sm">
                    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                      <NativeSelect
                        label={t('worklist.department')}
                        value={department.id}
                        onChange={(e) => onDepartment(e.currentTarget.value)}
                        data={departments.map((d) => ({ value: d, label: departmentName(d) }))}
                        disabled={!!registered}
                        data-testid="register-department"
                      />
                      <TextInput
                        type="date"
                        label={t('worklist.register.receivedOn')}
                        value={receivedOn}
                        onChange={(e) => setReceivedOn(e.currentTarget.value)}
                        error={problems.get('receivedOn')}
                        data-testid="register-received-on"
                      />
                    </SimpleGrid>
                    <Radio.Group
                      label={t('worklist.register.channel')}
                      value={channel}
                      onChange={(v) => setChannel(v as PaperChannel)}
                      error={problems.get('channel')}
                      withAsterisk
                      data-testid="register-channel"
                    >
                      <Group gap="lg" mt={6}>
                        {paperChannels.map((c) => (
                          <Radio
                            key={c}
                            value={c}
                            label={t(`referrals.channel.${c}`)}
                            data-testid={`channel-${c}`}
                          />
                        ))}
                      </Group>
                    </Radio.Group>
                    <PlaceFields department={department} form={form} set={set} />
                    <Radio.Group
                      label={t('referrals.form.urgency')}
                      value={form.urgency}
                      onChange={(v) => set('urgency', v === 'urgent' ? 'urgent' : 'routine')}
                    >
                      <Group gap="lg" mt={6}>
                        <Radio value="routine" label={t('referrals.urgency.routine')} />
                        <Radio value="urgent" label={t('referrals.urgency.urgent')} />
                      </Group>
                    </Radio.Group>
                  </Stack>
                </Fieldset>

                <Fieldset legend={t('referrals.fields.referrer')} data-testid="register-referrer">
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                    <TextInput
                      label={t('referrals.form.doctorName')}
                      value={referrer.name}
                      onChange={(e) => setReferrer({ ...referrer, name: e.currentTarget.value })}
                      error={refErr('name')}
                      withAsterisk
                      data-testid="register-referrer-name"
                    />
                    <TextInput
                      label={t('referrals.form.agbCode')}
                      inputMode="numeric"
                      maxLength={8}
                      value={referrer.agbCode}
                      onChange={(e) => setReferrer({ ...referrer, agbCode: e.currentTarget.value })}
                      error={refErr('agbCode')}
                      description={t('referrals.form.agbHint')}
                      data-testid="register-referrer-agb"
                    />
                    <TextInput
                      label={t('worklist.register.specialism')}
                      value={referrer.specialism}
                      onChange={(e) => setReferrer({ ...referrer, specialism: e.currentTarget.value })}
                      error={refErr('specialism')}
                      data-testid="register-referrer-specialism"
                    />
                    <TextInput
                      type="email"
                      label={t('referrals.form.doctorEmail')}
                      value={referrer.email}
                      onChange={(e) => setReferrer({ ...referrer, email: e.currentTarget.value })}
                      error={refErr('email')}
                      data-testid="register-referrer-email"
                    />
                  </SimpleGrid>
                </Fieldset>

                <PatientFields value={form.patient} onChange={(p) => set('patient', p)} />
                <FamilyDoctorFields value={form.familyDoctor} onChange={(f) => set('familyDoctor', f)} />
                <LetterFields
                  department={department}
                  value={form.letter}
                  onChange={(l) => set('letter', l)}
                />

                <Fieldset legend={t('worklist.register.original')} data-testid="register-original">
                  <Stack gap="xs">
                    <Text size="sm">{t('worklist.register.originalHint')}</Text>
                    <Group align="flex-end" gap="sm" wrap="wrap">
                      <NativeSelect
                        label={t('referrals.documents.kind')}
                        value={scanKind}
                        onChange={(e) => setScanKind(e.currentTarget.value as DocumentKind)}
                        data={documentKinds.map((k) => ({
                          value: k,
                          label: t(`referrals.documentKind.${k}`),
                        }))}
                        data-testid="register-scan-kind"
                      />
                      <Input.Wrapper label={t('worklist.register.scan')} labelProps={{ htmlFor: fileId }}>
                        <input
                          id={fileId}
                          type="file"
                          accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/*"
                          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
                          data-testid="register-scan"
                          style={{ display: 'block', paddingTop: 6 }}
                        />
                      </Input.Wrapper>
                    </Group>
                    {progress !== null && (
                      <Progress.Root size="lg" data-testid="upload-progress">
                        <Progress.Section value={progress} aria-label={t('referrals.documents.progress')}>
                          <Progress.Label>{progress}%</Progress.Label>
                        </Progress.Section>
                      </Progress.Root>
                    )}
                  </Stack>
                </Fieldset>

                <ErrorAlert error={error} />
                {registered && error !== null && (
                  <Alert color="orange" data-testid="registered-upload-failed">
                    {t('worklist.register.uploadFailed', { reference: registered.reference })}{' '}
                    <Anchor component={Link} to={`/referrals/${registered.id}`}>
                      {registered.reference}
                    </Anchor>
                  </Alert>
                )}
                <Group>
                  <Button type="submit" loading={pending} data-testid="register-save">
                    {registered ? t('worklist.register.retryUpload') : t('worklist.register.save')}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <CompletenessPanel
              evaluation={evaluation}
              referrerKnown
              confirmations={form.confirmations}
              department={department}
              onConfirm={(id, on) =>
                set(
                  'confirmations',
                  on
                    ? [...form.confirmations.filter((c) => c !== id), id]
                    : form.confirmations.filter((c) => c !== id),
                )
              }
            />
          </Grid.Col>
        </Grid>
      </Stack>
    </ProblemsContext.Provider>
  );
}
