import { rejected } from './support';
import { parseOciReference } from '../../src/foundation';
import { RegistryProtocolError, RepositoryNotFoundError } from '../../src/registry';
import { errorBody, JSON_HEADERS, useMockRegistry } from '../support/mock-registry';

const REG = 'https://reg.example';
const REPO = parseOciReference('oci://reg.example/charts/app:ignored');
const TAGS = '/v2/charts/app/tags/list';

const mock = useMockRegistry();

test('follows relative and absolute Link rel="next" pages and sorts the union', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: TAGS }, {
    status: 200,
    body: { name: 'charts/app', tags: ['latest', '1.0.0'] },
    headers: { ...JSON_HEADERS, link: '</v2/charts/app/tags/list?last=1.0.0&n=2>; rel="next"' },
  });
  mock.reply(REG, { path: `${TAGS}?last=1.0.0&n=2` }, {
    status: 200,
    body: { name: 'charts/app', tags: ['0.2.0', '1.0.0'] },
    headers: { ...JSON_HEADERS, link: `<${REG}${TAGS}?last=0.2.0&n=2&orderby=>; rel="next"` },
  });
  mock.reply(REG, { path: `${TAGS}?last=0.2.0&n=2&orderby=` }, { status: 200, body: { name: 'charts/app', tags: ['0.1.0', '1.10.0'] } });
  expect(await client.listTags(REPO)).toEqual(['0.1.0', '0.2.0', '1.0.0', '1.10.0', 'latest']);
  expect(mock.seen).toHaveLength(3);
});

test('a Link with several relations picks rel="next"', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: TAGS }, {
    status: 200,
    body: { tags: ['b'] },
    headers: { ...JSON_HEADERS, link: `<${TAGS}?prev=1>; rel="prev", <${TAGS}?last=b>; rel=next` },
  });
  mock.reply(REG, { path: `${TAGS}?last=b` }, { status: 200, body: { tags: ['a'] } });
  expect(await client.listTags(REPO)).toEqual(['a', 'b']);
});

test('a next page on another origin is refused', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: TAGS }, {
    status: 200, body: { tags: ['a'] }, headers: { ...JSON_HEADERS, link: '<https://evil.example/v2/charts/app/tags/list?last=a>; rel="next"' },
  });
  const error = await rejected(client.listTags(REPO));
  expect(error).toBeInstanceOf(RegistryProtocolError);
  expect(error.message).toBe('registry reg.example linked the next tag-list page to another origin (https://evil.example); refusing to follow it');
});

test('a page linking back to itself is a protocol error, not a loop', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: TAGS }, { status: 200, body: { tags: ['a'] }, headers: { ...JSON_HEADERS, link: `<${TAGS}>; rel="next"` } });
  const error = await rejected(client.listTags(REPO));
  expect(error).toBeInstanceOf(RegistryProtocolError);
  expect(error.message).toContain('keeps linking tag-list pages');
});

test('"tags": null (all tags deleted) is an empty list', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: TAGS }, { status: 200, body: { name: 'charts/app', tags: null } });
  expect(await client.listTags(REPO)).toEqual([]);
});

test('a body that is not a tag list is a protocol error', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: TAGS }, { status: 200, body: { tags: 'oops' } });
  await expect(client.listTags(REPO)).rejects.toThrow(RegistryProtocolError);
});

test('NAME_UNKNOWN is RepositoryNotFoundError with fault "path"', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: TAGS }, { status: 404, body: errorBody('NAME_UNKNOWN', 'repository name not known to registry'), headers: JSON_HEADERS });
  const error = await rejected(client.listTags(REPO));
  expect(error).toBeInstanceOf(RepositoryNotFoundError);
  expect(error).toMatchObject({ code: 'FLUX_OCI_REPOSITORY_NOT_FOUND', fault: 'path', registryCode: 'NAME_UNKNOWN', statusCode: 404, method: 'GET', host: 'reg.example' });
  expect(error.message).toBe("repository 'charts/app' does not exist on reg.example (NAME_UNKNOWN); check the path in 'oci://reg.example/charts/app'");
});

test('string references are parsed, with or without oci://', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: TAGS }, { status: 200, body: { tags: ['x'] } });
  mock.reply(REG, { path: TAGS }, { status: 200, body: { tags: ['y'] } });
  expect(await client.listTags('oci://reg.example/charts/app')).toEqual(['x']);
  expect(await client.listTags('reg.example/charts/app')).toEqual(['y']);
});
