/** The two command lines: `extract` on every corpus file (exact JSON shape) and both on bad input. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const tsx = (script: string, args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, ...env }, maxBuffer: 10_000_000 }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

const corpusFiles = readdirSync('corpus').filter((f) => f.endsWith('.txt'));

describe('npm run extract', () => {
  it('prints exactly the documented JSON for every corpus file', async () => {
    const runs = await Promise.all(corpusFiles.map((file) => tsx('src/ingest/cli/extract.ts', [join('corpus', file)])));
    for (const [i, { code, stdout }] of runs.entries()) {
      expect(code, corpusFiles[i]).toBe(0);
      const output = JSON.parse(stdout) as { statements: Array<Record<string, unknown>>; people: Array<Record<string, unknown>> };
      expect(Object.keys(output)).toEqual(['statements', 'people']);
      expect(output.statements.length, corpusFiles[i]).toBeGreaterThan(0);
      for (const s of output.statements) {
        expect(Object.keys(s)).toEqual(['paragraphIndex', 'text', 'kind', 'speaker', 'channel', 'saidOn', 'confidence']);
        expect(['DIRECT_QUOTE', 'PARTIAL_QUOTE']).toContain(s.kind);
      }
      for (const p of output.people) expect(Object.keys(p)).toEqual(['name', 'aliases', 'roles']);
    }
  }, 120_000);

  it('refuses bad input with a clear message, an exit code of 1 and nothing on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'extract-'));
    const cases: Array<[string, Buffer, RegExp]> = [
      ['empty.txt', Buffer.alloc(0), /EMPTY_ARTICLE/],
      ['plain.txt', Buffer.from('No date prefix here.'), /NOT_CORPUS_FORMAT/],
      ['latin1.txt', Buffer.from([0x20, 0x64, 0x61, 0x74, 0x65, 0x20, 0xe9, 0xe9]), /NOT_UTF8/],
      ['huge.txt', Buffer.from(` date 2025-01-01 ${'word '.repeat(220_000)}`), /ARTICLE_TOO_LARGE/],
    ];
    for (const [name, bytes] of cases) writeFileSync(join(dir, name), bytes);
    const runs = await Promise.all(cases.map(([name]) => tsx('src/ingest/cli/extract.ts', [join(dir, name)])));
    for (const [i, [name, , message]] of cases.entries()) {
      const { code, stdout, stderr } = runs[i];
      expect(code, name).toBe(1);
      expect(stdout, name).toBe('');
      expect(stderr, name).toMatch(message);
      expect(stderr, name).not.toMatch(/\n\s+at /);
    }
  }, 120_000);
});

describe('npm run ingest', () => {
  it('refuses a batch with one bad file before writing anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ingest-'));
    writeFileSync(join(dir, 'bad.txt'), 'not an article');
    const { code, stderr } = await tsx('src/ingest/cli/ingest.ts', ['corpus/003_moscow-open-to-more-swaps.txt', join(dir, 'bad.txt')], {
      DATA_DIR: join(dir, 'data'),
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/bad\.txt: NOT_CORPUS_FORMAT/);
    expect(stderr).toMatch(/nothing was written/);
    expect(readdirSync(dir)).toEqual(['bad.txt']);
  }, 60_000);
});
