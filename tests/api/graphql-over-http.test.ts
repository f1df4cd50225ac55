/**
 * The GraphQL-over-HTTP audit from `graphql-http`, run against the real server: every MUST passes.
 * SHOULD/MAY warnings are printed and listed in the README with the reason for each.
 */
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApi } from '../helpers/api-server.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.stop());

describe('GraphQL over HTTP audit', () => {
  it('passes every MUST', async () => {
    const audits = serverAudits({ url: () => `${api.url}/graphql`, fetchFn: fetch });
    const failedMusts: string[] = [];
    const warnings: string[] = [];
    for (const audit of audits) {
      const result = await audit.fn();
      if (result.status === 'ok') continue;
      const line = `${result.status} ${audit.id} ${audit.name}: ${'reason' in result ? result.reason : ''}`;
      if (audit.name.startsWith('MUST')) failedMusts.push(line);
      else warnings.push(line);
    }
    if (warnings.length > 0) console.info(`graphql-http audit warnings (${warnings.length}):\n${warnings.join('\n')}`);
    expect(failedMusts).toEqual([]);
    expect(audits.filter((a) => a.name.startsWith('MUST')).length).toBeGreaterThan(10);
  });
});
