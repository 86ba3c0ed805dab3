import { createHash, KeyObject, sign, X509Certificate } from 'node:crypto';

/** JWS algorithms the test token server can sign with. */
export type TokenAlgorithm = 'RS256' | 'ES256';

/** How a token names its signing key; distribution accepts each (registry.md §5.4). */
export type KeyReference = 'x5c' | 'kid' | 'jwk';

/**
 * Signs `claims` as a compact JWS. ES256 signatures are raw `r||s`
 * (ieee-p1363), as JWS requires, not DER.
 */
export function signJwt(
  claims: Record<string, unknown>,
  key: { readonly privateKey: KeyObject; readonly cert: X509Certificate },
  alg: TokenAlgorithm,
  keyReference: KeyReference,
): string {
  const header: Record<string, unknown> = { typ: 'JWT', alg };
  if (keyReference === 'x5c') header.x5c = [key.cert.raw.toString('base64')];
  if (keyReference === 'kid') header.kid = libtrustKeyId(key.cert.publicKey);
  if (keyReference === 'jwk') header.jwk = key.cert.publicKey.export({ format: 'jwk' });
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = alg === 'RS256'
    ? sign('sha256', Buffer.from(signingInput), key.privateKey)
    : sign('sha256', Buffer.from(signingInput), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${base64url(signature)}`;
}

/**
 * The docker/libtrust key ID: SHA-256 of the DER SubjectPublicKeyInfo,
 * first 30 bytes, unpadded base32, in `:`-joined groups of four.
 */
export function libtrustKeyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const encoded = base32(createHash('sha256').update(der).digest().subarray(0, 30));
  return encoded.match(/.{1,4}/g)!.join(':');
}

/** RFC 4648 base32 without padding. */
function base32(bytes: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...bytes].map((b) => b.toString(2).padStart(8, '0')).join('');
  let out = '';
  for (let i = 0; i < bits.length; i += 5) {
    out += alphabet[parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)];
  }
  return out;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}
