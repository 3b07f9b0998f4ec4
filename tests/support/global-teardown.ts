import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const database = (
    globalThis as { hubTestDatabase?: { stop(): Promise<void>; dataDir: string; scratchDir: string } }
  ).hubTestDatabase;
  if (!database) return;
  try {
    await database.stop();
  } finally {
    fs.rmSync(database.dataDir, { recursive: true, force: true });
    fs.rmSync(database.scratchDir, { recursive: true, force: true });
  }
}
