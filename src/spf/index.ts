/**
 * SPF (RFC 7208): the record syntax for now, parsing TXT records into directives and
 * modifiers (RFC 7208 §4.5, §4.6, §12) with macro-string checks (RFC 7208 §7.1), and writing
 * them back. Evaluation against DNS comes with the serve profile. Layer L0: Node built-ins
 * only.
 */
export { parseSpfRecord, formatSpfRecord, directiveString, SpfSyntaxError, type Directive, type Modifier, type SpfRecord } from './parse.js';
