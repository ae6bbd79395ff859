import { Fragment } from 'react';
import { Alert, Badge, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { resolveText } from '@loket/domain';
import { useLanguage } from '../shared/i18n';
import { LText } from '../shared/LocalizedText';
import { formatDays } from './format';
import { WaitChart, type ChartBar } from './WaitChart';
import { useWaitingTimes, type WaitFigures, type WaitingTimeGroup } from './waiting-times.resource';

/** The target a group is judged by: a department-wide "at most" target, else the first published figure. */
function mainTarget(g: WaitingTimeGroup) {
  return g.targets.find((t) => t.type === 'target' && t.comparison === 'at-most') ?? g.targets[0] ?? null;
}

function Days({ value }: { value: number | null }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {value === null
        ? '–'
        : t('waitingTimes.days', { count: value, value: formatDays(value, i18n.language) })}
    </>
  );
}

function Verdict({ meets, measured }: { meets: boolean | null; measured: WaitFigures }) {
  const { t } = useTranslation();
  if (measured.suppressed) return <Text size="sm">{t('waitingTimes.tooFew')}</Text>;
  if (meets === null) return <Text size="sm">–</Text>;
  return (
    <Badge color={meets ? 'green.9' : 'red.9'} variant="filled">
      {t(meets ? 'waitingTimes.meets' : 'waitingTimes.misses')}
    </Badge>
  );
}

