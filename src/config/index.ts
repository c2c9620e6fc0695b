/**
 * Configuration: mox's two config files, mox.conf (static, read at startup) and domains.conf
 * (dynamic: domains, accounts, web handlers), in Go mox's "sconf" format (tab-indented
 * `Key: value` lines, `- item` lists, `#` comment lines). Each key is declared once in a
 * schema DSL with its type, presence, default and doc text; TypeScript types are inferred
 * from it. Provides the sconf parser (all problems, each as `file:line: message`), the
 * writer (doc comments, as mox writes), describe output, Go duration text, defaults, and
 * loading with mox's load-time checks. The keys are those of Go mox v0.0.15. No RFC defines
 * sconf; key docs cite the RFCs of what they configure (e.g. RFC 6376 DKIM, RFC 8461
 * MTA-STS, RFC 8460 TLSRPT). Also reloads domains.conf while running, with a watcher for
 * edits (atomic saves by rename included). Layer L1; it imports no other project folder and
 * does not log: problems are returned or thrown.
 */

export {
  bool,
  duration,
  file,
  float,
  int,
  list,
  map,
  string,
  struct,
  typeName,
  zeroValue,
  type BoolType,
  type DurationType,
  type Field,
  type Fields,
  type FileSchema,
  type FloatType,
  type Infer,
  type InferStruct,
  type InferType,
  type IntType,
  type ListType,
  type MapType,
  type Presence,
  type Resolved,
  type ResolvedStruct,
  type ResolvedType,
  type StringType,
  type StructType,
  type ValueType,
} from './schema.js';
export { ConfigError, formatProblem, type Problem } from './errors.js';
export {
  DurationError,
  formatDuration,
  formatDurationNs,
  msToNs,
  parseDuration,
  parseDurationNs,
} from './duration.js';
export { SourceLines, formatPath, parseScalar, parseSconf, type ParseResult, type ValuePath } from './parse.js';
export { compareBytes, describeSconf, formatFloat, wrapText, writeSconf, type WriteResult } from './write.js';
export { deepFreeze, resolveStruct, resolveValue } from './resolve.js';
export {
  fileHeader,
  logLevels,
  staticSchema,
  type Listener,
  type ResolvedStatic,
  type Static,
} from './static-schema.js';
export { defaultMaxMsgSize, keyCert, tlsConfig, webService } from './listener-schema.js';
export {
  defaultDKIMHeaders,
  domain,
  dynamicSchema,
  type Account,
  type Domain,
  type Dynamic,
  type ResolvedDynamic,
} from './dynamic-schema.js';
export { account, outgoingWebhookEvents, route } from './account-schema.js';
export { tlsVersions, transportAuthMechanisms } from './check-static.js';
export { canonicalLocalpart, catchallSeparators } from './check-dynamic.js';
export {
  describeDynamic,
  describeStatic,
  parseDynamic,
  parseFile,
  parseStatic,
  writeDynamic,
  writeFile,
  writeStatic,
  type ParsedFile,
} from './files.js';
export {
  loadConfig,
  prepareConfig,
  resolveDynamicPaths,
  resolveStaticPaths,
  type LoadOptions,
  type LoadedConfig,
} from './load.js';
export { reloadDynamic, watchConfigFile, type ConfigWatcher } from './reload.js';
