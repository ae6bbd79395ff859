import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Fieldset,
  Grid,
  Group,
  List,
  Loader,
  Radio,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PlaceFields } from './PlaceFields';
import { Link, useNavigate } from 'react-router';
import {
  DraftInputSchema,
  problemsOf,
  resolveText,
  type Department,
  type DocumentKind,
  type Hospital,
} from '@loket/domain';
import { useMe } from '../accounts/me.resource';
import { ProblemsContext, problemMap, problemsOfError } from '../admin/problems';
import { useCatalog } from '../referral-guide/catalog.resource';
import { ApiError, api } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { LText } from '../shared/LocalizedText';
import { ErrorAlert } from '../shared/ProblemList';
import { BlockerAlert, CompletenessPanel } from './CompletenessPanel';
import { DocumentList, DocumentUploader } from './Documents';
import {
  draftInput,
  emptyForm,
  evaluateForm,
  formFromView,
  referrerFromView,
  type ReferralForm,
} from './form-model';
import { formatDateTime } from './format';
import { LetterFields } from './LetterFields';
import { FamilyDoctorFields, PatientFields } from './PatientFields';
import {
  newIdempotencyKey,
  blockersOf,
  missingOf,
  referralKeys,
  useReferral,
  useStoreReferral,
  type ReferralView,
} from './referrals.resource';
import { UrgentRouteAlert, urgentRouteOf } from './UrgentRoute';
import { QuickDiagnosisFields } from '../quick-diagnosis/QuickDiagnosisFields';
import { SecondOpinionFields } from '../second-opinions/SecondOpinionFields';

/** A new referral (from a department page) or a draft being continued: the catalog says what to ask. */
export function DraftEditor({ departmentId, view }: { departmentId: string | null; view?: ReferralView }) {
  const { t } = useTranslation();
  const catalog = useCatalog();
  if (catalog.isLoading) return <Loader aria-label={t('common.loading')} />;
  if (catalog.error) return <ErrorAlert error={catalog.error} />;
  const department = catalog.data?.departments.find((d) => d.id === departmentId);
  if (!department || !catalog.data) {
    return (
      <Stack>
        <Title order={1}>{t('referrals.form.noDepartment')}</Title>
        <Text>{t('referrals.form.chooseDepartment')}</Text>
        <Anchor component={Link} to="/">
          {t('department.backToGuide')}
        </Anchor>
      </Stack>
    );
  }
  return <ReferralFormBody department={department} hospital={catalog.data.hospital} initial={view} />;
}

type Busy = 'save' | 'send' | null;

