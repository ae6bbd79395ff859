import { Alert, Anchor, Badge, Checkbox, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { essentialKeys, type Blocker, type Department, type Evaluation, type Stop } from '@loket/domain';
import { LText } from '../shared/LocalizedText';

/** Where to refer instead, as the department's stop says (R-CAT-05). */
export function StopRedirect({ stop }: { stop: Stop }) {
  const { t } = useTranslation();
  if (!stop.redirect) return null;
  const r = stop.redirect;
  return (
    <Text component="span" display="block" size="sm" fw={600} data-testid="stop-redirect">
      {t('referrals.panel.redirect')}:{' '}
      {r.url ? (
        <Anchor href={r.url}>
          <LText text={r.name} />
        </Anchor>
      ) : (
        <LText text={r.name} />
      )}
      {r.note && (
        <Text span size="sm" fw={400}>
          {' '}
          — <LText text={r.note} />
        </Text>
      )}
    </Text>
  );
}

/** A stop the referrer confirms does not apply: if it does, where to refer instead. */
function ConfirmationRedirect({ department, id }: { department?: Department; id: string }) {
  const { t } = useTranslation();
  const stop = id.startsWith('stop:') ? department?.stops.find((s) => `stop:${s.id}` === id) : undefined;
  if (!stop?.redirect) return null;
  return (
    <Text component="span" display="block" size="xs">
      {t('referrals.panel.ifItIs')} <StopRedirect stop={stop} />
    </Text>
  );
}

export function BlockerAlert({ blocker, certain = true }: { blocker: Blocker; certain?: boolean }) {
  const { t } = useTranslation();
  if (blocker.kind === 'stop') {
    const s = blocker.stop;
    return (
      <Alert
        color={certain ? 'red' : 'orange'}
        title={
          <>
            {t('referrals.panel.stop')}: <LText text={s.subject} />
          </>
        }
        data-testid="blocker"
        data-blocker={`stop:${s.id}`}
      >
        <Stack gap={4}>
          <LText text={s.text} block />
          {s.referrers && (
            <Text size="sm">
              {t('referrals.panel.appliesTo')}: {s.referrers.map((r) => t(`referrerKind.${r}`)).join(', ')}
            </Text>
          )}
          <StopRedirect stop={s} />
        </Stack>
      </Alert>
    );
  }
  const r = blocker.restriction;
  return (
    <Alert
      color={certain ? 'red' : 'orange'}
      title={t(`restriction.${r.type}`)}
      data-testid="blocker"
      data-blocker={`restriction:${r.id}`}
    >
      <LText text={r.text} block />
      {r.type === 'specialisms' && (
        <Text size="sm" mt={4}>
          {t('department.onlyFrom')}: {r.allowed.join(', ')}
        </Text>
      )}
      {r.type === 'referrer-kinds' && (
        <Text size="sm" mt={4}>
          {t('department.onlyFrom')}: {r.allowed.map((k) => t(`referrerKind.${k}`)).join(', ')}
        </Text>
      )}
    </Alert>
  );
}

/**
 * What the referral still lacks against the department's list, and what the department will not take, live
 * while typing (R-REF-03, R-CAT-05). A confirmation the referrer must give is a checkbox here.
 */
export function CompletenessPanel({
  evaluation,
  referrerKnown,
  confirmations,
  onConfirm,
  department,
}: {
  evaluation: Evaluation;
  /** For the redirect of a stop the referrer confirms is not the subject. */
  department?: Department;
  /** Before the first save the kind of referrer is not known: blockers then warn rather than stop. */
  referrerKnown: boolean;
  confirmations: readonly string[];
  onConfirm?: (id: string, confirmed: boolean) => void;
}) {
  const { t } = useTranslation();
  const { missing, blockers } = evaluation;
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="completeness-title"
      data-testid="completeness-panel"
    >
      <Stack gap="sm">
        <Title order={2} size="h4" id="completeness-title">
          {t('referrals.panel.title')}
        </Title>
        {missing.length === 0 ? (
          <Text fw={600} data-testid="complete">
            {t('referrals.panel.complete')}
          </Text>
        ) : (
          <>
            <Text size="sm">{t('referrals.panel.missingIntro', { count: missing.length })}</Text>
            <List size="sm" spacing={4} aria-live="polite">
              {missing.map((m) => (
                <List.Item key={m.key} data-testid="missing-item" data-key={m.key}>
                  <LText text={m.text} />
                  {essentialKeys.has(m.key) && (
                    <Badge size="xs" ml={6} variant="light" color="red">
                      {t('referrals.panel.essential')}
                    </Badge>
                  )}
                </List.Item>
              ))}
            </List>
            {evaluation.essentialMissing === 0 && (
              <Text size="sm" c="dimmed">
                {t('referrals.panel.sendAnyway')}
              </Text>
            )}
          </>
        )}
        {blockers.map((b) => (
          <BlockerAlert
            key={b.kind === 'stop' ? `stop:${b.stop.id}` : `restriction:${b.restriction.id}`}
            blocker={b}
            certain={referrerKnown}
          />
        ))}
        {!referrerKnown && blockers.length > 0 && (
          <Text size="xs" c="dimmed">
            {t('referrals.panel.checkedOnSave')}
          </Text>
        )}
        {evaluation.confirmations.length > 0 && (
          <Stack gap="xs" data-testid="confirmations">
            <Text size="sm" fw={600}>
              {t('referrals.panel.confirm')}
            </Text>
            {evaluation.confirmations.map((c) => (
              <Checkbox
                key={c.id}
                checked={confirmations.includes(c.id)}
                disabled={!onConfirm}
                onChange={(e) => onConfirm?.(c.id, e.currentTarget.checked)}
                label={
                  c.type === 'treating-doctor' ? (
                    t('referrals.panel.confirmation.treating-doctor')
                  ) : (
                    <>
                      {t(`referrals.panel.confirmation.${c.type}`)} <LText text={c.subject} />
                    </>
                  )
                }
                description={
                  c.type === 'treating-doctor' ? (
                    <LText text={c.subject} />
                  ) : (
                    <ConfirmationRedirect department={department} id={c.id} />
                  )
                }
                data-testid={`confirm-${c.id}`}
              />
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
