/** What a special localpart asks for. */
export type SimulatedFailure =
  | { kind: 'code'; code: number; enhanced: string; permanent: boolean }
  | { kind: 'timeout' };

/** Where the failure fires. */
export type FailureStage = 'mailfrom' | 'rcptto' | 'queue' | 'data';

/**
 * The failure a localpart asks for, checked on the whole localpart (a "+tag" included),
 * case-sensitive, in mox's order: "temperror" (451), "permerror" (550), "timeout", then a
 * final three-digit code. Codes 400–599 are accepted (mox also took 600; we do not, see
 * ../shared/spec/localserve.md decision 8). The enhanced code is "<class>.0.0".
 */
export function simulatedFailure(localpart: string): SimulatedFailure | undefined {
  if (localpart.endsWith('temperror')) return code(451);
  if (localpart.endsWith('permerror')) return code(550);
  if (localpart.endsWith('timeout')) return { kind: 'timeout' };
  if (localpart.length >= 3) {
    const tail = localpart.slice(-3);
    if (/^\d{3}$/.test(tail)) {
      const v = Number(tail);
      if (v >= 400 && v <= 599) return code(v);
    }
  }
  return undefined;
}

function code(c: number): SimulatedFailure {
  return { kind: 'code', code: c, enhanced: `${Math.floor(c / 100)}.0.0`, permanent: c >= 500 };
}

/** Where a localpart's failure fires, by its prefix. */
export function failureStage(localpart: string): FailureStage {
  if (localpart.startsWith('mailfrom')) return 'mailfrom';
  if (localpart.startsWith('rcptto')) return 'rcptto';
  if (localpart.startsWith('queue')) return 'queue';
  return 'data';
}
