// Shared fixtures for the sasl tests: an in-memory account table and a driver that runs a
// client mechanism against a server mechanism, recording the transcript.

import { readFileSync } from 'node:fs';
import {
  createClientMechanism,
  createServerMechanism,
  deriveSecrets,
  type AccountCredentials,
  type ClientOptions,
  type ServerDeps,
  type StepResult,
  type StoredSecrets,
} from '../../src/sasl/index.js';

export interface ScramVector {
  name: string;
  mechanism: string;
  hash: 'SHA-1' | 'SHA-256';
  username: string;
  password: string;
  salt: string;
  iterations: number;
  clientNonce: string;
  serverNonce: string;
  clientFirst: string;
  serverFirst: string;
  clientFinal: string;
  serverFinal: string;
}

export interface CramVector {
  name: string;
  username: string;
  password: string;
  challenge: string;
  response: string;
}

export const vectors = JSON.parse(
  readFileSync(new URL('../vectors/sasl/exchanges.json', import.meta.url), 'utf8'),
) as { scram: ScramVector[]; cramMd5: CramVector[] };

/** Derives secrets with a cheap bcrypt cost, to keep the tests fast. */
export function secretsFor(password: string): Promise<StoredSecrets> {
  return deriveSecrets(password, { bcryptCost: 4 });
}

export interface Fixture {
  deps: ServerDeps;
  lookups: string[];
}

/** Builds ServerDeps over a table of login name -> credentials. */
export function fixture(table: Record<string, AccountCredentials>, extra: Partial<ServerDeps> = {}): Fixture {
  const lookups: string[] = [];
  const deps: ServerDeps = {
    async lookup(username) {
      lookups.push(username);
      return table[username] ?? null;
    },
    hostname: 'mox.example',
    clock: { now: () => 1_700_000_000_000 },
    ...extra,
  };
  return { deps, lookups };
}

export interface ExchangeOutcome {
  result?: StepResult;
  /** The server's failure (for a client abort: what server.abort() returned). */
  error?: unknown;
  /** Set when the client rejected a server message. */
  clientError?: unknown;
  transcript: string[];
}

/**
 * Runs a client mechanism against a server mechanism in memory. Returns the server's result,
 * or the thrown error, with a transcript of the exchanged messages (C: and S:).
 */
export async function exchange(
  mechanism: string,
  deps: ServerDeps,
  clientOpts: ClientOptions,
): Promise<ExchangeOutcome> {
  const transcript: string[] = [];
  const server = createServerMechanism(mechanism, deps);
  const client = createClientMechanism(mechanism, clientOpts);
  try {
    let c = await client.next(null);
    transcript.push(`C: ${c.data === null ? '(none)' : c.data.toString('utf8')}`);
    let r = await server.step(c.data);
    while (r.kind === 'challenge') {
      transcript.push(`S: ${r.data.toString('utf8')}`);
      try {
        c = await client.next(r.data);
      } catch (e) {
        // A client that rejects the server's message aborts with "*".
        transcript.push('C: *');
        const err = server.abort();
        return { error: err, clientError: e, transcript };
      }
      transcript.push(`C: ${c.data === null ? '' : c.data.toString('utf8')}`);
      r = await server.step(c.data ?? Buffer.alloc(0));
    }
    return { result: r, transcript };
  } catch (e) {
    return { error: e, transcript };
  }
}
