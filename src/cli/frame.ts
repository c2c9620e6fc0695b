import type { Command, Option } from 'commander';
import { catalog, synopsis } from './catalog.js';

// The frame around the commander program that makes it look and behave like Go mox's CLI:
// usage lists, `mox help`, -h output in the layout of Go's flag package, error lines and
// exit codes, and stubs for reference commands this version does not implement.

/** One command as usage and help show it. */
export interface CommandInfo {
  /** Command words, e.g. ["queue", "list"]. */
  readonly words: readonly string[];
  /** Parameter lines, each shown after the words ("" for none). */
  readonly params: readonly string[];
  /** Full help text. */
  readonly help: string;
  /** One line about the command, for lists. */
  readonly synopsis: string;
  /** The commander command, absent when not registered. */
  readonly cmd?: Command;
  /** False for the stubs of reference commands we do not implement. */
  readonly implemented: boolean;
}

/** The marker stubs carry, to tell them apart from implemented commands. */
const stubDescription = '\0stub';

/** Words of a command: its name and those of its parents, without the program. */
export function commandWords(cmd: Command): string[] {
  const words: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) words.unshift(c.name());
  return words;
}

function leaves(cmd: Command): Command[] {
  return cmd.commands.flatMap((c) => (c.commands.length > 0 ? leaves(c) : [c]));
}

function findCommand(program: Command, words: readonly string[]): Command | undefined {
  let c: Command | undefined = program;
  for (const w of words) {
    c = c?.commands.find((x) => x.name() === w || x.aliases().includes(w));
    if (!c) return undefined;
  }
  return c;
}

/** Parameters of a command not in the catalogue, from its commander usage. */
function commanderParams(cmd: Command): string {
  return cmd
    .usage()
    .replace(/^\[options\]\s*/, cmd.options.some((o) => !o.hidden) ? '[flags] ' : '')
    .trim();
}

/**
 * Every command in usage order: the reference's commands in its order, then commands that
 * are registered but not in the reference, in registration order.
 */
export function commandList(program: Command): CommandInfo[] {
  const out: CommandInfo[] = [];
  const seen = new Set<Command>();
  for (const entry of catalog) {
    const words = entry.words.split(' ');
    const cmd = findCommand(program, words);
    if (cmd) seen.add(cmd);
    out.push(infoFor(words, cmd, entry.params, entry.help));
  }
  for (const cmd of leaves(program)) {
    if (seen.has(cmd)) continue;
    out.push(infoFor(commandWords(cmd), cmd, commanderParams(cmd), ''));
  }
  return out;
}

function infoFor(words: readonly string[], cmd: Command | undefined, params: string, fallbackHelp: string): CommandInfo {
  const implemented = cmd !== undefined && cmd.description() !== stubDescription;
  let help = fallbackHelp;
  let line = synopsis(fallbackHelp);
  if (implemented) {
    const desc = cmd.description().trim();
    const summary = cmd.summary().trim();
    help = desc || summary || help;
    line = summary || synopsis(desc) || line;
  }
  return { words, params: params.split('\n'), help, synopsis: line, cmd, implemented };
}

/** The info of the command with exactly these words. */
export function findInfo(program: Command, words: readonly string[]): CommandInfo | undefined {
  return commandList(program).find((i) => i.words.join(' ') === words.join(' '));
}

/**
 * The usage list as Go mox prints it: `usage: ` before the first line, seven spaces before
 * the others. With `header`, the first line shows the global flags (for the full list).
 */
export function usageList(list: readonly CommandInfo[], header: boolean): string {
  const lines: string[] = header ? ['mox [-config config/mox.conf] [-pedantic] ...'] : [];
  for (const info of list) {
    for (const p of info.params) lines.push(['mox', ...info.words, ...(p ? [p] : [])].join(' '));
  }
  return lines.map((l, i) => (i === 0 ? 'usage: ' : '       ') + l + '\n').join('');
}

