import { Textarea, TextInput } from '@mantine/core';
import { createContext, useContext, type ReactNode } from 'react';
import { ProblemsContext } from '../../admin/problems';
import { useProblemText } from './FormProblems';

/** The i18n prefix the fields word their problems with (`incidents`, `telephoneAdvice`). */
const PrefixContext = createContext('');

/** Gives the fields below the form's problems by path and the prefix of its translations. */
export function ProblemFields({
  problems,
  prefix,
  children,
}: {
  problems: ReadonlyMap<string, string>;
  prefix: string;
  children: ReactNode;
}) {
  return (
    <ProblemsContext.Provider value={problems}>
      <PrefixContext.Provider value={prefix}>{children}</PrefixContext.Provider>
    </ProblemsContext.Provider>
  );
}

function useFieldProblem(path: string, value: string) {
  return useProblemText(useContext(PrefixContext))(path, value);
}

/** A text field whose error comes from the server's (or the schema's) problem at `path`. */
export function TextField({
  path,
  value,
  onChange,
  ...props
}: {
  path: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
  required?: boolean;
  description?: string;
  placeholder?: string;
  inputMode?: 'numeric';
  autoComplete?: string;
  testId: string;
  error?: string;
}) {
  const problem = useFieldProblem(path, value);
  return (
    <TextInput
      label={props.label}
      type={props.type}
      withAsterisk={props.required}
      description={props.description}
      placeholder={props.placeholder}
      inputMode={props.inputMode}
      autoComplete={props.autoComplete ?? 'off'}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      // Live feedback (the 11-test as one types) wins over an earlier refusal.
      error={props.error ?? problem}
      data-testid={props.testId}
    />
  );
}

/** A growing text area whose error comes from the problem at `path`. */
export function AreaField({
  path,
  value,
  onChange,
  minRows = 3,
  maxRows = 12,
  ...props
}: {
  path: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  required?: boolean;
  description?: string;
  minRows?: number;
  maxRows?: number;
  testId: string;
}) {
  const problem = useFieldProblem(path, value);
  return (
    <Textarea
      label={props.label}
      description={props.description}
      withAsterisk={props.required}
      autosize
      minRows={minRows}
      maxRows={maxRows}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={problem}
      data-testid={props.testId}
    />
  );
}
