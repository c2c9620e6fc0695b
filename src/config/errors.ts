// Problems found in config files, each with file and line, gathered into one error.

/** One problem in a config file. Line 0 means the file as a whole (e.g. unreadable). */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** Formats a problem as `file:line: message` (`file: message` for line 0). */
export function formatProblem(p: Problem): string {
  return p.line > 0 ? `${p.file}:${p.line}: ${p.message}` : `${p.file}: ${p.message}`;
}

/**
 * Thrown when a config file cannot be parsed, written or loaded. Lists every problem found,
 * not only the first; the message has one `file:line: what` line per problem.
 */
export class ConfigError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[], options?: ErrorOptions) {
    super(problems.map(formatProblem).join('\n') || 'invalid config', options);
    this.name = 'ConfigError';
    this.problems = Object.freeze([...problems]);
  }
}
