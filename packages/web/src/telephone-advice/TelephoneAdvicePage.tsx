import {
  Alert,
  Anchor,
  Group,
  Input,
  List,
  Loader,
  Paper,
  Progress,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { formatDateTime, formatSize } from '../referrals/format';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import { AdviceDetails } from './AdviceDetails';
import { TelephoneAdviceStateBadge } from './StateBadge';
import {
  consentFormUrl,
  uploadConsent,
  useStoreTelephoneAdvice,
  useTelephoneAdvice,
  type TelephoneAdviceView,
} from './telephone-advice.resource';

export function TelephoneAdvicePage() {
  const { id = '' } = useParams();
  return (
    <RequireRole key={id} roles={['referrer', 'back-office', 'triage-supervisor', 'specialist']}>
      <Loaded id={id} />
    </RequireRole>
  );
}

function Loaded({ id }: { id: string }) {
  const { t } = useTranslation();
  const query = useTelephoneAdvice(id);
  if (query.isLoading) return <Loader aria-label={t('common.loading')} />;
  if (!query.data) return <ErrorAlert error={query.error} />;
  return <Detail view={query.data} />;
}

/** The printable declaration in both languages. */
export function ConsentFormLinks({ id }: { id?: string }) {
  const { t } = useTranslation();
  return (
    <Group gap="md">
      {(['nl', 'en'] as const).map((lang) => (
        <Anchor key={lang} href={consentFormUrl(lang, id)} download data-testid={`consent-form-${lang}`}>
          {t(`telephoneAdvice.consent.form.${lang}`)}
        </Anchor>
      ))}
    </Group>
  );
}

/** The recorder uploads the signed declaration; the record then joins the patient's file (R-CON-02). */
function ConsentUpload({ view }: { view: TelephoneAdviceView }) {
  const { t } = useTranslation();
  const store = useStoreTelephoneAdvice();
  const fileId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const upload = async (file: File) => {
    setError(null);
    setProgress(0);
    try {
      store(await uploadConsent(view.id, file, (f) => setProgress(Math.round(f * 100))));
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <Stack gap="xs">
      <Input.Wrapper
        label={t('telephoneAdvice.consent.upload')}
        description={t('telephoneAdvice.consent.uploadHint')}
        labelProps={{ htmlFor: fileId }}
      >
        <input
          id={fileId}
          ref={input}
          type="file"
          accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,application/pdf,image/jpeg,image/png,image/tiff"
          disabled={progress !== null}
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            if (f) void upload(f);
          }}
          data-testid="consent-file"
          style={{ display: 'block', paddingTop: 6 }}
        />
      </Input.Wrapper>
      {progress !== null && (
        <Progress.Root size="lg" aria-live="polite">
          <Progress.Section value={progress} aria-label={t('telephoneAdvice.consent.progress')}>
            <Progress.Label>{progress}%</Progress.Label>
          </Progress.Section>
        </Progress.Root>
      )}
      <ErrorAlert error={error} />
    </Stack>
  );
}

function Detail({ view }: { view: TelephoneAdviceView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const location = useLocation();
  const navigate = useNavigate();
  const stateNotice = (location.state as { notice?: string } | null)?.notice ?? null;
  // Shown once: a reload does not repeat it.
  const [notice, setNotice] = useState(stateNotice);
  if (stateNotice && stateNotice !== notice) setNotice(stateNotice);
  useEffect(() => {
    if (stateNotice) navigate(location.pathname, { replace: true, state: null });
  }, [stateNotice, location.pathname, navigate]);
  const recorder = view.access === 'recorder';

  return (
    <Stack gap="lg" data-testid="telephone-advice-page">
      <Anchor component={Link} to="/telephone-advice" size="sm">
        ← {t('telephoneAdvice.list.title')}
      </Anchor>
      <Stack gap={6}>
        <Group gap="sm" align="center">
          <Title order={1}>{t('telephoneAdvice.detail.title', { reference: view.reference })}</Title>
          <TelephoneAdviceStateBadge state={view.state} testId="ta-state" />
        </Group>
        <Text size="sm" c="dimmed">
          {t('telephoneAdvice.detail.recorded', {
            name: view.recordedBy.name,
            date: formatDateTime(view.createdAt, lang),
          })}
          {view.filedAt &&
            ` · ${t('telephoneAdvice.detail.filed', { date: formatDateTime(view.filedAt, lang) })}`}
        </Text>
      </Stack>

      {notice === 'recorded' && (
        <Alert color="green" role="status" data-testid="ta-recorded-notice">
          {t('telephoneAdvice.detail.recordedNotice', { reference: view.reference })}
        </Alert>
      )}

      {view.state === 'awaiting-consent' && recorder && (
        <Paper
          withBorder
          p="md"
          component="section"
          aria-labelledby="ta-waiting-title"
          data-testid="ta-awaiting-consent"
          style={{ borderColor: 'var(--mantine-color-orange-6)' }}
        >
          <Stack gap="sm">
            <Title order={2} size="h4" id="ta-waiting-title">
              {t('telephoneAdvice.consent.waitingTitle')}
            </Title>
            <Text size="sm">{t('telephoneAdvice.consent.waitingText')}</Text>
            <List type="ordered" size="sm" spacing="sm">
              <List.Item>
                <Stack gap={4}>
                  <Text size="sm">{t('telephoneAdvice.consent.step1')}</Text>
                  <ConsentFormLinks id={view.id} />
                </Stack>
              </List.Item>
              <List.Item>{t('telephoneAdvice.consent.step2')}</List.Item>
              <List.Item>
                <ConsentUpload view={view} />
              </List.Item>
            </List>
          </Stack>
        </Paper>
      )}

      {view.state === 'in-file' && view.consent && (
        <Alert
          color="green"
          role="status"
          title={t('telephoneAdvice.consent.filedTitle')}
          data-testid="ta-in-file"
        >
          <Stack gap={4}>
            <Text size="sm">{t('telephoneAdvice.consent.filedText')}</Text>
            <Text size="sm">
              <Anchor
                href={`/api/telephone-advice/${encodeURIComponent(view.id)}/consent`}
                download={view.consent.filename}
                data-testid="ta-consent-document"
              >
                {view.consent.filename}
              </Anchor>{' '}
              ({formatSize(view.consent.size, lang)}, {formatDateTime(view.consent.uploadedAt, lang)})
            </Text>
          </Stack>
        </Alert>
      )}

      <AdviceDetails view={view} />
    </Stack>
  );
}
