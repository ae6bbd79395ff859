import {
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ActionInputSchemas,
  problemsOf,
  rejectionReasons,
  resolveText,
  type ReferralAction,
  type RejectionReason,
  type Urgency,
} from '@loket/domain';
import { useMe } from '../accounts/me.resource';
import { ProblemsContext, problemMap, problemsOfError, useFieldError } from '../admin/problems';
import { useCatalog } from '../referral-guide/catalog.resource';
import { ApiError, api } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { amsterdamDateTime, localParts } from './format';
import {
  newIdempotencyKey,
  useDepartmentStaff,
  useStoreReferral,
  type ReferralView,
} from './referrals.resource';

type StepAction = Exclude<ReferralAction, 'submit'>;

/** Actions the bar offers as buttons; a supplement has its own form on the page. */
const barActions: StepAction[] = [
  'start-triage',
  'request-information',
  'accept',
  'reject',
  'forward',
  'schedule',
  'reschedule',
  'no-show',
  'record-consult',
  'refer-to-mdo',
  'complete',
  'merge',
  'cancel',
];

/** Posts one step with its own Idempotency-Key, checked first against the shared schema. */
function useAct(view: ReferralView, action: StepAction, onDone: () => void) {
  const { t } = useTranslation();
  const store = useStoreReferral();
  const [key] = useState(newIdempotencyKey);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const busy = useRef(false);
  const submit = async (body: Record<string, unknown>) => {
    if (busy.current) return;
    const check = ActionInputSchemas[action].safeParse(body);
    if (!check.success) {
      setError(new ApiError(400, 'invalid-input', t('errors.invalid-input'), problemsOf(check.error)));
      return;
    }
    busy.current = true;
    setPending(true);
    setError(null);
    try {
      const v = await api<ReferralView>(`/api/referrals/${encodeURIComponent(view.id)}/actions/${action}`, {
        body,
        idempotencyKey: key,
      });
      store(v);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      busy.current = false;
      setPending(false);
    }
  };
  return { submit, error, pending };
}

