import type { ResolvedDynamic } from '../config/index.js';
import { tryParseDomain } from '../dns/index.js';
import { tryParseAddress } from '../smtp/index.js';

/** Where an address leads: the account and the configured destination it matched. */
export interface AddressTarget {
  account: string;
  /** The destination key as configured, e.g. "mox@localhost" or "@example.org". */
  destination: string;
  mailbox: string;
  /** Set for an alias (list): mail goes to the members instead. */
  alias?: AliasTarget;
}

/** An alias (list) as delivery sees it. */
export interface AliasTarget {
  /** "localpart@asciidomain", lowercased. */
  address: string;
  postPublic: boolean;
  allowMsgFrom: boolean;
  members: { address: string; target: AddressTarget }[];
}

/**
 * Resolves addresses to accounts using domains.conf, as mox's LookupAddress does: the
 * localpart is cut at the domain's catchall separators, lowercased unless the domain is
 * case-sensitive, then matched against account destinations; "@domain" destinations catch
 * the rest for delivery (not for login).
 */
export class AddressIndex {
  private readonly exact = new Map<string, AddressTarget>();
  private readonly catchall = new Map<string, AddressTarget>();
  private readonly aliases = new Map<string, AddressTarget>();

  constructor(private readonly conf: ResolvedDynamic) {
    for (const [account, acc] of Object.entries(conf.Accounts)) {
      for (const [dest, d] of Object.entries(acc.Destinations ?? {})) {
        const mailbox = (d as { Mailbox?: string } | null)?.Mailbox || 'Inbox';
        const t = { account, destination: dest, mailbox };
        if (dest.startsWith('@')) {
          const dom = tryParseDomain(dest.slice(1));
          if (dom) this.catchall.set(dom.ascii, t);
          continue;
        }
        const a = tryParseAddress(dest);
        if (a) this.exact.set(`${this.canonical(a.localpart, a.domain.ascii)}@${a.domain.ascii}`, t);
      }
    }
    // Aliases (lists): members are addresses of accounts (checked when the config loads).
    for (const [name, d] of Object.entries(conf.Domains)) {
      const dom = tryParseDomain(name);
      if (!dom) continue;
      for (const [lp, a] of Object.entries(d.Aliases ?? {})) {
        const address = `${lp}@${dom.ascii}`.toLowerCase();
        const members: AliasTarget['members'] = [];
        for (const m of a.Addresses) {
          const ma = tryParseAddress(m);
          const t = ma ? this.exact.get(`${this.canonical(ma.localpart, ma.domain.ascii)}@${ma.domain.ascii}`) : undefined;
          if (ma && t) members.push({ address: `${ma.localpart}@${ma.domain.ascii}`.toLowerCase(), target: t });
        }
        const alias: AliasTarget = { address, postPublic: !!a.PostPublic, allowMsgFrom: !!a.AllowMsgFrom, members };
        this.aliases.set(`${this.canonical(lp, dom.ascii)}@${dom.ascii}`, { account: '', destination: `${lp}@${name}`, mailbox: '', alias });
      }
    }
  }

  /** Whether a domain is configured (we accept mail for it). */
  hasDomain(asciiDomain: string): boolean {
    return this.domainConf(asciiDomain) !== undefined;
  }

  private domainConf(ascii: string) {
    for (const [name, d] of Object.entries(this.conf.Domains)) {
      if (tryParseDomain(name)?.ascii === ascii) return d;
    }
    return undefined;
  }

  /** The localpart used for lookups: before any catchall separator, lowercased unless case-sensitive. */
  private canonical(localpart: string, asciiDomain: string): string {
    const d = this.domainConf(asciiDomain) as { LocalpartCatchallSeparator?: string; LocalpartCatchallSeparators?: string[]; LocalpartCaseSensitive?: boolean } | undefined;
    let lp = localpart;
    const seps = [...(d?.LocalpartCatchallSeparators ?? []), ...(d?.LocalpartCatchallSeparator ? [d.LocalpartCatchallSeparator] : [])];
    for (const sep of seps) {
      const i = lp.indexOf(sep);
      if (i >= 0) lp = lp.slice(0, i);
    }
    return d?.LocalpartCaseSensitive ? lp : lp.toLowerCase();
  }

  /**
   * The separator a fromid follows in a localpart of this domain (mox: the first effective
   * catchall separator), or undefined when the domain has none or is not ours.
   */
  fromIdSeparator(asciiDomain: string): string | undefined {
    const d = this.domainConf(asciiDomain) as { LocalpartCatchallSeparator?: string; LocalpartCatchallSeparators?: string[] } | undefined;
    if (d?.LocalpartCatchallSeparator) return d.LocalpartCatchallSeparator;
    return d?.LocalpartCatchallSeparators?.[0] || undefined;
  }

  /** The account for a login name (an address of the account, separator variants included). */
  login(username: string): AddressTarget | undefined {
    const a = tryParseAddress(username);
    if (!a) return undefined;
    return this.exact.get(`${this.canonical(a.localpart, a.domain.ascii)}@${a.domain.ascii}`);
  }

  /**
   * Where mail for an address goes: its destination, an alias (whose members get it), or its
   * domain's catchall destination.
   */
  recipient(localpart: string, asciiDomain: string): AddressTarget | undefined {
    const key = `${this.canonical(localpart, asciiDomain)}@${asciiDomain}`;
    return this.exact.get(key) ?? this.aliases.get(key) ?? this.catchall.get(asciiDomain);
  }
}
