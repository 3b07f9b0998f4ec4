import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ViewerDocument } from '../generated/graphql';
import { runCli } from '../support/run-built';
import { CATALOG_DIR, errorCodes, startTestHub, type TestHub } from '../support/test-hub';

let hub: TestHub;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  hub = await startTestHub();
  env = { DATABASE_URL: hub.databaseUrl, HUB_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'hub-cli-')) };
});
afterAll(async () => hub?.close());

describe('npm run hub -- apikey', () => {
  it('creates a key that is printed once and works at once; revoking it stops it at once', async () => {
    const created = await runCli(
      [
        'apikey',
        'create',
        '--unit',
        'LYG-CUSTOMS',
        '--name',
        '海关数据交换',
        '--role',
        'PROVIDER',
        'CONSUMER',
      ],
      env,
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const key = created.stdout.trim().split('\n').pop()!;
    expect(key).toMatch(/^hub_[A-Za-z0-9_-]{43}$/);
    expect(created.stdout).toContain('shown this once');

    const viewer = await hub.gql(ViewerDocument, {}, key);
    expect(viewer.data!.viewer).toMatchObject({
      keyName: '海关数据交换',
      roles: ['PROVIDER', 'CONSUMER'],
      unit: { code: 'LYG-CUSTOMS' },
    });

    const listed = await runCli(['apikey', 'list', '--json'], env);
    const keys = JSON.parse(listed.stdout) as { id: string; unitCode: string; name: string }[];
    const entry = keys.find((candidate) => candidate.name === '海关数据交换')!;
    expect(entry.unitCode).toBe('LYG-CUSTOMS');
    expect(listed.stdout).not.toContain(key);

    const revoked = await runCli(['apikey', 'revoke', entry.id], env);
    expect(revoked.code).toBe(0);
    expect(errorCodes(await hub.gql(ViewerDocument, {}, key))).toEqual(['UNAUTHENTICATED']);
  });

  it.each([
    [
      'an unknown role',
      ['apikey', 'create', '--unit', 'LYG-AMR', '--name', 'x', '--role', 'ADMIN'],
      /unknown role "ADMIN"/,
    ],
    [
      'an unknown unit',
      ['apikey', 'create', '--unit', 'LYG-NOWHERE', '--name', 'x', '--role', 'CONSUMER'],
      /Unit "LYG-NOWHERE" does not exist/,
    ],
    ['a missing role', ['apikey', 'create', '--unit', 'LYG-AMR', '--name', 'x'], /--role/],
    ['an unknown key id', ['apikey', 'revoke', '00000000-0000-0000-0000-000000000000'], /does not exist/],
  ])('refuses %s with a clear message and exit code 1', async (_label, args, message) => {
    const result = await runCli(args, env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).not.toMatch(/hub_/);
  });
});

describe('npm run hub -- catalog-validate', () => {
  it('accepts the committed catalogue and names file, path and reason in a broken one', async () => {
    const ok = await runCli(['catalog-validate'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/is valid: \d+ units, 2 editions/);

    const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hub-cli-catalog-')), 'catalog');
    fs.cpSync(CATALOG_DIR, folder, { recursive: true });
    const file = path.join(folder, 'items/city/annex1/17-market-regulation.yaml');
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace('sharingType: UNCONDITIONAL', 'sharingType: SOMETIMES'),
    );
    const broken = await runCli(['catalog-validate', '--dir', folder], env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(
      'catalog/items/city/annex1/17-market-regulation.yaml#/items/0/sharingType',
    );
    expect(broken.stderr).toContain('UNCONDITIONAL, CONDITIONAL, NOT_SHARED');
  });
});
