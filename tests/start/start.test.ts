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

const running = new Set<ChildProcess>();
const dataDirs: string[] = [];

function newDataDir(): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-start-'));
  dataDirs.push(dataDir);
  return dataDir;
}

function postmasterPid(dataDir: string): number | undefined {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').split('\n')[0]) : undefined;
}

// Whatever a failed test left running is stopped: the hub, then its PostgreSQL.
afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  for (const dataDir of dataDirs) {
    const pid = postmasterPid(dataDir);
    if (pid) {
      try {
        process.kill(pid, 'SIGINT');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      } catch {
        // already gone
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

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
  running.add(child);
  child.on('exit', () => running.delete(child));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hub did not start in time:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /hub listening: GraphQL and GraphiQL at (http:\/\/[\w.:-]+\/graphql)/.exec(output);
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

/** Ctrl-C: SIGINT, as a terminal sends it. */
function interrupt(hub: StartedHub): Promise<number | null> {
  return new Promise((resolve) => {
    hub.child.removeAllListeners('exit');
    hub.child.on('exit', (code) => {
      running.delete(hub.child);
      resolve(code);
    });
    hub.child.kill('SIGINT');
  });
}

async function viewerAndEditions(url: string, key: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: '{ viewer { unit { code } } catalogEditions { code } }' }),
  });
  const raw = await response.text();
  const body = JSON.parse(raw) as {
    data?: { viewer: { unit: { code: string } }; catalogEditions: { code: string }[] };
  };
  if (!body.data) throw new Error(`unexpected answer: ${raw}`);
  return `${body.data.viewer.unit.code} ${body.data.catalogEditions.map((edition) => edition.code).join(',')}`;
}

describe('npm start with no DATABASE_URL', () => {
  it('starts an embedded PostgreSQL, imports the catalogue, writes demo keys, stops cleanly on Ctrl-C, and keeps its data', async () => {
    const dataDir = newDataDir();
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
    for (const entry of demoKeys) expect(first.output()).not.toContain(entry.key);
    expect(await viewerAndEditions(first.url, demoKeys[2].key)).toBe('LYG-TAX GY-1,LYG-1');
    const postgres = postmasterPid(dataDir);
    expect(postgres).toBeGreaterThan(0);
    expect(await interrupt(first)).toBe(0);
    expect(postmasterPid(dataDir)).toBeUndefined();
    expect(() => process.kill(postgres!, 0)).toThrow();

    const second = await startHubProcess(dataDir);
    expect(await viewerAndEditions(second.url, demoKeys[0].key)).toBe('LYG-DATA GY-1,LYG-1');
    expect(second.output()).toContain('"editionsImported":[]');
    expect(second.output()).not.toContain('demo API keys written');
    expect(await interrupt(second)).toBe(0);
  });

  it('creates no demo keys when HUB_DEMO_KEYS=0', async () => {
    const dataDir = newDataDir();
    const hub = await startHubProcess(dataDir, { HUB_DEMO_KEYS: '0' });
    expect(fs.existsSync(path.join(dataDir, 'demo-keys.json'))).toBe(false);
    expect(await interrupt(hub)).toBe(0);
  });

  it('refuses a second hub on the same data dir while the first runs', async () => {
    const dataDir = newDataDir();
    const hub = await startHubProcess(dataDir, { HUB_DEMO_KEYS: '0' });
    await expect(startHubProcess(dataDir, { HUB_DEMO_KEYS: '0' })).rejects.toThrow(
      /another hub \(pid \d+\) is running/,
    );
    expect(await interrupt(hub)).toBe(0);
  });
});
