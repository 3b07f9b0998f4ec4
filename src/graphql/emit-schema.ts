/** `npm run schema:emit` writes schema/schema.graphql; with --check it fails when the file is stale. */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config';
import { printHubSchema } from './schema';

const file = path.join(PROJECT_ROOT, 'schema', 'schema.graphql');
const printed = printHubSchema(path.join(PROJECT_ROOT, 'catalog'));
if (process.argv.includes('--check')) {
  const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (committed !== printed) {
    process.stderr.write(
      'schema/schema.graphql is stale: run `npm run schema:emit` and commit the result.\n',
    );
    process.exit(1);
  }
  process.stdout.write('schema/schema.graphql is up to date.\n');
} else {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, printed);
  process.stdout.write(`Wrote ${path.relative(PROJECT_ROOT, file)}.\n`);
}
