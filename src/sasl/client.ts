// Client mechanisms, for our SMTP client and tests. Each is a small step machine in the
// shape of mox's sasl.Client: call next(null) for the initial response, then next(challenge).

import { checkCramMd5Challenge, cramMd5Response } from './cram-md5.js';
import { SaslError } from './errors.js';
import { ScramClient } from './scram-client.js';
import { parseMechanism } from './server.js';
import type { ChannelBindingType, ClientMechanism, ClientStep } from './types.js';

/** Credentials and options for a client mechanism. */
export interface ClientOptions {
  /** Login name; for EXTERNAL the optional authorization identity ("" for none). */
  username: string;
  /** Password; not used by EXTERNAL. */
  password?: string;
  /** Authorization identity for PLAIN and SCRAM (rarely used). */
  authzid?: string;
  /** TLS channel binding for the -PLUS mechanisms; required for them. */
  channelBinding?: { type: ChannelBindingType; data: Buffer };
  /** SCRAM without -PLUS although we could bind: the server did not offer -PLUS (flag "y"). */
  noServerPlus?: boolean;
  /** Fixed SCRAM client nonce (tests). */
  nonce?: string;
}

/**
 * Creates a client mechanism by name (case-insensitive). Throws SaslError `unsupported` for an
 * unknown name and a plain Error when required options are missing.
 */
export function createClientMechanism(name: string, opts: ClientOptions): ClientMechanism {
  const mech = parseMechanism(name);
  if (mech === null) throw new SaslError('unsupported', `mechanism ${name} not supported`);
  const password = opts.password ?? '';
  const steps = (fns: Array<(fromServer: Buffer | null) => Promise<ClientStep> | ClientStep>, cleartext: boolean): ClientMechanism => {
    let i = 0;
    return {
      name: mech,
      cleartextCredentials: cleartext,
      async next(fromServer: Buffer | null): Promise<ClientStep> {
        const fn = fns[i++];
        if (!fn) throw new SaslError('protocol', `${mech}: unexpected challenge after the last step`);
        return fn(fromServer);
      },
    };
  };
  switch (mech) {
    case 'PLAIN':
      // RFC 4616 §2: [authzid] NUL authcid NUL passwd, sent as initial response.
      return steps([() => ({ data: Buffer.from(`${opts.authzid ?? ''}\0${opts.username}\0${password}`, 'utf8'), last: true })], true);
    case 'LOGIN':
      return steps(
        [() => ({ data: Buffer.from(opts.username, 'utf8'), last: false }), () => ({ data: Buffer.from(password, 'utf8'), last: true })],
        true,
      );
    case 'CRAM-MD5':
      return steps(
        [
          () => ({ data: null, last: false }),
          (chal) => {
            const c = chal ?? Buffer.alloc(0);
            checkCramMd5Challenge(c);
            return { data: cramMd5Response(opts.username, password, c), last: true };
          },
        ],
        false,
      );
    case 'EXTERNAL':
      return steps([() => ({ data: Buffer.from(opts.username, 'utf8'), last: true })], false);
    default: {
      const plus = mech.endsWith('-PLUS');
      if (plus && !opts.channelBinding) throw new Error(`${mech}: channel binding data required`);
      const c = new ScramClient({
        hash: mech.startsWith('SCRAM-SHA-256') ? 'SHA-256' : 'SHA-1',
        username: opts.username,
        password,
        ...(opts.authzid ? { authzid: opts.authzid } : {}),
        ...(plus && opts.channelBinding ? { channelBinding: opts.channelBinding } : {}),
        ...(!plus && opts.noServerPlus ? { noServerPlus: true } : {}),
        ...(opts.nonce ? { nonce: opts.nonce } : {}),
      });
      return steps(
        [
          () => ({ data: c.clientFirst(), last: false }),
          async (chal) => ({ data: await c.serverFirst(chal ?? Buffer.alloc(0)), last: false }),
          (chal) => {
            c.serverFinal(chal ?? Buffer.alloc(0));
            // RFC 4954 §4: the server-final arrives as a challenge; answer it with an empty line.
            return { data: Buffer.alloc(0), last: true };
          },
        ],
        false,
      );
    }
  }
}

