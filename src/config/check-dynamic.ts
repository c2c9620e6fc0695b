// Checks on domains.conf that need more than one key or need mox.conf, as mox's loader
// (mox-/config.go, prepareDynamicConfig) does them: destinations in configured domains,
// accounts that exist, transports that exist, web handlers that make sense.
// Deviation (engine): regular expressions are checked with JavaScript's RegExp, not Go's RE2.

import { outgoingWebhookEvents } from './account-schema.js';
import { parseDuration } from './duration.js';
import { Reporter } from './check-static.js';
import type { Domain, Dynamic, ResolvedDynamic } from './dynamic-schema.js';
import { canonicalDomainError, domainError, domainName, isAsciiLocalpart, localpartError, parseAddress } from './names.js';
import type { ValuePath } from './parse.js';
import type { ResolvedStatic } from './static-schema.js';

type Route = ResolvedDynamic['Routes'][number];

const q = (s: string) => JSON.stringify(s);

function regexpError(s: string): string | undefined {
  try {
    new RegExp(s);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Separators of a domain: LocalpartCatchallSeparators plus LocalpartCatchallSeparator. */
export function catchallSeparators(d: Domain): string[] {
  return d.LocalpartCatchallSeparator !== '' ? [...d.LocalpartCatchallSeparators, d.LocalpartCatchallSeparator] : [...d.LocalpartCatchallSeparators];
}

/** The localpart as used for delivery decisions: lowercased unless case-sensitive, cut at separators. */
export function canonicalLocalpart(lp: string, d: Domain): string {
  let s = d.LocalpartCaseSensitive ? lp : lp.toLowerCase();
  for (const sep of catchallSeparators(d)) s = s.split(sep)[0]!;
  return s;
}

/**
 * Runs the domains.conf checks on resolved config `c` (with `raw`, the same as written, for
 * checks that must tell an absent key from a default). Problems about mox.conf keys go to
 * `sr`, others to `dr`.
 */
export function checkDynamic(s: ResolvedStatic, c: ResolvedDynamic, raw: Dynamic, sr: Reporter, dr: Reporter): void {
  if (!Object.hasOwn(c.Accounts, s.Postmaster.Account)) {
    sr.at(['Postmaster', 'Account'], `postmaster account ${q(s.Postmaster.Account)} does not exist in domains.conf`);
  }
  if (s.Postmaster.Mailbox.normalize('NFC') !== s.Postmaster.Mailbox) sr.at(['Postmaster', 'Mailbox'], 'postmaster mailbox is not in NFC normalized form');
  if (s.HostTLSRPT.Account !== '' && !Object.hasOwn(c.Accounts, s.HostTLSRPT.Account)) {
    sr.at(['HostTLSRPT', 'Account'], `host tlsrpt account ${q(s.HostTLSRPT.Account)} does not exist in domains.conf`);
  }
  const listeners = Object.values(s.Listeners);
  const haveSTSListener = listeners.some((l) => l.MTASTSHTTPS.Enabled);
  const haveWebserverListener = listeners.some((l) => l.WebserverHTTP.Enabled || l.WebserverHTTPS.Enabled);

  const checkRoutes = (routes: readonly Route[], path: ValuePath) => {
    routes.forEach((rt, i) => {
      for (const k of ['FromDomain', 'ToDomain'] as const) {
        rt[k].forEach((d, j) => {
          const name = d.startsWith('.') ? d.slice(1) : d;
          const err = d === '.' ? undefined : domainError(name);
          if (err !== undefined) dr.at([...path, i, k, j], `route: invalid domain ${q(d)}: ${err}`);
        });
      }
      if (!Object.hasOwn(s.Transports, rt.Transport)) dr.at([...path, i, 'Transport'], `route references undefined transport ${q(rt.Transport)}`);
    });
  };
  checkRoutes(c.Routes, ['Routes']);

  for (const [name, d] of Object.entries(c.Domains)) checkDomain(name, d, haveSTSListener, dr, checkRoutes);

  // Canonical address -> where configured, to find duplicates and alias members.
  const addresses = new Map<string, ValuePath>();
  for (const [accName, acc] of Object.entries(c.Accounts)) {
    const p = ['Accounts', accName];
    const aerr = (sub: ValuePath, msg: string) => dr.at([...p, ...sub], `account ${q(accName)}: ${msg}`);
    const domErr = domainError(acc.Domain);
    if (domErr !== undefined) aerr(['Domain'], `parsing domain ${acc.Domain}: ${domErr}`);
    if (acc.RejectsMailbox.toLowerCase() === 'inbox') aerr(['RejectsMailbox'], 'cannot set RejectsMailbox to inbox, messages will be removed automatically from the rejects mailbox');
    if (acc.LoginDisabled.length > 256) aerr(['LoginDisabled'], 'message for disabled login must be <256 characters');
    if (/[^\x20-\x7e]/.test(acc.LoginDisabled)) aerr(['LoginDisabled'], 'message cannot contain control characters including newlines, and must be ascii-only');
    for (const k of ['JunkMailboxRegexp', 'NeutralMailboxRegexp', 'NotJunkMailboxRegexp'] as const) {
      const err = regexpError(acc.AutomaticJunkFlags[k]);
      if (err !== undefined) aerr(['AutomaticJunkFlags', k], `invalid ${k} regular expression: ${err}`);
    }
    const jf = acc.JunkFilter?.Params;
    if (jf !== undefined) {
      if (jf.MaxPower < 0 || jf.MaxPower > 0.5) aerr(['JunkFilter', 'Params', 'MaxPower'], 'junk filter MaxPower must be >= 0 and < 0.5');
      if (jf.TopWords < 0) aerr(['JunkFilter', 'Params', 'TopWords'], 'junk filter TopWords must be >= 0');
      if (jf.IgnoreWords < 0 || jf.IgnoreWords > 0.5) aerr(['JunkFilter', 'Params', 'IgnoreWords'], 'junk filter IgnoreWords must be >= 0 and < 0.5');
      if (jf.RareWords < 0) aerr(['JunkFilter', 'Params', 'RareWords'], 'junk filter RareWords must be >= 0');
    }
    if (acc.KeepRetiredMessagePeriod < 0) aerr(['KeepRetiredMessagePeriod'], 'KeepRetiredMessagePeriod cannot be negative');
    if (acc.KeepRetiredWebhookPeriod < 0) aerr(['KeepRetiredWebhookPeriod'], 'KeepRetiredWebhookPeriod cannot be negative');
    for (const k of ['OutgoingWebhook', 'IncomingWebhook'] as const) {
      const hook = acc[k];
      if (hook === undefined) continue;
      let ok = false;
      try {
        ok = ['http:', 'https:'].includes(new URL(hook.URL).protocol);
      } catch {
        ok = false;
      }
      if (!ok) aerr([k, 'URL'], `parsing ${k === 'OutgoingWebhook' ? 'outgoing' : 'incoming'} hook url ${q(hook.URL)}: must be an http or https URL`);
    }
    acc.OutgoingWebhook?.Events.forEach((e, i) => {
      if (!outgoingWebhookEvents.includes(e)) aerr(['OutgoingWebhook', 'Events', i], `unknown outgoing hook event ${q(e)}`);
    });

    for (const [addrName, dest] of Object.entries(acc.Destinations)) {
      const dp = ['Destinations', addrName];
      const derr = (sub: ValuePath, msg: string) => aerr([...dp, ...sub], `destination ${q(addrName)}: ${msg}`);
      if (dest.SMTPError !== '') {
        if (dest.SMTPError.length > 256) derr(['SMTPError'], 'smtp error must be smaller than 256 bytes');
        if (/[^\x20-\x7e]/.test(dest.SMTPError)) derr(['SMTPError'], 'smtp error cannot contain control characters (including newlines) or non-ascii');
        const rawMailbox = raw.Accounts[accName]?.Destinations?.[addrName]?.Mailbox;
        if (rawMailbox !== undefined && rawMailbox !== '') derr(['SMTPError'], 'cannot have both SMTPError and Mailbox');
        if (dest.Rulesets.length > 0) derr(['SMTPError'], 'cannot have both SMTPError and Rulesets');
        const code = dest.SMTPError.split(' ')[0];
        if (code !== '421' && code !== '550') derr(['SMTPError'], `smtp error must be 421 or 550 (with optional message), not ${q(dest.SMTPError)}`);
      }
      const marq = dest.MessageAuthRequiredSMTPError;
      if (marq.length > 256 || /[^\x20-\x7e]/.test(marq)) derr(['MessageAuthRequiredSMTPError'], 'must be under 256 ASCII characters without control characters');
      dest.Rulesets.forEach((rs, i) => {
        const rerr = (sub: ValuePath, msg: string) => derr(['Rulesets', i, ...sub], `ruleset ${i + 1}: ${msg}`);
        let n = 0;
        for (const k of ['SMTPMailFromRegexp', 'MsgFromRegexp'] as const) {
          if (rs[k] === '') continue;
          n++;
          const err = regexpError(rs[k]);
          if (err !== undefined) rerr([k], `invalid ${k} regular expression: ${err}`);
        }
        if (rs.VerifiedDomain !== '') {
          n++;
          const err = domainError(rs.VerifiedDomain);
          if (err !== undefined) rerr(['VerifiedDomain'], `invalid VerifiedDomain: ${err}`);
        }
        for (const [k, v] of Object.entries(rs.HeadersRegexp)) {
          n++;
          if (k.toLowerCase() !== k) rerr(['HeadersRegexp', k], `header field ${q(k)} must only have lower case characters`);
          if (v.toLowerCase() !== v) rerr(['HeadersRegexp', k], `header value ${q(v)} must only have lower case characters`);
          for (const x of [k, v]) {
            const err = regexpError(x);
            if (err !== undefined) rerr(['HeadersRegexp', k], `invalid rule header regexp ${q(x)}: ${err}`);
          }
        }
        if (n === 0) rerr([], 'ruleset must have at least one rule');
        if (rs.IsForward && rs.ListAllowDomain !== '') rerr(['IsForward'], 'ruleset cannot have both IsForward and ListAllowDomain');
        if (rs.IsForward && (rs.SMTPMailFromRegexp === '' || rs.VerifiedDomain === '')) {
          rerr(['IsForward'], 'ruleset with IsForward must have both SMTPMailFromRegexp and VerifiedDomain too');
        }
        const laErr = domainError(rs.ListAllowDomain);
        if (laErr !== undefined) rerr(['ListAllowDomain'], `invalid ListAllowDomain ${q(rs.ListAllowDomain)}: ${laErr}`);
        if (rs.AcceptRejectsToMailbox.toLowerCase() === 'inbox') rerr(['AcceptRejectsToMailbox'], 'AcceptRejectsToMailbox cannot be set to Inbox');
      });

      let domain: string;
      let lp: string;
      if (addrName.startsWith('@')) {
        const err = domainError(addrName.slice(1));
        if (err !== undefined || addrName === '@') {
          derr([], `parsing domain ${q(addrName.slice(1))}: ${err ?? 'empty domain'}`);
          continue;
        }
        domain = domainName(addrName.slice(1));
        lp = '';
      } else if (!addrName.includes('@')) {
        // Deprecated by mox: a bare localpart, combined with the account's Domain.
        const err = localpartError(addrName);
        if (err !== undefined) {
          derr([], `invalid localpart ${q(addrName)}`);
          continue;
        }
        domain = domainName(acc.Domain);
        lp = addrName;
      } else {
        const a = parseAddress(addrName);
        if (typeof a === 'string') {
          derr([], `invalid email address: ${a}`);
          continue;
        }
        domain = a.domain;
        lp = a.localpart;
      }
      const dc = c.Domains[domain];
      if (dc === undefined) {
        derr([], `unknown domain ${q(domain)} for address; add it to Domains`);
        continue;
      }
      if (lp !== '') {
        for (const sep of catchallSeparators(dc)) {
          if (lp.includes(sep)) derr([], `localpart of address includes domain catchall separator ${sep}`);
        }
      }
      const key = `${lp === '' ? '' : canonicalLocalpart(lp, dc)}@${domain}`;
      if (addresses.has(key)) derr([], `duplicate canonicalized destination address ${key}`);
      addresses.set(key, [...p, ...dp]);
    }

    acc.FromIDLoginAddresses.forEach((s, i) => {
      const fp = ['FromIDLoginAddresses', i];
      const a = parseAddress(s);
      if (typeof a === 'string') {
        aerr(fp, `invalid fromid login address ${q(s)}: ${a}`);
        return;
      }
      const dc = c.Domains[a.domain];
      if (dc === undefined) aerr(fp, `unknown domain in fromid login address ${q(s)}`);
      else if (catchallSeparators(dc).length === 0) aerr(fp, `localpart catchall separator not configured for domain for fromid login address ${q(s)}`);
      else {
        const key = `${canonicalLocalpart(a.localpart, dc)}@${a.domain}`;
        const own = (k: string) => {
          const at = addresses.get(k);
          return at !== undefined && at[1] === accName;
        };
        if (!own(key) && !own(`@${a.domain}`)) aerr(fp, `fromid login address ${q(s)} does not match its destination addresses`);
      }
    });
    checkRoutes(acc.Routes, [...p, 'Routes']);
  }

  for (const [name, d] of Object.entries(c.Domains)) {
    for (const kind of ['DMARC', 'TLSRPT'] as const) {
      const rep = d[kind];
      if (rep === undefined) continue;
      const p = ['Domains', name, kind];
      if (!Object.hasOwn(c.Accounts, rep.Account)) dr.at([...p, 'Account'], `domain ${name}: ${kind} account ${q(rep.Account)} does not exist`);
      const lpErr = localpartError(rep.Localpart);
      if (lpErr !== undefined) dr.at([...p, 'Localpart'], `domain ${name}: invalid ${kind} localpart ${q(rep.Localpart)}: ${lpErr}`);
      else if (!isAsciiLocalpart(rep.Localpart)) dr.at([...p, 'Localpart'], `domain ${name}: ${kind} localpart ${q(rep.Localpart)} must be ASCII-only`);
      if (rep.Domain !== '') {
        const err = domainError(rep.Domain);
        if (err !== undefined) dr.at([...p, 'Domain'], `domain ${name}: ${kind} domain ${q(rep.Domain)}: ${err}`);
        else if (!Object.hasOwn(c.Domains, domainName(rep.Domain))) dr.at([...p, 'Domain'], `domain ${name}: unknown domain ${q(rep.Domain)} for ${kind} address`);
      }
      const addrDomain = rep.Domain !== '' ? domainName(rep.Domain) : name;
      const dc = c.Domains[addrDomain] ?? d;
      addresses.set(`${dc.LocalpartCaseSensitive ? rep.Localpart : rep.Localpart.toLowerCase()}@${addrDomain}`, p);
    }
  }

  const aliasAddrs = new Set<string>();
  for (const [name, d] of Object.entries(c.Domains)) {
    for (const [lp, a] of Object.entries(d.Aliases)) {
      const p = ['Domains', name, 'Aliases', lp];
      const aerr = (sub: ValuePath, msg: string) => dr.at([...p, ...sub], `domain ${name}: alias ${lp}: ${msg}`);
      const lpErr = localpartError(lp);
      if (lpErr !== undefined) {
        aerr([], `parsing alias: ${lpErr}`);
        continue;
      }
      if (catchallSeparators(d).some((sep) => lp.includes(sep))) {
        aerr([], 'alias contains localpart catchall separator');
        continue;
      }
      const addr = `${canonicalLocalpart(lp, d)}@${name}`;
      if (aliasAddrs.has(addr)) aerr([], `duplicate alias address ${q(addr)}`);
      else if (addresses.has(addr)) aerr([], `alias ${q(addr)} already present as regular address`);
      aliasAddrs.add(addr);
      const seen = new Set<string>();
      a.Addresses.forEach((s, i) => {
        const pa = parseAddress(s);
        if (typeof pa === 'string') {
          aerr(['Addresses', i], `parsing destination address ${q(s)}: ${pa}`);
          return;
        }
        const dc = c.Domains[pa.domain];
        const key = `${dc === undefined ? pa.localpart : canonicalLocalpart(pa.localpart, dc)}@${pa.domain}`;
        if (!addresses.has(key)) aerr(['Addresses', i], `references non-existent address ${q(s)}`);
        else if (seen.has(key)) aerr(['Addresses', i], `duplicate address ${q(s)}`);
        seen.add(key);
      });
    }
  }

  checkWeb(c, haveWebserverListener, dr);

  const zones = new Set<string>();
  c.MonitorDNSBLs.forEach((z, i) => {
    const err = z === '' ? 'empty zone' : domainError(z);
    if (err !== undefined) dr.at(['MonitorDNSBLs', i], `dnsbl ${z}: parsing dnsbl zone: ${err}`);
    else if (zones.has(domainName(z))) dr.at(['MonitorDNSBLs', i], `dnsbl ${z}: duplicate zone`);
    zones.add(domainName(z));
  });
}

function checkDomain(
  name: string,
  d: Domain,
  haveSTSListener: boolean,
  dr: Reporter,
  checkRoutes: (routes: readonly Route[], path: ValuePath) => void,
): void {
  const p = ['Domains', name];
  const derr = (sub: ValuePath, msg: string) => dr.at([...p, ...sub], `domain ${name}: ${msg}`);
  const err = name === '' ? 'empty domain' : canonicalDomainError(name);
  if (err !== undefined) derr([], `parsing domain: ${err}`);
  const csdErr = domainError(d.ClientSettingsDomain);
  if (csdErr !== undefined) derr(['ClientSettingsDomain'], `bad client settings domain ${q(d.ClientSettingsDomain)}: ${csdErr}`);
  if (d.LocalpartCatchallSeparator !== '' && d.LocalpartCatchallSeparators.length > 0) {
    derr(['LocalpartCatchallSeparators'], 'cannot have both LocalpartCatchallSeparator and LocalpartCatchallSeparators');
  }
  const seps = new Set<string>();
  for (const sep of catchallSeparators(d)) {
    if (seps.has(sep)) derr(['LocalpartCatchallSeparators'], `duplicate localpart catchall separator ${q(sep)}`);
    seps.add(sep);
  }
  d.DKIM.Sign.forEach((sel, i) => {
    if (!Object.hasOwn(d.DKIM.Selectors, sel)) derr(['DKIM', 'Sign', i], `unknown selector ${sel} for signing`);
  });
  for (const [selName, sel] of Object.entries(d.DKIM.Selectors)) {
    const sp = ['DKIM', 'Selectors', selName];
    const serr = (sub: ValuePath, msg: string) => derr([...sp, ...sub], `selector ${selName}: ${msg}`);
    const selErr = selName === '' ? 'empty selector' : canonicalDomainError(selName);
    if (selErr !== undefined) serr([], `parsing selector: ${selErr}`);
    if (sel.Expiration !== '') {
      // mox keeps Expiration a string and parses it as a duration at load.
      try {
        parseDuration(sel.Expiration);
      } catch (e) {
        serr(['Expiration'], `invalid expiration ${q(sel.Expiration)}: ${(e as Error).message}`);
      }
    }
    if (sel.Hash !== 'sha256' && sel.Hash !== 'sha1') serr(['Hash'], `unsupported hash ${q(sel.Hash)}`);
    if (!sel.Headers.some((h) => h.toLowerCase() === 'from')) serr(['Headers'], 'From-field must always be DKIM-signed');
  }
  if (d.MTASTS !== undefined) {
    if (!haveSTSListener) derr(['MTASTS'], 'MTA-STS enabled, but there is no listener for MTASTS');
    if (d.MTASTS.PolicyID === '') derr(['MTASTS', 'PolicyID'], 'invalid empty MTA-STS PolicyID');
    if (!['none', 'testing', 'enforce'].includes(d.MTASTS.Mode)) derr(['MTASTS', 'Mode'], `invalid mtasts mode ${q(d.MTASTS.Mode)}`);
  }
  checkRoutes(d.Routes, [...p, 'Routes']);
}

function checkWeb(c: ResolvedDynamic, haveWebserverListener: boolean, dr: Reporter): void {
  if ((Object.keys(c.WebDomainRedirects).length > 0 || c.WebHandlers.length > 0) && !haveWebserverListener) {
    dr.at([c.WebHandlers.length > 0 ? 'WebHandlers' : 'WebDomainRedirects'], 'WebDomainRedirects or WebHandlers configured but no listener with WebserverHTTP or WebserverHTTPS enabled');
  }
  for (const [from, to] of Object.entries(c.WebDomainRedirects)) {
    const p = ['WebDomainRedirects', from];
    const fe = domainError(from);
    const te = domainError(to);
    if (fe !== undefined) dr.at(p, `web redirect ${from} to ${to}: parsing domain ${from}: ${fe}`);
    if (te !== undefined) dr.at(p, `web redirect ${from} to ${to}: parsing domain ${to}: ${te}`);
    else if (fe === undefined && domainName(from) === domainName(to)) dr.at(p, `web redirect ${from} to ${to}: will not redirect domain to itself`);
  }
  c.WebHandlers.forEach((wh, i) => {
    const p = ['WebHandlers', i];
    const herr = (sub: ValuePath, msg: string) => dr.at([...p, ...sub], `webhandler ${wh.Domain} ${wh.PathRegexp}: ${msg}`);
    const de = domainError(wh.Domain);
    if (de !== undefined) herr(['Domain'], `parsing domain: ${de}`);
    if (!wh.PathRegexp.startsWith('^')) herr(['PathRegexp'], 'path regexp must start with a ^');
    const re = regexpError(wh.PathRegexp);
    if (re !== undefined) herr(['PathRegexp'], `compiling regexp: ${re}`);
    const n = [wh.WebStatic, wh.WebRedirect, wh.WebForward, wh.WebInternal].filter((x) => x !== undefined).length;
    if (n !== 1) herr([], `must have exactly one handler, not ${n}`);
    const badHeaders = (h: Readonly<Record<string, string>>, sub: ValuePath, kind: string) => {
      for (const k of Object.keys(h)) if (k.trim() !== k || k === '') herr([...sub, k], `${kind}: bad header ${q(k)}`);
    };
    if (wh.WebStatic !== undefined) {
      const ws = wh.WebStatic;
      if (ws.StripPrefix !== '' && !ws.StripPrefix.startsWith('/')) herr(['WebStatic', 'StripPrefix'], `static: prefix to strip ${ws.StripPrefix} must start with a slash`);
      badHeaders(ws.ResponseHeaders, ['WebStatic', 'ResponseHeaders'], 'static');
    }
    if (wh.WebRedirect !== undefined) {
      const wr = wh.WebRedirect;
      const rp = ['WebRedirect'];
      if (wr.BaseURL !== '') {
        try {
          const u = new URL(wr.BaseURL, 'http://base.invalid');
          if (u.pathname !== '/' && u.pathname !== '') herr([...rp, 'BaseURL'], 'redirect: BaseURL must have empty path');
        } catch {
          herr([...rp, 'BaseURL'], `redirect: parsing redirect url ${wr.BaseURL}`);
        }
      }
      if (wr.OrigPathRegexp !== '' && wr.ReplacePath !== '') {
        const e = regexpError(wr.OrigPathRegexp);
        if (e !== undefined) herr([...rp, 'OrigPathRegexp'], `compiling regexp ${wr.OrigPathRegexp}: ${e}`);
      } else if (wr.OrigPathRegexp !== '' || wr.ReplacePath !== '') {
        herr(rp, 'redirect: must have either both OrigPathRegexp and ReplacePath, or neither');
      } else if (wr.BaseURL === '') {
        herr(rp, 'must at least one of BaseURL and OrigPathRegexp+ReplacePath');
      }
      if (wr.StatusCode < 300 || wr.StatusCode >= 400) herr([...rp, 'StatusCode'], `redirect: invalid redirect status code ${wr.StatusCode}`);
    }
    if (wh.WebForward !== undefined) {
      try {
        new URL(wh.WebForward.URL);
      } catch {
        herr(['WebForward', 'URL'], `forward: parsing url ${wh.WebForward.URL}`);
      }
      badHeaders(wh.WebForward.ResponseHeaders, ['WebForward', 'ResponseHeaders'], 'forward');
    }
    if (wh.WebInternal !== undefined) {
      const wi = wh.WebInternal;
      if (!wi.BasePath.startsWith('/') || !wi.BasePath.endsWith('/')) herr(['WebInternal', 'BasePath'], `internal service: base path ${q(wi.BasePath)} must start and end with /`);
      if (!['admin', 'account', 'webmail', 'webapi'].includes(wi.Service)) herr(['WebInternal', 'Service'], `internal service: unknown service ${q(wi.Service)}`);
    }
  });
}

