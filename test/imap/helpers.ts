// Shared helpers for the imap wire-layer tests.
import assert from 'node:assert/strict';
import {
  BufferSource,
  type CommandArgs,
  type ImapCommand,
  ImapParseError,
  type ParseContext,
  parseArguments,
  readCommand,
  type ReadCommandOptions,
} from '../../src/imap/index.js';

/** Reads one command from `text` (CRLF line ends written as "\r\n"). */
export async function read(text: string | Buffer, opts?: ReadCommandOptions): Promise<{ cmd: ImapCommand; src: BufferSource }> {
  const src = new BufferSource(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  const cmd = await readCommand(src, opts);
  return { cmd, src };
}

/** Reads and parses one command. */
export async function parse(text: string, ctx: ParseContext = {}, opts?: ReadCommandOptions): Promise<CommandArgs> {
  const { cmd, src } = await read(text, opts);
  assert.equal(src.remaining().length, 0, 'whole input consumed');
  return parseArguments(cmd, ctx);
}

/** Expected fields of a parse error. */
export interface Expected {
  tag?: string | undefined;
  status?: 'BAD' | 'NO';
  code?: string | undefined;
  fatal?: boolean;
  text?: RegExp;
}

/** Asserts that `p` rejects with an ImapParseError matching `exp`; returns it. */
export async function rejects(p: Promise<unknown> | (() => unknown), exp: Expected): Promise<ImapParseError> {
  let err: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof ImapParseError, `expected ImapParseError, got ${String(err)}`);
  if ('tag' in exp) assert.equal(err.tag, exp.tag, 'tag');
  assert.equal(err.status, exp.status ?? 'BAD', 'status');
  if ('code' in exp) assert.equal(err.code, exp.code, 'code');
  assert.equal(err.fatal, exp.fatal ?? false, 'fatal');
  if (exp.text) assert.match(err.text, exp.text);
  return err;
}

/** Parses `text` and expects a parse error. */
export function parseRejects(text: string, exp: Expected, ctx: ParseContext = {}): Promise<ImapParseError> {
  return rejects(parse(text, ctx), exp);
}

/** Builds a command with CRLF line ends from lines. */
export function lines(...l: string[]): string {
  return l.map((s) => `${s}\r\n`).join('');
}
