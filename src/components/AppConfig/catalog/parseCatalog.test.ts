import { parseCatalog } from './parseCatalog';

describe('parseCatalog', () => {
  it.each([
    ['', {}],
    ['  ', {}],
    ['[]', { services: undefined }],
    ['[{"name":"checkout"}]', { services: [{ name: 'checkout' }] }],
  ])('reads %j', (text, want) => {
    expect(parseCatalog(text)).toEqual(want);
  });

  it.each([
    ['[{"name":', /^not valid JSON: /],
    ['{"name":"checkout"}', /^must be a JSON array of services/],
    ['["checkout"]', /^must be a JSON array of services/],
    ['[null]', /^must be a JSON array of services/],
    ['[[]]', /^must be a JSON array of services/],
  ])('refuses %j', (text, message) => {
    expect(parseCatalog(text)).toEqual({ error: expect.stringMatching(message) });
  });
});
