import { Alert, Anchor, Button, Group, List, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  resolveText,
  SUDDEN_DEATH_AUTOPSY_AGES,
  SUDDEN_DEATH_MIN_BIOPSIES,
  SUDDEN_DEATH_TRANSPORT_COST_EUR,
  suddenDeathAdvice,
} from '@loket/domain';
import { hasRole, useMe } from '../accounts/me.resource';
import { useCatalog } from '../referral-guide/catalog.resource';
import { useLanguage } from '../shared/i18n';
import { Phone } from '../shared/Phone';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="sm">
        {title}
      </Title>
      <Stack gap="sm">{children}</Stack>
    </Paper>
  );
}

function Items({ keys }: { keys: string[] }) {
  const { t } = useTranslation();
  return (
    <List spacing={4}>
      {keys.map((k) => (
        <List.Item key={k}>{t(k, { min: SUDDEN_DEATH_MIN_BIOPSIES })}</List.Item>
      ))}
    </List>
  );
}

/**
 * The public guide for family doctors after a sudden death (R-SD-01): the advice by age, who pays, how to take
 * and send skin biopsies when there is no autopsy, and what remains without either.
 */
export function GuidePage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: me } = useMe();
  const catalog = useCatalog();
  const [age, setAge] = useState<number | string>('');
  const hospital = catalog.data
    ? resolveText(catalog.data.hospital.name, lang).text
    : t('suddenDeath.guide.theHospital');
  const phone = catalog.data?.hospital.mainPhone;
  const ageNumber = typeof age === 'number' && Number.isInteger(age) && age >= 0 ? age : null;
  const advice = ageNumber === null ? null : suddenDeathAdvice(ageNumber);
  const gp = hasRole(me, 'referrer');
  const staff = hasRole(me, 'back-office', 'specialist');

  const requestButton = (kind: 'autopsy' | 'dna-storage') =>
    gp ? (
      <Button
        component={Link}
        to={`/sudden-death/requests/new?kind=${kind}`}
        data-testid={`sd-request-${kind}`}
      >
        {t(`suddenDeath.guide.request.${kind}`)}
      </Button>
    ) : (
      <Text size="sm" c="dimmed">
        {t('suddenDeath.guide.signInToRequest')}{' '}
        {!me?.signedIn && (
          <Anchor component={Link} to="/sign-in?next=/sudden-death">
            {t('suddenDeath.guide.signIn')}
          </Anchor>
        )}
      </Text>
    );

  return (
    <Stack gap="lg" data-testid="sudden-death-guide">
      <Title order={1}>{t('suddenDeath.guide.title')}</Title>
      <Text>{t('suddenDeath.guide.intro')}</Text>
      {(gp || staff) && (
        <Group gap="md">
          {gp && (
            <Anchor component={Link} to="/sudden-death/requests">
              {t('suddenDeath.mine.title')}
            </Anchor>
          )}
          {staff && (
            <Anchor component={Link} to="/sudden-death/cases">
              {t('suddenDeath.cases.title')}
            </Anchor>
          )}
        </Group>
      )}

      <Section id="sd-advice" title={t('suddenDeath.guide.advice.title')}>
        <NumberInput
          label={t('suddenDeath.guide.advice.age')}
          description={t('suddenDeath.guide.advice.ageHint')}
          min={0}
          max={130}
          allowDecimal={false}
          allowNegative={false}
          value={age}
          onChange={setAge}
          maw={260}
          data-testid="sd-age"
        />
        {advice === 'autopsy-advised' && (
          <Alert
            color="blue"
            title={t('suddenDeath.guide.advice.advisedTitle')}
            data-testid="sd-advice"
            data-advice={advice}
          >
            <Stack gap="xs">
              <Text size="sm">{t('suddenDeath.guide.advice.advised', { ...SUDDEN_DEATH_AUTOPSY_AGES })}</Text>
              <Text size="sm">{t('suddenDeath.guide.advice.noPermission')}</Text>
            </Stack>
          </Alert>
        )}
        {advice === 'consult-on-duty' && (
          <Alert
            color="gray"
            title={t('suddenDeath.guide.advice.consultTitle')}
            data-testid="sd-advice"
            data-advice={advice}
          >
            <Text size="sm">{t('suddenDeath.guide.advice.consult', { ...SUDDEN_DEATH_AUTOPSY_AGES })}</Text>
          </Alert>
        )}
        <Text size="sm">{t('suddenDeath.guide.advice.why')}</Text>
        <Items
          keys={[
            'suddenDeath.guide.advice.prevent.lifestyle',
            'suddenDeath.guide.advice.prevent.medication',
            'suddenDeath.guide.advice.prevent.device',
          ]}
        />
        <Text size="sm">
          {t('suddenDeath.guide.advice.doubt')} {phone && <Phone e164={phone} />}
        </Text>
      </Section>

      <Section id="sd-autopsy" title={t('suddenDeath.guide.autopsy.title')}>
        <Text>{t('suddenDeath.guide.autopsy.difficult')}</Text>
        <Text data-testid="sd-costs">
          {t('suddenDeath.guide.autopsy.costs', { hospital, cost: SUDDEN_DEATH_TRANSPORT_COST_EUR })}
        </Text>
        <Text>{t('suddenDeath.guide.autopsy.after')}</Text>
        {requestButton('autopsy')}
      </Section>

      <Section id="sd-dna" title={t('suddenDeath.guide.dna.title')}>
        <Text>{t('suddenDeath.guide.dna.intro')}</Text>
        <Items keys={['suddenDeath.guide.dna.free', 'suddenDeath.guide.dna.examined']} />
        <Title order={3} size="h4">
          {t('suddenDeath.guide.dna.materialsTitle')}
        </Title>
        <Items
          keys={[
            'suddenDeath.guide.dna.materials.tools',
            'suddenDeath.guide.dna.materials.alcohol',
            'suddenDeath.guide.dna.materials.pot',
          ]}
        />
        <Title order={3} size="h4">
          {t('suddenDeath.guide.dna.howTitle')}
        </Title>
        <Items
          keys={[
            'suddenDeath.guide.dna.how.where',
            'suddenDeath.guide.dna.how.groin',
            'suddenDeath.guide.dna.how.take',
            'suddenDeath.guide.dna.how.count',
            'suddenDeath.guide.dna.how.onePerPot',
            'suddenDeath.guide.dna.how.label',
          ]}
        />
        <Title order={3} size="h4">
          {t('suddenDeath.guide.dna.shipTitle')}
        </Title>
        <Alert color="orange" data-testid="sd-room-temperature">
          {t('suddenDeath.guide.dna.roomTemperature')}
        </Alert>
        <Items
          keys={[
            'suddenDeath.guide.dna.ship.pathology',
            'suddenDeath.guide.dna.ship.form',
            'suddenDeath.guide.dna.ship.question',
            'suddenDeath.guide.dna.ship.container',
            'suddenDeath.guide.dna.ship.delivered',
          ]}
        />
        {requestButton('dna-storage')}
      </Section>

      <Section id="sd-neither" title={t('suddenDeath.guide.neither.title')}>
        <Text>{t('suddenDeath.guide.neither.text')}</Text>
      </Section>
    </Stack>
  );
}
