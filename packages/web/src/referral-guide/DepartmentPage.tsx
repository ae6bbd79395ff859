import {
  Accordion,
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Group,
  List,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Department, Hospital } from '@loket/domain';
import { hasRole, useMe } from '../accounts/me.resource';
import { useLanguage } from '../shared/i18n';
import { LText } from '../shared/LocalizedText';
import { Phone } from '../shared/Phone';
import { CallNowPanel } from './CallNowPanel';
import { useCatalog } from './catalog.resource';
import { formatHours } from './hours';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="xs">
        {title}
      </Title>
      {children}
    </section>
  );
}

function Restrictions({ d }: { d: Department }) {
  const { t } = useTranslation();
  if (d.stops.length === 0 && d.referrers.restrictions.length === 0 && d.channels.refused.length === 0)
    return null;
  return (
    <Stack gap="xs" data-testid="restrictions">
      {d.stops.map((s) => (
        <Alert key={s.id} color="orange" title={<LText text={s.subject} />} data-testid={`stop-${s.id}`}>
          <Stack gap={4}>
            <LText text={s.text} block />
            {s.since && <Text size="sm">{t('department.since', { date: s.since })}</Text>}
            {s.referrers && (
              <Text size="sm">
                {t('department.appliesTo')}: {s.referrers.map((r) => t(`referrerKind.${r}`)).join(', ')}
              </Text>
            )}
            {s.redirect && (
              <Text size="sm" fw={600}>
                {t('department.redirect')}:{' '}
                {s.redirect.url ? (
                  <Anchor href={s.redirect.url}>
                    <LText text={s.redirect.name} />
                  </Anchor>
                ) : (
                  <LText text={s.redirect.name} />
                )}
                {s.redirect.note && (
                  <Text span size="sm" fw={400}>
                    {' '}
                    — <LText text={s.redirect.note} />
                  </Text>
                )}
              </Text>
            )}
          </Stack>
        </Alert>
      ))}
      {d.referrers.restrictions.map((r) => (
        <Alert
          key={r.id}
          color="yellow"
          title={t(`restriction.${r.type}`)}
          data-testid={`restriction-${r.id}`}
        >
          <LText text={r.text} block />
          {r.type === 'specialisms' && (
            <Text size="sm" mt={4}>
              {t('department.onlyFrom')}: {r.allowed.join(', ')}
            </Text>
          )}
          {r.type === 'region' && (
            <Text size="sm" mt={4}>
              {t('department.region')}: <LText text={r.region} />
            </Text>
          )}
        </Alert>
      ))}
      {d.channels.refused.map((c, i) => (
        <Alert
          key={`${c.channel}-${i}`}
          color="yellow"
          title={t('department.channelRefused', { channel: t(`channel.${c.channel}`) })}
        >
          <LText text={c.note} block />
        </Alert>
      ))}
    </Stack>
  );
}

