import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  NativeSelect,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MIN_REFUSAL_REASONING,
  noConsultReasons,
  type NoConsultReason,
  type ReviewOutcomeInput,
} from '@loket/domain';
import { DocumentUploader } from '../referrals/Documents';
import { DueStatus } from '../referrals/badges';
import { formatDate, formatDateTime } from '../referrals/format';
import { referralKeys, type ReferralView } from '../referrals/referrals.resource';
import { useLanguage } from '../shared/i18n';
import { LText } from '../shared/LocalizedText';
import { ErrorAlert } from '../shared/ProblemList';
import {
  recordOutcome,
  secondOpinionKey,
  useSecondOpinion,
  type SecondOpinionView,
} from './second-opinions.resource';

/**
 * The second opinion on the referral page (R-SO-01 … R-SO-10): the route and its flag, the treating specialist as
 * main practitioner, the dossier checklist with an upload per missing item, the DICOM studies, the review clock, the
 * outcome, and for the department's staff the outcome form.
 */
export function SecondOpinionPanel({ view }: { view: ReferralView }) {
  const enabled = view.kind === 'second-opinion' && view.state !== 'draft';
  const { data } = useSecondOpinion(view.id, enabled);
  const { t } = useTranslation();
  if (!enabled || !data) return null;
  return (
    <Paper withBorder p="md" data-testid="second-opinion-panel">
      <Stack gap="md">
        <Title order={2} size="h3">
          {t('secondOpinions.panel.title')}
        </Title>
        {data.request && <RequestSummary so={data} />}
        <ReviewClock so={data} />
        <Outcome so={data} />
        <Checklist so={data} view={view} />
        <Studies so={data} />
        {data.canRecordOutcome && <OutcomeForm so={data} view={view} />}
        {['accepted', 'scheduled'].includes(view.state) && (
          <Alert color="gray" variant="light" data-testid="so-consult-first">
            {t('secondOpinions.panel.consultFirst')}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function RequestSummary({ so }: { so: SecondOpinionView }) {
  const { t } = useTranslation();
  const r = so.request!;
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <div>
          <Text size="xs" c="dimmed">
            {t('secondOpinions.panel.route')}
          </Text>
          <Text size="sm" data-testid="so-route-value">
            {t(`secondOpinions.route.${r.route}`)}
          </Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            {t('secondOpinions.panel.mainPractitioner')}
          </Text>
          <Text size="sm" data-testid="so-main-practitioner-value">
            {r.treatingSpecialist.name} · {r.treatingSpecialist.organisation}
          </Text>
        </div>
      </SimpleGrid>
      {r.question && (
        <div>
          <Text size="xs" c="dimmed">
            {t('secondOpinions.panel.question')}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
            {r.question}
          </Text>
        </div>
      )}
      {r.routeFlag && (
        <Alert color="yellow" data-testid="so-route-flag">
          <LText text={r.routeFlag} />
        </Alert>
      )}
      {r.route !== 'patient' && (
        <Text size="xs" c="dimmed" data-testid="so-consent">
          {r.consentRecorded
            ? t('secondOpinions.panel.consentRecorded')
            : t('secondOpinions.panel.consentPending')}
        </Text>
      )}
    </Stack>
  );
}

function ReviewClock({ so }: { so: SecondOpinionView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (!so.review)
    return (
      <Alert color="orange" variant="light" data-testid="so-review-waiting">
        {t('secondOpinions.panel.reviewWaiting')}
      </Alert>
    );
  return (
    <Paper withBorder p="sm" data-testid="so-review-clock" data-due={so.review.due}>
      <Text size="sm" fw={600}>
        {t('secondOpinions.panel.reviewDue')}
      </Text>
      {so.outcome ? (
        <Text size="sm">{formatDate(so.review.due, lang, true)}</Text>
      ) : (
        <DueStatus due={so.review.due} status={so.review.status} testId="so-review-status" />
      )}
      {so.review.dossierCompleteAt && (
        <Text size="xs" c="dimmed">
          {t('secondOpinions.panel.dossierComplete', {
            at: formatDateTime(so.review.dossierCompleteAt, lang),
          })}
        </Text>
      )}
    </Paper>
  );
}

function Outcome({ so }: { so: SecondOpinionView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const o = so.outcome;
  if (!o) return null;
  const text =
    o.kind === 'invite'
      ? t(`secondOpinions.outcome.invite.${o.form}`)
      : o.kind === 'no-consult'
        ? t(`secondOpinions.noConsult.${o.reason}`)
        : t(`secondOpinions.outcome.${o.kind}`);
  const examinations = o.kind === 'invite' || o.kind === 'extra-examinations' ? (o.examinations ?? []) : [];
  return (
    <Alert
      color={o.kind === 'refusal' || o.kind === 'no-consult' ? 'red' : 'green'}
      data-testid="so-outcome"
      data-kind={o.kind}
    >
      <Text size="sm" fw={600}>
        {text}
      </Text>
      {examinations.length > 0 && (
        <List size="sm">
          {examinations.map((e, i) => (
            <List.Item key={i}>{e}</List.Item>
          ))}
        </List>
      )}
      {o.kind === 'refusal' && (
        <Text size="sm">
          {o.weightyReason} — {o.reasoning}
        </Text>
      )}
      {o.kind === 'no-consult' && o.explanation && <Text size="sm">{o.explanation}</Text>}
      <Text size="xs" c="dimmed">
        {o.by} · {formatDateTime(o.at, lang)}
      </Text>
    </Alert>
  );
}

function Checklist({ so, view }: { so: SecondOpinionView; view: ReferralView }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const refresh = async () => {
    await Promise.all([
      client.invalidateQueries({ queryKey: secondOpinionKey(view.id) }),
      client.invalidateQueries({ queryKey: referralKeys.one(view.id) }),
    ]);
  };
  const missing = so.checklist.filter((i) => !i.present);
  return (
    <Stack gap="xs" data-testid="so-checklist">
      <Text size="sm" fw={600}>
        {t('secondOpinions.panel.checklist')}
      </Text>
      <Text size="xs" c="dimmed">
        {t('secondOpinions.panel.languageRule')}
      </Text>
      <List size="sm" spacing={6}>
        {so.checklist.map((i) => (
          <List.Item key={i.key} data-testid="so-item" data-kind={i.kind} data-present={String(i.present)}>
            <Group gap={6} wrap="wrap">
              <LText text={i.text} />
              <Badge size="xs" variant="light" color={i.present ? 'green' : 'red'}>
                {i.present ? t('secondOpinions.panel.present') : t('secondOpinions.panel.missing')}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed">
              <LText text={i.why} />
            </Text>
            {!i.present && so.canUpload && (
              <DocumentUploader
                ensureReferral={async () => view.id}
                kinds={[i.kind]}
                defaultKind={i.kind}
                askLanguage
                onUploaded={() => void refresh()}
                testId={`so-upload-${i.kind}`}
                label={i.kind === 'imaging' ? t('secondOpinions.panel.chooseDicom') : undefined}
              />
            )}
          </List.Item>
        ))}
      </List>
      {missing.length === 0 && so.checklist.length > 0 && (
        <Text size="sm" fw={600} data-testid="so-dossier-complete">
          {t('secondOpinions.panel.complete')}
        </Text>
      )}
    </Stack>
  );
}

function Studies({ so }: { so: SecondOpinionView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const docs = so.documents;
  if (docs.length === 0) return null;
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table data-testid="so-documents">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('secondOpinions.documents.file')}</Table.Th>
            <Table.Th>{t('secondOpinions.documents.kind')}</Table.Th>
            <Table.Th>{t('secondOpinions.documents.language')}</Table.Th>
            <Table.Th>{t('secondOpinions.documents.study')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {docs.map((d) => (
            <Table.Tr key={d.id} data-testid="so-document" data-kind={d.kind}>
              <Table.Td>{d.filename}</Table.Td>
              <Table.Td>{t(`referrals.documentKind.${d.kind}`)}</Table.Td>
              <Table.Td>
                {d.language && d.language !== 'zxx' ? t(`secondOpinions.language.${d.language}`) : '—'}
              </Table.Td>
              <Table.Td data-testid={d.dicom ? 'so-dicom-study' : undefined}>
                {d.dicom
                  ? [
                      d.dicom.modality,
                      d.dicom.studyDescription,
                      d.dicom.studyDate ? formatDate(d.dicom.studyDate, lang) : null,
                    ]
                      .filter(Boolean)
                      .join(' · ')
                  : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

type Choice = 'invite-in-person' | 'invite-video' | 'extra-examinations' | 'no-consult' | 'refusal';

function OutcomeForm({ so, view }: { so: SecondOpinionView; view: ReferralView }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [choice, setChoice] = useState<Choice>('invite-video');
  const [examinations, setExaminations] = useState('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState<NoConsultReason>('agrees-with-treatment');
  const [weightyReason, setWeightyReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const list = examinations
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

  const body = (): ReviewOutcomeInput => {
    switch (choice) {
      case 'invite-in-person':
      case 'invite-video':
        return {
          kind: 'invite',
          form: choice === 'invite-video' ? 'video' : 'in-person',
          examinations: list,
          note,
        };
      case 'extra-examinations':
        return { kind: 'extra-examinations', examinations: list, note };
      case 'no-consult':
        return { kind: 'no-consult', reason, explanation: note };
      case 'refusal':
        return { kind: 'refusal', weightyReason, reasoning: note };
    }
  };

  const save = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await recordOutcome(so.referralId, body());
      await Promise.all([
        client.invalidateQueries({ queryKey: secondOpinionKey(view.id) }),
        client.invalidateQueries({ queryKey: referralKeys.one(view.id) }),
      ]);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper
      withBorder
      p="sm"
      component="form"
      noValidate
      aria-label={t('secondOpinions.outcomeForm.title')}
      data-testid="so-outcome-form"
      onSubmit={(e: React.FormEvent) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack gap="sm">
        <Text fw={600}>{t('secondOpinions.outcomeForm.title')}</Text>
        <Radio.Group value={choice} onChange={(v) => setChoice(v as Choice)} data-testid="so-outcome-choice">
          <Stack gap={4} mt={4}>
            {(
              ['invite-in-person', 'invite-video', 'extra-examinations', 'no-consult', 'refusal'] as const
            ).map((c) => (
              <Radio
                key={c}
                value={c}
                label={t(`secondOpinions.outcomeForm.${c}`)}
                data-testid={`so-choice-${c}`}
              />
            ))}
          </Stack>
        </Radio.Group>
        {(choice === 'invite-in-person' || choice === 'invite-video' || choice === 'extra-examinations') && (
          <Textarea
            label={t('secondOpinions.outcomeForm.examinations')}
            description={t('secondOpinions.outcomeForm.examinationsHint')}
            value={examinations}
            onChange={(e) => setExaminations(e.currentTarget.value)}
            autosize
            minRows={2}
            required={choice === 'extra-examinations'}
            data-testid="so-examinations"
          />
        )}
        {choice === 'no-consult' && (
          <NativeSelect
            label={t('secondOpinions.outcomeForm.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value as NoConsultReason)}
            data={noConsultReasons.map((r) => ({ value: r, label: t(`secondOpinions.noConsult.${r}`) }))}
            data-testid="so-no-consult-reason"
          />
        )}
        {choice === 'refusal' && (
          <>
            <Alert color="red" variant="light">
              {t('secondOpinions.outcomeForm.refusalRule')}
            </Alert>
            <TextInput
              label={t('secondOpinions.outcomeForm.weightyReason')}
              value={weightyReason}
              onChange={(e) => setWeightyReason(e.currentTarget.value)}
              required
              data-testid="so-weighty-reason"
            />
          </>
        )}
        <Textarea
          label={
            choice === 'refusal'
              ? t('secondOpinions.outcomeForm.reasoning', { min: MIN_REFUSAL_REASONING })
              : choice === 'no-consult'
                ? t('secondOpinions.outcomeForm.explanation')
                : t('secondOpinions.outcomeForm.note')
          }
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={2}
          required={choice === 'refusal' || (choice === 'no-consult' && reason === 'other')}
          data-testid="so-note"
        />
        <Text size="xs" c="dimmed">
          {t('secondOpinions.outcomeForm.informed')}
        </Text>
        <ErrorAlert error={error} />
        <Group>
          <Button type="submit" loading={busy} data-testid="so-outcome-save">
            {t('secondOpinions.outcomeForm.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