/** A flag's description as Go's flag.PrintDefaults writes it. */
function flagDefaults(opts: readonly Option[]): string {
  const flags = opts
    .filter((o) => !o.hidden)
    .map((o) => ({ o, name: (o.long ?? o.short ?? '').replace(/^-+/, '') }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let out = '';
  for (const { o, name } of flags) {
    let s = `  -${name}`;
    const takesValue = o.required || o.optional;
    // Go names the type: int, duration, or "value" for custom flag types; our placeholders
    // with one of those names say so, anything else is a string.
    if (takesValue) s += ` ${/<(int|duration|value)>/.exec(o.flags)?.[1] ?? 'string'}`;
    s += s.length <= 4 ? '\t' : '\n    \t';
    s += o.description.replace(/\n/g, '\n    \t');
    const d: unknown = o.defaultValue;
    if (takesValue && typeof d === 'string' && d !== '') s += ` (default ${JSON.stringify(d)})`;
    else if (takesValue && (typeof d === 'number' || (Array.isArray(d) && d.length > 0))) s += ` (default ${String(d)})`;
    out += s + '\n';
  }
  return out;
}

/** A command's usage lines and flags, as Go mox's per-command usage (without help text). */
export function commandUsage(info: CommandInfo): string {
  let out = '';
  info.params.forEach((p, i) => {
    out += `${(i === 0 ? 'usage:' : '').padStart(6)} mox ${info.words.join(' ')}${p ? ' ' + p : ''}\n`;
  });
  if (info.cmd && info.implemented) out += flagDefaults(info.cmd.options);
  return out;
}

/** Usage, flags and full help of one command, as `mox help <command>` prints it. */
export function commandHelp(info: CommandInfo): string {
  let out = commandUsage(info);
  if (info.help !== '') out += `\n${wrap(info.help)}\n`;
  if (!info.implemented) out += '\nNot implemented in this version.\n';
  return out;
}

/**
 * `mox help [command ...]`: for an exact match, the command's full help; otherwise each
 * command whose words start with the given ones, with its synopsis. Returns undefined when
 * nothing matches.
 */
export function helpText(program: Command, args: readonly string[]): string | undefined {
  const list = commandList(program);
  const exact = list.find((i) => i.words.join(' ') === args.join(' '));
  if (exact) return commandHelp(exact);
  const partial = list.filter((i) => args.every((a, k) => i.words[k] === a));
  if (partial.length === 0) return undefined;
  return partial.map((i) => `mox ${i.words.join(' ')}\n` + (i.synopsis ? `\t${i.synopsis}\n` : '')).join('');
}

/** Wraps lines longer than 80 characters at spaces; indented lines are left alone. */
export function wrap(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= 80 || /^\s/.test(line)) return line;
      const out: string[] = [];
      let cur = '';
      for (const w of line.split(' ')) {
        if (cur !== '' && cur.length + 1 + w.length > 80) {
          out.push(cur);
          cur = w;
        } else cur = cur === '' ? w : `${cur} ${w}`;
      }
      out.push(cur);
      return out.join('\n');
    })
    .join('\n');
}

/** Go flag-package wording for commander's parse errors; other errors keep their text. */
export function translateError(message: string, words: readonly string[]): string {
  const m = message.replace(/^error: /, '').trim();
  let r: RegExpExecArray | null;
  if ((r = /^unknown option '-{1,2}([^']*)'/.exec(m))) return `flag provided but not defined: -${r[1]}`;
  if ((r = /^option '-{1,2}([^ ',]+)[^']*' argument missing/.exec(m))) return `flag needs an argument: -${r[1]}`;
  if ((r = /^option '-{1,2}([^ ',]+)[^']*' argument '(.*)' is invalid\.\s*(.*)$/s.exec(m))) {
    return `invalid value ${JSON.stringify(r[2])} for flag -${r[1]}${r[3] ? ': ' + r[3] : ''}`;
  }
  if ((r = /^command-argument value '(.*)' is invalid for argument '([^']*)'\.\s*(.*)$/s.exec(m))) {
    return `mox ${words.join(' ')}: invalid value ${JSON.stringify(r[1])} for ${r[2]}${r[3] ? ': ' + r[3] : ''}`;
  }
  if ((r = /^missing required argument '([^']*)'/.exec(m))) return `mox ${words.join(' ')}: missing parameter ${r[1]}`;
  if (/^too many arguments/.test(m)) return `mox ${words.join(' ')}: too many parameters`;
  return `mox ${words.join(' ')}: ${m}`;
}

/** Calls `f` for a command and all commands below it. */
function walk(cmd: Command, f: (c: Command) => void): void {
  f(cmd);
  for (const c of cmd.commands) walk(c, f);
}

