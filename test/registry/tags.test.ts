import { rejected } from './support';
import { parseOciReference } from '../../src/foundation';
import { RegistryProtocolError, RepositoryNotFoundError } from '../../src/registry';
import { errorBody, JSON_HEADERS, useMockRegistry } from '../support/mock-registry';

const REG = 'https://reg.example';
const REPO = parseOciReference('oci://reg.example/charts/app:ignored');
const TAGS = '/v2/charts/app/tags/list';
const FIRST = `${TAGS}?n=1000`;

const mock = useMockRegistry();

test('follows relative and absolute Link rel="next" pages and keeps the registry\'s order, repeats included', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: FIRST }, {
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
  // Flux reads the pages in this order too, and which of two equal versions it pulls depends on it.
  expect(await client.listTags(REPO)).toEqual(['latest', '1.0.0', '0.2.0', '1.0.0', '0.1.0', '1.10.0']);
  expect(mock.seen).toHaveLength(3);
});

test('a repeated tag is kept, within a page and across pages, as Flux reads the listing', async () => {
  // go-containerregistry and oras-go append page after page; Go's sort of the matching versions sees every repeat.
  const { client } = mock.client();
  mock.reply(REG, { path: FIRST }, {
    status: 200,
    body: { tags: ['1.0.0', '1.0.0', '1.1.0'] },
    headers: { ...JSON_HEADERS, link: `<${TAGS}?last=1.1.0>; rel="next"` },
  });
  mock.reply(REG, { path: `${TAGS}?last=1.1.0` }, { status: 200, body: { tags: ['1.1.0', '1.2.0'] } });
  expect(await client.listTags(REPO)).toEqual(['1.0.0', '1.0.0', '1.1.0', '1.1.0', '1.2.0']);
});

test('a Link with several relations picks rel="next"', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: FIRST }, {
    status: 200,
    body: { tags: ['b'] },
    headers: { ...JSON_HEADERS, link: `<${TAGS}?prev=1>; rel="prev", <${TAGS}?last=b>; rel=next` },
  });
  mock.reply(REG, { path: `${TAGS}?last=b` }, { status: 200, body: { tags: ['a'] } });
  expect(await client.listTags(REPO)).toEqual(['b', 'a']);
});

test('a next page on another origin is refused', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: FIRST }, {
    status: 200, body: { tags: ['a'] }, headers: { ...JSON_HEADERS, link: '<https://evil.example/v2/charts/app/tags/list?last=a>; rel="next"' },
  });
  const error = await rejected(client.listTags(REPO));
  expect(error).toBeInstanceOf(RegistryProtocolError);
  expect(error.message).toBe('registry reg.example linked the next tag-list page to another origin (https://evil.example); refusing to follow it');
});

test('a page linking back to itself is a protocol error, not a loop', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: FIRST }, { status: 200, body: { tags: ['a'] }, headers: { ...JSON_HEADERS, link: `<${FIRST}>; rel="next"` } });
  const error = await rejected(client.listTags(REPO));
  expect(error).toBeInstanceOf(RegistryProtocolError);
  expect(error.message).toContain('keeps linking tag-list pages');
});

test('"tags": null (all tags deleted) is an empty list', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: FIRST }, { status: 200, body: { name: 'charts/app', tags: null } });
  expect(await client.listTags(REPO)).toEqual([]);
});

test('a body that is not a tag list is a protocol error', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: FIRST }, { status: 200, body: { tags: 'oops' } });
  await expect(client.listTags(REPO)).rejects.toThrow(RegistryProtocolError);
});

test('NAME_UNKNOWN is RepositoryNotFoundError with fault "path"', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: FIRST }, { status: 404, body: errorBody('NAME_UNKNOWN', 'repository name not known to registry'), headers: JSON_HEADERS });
  const error = await rejected(client.listTags(REPO));
  expect(error).toBeInstanceOf(RepositoryNotFoundError);
  expect(error).toMatchObject({ code: 'FLUX_OCI_REPOSITORY_NOT_FOUND', fault: 'path', registryCode: 'NAME_UNKNOWN', statusCode: 404, method: 'GET', host: 'reg.example' });
  expect(error.message).toBe("repository 'charts/app' does not exist on reg.example (NAME_UNKNOWN); check the path in 'oci://reg.example/charts/app'");
});

