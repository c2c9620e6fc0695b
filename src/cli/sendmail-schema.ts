// /etc/moxsubmit.conf: the config of mox when it runs as sendmail (Go mox's submitconf).

import { bool, file, int, string } from '../config/index.js';

/** The schema of /etc/moxsubmit.conf, key for key as Go mox v0.0.15. */
export const sendmailSchema = file('moxsubmit.conf', '', {
  LocalHostname: string('Host name to use in EHLO; set it because hosts do not always have a fully qualified name.'),
  Host: string('Host to connect to for delivery, e.g. mail.<domain>.'),
  Port: int('Port to connect to for delivery: 465 for submissions, 587 for submission, or maybe 25 for smtp.', { min: 0, max: 65535 }),
  TLS: bool('Connect with TLS from the start, usually for port 465.'),
  STARTTLS: bool('Start in plain text and switch to TLS with STARTTLS, for ports 587 and 25.'),
  TLSInsecureSkipVerify: bool('Do not verify the TLS identity of the server.').optionalKey(),
  Username: string('User name for SMTP authentication.'),
  Password: string('Password for authentication with a password mechanism, e.g. SCRAM-SHA-256-PLUS, CRAM-MD5, PLAIN.').optionalKey(),
  ClientAuthEd25519PrivateKey: string(`Private key for TLS client authentication with a certificate:
    an ed25519 key, raw-url-base64-encoded. A basic certificate is made from it automatically.
    The server identifies users by the public key of the certificate.`).optionalKey(),
  ClientAuthCertPrivateKeyPEMFile: string(`Absolute path of a PEM file with an unencrypted PKCS#8
    private key and a certificate, for TLS client authentication.`).optionalKey(),
  AuthMethod: string(`Only try this authentication mechanism, e.g. EXTERNAL (TLS client
    authentication), SCRAM-SHA-256-PLUS, SCRAM-SHA-256, SCRAM-SHA-1-PLUS, SCRAM-SHA-1, CRAM-MD5 or
    PLAIN. When empty, any mechanism both sides support is used, most secure first. Naming the
    strongest mechanism the server supports prevents downgrade attacks. Exactly one of Password,
    ClientAuthEd25519PrivateKey and ClientAuthCertPrivateKeyPEMFile must be set.`),
  From: string('Address for SMTP MAIL FROM and the From header of the message.'),
  DefaultDestination: string('Recipient for addresses without @, which may be local users (e.g. root).').optionalKey(),
  RequireTLS: string(`yes: the submission server must support SMTP REQUIRETLS and the connection to
    it must use verified TLS. no: a "TLS-Required: No" header is added, allowing delivery over
    unverified TLS or plain text despite the policies of recipient domains. Empty (default): the
    submission server follows the policies of the recipient domain (MTA-STS, DANE) and otherwise
    uses unverified opportunistic STARTTLS.`).optionalKey(),
});
