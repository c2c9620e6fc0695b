// Loading: read mox.conf and the domains.conf next to it, apply defaults, resolve relative
// paths the way mox does, run mox's load-time checks, and freeze the result.

import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { checkDynamicFiles, checkStaticFiles } from './check-files.js';
import { checkDynamic } from './check-dynamic.js';
import { Reporter, checkStatic } from './check-static.js';
import { dynamicSchema, type Dynamic, type ResolvedDynamic } from './dynamic-schema.js';
import { ConfigError, type Problem } from './errors.js';
import { parseSconf, SourceLines } from './parse.js';
import { deepFreeze, resolveStruct } from './resolve.js';
import { staticSchema, type ResolvedStatic, type Static } from './static-schema.js';

/** The loaded configuration: effective values, the files as written, and where they are. */
export interface LoadedConfig {
  /** mox.conf with defaults applied and file paths made absolute. */
  readonly static: ResolvedStatic;
  /** domains.conf with defaults applied and file paths made absolute. */
  readonly dynamic: ResolvedDynamic;
  /** Both files as written (no defaults, paths untouched), e.g. to modify and write back. */
  readonly raw: { readonly static: Static; readonly dynamic: Dynamic };
  /** Absolute directory of mox.conf (the config dir). */
  readonly dir: string;
  /** Absolute path of mox.conf. */
  readonly staticPath: string;
  /** Absolute path of domains.conf, always next to mox.conf (as in mox). */
  readonly dynamicPath: string;
}

/** Options for {@link loadConfig} and {@link prepareConfig}. */
export interface LoadOptions {
  /**
   * Read and check the files the config names (TLS key/cert pairs, DKIM keys, CA certs).
   * Default true. Turn off when those files are created after loading.
   */
  readonly checkFiles?: boolean;
}

