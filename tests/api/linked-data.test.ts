/**
 * JSON-LD: the `jsonLd` field of every node type and the /ld/ routes, parsed with the `jsonld`
 * package. Expansion never touches the network: the document loader answers schema.org's context
 * from tests/fixtures and refuses any other URL, so a document that needed a remote fetch would fail
 * the test. The fixture is a subset of the context schema.org publishes (data/releases/…/
 * schemaorgcontext.jsonld in schemaorg/schemaorg): its `id`/`type` aliases and its vocabulary, which
 * it maps to `http://schema.org/` — so expanded terms are the IRIs consumers of the real context see.
 */
import { readFileSync } from 'node:fs';
import jsonld from 'jsonld';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE, EXCHANGES, PEOPLE, STATEMENTS } from '../../seed/annotations.js';
import { globalId } from '../../src/db/ids.js';
import { type ApiHarness, startApi } from '../helpers/api-server.js';

const SCHEMA_CONTEXT = JSON.parse(readFileSync(new URL('../fixtures/schema-org-context.json', import.meta.url), 'utf8'));
const S = 'http://schema.org/';

const documentLoader = async (url: string) => {
  if (/^https?:\/\/schema\.org\/?$/.test(url)) return { contextUrl: undefined, documentUrl: url, document: SCHEMA_CONTEXT };
  throw new Error(`no network in tests: refused to load ${url}`);
};

type Expanded = Record<string, unknown>;

async function expand(doc: object): Promise<Expanded> {
  const expanded = (await jsonld.expand(doc as jsonld.JsonLdDocument, { documentLoader: documentLoader as never })) as Expanded[];
  expect(expanded).toHaveLength(1);
  return expanded[0];
}

/** The values of a schema.org property in expanded form: `@value`s and `@id`s. */
function values(node: Expanded, property: string): unknown[] {
  const list = (node[`${S}${property}`] ?? []) as Array<Record<string, unknown>>;
  return list.map((item) => item['@value'] ?? item['@id'] ?? item);
}

function nested(node: Expanded, property: string): Expanded[] {
  return (node[`${S}${property}`] ?? []) as Expanded[];
}

let api: ApiHarness;
let statementId: string;

beforeAll(async () => {
  api = await startApi({ limits: { depth: 10 } });
  const { data } = await api.query<{ statements: { nodes: Array<{ id: string; text: string }> } }>(
    '{ statements(first: 100) { nodes { id text } } }',
  );
  statementId = data?.statements.nodes.find((s) => s.text === 'pissed off')?.id as string;
});
afterAll(() => api.stop());

