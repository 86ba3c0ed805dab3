/** TLS set-up this machine already has for registries: certs.d folders, SSL_CERT_FILE, CAs stored at login. */
export { readCertsDir } from './certs-dir';
export type { CertsDirContent } from './certs-dir';
export { localTrustFor, containersCertsDir, SYSTEM_CERTS_DIRS } from './local-trust';
export type { LocalTrust, LocalTrustOptions } from './local-trust';
export { loginCertsDir, storeLoginCa } from './login-ca';
