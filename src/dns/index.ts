/**
 * DNS names and (later) the stub resolver for the serve profile. For now: domain names in
 * their ASCII (IDNA A-label) and Unicode forms (RFC 5890, UTS #46 via node:url). Layer L0.
 */
export { type Domain, parseDomain, tryParseDomain, domainString, DomainError } from './domain.js';