/**
 * Finishes the program: adds stubs for reference commands that no one registered (they
 * print "not implemented" and exit 1), and makes every command report parse errors the
 * way Go's flag package does (one line, then the command's usage, on stderr).
 */
export function installFrame(program: Command, stderr: (s: string) => void): void {
  for (const entry of catalog) {
    const words = entry.words.split(' ');
    if (findCommand(program, words)) continue;
    let parent = program;
    for (const [k, w] of words.entries()) {
      const existing = parent.commands.find((c) => c.name() === w);
      if (existing) {
        parent = existing;
        continue;
      }
      const c = parent.command(w);
      if (k === words.length - 1) {
        c.description(stubDescription)
          .argument('[args...]')
          .allowUnknownOption()
          .allowExcessArguments()
          .action(() => notImplemented(words, stderr));
      }
      parent = c;
    }
  }
  walk(program, (c) => {
    c.exitOverride();
    c.showSuggestionAfterError(false);
    c.showHelpAfterError(false);
    if (c.commands.length > 0) c.helpCommand(false);
    const words = commandWords(c);
    c.configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => stderr(s),
      outputError: (s) => {
        const info = findInfo(program, words);
        stderr(translateError(s, words) + '\n' + (info ? commandHelp(info) : ''));
      },
    });
  });
}

function notImplemented(words: readonly string[], stderr: (s: string) => void): never {
  stderr(`mox: ${words.join(' ')}: not implemented in this version\n`);
  process.exit(1);
}

/** What {@link route} decided. */
export type Route =
  | { readonly kind: 'run' }
  | { readonly kind: 'exit'; readonly code: number; readonly stderr: string; readonly stdout?: string };

const helpFlags = new Set(['-h', '--h', '--help', '-help', '-?']);

/**
 * Decides, before commander parses, what Go mox would do with these (normalised) arguments:
 * global flags are checked, no command prints the usage list, an unknown command or an
 * incomplete group prints the matching usage lines, and -h prints the command's help, all
 * with exit code 2 as mox's usage functions. Everything else runs.
 */
export function route(program: Command, args: readonly string[]): Route {
  let i = 0;
  const full = () => usageList(commandList(program), true);
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-') || a === '-') break;
    if (a === '--') {
      i++;
      break;
    }
    if (helpFlags.has(a)) return { kind: 'exit', code: 2, stderr: full() };
    const [flag, value] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const opt = program.options.find((o) => o.long === flag || o.short === flag);
    if (!opt) return { kind: 'exit', code: 2, stderr: `flag provided but not defined: -${flag.replace(/^-+/, '')}\n${full()}` };
    if ((opt.required || opt.optional) && value === undefined) {
      if (i + 1 >= args.length) return { kind: 'exit', code: 2, stderr: `flag needs an argument: -${flag.replace(/^-+/, '')}\n${full()}` };
      i++;
    }
  }
  if (i >= args.length) return { kind: 'exit', code: 2, stderr: full() };
  let node = program;
  const words: string[] = [];
  for (; i < args.length && node.commands.length > 0; i++) {
    const next = node.commands.find((c) => c.name() === args[i] || c.aliases().includes(args[i]!));
    if (!next) break;
    node = next;
    words.push(args[i]!);
  }
  if (node.commands.length > 0) {
    // A group, or nothing matched: list what starts with the words, as mox does.
    const list = commandList(program).filter((c) => words.every((w, k) => c.words[k] === w));
    const rest = args[i];
    let unknown = '';
    if (rest !== undefined && rest.startsWith('-') && !helpFlags.has(rest)) unknown = `flag provided but not defined: -${rest.replace(/^-+/, '').replace(/=.*/s, '')}\n`;
    else if (rest !== undefined && !helpFlags.has(rest)) unknown = `mox: unknown command ${JSON.stringify([...words, rest].join(' '))}\n`;
    if (node === program) return { kind: 'exit', code: 2, stderr: unknown + full() };
    return { kind: 'exit', code: 2, stderr: unknown + usageList(list, false) };
  }
  for (; i < args.length && args[i] !== '--'; i++) {
    if (helpFlags.has(args[i]!)) {
      const info = findInfo(program, words);
      return { kind: 'exit', code: 2, stderr: info ? commandHelp(info) : full() };
    }
  }
  return { kind: 'run' };
}
