import { foldedField } from '../message/index.js';

/** One method of an Authentication-Results header (RFC 8601 §2.2), e.g. spf=pass smtp.mailfrom=x. */
export interface AuthMethod {
  method: 'iprev' | 'spf' | 'dkim' | 'dmarc' | 'auth';
  result: string;
  comment?: string;
  /** Properties as "ptype.property" → value, e.g. "smtp.mailfrom". */
  props?: [string, string][];
}

/** The Authentication-Results header (RFC 8601 §2.2) for the given methods, folded. */
export function authResultsHeader(authservId: string, methods: AuthMethod[], comment?: string): string {
  const words = [`${authservId}${comment ? ` (${comment})` : ''};`];
  if (methods.length === 0) words.push('none');
  methods.forEach((m, i) => {
    const parts = [`${m.method}=${m.result}`, ...(m.comment ? [`(${m.comment})`] : []), ...(m.props ?? []).map(([k, v]) => `${k}=${v}`)];
    if (i < methods.length - 1) parts[parts.length - 1] += ';';
    words.push(...parts);
  });
  return foldedField('Authentication-Results', words);
}