async function getLd(path: string): Promise<{ status: number; type: string | null; body: Record<string, unknown> }> {
  const response = await fetch(`${api.url}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
}

describe('JSON-LD documents', () => {
  it('an article is a NewsArticle with headline, datePublished, articleBody, mentions and about', async () => {
    const { status, type, body } = await getLd(`/ld/articles/${ARTICLE.slug}`);
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/ld\+json/);
    expect(body['@id']).toBe(`${api.url}/ld/articles/${ARTICLE.slug}`);
    const node = await expand(body);
    expect(node['@type']).toEqual([`${S}NewsArticle`]);
    expect(values(node, 'headline')).toEqual([ARTICLE.headline]);
    expect(values(node, 'datePublished')).toEqual(['2025-04-11T00:00:00.000Z']);
    const articleBody = values(node, 'articleBody')[0] as string;
    expect(articleBody).toContain('Russia has to get moving');
    const mentioned = nested(node, 'mentions');
    expect(mentioned.map((m) => values(m, 'name')[0]).sort()).toEqual(PEOPLE.map((p) => p.name).sort());
    expect(mentioned.every((m) => (m['@type'] as string[])[0] === `${S}Person`)).toBe(true);
    expect(nested(node, 'about').map((t) => values(t, 'name')[0])).toEqual(ARTICLE.topics);
  });

  it('a person is a Person with name, nationality and job title / occupation from the roles', async () => {
    const { status, body } = await getLd('/ld/people/dmitry-peskov');
    expect(status).toBe(200);
    const node = await expand(body);
    expect(node['@type']).toEqual([`${S}Person`]);
    expect(values(node, 'name')).toEqual(['Dmitry Peskov']);
    expect(nested(node, 'nationality').map((c) => values(c, 'identifier')[0])).toEqual(['RU']);
    expect(nested(node, 'nationality').map((c) => values(c, 'name')[0])).toEqual(['Russia']);
    expect(values(node, 'jobTitle')).toEqual(['Spokesman']);
    expect(nested(node, 'hasOccupation').map((o) => values(o, 'name')[0])).toEqual(['Spokesman']);
    expect(nested(node, 'affiliation').map((o) => values(o, 'name')[0])).toEqual(['Kremlin']);
    const karelina = await expand((await getLd('/ld/people/ksenia-karelina')).body);
    expect(nested(karelina, 'nationality').map((c) => values(c, 'identifier')[0])).toEqual(['US', 'RU']);
  });

  it('a statement is a Quotation: text, spoken by its speaker, part of the article, dated as precisely as known, citing its paragraph', async () => {
    const { status, body } = await getLd(`/ld/statements/${encodeURIComponent(statementId)}`);
    expect(status).toBe(200);
    const node = await expand(body);
    const annotation = STATEMENTS.find((s) => s.text === 'pissed off');
    expect(node['@type']).toEqual([`${S}Quotation`]);
    expect(values(node, 'text')).toEqual([annotation?.text]);
    expect(values(node, 'spokenByCharacter')).toEqual([`${api.url}/ld/people/donald-trump`]);
    expect(values(node, 'creator')).toEqual([`${api.url}/ld/people/donald-trump`]);
    expect(values(node, 'isPartOf')).toEqual([`${api.url}/ld/articles/${ARTICLE.slug}`]);
    // Said "last month": month precision, so the date says only the month.
    expect(values(node, 'dateCreated')).toEqual(['2025-03']);
    const [citation] = nested(node, 'citation');
    expect(citation['@id']).toBe(`${api.url}/ld/articles/${ARTICLE.slug}#paragraph-${annotation?.evidence[0].paragraph}`);
    expect(values(citation, 'text')).toEqual([annotation?.evidence[0].excerpt]);
    expect(values(citation, 'position')).toEqual([annotation?.evidence[0].paragraph]);
    expect(nested(node, 'about').map((p) => values(p, 'name')[0])).toEqual(['Vladimir Putin']);
  });

  it('dates a week-precise statement by its ISO week and a day-precise one by its day', async () => {
    const { data } = await api.query<{ statements: { nodes: Array<{ text: string; jsonLd: Record<string, unknown> }> } }>(
      '{ statements(first: 100) { nodes { text jsonLd } } }',
    );
    const dateOf = (text: string) => data?.statements.nodes.find((s) => s.text === text)?.jsonLd.dateCreated;
    // "last week" from Friday 2025-04-11: the week of Monday 2025-03-31, ISO week 14 of 2025.
    expect(dateOf('endless negotiations')).toBe('2025-W14');
    expect(dateOf('Russia has to get moving')).toBe('2025-04-11');
    expect(dateOf('Maybe')).toBeUndefined(); // undated: no date is claimed
  });

  it('an exchange is an Event with startDate, the released people and the articles about it', async () => {
    const [exchange] = EXCHANGES;
    const { status, body } = await getLd(`/ld/exchanges/${exchange.slug}`);
    expect(status).toBe(200);
    const node = await expand(body);
    expect(node['@type']).toEqual([`${S}Event`]);
    expect(values(node, 'startDate')).toEqual([exchange.date]);
    expect(values(node, 'description')).toEqual([exchange.description]);
    expect(values(node, 'attendee').sort()).toEqual([`${api.url}/ld/people/arthur-petrov`, `${api.url}/ld/people/ksenia-karelina`]);
    expect(values(node, 'subjectOf')).toEqual([`${api.url}/ld/articles/${ARTICLE.slug}`]);
    expect(nested(node, 'about').map((c) => values(c, 'identifier')[0])).toEqual(exchange.countries);
  });

  it('every @id resolves on this server to a document with that @id', async () => {
    const { body } = await getLd(`/ld/statements/${encodeURIComponent(statementId)}`);
    const ids = new Set<string>();
    const collect = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') {
        const id = (value as Record<string, unknown>)['@id'];
        if (typeof id === 'string') ids.add(id);
        Object.values(value).forEach(collect);
      }
    };
    collect(body);
    collect((await getLd(`/ld/exchanges/${EXCHANGES[0].slug}`)).body);
    expect(ids.size).toBeGreaterThanOrEqual(5);
    for (const id of ids) {
      const [url] = id.split('#');
      expect(url.startsWith(`${api.url}/ld/`)).toBe(true);
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      expect(((await response.json()) as Record<string, unknown>)['@id']).toBe(url);
    }
  });

  it('the jsonLd field of every node type is the document /ld/ serves', async () => {
    const { data, errors } = await api.query<Record<string, { jsonLd: Record<string, unknown> }>>(
      `query($id: ID!) {
        article(slug: "${ARTICLE.slug}") { jsonLd }
        person(slug: "donald-trump") { jsonLd }
        exchange(slug: "${EXCHANGES[0].slug}") { jsonLd }
        statement(id: $id) { jsonLd }
      }`,
      { id: statementId },
    );
    expect(errors).toBeUndefined();
    expect(data?.article.jsonLd).toEqual((await getLd(`/ld/articles/${ARTICLE.slug}`)).body);
    expect(data?.person.jsonLd).toEqual((await getLd('/ld/people/donald-trump')).body);
    expect(data?.exchange.jsonLd).toEqual((await getLd(`/ld/exchanges/${EXCHANGES[0].slug}`)).body);
    expect(data?.statement.jsonLd).toEqual((await getLd(`/ld/statements/${encodeURIComponent(statementId)}`)).body);
    for (const doc of Object.values(data ?? {})) expect(doc.jsonLd['@context']).toBe('https://schema.org');
  });

  it('answers 404 for what does not exist and 405 for writes', async () => {
    const personId = (await api.query<{ person: { id: string } }>('{ person(slug: "donald-trump") { id } }')).data?.person.id as string;
    for (const path of [
      '/ld/articles/no-such-article',
      '/ld/people/nobody',
      '/ld/exchanges/nothing',
      '/ld/statements/not-an-id',
      `/ld/statements/${encodeURIComponent(personId)}`,
      `/ld/statements/${encodeURIComponent(Buffer.from('Statement:000000000000000000000000').toString('base64'))}`,
      '/ld/unknown/x',
      '/ld/articles/a/b',
      '/ld/articles/%E0%A4%A',
    ]) {
      const response = await fetch(`${api.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      await response.body?.cancel();
    }
    const post = await fetch(`${api.url}/ld/people/donald-trump`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    await post.body?.cancel();
  });

  it('publishes no JSON-LD for a statement an editor has not confirmed', async () => {
    const statements = api.db.collection('statements');
    const confirmed = await statements.findOne({ text: 'pissed off' });
    expect(confirmed).not.toBeNull();
    const { _id: _confirmedId, ...rest } = confirmed as Record<string, unknown>;
    const pendingId = new ObjectId();
    await statements.insertOne({ ...rest, _id: pendingId, slug: `pending-${pendingId.toHexString()}`, status: 'PENDING' });
    try {
      const gid = globalId('Statement', pendingId);
      expect((await getLd(`/ld/statements/${encodeURIComponent(gid)}`)).status).toBe(404);
      expect((await getLd(`/ld/statements/${encodeURIComponent(statementId)}`)).status).toBe(200);
    } finally {
      await statements.deleteOne({ _id: pendingId });
    }
  });

  it('reads the documents jsonLd points at in one batch per type, whatever the page size', async () => {
    const commandsFor = async (n: number) => {
      api.resetCommands();
      const { errors } = await api.query(
        'query($n: Int!) { statements(first: $n) { nodes { jsonLd } } people(first: $n) { nodes { jsonLd } } }',
        {
          n,
        },
      );
      expect(errors).toBeUndefined();
      return api.commands.map((c) => c.commandName).sort();
    };
    const two = await commandsFor(2);
    const all = await commandsFor(12);
    expect(all).toEqual(two);
    expect(all.length).toBeLessThanOrEqual(4);
  });
});
