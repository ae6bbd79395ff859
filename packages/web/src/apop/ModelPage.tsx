import {
  Alert,
  Button,
  Fieldset,
  Group,
  Loader,
  NumberInput,
  Paper,
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
import { ApopModelInputSchema, apopPredictors, problemsOf, type ApopPredictor } from '@loket/domain';
import { problemMap, problemsOfError } from '../admin/problems';
import { formatDateTime } from '../referrals/format';
import { ApiError, api } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import { apopKeys, useApopModel, type ApopModelView } from './apop.resource';

export function ModelPage() {
  return (
    <RequireRole roles={['administrator']}>
      <ModelEditor />
    </RequireRole>
  );
}

function ModelEditor() {
  const { t } = useTranslation();
  const q = useApopModel();
  if (q.isLoading) return <Loader aria-label={t('common.loading')} />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  return (
    <Stack gap="lg" data-testid="apop-model-page">
      <Title order={1}>{t('apop.model.title')}</Title>
      <Text>{t('apop.model.intro')}</Text>
      {!q.data.current && (
        <Alert color="orange" title={t('apop.model.notConfiguredTitle')}>
          {t('apop.model.notConfigured')}
        </Alert>
      )}
      <ModelForm key={q.data.current?.id ?? 'none'} current={q.data.current} />
      <History history={q.data.history} />
    </Stack>
  );
}

type Numbers = Record<'intercept' | ApopPredictor, number | string>;

/** Coefficients go in as the hospital's validated model gives them; the form never suggests values. */
function ModelForm({ current }: { current: ApopModelView | null }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [values, setValues] = useState<Numbers>(() => ({
    intercept: current?.intercept ?? '',
    ...(Object.fromEntries(apopPredictors.map((p) => [p, current?.coefficients[p] ?? ''])) as Record<
      ApopPredictor,
      number | string
    >),
  }));
  const [validatedBy, setValidatedBy] = useState(current?.validatedBy ?? '');
  const [source, setSource] = useState(current?.source ?? '');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);
  const problems = problemMap(problemsOfError(error));
  const num = (v: number | string) => (typeof v === 'number' ? v : v.trim() === '' ? undefined : Number(v));

  const save = async () => {
    setSaved(false);
    const body = {
      intercept: num(values.intercept),
      coefficients: Object.fromEntries(apopPredictors.map((p) => [p, num(values[p])])),
      validatedBy,
      source,
    };
    const check = ApopModelInputSchema.safeParse(body);
    if (!check.success) {
      setError(new ApiError(400, 'invalid-input', t('errors.invalid-input'), problemsOf(check.error)));
      return;
    }
    setPending(true);
    setError(null);
    try {
      await api('/api/apop/model', { method: 'PUT', body });
      setSaved(true);
      await client.invalidateQueries({ queryKey: apopKeys.model });
      await client.invalidateQueries({ queryKey: apopKeys.status });
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  };

  const field = (k: 'intercept' | ApopPredictor, path: string) => (
    <NumberInput
      key={k}
      label={t(`apop.model.field.${k}`)}
      value={values[k]}
      onChange={(v) => setValues((x) => ({ ...x, [k]: v }))}
      decimalSeparator="."
      step={0.01}
      error={problems.get(path)}
      data-testid={`apop-model-${k}`}
    />
  );

  return (
    <Paper withBorder p="md">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="md">
          <Fieldset legend={t('apop.model.coefficients')}>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
              {field('intercept', 'intercept')}
              {apopPredictors.map((p) => field(p, `coefficients.${p}`))}
            </SimpleGrid>
          </Fieldset>
          <TextInput
            label={t('apop.model.validatedBy')}
            withAsterisk
            value={validatedBy}
            onChange={(e) => setValidatedBy(e.currentTarget.value)}
            error={problems.get('validatedBy')}
          />
          <Textarea
            label={t('apop.model.source')}
            withAsterisk
            autosize
            minRows={2}
            value={source}
            onChange={(e) => setSource(e.currentTarget.value)}
            error={problems.get('source')}
          />
          <ErrorAlert error={error} />
          {saved && (
            <Alert color="green" role="status">
              {t('apop.model.saved')}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={pending} data-testid="apop-model-save">
              {t('apop.model.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function History({ history }: { history: ApopModelView[] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (history.length === 0) return null;
  return (
    <section aria-labelledby="apop-model-history">
      <Title order={2} size="h3" id="apop-model-history" mb="xs">
        {t('apop.model.history')}
      </Title>
      <Table.ScrollContainer minWidth={640}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('apop.model.version')}</Table.Th>
              <Table.Th>{t('apop.model.validatedBy')}</Table.Th>
              <Table.Th>{t('apop.model.source')}</Table.Th>
              <Table.Th>{t('apop.model.savedBy')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {history.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>{m.version}</Table.Td>
                <Table.Td>{m.validatedBy}</Table.Td>
                <Table.Td>{m.source}</Table.Td>
                <Table.Td>
                  {m.createdBy ?? '—'} · {formatDateTime(m.createdAt, lang)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </section>
  );
}
