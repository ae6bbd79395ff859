import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  Stack,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { canonicalEqual, DepartmentSchema, problemsOf, type Department } from '@loket/domain';
import { api, ApiError } from '../shared/api';
import { LText } from '../shared/LocalizedText';
import { ErrorAlert } from '../shared/ProblemList';
import { adminKeys, useAdminDepartment, type VersionedDepartment } from './admin.resource';
import { DepartmentForm } from './DepartmentForm';
import { departmentFromYaml, departmentToYaml } from './departmentYaml';
import { HistoryTable } from './HistoryTable';
import { clientProblems, problemMap, problemsOfError, ProblemsContext } from './problems';
import { RequireRole } from '../shared/RequireRole';

export function DepartmentEditPage() {
  return (
    <RequireRole roles={['administrator']}>
      <DepartmentEdit />
    </RequireRole>
  );
}

function DepartmentEdit() {
  const { t } = useTranslation();
  const { departmentId = '' } = useParams();
  const query = useAdminDepartment(departmentId);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  // The open tab survives the reload after a save.
  const [tab, setTab] = useState<Tab>('form');

  if (query.isLoading) return <Loader aria-label={t('common.loading')} />;
  if (query.error || !query.data) {
    return (
      <Stack>
        <Title order={1}>{t('admin.department.editTitle')}</Title>
        <ErrorAlert error={query.error} />
        <Anchor component={Link} to="/admin/catalog">
          ← {t('admin.catalog.back')}
        </Anchor>
      </Stack>
    );
  }
  const loaded = query.data;
  return (
    <Stack gap="lg" data-testid="department-edit-page">
      <Breadcrumbs>
        <Anchor component={Link} to="/admin/catalog">
          {t('admin.catalog.title')}
        </Anchor>
        <Text>
          <LText text={loaded.department.name} />
        </Text>
      </Breadcrumbs>
      {/* A new mount after every (re)load: the form starts from what is stored now. */}
      <DepartmentEditor
        key={`${departmentId}:${loaded.version}:${query.dataUpdatedAt}`}
        loaded={loaded}
        savedVersion={savedVersion}
        onSaved={setSavedVersion}
        onReload={() => {
          setSavedVersion(null);
          void query.refetch();
        }}
        reloading={query.isFetching}
        initialTab={tab}
        onTab={setTab}
      />
      <section aria-labelledby="history-title">
        <Title order={2} size="h3" id="history-title" mb="xs">
          {t('admin.history.title')}
        </Title>
        <HistoryTable entity="department" id={departmentId} caption={t('admin.history.caption')} />
      </section>
    </Stack>
  );
}

type Tab = 'form' | 'yaml';

