import { CtlError, type CtlHandler } from '../../ctl/index.js';
import { addressString, parseAddress } from '../../smtp/index.js';
import { parseTlsPublicKeyCert } from '../../tls/index.js';
import type { Engine } from '../engine.js';
import { goQuote } from './format.js';
import { check, readParams } from './wire.js';

/** Largest certificate accepted by tlspubkeyadd. */
const maxCertBytes = 64 * 1024;

/**
 * The handlers for tlspubkeylist, tlspubkeyget, tlspubkeyadd and tlspubkeyrm (mox's ctl.go):
 * public keys of TLS client certificates that log in to an account (SASL EXTERNAL, IMAP
 * preauth), kept in the data directory's auth database.
 */
export function tlsPubkeyHandlers(engine: Engine): Record<string, CtlHandler> {
  const auth = () => engine.store.auth();
  return {
    // > account or ""; < "ok"; < stream: header line, then one tab-separated line per key.
    tlspubkeylist: async (conn) => {
      const [account] = await readParams(conn, 1);
      const keys = await check('list tls public keys', () => auth().tlsPublicKeys(account || undefined));
      await conn.ok();
      const lines = [`# fingerprint, type, name, account, login address, no imap preauth (${keys.length})\n`];
      for (const k of keys) lines.push(`${k.fingerprint}\t${k.type}\t${goQuote(k.name)}\t${k.account}\t${k.loginAddress}\t${k.noImapPreauth}\n`);
      await conn.writeStream(lines.join(''));
    },

    // > fingerprint; < "ok" or error; < type; < name; < account; < address; < "true"/"false"; < stream (cert DER).
    tlspubkeyget: async (conn) => {
      const [fp] = await readParams(conn, 1);
      const k = auth().tlsPublicKey(fp!);
      // mox: its database's "absent" error.
      if (!k) throw new CtlError('looking tls public key: absent');
      await conn.ok();
      for (const l of [k.type, k.name, k.account, k.loginAddress, String(k.noImapPreauth)]) await conn.writeLine(l);
      await conn.writeStream(k.certDer);
    },

    // > login address; > name or ""; > "true"/"false" (no imap preauth); > stream (cert DER); < "ok" or error.
    tlspubkeyadd: async (conn) => {
      const [loginAddress, name, noPreauth] = await readParams(conn, 3);
      if (noPreauth !== 'true' && noPreauth !== 'false') throw new CtlError(`parsing noimappreauth: bad value ${JSON.stringify(noPreauth)}`);
      const der = await conn.readStreamAll(maxCertBytes);
      const info = await check('parsing certificate', () => parseTlsPublicKeyCert(der));
      const target = engine.addresses.login(loginAddress!);
      if (!target) throw new CtlError('open account for address: no such credentials');
      // mox: the login address must be written in canonical form.
      await check('adding tls public key', async () => {
        let canonical: string;
        try {
          canonical = addressString(parseAddress(loginAddress!), true);
        } catch (err) {
          throw new Error(`parsing login address ${goQuote(loginAddress!)}: ${(err as Error).message}`);
        }
        if (canonical !== loginAddress) throw new Error(`login address ${goQuote(loginAddress!)} must be specified in canonical form ${goQuote(canonical)}`);
        await auth().addTlsPublicKey({
          fingerprint: info.fingerprint,
          created: engine.clock.now(),
          type: info.type,
          name: name || info.name,
          noImapPreauth: noPreauth === 'true',
          certDer: info.certDer,
          account: target.account,
          loginAddress: loginAddress!,
        });
      });
      await conn.ok();
    },

    // > fingerprint; < "ok" or error.
    tlspubkeyrm: async (conn) => {
      const [fp] = await readParams(conn, 1);
      if (!auth().tlsPublicKey(fp!)) throw new CtlError('removing tls public key: absent');
      await check('removing tls public key', () => auth().removeTlsPublicKey(fp!));
      await conn.ok();
    },
  };
}
