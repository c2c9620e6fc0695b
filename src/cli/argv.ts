/**
 * Go mox takes long flags with one dash (`-dir x`, `-dir=x`); commander wants two. Rewrites
 * single-dash words of two or more letters to double-dash, leaving single-letter flags
 * (`-h`), values that are not flag-shaped (`-1h`, `<-1h`) and everything after `--` alone.
 */
export function normalizeArgv(args: string[]): string[] {
  const out: string[] = [];
  let rest = false;
  for (const a of args) {
    if (rest || a === '--') {
      rest = true;
      out.push(a);
      continue;
    }
    out.push(/^-[A-Za-z][A-Za-z0-9-]+(=.*)?$/s.test(a) ? '-' + a : a);
  }
  return out;
}
