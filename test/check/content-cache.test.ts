import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContentCache, defaultCacheDir } from '../../src/check/content-cache';
import { contentKey, layerFromCache } from '../../src/check/content-fetch';
import { computeDigest } from '../../src/foundation/digest';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'flux-oci-cache-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const blob = (text: string) => ({ data: Buffer.from(text), digest: computeDigest(Buffer.from(text)) });

test('an entry is stored under its digest and read back verified', () => {
  const cache = new ContentCache(dir);
  const { data, digest } = blob('chart layer');
  expect(cache.get(digest)).toBeUndefined();
  expect(cache.put(digest, data)).toBe(true);
  expect(cache.get(digest)).toEqual(data);
  expect(readFileSync(join(dir, 'blobs', 'sha256', digest.slice(7)))).toEqual(data);
  // No temporary file is left behind.
  expect(readdirSync(join(dir, 'blobs', 'sha256'))).toEqual([digest.slice(7)]);
});

test('bytes that are not what the digest says are refused on write', () => {
  const cache = new ContentCache(dir);
  expect(cache.put(blob('a').digest, Buffer.from('b'))).toBe(false);
  expect(cache.get(blob('a').digest)).toBeUndefined();
});

test('a tampered entry reads as a miss and is removed', () => {
  const cache = new ContentCache(dir);
  const { data, digest } = blob('original');
  cache.put(digest, data);
  const file = join(dir, 'blobs', 'sha256', digest.slice(7));
  writeFileSync(file, 'tampered');
  expect(cache.get(digest)).toBeUndefined();
  expect(readdirSync(join(dir, 'blobs', 'sha256'))).toEqual([]);
});

test('digests that are not a hex name never become a path', () => {
  const cache = new ContentCache(dir);
  expect(cache.get('sha256:../../etc/passwd')).toBeUndefined();
  expect(cache.put('sha256:../x', Buffer.from('x'))).toBe(false);
  expect(cache.get('md5:abc')).toBeUndefined();
});

test('over its bound, the least recently read entries go first', () => {
  const cache = new ContentCache(dir, 2500);
  const entries = ['a', 'b', 'c'].map((c) => blob(c.repeat(1000)));
  entries.slice(0, 2).forEach((e) => cache.put(e.digest, e.data));
  const old = new Date(Date.now() - 60_000);
  utimesSync(join(dir, 'blobs', 'sha256', entries[1].digest.slice(7)), old, old);
  cache.put(entries[2].digest, entries[2].data);
  expect(cache.get(entries[1].digest)).toBeUndefined();
  expect(cache.get(entries[0].digest)).toEqual(entries[0].data);
  expect(cache.get(entries[2].digest)).toEqual(entries[2].data);
});

test('an unwritable folder behaves as an empty cache', () => {
  const file = join(dir, 'not-a-dir');
  writeFileSync(file, '');
  const cache = new ContentCache(file);
  const { data, digest } = blob('x');
  expect(cache.put(digest, data)).toBe(false);
  expect(cache.get(digest)).toBeUndefined();
});

test('the folder: FLUX_OCI_CACHE, else XDG_CACHE_HOME/flux-oci, else ~/.cache/flux-oci', () => {
  expect(defaultCacheDir({ FLUX_OCI_CACHE: '/c', XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/c');
  expect(defaultCacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe(join('/x', 'flux-oci'));
  expect(defaultCacheDir({ HOME: '/h' })).toBe(join('/h', '.cache', 'flux-oci'));
  expect(ContentCache.open({ cache: false })).toBeUndefined();
  expect(ContentCache.open({ env: { FLUX_OCI_CACHE: dir, FLUX_OCI_CACHE_MAX_BYTES: '42' } })).toMatchObject({ dir, maxBytes: 42 });
});

test("an artifact's layer is the one its OCIRepository selects: the layerSelector's media type, else the first; Flux's content layer by default", () => {
  const cache = new ContentCache(dir);
  const other = blob('other layer');
  const flux = blob('flux content layer');
  cache.put(other.digest, other.data);
  cache.put(flux.digest, flux.data);
  const FLUX = 'application/vnd.cncf.flux.content.v1.tar+gzip';
  const manifest = blob(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.cncf.flux.config.v1+json', digest: other.digest, size: 1 },
    layers: [{ mediaType: 'application/vnd.acme.bundle', digest: other.digest, size: other.data.length }, { mediaType: FLUX, digest: flux.digest, size: flux.data.length }],
  }));
  cache.put(manifest.digest, manifest.data);
  const target = { reference: 'oci://r/site', digest: manifest.digest, subject: 'artifact' as const };
  expect(layerFromCache(cache, target)?.layerDigest).toBe(flux.digest);
  expect(layerFromCache(cache, { ...target, layer: 'first' })?.layerDigest).toBe(other.digest);
  expect(layerFromCache(cache, { ...target, layer: { mediaType: 'application/vnd.acme.bundle' } })?.layerDigest).toBe(other.digest);
  expect(() => layerFromCache(cache, { ...target, layer: { mediaType: 'application/x-none' } }))
    .toThrow(`oci://r/site@${manifest.digest} has no layer of media type 'application/x-none' (layers: 'application/vnd.acme.bundle', '${FLUX}'); Flux would find nothing to extract`);
  // One fetch per layer choice: the key tells them apart.
  expect(contentKey(target)).not.toBe(contentKey({ ...target, layer: 'first' }));
});
