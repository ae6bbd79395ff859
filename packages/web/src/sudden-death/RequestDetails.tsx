import type { ReactNode } from 'react';
import { Badge, Group, List, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../referrals/format';
import { useLanguage } from '../shared/i18n';
import { FormattedPhone } from '../shared/FormattedPhone';
import type { SuddenDeathView } from './suddenDeath.resource';

/** The deceased and the requester, as both the family doctor and the staff see them. */
export function RequestFacts({ view }: { view: SuddenDeathView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const d = view.deceased;
  const r = view.requester;
  const rows: [string, ReactNode][] = [
    [t('suddenDeath.fields.kind'), t(`suddenDeath.kind.${view.kind}`)],
    [t('suddenDeath.fields.deceased'), d.name],
    [t('suddenDeath.fields.sex'), d.sex ? t(`suddenDeath.sex.${d.sex}`) : '—'],
    [t('suddenDeath.fields.birthDate'), formatDate(d.birthDate, lang)],
    [t('suddenDeath.fields.deathDate'), formatDate(d.deathDate, lang)],
    ...(view.biopsies
      ? [[t('suddenDeath.fields.count'), String(view.biopsies.count)] as [string, string]]
      : []),
    [
      t('suddenDeath.fields.requester'),
      <Group gap="xs" key="r">
        <Text span>{[r.name, r.practice].filter(Boolean).join(', ')}</Text>
        <FormattedPhone e164={r.phone} />
      </Group>,
    ],
    ...(view.note ? [[t('suddenDeath.fields.note'), view.note] as [string, string]] : []),
  ];
  return (
    <Table data-testid="sd-facts">
      <Table.Tbody>
        {rows.map(([k, v], i) => (
          <Table.Tr key={i}>
            <Table.Th scope="row" w={200}>
              {k}
            </Table.Th>
            <Table.Td>{v}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** What happened when; staff also see who did it and what they noted. */
export function Timeline({ view }: { view: SuddenDeathView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <section aria-labelledby="sd-timeline-title">
      <Title order={2} size="h4" id="sd-timeline-title" mb="xs">
        {t('suddenDeath.timeline.title')}
      </Title>
      <List spacing="xs" data-testid="sd-timeline">
        {view.timeline.map((e, i) => (
          <List.Item key={i} data-type={e.type}>
            <Text span fw={600}>
              {t(`suddenDeath.event.${e.type}`)}
            </Text>{' '}
            <Text span size="sm" c="dimmed">
              {formatDateTime(e.at, lang)}
              {e.actorName ? ` · ${e.actorName}` : ''}
            </Text>
            {e.data && <EventData data={e.data} />}
          </List.Item>
        ))}
      </List>
    </section>
  );
}

function EventData({ data }: { data: Record<string, unknown> }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const parts: string[] = [];
  if (typeof data.receivedOn === 'string')
    parts.push(t('suddenDeath.step.receivedOn', { date: formatDate(data.receivedOn, lang) }));
  if (typeof data.biopsiesReceived === 'number')
    parts.push(t('suddenDeath.step.biopsiesReceived', { count: data.biopsiesReceived }));
  if (typeof data.location === 'string')
    parts.push(t('suddenDeath.step.locationValue', { location: data.location }));
  if (typeof data.relationship === 'string')
    parts.push(t('suddenDeath.step.relationshipValue', { relationship: data.relationship }));
  if (typeof data.registeredOn === 'string')
    parts.push(t('suddenDeath.step.registeredOn', { date: formatDate(data.registeredOn, lang) }));
  if (data.cardiogeneticSuspicion === true) parts.push(t('suddenDeath.step.suspicion'));
  if (typeof data.note === 'string' && data.note) parts.push(data.note);
  if (parts.length === 0) return null;
  return (
    <Text size="sm">
      {parts.map((p, i) => (
        <Badge key={i} variant="outline" color="gray" maw="none" mr={4} tt="none">
          {p}
        </Badge>
      ))}
    </Text>
  );
}
