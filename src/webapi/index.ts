/**
 * The webapi: mox's HTTP/JSON interface for sending messages (Send composes a message and
 * queues it) and for working with stored messages and the suppression list, at
 * `/webapi/v0/<Method>` with HTTP basic auth (RFC 7617). Request and result shapes, error
 * codes and behaviour follow Go mox v0.0.15's webapi package: form field "request" with JSON
 * (RFC 7578 multipart uploads for files), results as JSON with mox's field names, errors as
 * `{"Code", "Message"}` with status 400. Also: the method table with docs and examples (for
 * the HTML pages and `mox webapi`), a client, and the FromID helpers (unique SMTP MAIL FROM
 * per recipient). Messages are composed with nodemailer's MailComposer (RFC 5322, RFC 2045-2049).
 * Layer L3: collaborators come in through {@link WebapiPorts}.
 */
export { WebapiHandler, type WebapiHandlerOptions } from './handler.js';
export type { WebapiPorts, AccountSettings, SuppressionEntry, WebapiSubmitRequest } from './ports.js';
export { WebapiClient, WebapiHttpError, type WebapiClientOptions } from './client.js';
export { WebapiError } from './errors.js';
export { methods, methodSpec, type MethodSpec } from './methods.js';
export { DecodeError, decodeValue, exampleValue, goTypeName, type JsonType } from './schema.js';
export { goJson } from './json.js';
export { webapiDocsUrl } from './pages.js';
export { newFromId, fromIdLocalpart, fromIdOf, usesFromId } from './fromid.js';
export type * from './types.js';
