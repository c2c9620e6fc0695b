import type { CtlHandlers } from '../../ctl/index.js';
import { eventsCommand, eventsHandler } from '../../ctl/index.js';
import type { Engine } from '../engine.js';

/**
 * The ctl commands the engine serves on `<DataDir>/ctl` (mox's ctl.go command names), for
 * the `mox` command line and an attached terminal UI.
 */
export function ctlHandlers(engine: Engine, stop: () => void): CtlHandlers {
  return {
    // mox: "stop" shuts the server down; the client waits for the socket to close.
    stop: async (conn) => {
      conn.ok();
      stop();
    },
    [eventsCommand]: eventsHandler(engine.bus),
  };
}
