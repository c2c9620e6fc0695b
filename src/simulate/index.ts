/**
 * The localserve failure grammar: a recipient (or sender) localpart asks for a simulated
 * failure by its suffix (temperror, permerror, a 3-digit code, timeout) and chooses where it
 * fires by its prefix (mailfrom, rcptto, queue, or after DATA). Pure functions; the
 * localserve profile turns them into SMTP policy verdicts. Layer L0.
 */
export { simulatedFailure, failureStage, type SimulatedFailure, type FailureStage } from './grammar.js';
export { failureRules } from './rules.js';