/** The buttons for exactly the steps the server offers this viewer (`availableActions`). */
export function ActionBar({ view }: { view: ReferralView }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<StepAction | null>(null);
  const actions = barActions.filter(
    (a) => view.availableActions.includes(a) && (a !== 'merge' || view.duplicateOf !== null),
  );
  if (actions.length === 0) return null;
  return (
    <>
      <Group gap="xs" data-testid="action-bar" role="group" aria-label={t('referrals.actions.title')}>
        {actions.map((a) => (
          <Button
            key={a}
            variant={a === 'cancel' ? 'default' : a === 'reject' ? 'light' : 'filled'}
            color={a === 'cancel' || a === 'reject' ? 'red' : undefined}
            onClick={() => setOpen(a)}
            data-testid={`action-${a}`}
          >
            {a === 'merge' && view.duplicateOf
              ? t('referrals.actions.mergeInto', { reference: view.duplicateOf.reference })
              : t(`referrals.actions.${a}`)}
          </Button>
        ))}
      </Group>
      {open && <ActionDialog key={open} view={view} action={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function ActionDialog({
  view,
  action,
  onClose,
}: {
  view: ReferralView;
  action: StepAction;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { submit, error, pending } = useAct(view, action, onClose);
  const problems = useMemo(() => problemMap(problemsOfError(error)), [error]);
  const props = { view, submit, pending };
  let body: ReactNode;
  switch (action) {
    case 'start-triage':
      body = <ConfirmOnly {...props} text={t('referrals.actions.startTriageText')} />;
      break;
    case 'request-information':
      body = <RequestInformation {...props} />;
      break;
    case 'accept':
      body = <Accept {...props} />;
      break;
    case 'reject':
      body = <Reject {...props} />;
      break;
    case 'forward':
      body = <Forward {...props} />;
      break;
    case 'schedule':
    case 'reschedule':
      body = <Schedule {...props} reschedule={action === 'reschedule'} />;
      break;
    case 'no-show':
    case 'record-consult':
    case 'refer-to-mdo':
      body = <NoteOnly {...props} action={action} />;
      break;
    case 'complete':
      body = <Complete {...props} />;
      break;
    case 'cancel':
      body = <Cancel {...props} />;
      break;
    case 'merge':
      body = (
        <ConfirmOnly
          {...props}
          text={t('referrals.actions.mergeText', { reference: view.duplicateOf?.reference ?? '' })}
          body={{ intoId: view.duplicateOf?.id ?? '' }}
        />
      );
      break;
    default:
      body = null;
  }
  return (
    <Modal
      opened
      onClose={onClose}
      title={t(`referrals.actions.${action}`)}
      closeButtonProps={{ 'aria-label': t('common.cancel') }}
      size="lg"
      data-testid={`dialog-${action}`}
    >
      <ProblemsContext.Provider value={problems}>
        <Stack gap="sm">
          {body}
          <ErrorAlert error={error} />
        </Stack>
      </ProblemsContext.Provider>
    </Modal>
  );
}

interface StepProps {
  view: ReferralView;
  submit: (body: Record<string, unknown>) => Promise<void>;
  pending: boolean;
}

function SubmitRow({ pending, label, color }: { pending: boolean; label: string; color?: string }) {
  return (
    <Group justify="flex-end">
      <Button type="submit" loading={pending} color={color} data-testid="dialog-submit">
        {label}
      </Button>
    </Group>
  );
}

function StepForm({ onSubmit, children }: { onSubmit: () => void; children: ReactNode }) {
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <Stack gap="sm">{children}</Stack>
    </form>
  );
}

function ConfirmOnly({
  submit,
  pending,
  text,
  body = {},
}: StepProps & { text: string; body?: Record<string, unknown> }) {
  const { t } = useTranslation();
  return (
    <StepForm onSubmit={() => void submit(body)}>
      <Text>{text}</Text>
      <SubmitRow pending={pending} label={t('referrals.actions.confirm')} />
    </StepForm>
  );
}

function RequestInformation({ view, submit, pending }: StepProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const suggested = useMemo(
    () => (view.evaluation?.missing ?? []).map((m) => resolveText(m.text, lang).text),
    [view.evaluation, lang],
  );
  const [checked, setChecked] = useState<string[]>(suggested);
  const [extra, setExtra] = useState('');
  const [message, setMessage] = useState('');
  const missingError = useFieldError('missing', 'missing[0]');
  const items = () => [
    ...checked,
    ...extra
      .split('\n')
      .map((x) => x.trim())
      .filter(Boolean),
  ];
  return (
    <StepForm onSubmit={() => void submit({ missing: items(), message })}>
      <Text size="sm">{t('referrals.actions.requestInformationText')}</Text>
      {suggested.length > 0 && (
        <Checkbox.Group
          label={t('referrals.actions.missingItems')}
          value={checked}
          onChange={setChecked}
          data-testid="request-missing"
        >
          <Stack gap={6} mt={6}>
            {suggested.map((s) => (
              <Checkbox key={s} value={s} label={s} />
            ))}
          </Stack>
        </Checkbox.Group>
      )}
      <Textarea
        label={t('referrals.actions.extraItems')}
        description={t('referrals.actions.extraItemsHint')}
        autosize
        minRows={2}
        value={extra}
        onChange={(e) => setExtra(e.currentTarget.value)}
        error={missingError}
        data-testid="request-extra"
      />
      <Textarea
        label={t('referrals.actions.message')}
        autosize
        minRows={2}
        value={message}
        onChange={(e) => setMessage(e.currentTarget.value)}
        data-testid="request-message"
      />
      <SubmitRow pending={pending} label={t('referrals.actions.requestInformation')} />
    </StepForm>
  );
}

function Accept({ view, submit, pending }: StepProps) {
  const { t } = useTranslation();
  const staff = useDepartmentStaff(view.departmentId);
  const specialists = useMemo(() => {
    const seen = new Map<string, string>();
    for (const s of staff.data?.staff ?? []) if (s.role === 'specialist') seen.set(s.id, s.name);
    return [...seen].map(([id, name]) => ({ id, name }));
  }, [staff.data]);
  const [urgency, setUrgency] = useState<Urgency>(view.urgencyRequested ?? 'routine');
  const [chosen, setChosen] = useState<string[]>([]);
  const [seenWithin, setSeenWithin] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  const [note, setNote] = useState('');
  const specialistsError = useFieldError('specialistIds', 'specialistIds[0]');
  const seenError = useFieldError('seenWithin');
  const reasonError = useFieldError('overrideReason');
  return (
    <StepForm
      onSubmit={() =>
        void submit({
          urgency,
          specialistIds: chosen,
          ...(seenWithin ? { seenWithin, overrideReason } : {}),
          note,
        })
      }
    >
      <Radio.Group
        label={t('referrals.fields.urgency')}
        value={urgency}
        onChange={(v) => setUrgency(v === 'urgent' ? 'urgent' : 'routine')}
        data-testid="accept-urgency"
      >
        <Group gap="lg" mt={6}>
          <Radio value="routine" label={t('referrals.urgency.routine')} />
          <Radio value="urgent" label={t('referrals.urgency.urgent')} />
        </Group>
      </Radio.Group>
      {staff.isLoading ? (
        <Loader size="sm" aria-label={t('common.loading')} />
      ) : specialists.length === 0 ? (
        <Alert color="orange">{t('referrals.actions.noSpecialists')}</Alert>
      ) : (
        <Checkbox.Group
          label={t('referrals.fields.specialists')}
          value={chosen}
          onChange={setChosen}
          error={specialistsError}
          withAsterisk
          data-testid="accept-specialists"
        >
          <Stack gap={6} mt={6}>
            {specialists.map((s) => (
              <Checkbox key={s.id} value={s.id} label={s.name} />
            ))}
          </Stack>
        </Checkbox.Group>
      )}
      <ErrorAlert error={staff.error} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          type="date"
          label={t('referrals.actions.seenWithinOverride')}
          description={t('referrals.actions.seenWithinHint')}
          value={seenWithin}
          onChange={(e) => setSeenWithin(e.currentTarget.value)}
          error={seenError}
          data-testid="accept-seen-within"
        />
        <TextInput
          label={t('referrals.actions.overrideReason')}
          value={overrideReason}
          onChange={(e) => setOverrideReason(e.currentTarget.value)}
          error={reasonError}
          withAsterisk={seenWithin !== ''}
          disabled={seenWithin === ''}
          data-testid="accept-override-reason"
        />
      </SimpleGrid>
      <Textarea
        label={t('referrals.actions.note')}
        autosize
        minRows={2}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        data-testid="accept-note"
      />
      <SubmitRow pending={pending} label={t('referrals.actions.accept')} />
    </StepForm>
  );
}

function Reject({ submit, pending }: StepProps) {
  const { t } = useTranslation();
  const [reasonCode, setReasonCode] = useState<RejectionReason | ''>('');
  const [explanation, setExplanation] = useState('');
  const [redirect, setRedirect] = useState('');
  const codeError = useFieldError('reasonCode');
  const explanationError = useFieldError('explanation');
  const redirectError = useFieldError('redirect');
  return (
    <StepForm onSubmit={() => void submit({ reasonCode, explanation, redirect })}>
      <Text size="sm">{t('referrals.actions.rejectText')}</Text>
      <NativeSelect
        label={t('referrals.fields.reason')}
        value={reasonCode}
        onChange={(e) => setReasonCode(e.currentTarget.value as RejectionReason)}
        data={[
          { value: '', label: t('referrals.actions.chooseReason') },
          ...rejectionReasons.map((r) => ({ value: r, label: t(`referrals.rejection.${r}`) })),
        ]}
        error={codeError}
        withAsterisk
        data-testid="reject-reason"
      />
      <Textarea
        label={t('referrals.actions.explanation')}
        autosize
        minRows={3}
        value={explanation}
        onChange={(e) => setExplanation(e.currentTarget.value)}
        error={explanationError}
        withAsterisk
        data-testid="reject-explanation"
      />
      <TextInput
        label={t('referrals.fields.redirect')}
        description={t('referrals.actions.redirectHint')}
        value={redirect}
        onChange={(e) => setRedirect(e.currentTarget.value)}
        error={redirectError}
        data-testid="reject-redirect"
      />
      <SubmitRow pending={pending} label={t('referrals.actions.reject')} color="red" />
    </StepForm>
  );
}

function Forward({ view, submit, pending }: StepProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const catalog = useCatalog();
  const [departmentId, setDepartmentId] = useState('');
  const [reason, setReason] = useState('');
  const departmentError = useFieldError('departmentId');
  const reasonError = useFieldError('reason');
  const options = (catalog.data?.departments ?? [])
    .filter((d) => d.id !== view.departmentId)
    .map((d) => ({ value: d.id, label: resolveText(d.name, lang).text }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  return (
    <StepForm onSubmit={() => void submit({ departmentId, reason })}>
      <NativeSelect
        label={t('referrals.actions.forwardTo')}
        value={departmentId}
        onChange={(e) => setDepartmentId(e.currentTarget.value)}
        data={[{ value: '', label: t('referrals.actions.chooseDepartment') }, ...options]}
        error={departmentError}
        withAsterisk
        data-testid="forward-department"
      />
      <Textarea
        label={t('referrals.fields.reason')}
        autosize
        minRows={2}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={reasonError}
        withAsterisk
        data-testid="forward-reason"
      />
      <SubmitRow pending={pending} label={t('referrals.actions.forward')} />
    </StepForm>
  );
}

function Schedule({ view, submit, pending, reschedule }: StepProps & { reschedule: boolean }) {
  const { t } = useTranslation();
  const current = view.appointment;
  const start = current?.start ? localParts(current.start) : null;
  const [date, setDate] = useState(reschedule && start ? start.date : '');
  const [time, setTime] = useState(reschedule && start ? start.time : '');
  const [location, setLocation] = useState(reschedule ? (current?.location ?? '') : '');
  const [videoLink, setVideoLink] = useState(reschedule ? (current?.videoLink ?? '') : '');
  const [notes, setNotes] = useState(reschedule ? (current?.notes ?? '') : '');
  const [reason, setReason] = useState('');
  const startError = useFieldError('start');
  const locationError = useFieldError('location');
  const videoError = useFieldError('videoLink');
  const reasonError = useFieldError('reason');
  return (
    <StepForm
      onSubmit={() =>
        void submit({
          start: amsterdamDateTime(date, time) ?? '',
          location,
          videoLink,
          notes,
          ...(reschedule ? { reason } : {}),
        })
      }
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          type="date"
          label={t('referrals.actions.date')}
          value={date}
          onChange={(e) => setDate(e.currentTarget.value)}
          error={startError}
          withAsterisk
          data-testid="schedule-date"
        />
        <TextInput
          type="time"
          label={t('referrals.actions.time')}
          description={t('referrals.actions.timeHint')}
          value={time}
          onChange={(e) => setTime(e.currentTarget.value)}
          withAsterisk
          data-testid="schedule-time"
        />
      </SimpleGrid>
      <TextInput
        label={t('referrals.fields.location')}
        description={t('referrals.actions.placeOrVideo')}
        value={location}
        onChange={(e) => setLocation(e.currentTarget.value)}
        error={locationError}
        data-testid="schedule-location"
      />
      <TextInput
        type="url"
        label={t('referrals.fields.videoLink')}
        placeholder="https://"
        value={videoLink}
        onChange={(e) => setVideoLink(e.currentTarget.value)}
        error={videoError}
        data-testid="schedule-video"
      />
      <Textarea
        label={t('referrals.fields.notes')}
        autosize
        minRows={2}
        value={notes}
        onChange={(e) => setNotes(e.currentTarget.value)}
        data-testid="schedule-notes"
      />
      {reschedule && (
        <TextInput
          label={t('referrals.fields.reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={reasonError}
          withAsterisk
          data-testid="schedule-reason"
        />
      )}
      <SubmitRow pending={pending} label={t(`referrals.actions.${reschedule ? 'reschedule' : 'schedule'}`)} />
    </StepForm>
  );
}

function NoteOnly({
  submit,
  pending,
  action,
}: StepProps & { action: 'no-show' | 'record-consult' | 'refer-to-mdo' }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  return (
    <StepForm onSubmit={() => void submit({ note })}>
      <Text size="sm">{t(`referrals.actions.text.${action}`)}</Text>
      <Textarea
        label={t('referrals.actions.note')}
        autosize
        minRows={3}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        data-testid={`${action}-note`}
      />
      <SubmitRow pending={pending} label={t(`referrals.actions.${action}`)} />
    </StepForm>
  );
}

function Complete({ submit, pending }: StepProps) {
  const { t } = useTranslation();
  const [summary, setSummary] = useState('');
  const [endOfTreatment, setEnd] = useState(false);
  const summaryError = useFieldError('summary');
  return (
    <StepForm onSubmit={() => void submit({ summary, endOfTreatment })}>
      <Textarea
        label={t('referrals.actions.summary')}
        description={t('referrals.actions.summaryHint')}
        autosize
        minRows={4}
        value={summary}
        onChange={(e) => setSummary(e.currentTarget.value)}
        error={summaryError}
        withAsterisk
        data-testid="complete-summary"
      />
      <Checkbox
        label={t('referrals.actions.endOfTreatment')}
        checked={endOfTreatment}
        onChange={(e) => setEnd(e.currentTarget.checked)}
        data-testid="complete-end"
      />
      <SubmitRow pending={pending} label={t('referrals.actions.complete')} />
    </StepForm>
  );
}

function Cancel({ submit, pending }: StepProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [sure, setSure] = useState(false);
  const reasonError = useFieldError('reason');
  return (
    <StepForm onSubmit={() => void submit({ reason })}>
      <Alert color="red" variant="light">
        {t('referrals.actions.cancelWarning')}
      </Alert>
      <Textarea
        label={t('referrals.fields.reason')}
        autosize
        minRows={2}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={reasonError}
        withAsterisk
        data-testid="cancel-reason"
      />
      <Checkbox
        label={t('referrals.actions.cancelSure')}
        checked={sure}
        onChange={(e) => setSure(e.currentTarget.checked)}
        data-testid="cancel-sure"
      />
      <Group justify="flex-end">
        <Button type="submit" color="red" loading={pending} disabled={!sure} data-testid="dialog-submit">
          {t('referrals.actions.cancel')}
        </Button>
      </Group>
    </StepForm>
  );
}

/** Staff claim a referral so two people do not work on it at once, and release it again. */
export function ClaimButton({ view }: { view: ReferralView }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const store = useStoreReferral();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (view.viewer !== 'staff') return null;
  const mine = !!me?.user && view.claimedBy?.id === me.user.id;
  const other = view.claimedBy?.id && !mine ? view.claimedBy.name : null;
  const toggle = async () => {
    setPending(true);
    setError(null);
    try {
      store(
        await api<ReferralView>(`/api/referrals/${encodeURIComponent(view.id)}/claim`, {
          body: { claim: !mine },
        }),
      );
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  };
  return (
    <Stack gap={4}>
      <Group gap="xs">
        {other && (
          <Text size="sm" data-testid="claimed-by">
            {t('referrals.claim.by', { name: other })}
          </Text>
        )}
        {mine && (
          <Text size="sm" data-testid="claimed-by">
            {t('referrals.claim.mine')}
          </Text>
        )}
        <Button
          size="xs"
          variant="default"
          loading={pending}
          onClick={() => void toggle()}
          data-testid="claim"
        >
          {mine
            ? t('referrals.claim.release')
            : other
              ? t('referrals.claim.takeOver')
              : t('referrals.claim.claim')}
        </Button>
      </Group>
      <ErrorAlert error={error} />
    </Stack>
  );
}