function ReferralFormBody({
  department,
  hospital,
  initial,
}: {
  department: Department;
  hospital: Hospital;
  initial?: ReferralView;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const navigate = useNavigate();
  const client = useQueryClient();
  const store = useStoreReferral();
  const { data: me } = useMe();
  const [form, setForm] = useState<ReferralForm>(() => (initial ? formFromView(initial) : emptyForm(me)));
  const [saved, setSaved] = useState<{ id: string; version: number } | null>(
    initial ? { id: initial.id, version: initial.version } : null,
  );
  // One key for creating and one for sending, for the life of this form: a double click makes one referral.
  const [createKey] = useState(newIdempotencyKey);
  const [submitKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState<Busy>(null);
  const busyRef = useRef<Busy>(null);
  const savedRef = useRef(saved);
  const creating = useRef<Promise<ReferralView> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const query = useReferral(saved?.id ?? null);
  const view = query.data ?? initial;

  const referrer = useMemo(() => referrerFromView(view, me), [view, me]);
  const documentKinds = useMemo(() => (view?.documents ?? []).map((d) => d.kind), [view]);
  const evaluation = useMemo(
    () => evaluateForm(department, form, documentKinds, referrer),
    [department, form, documentKinds, referrer],
  );
  const unconfirmed = evaluation.confirmations.filter((c) => !c.confirmed).length;
  const certainlyBlocked = referrer.known && evaluation.blockers.length > 0;
  const problems = useMemo(() => problemMap(problemsOfError(error)), [error]);
  const name = resolveText(department.name, lang).text;

  const set = <K extends keyof ReferralForm>(key: K, value: ReferralForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const validated = () => {
    const body = draftInput(department.id, form);
    const check = DraftInputSchema.safeParse(body);
    if (!check.success)
      throw new ApiError(400, 'invalid-input', t('errors.invalid-input'), problemsOf(check.error));
    return body;
  };

  /** Saves what is typed: the first time a new draft (POST), then the draft with its version (PUT). */
  const persist = async (): Promise<ReferralView> => {
    const body = validated();
    const current = savedRef.current;
    let v: ReferralView;
    if (!current) {
      // Adding a document while the first save is under way waits for that save instead of making another.
      creating.current ??= api<ReferralView>('/api/referrals', { body, idempotencyKey: createKey });
      try {
        v = await creating.current;
      } finally {
        creating.current = null;
      }
    } else {
      v = await api<ReferralView>(`/api/referrals/${encodeURIComponent(current.id)}/draft`, {
        method: 'PUT',
        body: { draft: body, version: current.version },
      });
    }
    savedRef.current = { id: v.id, version: v.version };
    setSaved(savedRef.current);
    store(v);
    setSavedAt(new Date().toISOString());
    if (!current) {
      // Same page, now with the draft's address: a reload continues this draft.
      navigate(`/referrals/${v.id}`, { replace: true, state: { formKey: 'new' } });
    }
    return v;
  };

  const run = async (what: Exclude<Busy, null>, work: () => Promise<void>) => {
    if (busyRef.current) return;
    busyRef.current = what;
    setBusy(what);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      busyRef.current = null;
      setBusy(null);
    }
  };

  const saveDraft = () =>
    run('save', async () => {
      await persist();
    });

  const send = () =>
    run('send', async () => {
      const v = await persist();
      const sent = await api<ReferralView>(`/api/referrals/${encodeURIComponent(v.id)}/submit`, {
        method: 'POST',
        idempotencyKey: submitKey,
      });
      // The address first (keeping this form's key), then the sent referral: the page turns into its view.
      await navigate(`/referrals/${sent.id}`, {
        replace: true,
        state: { notice: 'sent', formKey: initial ? initial.id : 'new' },
      });
      store(sent);
    });

  /** A document needs the draft to exist: save it first when it does not yet. */
  const ensureReferral = async () => {
    if (savedRef.current) return savedRef.current.id;
    return (await persist()).id;
  };

  const afterUpload = () => {
    if (savedRef.current) void client.invalidateQueries({ queryKey: referralKeys.one(savedRef.current.id) });
  };

  const requestedKinds = department.documents.map((d) => d.kind);
  const uploadKinds: DocumentKind[] = [
    ...requestedKinds,
    ...(
      (form.kind === 'second-opinion'
        ? ['correspondence', 'pathology-report', 'imaging-report', 'imaging', 'mrsa-screening', 'other']
        : ['correspondence', 'lab-results', 'imaging-report', 'other']) as DocumentKind[]
    ).filter((k) => !requestedKinds.includes(k)),
  ];
  const secondOpinionRefused = department.secondOpinion?.accepted === false;
  const serverBlockers = blockersOf(error);
  const serverMissing = missingOf(error);

  return (
    <ProblemsContext.Provider value={problems}>
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>
            {view
              ? t('referrals.form.titleDraft', { reference: view.reference })
              : t('referrals.form.titleNew')}
          </Title>
          <Text>
            {t('referrals.form.to')}{' '}
            <Anchor component={Link} to={`/guide/${department.id}`}>
              <LText text={department.name} />
            </Anchor>
          </Text>
        </Stack>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <form
              noValidate
              data-testid="referral-form"
              aria-label={t('referrals.form.formLabel', { department: name })}
              onSubmit={(e) => {
                e.preventDefault();
                void send();
              }}
            >
              <Stack gap="lg">
                <Fieldset legend={t('referrals.form.what')}>
                  <Stack gap="sm">
                    <PlaceFields
                      department={department}
                      form={form}
                      set={set}
                      errors={problems}
                      secondOpinionRefused={secondOpinionRefused}
                    />
                    <Radio.Group
                      label={t('referrals.form.urgency')}
                      value={form.urgency}
                      onChange={(v) => set('urgency', v === 'urgent' ? 'urgent' : 'routine')}
                      data-testid="referral-urgency"
                    >
                      <Group gap="lg" mt={6}>
                        <Radio
                          value="routine"
                          label={t('referrals.urgency.routine')}
                          data-testid="urgency-routine"
                        />
                        <Radio
                          value="urgent"
                          label={t('referrals.urgency.urgent')}
                          data-testid="urgency-urgent"
                        />
                      </Group>
                    </Radio.Group>
                    {form.urgency === 'urgent' && (
                      <UrgentRouteAlert route={urgentRouteOf(department, hospital)} />
                    )}
                  </Stack>
                </Fieldset>

                {form.kind === 'quick-diagnosis' && (
                  <QuickDiagnosisFields
                    hospital={hospital}
                    departmentId={department.id}
                    value={form.quickDiagnosis}
                    onChange={(v) => set('quickDiagnosis', v)}
                  />
                )}
                {form.kind === 'second-opinion' && (
                  <SecondOpinionFields
                    value={form.secondOpinion}
                    onChange={(v) => set('secondOpinion', v)}
                    referrerKind={referrer.kind}
                    tumourTypes={
                      hospital.quickDiagnosis?.departmentId === department.id
                        ? hospital.quickDiagnosis.tumourTypes
                        : []
                    }
                  />
                )}

                <PatientFields value={form.patient} onChange={(p) => set('patient', p)} />
                <FamilyDoctorFields value={form.familyDoctor} onChange={(f) => set('familyDoctor', f)} />

                <Fieldset legend={t('referrals.form.referrer')} data-testid="referrer-fields">
                  <Text size="sm">
                    {referrer.name ?? me?.user?.name}
                    {view?.referrer.agbCode && ` · AGB ${view.referrer.agbCode}`}
                    {view?.referrer.specialism && ` · ${view.referrer.specialism}`}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('referrals.form.referrerHint')}
                  </Text>
                </Fieldset>

                <LetterFields
                  department={department}
                  value={form.letter}
                  onChange={(l) => set('letter', l)}
                />

                <Fieldset legend={t('referrals.form.documents')} data-testid="documents-fields">
                  <Stack gap="sm">
                    {department.documents.length > 0 ? (
                      <List size="sm" spacing={4}>
                        {department.documents.map((d, i) => (
                          <List.Item key={i}>
                            <LText text={d.text} />{' '}
                            <Badge size="xs" variant="light" color={d.need === 'required' ? 'red' : 'gray'}>
                              {t(`need.${d.need}`)}
                            </Badge>
                            {documentKinds.includes(d.kind) && (
                              <Badge size="xs" ml={4} variant="light" color="green">
                                {t('referrals.documents.added')}
                              </Badge>
                            )}
                            {d.delivery && (
                              <Text size="xs" c="dimmed">
                                <LText text={d.delivery} />
                              </Text>
                            )}
                          </List.Item>
                        ))}
                      </List>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('referrals.form.noDocumentsAsked')}
                      </Text>
                    )}
                    <DocumentUploader
                      ensureReferral={ensureReferral}
                      kinds={uploadKinds}
                      askLanguage={form.kind === 'second-opinion'}
                      onUploaded={afterUpload}
                      disabled={busy !== null}
                    />
                    {!saved && (
                      <Text size="xs" c="dimmed">
                        {t('referrals.form.uploadSavesDraft')}
                      </Text>
                    )}
                    {view && <DocumentList referralId={view.id} documents={view.documents} />}
                  </Stack>
                </Fieldset>

                <ErrorAlert error={error} />
                {serverMissing.length > 0 && (
                  <Alert
                    color="orange"
                    title={t('referrals.form.essentialMissing')}
                    data-testid="server-missing"
                  >
                    <List size="sm">
                      {serverMissing.map((m) => (
                        <List.Item key={m.key}>
                          <LText text={m.text} />
                        </List.Item>
                      ))}
                    </List>
                  </Alert>
                )}
                {serverBlockers.map((b) => (
                  <BlockerAlert
                    key={b.kind === 'stop' ? `s-${b.stop.id}` : `r-${b.restriction.id}`}
                    blocker={b}
                  />
                ))}
                <Box>
                  <Group gap="sm">
                    <Button
                      type="button"
                      variant="default"
                      onClick={() => void saveDraft()}
                      loading={busy === 'save'}
                      disabled={busy !== null}
                      data-testid="save-draft"
                    >
                      {t('referrals.form.saveDraft')}
                    </Button>
                    <Button
                      type="submit"
                      loading={busy === 'send'}
                      disabled={busy !== null || certainlyBlocked || unconfirmed > 0}
                      aria-describedby={certainlyBlocked || unconfirmed > 0 ? 'send-hint' : undefined}
                      data-testid="send-referral"
                    >
                      {t('referrals.form.send')}
                    </Button>
                  </Group>
                  {(certainlyBlocked || unconfirmed > 0) && (
                    <Text size="sm" mt="xs" id="send-hint" c="red.9">
                      {certainlyBlocked ? t('referrals.form.blockedHint') : t('referrals.form.confirmHint')}
                    </Text>
                  )}
                  {savedAt && busy === null && !error && (
                    <Text size="sm" mt="xs" role="status" data-testid="draft-saved">
                      {t('referrals.form.savedAt', { time: formatDateTime(savedAt, lang) })}
                    </Text>
                  )}
                </Box>
              </Stack>
            </form>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Box style={{ position: 'sticky', top: 80 }}>
              <CompletenessPanel
                evaluation={evaluation}
                referrerKnown={referrer.known}
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
            </Box>
          </Grid.Col>
        </Grid>
      </Stack>
    </ProblemsContext.Provider>
  );
}
