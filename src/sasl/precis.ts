// Password and name preparation. mox runs passwords through the PRECIS OpaqueString profile
// (RFC 8265 §4.2) and user names through Unicode NFC.

// RFC 8264 §9.12, §9.13, §9.14, §9.5: controls, ignorable, noncharacters, old Hangul jamo and
// unassigned code points are DISALLOWED in the FreeformClass. Lone surrogates cannot be encoded.
const DISALLOWED =
  /[\p{Cc}\p{Cn}\p{Cs}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]/u;

/**
 * Prepares a password with the PRECIS OpaqueString profile (RFC 8265 §4.2.2): non-ASCII
 * spaces become U+0020, then NFC; returns null when the result is empty or contains a
 * character the FreeformClass disallows.
 *
 * Deviation (simplicity): the join controls U+200C/U+200D, which RFC 8264 §9.8 allows in some
 * contexts, are always refused; the Unicode tables are those of the running JS engine.
 */
export function preparePassword(password: string): string | null {
  const p = password.replace(/(?! )\p{Zs}/gu, ' ').normalize('NFC');
  if (p === '' || DISALLOWED.test(p)) return null;
  return p;
}

/**
 * Like {@link preparePassword}, but falls back to the input when PRECIS refuses it, as mox's
 * SCRAM and CRAM-MD5 code does: the other side may not enforce PRECIS either.
 */
export function preparePasswordLenient(password: string): string {
  return preparePassword(password) ?? password;
}

/** Normalises a user or authorization name to NFC, as mox does for every login name. */
export function normalizeName(name: string): string {
  return name.normalize('NFC');
}
