import { clientFor, credentialsFor } from './helpers';

import { parseOciReference } from '../../../src/foundation';
import { pushTestTags, RegistryFront, skopeoListTags, startPaginatingFront, startRegistry, TestRegistry } from '../../support/registry';

const TAGS = ['latest', '1.2.3-rc.1', '1.0.0', '0.2.0', '0.1.0', '1.0.0_build.1', '2.0.0', '10.0.0', 'v3'];
const SORTED = [...TAGS].sort();

let anonymous: TestRegistry;
let token: TestRegistry;
const fronts: RegistryFront[] = [];
beforeAll(async () => {
  [anonymous, token] = await Promise.all([startRegistry({ mode: 'anonymous' }), startRegistry({ mode: 'token' })]);
  await Promise.all([pushTestTags(anonymous, 'charts/many', TAGS), pushTestTags(token, 'charts/many', TAGS)]);
});
afterAll(async () => {
  await Promise.all(fronts.map((f) => f.stop()));
  await Promise.all([anonymous?.stop(), token?.stop()]);
});

test.each([
  ['relative', true],
  ['absolute', true],
  ['relative', false],
] as const)("follows %s Link pages (front sorts: %s) and returns every tag in the registry's order", async (linkStyle, sort) => {
  const front = await startPaginatingFront(anonymous, { pageSize: 2, linkStyle, sort });
  fronts.push(front);
  const { client } = clientFor(front);
  try {
    // Unsorted, the front pages through what distribution lists, as skopeo sees it from the registry itself.
    const expected = sort ? SORTED : [...await skopeoListTags(anonymous, 'charts/many')];
    expect(await client.listTags(parseOciReference(`oci://${front.host}/charts/many`))).toEqual(expected);
  } finally {
    await client.close();
  }
  expect(front.count('/tags/list', 'GET')).toBe(Math.ceil(TAGS.length / 2));
});

test('pages behind token auth: one token for all pages', async () => {
  const front = await startPaginatingFront(token, { pageSize: 3, linkStyle: 'absolute' });
  fronts.push(front);
  token.tokenServer!.clearRequests();
  const { client } = clientFor(front, { credentials: credentialsFor(front.host, token) });
  try {
    expect(await client.listTags(parseOciReference(`oci://${front.host}/charts/many`))).toEqual(SORTED);
  } finally {
    await client.close();
  }
  expect(token.tokenServer!.requests.filter((r) => r.basicAuth)).toHaveLength(1);
  // Every page but the first 401 carried the token.
  const pages = front.requests.filter((r) => r.path.includes('/tags/list'));
  expect(pages.filter((r) => r.status === 200).every((r) => r.authorization)).toBe(true);
});
