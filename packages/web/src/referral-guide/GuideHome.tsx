import {
  Alert,
  Anchor,
  Badge,
  Card,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDeferredValue, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { resolveText, search, type Department } from '@loket/domain';
import { useLanguage } from '../shared/i18n';
import { LText } from '../shared/LocalizedText';
import { ErrorAlert } from '../shared/ProblemList';
import { useCatalog, useSearchIndex } from './catalog.resource';

function DepartmentBadges({ d }: { d: Department }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      {d.stops.length > 0 && (
        <Badge size="xs" color="orange" variant="light">
          {t('guide.badges.restrictions')}
        </Badge>
      )}
      {d.secondOpinion?.accepted && (
        <Badge size="xs" variant="light">
          {t('guide.badges.secondOpinion')}
        </Badge>
      )}
      {d.carePaths.length > 0 && (
        <Badge size="xs" color="gray" variant="light">
          {t('guide.badges.carePaths', { count: d.carePaths.length })}
        </Badge>
      )}
    </Group>
  );
}

export function GuideHome() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data, isLoading, error } = useCatalog();
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const deferred = useDeferredValue(query);
  const index = useSearchIndex(data?.departments);
  const hits = useMemo(() => (deferred.trim() ? search(index, deferred, 40) : []), [index, deferred]);
  const sorted = useMemo(
    () =>
      [...(data?.departments ?? [])].sort((a, b) =>
        resolveText(a.name, lang).text.localeCompare(resolveText(b.name, lang).text, lang),
      ),
    [data, lang],
  );

  const matchLabel = (field: string) => t(`guide.match.${field}`);

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{t('guide.title')}</Title>
        {data && (
          <Text c="dimmed">
            <LText text={data.hospital.name} />
          </Text>
        )}
      </Stack>
      {data?.hospital.referralPlatform && (
        <Alert variant="light" title={t('guide.platform', { name: data.hospital.referralPlatform.name })}>
          <LText text={data.hospital.referralPlatform.text} block />
        </Alert>
      )}
      <Text data-testid="patient-request-link">
        {t('patientPortal.guide.patients')}{' '}
        <Anchor component={Link} to="/second-opinion/request">
          {t('patientPortal.guide.request')}
        </Anchor>
      </Text>
      <TextInput
        size="lg"
        label={t('guide.search.label')}
        placeholder={t('guide.search.placeholder')}
        value={query}
        onChange={(e) => {
          const q = e.currentTarget.value;
          setParams(q ? { q } : {}, { replace: true });
        }}
        data-testid="guide-search"
        autoFocus
      />
      {isLoading && <Loader aria-label={t('common.loading')} />}
      <ErrorAlert error={error} />
      {query.trim() !== '' && (
        <Stack gap="sm" aria-live="polite" data-testid="search-results">
          <Text size="sm" c="dimmed">
            {t('guide.search.count', { count: hits.length })}
          </Text>
          {hits.map((h) => (
            <Card key={h.department.id} withBorder padding="sm" data-testid="search-hit">
              <Anchor component={Link} to={`/guide/${h.department.id}`} fw={600} size="lg">
                <LText text={h.department.name} />
              </Anchor>
              {h.matches.map((m, i) => (
                <Text key={i} size="sm" c="dimmed">
                  {matchLabel(m.field)}
                  {m.label && (
                    <>
                      : <LText text={m.label} />
                      {m.within && (
                        <>
                          {' '}
                          (<LText text={m.within} />)
                        </>
                      )}
                    </>
                  )}
                  {m.excerpt && <> — “{m.excerpt}”</>}
                </Text>
              ))}
            </Card>
          ))}
          {hits.length === 0 && <Text>{t('guide.search.none')}</Text>}
        </Stack>
      )}
      {query.trim() === '' && data && (
        <section aria-labelledby="all-departments">
          <Title order={2} id="all-departments" size="h3" mb="sm">
            {t('guide.allDepartments', { count: data.departments.length })}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
            {sorted.map((d) => (
              <Card key={d.id} withBorder padding="sm" data-testid="department-card">
                <Anchor component={Link} to={`/guide/${d.id}`} fw={600}>
                  <LText text={d.name} />
                </Anchor>
                <DepartmentBadges d={d} />
              </Card>
            ))}
          </SimpleGrid>
        </section>
      )}
    </Stack>
  );
}
