/**
 * HTTP(S) listeners and routing (RFC 9110): for now an index page of what the engine serves
 * and the Prometheus metrics endpoint; the webapi, account and admin pages mount here as
 * they are built. Layer L3.
 */
export { HttpListener, type HttpListenerConfig, type HttpRoute, type HttpDeps } from './listener.js';
export { indexPage, type ServiceLink } from './pages.js';
