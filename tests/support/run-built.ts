import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = path.join(__dirname, '..', '..');

/** Path to a compiled entry point; `npm test` builds before running jest. */
export function builtEntry(relative: string): string {
  const file = path.join(PROJECT_ROOT, 'dist', relative);
  if (!fs.existsSync(file))
    throw new Error(`${file} is missing: run \`npm run build\` first (npm test does)`);
  return file;
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`npm run hub -- …` without the build step) and collects its output. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return runCommand(process.execPath, [builtEntry('src/cli/main.js'), ...args], env);
}

/** Runs a command in the project folder with `env` added and collects its output. */
function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs the built CLI on a terminal of its own (a pseudo-terminal from util-linux `script`), as a person
 * at a console would, so what it draws only for terminals shows; the terminal's output is `stdout`.
 */
export function runCliInTerminal(args: string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, builtEntry('src/cli/main.js'), ...args].map(quote).join(' ');
  // -q: no "Script started" lines; -e: the command's exit code; -c: the command; /dev/null: no typescript
  // file. script runs the command with $SHELL: /bin/sh, whatever the user's login shell is.
  return runCommand('script', ['-qec', command, '/dev/null'], { ...env, SHELL: '/bin/sh' }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      throw new Error(
        "util-linux's `script` is needed to run the CLI on a terminal (Debian's essential bsdutils package has it)",
      );
    },
  );
}