test('string references are parsed, with or without oci://', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: FIRST }, { status: 200, body: { tags: ['x'] } });
  mock.reply(REG, { path: FIRST }, { status: 200, body: { tags: ['y'] } });
  expect(await client.listTags('oci://reg.example/charts/app')).toEqual(['x']);
  expect(await client.listTags('reg.example/charts/app')).toEqual(['y']);
});

describe('bounds on what a registry lists (hostile registries)', () => {
  const warnings = (): jest.SpyInstance => jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  afterEach(() => jest.restoreAllMocks());

  test('asks for n=1000 per page, as go-containerregistry (Flux) does', async () => {
    const { client } = mock.client();
    mock.reply(REG, { path: FIRST }, { status: 200, body: { tags: ['a'] } });
    await client.listTags(REPO);
    expect(mock.seen.map((r) => r.path)).toEqual(['/v2/charts/app/tags/list?n=1000']);
  });

  test('more tags in all than tagListLimits.maxTags is a protocol error naming the limit', async () => {
    const { client } = mock.client({ tagListLimits: { maxTags: 5 } });
    mock.reply(REG, { path: FIRST }, { status: 200, body: { tags: ['a', 'b', 'c'] }, headers: { ...JSON_HEADERS, link: `<${TAGS}?last=c>; rel="next"` } });
    mock.reply(REG, { path: `${TAGS}?last=c` }, { status: 200, body: { tags: ['d', 'e', 'f'] }, headers: { ...JSON_HEADERS, link: `<${TAGS}?last=f>; rel="next"` } });
    const error = await rejected(client.listTags(REPO));
    expect(error).toBeInstanceOf(RegistryProtocolError);
    expect(error.message).toBe("registry reg.example listed more than 5 tags for 'charts/app' (2 pages); giving up (the limit is the client option tagListLimits.maxTags)");
    expect(mock.seen).toHaveLength(2);
  });

  test('more pages than tagListLimits.maxPages, each with a new URL, is a protocol error naming the limit', async () => {
    const { client } = mock.client({ tagListLimits: { maxPages: 3 } });
    mock.reply(REG, { path: FIRST }, { status: 200, body: { tags: [] }, headers: { ...JSON_HEADERS, link: `<${TAGS}?last=1>; rel="next"` } });
    for (const i of [1, 2]) {
      mock.reply(REG, { path: `${TAGS}?last=${i}` }, { status: 200, body: { tags: [] }, headers: { ...JSON_HEADERS, link: `<${TAGS}?last=${i + 1}>; rel="next"` } });
    }
    const error = await rejected(client.listTags(REPO));
    expect(error.message).toBe("registry reg.example linked more than 3 tag-list pages for 'charts/app'; giving up (the limit is the client option tagListLimits.maxPages)");
    expect(mock.seen).toHaveLength(3);
  });

  test('a page over 4 MiB is refused before it is parsed', async () => {
    const { client } = mock.client();
    mock.reply(REG, { path: FIRST }, { status: 200, body: { tags: ['a'.repeat(4 * 1024 * 1024)] } });
    const error = await rejected(client.listTags(REPO));
    expect(error).toBeInstanceOf(RegistryProtocolError);
    expect(error.message).toMatch(/^registry reg\.example sent a response body larger than 4194304 bytes \(GET https:\/\/reg\.example\/v2\/charts\/app\/tags\/list\?n=1000\)/);
  });

  test('tags that break the OCI grammar (length, characters, not a string) are skipped and counted in one warning, escaped', async () => {
    const emitted = warnings();
    const { client } = mock.client();
    const huge = `1.0.0-${'x'.repeat(1024 * 1024)}`;
    mock.reply(REG, { path: FIRST }, {
      status: 200,
      body: { tags: ['1.0.0', '\u001b]0;owned\u0007\n::error::x', huge, '1.0.0+build', '.hidden', 'a'.repeat(128), 'b'.repeat(129), 42, null] },
    });
    expect(await client.listTags(REPO)).toEqual(['1.0.0', 'a'.repeat(128)]);
    expect(emitted).toHaveBeenCalledTimes(1);
    const [message, options] = emitted.mock.calls[0] as [string, { code: string }];
    expect(options.code).toBe('FLUX_OCI_INVALID_TAGS');
    expect(message).toBe("registry reg.example listed 7 tags for 'charts/app' that are not valid OCI tags (at most 128 of [a-zA-Z0-9_.-], "
      + "not starting with '.' or '-'), e.g. '\\x1b]0;owned\\x07\\n::error::x' (21 characters); skipped, as Flux cannot pull them either");
    expect(message).not.toMatch(/[\u0000-\u001f]/);
  });
});
