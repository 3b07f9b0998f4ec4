import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtEntry, PROJECT_ROOT } from '../support/run-built';

interface StartedHub {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts the built hub as `npm start` does, with no DATABASE_URL, and waits for its "listening" line. */
function startHubProcess(dataDir: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<StartedHub> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HUB_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [builtEntry('src/main.js')], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hub did not start in time:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /hub listening: GraphQL and GraphiQL at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the hub exited with ${code}:\n${output}`));
    });
  });
}

function stop(hub: StartedHub): Promise<number | null> {
  return new Promise((resolve) => {
    hub.child.removeAllListeners('exit');
    hub.child.on('exit', (code) => resolve(code));
    hub.child.kill('SIGINT');
  });
}

async function viewerUnit(url: string, key: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: '{ viewer { unit { code } } catalogEditions { code } }' }),
  });
  const body = (await response.json()) as {
    data: { viewer: { unit: { code: string } }; catalogEditions: { code: string }[] };
  };
  return `${body.data.viewer.unit.code} ${body.data.catalogEditions.map((edition) => edition.code).join(',')}`;
}

function postmasterRunning(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'));
}

describe('npm start with no DATABASE_URL', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-start-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts an embedded PostgreSQL, imports the catalogue, writes demo keys, stops cleanly, and keeps its data', async () => {
    const first = await startHubProcess(dataDir);
    const demoKeys = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-keys.json'), 'utf8')) as {
      unitCode: string;
      roles: string[];
      key: string;
    }[];
    expect(demoKeys.map((entry) => [entry.unitCode, entry.roles])).toEqual([
      ['LYG-DATA', ['DATA_AUTHORITY']],
      ['LYG-AUDIT', ['AUDITOR']],
      ['LYG-TAX', ['CONSUMER', 'PROVIDER']],
      ['LYG-AMR', ['PROVIDER', 'CONSUMER']],
      ['LYG-NRP', ['PROVIDER', 'CONSUMER']],
    ]);
    expect(first.output()).toContain('demo-keys.json');
    expect(first.output()).not.toContain(demoKeys[0].key);
    expect(await viewerUnit(first.url, demoKeys[2].key)).toBe('LYG-TAX LYG-1,GY-1');
    expect(postmasterRunning(dataDir)).toBe(true);
    expect(await stop(first)).toBe(0);
    expect(postmasterRunning(dataDir)).toBe(false);

    const second = await startHubProcess(dataDir);
    expect(await viewerUnit(second.url, demoKeys[0].key)).toBe('LYG-DATA LYG-1,GY-1');
    expect(second.output()).toContain('"editionsImported":[]');
    expect(second.output()).not.toContain('demo API keys written');
    expect(await stop(second)).toBe(0);
  });

  it('creates no demo keys when HUB_DEMO_KEYS=0', async () => {
    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-start-nokeys-'));
    try {
      const hub = await startHubProcess(otherDir, { HUB_DEMO_KEYS: '0' });
      expect(fs.existsSync(path.join(otherDir, 'demo-keys.json'))).toBe(false);
      expect(await stop(hub)).toBe(0);
    } finally {
      fs.rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
