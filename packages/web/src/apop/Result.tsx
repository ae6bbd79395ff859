import { Alert, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  APOP_HIGH_RISK_THRESHOLD,
  apopMemoryQuestions,
  apopYesNoQuestions,
  type ApopFollowUpStatus,
  type ApopRisk,
} from '@loket/domain';
import { useLanguage } from '../shared/i18n';
import type { ApopModelView, ApopScreeningView } from './apop.resource';

const riskColor: Record<ApopRisk, string> = { high: 'red', low: 'green', unknown: 'gray' };

export function RiskBadge({ risk }: { risk: ApopRisk }) {
  const { t } = useTranslation();
  return (
    <Badge maw="none" variant="light" color={riskColor[risk]} data-risk={risk}>
      {t(`apop.risk.${risk}`)}
    </Badge>
  );
}

const followUpColor: Record<ApopFollowUpStatus, string> = { open: 'blue', overdue: 'red', closed: 'green' };

export function FollowUpBadge({ status }: { status: ApopFollowUpStatus }) {
  const { t } = useTranslation();
  return (
    <Badge
      maw="none"
      variant="light"
      color={followUpColor[status]}
      data-testid="apop-call-status"
      data-status={status}
    >
      {t(`apop.followUp.status.${status}`)}
    </Badge>
  );
}

export function percent(p: number, lang: 'nl' | 'en'): string {
  return new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    style: 'percent',
    maximumFractionDigits: 0,
  }).format(p);
}

/** Which model the functional domain uses, or that there is none and the risk stays unknown (R-APOP-03). */
export function ModelNotice({
  model,
}: {
  model: Pick<ApopModelView, 'version' | 'validatedBy' | 'source'> | null;
}) {
  const { t } = useTranslation();
  if (!model)
    return (
      <Alert color="orange" title={t('apop.model.notConfiguredTitle')} data-testid="apop-model-missing">
        {t('apop.model.notConfigured')}
      </Alert>
    );
  return (
    <Text size="sm" c="dimmed" data-testid="apop-model-in-use">
      {t('apop.model.inUse', {
        version: model.version,
        validatedBy: model.validatedBy,
        source: model.source,
      })}
    </Text>
  );
}

/** The result in words, both domains, and what it means (R-APOP-02 … 04). */
export function ResultPanel({ view }: { view: ApopScreeningView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const r = view.result;
  return (
    <Alert
      color={riskColor[r.risk]}
      variant="light"
      title={`${t(`apop.risk.${r.risk}`)}: ${t(`apop.outcome.${r.outcome}`)}`}
      data-testid="apop-result"
      data-risk={r.risk}
      data-outcome={r.outcome}
    >
      <Stack gap="xs">
        <Text size="sm">
          <strong>{t('apop.result.cognitive')}:</strong>{' '}
          {r.cognitive.impaired
            ? `${t('apop.result.impaired')} (${r.cognitive.reasons.map((x) => t(`apop.reason.${x}`)).join(', ')})`
            : t('apop.result.intact')}
        </Text>
        <Text size="sm" data-testid="apop-functional">
          <strong>{t('apop.result.functional')}:</strong>{' '}
          {r.functional.status === 'computed'
            ? t(r.functional.high ? 'apop.result.functionalHigh' : 'apop.result.functionalLow', {
                probability: percent(r.functional.probability, lang),
                threshold: percent(APOP_HIGH_RISK_THRESHOLD, lang),
              })
            : t('apop.result.functionalUnknown')}
        </Text>
        <ModelNotice model={r.model} />
      </Stack>
    </Alert>
  );
}

/** The nine questions with their answers. */
export function AnswersTable({ view }: { view: ApopScreeningView }) {
  const { t } = useTranslation();
  const a = view.answers;
  const rows: [string, string][] = [
    [t('apop.question.age'), t('apop.screening.ageValue', { age: view.age })],
    [t('apop.question.sex'), t(`apop.answer.${a.sex}`)],
    ...apopYesNoQuestions.map(
      (q) => [t(`apop.question.${q}`), t(a[q] ? 'apop.answer.yes' : 'apop.answer.no')] as [string, string],
    ),
    ...apopMemoryQuestions.map(
      (q) => [t(`apop.question.${q}`), t(`apop.answer.${a[q]}`)] as [string, string],
    ),
  ];
  return (
    <section aria-labelledby="apop-answers-title">
      <Title order={2} size="h4" id="apop-answers-title" mb="xs">
        {t('apop.screening.questions')}
      </Title>
      <Table data-testid="apop-answers">
        <Table.Tbody>
          {rows.map(([q, v], i) => (
            <Table.Tr key={i}>
              <Table.Th scope="row" fw={400}>
                {q}
              </Table.Th>
              <Table.Td>{v}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed" mt="xs">
        {t('apop.screening.answersNote')}
      </Text>
    </section>
  );
}
