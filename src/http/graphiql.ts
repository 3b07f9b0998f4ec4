import type { Express, Request, Response } from 'express';
import fs from 'node:fs';
import path from 'node:path';

/** Files GraphiQL needs, served by the hub itself: government networks reach no CDN. */
const ASSETS: Record<string, { packageName: string; file: string }> = {
  'react.production.min.js': { packageName: 'react', file: 'umd/react.production.min.js' },
  'react-dom.production.min.js': { packageName: 'react-dom', file: 'umd/react-dom.production.min.js' },
  'graphiql.min.js': { packageName: 'graphiql', file: 'graphiql.min.js' },
  'graphiql.min.css': { packageName: 'graphiql', file: 'graphiql.min.css' },
};

/** A package's folder; its `exports` map hides the UMD files from require.resolve. */
function packageDir(packageName: string): string {
  let folder = path.dirname(require.resolve(packageName));
  while (!fs.existsSync(path.join(folder, 'package.json')) || path.basename(folder) !== packageName) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`cannot find the folder of package ${packageName}`);
    folder = parent;
  }
  return folder;
}

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>涉税信息共享平台 · GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/graphiql.min.css">
  <style>
    html, body { height: 100%; margin: 0; font-family: system-ui, sans-serif; }
    body { display: flex; flex-direction: column; }
    #key-form { display: flex; gap: 8px; align-items: center; padding: 6px 12px; background: #0b3d6e; color: #fff; font-size: 14px; }
    #key-form strong { margin-right: 12px; }
    #key-form input { width: 28em; font-family: monospace; }
    #key-status { opacity: 0.8; }
    #graphiql { flex: 1; min-height: 0; }
  </style>
</head>
<body>
  <form id="key-form" autocomplete="off">
    <strong>涉税信息共享平台</strong>
    <label for="api-key">API key</label>
    <input id="api-key" name="api-key" type="password" placeholder="hub_…" spellcheck="false">
    <button type="submit">Use key</button>
    <span id="key-status"></span>
  </form>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/react.production.min.js"></script>
  <script src="/graphiql/react-dom.production.min.js"></script>
  <script src="/graphiql/graphiql.min.js"></script>
  <script src="/graphiql/hub-graphiql.js"></script>
</body>
</html>
`;

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
].join('; ');

function resolveAsset(name: string): string {
  if (name === 'hub-graphiql.js') {
    // The script sits next to this file in src/, and is not compiled: read it from src/ even when running from dist/.
    const candidates = [
      path.join(__dirname, 'graphiql', name),
      path.join(__dirname, '..', '..', '..', 'src', 'http', 'graphiql', name),
    ];
    return candidates.find((candidate) => fs.existsSync(candidate)) ?? candidates[0];
  }
  return path.join(packageDir(ASSETS[name].packageName), ASSETS[name].file);
}

/** Mounts GraphiQL: the page on GET /graphql for browsers, its assets under /graphiql/. */
export function mountGraphiql(app: Express, graphqlPath: string): void {
  app.get(graphqlPath, (req: Request, res: Response, next) => {
    // Browsers ask for HTML; GraphQL-over-GET clients do not.
    if (
      !req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) ||
      req.accepts('text/html') !== 'text/html'
    ) {
      return next();
    }
    if (typeof req.query.query === 'string') return next();
    res.set('Content-Security-Policy', CONTENT_SECURITY_POLICY).type('html').send(PAGE);
  });
  app.get('/graphiql/:asset', (req: Request, res: Response) => {
    const name = String(req.params.asset);
    if (!(name in ASSETS) && name !== 'hub-graphiql.js') {
      res.status(404).type('text').send('Not found');
      return;
    }
    res
      .type(name.endsWith('.css') ? 'text/css' : 'text/javascript')
      .set('Cache-Control', 'public, max-age=86400')
      .sendFile(resolveAsset(name));
  });
}
