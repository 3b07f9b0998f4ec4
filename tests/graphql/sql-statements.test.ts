import { CatalogItemsDocument } from '../generated/graphql';
import { startTestHub, type TestHub } from '../support/test-hub';

let hub: TestHub;
const statements: string[] = [];
beforeAll(async () => {
  hub = await startTestHub({ onQuery: (sql) => statements.push(sql) });
});
afterAll(async () => hub?.close());

async function countStatements(first: number): Promise<{ items: number; statements: number }> {
  statements.length = 0;
  const response = await hub.gql(CatalogItemsDocument, { first });
  expect(response.errors).toBeUndefined();
  return { items: response.data!.catalogItems.edges.length, statements: statements.length };
}

describe('SQL per catalogue listing (DataLoader)', () => {
  it('costs the same number of statements for 100 items with fields and providers as for 5', async () => {
    const small = await countStatements(5);
    const large = await countStatements(100);
    expect(small.items).toBe(5);
    expect(large.items).toBe(100);
    expect(large.statements).toBe(small.statements);
    // Authentication, scope, page, count, then one each for fields, providers, editions, annex titles.
    expect(large.statements).toBeLessThanOrEqual(9);
  });
});
