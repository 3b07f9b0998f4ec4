import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtEntry, PROJECT_ROOT } from './run-built';

/** A hub started as `npm start` starts it: the built JavaScript in a child process, embedded PostgreSQL. */
export interface HubProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  baseUrl: string;
  output: () => string;
}

const running = new Set<ChildProcess>();
const dataDirs: string[] = [];

/** A fresh HUB_DATA_DIR, removed (with anything left running in it) by {@link cleanUpHubProcesses}. */
export function newDataDir(): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-process-'));
  dataDirs.push(dataDir);
  return dataDir;
}

export function postmasterPid(dataDir: string): number | undefined {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').split('\n')[0]) : undefined;
}

/** Stops whatever a test left running (hubs, then their PostgreSQL) and removes the data dirs. */
export async function cleanUpHubProcesses(): Promise<void> {
  for (const child of running) child.kill('SIGKILL');
  for (const dataDir of dataDirs.splice(0)) {
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
}

/** Starts the built hub with no DATABASE_URL and waits for its "listening" line. */
export function startHubProcess(dataDir: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<HubProcess> {
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
    const timer = setTimeout(() => reject(new Error(`the hub did not start in time:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /hub listening: GraphQL and GraphiQL at ((http:\/\/[\w.:-]+)\/graphql)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], baseUrl: match[2], output: () => output });
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

/** Ctrl-C (SIGINT, as a terminal sends it); resolves with the exit code, or fails with the hub's log. */
export function interrupt(hub: HubProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the hub did not stop within 90 s of SIGINT:\n${hub.output().slice(-4000)}`)),
      90_000,
    );
    hub.child.removeAllListeners('exit');
    hub.child.on('exit', (code) => {
      clearTimeout(timer);
      running.delete(hub.child);
      resolve(code);
    });
    hub.child.kill('SIGINT');
  });
}

/** The demo key of a unit, as the first start wrote it to demo-keys.json. */
export function demoKey(dataDir: string, unitCode: string): string {
  const keys = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-keys.json'), 'utf8')) as {
    unitCode: string;
    key: string;
  }[];
  return keys.find((entry) => entry.unitCode === unitCode)!.key;
}
