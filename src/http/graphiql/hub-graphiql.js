/* GraphiQL for the hub: asks for an API key, keeps it in this browser only, sends it as a Bearer token. */
(function () {
  'use strict';
  var STORAGE_KEY = 'tax-info-hub.apiKey';
  var input = document.getElementById('api-key');
  var status = document.getElementById('key-status');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  var DEFAULT_QUERY = [
    '# 涉税信息共享平台 · GraphQL',
    '# Paste an API key above (the first start writes demo keys to .hub-data/demo-keys.json),',
    '# then press the run button. The Docs panel on the left lists every type.',
    '',
    'query CatalogueOverview {',
    '  viewer { keyName roles unit { code name } }',
    '  catalogItems(first: 10, filter: { direction: TO_TAX }) {',
    '    totalCount',
    '    nodes { code name provider { name } updateCycle dueRule sharingType }',
    '  }',
    '}',
    '',
    '# Shared records: every published item is a type of its own under `shared`. Only fields',
    '# your grants cover may be selected, and every read is recorded in the access ledger.',
    'query SharedRecords {',
    '  shared(purpose: ADMINISTRATIVE_BASIS) {',
    '    enterpriseRegistration(first: 10) {',
    '      nodes { uscc enterpriseName }',
    '      pageInfo { hasNextPage endCursor }',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');

  function render(key) {
    var headers = key ? { Authorization: 'Bearer ' + key } : {};
    var fetcher = GraphiQL.createFetcher({ url: window.location.pathname, headers: headers });
    status.textContent = key ? 'key set' : 'no key: requests will be refused (UNAUTHENTICATED)';
    root.render(
      React.createElement(GraphiQL, {
        key: key || 'anonymous',
        fetcher: fetcher,
        defaultQuery: DEFAULT_QUERY,
        defaultEditorToolsVisibility: true,
      }),
    );
  }

  input.value = window.localStorage.getItem(STORAGE_KEY) || '';
  document.getElementById('key-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var key = input.value.trim();
    if (key) window.localStorage.setItem(STORAGE_KEY, key);
    else window.localStorage.removeItem(STORAGE_KEY);
    render(key);
  });
  render(input.value.trim());
})();
