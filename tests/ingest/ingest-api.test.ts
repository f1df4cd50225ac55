/**
 * ingestArticle and reviewStatement over HTTP: auth, bad input that writes nothing, idempotence,
 * review with expectedVersion, what readers see, and the end-to-end path — ingest a development
 * article, confirm its statements, read them back through Query.statements as VERBATIM quotes.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCorpusFile } from '../../src/ingest/extraction/article-text.js';
import { type ApiHarness, bearer, startApi, TEST_KEYS } from '../helpers/api-server.js';

let api: ApiHarness;
const editor = bearer(TEST_KEYS.editor);
const reader = bearer(TEST_KEYS.reader);
const article003 = readCorpusFile(readFileSync('corpus/003_moscow-open-to-more-swaps.txt'));

const INGEST = `mutation($input: IngestArticleInput!) { ingestArticle(input: $input) {
  article { id slug headline sourceFile people { name } }
  statements { id text kind status extractedBy confidence version channel saidOn
    speaker { id name status } speakerCandidates { name score person { name } } }
  createdPeople { name status extractedBy roles { title evidence { paragraphIndex excerpt } } }
  unattributedQuotes
  userErrors { field message code } } }`;
const REVIEW = `mutation($input: ReviewStatementInput!) { reviewStatement(input: $input) {
  statement { id status version text speaker { name status } } userErrors { field message code } } }`;

interface Ingested {
  ingestArticle: {
    article: { id: string; slug: string; headline: string; sourceFile: string | null; people: Array<{ name: string }> } | null;
    statements: Array<{
      id: string;
      text: string;
      status: string;
      extractedBy: string;
      confidence: number;
      version: number;
      speaker: { id: string; name: string; status: string };
      speakerCandidates: Array<{ name: string; person: { name: string } | null }>;
    }>;
    createdPeople: Array<{ name: string; status: string; extractedBy: string; roles: Array<{ title: string }> }>;
    unattributedQuotes: string[];
    userErrors: Array<{ field: string[]; code: string; message: string }>;
  };
}
interface Reviewed {
  reviewStatement: {
    statement: { id: string; status: string; version: number; text: string; speaker: { name: string; status: string } } | null;
    userErrors: Array<{ field: string[]; code: string }>;
  };
}

const counts = async () => ({
  articles: await api.db.collection('articles').countDocuments(),
  people: await api.db.collection('people').countDocuments(),
  statements: await api.db.collection('statements').countDocuments(),
});

beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.stop());

describe('ingestArticle', () => {
  it('needs an editor: anonymous callers get UNAUTHENTICATED, readers FORBIDDEN, and nothing is written', async () => {
    const before = await counts();
    const anonymous = await api.query(INGEST, { input: article003 });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const asReader = await api.query(INGEST, { input: article003 }, reader);
    expect(asReader.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  it('refuses bad input with a VALIDATION user error and writes nothing', async () => {
    const before = await counts();
    const bad = [
      { text: '', publishedOn: '2025-04-12' },
      { text: '   \n\n  ', publishedOn: '2025-04-12' },
      { text: ' date 2025-04-11 The prefix disagrees with the date.', publishedOn: '2025-04-12' },
      { ...article003, sourceFile: 'x'.repeat(301) },
    ];
    for (const input of bad) {
      const { data, errors } = await api.query<Ingested>(INGEST, { input }, editor);
      expect(errors).toBeUndefined();
      expect(data?.ingestArticle.article).toBeNull();
      expect(data?.ingestArticle.userErrors[0].code).toBe('VALIDATION');
    }
    // Over 1 MB: the HTTP layer refuses the request body before GraphQL runs; nothing is written either.
    const huge = await api.query(INGEST, { input: { text: `A paragraph. ${'x'.repeat(1024 * 1024)}`, publishedOn: '2025-04-12' } }, editor);
    expect(huge.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    expect(await counts()).toEqual(before);
  });

  it('stores the article, adds only the people the database lacks, and proposes PENDING statements', async () => {
    const { data, errors } = await api.query<Ingested>(
      INGEST,
      { input: { ...article003, sourceFile: '003_moscow-open-to-more-swaps.txt' } },
      editor,
    );
    expect(errors).toBeUndefined();
    const result = data!.ingestArticle;
    expect(result.userErrors).toEqual([]);
    expect(result.article?.sourceFile).toBe('003_moscow-open-to-more-swaps.txt');
    expect(result.article?.headline).toMatch(/^Russia is ready to talk/);
    expect(result.statements.map((s) => [s.text.slice(0, 30), s.speaker.name])).toEqual([
      ['Dialogue with the new US admin', 'Sergei Naryshkin'],
      ['This helps rebuild the much-ne', 'Sergei Lavrov'],
      ['However, it will take time to ', 'Sergei Lavrov'],
      ['The idea came simultaneously f', 'Sergei Lavrov'],
      ["Mr. Trump, I'm so, so grateful", 'Ksenia Karelina'],
      ['never felt more blessed to be ', 'Ksenia Karelina'],
    ]);
    for (const s of result.statements) {
      expect(s.status).toBe('PENDING');
      expect(s.extractedBy).toMatch(/^newsgraph-rules\//);
      expect(s.confidence).toBeGreaterThan(0);
      expect(s.confidence).toBeLessThanOrEqual(1);
    }
    // Naryshkin and Karelina are in the seed: matched, not added; Lavrov is new.
    const added = result.createdPeople.map((p) => p.name);
    expect(added).toContain('Sergei Lavrov');
    expect(added).not.toContain('Sergei Naryshkin');
    expect(added).not.toContain('Ksenia Karelina');
    expect(result.createdPeople.every((p) => p.status === 'PENDING' && p.extractedBy.startsWith('newsgraph-rules/'))).toBe(true);
    expect(result.createdPeople.find((p) => p.name === 'Sergei Lavrov')?.roles.map((r) => r.title)).toEqual(['Foreign Minister']);
    expect(result.article?.people.map((p) => p.name)).toContain('Sergei Lavrov');
  });

  it('adds the ingested words to the search vocabulary, so a prefix being typed completes to them', async () => {
    const search = `query($q: String!) { search(query: $q, types: [ARTICLE]) { nodes { ... on Article { slug } } } }`;
    const { data } = await api.query<Ingested>(INGEST, { input: article003 }, editor);
    // "Almaty" occurs only in the ingested article's text.
    const after = await api.query<{ search: { nodes: Array<{ slug: string }> } }>(search, { q: 'Almat' });
    expect(after.data?.search.nodes).toEqual([{ slug: data?.ingestArticle.article?.slug }]);
  });

  it('is idempotent: the same text again adds no article, person or statement', async () => {
    const before = await counts();
    const first = await api.query<Ingested>(INGEST, { input: article003 }, editor);
    const again = await api.query<Ingested>(INGEST, { input: article003 }, editor);
    expect(await counts()).toEqual(before);
    expect(again.data?.ingestArticle.article?.id).toBe(first.data?.ingestArticle.article?.id);
    expect(again.data?.ingestArticle.statements.map((s) => s.id)).toEqual(first.data?.ingestArticle.statements.map((s) => s.id));
    expect(again.data?.ingestArticle.createdPeople).toEqual([]);
  });
});

describe('what readers see', () => {
  it('hides PENDING statements from readers; only editors may list pending statements or people', async () => {
    const { data } = await api.query<Ingested>(INGEST, { input: article003 }, editor);
    const articleId = data!.ingestArticle.article!.id;
    const list = `query($f: StatementFilter) { statements(filter: $f, first: 50) { nodes { id status } } }`;
    const publicView = await api.query<{ statements: { nodes: unknown[] } }>(list, { f: { articleId } });
    expect(publicView.data?.statements.nodes).toEqual([]);
    const askPending = await api.query(list, { f: { articleId, status: 'PENDING' } }, reader);
    expect(askPending.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const editorView = await api.query<{ statements: { nodes: Array<{ status: string }> } }>(
      list,
      { f: { articleId, status: 'PENDING' } },
      editor,
    );
    expect(editorView.data?.statements.nodes.length).toBe(6);
    const pendingPeople = `{ people(filter: { status: PENDING }, first: 100) { nodes { name status } } }`;
    expect((await api.query(pendingPeople, {}, reader)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const people = await api.query<{ people: { nodes: Array<{ name: string }> } }>(pendingPeople, {}, editor);
    expect(people.data?.people.nodes.map((p) => p.name)).toContain('Sergei Lavrov');
    const article = await api.query<{ node: { statements: { nodes: unknown[] } } }>(
      `query($id: ID!) { node(id: $id) { ... on Article { statements(first: 50) { nodes { id } } } } }`,
      {
        id: articleId,
      },
    );
    expect(article.data?.node.statements.nodes).toEqual([]);
  });

  it('answers null to readers who ask for an unreviewed statement by id; editors get it; linked data publishes neither it nor proposed people', async () => {
    const { data } = await api.query<Ingested>(INGEST, { input: article003 }, editor);
    const pending = data!.ingestArticle.statements.find((s) => s.status === 'PENDING');
    expect(pending).toBeTruthy();
    const byId = `query($s: ID!) { statement(id: $s) { id } node(id: $s) { id } nodes(ids: [$s]) { id } }`;
    for (const headers of [{}, reader]) {
      const seen = await api.query(byId, { s: pending!.id }, headers);
      expect(seen.errors).toBeUndefined();
      expect(seen.data).toEqual({ statement: null, node: null, nodes: [null] });
    }
    const asEditor = await api.query(byId, { s: pending!.id }, editor);
    expect(asEditor.data).toEqual({ statement: { id: pending!.id }, node: { id: pending!.id }, nodes: [{ id: pending!.id }] });
    // Linked data is public: an unconfirmed person is not published, nor mentioned by the article.
    const proposed = await api.query<{ people: { nodes: Array<{ slug: string; name: string }> } }>(
      `{ people(filter: { status: PENDING }, first: 100) { nodes { slug name } } }`,
      {},
      editor,
    );
    const lavrov = proposed.data!.people.nodes.find((p) => p.name === 'Sergei Lavrov');
    expect((await fetch(`${api.url}/ld/people/${lavrov!.slug}`)).status).toBe(404);
    const articleLd = (await (await fetch(`${api.url}/ld/articles/${data!.ingestArticle.article!.slug}`)).json()) as {
      mentions: Array<{ name: string }>;
    };
    expect(articleLd.mentions.map((m) => m.name)).not.toContain('Sergei Lavrov');
  });

  it('shows the seed’s curated statements as CONFIRMED and not machine-extracted', async () => {
    const { data } = await api.query<{
      statements: { nodes: Array<{ status: string; extractedBy: string | null; confidence: number | null }> };
    }>(`{ statements(first: 100) { nodes { status extractedBy confidence } } }`);
    expect(data!.statements.nodes.length).toBeGreaterThan(0);
    expect(data!.statements.nodes.every((s) => s.status === 'CONFIRMED' && s.extractedBy === null && s.confidence === null)).toBe(true);
  });
});

describe('reviewStatement', () => {
  it('needs an editor and the current version, and refuses words that are not in the paragraph', async () => {
    const { data } = await api.query<Ingested>(INGEST, { input: article003 }, editor);
    const target = data!.ingestArticle.statements[0];
    const asReader = await api.query(REVIEW, { input: { id: target.id, expectedVersion: target.version, decision: 'REJECT' } }, reader);
    expect(asReader.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const stale = await api.query<Reviewed>(
      REVIEW,
      { input: { id: target.id, expectedVersion: target.version + 5, decision: 'CONFIRM' } },
      editor,
    );
    expect(stale.data?.reviewStatement.userErrors[0].code).toBe('STALE_VERSION');
    const invented = await api.query<Reviewed>(
      REVIEW,
      { input: { id: target.id, expectedVersion: target.version, decision: 'CONFIRM', text: 'Words nobody said' } },
      editor,
    );
    expect(invented.data?.reviewStatement.userErrors[0]).toMatchObject({ code: 'EVIDENCE_MISMATCH', field: ['input', 'text'] });
    const mixed = await api.query<Reviewed>(
      REVIEW,
      { input: { id: target.id, expectedVersion: target.version, decision: 'REJECT', channel: 'TASS' } },
      editor,
    );
    expect(mixed.data?.reviewStatement.userErrors[0].code).toBe('VALIDATION');
  });

  it('end to end: confirms (one with a corrected speaker), rejects one, and readers get them VERBATIM through Query.statements', async () => {
    const { data } = await api.query<Ingested>(INGEST, { input: article003 }, editor);
    const [naryshkin, lavrov1, lavrov2, lavrov3, karelina1, karelina2] = data!.ingestArticle.statements;
    const lavrovId = lavrov1.speaker.id;
    const review = (s: { id: string; version: number }, extra: Record<string, unknown> = {}) =>
      api.query<Reviewed>(REVIEW, { input: { id: s.id, expectedVersion: s.version, decision: 'CONFIRM', ...extra } }, editor);
    for (const s of [naryshkin, lavrov1, lavrov2, karelina1]) {
      const r = await review(s);
      expect(r.data?.reviewStatement.userErrors).toEqual([]);
      expect(r.data?.reviewStatement.statement).toMatchObject({ status: 'CONFIRMED', version: s.version + 1 });
    }
    // The editor decides Karelina's partial quote was Lavrov's (a correction through speakerId): the new speaker is kept.
    const corrected = await review(karelina2, { speakerId: lavrovId });
    expect(corrected.data?.reviewStatement.statement?.speaker.name).toBe('Sergei Lavrov');
    const rejected = await api.query<Reviewed>(
      REVIEW,
      { input: { id: lavrov3.id, expectedVersion: lavrov3.version, decision: 'REJECT' } },
      editor,
    );
    expect(rejected.data?.reviewStatement.statement?.status).toBe('REJECTED');
    // A second review from the version already reviewed loses.
    const late = await review(naryshkin);
    expect(late.data?.reviewStatement.userErrors[0].code).toBe('STALE_VERSION');

    // Confirming Lavrov's statement confirmed Lavrov, whom the ingest had added as PENDING.
    const lavrov = await api.query<{ node: { status: string } }>(`query($id: ID!) { node(id: $id) { ... on Person { status } } }`, {
      id: lavrovId,
    });
    expect(lavrov.data?.node.status).toBe('CONFIRMED');

    const read = await api.query<{
      statements: {
        nodes: Array<{ text: string; status: string; speaker: { name: string }; verification: { status: string; paragraphIndex: number } }>;
      };
    }>(
      `query($f: StatementFilter) { statements(filter: $f, orderBy: { field: PARAGRAPH, direction: ASC }, first: 50) {
        nodes { text status speaker { name } verification { status paragraphIndex } } } }`,
      { f: { articleId: data!.ingestArticle.article!.id } },
    );
    const nodes = read.data!.statements.nodes;
    expect(nodes.map((n) => [n.speaker.name, n.status, n.verification.status])).toEqual([
      ['Sergei Naryshkin', 'CONFIRMED', 'VERBATIM'],
      ['Sergei Lavrov', 'CONFIRMED', 'VERBATIM'],
      ['Sergei Lavrov', 'CONFIRMED', 'VERBATIM'],
      ['Ksenia Karelina', 'CONFIRMED', 'VERBATIM'],
      ['Sergei Lavrov', 'CONFIRMED', 'VERBATIM'],
    ]);
    expect(nodes[0].text).toBe(naryshkin.text);

    // Re-ingesting after the review changes nothing: reviews stand, nothing is proposed again.
    const before = await counts();
    const again = await api.query<Ingested>(INGEST, { input: article003 }, editor);
    expect(await counts()).toEqual(before);
    expect(again.data?.ingestArticle.statements.map((s) => s.status)).toEqual([
      'CONFIRMED',
      'CONFIRMED',
      'CONFIRMED',
      'REJECTED',
      'CONFIRMED',
      'CONFIRMED',
    ]);
  });
});

describe('speakers known only by role, and words without a speaker', () => {
  // Written for this test: the speaker is never named, only "the Kremlin spokesman" (the seed knows
  // Dmitry Peskov by that role), "the president" (the seed has two), and an unnamed diplomat.
  const text = [
    ' date 2025-05-02 Moscow dismissed the proposal on Thursday. "There is nothing to discuss yet," the Kremlin spokesman told reporters.',
    'A senior European diplomat said the offer was "dead on arrival".',
    'Washington was unmoved. "We will keep the pressure on," the president said.',
  ].join('\n\n');
  const QUERY = `mutation($input: IngestArticleInput!) { ingestArticle(input: $input) {
    article { id } unattributedQuotes userErrors { code }
    statements { id text status version confidence speaker { name } speakerCandidates { name person { name } } } } }`;
  type Result = {
    ingestArticle: {
      article: { id: string };
      unattributedQuotes: string[];
      statements: Array<{
        id: string;
        text: string;
        status: string;
        version: number;
        confidence: number;
        speaker: { name: string } | null;
        speakerCandidates: Array<{ name: string; person: { name: string } | null }>;
      }>;
    };
  };

  it('gives a role reference to the one person the database knows by that role, and several to the editor', async () => {
    const { data, errors } = await api.query<Result>(QUERY, { input: { text, publishedOn: '2025-05-02' } }, editor);
    expect(errors).toBeUndefined();
    const [spokesman, diplomat, president] = data!.ingestArticle.statements;
    expect(spokesman).toMatchObject({ text: 'There is nothing to discuss yet', speaker: { name: 'Dmitry Peskov' } });
    expect(spokesman.confidence).toBeLessThan(0.9);
    expect(spokesman.speakerCandidates.map((c) => c.person?.name)).toEqual(['Dmitry Peskov']);
    expect(diplomat).toMatchObject({ text: 'dead on arrival', speaker: null, status: 'PENDING' });
    expect(president.speaker).toBeNull();
    // The seed holds several presidents: none is chosen, all are offered.
    expect(president.speakerCandidates.map((c) => c.name)).toEqual(expect.arrayContaining(['Donald Trump', 'Vladimir Putin']));
    expect(data!.ingestArticle.unattributedQuotes).toEqual(['dead on arrival', 'We will keep the pressure on']);
  });

  it('keeps speakerless statements PENDING and hidden; confirming one needs a speaker', async () => {
    const { data } = await api.query<Result>(QUERY, { input: { text, publishedOn: '2025-05-02' } }, editor);
    const articleId = data!.ingestArticle.article.id;
    const president = data!.ingestArticle.statements[2];
    const refused = await api.query<Reviewed>(
      REVIEW,
      { input: { id: president.id, expectedVersion: president.version, decision: 'CONFIRM' } },
      editor,
    );
    expect(refused.data?.reviewStatement.userErrors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'speakerId'] });
    const list = `query($f: StatementFilter) { statements(filter: $f, first: 50) { nodes { text speaker { name } } } }`;
    expect((await api.query<{ statements: { nodes: unknown[] } }>(list, { f: { articleId } })).data?.statements.nodes).toEqual([]);
    const pending = await api.query<{ statements: { nodes: Array<{ text: string; speaker: { name: string } | null }> } }>(
      list,
      { f: { articleId, status: 'PENDING' } },
      editor,
    );
    expect(pending.data?.statements.nodes.filter((n) => n.speaker === null).map((n) => n.text)).toEqual([
      'dead on arrival',
      'We will keep the pressure on',
    ]);

    const { data: ids } = await api.query<{ people: { nodes: Array<{ id: string; name: string }> } }>(
      `{ people(first: 100) { nodes { id name } } }`,
    );
    const trump = ids!.people.nodes.find((p) => p.name === 'Donald Trump')!;
    const confirmed = await api.query<Reviewed>(
      REVIEW,
      { input: { id: president.id, expectedVersion: president.version, decision: 'CONFIRM', speakerId: trump.id } },
      editor,
    );
    expect(confirmed.data?.reviewStatement.userErrors).toEqual([]);
    expect(confirmed.data?.reviewStatement.statement).toMatchObject({ status: 'CONFIRMED', speaker: { name: 'Donald Trump' } });
    const readerView = await api.query<{ statements: { nodes: Array<{ text: string; speaker: { name: string } }> } }>(list, {
      f: { articleId },
    });
    expect(readerView.data?.statements.nodes).toEqual([{ text: 'We will keep the pressure on', speaker: { name: 'Donald Trump' } }]);
  });
});
