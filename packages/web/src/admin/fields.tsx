import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  formatPhoneNational,
  isE164,
  toE164,
  type HoursSlot,
  type Language,
  type LocalizedText,
} from '@loket/domain';
import { useFieldError } from './problems';

/** Sets one language of a text; an empty input leaves that language out. */
export function withLanguage(text: LocalizedText | undefined, lang: Language, value: string): LocalizedText {
  const next: LocalizedText = { ...(text ?? {}) };
  if (value.trim() === '') delete next[lang];
  else next[lang] = value;
  return next;
}

function isEmpty(text: LocalizedText) {
  return text.nl === undefined && text.en === undefined;
}

/**
 * A text in Dutch and English, side by side. A required text stays an (empty) object so the check says
 * "needs a text in at least one language"; an optional one disappears when both are empty.
 */
export function LocalizedTextInput({
  label,
  value,
  onChange,
  path,
  required = false,
  multiline = false,
  testId,
}: {
  label: string;
  value: LocalizedText | undefined;
  onChange: (value: LocalizedText | undefined) => void;
  /** Where this text is in the document, for problems: `contacts[0].label`. */
  path: string;
  required?: boolean;
  multiline?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const whole = useFieldError(path);
  const errorNl = useFieldError(`${path}.nl`) ?? whole;
  const errorEn = useFieldError(`${path}.en`);
  const set = (lang: Language, v: string) => {
    const next = withLanguage(value, lang, v);
    onChange(!required && isEmpty(next) ? undefined : next);
  };
  const Input = multiline ? Textarea : TextInput;
  const extra = multiline ? { autosize: true, minRows: 2, maxRows: 12 } : {};
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      {(['nl', 'en'] as const).map((lang) => (
        <Input
          key={lang}
          {...extra}
          label={`${label} (${t(`admin.lang.${lang}`)})`}
          lang={lang}
          value={value?.[lang] ?? ''}
          onChange={(e) => set(lang, e.currentTarget.value)}
          error={lang === 'nl' ? errorNl : errorEn}
          withAsterisk={required && lang === 'nl' && !value?.en}
          data-testid={testId ? `${testId}-${lang}` : undefined}
        />
      ))}
    </SimpleGrid>
  );
}

/**
 * A phone number, stored in E.164. A Dutch number typed the usual way ("071 526 91 11") is rewritten to
 * E.164 when the field is left; the national form is shown below as a check.
 */
export function PhoneInput({
  label,
  value,
  onChange,
  path,
  required = false,
  testId,
}: {
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  path: string;
  required?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const error = useFieldError(path);
  const valid = value !== undefined && isE164(value);
  return (
    <TextInput
      label={label}
      type="tel"
      placeholder="+31715269111"
      value={value ?? ''}
      withAsterisk={required}
      onChange={(e) => {
        const v = e.currentTarget.value.trim();
        onChange(v === '' ? undefined : e.currentTarget.value);
      }}
      onBlur={() => {
        if (value && !isE164(value)) {
          const e164 = toE164(value);
          if (e164) onChange(e164);
        }
      }}
      description={
        valid ? t('admin.phone.shownAs', { phone: formatPhoneNational(value) }) : t('admin.phone.hint')
      }
      error={error}
      data-testid={testId}
    />
  );
}

const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

/** Time slots: days of the week and from/to as HH:MM. */
export function HoursSlotsEditor({
  slots,
  onChange,
  path,
  testId,
  legend,
}: {
  slots: HoursSlot[];
  onChange: (slots: HoursSlot[]) => void;
  path: string;
  testId: string;
  legend: string;
}) {
  const { t } = useTranslation();
  const listError = useFieldError(path);
  const update = (i: number, slot: HoursSlot) => onChange(slots.map((s, j) => (j === i ? slot : s)));
  return (
    <Stack gap="xs" data-testid={`${testId}-slots`}>
      {slots.map((slot, i) => (
        <SlotRow
          key={i}
          slot={slot}
          index={i}
          legend={`${legend} ${i + 1}`}
          path={`${path}[${i}]`}
          testId={`${testId}-${i}`}
          onChange={(s) => update(i, s)}
          onRemove={() => onChange(slots.filter((_, j) => j !== i))}
        />
      ))}
      {listError && (
        <Text c="red" size="sm" role="alert">
          {listError}
        </Text>
      )}
      <Group>
        <Button
          size="xs"
          variant="light"
          onClick={() => onChange([...slots, { days: [1, 2, 3, 4, 5], from: '08:00', to: '17:00' }])}
          data-testid={`${testId}-add`}
        >
          {t('admin.hours.addSlot')}
        </Button>
      </Group>
    </Stack>
  );
}

function SlotRow({
  slot,
  legend,
  path,
  testId,
  onChange,
  onRemove,
}: {
  slot: HoursSlot;
  index: number;
  legend: string;
  path: string;
  testId: string;
  onChange: (slot: HoursSlot) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const slotError = useFieldError(path);
  const daysError = useFieldError(`${path}.days`);
  const fromError = useFieldError(`${path}.from`);
  const toError = useFieldError(`${path}.to`);
  const days = Array.isArray(slot.days) ? slot.days : [];
  const toggle = (d: number, on: boolean) =>
    onChange({
      ...slot,
      days: on ? [...days.filter((x) => x !== d), d].sort((a, b) => a - b) : days.filter((x) => x !== d),
    });
  return (
    <Fieldset legend={legend} p="xs" data-testid={`${testId}-slot`}>
      <Group align="flex-end" gap="md" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" fw={500} id={`${testId}-days-label`}>
            {t('admin.hours.days')}
          </Text>
          <Group gap="xs" role="group" aria-labelledby={`${testId}-days-label`}>
            {weekdays.map((d) => (
              <Checkbox
                key={d}
                label={t(`admin.days.${d}`)}
                aria-label={t(`admin.daysLong.${d}`)}
                checked={days.includes(d)}
                onChange={(e) => toggle(d, e.currentTarget.checked)}
                data-testid={`${testId}-day-${d}`}
              />
            ))}
          </Group>
        </Stack>
        <TextInput
          label={t('admin.hours.from')}
          placeholder="08:00"
          w={90}
          value={slot.from ?? ''}
          onChange={(e) => onChange({ ...slot, from: e.currentTarget.value.trim() })}
          error={fromError}
          data-testid={`${testId}-from`}
        />
        <TextInput
          label={t('admin.hours.to')}
          placeholder="17:00"
          w={90}
          value={slot.to ?? ''}
          onChange={(e) => onChange({ ...slot, to: e.currentTarget.value.trim() })}
          error={toError}
          data-testid={`${testId}-to`}
        />
        <Button size="xs" variant="subtle" color="red" onClick={onRemove} data-testid={`${testId}-remove`}>
          {t('admin.hours.removeSlot')}
        </Button>
      </Group>
      {(daysError || slotError) && (
        <Text c="red" size="sm" mt={4} role="alert">
          {daysError ?? slotError}
        </Text>
      )}
    </Fieldset>
  );
}

/** Move an item of a list one place up or down. */
export function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}