function Contacts({ d, hospital }: { d: Department; hospital: Hospital }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (d.contacts.length === 0 && !d.outOfHours) return null;
  const labels = {
    officeHours: t('hours.officeHours'),
    always: t('hours.always'),
    unknown: t('hours.unknown'),
  };
  return (
    <Section id="contacts" title={t('department.contacts')}>
      <Table.ScrollContainer minWidth={600}>
        <Table striped data-testid="contacts-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('department.contact')}</Table.Th>
              <Table.Th>{t('department.phone')}</Table.Th>
              <Table.Th>{t('department.hours')}</Table.Th>
              <Table.Th>{t('department.for')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.contacts.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <LText text={c.label} />
                  {c.note && (
                    <Text size="xs" c="dimmed">
                      <LText text={c.note} />
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {c.phone && <Phone e164={c.phone} />}
                  {c.phoneNote && (
                    <Text size="xs">
                      <LText text={c.phoneNote} />
                    </Text>
                  )}
                  {c.fax && (
                    <Text size="xs">
                      {t('department.fax')}: <Phone e164={c.fax} />
                    </Text>
                  )}
                  {c.email && <Anchor href={`mailto:${c.email}`}>{c.email}</Anchor>}
                </Table.Td>
                <Table.Td>{formatHours(c.hours, lang, labels, hospital.officeHours)}</Table.Td>
                <Table.Td>{c.purposes.map((p) => t(`purpose.${p}`)).join(', ')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {d.outOfHours && (
        <Text mt="xs">
          <b>{t('callNow.outOfHours')}:</b> <Phone e164={d.outOfHours.phone} /> —{' '}
          <LText text={d.outOfHours.text} />
        </Text>
      )}
    </Section>
  );
}

/** Start a referral to this department: for a signed-in referrer; otherwise a way to sign in first. */
function ReferHere({ departmentId }: { departmentId: string }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const to = `/referrals/new?department=${encodeURIComponent(departmentId)}`;
  if (me?.signedIn) {
    if (!hasRole(me, 'referrer')) return null;
    return (
      <Group>
        <Button component={Link} to={to} data-testid="refer-here">
          {t('referrals.referButton')}
        </Button>
      </Group>
    );
  }
  return (
    <Group>
      <Anchor component={Link} to={`/sign-in?next=${encodeURIComponent(to)}`} data-testid="refer-sign-in">
        {t('referrals.signInToRefer')}
      </Anchor>
    </Group>
  );
}

export function DepartmentPage() {
  const { departmentId } = useParams();
  const { t } = useTranslation();
  const { data, isLoading } = useCatalog();
  if (isLoading) return <Loader aria-label={t('common.loading')} />;
  const d = data?.departments.find((x) => x.id === departmentId);
  if (!data || !d) {
    return (
      <Stack>
        <Title order={1}>{t('department.notFound')}</Title>
        <Anchor component={Link} to="/">
          {t('department.backToGuide')}
        </Anchor>
      </Stack>
    );
  }

  return (
    <Stack gap="lg" data-testid="department-page">
      <Breadcrumbs>
        <Anchor component={Link} to="/">
          {t('guide.title')}
        </Anchor>
        <Text>
          <LText text={d.name} />
        </Text>
      </Breadcrumbs>
      <Stack gap={4}>
        <Title order={1}>
          <LText text={d.name} />
        </Title>
        {d.aliases && d.aliases.length > 0 && <Text c="dimmed">{d.aliases.join(' · ')}</Text>}
        {d.summary && <LText text={d.summary} block />}
      </Stack>
      <ReferHere departmentId={d.id} />

      <CallNowPanel department={d} hospital={data.hospital} holidays={data.holidays} />
      <Restrictions d={d} />

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Section id="how-to-refer" title={t('department.howToRefer')}>
          {d.channels.accepted.length === 0 ? (
            <Text c="dimmed">{t('department.notStated')}</Text>
          ) : (
            <List spacing="xs" data-testid="channels">
              {d.channels.accepted.map((c, i) => (
                <List.Item key={`${c.channel}-${i}`}>
                  <Text fw={600} span>
                    {t(`channel.${c.channel}`)}
                  </Text>
                  {c.referrers && (
                    <Text span size="sm" c="dimmed">
                      {' '}
                      ({c.referrers.map((r) => t(`referrerKind.${r}`)).join(', ')})
                    </Text>
                  )}
                  {c.note && <LText text={c.note} block />}
                </List.Item>
              ))}
            </List>
          )}
          {d.addresses.map((a) => (
            <Card key={a.id} withBorder mt="sm" padding="sm">
              <Text fw={600}>
                <LText text={a.label} />
              </Text>
              {a.lines.map((l, i) => (
                <Text key={i} size="sm">
                  {l}
                </Text>
              ))}
              {a.postcode && (
                <Text size="sm">
                  {a.postcode} {a.city}
                </Text>
              )}
            </Card>
          ))}
        </Section>

        <Section id="letter" title={t('department.letter')}>
          {d.letter.length === 0 ? (
            <Text c="dimmed">{t('department.notStated')}</Text>
          ) : (
            <List spacing={4} data-testid="letter-requirements">
              {d.letter.map((r, i) => (
                <List.Item key={i}>
                  <LText text={r.text} />
                </List.Item>
              ))}
            </List>
          )}
          {d.documents.length > 0 && (
            <>
              <Title order={3} size="h4" mt="md" mb="xs">
                {t('department.documents')}
              </Title>
              <List spacing={4} data-testid="document-requirements">
                {d.documents.map((r, i) => (
                  <List.Item key={i}>
                    <LText text={r.text} />{' '}
                    <Badge size="xs" variant="light" color={r.need === 'required' ? 'red' : 'gray'}>
                      {t(`need.${r.need}`)}
                    </Badge>
                    {r.delivery && (
                      <Text size="xs" c="dimmed">
                        <LText text={r.delivery} />
                      </Text>
                    )}
                  </List.Item>
                ))}
              </List>
            </>
          )}
        </Section>
      </SimpleGrid>

      {(d.triage || d.afterReferral) && (
        <Section id="after-referral" title={t('department.afterReferral')}>
          <Stack gap="xs">
            {d.triage && <LText text={d.triage} block />}
            {d.afterReferral && <LText text={d.afterReferral} block />}
          </Stack>
        </Section>
      )}

      {d.accessTimes.length > 0 && (
        <Section id="access-times" title={t('department.accessTimes')}>
          <List>
            {d.accessTimes.map((a) => (
              <List.Item key={a.id}>
                <Text span fw={600}>
                  {t(`accessTime.${a.type}`)} ({t(`accessTime.${a.comparison}`, { days: a.days })}):
                </Text>{' '}
                <LText text={a.text} />
              </List.Item>
            ))}
          </List>
        </Section>
      )}

      {d.secondOpinion && (
        <Section id="second-opinion" title={t('department.secondOpinion')}>
          <Text fw={600}>
            {d.secondOpinion.accepted
              ? t('department.secondOpinionAccepted')
              : t('department.secondOpinionNotAccepted')}
          </Text>
          <LText text={d.secondOpinion.text} block />
        </Section>
      )}

      <Contacts d={d} hospital={data.hospital} />

      {(d.carePaths.length > 0 || d.subClinics.length > 0 || d.locations.length > 0) && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          {d.carePaths.length > 0 && (
            <Section id="care-paths" title={t('department.carePaths')}>
              <List spacing={4} data-testid="care-paths">
                {d.carePaths.map((c) => (
                  <List.Item key={c.id}>
                    <LText text={c.name} />
                  </List.Item>
                ))}
              </List>
            </Section>
          )}
          {d.subClinics.length > 0 && (
            <Section id="sub-clinics" title={t('department.subClinics')}>
              <List spacing={4}>
                {d.subClinics.map((s) => (
                  <List.Item key={s.id}>
                    <LText text={s.name} />
                    {s.disciplines && s.disciplines.length > 0 && (
                      <Text size="xs" c="dimmed">
                        {s.disciplines.map((x, i) => (
                          <span key={i}>
                            {i > 0 && ' / '}
                            <LText text={x} />
                          </span>
                        ))}
                      </Text>
                    )}
                  </List.Item>
                ))}
              </List>
            </Section>
          )}
          {d.locations.length > 0 && (
            <Section id="locations" title={t('department.locations')}>
              <List spacing={4}>
                {d.locations.map((l) => (
                  <List.Item key={l.id}>
                    <LText text={l.name} />
                    {l.address && (
                      <Text size="xs" c="dimmed">
                        {l.address}
                      </Text>
                    )}
                  </List.Item>
                ))}
              </List>
            </Section>
          )}
        </SimpleGrid>
      )}

      {(d.carePaths.some((c) => c.description) || d.sections.length > 0) && (
        <Section id="more" title={t('department.more')}>
          <Accordion multiple variant="separated">
            {d.carePaths
              .filter((c) => c.description)
              .map((c) => (
                <Accordion.Item key={`cp-${c.id}`} value={`cp-${c.id}`}>
                  <Accordion.Control>
                    <LText text={c.name} />
                  </Accordion.Control>
                  <Accordion.Panel>
                    <LText text={c.description} block />
                  </Accordion.Panel>
                </Accordion.Item>
              ))}
            {d.sections.map((s) => (
              <Accordion.Item key={s.id} value={s.id}>
                <Accordion.Control>
                  <LText text={s.title} />
                </Accordion.Control>
                <Accordion.Panel>
                  <Text component="div" style={{ whiteSpace: 'pre-line' }}>
                    <LText text={s.text} />
                  </Text>
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        </Section>
      )}
      <Group>
        <Anchor component={Link} to="/">
          ← {t('department.backToGuide')}
        </Anchor>
      </Group>
    </Stack>
  );
}
