/**
 * Writes keep the provenance promise: a quote is refused unless its words are in the paragraph it
 * cites (on create, update and article edits), and a cascading delete leaves no fact without a
 * source and reports every document it deleted or modified.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, bearer, startApi, TEST_KEYS } from '../helpers/api-server.js';

let api: ApiHarness;
const ids: Record<string, string> = {};

type UserError = { field: string[] | null; message: string; code: string };
const ERRORS = 'userErrors { field message code }';

async function mutate<T = Record<string, unknown>>(query: string, variables: Record<string, unknown>): Promise<T> {
  const result = await api.query<T>(query, variables, bearer(TEST_KEYS.editor));
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

async function createArticle(slug: string, paragraphs: string[]): Promise<string> {
  const created = await mutate<{ createArticle: { article: { id: string }; userErrors: UserError[] } }>(
    `mutation($input: CreateArticleInput!) { createArticle(input: $input) { article { id } ${ERRORS} } }`,
    { input: { slug, headline: slug, publishedAt: '2025-05-01T00:00:00Z', paragraphs: paragraphs.map((text) => ({ text })) } },
  );
  expect(created.createArticle.userErrors).toEqual([]);
  return created.createArticle.article.id;
}

const CREATE_STATEMENT = `mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id version verification { status } } ${ERRORS} } }`;
const UPDATE_STATEMENT = `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { statement { id version verification { status } } ${ERRORS} } }`;

type StatementResult = { statement: { id: string; version: number; verification: { status: string } } | null; userErrors: UserError[] };

beforeAll(async () => {
  api = await startApi();
  const { data } = await api.query<{ trump: { id: string }; putin: { id: string }; karelina: { id: string } }>(
    '{ trump: person(slug: "donald-trump") { id } putin: person(slug: "vladimir-putin") { id } karelina: person(slug: "ksenia-karelina") { id } }',
  );
  Object.assign(ids, { trump: data?.trump.id, putin: data?.putin.id, karelina: data?.karelina.id });
  ids.quotes = await createArticle('quotes-article', ['He said "we will win" and left.', 'Nothing else happened.']);
});
afterAll(() => api.stop());

describe('quotes are verified on every write', () => {
  const input = (overrides: Record<string, unknown> = {}) => ({
    text: 'we will win',
    kind: 'DIRECT_QUOTE',
    speakerId: ids.trump,
    articleId: ids.quotes,
    evidence: [{ articleId: ids.quotes, paragraphIndex: 0, excerpt: 'He said' }],
    ...overrides,
  });

  it('refuses to create a quote whose words are not in the cited paragraph', async () => {
    for (const kind of ['DIRECT_QUOTE', 'PARTIAL_QUOTE']) {
      const refused = await mutate<{ createStatement: StatementResult }>(CREATE_STATEMENT, {
        input: input({ kind, text: 'we will lose' }),
      });
      expect(refused.createStatement.statement).toBeNull();
      expect(refused.createStatement.userErrors[0]).toMatchObject({ code: 'EVIDENCE_MISMATCH', field: ['input', 'text'] });
    }
    // The same words as a paraphrase are the reporter's, not a quote: accepted.
    const paraphrase = await mutate<{ createStatement: StatementResult }>(CREATE_STATEMENT, {
      input: input({ kind: 'PARAPHRASE', text: 'we will lose' }),
    });
    expect(paraphrase.createStatement.statement?.verification.status).toBe('NOT_APPLICABLE');
    const verbatim = await mutate<{ createStatement: StatementResult }>(CREATE_STATEMENT, { input: input() });
    expect(verbatim.createStatement.statement?.verification.status).toBe('VERBATIM');
    ids.quote = verbatim.createStatement.statement?.id ?? '';
    ids.paraphrase = paraphrase.createStatement.statement?.id ?? '';
  });

  it('refuses updates that would make a stored quote unverifiable', async () => {
    const text = await mutate<{ updateStatement: StatementResult }>(UPDATE_STATEMENT, {
      input: { id: ids.quote, expectedVersion: 1, text: 'we will lose' },
    });
    expect(text.updateStatement.userErrors[0]).toMatchObject({ code: 'EVIDENCE_MISMATCH', field: ['input', 'text'] });
    const moved = await mutate<{ updateStatement: StatementResult }>(UPDATE_STATEMENT, {
      input: { id: ids.quote, expectedVersion: 1, evidence: [{ articleId: ids.quotes, paragraphIndex: 1, excerpt: 'Nothing else' }] },
    });
    expect(moved.updateStatement.userErrors[0].code).toBe('EVIDENCE_MISMATCH');
    // A paraphrase turned into a quote must now be found.
    const kind = await mutate<{ updateStatement: StatementResult }>(UPDATE_STATEMENT, {
      input: { id: ids.paraphrase, expectedVersion: 1, kind: 'PARTIAL_QUOTE' },
    });
    expect(kind.updateStatement.userErrors[0].code).toBe('EVIDENCE_MISMATCH');
    const { data } = await api.query<{ statement: { version: number; verification: { status: string } } }>(
      'query($id: ID!) { statement(id: $id) { version verification { status } } }',
      { id: ids.quote },
    );
    expect(data?.statement).toEqual({ version: 1, verification: { status: 'VERBATIM' } });
  });

  it('refuses an article edit that would unverify a quote it reports, naming the statement by its public id', async () => {
    const edit = await mutate<{ updateArticle: { article: unknown; userErrors: UserError[] } }>(
      `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { article { id } ${ERRORS} } }`,
      // The citation's excerpt ("He said") survives; the quoted words do not.
      {
        input: {
          id: ids.quotes,
          expectedVersion: 1,
          paragraphs: [{ text: 'He said "we might win" and left.' }, { text: 'Nothing else happened.' }],
        },
      },
    );
    expect(edit.updateArticle.userErrors[0]).toMatchObject({ code: 'EVIDENCE_MISMATCH', field: ['input', 'paragraphs'] });
    expect(edit.updateArticle.userErrors[0].message).toContain(ids.quote);
    expect(edit.updateArticle.userErrors[0].message).not.toMatch(/statement-[0-9a-f]{24}/);
  });

  it('names missing references by their public id, never the internal key', async () => {
    const ghostHex = '0123456789abcdef01234567';
    const ghost = Buffer.from(`Person:${ghostHex}`).toString('base64');
    for (const field of ['speakerId', 'aboutIds']) {
      const refused = await mutate<{ createStatement: StatementResult }>(CREATE_STATEMENT, {
        input: input(field === 'speakerId' ? { speakerId: ghost } : { aboutIds: [ghost] }),
      });
      expect(refused.createStatement.userErrors[0].code).toBe('INVALID_REFERENCE');
      expect(refused.createStatement.userErrors[0].message).toContain(ghost);
      expect(refused.createStatement.userErrors[0].message).not.toContain(ghostHex);
    }
  });
});

describe('cascading deletes leave no fact without a source', () => {
  it('removes roles, releases, statements and exchanges whose only citations were in the article, and reports every change', async () => {
    const other = await createArticle('other-article', ['Ms Karelina was a ballet dancer.', 'A swap took place in Abu Dhabi.']);
    const doomed = await createArticle('doomed-article', ['Ms Karelina was a dancer in Los Angeles.', 'She said "I am free" on arrival.']);
    const cite = (articleId: string, paragraphIndex: number, excerpt: string) => ({ articleId, paragraphIndex, excerpt });

    const person = await mutate<{ createPerson: { person: { id: string } } }>(
      `mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } ${ERRORS} } }`,
      {
        input: {
          slug: 'cascade-person',
          name: 'Cascade Person',
          roles: [
            { title: 'Dancer', evidence: [cite(doomed, 0, 'a dancer'), cite(other, 0, 'ballet dancer')] },
            { title: 'Resident', evidence: [cite(doomed, 0, 'Los Angeles')] },
          ],
        },
      },
    );
    const personId = person.createPerson.person.id;
    const exchange = (slug: string, releases: unknown[], evidence: unknown[]) =>
      mutate<{ createExchange: { exchange: { id: string }; userErrors: UserError[] } }>(
        `mutation($input: CreateExchangeInput!) { createExchange(input: $input) { exchange { id } ${ERRORS} } }`,
        {
          input: { slug, date: '2025-04-10', description: slug, countries: ['US', 'RU'], releases, articleIds: [doomed, other], evidence },
        },
      );
    const release = (personId: string, evidence: unknown[]) => ({ personId, releasedBy: 'RU', releasedTo: 'US', evidence });
    // Sourced only by the doomed article: goes with it.
    const onlyDoomed = (
      await exchange('only-doomed', [release(ids.karelina, [cite(doomed, 0, 'Karelina')])], [cite(doomed, 0, 'Karelina')])
    ).createExchange.exchange.id;
    // Keeps its own citation in the other article, loses the release sourced only by the doomed one.
    const partly = (
      await exchange(
        'partly-doomed',
        [release(ids.karelina, [cite(doomed, 0, 'Karelina')]), release(personId, [cite(other, 0, 'Karelina')])],
        [cite(other, 1, 'swap')],
      )
    ).createExchange.exchange.id;
    const statement = await mutate<{ createStatement: StatementResult }>(CREATE_STATEMENT, {
      input: {
        text: 'I am free',
        kind: 'DIRECT_QUOTE',
        speakerId: ids.karelina,
        articleId: doomed,
        evidence: [cite(doomed, 1, 'I am free')],
      },
    });
    const statementId = statement.createStatement.statement?.id;

    const deleted = await mutate<{
      deleteArticle: { deletedId: string; cascadedIds: string[]; modifiedIds: string[]; userErrors: UserError[] };
    }>(`mutation($input: DeleteInput!) { deleteArticle(input: $input) { deletedId cascadedIds modifiedIds ${ERRORS} } }`, {
      input: { id: doomed, cascade: true },
    });
    expect(deleted.deleteArticle.userErrors).toEqual([]);
    expect(deleted.deleteArticle.deletedId).toBe(doomed);
    expect(deleted.deleteArticle.cascadedIds.sort()).toEqual([statementId, onlyDoomed].sort());
    expect(deleted.deleteArticle.modifiedIds.sort()).toEqual([personId, partly].sort());

    const { data } = await api.query<{
      person: { roles: Array<{ title: string; evidence: Array<{ excerpt: string }> }>; version: number };
      partly: { releases: Array<{ person: { id: string } }>; articles: Array<{ id: string }>; evidence: unknown[] };
      gone: unknown;
    }>(
      `query($person: ID!, $gone: ID!) {
        person: person(id: $person) { version roles { title evidence { excerpt } } }
        partly: exchange(slug: "partly-doomed") { releases { person { id } } articles { id } evidence { excerpt } }
        gone: node(id: $gone) { id }
      }`,
      { person: personId, gone: onlyDoomed },
    );
    expect(data?.person.roles).toEqual([{ title: 'Dancer', evidence: [{ excerpt: 'ballet dancer' }] }]);
    expect(data?.person.version).toBe(2);
    expect(data?.partly.releases.map((r) => r.person.id)).toEqual([personId]);
    expect(data?.partly.articles.map((a) => a.id)).toEqual([other]);
    expect(data?.gone).toBeNull();
    // The exchange's denormalised list of released people follows its releases.
    const stored = await api.db.collection('exchanges').findOne({ slug: 'partly-doomed' });
    expect(stored?.personIds).toHaveLength(1);
    // Nowhere does an empty evidence list remain.
    for (const name of ['people', 'exchanges', 'statements']) {
      const docs = await api.db.collection(name).find({}).toArray();
      expect(JSON.stringify(docs)).not.toContain('"evidence":[]');
    }
  });

  it('reports what a person cascade deleted and modified', async () => {
    const { data } = await api.query<{ peskov: { id: string }; article: { id: string } }>(
      '{ peskov: person(slug: "dmitry-peskov") { id } article(slug: "trump-tells-russia-to-get-moving-as-witkoff-meets-putin") { id } }',
    );
    const deleted = await mutate<{ deletePerson: { cascadedIds: string[]; modifiedIds: string[]; userErrors: UserError[] } }>(
      `mutation($input: DeleteInput!) { deletePerson(input: $input) { cascadedIds modifiedIds ${ERRORS} } }`,
      { input: { id: data?.peskov.id, cascade: true } },
    );
    expect(deleted.deletePerson.userErrors).toEqual([]);
    expect(deleted.deletePerson.cascadedIds).toHaveLength(3);
    expect(deleted.deletePerson.modifiedIds).toContain(data?.article.id);
  });
});

describe('names refuse control and bidirectional-override characters; long texts refuse NUL', () => {
  const PERSON = `mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } ${ERRORS} } }`;

  it('refuses them in names, aliases and slugs, naming the field and the character', async () => {
    for (const [field, value, character] of [
      ['name', 'Vladimir \u202EnituP', 'U+202E'],
      ['name', 'Null\u0000Person', 'U+0000'],
      ['name', 'Isolated \u2066name\u2069', 'U+2066'],
      ['aliases', ['Tab\tName'], 'U+0009'],
    ] as const) {
      const refused = await mutate<{ createPerson: { person: unknown; userErrors: UserError[] } }>(PERSON, {
        input: { slug: 'sneaky-person', name: 'Sneaky', [field]: value },
      });
      expect(refused.createPerson.person).toBeNull();
      expect(refused.createPerson.userErrors[0].code).toBe('VALIDATION');
      expect(refused.createPerson.userErrors[0].field?.slice(0, 2)).toEqual(['input', field]);
      expect(refused.createPerson.userErrors[0].message).toContain(character);
    }
    const slug = await mutate<{ createPerson: { userErrors: UserError[] } }>(PERSON, {
      input: { slug: 'sneaky\u202E-person', name: 'Sneaky' },
    });
    expect(slug.createPerson.userErrors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'slug'] });
  });

  it('refuses them in a channel, and NUL in a quote, but keeps right-to-left text in paragraphs', async () => {
    const base = {
      text: 'we will win',
      kind: 'DIRECT_QUOTE',
      speakerId: ids.trump,
      articleId: ids.quotes,
      evidence: [{ articleId: ids.quotes, paragraphIndex: 0, excerpt: 'we will win' }],
    };
    const channel = await mutate<{ createStatement: StatementResult }>(CREATE_STATEMENT, {
      input: { ...base, channel: 'Truth\u202E Social' },
    });
    expect(channel.createStatement.userErrors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'channel'] });
    const nul = await mutate<{ createStatement: StatementResult }>(CREATE_STATEMENT, { input: { ...base, context: 'asked\u0000twice' } });
    expect(nul.createStatement.userErrors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'context'] });
    expect(nul.createStatement.userErrors[0].message).toContain('NUL');
    const arabic = await createArticle('right-to-left', ['He said \u202Bمرحبا\u202C and\nleft.']);
    expect(arabic).toBeTruthy();
  });
});
