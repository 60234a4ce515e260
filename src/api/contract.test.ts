// The client and the Go route table (src/api/generated/routes.ts) agree: the typecheck already
// refuses a client call to a path that is not a route (src/api/paths.ts); this test refuses a
// route the UI does not call, unless the Go side lists who does (pkg/api NotCalledByUI).
import { readFileSync } from 'fs';
import { join } from 'path';

import { NOT_CALLED_BY_UI, ROUTES } from './generated/routes';

const clientSource = readFileSync(join(__dirname, 'client.ts'), 'utf8');
const called = new Set(Array.from(clientSource.matchAll(/resource\(\s*'([A-Z]+ [^']+)'/g), (m) => m[1]));

describe('the route contract', () => {
  const keys = ROUTES.map((r) => `${r.method} ${r.path}`);

  it.each(keys.filter((k) => !(k in NOT_CALLED_BY_UI)))('the client calls %s', (key) => {
    expect(called).toContain(key);
  });

  it('the client calls no route listed as not called by the UI, and only routes', () => {
    for (const key of called) {
      expect(keys).toContain(key);
      expect(Object.keys(NOT_CALLED_BY_UI)).not.toContain(key);
    }
    expect(called.size).toBeGreaterThan(0);
  });
});
