import { startTestHub, type TestHub } from '../support/test-hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => hub?.close());

describe('GraphiQL served by the hub itself', () => {
  it('gives a browser the GraphiQL page, whose every script and stylesheet comes from the hub', async () => {
    const response = await fetch(hub.hub.graphqlUrl, {
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(references.length).toBeGreaterThanOrEqual(5);
    for (const reference of references) {
      expect(reference).toMatch(/^\/graphiql\//);
      const asset = await fetch(new URL(reference, hub.hub.url));
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(
        reference.endsWith('.css') ? /text\/css/ : /javascript/,
      );
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(500);
    }
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('answers GraphQL on POST at the same address', async () => {
    const response = await fetch(hub.hub.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${hub.keys.taxBureau}` },
      body: JSON.stringify({ query: '{ viewer { unit { code } } }' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { viewer: { unit: { code: 'LYG-TAX' } } } });
  });

  it('serves the schema documentation to a key holder (introspection)', async () => {
    const response = await hub.gql('{ __type(name: "CatalogItem") { description fields { name } } }');
    const type = (response.data as { __type: { description: string; fields: { name: string }[] } }).__type;
    expect(type.description).toContain('信息资源');
    expect(type.fields.map((field) => field.name)).toEqual(
      expect.arrayContaining(['code', 'provider', 'fields', 'dueRule']),
    );
  });

  it('refuses unknown assets and paths with 404, and reports health without a key', async () => {
    expect((await fetch(new URL('/graphiql/../../package.json', hub.hub.url))).status).toBe(404);
    expect((await fetch(new URL('/graphiql/secret.js', hub.hub.url))).status).toBe(404);
    expect((await fetch(new URL('/nothing-here', hub.hub.url))).status).toBe(404);
    const health = await fetch(new URL('/healthz', hub.hub.url));
    const body = (await health.json()) as { status: string; warnings?: string[] };
    expect(body.status).toBe('ok');
    // Near a year's end the calendar may lack next year: that is a warning, not a failure.
    for (const warning of body.warnings ?? []) expect(warning).toMatch(/catalog\/calendar\/\d{4}\.yaml/);
  });

  it('answers a malformed request with a GraphQL error code and no internals', async () => {
    const response = await hub.gql('{ catalogItems(first: 1) { nodes { noSuchField } } }');
    expect(response.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(response.errors)).not.toMatch(/stack|at \w+ \(|node_modules|select /i);
  });
});
