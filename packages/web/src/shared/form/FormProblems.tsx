import { Alert, List } from '@mantine/core';
import { useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemsContext } from '../../admin/problems';
import { ApiError } from '../api';
import { ErrorAlert } from '../ProblemList';

/**
 * Field problems in the reader's language. The schemas (shared with the server) word their complaints in
 * English only, so a field says that it is missing, or what a valid value looks like, from the locale of the
 * form (`<prefix>.problems.required`, `<prefix>.problems.invalid.<path>`).
 */
export function useProblemText(prefix: string) {
  const { t } = useTranslation();
  const problems = useContext(ProblemsContext);
  return (path: string, value: string): string | undefined => {
    if (!problems.has(path)) return undefined;
    if (value.trim() === '') return t(`${prefix}.problems.required`);
    return t(`${prefix}.problems.invalid.${path}`, { defaultValue: t(`${prefix}.problems.invalid.default`) });
  };
}

/** What is wrong, naming the fields by their labels; any other error as the app shows it. */
export function FormProblems({ error, labels }: { error: unknown; labels: Record<string, string> }) {
  const { t } = useTranslation();
  if (!(error instanceof ApiError) || error.code !== 'invalid-input' || error.problems.length === 0)
    return <ErrorAlert error={error} />;
  const named = [...new Set(error.problems.map((p) => labels[p.path] ?? p.message))];
  return (
    <Alert color="red" role="alert" data-testid="error-alert">
      {t('errors.invalid-input')}
      <List size="sm" mt="xs">
        {named.map((n) => (
          <List.Item key={n}>{n}</List.Item>
        ))}
      </List>
    </Alert>
  );
}
