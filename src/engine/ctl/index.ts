/**
 * The engine's ctl commands: handlers for the unix socket `<DataDir>/ctl` with Go mox's
 * command names, parameter lines, JSON filter/sort lines (Go field names) and output texts
 * (ctl.go), so `mox queue …` of this CLI or of Go mox talks to a running instance. Queue
 * commands cover queued messages, hold rules, retired messages, suppression lists and the
 * webhook queue; DSNs from `queue fail` follow RFC 3464 (composed by the queue). Admin
 * commands change accounts, passwords, addresses, domains, aliases, TLS public keys and log
 * levels; config changes are written to domains.conf and take effect at once. Also
 * importmaildir/importmbox (into an account) and backup (of the data directory). Part of the
 * engine, layer L4.
 */
import type { CtlHandlers } from '../../ctl/index.js';
import { eventsCommand, eventsHandler } from '../../ctl/index.js';
import type { Engine } from '../engine.js';
import { adminHandlers } from './admin.js';
import { aliasHandlers } from './aliases.js';
import { backupHandlers } from './backup.js';
import { holdRuleHandlers } from './holdrules.js';
import { importHandlers } from './import.js';
import { queueHandlers } from './queue.js';
import { retiredHandlers } from './retired.js';
import { suppressHandlers } from './suppress.js';
import { tlsPubkeyHandlers } from './tlspubkey.js';
import { tuiHandlers } from './tui.js';
import { webhookHandlers } from './webhooks.js';

/**
 * The ctl commands the engine serves on `<DataDir>/ctl` (mox's ctl.go command names and
 * parameter lines), for the `mox` command line and an attached terminal UI: stop, the event
 * stream, the `mox queue …` commands (queued messages, hold rules, retired messages,
 * suppression lists, queued and retired webhooks), and the admin commands (`mox config
 * account|address|domain|alias|tlspubkey …`, `setaccountpassword`, `loglevels`).
 */
export function ctlHandlers(engine: Engine, stop: () => void): CtlHandlers {
  return {
    // mox: "stop" shuts the server down without a reply; the client waits for the socket to
    // close (mox's CLI refuses any data before the end).
    stop: () => {
      stop();
    },
    [eventsCommand]: eventsHandler(engine.bus),
    ...queueHandlers(engine),
    ...holdRuleHandlers(engine),
    ...retiredHandlers(engine),
    ...suppressHandlers(engine),
    ...webhookHandlers(engine),
    ...tuiHandlers(engine),
    ...adminHandlers(engine),
    ...aliasHandlers(engine),
    ...tlsPubkeyHandlers(engine),
    ...importHandlers(engine),
    ...backupHandlers(engine),
  };
}
