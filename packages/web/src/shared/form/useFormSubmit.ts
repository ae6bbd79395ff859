import { useMemo, useRef, useState } from 'react';
import { problemMap, problemsOfError } from '../../admin/problems';

/**
 * Sending a form and showing its last refusal by field path. A field changed since the refusal no longer shows
 * its old problem; the others stay until the next try. While a send is under way another is ignored (with the
 * form's Idempotency-Key, a double click makes one record).
 */
export function useFormSubmit() {
  const [error, setError] = useState<unknown>(null);
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const [pending, setPending] = useState(false);
  const busy = useRef(false);
  const problems = useMemo(() => {
    const map = problemMap(problemsOfError(error));
    for (const path of edited) map.delete(path);
    return map;
  }, [error, edited]);
  const refuse = (e: unknown) => {
    setError(e);
    setEdited(new Set());
  };
  /** `check` returns the schema's refusal, if any, before anything is sent; `send` throws the server's. */
  const submit = async (check: () => unknown, send: () => Promise<void>) => {
    if (busy.current) return;
    const refusal = check();
    if (refusal) {
      refuse(refusal);
      return;
    }
    busy.current = true;
    setPending(true);
    setError(null);
    try {
      await send();
    } catch (e) {
      refuse(e);
    } finally {
      busy.current = false;
      setPending(false);
    }
  };
  return {
    error,
    problems,
    pending,
    submit,
    /** The field at `path` was changed. */
    touch: (path: string) => setEdited((e) => new Set(e).add(path)),
  };
}
