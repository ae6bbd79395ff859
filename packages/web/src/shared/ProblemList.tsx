import { Alert, List } from '@mantine/core';
import { ApiError } from './api';

/** Shows what went wrong and what to do; the form keeps what was typed. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  return (
    <Alert color="red" title={title} role="alert" data-testid="error-alert">
      {e ? e.message : String((error as Error).message ?? error)}
      {e && e.problems.length > 0 && (
        <List size="sm" mt="xs">
          {e.problems.map((p, i) => (
            <List.Item key={i}>
              <code>{p.path}</code>: {p.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
