import { createContext, useContext } from 'react';
import { problemsOf } from '@loket/domain';
import { ApiError, type Problem } from '../shared/api';

/** Problems by path (`contacts[2].phone`), so each field can show its own. */
export const ProblemsContext = createContext<ReadonlyMap<string, string>>(new Map());

export function problemMap(problems: readonly Problem[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const p of problems) if (!map.has(p.path)) map.set(p.path, p.message);
  return map;
}

/** The message for a field, if any of the listed paths has one. */
export function useFieldError(...paths: string[]): string | undefined {
  const map = useContext(ProblemsContext);
  for (const p of paths) {
    const m = map.get(p);
    if (m) return m;
  }
  return undefined;
}

/** A schema's complaints in the shape the server uses, so one alert shows both. */
export function clientProblems(
  error: Parameters<typeof problemsOf>[0],
  code: string,
  message: string,
): ApiError {
  return new ApiError(400, code, message, problemsOf(error));
}

export function problemsOfError(error: unknown): Problem[] {
  return error instanceof ApiError ? error.problems : [];
}
