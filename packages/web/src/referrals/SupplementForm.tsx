import { Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionInputSchemas, problemsOf, type LetterItem } from '@loket/domain';
import { ProblemsContext, problemMap, problemsOfError } from '../admin/problems';
import { ApiError, api } from '../shared/api';
import { LText } from '../shared/LocalizedText';
import { ErrorAlert } from '../shared/ProblemList';
import { DocumentUploader } from './Documents';
import { newIdempotencyKey, referralKeys, useStoreReferral, type ReferralView } from './referrals.resource';

/**
 * The answer to a request for more information (R-REF-03): the missing letter items as text, documents, and a
 * message. Sending it puts the referral back in the department's queue.
 */
export function SupplementForm({ view }: { view: ReferralView }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const store = useStoreReferral();
  const [key] = useState(newIdempotencyKey);
  const letterItems = useMemo(
    () =>
      (view.evaluation?.missing ?? [])
        .filter((m) => m.key.startsWith('letter.'))
        .map((m) => ({ item: m.key.slice('letter.'.length) as LetterItem, text: m.text })),
    [view.evaluation],
  );
  const [letter, setLetter] = useState<Partial<Record<LetterItem, string>>>({});
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const busy = useRef(false);
  const problems = useMemo(() => problemMap(problemsOfError(error)), [error]);

  const send = async () => {
    if (busy.current) return;
    const filled = Object.fromEntries(Object.entries(letter).filter(([, v]) => (v ?? '').trim() !== ''));
    const body = { ...(Object.keys(filled).length > 0 ? { letter: filled } : {}), message };
    const check = ActionInputSchemas.supplement.safeParse(body);
    if (!check.success) {
      setError(new ApiError(400, 'invalid-input', t('errors.invalid-input'), problemsOf(check.error)));
      return;
    }
    busy.current = true;
    setPending(true);
    setError(null);
    try {
      store(
        await api<ReferralView>(`/api/referrals/${encodeURIComponent(view.id)}/actions/supplement`, {
          body,
          idempotencyKey: key,
        }),
      );
    } catch (e) {
      setError(e);
    } finally {
      busy.current = false;
      setPending(false);
    }
  };

  return (
    <ProblemsContext.Provider value={problems}>
      <Paper
        withBorder
        p="md"
        component="section"
        aria-labelledby="supplement-title"
        data-testid="supplement-form"
      >
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <Stack gap="sm">
            <Title order={3} size="h4" id="supplement-title">
              {t('referrals.supplement.title')}
            </Title>
            <Text size="sm">{t('referrals.supplement.intro')}</Text>
            {letterItems.map(({ item, text }) => (
              <Textarea
                key={item}
                label={<LText text={text} />}
                autosize
                minRows={2}
                value={letter[item] ?? ''}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setLetter((l) => ({ ...l, [item]: v }));
                }}
                error={problems.get(`letter.${item}`)}
                data-testid={`supplement-letter-${item}`}
              />
            ))}
            <Textarea
              label={t('referrals.supplement.message')}
              autosize
              minRows={2}
              value={message}
              onChange={(e) => setMessage(e.currentTarget.value)}
              error={problems.get('message')}
              data-testid="supplement-message"
            />
            <DocumentUploader
              ensureReferral={async () => view.id}
              onUploaded={() => void client.invalidateQueries({ queryKey: referralKeys.one(view.id) })}
              testId="supplement-upload"
              askLanguage={view.kind === 'second-opinion'}
            />
            <ErrorAlert error={error} />
            <Group>
              <Button type="submit" loading={pending} data-testid="action-supplement">
                {t('referrals.supplement.send')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </ProblemsContext.Provider>
  );
}
