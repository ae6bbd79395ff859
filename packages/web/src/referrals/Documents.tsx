import { Anchor, Badge, Group, Input, NativeSelect, Progress, Stack, Table, Text } from '@mantine/core';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { documentKinds, documentLanguages, type DocumentKind } from '@loket/domain';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { formatDateTime, formatSize } from './format';
import { uploadDocument, type ReferralDocument, type UploadedDocument } from './referrals.resource';

/** The documents of a referral, each a download link (always an attachment). */
export function DocumentList({
  referralId,
  documents,
}: {
  referralId: string;
  documents: ReferralDocument[];
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (documents.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('referrals.documents.none')}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table data-testid="document-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('referrals.documents.file')}</Table.Th>
            <Table.Th>{t('referrals.documents.kind')}</Table.Th>
            <Table.Th>{t('referrals.documents.size')}</Table.Th>
            <Table.Th>{t('referrals.documents.uploaded')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {documents.map((d) => (
            <Table.Tr key={d.id} data-testid="document-row">
              <Table.Td>
                <Anchor
                  href={`/api/referrals/${encodeURIComponent(referralId)}/documents/${encodeURIComponent(d.id)}`}
                  download={d.filename}
                >
                  {d.filename}
                </Anchor>
                {d.origin === 'original' && (
                  <Badge size="xs" ml={6} variant="light">
                    {t('referrals.documents.original')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{t(`referrals.documentKind.${d.kind}`)}</Table.Td>
              <Table.Td>{formatSize(d.size, lang)}</Table.Td>
              <Table.Td>
                {formatDateTime(d.uploadedAt, lang)}
                {d.uploadedBy ? ` · ${d.uploadedBy}` : ''}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * Adds one document: choose the kind, choose a file, and it uploads at once with a progress bar. A new
 * referral is saved as a draft first (`ensureReferral`), since a document belongs to a referral.
 */
export function DocumentUploader({
  ensureReferral,
  kinds,
  defaultKind,
  origin,
  onUploaded,
  label,
  testId = 'document-upload',
  disabled = false,
  askLanguage = false,
}: {
  ensureReferral: () => Promise<string>;
  kinds?: readonly DocumentKind[];
  defaultKind?: DocumentKind;
  origin?: 'original';
  onUploaded?: (doc: UploadedDocument) => void;
  label?: string;
  testId?: string;
  disabled?: boolean;
  /** Ask the document's language (a second opinion, R-SO-05); images carry none. */
  askLanguage?: boolean;
}) {
  const { t } = useTranslation();
  const fileId = useId();
  const input = useRef<HTMLInputElement>(null);
  const options = kinds && kinds.length > 0 ? kinds : documentKinds;
  const [kind, setKind] = useState<DocumentKind>(defaultKind ?? options[0] ?? 'other');
  const [language, setLanguage] = useState<string>('nl');
  const withLanguage = askLanguage && kind !== 'imaging';
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const upload = async (file: File) => {
    setError(null);
    setDone(null);
    setProgress(0);
    try {
      const id = await ensureReferral();
      const doc = await uploadDocument(id, file, kind, {
        origin,
        ...(withLanguage ? { language } : {}),
        onProgress: (f) => setProgress(Math.round(f * 100)),
      });
      setDone(doc.filename);
      onUploaded?.(doc);
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <Stack gap="xs" data-testid={testId}>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NativeSelect
          label={t('referrals.documents.kind')}
          data={options.map((k) => ({ value: k, label: t(`referrals.documentKind.${k}`) }))}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as DocumentKind)}
          disabled={disabled || progress !== null}
          data-testid={`${testId}-kind`}
        />
        {withLanguage && (
          <NativeSelect
            label={t('secondOpinions.documents.language')}
            data={documentLanguages.map((l) => ({ value: l, label: t(`secondOpinions.language.${l}`) }))}
            value={language}
            onChange={(e) => setLanguage(e.currentTarget.value)}
            disabled={disabled || progress !== null}
            data-testid={`${testId}-language`}
          />
        )}
        <Input.Wrapper label={label ?? t('referrals.documents.choose')} labelProps={{ htmlFor: fileId }}>
          <input
            id={fileId}
            ref={input}
            type="file"
            accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff,.dcm,.txt,application/pdf,image/*,application/dicom,text/plain"
            disabled={disabled || progress !== null}
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              if (f) void upload(f);
            }}
            data-testid={`${testId}-file`}
            style={{ display: 'block', paddingTop: 6 }}
          />
        </Input.Wrapper>
      </Group>
      {progress !== null && (
        <Progress.Root size="lg" data-testid="upload-progress" aria-live="polite">
          <Progress.Section value={progress} aria-label={t('referrals.documents.progress')}>
            <Progress.Label>{progress}%</Progress.Label>
          </Progress.Section>
        </Progress.Root>
      )}
      {done && (
        <Text size="sm" role="status" data-testid="upload-done">
          {t('referrals.documents.done', { name: done })}
        </Text>
      )}
      <ErrorAlert error={error} />
    </Stack>
  );
}
