import {
  Button,
  Checkbox,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { contactPurposes, type Contact, type ContactPurpose, type Hours } from '@loket/domain';
import { HoursSlotsEditor, LocalizedTextInput, move, PhoneInput } from './fields';
import { useFieldError } from './problems';

type HoursMode = 'unknown' | 'office-hours' | 'always' | 'slots';

function modeOf(hours: Hours | undefined): HoursMode {
  if (hours === undefined) return 'unknown';
  if (hours === 'office-hours' || hours === 'always') return hours;
  return 'slots';
}

function freshId(contacts: Contact[]): string {
  const ids = new Set(contacts.map((c) => c.id));
  let n = contacts.length + 1;
  while (ids.has(`contact-${n}`)) n++;
  return `contact-${n}`;
}

export function ContactsEditor({
  contacts,
  onChange,
}: {
  contacts: Contact[];
  onChange: (contacts: Contact[]) => void;
}) {
  const { t } = useTranslation();
  const update = (i: number, c: Contact) => onChange(contacts.map((x, j) => (j === i ? c : x)));
  return (
    <Stack gap="md" data-testid="contacts-editor">
      {contacts.length === 0 && <Text c="dimmed">{t('admin.contacts.none')}</Text>}
      {contacts.map((c, i) => (
        <ContactEditor
          key={i}
          contact={c}
          index={i}
          count={contacts.length}
          onChange={(next) => update(i, next)}
          onRemove={() => onChange(contacts.filter((_, j) => j !== i))}
          onMove={(to) => onChange(move(contacts, i, to))}
        />
      ))}
      <Group>
        <Button
          variant="light"
          onClick={() =>
            onChange([...contacts, { id: freshId(contacts), label: {}, purposes: [], hours: 'office-hours' }])
          }
          data-testid="add-contact"
        >
          {t('admin.contacts.add')}
        </Button>
      </Group>
    </Stack>
  );
}

function ContactEditor({
  contact: c,
  index: i,
  count,
  onChange,
  onRemove,
  onMove,
}: {
  contact: Contact;
  index: number;
  count: number;
  onChange: (c: Contact) => void;
  onRemove: () => void;
  onMove: (to: number) => void;
}) {
  const { t } = useTranslation();
  const path = `contacts[${i}]`;
  const whole = useFieldError(path);
  const idError = useFieldError(`${path}.id`);
  const purposesError = useFieldError(`${path}.purposes`, `${path}.purposes[0]`);
  const emailError = useFieldError(`${path}.email`);
  const hoursError = useFieldError(`${path}.hours`);
  const set = <K extends keyof Contact>(key: K, value: Contact[K]) => {
    const next = { ...c, [key]: value };
    if (value === undefined) delete next[key];
    onChange(next);
  };
  const mode = modeOf(c.hours);
  const setMode = (m: HoursMode) => {
    if (m === 'unknown') set('hours', undefined);
    else if (m === 'slots')
      set(
        'hours',
        Array.isArray(c.hours) ? c.hours : [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '17:00' }],
      );
    else set('hours', m);
  };
  const title = t('admin.contacts.contact', { n: i + 1 });
  return (
    <Paper
      withBorder
      p="md"
      data-testid={`contact-${i}`}
      component="section"
      aria-labelledby={`contact-${i}-title`}
    >
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h5" id={`contact-${i}-title`}>
            {title}
          </Title>
          <Group gap="xs">
            <Button size="xs" variant="default" disabled={i === 0} onClick={() => onMove(i - 1)}>
              {t('admin.list.up')}
            </Button>
            <Button size="xs" variant="default" disabled={i === count - 1} onClick={() => onMove(i + 1)}>
              {t('admin.list.down')}
            </Button>
            <Button
              size="xs"
              variant="subtle"
              color="red"
              onClick={onRemove}
              data-testid={`contact-${i}-remove`}
            >
              {t('admin.contacts.remove')}
            </Button>
          </Group>
        </Group>
        {whole && (
          <Text c="red" size="sm" role="alert">
            {whole}
          </Text>
        )}
        <TextInput
          label={t('admin.fields.id')}
          description={t('admin.fields.idHint')}
          value={c.id ?? ''}
          onChange={(e) => set('id', e.currentTarget.value.trim())}
          error={idError}
          w={{ base: '100%', sm: 320 }}
          data-testid={`contact-${i}-id`}
        />
        <LocalizedTextInput
          label={t('admin.contacts.label')}
          value={c.label}
          onChange={(v) => set('label', v ?? {})}
          path={`${path}.label`}
          required
          testId={`contact-${i}-label`}
        />
        <Checkbox.Group
          label={t('admin.contacts.purposes')}
          value={c.purposes ?? []}
          onChange={(v) => set('purposes', v as ContactPurpose[])}
          error={purposesError}
          withAsterisk
          data-testid={`contact-${i}-purposes`}
        >
          <Group gap="md" mt={6}>
            {contactPurposes.map((p) => (
              <Checkbox
                key={p}
                value={p}
                label={t(`purpose.${p}`)}
                data-testid={`contact-${i}-purpose-${p}`}
              />
            ))}
          </Group>
        </Checkbox.Group>
        <Group grow align="flex-start" wrap="wrap">
          <PhoneInput
            label={t('admin.contacts.phone')}
            value={c.phone}
            onChange={(v) => set('phone', v)}
            path={`${path}.phone`}
            testId={`contact-${i}-phone`}
          />
          <PhoneInput
            label={t('admin.contacts.fax')}
            value={c.fax}
            onChange={(v) => set('fax', v)}
            path={`${path}.fax`}
            testId={`contact-${i}-fax`}
          />
          <TextInput
            label={t('admin.contacts.email')}
            type="email"
            value={c.email ?? ''}
            onChange={(e) =>
              set('email', e.currentTarget.value.trim() === '' ? undefined : e.currentTarget.value.trim())
            }
            error={emailError}
            data-testid={`contact-${i}-email`}
          />
        </Group>
        <LocalizedTextInput
          label={t('admin.contacts.phoneNote')}
          value={c.phoneNote}
          onChange={(v) => set('phoneNote', v)}
          path={`${path}.phoneNote`}
          testId={`contact-${i}-phoneNote`}
        />
        <LocalizedTextInput
          label={t('admin.contacts.note')}
          value={c.note}
          onChange={(v) => set('note', v)}
          path={`${path}.note`}
          testId={`contact-${i}-note`}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id={`contact-${i}-hours-label`}>
            {t('admin.contacts.hours')}
          </Text>
          <SegmentedControl
            aria-labelledby={`contact-${i}-hours-label`}
            value={mode}
            onChange={(v) => setMode(v as HoursMode)}
            data={[
              { value: 'office-hours', label: t('admin.hours.mode.office-hours') },
              { value: 'always', label: t('admin.hours.mode.always') },
              { value: 'slots', label: t('admin.hours.mode.slots') },
              { value: 'unknown', label: t('admin.hours.mode.unknown') },
            ]}
            data-testid={`contact-${i}-hours-mode`}
            style={{ alignSelf: 'flex-start' }}
          />
          {hoursError && (
            <Text c="red" size="sm" role="alert">
              {hoursError}
            </Text>
          )}
          {Array.isArray(c.hours) && (
            <HoursSlotsEditor
              slots={c.hours}
              onChange={(slots) => set('hours', slots)}
              path={`${path}.hours`}
              testId={`contact-${i}-hours`}
              legend={t('admin.hours.slot')}
            />
          )}
        </Stack>
      </Stack>
    </Paper>
  );
}
