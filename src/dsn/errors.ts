/**
 * A DSN could not be composed or parsed. The message says what was wrong and where (part,
 * recipient group, field), e.g. `per-recipient group 2: field "Status": malformed status code "5.x.1"`.
 */
export class DsnError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DsnError';
  }
}
