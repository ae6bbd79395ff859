import { Fieldset, Stack, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Department, LetterItem, LocalizedText } from '@loket/domain';
import { useFieldError } from '../admin/problems';
import { LText } from '../shared/LocalizedText';

/** Items that the patient and referrer fields cover; the rest of the department's list is a text each. */
const coveredElsewhere = (item: LetterItem) => item.startsWith('patient-') || item.startsWith('referrer-');

/**
 * The letter items to type, in the department's order and wording (R-CAT-03). The reason is always asked (every
 * referral says why); a field for anything else comes last.
 */
export function letterItemsOf(department: Department): { item: LetterItem; text: LocalizedText | null }[] {
  const out: { item: LetterItem; text: LocalizedText | null }[] = [];
  const seen = new Set<LetterItem>();
  const reason = department.letter.find((l) => l.item === 'reason');
  out.push({ item: 'reason', text: reason?.text ?? null });
  seen.add('reason');
  for (const l of department.letter) {
    if (coveredElsewhere(l.item) || seen.has(l.item)) continue;
    seen.add(l.item);
    out.push({ item: l.item, text: l.text });
  }
  if (!seen.has('other')) out.push({ item: 'other', text: null });
  return out;
}

function LetterField({
  item,
  text,
  value,
  onChange,
  required,
  testIdPrefix,
}: {
  item: LetterItem;
  text: LocalizedText | null;
  value: string;
  onChange: (v: string) => void;
  required: boolean;
  testIdPrefix: string;
}) {
  const { t } = useTranslation();
  const error = useFieldError(`letter.${item}`);
  return (
    <Textarea
      label={text ? <LText text={text} /> : t(`referrals.letterItem.${item}`)}
      autosize
      minRows={2}
      maxRows={12}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      withAsterisk={required}
      data-testid={`${testIdPrefix}-${item}`}
    />
  );
}

export function LetterFields({
  department,
  value,
  onChange,
  testIdPrefix = 'letter',
}: {
  department: Department;
  value: Partial<Record<LetterItem, string>>;
  onChange: (v: Partial<Record<LetterItem, string>>) => void;
  testIdPrefix?: string;
}) {
  const { t } = useTranslation();
  return (
    <Fieldset legend={t('referrals.form.letter')} data-testid={`${testIdPrefix}-fields`}>
      <Stack gap="sm">
        {letterItemsOf(department).map(({ item, text }) => (
          <LetterField
            key={item}
            item={item}
            text={text}
            value={value[item] ?? ''}
            onChange={(v) => onChange({ ...value, [item]: v })}
            required={item === 'reason'}
            testIdPrefix={testIdPrefix}
          />
        ))}
      </Stack>
    </Fieldset>
  );
}
