import { CtlError, type CtlHandler } from '../../ctl/index.js';
import { parseDomain, type Domain } from '../../dns/index.js';
import { parseLevel } from '../../log/index.js';
import { accountAdd, accountRemove, addressAdd, addressRemove, setAccountPassword } from '../admin/accounts.js';
import { domainAdd, domainRemove } from '../admin/domains.js';
import type { Engine } from '../engine.js';
import { check, readParams } from './wire.js';

function xdomain(s: string): Domain {
  try {
    return parseDomain(s);
  } catch (err) {
    throw new CtlError(`parsing domain: ${(err as Error).message}`);
  }
}

/**
 * The handlers for setaccountpassword, accountadd, accountrm, addressadd, addressrm,
 * domainadd, domainrm, loglevels and setloglevels (mox's ctl.go). Config changes are
 * written to domains.conf and take effect at once.
 */
export function adminHandlers(engine: Engine): Record<string, CtlHandler> {
  return {
    // > account; > password; < "ok" or error.
    setaccountpassword: async (conn) => {
      const [account, pw] = await readParams(conn, 2);
      await check('setting password', () => setAccountPassword(engine, account!, pw!));
      await conn.ok();
    },

    // > account; > address; < "ok" or error.
    accountadd: async (conn) => {
      const [account, address] = await readParams(conn, 2);
      await check('adding account', () => accountAdd(engine, account!, address!));
      await conn.ok();
    },

    // > account; < "ok" or error.
    accountrm: async (conn) => {
      const [account] = await readParams(conn, 1);
      await check('removing account', () => accountRemove(engine, account!));
      await conn.ok();
    },

    // > address; > account; < "ok" or error.
    addressadd: async (conn) => {
      const [address, account] = await readParams(conn, 2);
      await check('adding address', () => addressAdd(engine, address!, account!));
      await conn.ok();
    },

    // > address; < "ok" or error.
    addressrm: async (conn) => {
      const [address] = await readParams(conn, 1);
      await check('removing address', () => addressRemove(engine, address!));
      await conn.ok();
    },

    // > "true"/"false" (disabled); > domain; > account; > localpart; < "ok" or error.
    domainadd: async (conn) => {
      const [disabled, domain, account, localpart] = await readParams(conn, 4);
      if (disabled !== 'true' && disabled !== 'false') throw new CtlError(`parsing disabled boolean: invalid value ${JSON.stringify(disabled)}`);
      const d = xdomain(domain!);
      await check('adding domain', () => domainAdd(engine, { disabled: disabled === 'true', domain: d, account: account!, localpart: localpart! }));
      await conn.ok();
    },

    // > domain; < "ok" or error.
    domainrm: async (conn) => {
      const [domain] = await readParams(conn, 1);
      const d = xdomain(domain!);
      await check('removing domain', () => domainRemove(engine, d));
      await conn.ok();
    },

    // < "ok"; < stream: "pkg: level" lines, sorted, the default as "(default)".
    loglevels: async (conn) => {
      await conn.ok();
      const levels = engine.logs.getLevels();
      const keys = Object.keys(levels).sort();
      await conn.writeStream(keys.map((k) => `${k === '' ? '(default)' : k}: ${levels[k]}\n`).join(''));
    },

    // > pkg; > level (empty: unset the package's level); < "ok" or error.
    setloglevels: async (conn) => {
      const [pkg, levelText] = await readParams(conn, 2);
      if (levelText === '') {
        engine.logs.unsetLevel(pkg!);
      } else {
        const level = parseLevel(levelText!);
        if (!level) throw new CtlError('bad level');
        engine.logs.setLevel(level, pkg!);
      }
      engine.log.info('log level changed', { pkg: pkg!, level: levelText! });
      await conn.ok();
    },
  };
}
