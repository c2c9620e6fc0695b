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
export { domainRecords } from './admin/dnsrecords.js';
