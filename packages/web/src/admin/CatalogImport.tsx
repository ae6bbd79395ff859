import { Alert, Anchor, Button, Group, Input, List, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../shared/api';
import { ErrorAlert } from '../shared/ProblemList';
import type { ImportSummary } from './admin.resource';

/** The whole catalog as one YAML file: download it, or upload one (check first, then apply). */
export function CatalogExportLink() {
  const { t } = useTranslation();
  return (
    <Anchor href="/api/admin/catalog/export" download="catalog.yaml" data-testid="export-link">
      {t('admin.import.export')}
    </Anchor>
  );
}

export function CatalogImport() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const inputId = useId();
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [readError, setReadError] = useState<unknown>(null);

  const run = useMutation({
    mutationFn: ({ content, dryRun }: { content: string; dryRun: boolean }) =>
      api<ImportSummary>(`/api/admin/catalog/import?dryRun=${dryRun}`, {
        method: 'POST',
        rawBody: { content, type: 'text/yaml' },
      }),
    onSuccess: async (r) => {
      if (!r.dryRun) {
        await Promise.all([
          client.invalidateQueries({ queryKey: ['catalog'] }),
          client.invalidateQueries({ queryKey: ['admin'] }),
        ]);
      }
    },
  });

  const choose = async (f: File | undefined) => {
    run.reset();
    setReadError(null);
    if (!f) {
      setFile(null);
      return;
    }
    try {
      setFile({ name: f.name, content: await f.text() });
    } catch (e) {
      setFile(null);
      setReadError(e);
    }
  };

  const summary = run.data;
  return (
    <Stack gap="sm" data-testid="import-box">
      <Input.Wrapper label={t('admin.import.file')} description={t('admin.import.fileHint')} id={inputId}>
        <input
          id={inputId}
          type="file"
          accept=".yaml,.yml,text/yaml,application/yaml"
          onChange={(e) => void choose(e.currentTarget.files?.[0])}
          data-testid="import-file"
          style={{ display: 'block', marginTop: 6 }}
        />
      </Input.Wrapper>
      <Group>
        <Button
          variant="default"
          disabled={!file}
          loading={run.isPending && run.variables?.dryRun === true}
          onClick={() => file && run.mutate({ content: file.content, dryRun: true })}
          data-testid="import-check"
        >
          {t('admin.import.check')}
        </Button>
        <Button
          color="orange"
          disabled={!file || run.isPending}
          loading={run.isPending && run.variables?.dryRun === false}
          onClick={() => file && run.mutate({ content: file.content, dryRun: false })}
          data-testid="import-apply"
        >
          {t('admin.import.apply')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('admin.import.applyHint')}
      </Text>
      <ErrorAlert error={readError} />
      <ErrorAlert error={run.error} title={t('admin.import.failed')} />
      {summary && (
        <Alert
          color={summary.dryRun ? 'blue' : 'green'}
          title={summary.dryRun ? t('admin.import.checkTitle') : t('admin.import.appliedTitle')}
          data-testid="import-summary"
          aria-live="polite"
        >
          <Stack gap={4}>
            <SummaryLine label={t('admin.import.added')} ids={summary.added} testId="import-added" />
            <SummaryLine label={t('admin.import.changed')} ids={summary.changed} testId="import-changed" />
            <SummaryLine
              label={t('admin.import.removed')}
              ids={summary.removed}
              testId="import-removed"
              danger
            />
            <Text size="sm">{t('admin.import.unchanged', { count: summary.unchanged.length })}</Text>
            <Text size="sm">
              {summary.hospitalChanged ? t('admin.import.hospitalChanged') : t('admin.import.hospitalSame')}
            </Text>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

function SummaryLine({
  label,
  ids,
  testId,
  danger = false,
}: {
  label: string;
  ids: string[];
  testId: string;
  danger?: boolean;
}) {
  return (
    <div data-testid={testId}>
      <Text size="sm" fw={600} c={danger && ids.length > 0 ? 'red' : undefined}>
        {label}: {ids.length}
      </Text>
      {ids.length > 0 && (
        <List size="sm" withPadding>
          {ids.map((id) => (
            <List.Item key={id}>{id}</List.Item>
          ))}
        </List>
      )}
    </div>
  );
}