function DepartmentEditor({
  loaded,
  savedVersion,
  onSaved,
  onReload,
  reloading,
  initialTab,
  onTab,
}: {
  loaded: VersionedDepartment;
  savedVersion: number | null;
  onSaved: (version: number | null) => void;
  onReload: () => void;
  reloading: boolean;
  initialTab: Tab;
  onTab: (tab: Tab) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const id = loaded.department.id;
  const [draft, setDraft] = useState<Department>(loaded.department);
  const [tab, setTabState] = useState<Tab>(initialTab);
  const [yamlText, setYamlText] = useState(() =>
    initialTab === 'yaml' ? departmentToYaml(loaded.department) : '',
  );
  const setTab = (next: Tab) => {
    setTabState(next);
    onTab(next);
  };
  const [yamlError, setYamlError] = useState<string | null>(null);
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
  const showResult = () =>
    requestAnimationFrame(() => resultRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' }));

  const check = useMemo(() => DepartmentSchema.safeParse(draft), [draft]);
  const problems = useMemo(
    () =>
      problemMap([
        ...(attempted && !check.success ? problemsOf(check.error) : []),
        ...problemsOfError(error),
      ]),
    [attempted, check, error],
  );
  const dirty =
    tab === 'yaml'
      ? yamlText !== departmentToYaml(draft) || !canonicalEqual(draft, loaded.department)
      : !canonicalEqual(draft, loaded.department);

  const save = useMutation({
    mutationFn: (department: Department) =>
      api<{ version: number }>(`/api/admin/catalog/departments/${encodeURIComponent(id)}`, {
        method: 'PUT',
        body: { department, version: loaded.version },
      }),
    onSuccess: async (r) => {
      onSaved(r.version);
      showResult();
      await Promise.all([
        client.invalidateQueries({ queryKey: adminKeys.department(id) }),
        client.invalidateQueries({ queryKey: adminKeys.history('department', id) }),
        client.invalidateQueries({ queryKey: ['catalog'] }),
      ]);
    },
    onError: (e) => {
      setError(e);
      showResult();
    },
  });

  const remove = useMutation({
    mutationFn: () =>
      api(`/api/admin/catalog/departments/${encodeURIComponent(id)}?version=${loaded.version}`, {
        method: 'DELETE',
      }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['catalog'] });
      navigate('/admin/catalog', { state: { removed: id } });
    },
  });

  const switchTab = (next: Tab) => {
    if (next === tab) return;
    if (next === 'yaml') {
      setYamlText(departmentToYaml(draft));
      setYamlError(null);
      setTab('yaml');
      return;
    }
    const parsed = departmentFromYaml(yamlText, true);
    if (!parsed.ok) {
      setYamlError(parsed.message);
      return;
    }
    setYamlError(null);
    setDraft(parsed.value);
    setTab('form');
  };

  const submit = () => {
    onSaved(null);
    setError(null);
    let department = draft;
    if (tab === 'yaml') {
      const parsed = departmentFromYaml(yamlText, false);
      if (!parsed.ok) {
        setYamlError(parsed.message);
        return;
      }
      setYamlError(null);
      department = parsed.value;
      setDraft(department);
    }
    setAttempted(true);
    const result = DepartmentSchema.safeParse(department);
    if (!result.success) {
      showResult();
      return;
    }
    save.mutate(result.data);
  };

  const conflict = error instanceof ApiError && error.code === 'version-conflict';
  const localError =
    attempted && !check.success
      ? clientProblems(check.error, 'invalid-catalog', t('admin.validation.local'))
      : null;

  return (
    <ProblemsContext value={problems}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-end">
          <Stack gap={2}>
            <Title order={1}>
              <LText text={loaded.department.name} />
            </Title>
            <Group gap="xs">
              <Text c="dimmed" size="sm">
                {id}
              </Text>
              <Badge variant="light" data-testid="department-version">
                {t('admin.version', { version: loaded.version })}
              </Badge>
              {dirty && (
                <Badge color="orange" variant="light" data-testid="unsaved">
                  {t('admin.unsaved')}
                </Badge>
              )}
            </Group>
          </Stack>
          <Group gap="xs">
            <Anchor component={Link} to={`/guide/${id}`}>
              {t('admin.department.viewInGuide')}
            </Anchor>
            <Button
              variant="subtle"
              color="red"
              onClick={() => setConfirmDelete(true)}
              data-testid="delete-department"
            >
              {t('admin.department.delete')}
            </Button>
          </Group>
        </Group>

        <div ref={resultRef} aria-live="polite">
          {(savedVersion !== null || conflict || error || localError || yamlError) && (
            <Stack gap="xs" data-testid="save-result">
              {savedVersion !== null && (
                <Alert color="green" title={t('admin.saved.title')}>
                  {t('admin.saved.text', { version: savedVersion })}
                </Alert>
              )}
              {conflict && (
                <Alert
                  color="orange"
                  role="alert"
                  title={t('admin.conflict.title')}
                  data-testid="version-conflict"
                >
                  <Stack gap="xs">
                    <Text size="sm">{t('errors.version-conflict')}</Text>
                    <Text size="sm">{t('admin.conflict.keep')}</Text>
                    <Group>
                      <Button
                        size="xs"
                        onClick={onReload}
                        loading={reloading}
                        data-testid="reload-department"
                      >
                        {t('admin.conflict.reload')}
                      </Button>
                    </Group>
                  </Stack>
                </Alert>
              )}
              {!conflict && error !== null && <ErrorAlert error={error} title={t('admin.saveFailed')} />}
              {localError && <ErrorAlert error={localError} title={t('admin.validation.title')} />}
              {yamlError && (
                <Alert color="red" role="alert" title={t('admin.yaml.error')} data-testid="yaml-error">
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap', fontFamily: 'monospace' }}>
                    {yamlError}
                  </Text>
                </Alert>
              )}
            </Stack>
          )}
        </div>

        <Tabs value={tab} onChange={(v) => switchTab(v === 'yaml' ? 'yaml' : 'form')} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="form" data-testid="tab-form">
              {t('admin.tabs.form')}
            </Tabs.Tab>
            <Tabs.Tab value="yaml" data-testid="tab-yaml">
              {t('admin.tabs.yaml')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="form" pt="md">
            <DepartmentForm department={draft} onChange={setDraft} />
          </Tabs.Panel>
          <Tabs.Panel value="yaml" pt="md">
            <Stack gap="xs">
              <Text size="sm" c="dimmed">
                {t('admin.yaml.hint')}
              </Text>
              <Textarea
                label={t('admin.yaml.label')}
                value={yamlText}
                onChange={(e) => setYamlText(e.currentTarget.value)}
                autosize
                minRows={20}
                maxRows={60}
                spellCheck={false}
                styles={{
                  input: {
                    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
                    fontSize: 13,
                  },
                }}
                data-testid="department-yaml"
              />
            </Stack>
          </Tabs.Panel>
        </Tabs>

        <Paper withBorder p="sm" pos="sticky" bottom={0} style={{ zIndex: 5 }} shadow="sm">
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm" c="dimmed" visibleFrom="sm">
              {t('admin.saveHint', { version: loaded.version })}
            </Text>
            <Group gap="xs">
              <Button
                variant="default"
                onClick={onReload}
                disabled={save.isPending}
                data-testid="discard-changes"
              >
                {t('admin.discard')}
              </Button>
              <Button onClick={submit} loading={save.isPending} data-testid="save-department">
                {t('common.save')}
              </Button>
            </Group>
          </Group>
        </Paper>
      </Stack>

      <Modal
        opened={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={t('admin.department.deleteTitle')}
      >
        <Stack>
          <Text>{t('admin.department.deleteText', { id })}</Text>
          <ErrorAlert error={remove.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmDelete(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              onClick={() => remove.mutate()}
              loading={remove.isPending}
              data-testid="confirm-delete-department"
            >
              {t('admin.department.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </ProblemsContext>
  );
}