type Mapper<T> = (v: T) => T;
function mapValues<T>(o: { readonly [k: string]: T }, f: Mapper<T>): { readonly [k: string]: T } {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

// mox's cleanPath: an enabled web interface path gets a trailing slash.
function slashed<T extends { readonly Enabled: boolean; readonly Path: string }>(svc: T): T {
  return svc.Enabled && svc.Path !== '' && !svc.Path.endsWith('/') ? { ...svc, Path: `${svc.Path}/` } : svc;
}

/** Makes mox.conf paths absolute: DataDir and key/cert/CA files relative to mox.conf's dir. */
export function resolveStaticPaths(s: ResolvedStatic, dir: string): ResolvedStatic {
  const abs = (f: string) => (f === '' ? f : resolve(dir, f));
  const ca = s.TLS.CA;
  return {
    ...s,
    DataDir: resolve(dir, s.DataDir),
    AdminPasswordFile: abs(s.AdminPasswordFile),
    TLS: ca === undefined ? s.TLS : { ...s.TLS, CA: { ...ca, CertFiles: ca.CertFiles.map(abs) } },
    ACME: mapValues(s.ACME, (a) => {
      const eab = a.ExternalAccountBinding;
      return eab === undefined ? a : { ...a, ExternalAccountBinding: { ...eab, KeyFile: abs(eab.KeyFile) } };
    }),
    Listeners: mapValues(s.Listeners, (l) => ({
      ...l,
      TLS:
        l.TLS === undefined
          ? undefined
          : {
              ...l.TLS,
              KeyCerts: l.TLS.KeyCerts.map((kc) => ({ CertFile: abs(kc.CertFile), KeyFile: abs(kc.KeyFile) })),
              HostPrivateKeyFiles: l.TLS.HostPrivateKeyFiles.map(abs),
            },
      AccountHTTP: slashed(l.AccountHTTP),
      AccountHTTPS: slashed(l.AccountHTTPS),
      AdminHTTP: slashed(l.AdminHTTP),
      AdminHTTPS: slashed(l.AdminHTTPS),
      WebmailHTTP: slashed(l.WebmailHTTP),
      WebmailHTTPS: slashed(l.WebmailHTTPS),
      WebAPIHTTP: slashed(l.WebAPIHTTP),
      WebAPIHTTPS: slashed(l.WebAPIHTTPS),
    })),
  };
}

/**
 * Makes domains.conf paths absolute (DKIM keys relative to domains.conf's dir), and turns
 * destinations given as a bare localpart into full addresses with the account's Domain,
 * as mox does for that deprecated form.
 */
export function resolveDynamicPaths(d: ResolvedDynamic, dir: string): ResolvedDynamic {
  const abs = (f: string) => (f === '' ? f : resolve(dir, f));
  return {
    ...d,
    Domains: mapValues(d.Domains, (dom) => ({
      ...dom,
      DKIM: { ...dom.DKIM, Selectors: mapValues(dom.DKIM.Selectors, (sel) => ({ ...sel, PrivateKeyFile: abs(sel.PrivateKeyFile) })) },
    })),
    Accounts: mapValues(d.Accounts, (acc) => ({
      ...acc,
      Destinations: Object.fromEntries(
        Object.entries(acc.Destinations).map(([k, v]) => [k.includes('@') || acc.Domain === '' ? k : `${k}@${acc.Domain}`, v]),
      ),
    })),
  };
}

/**
 * Turns both files as written into a loaded config: applies defaults, resolves paths
 * relative to `staticPath`'s directory, runs the load-time checks, and freezes everything.
 * `lines` (from parsing) lets problems point at lines. Throws {@link ConfigError}.
 */
export async function prepareConfig(
  raw: { readonly static: Static; readonly dynamic: Dynamic },
  staticPath: string,
  options: LoadOptions & { readonly lines?: { readonly static: SourceLines; readonly dynamic: SourceLines } } = {},
): Promise<LoadedConfig> {
  const staticLines = options.lines?.static ?? new SourceLines(staticPath, 0);
  const dynamicLines = options.lines?.dynamic ?? new SourceLines(join(dirname(staticPath), 'domains.conf'), 0);
  const dir = resolve(dirname(staticPath));
  const dynamicPath = join(dir, 'domains.conf');
  const problems: Problem[] = [];
  const sr = new Reporter(staticLines, problems);
  const dr = new Reporter(dynamicLines, problems);

  const s = resolveStaticPaths(resolveStruct(staticSchema.root.fields, raw.static) as ResolvedStatic, dir);
  const d = resolveDynamicPaths(resolveStruct(dynamicSchema.root.fields, raw.dynamic) as ResolvedDynamic, dir);
  checkStatic(s, sr);
  checkDynamic(s, d, raw.dynamic, sr, dr);
  if (options.checkFiles ?? true) await Promise.all([checkStaticFiles(s, sr), checkDynamicFiles(d, dr)]);
  if (problems.length > 0) {
    // Stable order: mox.conf first, then by line.
    const rank = (p: Problem) => (p.file === staticLines.file ? 0 : 1);
    problems.sort((a, b) => rank(a) - rank(b) || a.line - b.line);
    throw new ConfigError(problems);
  }
  return deepFreeze({
    static: s,
    dynamic: d,
    raw: { static: structuredClone(raw.static), dynamic: structuredClone(raw.dynamic) },
    dir,
    staticPath: resolve(staticPath),
    dynamicPath,
  });
}

async function readText(path: string, problems: Problem[]): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    problems.push({ file: path, line: 0, message: `cannot read config file: ${(err as Error).message}` });
    return undefined;
  }
}

/**
 * Loads mox.conf at `moxConfPath` and the domains.conf in the same directory (as mox does),
 * checks them and returns the frozen result. Throws {@link ConfigError} listing every
 * problem found, each as `file:line: message`.
 */
export async function loadConfig(moxConfPath: string, options: LoadOptions = {}): Promise<LoadedConfig> {
  const dynamicPath = join(dirname(moxConfPath), 'domains.conf');
  const problems: Problem[] = [];
  const [staticText, dynamicText] = await Promise.all([readText(moxConfPath, problems), readText(dynamicPath, problems)]);
  const ps = staticText === undefined ? undefined : parseSconf(staticText, staticSchema.root, moxConfPath);
  const pd = dynamicText === undefined ? undefined : parseSconf(dynamicText, dynamicSchema.root, dynamicPath);
  problems.push(...(ps?.problems ?? []), ...(pd?.problems ?? []));
  if (problems.length > 0 || ps === undefined || pd === undefined) throw new ConfigError(problems);
  return prepareConfig({ static: ps.value as Static, dynamic: pd.value as Dynamic }, moxConfPath, {
    ...options,
    lines: { static: ps.lines, dynamic: pd.lines },
  });
}
