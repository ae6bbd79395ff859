import { Button, Group, NativeSelect, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  documentKinds,
  letterItems,
  type DocumentKind,
  type DocumentRequirement,
  type LetterItem,
  type LetterRequirement,
} from '@loket/domain';
import { LocalizedTextInput, move } from './fields';
import { useFieldError } from './problems';

function RowButtons({
  index,
  count,
  onMove,
  onRemove,
  testId,
  removeLabel,
}: {
  index: number;
  count: number;
  onMove: (to: number) => void;
  onRemove: () => void;
  testId: string;
  removeLabel: string;
}) {
  const { t } = useTranslation();
  return (
    <Group gap="xs">
      <Button
        size="xs"
        variant="default"
        disabled={index === 0}
        onClick={() => onMove(index - 1)}
        data-testid={`${testId}-up`}
      >
        {t('admin.list.up')}
      </Button>
      <Button
        size="xs"
        variant="default"
        disabled={index === count - 1}
        onClick={() => onMove(index + 1)}
        data-testid={`${testId}-down`}
      >
        {t('admin.list.down')}
      </Button>
      <Button size="xs" variant="subtle" color="red" onClick={onRemove} data-testid={`${testId}-remove`}>
        {removeLabel}
      </Button>
    </Group>
  );
}

export function LetterEditor({
  items,
  onChange,
}: {
  items: LetterRequirement[];
  onChange: (items: LetterRequirement[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" data-testid="letter-editor">
      {items.length === 0 && <Text c="dimmed">{t('admin.letter.none')}</Text>}
      {items.map((r, i) => (
        <LetterRow
          key={i}
          item={r}
          index={i}
          count={items.length}
          onChange={(next) => onChange(items.map((x, j) => (j === i ? next : x)))}
          onMove={(to) => onChange(move(items, i, to))}
          onRemove={() => onChange(items.filter((_, j) => j !== i))}
        />
      ))}
      <Group>
        <Button
          variant="light"
          onClick={() => onChange([...items, { item: 'other', text: {} }])}
          data-testid="add-letter"
        >
          {t('admin.letter.add')}
        </Button>
      </Group>
    </Stack>
  );
}

function LetterRow({
  item: r,
  index: i,
  count,
  onChange,
  onMove,
  onRemove,
}: {
  item: LetterRequirement;
  index: number;
  count: number;
  onChange: (r: LetterRequirement) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const itemError = useFieldError(`letter[${i}].item`);
  return (
    <Paper withBorder p="sm" data-testid={`letter-${i}`}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-end">
          <NativeSelect
            label={t('admin.letter.item', { n: i + 1 })}
            data={letterItems.map((x) => ({ value: x, label: t(`admin.letterItem.${x}`) }))}
            value={r.item}
            onChange={(e) => onChange({ ...r, item: e.currentTarget.value as LetterItem })}
            error={itemError}
            data-testid={`letter-${i}-item`}
          />
          <RowButtons
            index={i}
            count={count}
            onMove={onMove}
            onRemove={onRemove}
            testId={`letter-${i}`}
            removeLabel={t('admin.letter.remove')}
          />
        </Group>
        <LocalizedTextInput
          label={t('admin.letter.text')}
          value={r.text}
          onChange={(v) => onChange({ ...r, text: v ?? {} })}
          path={`letter[${i}].text`}
          required
          testId={`letter-${i}-text`}
        />
      </Stack>
    </Paper>
  );
}

export function DocumentsEditor({
  items,
  onChange,
}: {
  items: DocumentRequirement[];
  onChange: (items: DocumentRequirement[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" data-testid="documents-editor">
      {items.length === 0 && <Text c="dimmed">{t('admin.documents.none')}</Text>}
      {items.map((r, i) => (
        <DocumentRow
          key={i}
          item={r}
          index={i}
          count={items.length}
          onChange={(next) => onChange(items.map((x, j) => (j === i ? next : x)))}
          onMove={(to) => onChange(move(items, i, to))}
          onRemove={() => onChange(items.filter((_, j) => j !== i))}
        />
      ))}
      <Group>
        <Button
          variant="light"
          onClick={() => onChange([...items, { kind: 'other', text: {}, need: 'if-available' }])}
          data-testid="add-document"
        >
          {t('admin.documents.add')}
        </Button>
      </Group>
    </Stack>
  );
}

function DocumentRow({
  item: r,
  index: i,
  count,
  onChange,
  onMove,
  onRemove,
}: {
  item: DocumentRequirement;
  index: number;
  count: number;
  onChange: (r: DocumentRequirement) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const kindError = useFieldError(`documents[${i}].kind`);
  const needError = useFieldError(`documents[${i}].need`);
  return (
    <Paper withBorder p="sm" data-testid={`document-${i}`}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-end">
          <Group align="flex-end">
            <NativeSelect
              label={t('admin.documents.kind', { n: i + 1 })}
              data={documentKinds.map((x) => ({ value: x, label: t(`admin.documentKind.${x}`) }))}
              value={r.kind}
              onChange={(e) => onChange({ ...r, kind: e.currentTarget.value as DocumentKind })}
              error={kindError}
              data-testid={`document-${i}-kind`}
            />
            <NativeSelect
              label={t('admin.documents.need')}
              data={(['required', 'if-available'] as const).map((x) => ({ value: x, label: t(`need.${x}`) }))}
              value={r.need}
              onChange={(e) => onChange({ ...r, need: e.currentTarget.value as DocumentRequirement['need'] })}
              error={needError}
              data-testid={`document-${i}-need`}
            />
          </Group>
          <RowButtons
            index={i}
            count={count}
            onMove={onMove}
            onRemove={onRemove}
            testId={`document-${i}`}
            removeLabel={t('admin.documents.remove')}
          />
        </Group>
        <LocalizedTextInput
          label={t('admin.documents.text')}
          value={r.text}
          onChange={(v) => onChange({ ...r, text: v ?? {} })}
          path={`documents[${i}].text`}
          required
          testId={`document-${i}-text`}
        />
        <LocalizedTextInput
          label={t('admin.documents.delivery')}
          value={r.delivery}
          onChange={(v) => {
            const next = { ...r, delivery: v };
            if (v === undefined) delete next.delivery;
            onChange(next);
          }}
          path={`documents[${i}].delivery`}
          testId={`document-${i}-delivery`}
        />
      </Stack>
    </Paper>
  );
}