/** Published waiting times per department and referral kind against the published targets (R-CAT-06, R-SO-09). */
export function WaitingTimesPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const q = useWaitingTimes();
  if (q.isPending) return <Loader aria-label={t('waitingTimes.loading')} />;
  if (q.isError) return <Alert color="red">{t('waitingTimes.error')}</Alert>;
  const { period, minReferrals, departments } = q.data;
  const name = (d: (typeof departments)[number]) => resolveText(d.name, lang).text;
  const bars: ChartBar[] = departments.flatMap((d) =>
    d.groups
      .filter((g) => g.scheduled.averageDays !== null)
      .map((g) => {
        const target = mainTarget(g);
        return {
          key: `${d.id}-${g.kind}`,
          label: `${name(d)} – ${t(`referrals.kind.${g.kind}`)}`,
          averageDays: g.scheduled.averageDays!,
          targetDays: target?.type === 'target' ? target.days : null,
        };
      })
      .concat(
        d.groups.flatMap((g) =>
          g.byCancerKind
            .filter((c) => c.scheduled.averageDays !== null)
            .map((c) => ({
              key: `${d.id}-${g.kind}-${c.id}`,
              label: `${name(d)} – ${resolveText(c.name, lang).text}`,
              averageDays: c.scheduled.averageDays!,
              targetDays: null,
            })),
        ),
      ),
  );
  const hasSecondOpinions = departments.some((d) => d.groups.some((g) => g.kind === 'second-opinion'));
  const fmt = (iso: string) => new Date(iso).toLocaleDateString(lang === 'en' ? 'en-GB' : 'nl-NL');

  return (
    <Stack gap="lg">
      <Title order={1}>{t('waitingTimes.title')}</Title>
      <Text>
        {t('waitingTimes.intro', { from: fmt(period.from), to: fmt(period.to), min: minReferrals })}
      </Text>
      {bars.length > 0 ? (
        <Paper withBorder p="md" component="figure" m={0}>
          <Title order={2} size="h3" mb="sm">
            {t('waitingTimes.chartTitle')}
          </Title>
          <WaitChart bars={bars} />
          <Text component="figcaption" size="sm" c="dark.6" mt="xs">
            {t('waitingTimes.chartLegend')}
          </Text>
        </Paper>
      ) : (
        <Alert>{t('waitingTimes.noFigures')}</Alert>
      )}
      {!hasSecondOpinions && <Text size="sm">{t('waitingTimes.noSecondOpinions')}</Text>}
      {departments.map((d) => (
        <Paper withBorder p="md" component="section" aria-labelledby={`wt-${d.id}`} key={d.id}>
          <Title order={2} size="h3" id={`wt-${d.id}`} mb="sm">
            <LText text={d.name} />
          </Title>
          {d.accessTimes.map((a) => (
            <Text size="sm" key={a.id} mb="xs">
              {t('waitingTimes.published')}:{' '}
              {t(a.comparison === 'at-most' ? 'waitingTimes.atMost' : 'waitingTimes.moreThan', {
                count: a.days,
              })}{' '}
              (<LText text={a.text} />)
            </Text>
          ))}
          {d.groups.length === 0 ? (
            <Text size="sm">{t('waitingTimes.noReferrals')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={600}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('waitingTimes.col.kind')}</Table.Th>
                    <Table.Th scope="col">{t('waitingTimes.col.count')}</Table.Th>
                    <Table.Th scope="col">{t('waitingTimes.col.average')}</Table.Th>
                    <Table.Th scope="col">{t('waitingTimes.col.median')}</Table.Th>
                    <Table.Th scope="col">{t('waitingTimes.col.target')}</Table.Th>
                    <Table.Th scope="col">{t('waitingTimes.col.result')}</Table.Th>
                    <Table.Th scope="col">{t('waitingTimes.col.waiting')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.groups.map((g) => {
                    const target = mainTarget(g);
                    return (
                      <Fragment key={g.kind}>
                        <Table.Tr>
                          <Table.Th scope="row">{t(`referrals.kind.${g.kind}`)}</Table.Th>
                          <Table.Td>{g.scheduled.count}</Table.Td>
                          <Table.Td>
                            {g.scheduled.suppressed ? (
                              t('waitingTimes.tooFew')
                            ) : (
                              <Days value={g.scheduled.averageDays} />
                            )}
                          </Table.Td>
                          <Table.Td>
                            {g.scheduled.suppressed ? (
                              t('waitingTimes.tooFew')
                            ) : (
                              <Days value={g.scheduled.medianDays} />
                            )}
                          </Table.Td>
                          <Table.Td>
                            {target
                              ? t(
                                  target.comparison === 'at-most'
                                    ? 'waitingTimes.atMost'
                                    : 'waitingTimes.moreThan',
                                  {
                                    count: target.days,
                                  },
                                )
                              : t('waitingTimes.noTarget')}
                          </Table.Td>
                          <Table.Td>
                            {target ? <Verdict meets={target.meets} measured={target.measured} /> : '–'}
                          </Table.Td>
                          <Table.Td>
                            {g.stillWaiting.longestDays === null
                              ? g.stillWaiting.count
                              : t('waitingTimes.stillWaiting', {
                                  count: g.stillWaiting.count,
                                  longest: g.stillWaiting.longestDays,
                                })}
                          </Table.Td>
                        </Table.Tr>
                        {g.byCancerKind.map((c) => (
                          <Table.Tr key={c.id} data-testid="waiting-times-cancer-kind" data-kind={c.id}>
                            <Table.Th scope="row" pl="xl" fw={400}>
                              {t('waitingTimes.cancerKind', { name: resolveText(c.name, lang).text })}
                            </Table.Th>
                            <Table.Td>{c.scheduled.count}</Table.Td>
                            <Table.Td>
                              {c.scheduled.suppressed ? (
                                t('waitingTimes.tooFew')
                              ) : (
                                <Days value={c.scheduled.averageDays} />
                              )}
                            </Table.Td>
                            <Table.Td>
                              {c.scheduled.suppressed ? (
                                t('waitingTimes.tooFew')
                              ) : (
                                <Days value={c.scheduled.medianDays} />
                              )}
                            </Table.Td>
                            <Table.Td colSpan={3} />
                          </Table.Tr>
                        ))}
                      </Fragment>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Paper>
      ))}
    </Stack>
  );
}
