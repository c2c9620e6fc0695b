/**
 * The composition root: builds an engine from a config (store, queue, listeners, metrics,
 * event bus) with the policies and queue transport of a profile (localserve or serve). The
 * only folder that knows the profile. Layer L4.
 */
export { Engine, type EngineOptions, type BoundService } from './engine.js';
export { ListenError } from './errors.js';
export { DataDirLockedError } from './lock.js';
export type { PortsOption } from './listeners.js';
export { localserveBanner, type BannerInfo } from './banner.js';
export { initLocalserveDir, type LocalserveInitOptions } from './profiles/localserve-init.js';
export { localserveAccount, localserveFiles, webhookSetting, type LocalserveWebhooks } from './profiles/localserve-config.js';
export {
  engineOps,
  type EngineClient,
  type EngineOps,
  type SubscribeOptions,
  type InstanceInfo,
  type ListenerInfo,
  type AttemptInfo,
  type QueueItem,
  type RetiredItem,
  type WebhookItem,
  type WebhookAttemptInfo,
  type InboxItem,
  type MessageView,
  type QueueAction,
  type WebhookAction,
} from './client-api.js';
export { tuiCallCommand } from './ctl/tui.js';
export { startLocalserve, Localserve, type StartLocalserveOptions, type WebhookState } from './fixture/localserve.js';
export { localserveInfo, type LocalserveInfo, type LocalservePorts, type LocalserveCredentials } from './fixture/info.js';
export { MailCatcher, WaitTimeoutError, type MessageQuery, type WaitOptions } from './fixture/catcher.js';
export { fixtureHttpPath } from './fixture/http.js';
export { makeTempLocalserveDir, removeOnExit, sweepStaleDirs, tempDirPrefix } from './fixture/dirs.js';
export type { FixtureMessage, FixtureMessageJson, MessageAddress, MessageAttachment } from './fixture/parsed.js';
export { domainRecords } from './admin/dnsrecords.js';
