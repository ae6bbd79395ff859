import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { DepartmentSchema, problemsOf, type LocalizedText } from '@loket/domain';
import { api, ApiError } from '../shared/api';
import { ErrorAlert } from '../shared/ProblemList';
import { LocalizedTextInput } from './fields';
import { problemMap, problemsOfError, ProblemsContext } from './problems';

/** A new department starts with an id and a name; everything else is filled in on its edit page. */
export function NewDepartmentForm({ onCancel }: { onCancel?: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [id, setId] = useState('');
  const [name, setName] = useState<LocalizedText>({});
  const [error, setError] = useState<unknown>(null);

  const create = useMutation({
    mutationFn: (department: { id: string; name: LocalizedText }) =>
      api<{ version: number }>('/api/admin/catalog/departments', { method: 'POST', body: { department } }),
    onSuccess: async (_r, department) => {
      await client.invalidateQueries({ queryKey: ['catalog'] });
      navigate(`/admin/catalog/${encodeURIComponent(department.id)}`);
    },
    onError: setError,
  });

  const problems = useMemo(() => problemMap(problemsOfError(error)), [error]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const department = { id: id.trim(), name };
    const check = DepartmentSchema.safeParse(department);
    if (!check.success) {
      setError(new ApiError(400, 'invalid-catalog', t('admin.validation.local'), problemsOf(check.error)));
      return;
    }
    setError(null);
    create.mutate(department);
  };

  return (
    <ProblemsContext value={problems}>
      <form onSubmit={submit} noValidate data-testid="new-department-form">
        <Stack gap="sm">
          <TextInput
            label={t('admin.fields.id')}
            description={t('admin.fields.idHint')}
            value={id}
            onChange={(e) => setId(e.currentTarget.value)}
            error={problems.get('id')}
            required
            data-testid="new-department-id"
          />
          <LocalizedTextInput
            label={t('admin.department.name')}
            value={name}
            onChange={(v) => setName(v ?? {})}
            path="name"
            required
            testId="new-department-name"
          />
          <ErrorAlert error={error} />
          <Group gap="xs">
            <Button type="submit" loading={create.isPending} data-testid="create-department">
              {t('admin.catalog.create')}
            </Button>
            {onCancel && (
              <Button variant="subtle" onClick={onCancel}>
                {t('common.cancel')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </ProblemsContext>
  );
}
