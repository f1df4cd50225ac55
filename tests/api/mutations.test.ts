/** Every mutation's success path and every userError code, over HTTP with an editor key. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, bearer, startApi, TEST_KEYS } from '../helpers/api-server.js';

let api: ApiHarness;
const ids: Record<string, string> = {};

type UserError = { field: string[] | null; message: string; code: string };
async function mutate<T = Record<string, unknown>>(query: string, variables: Record<string, unknown>): Promise<T> {
  const result = await api.query<T>(query, variables, bearer(TEST_KEYS.editor));
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

const PERSON = 'person { id slug name version createdBy updatedBy nationalities roles { title evidence { paragraphIndex } } }';
const STATEMENT = 'statement { id text kind version verification { status paragraphIndex offset } speaker { slug } about { slug } }';
const ERRORS = 'userErrors { field message code }';

beforeAll(async () => {
  api = await startApi();
  const { data } = await api.query<{
    article: { id: string };
    trump: { id: string };
    putin: { id: string };
    peskov: { id: string };
    rubio: { id: string };
  }>(`{
    article(slug: "trump-tells-russia-to-get-moving-as-witkoff-meets-putin") { id }
    trump: person(slug: "donald-trump") { id } putin: person(slug: "vladimir-putin") { id } peskov: person(slug: "dmitry-peskov") { id }
    rubio: person(slug: "marco-rubio") { id }
  }`);
  Object.assign(ids, {
    article: data?.article.id,
    trump: data?.trump.id,
    putin: data?.putin.id,
    peskov: data?.peskov.id,
    rubio: data?.rubio.id,
  });
});
afterAll(() => api.stop());

describe('people', () => {
  it('creates, updates with a version, adds and removes roles', async () => {
    const created = await mutate<{ createPerson: { person: { id: string; version: number; createdBy: string }; userErrors: UserError[] } }>(
      `mutation($input: CreatePersonInput!) { createPerson(input: $input) { ${PERSON} ${ERRORS} } }`,
      { input: { slug: 'test-person', name: 'Test Person', nationalities: ['FR'] } },
    );
    expect(created.createPerson.userErrors).toEqual([]);
    expect(created.createPerson.person).toMatchObject({ version: 1, createdBy: 'editor' });
    ids.testPerson = created.createPerson.person.id;

    const updated = await mutate<{ updatePerson: { person: { name: string; version: number } } }>(
      `mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { ${PERSON} ${ERRORS} } }`,
      { input: { id: ids.testPerson, expectedVersion: 1, name: 'Renamed Person' } },
    );
    expect(updated.updatePerson.person).toMatchObject({ name: 'Renamed Person', version: 2 });

    const withRole = await mutate<{ addRole: { person: { roles: Array<{ title: string }>; version: number } } }>(
      `mutation($input: AddRoleInput!) { addRole(input: $input) { ${PERSON} ${ERRORS} } }`,
      {
        input: {
          personId: ids.testPerson,
          expectedVersion: 2,
          role: { title: 'Witness', evidence: [{ articleId: ids.article, paragraphIndex: 7, excerpt: 'two previous meetings' }] },
        },
      },
    );
    expect(withRole.addRole.person.roles.map((r) => r.title)).toEqual(['Witness']);
    const withoutRole = await mutate<{ removeRole: { person: { roles: unknown[]; version: number } } }>(
      `mutation($input: RemoveRoleInput!) { removeRole(input: $input) { ${PERSON} ${ERRORS} } }`,
      { input: { personId: ids.testPerson, expectedVersion: 3, index: 0 } },
    );
    expect(withoutRole.removeRole.person).toMatchObject({ roles: [], version: 4 });
    const { data } = await api.query<{ person: { updatedAt: string; createdAt: string } }>(
      `{ person(slug: "test-person") { createdAt updatedAt } }`,
    );
    expect(new Date(data?.person.updatedAt ?? 0) >= new Date(data?.person.createdAt ?? 0)).toBe(true);
  });

  it('keeps the statement nationality filter in step when a speaker’s nationalities change', async () => {
    const count = async () =>
      (await api.query<{ statements: { totalCount: number } }>('{ statements(filter: { speakerNationality: "CH" }) { totalCount } }')).data
        ?.statements.totalCount;
    expect(await count()).toBe(0);
    const { data } = await api.query<{ person: { version: number } }>('{ person(slug: "marco-rubio") { version } }');
    const changed = await mutate<{ updatePerson: { userErrors: UserError[] } }>(
      `mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { person { id } ${ERRORS} } }`,
      { input: { id: ids.rubio, expectedVersion: data?.person.version, nationalities: ['US', 'CH'] } },
    );
    expect(changed.updatePerson.userErrors).toEqual([]);
    expect(await count()).toBe(1);
  });

  it('answers every fixable problem as a userError naming the field', async () => {
    const create = (input: Record<string, unknown>) =>
      mutate<{ createPerson: { person: unknown; userErrors: UserError[] } }>(
        `mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } ${ERRORS} } }`,
        { input },
      );
    const conflict = await create({ slug: 'donald-trump', name: 'Another Trump' });
    expect(conflict.createPerson).toMatchObject({ person: null, userErrors: [{ code: 'CONFLICT', field: ['input', 'slug'] }] });
    const badSlug = await create({ slug: 'Not A Slug', name: 'X' });
    expect(badSlug.createPerson.userErrors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'slug'] });
    expect(badSlug.createPerson.userErrors[0].message).toMatch(/^input\.slug /);
    const badCountry = await create({ slug: 'x-country', name: 'X', nationalities: ['XX'] });
    expect(badCountry.createPerson.userErrors[0]).toMatchObject({ code: 'VALIDATION', field: ['input', 'nationalities', '0'] });
    const badEvidence = await create({
      slug: 'x-evidence',
      name: 'X',
      roles: [{ title: 'T', evidence: [{ articleId: ids.article, paragraphIndex: 0, excerpt: 'words not in the paragraph' }] }],
    });
    expect(badEvidence.createPerson.userErrors[0].code).toBe('EVIDENCE_MISMATCH');
    const noParagraph = await create({
      slug: 'x-paragraph',
      name: 'X',
      roles: [{ title: 'T', evidence: [{ articleId: ids.article, paragraphIndex: 99, excerpt: 'Trump' }] }],
    });
    expect(noParagraph.createPerson.userErrors[0].message).toMatch(/no paragraph 99/);

    const update = (input: Record<string, unknown>) =>
      mutate<{ updatePerson: { person: unknown; userErrors: UserError[] } }>(
        `mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { person { id } ${ERRORS} } }`,
        { input },
      );
    expect((await update({ id: ids.testPerson, expectedVersion: 1, name: 'Stale' })).updatePerson.userErrors[0]).toMatchObject({
      code: 'STALE_VERSION',
      field: ['input', 'expectedVersion'],
    });
    const unknown = Buffer.from('Person:000000000000000000000000').toString('base64');
    expect((await update({ id: unknown, expectedVersion: 1, name: 'Nobody' })).updatePerson.userErrors[0].code).toBe('NOT_FOUND');
    expect((await update({ id: 'garbage', expectedVersion: 1 })).updatePerson.userErrors[0]).toMatchObject({
      code: 'VALIDATION',
      field: ['input', 'id'],
    });
    expect((await update({ id: ids.trump, expectedVersion: 1, slug: 'vladimir-putin' })).updatePerson.userErrors[0].code).toBe('CONFLICT');
  });
});

describe('statements', () => {
  it('creates a statement and computes verification; an edit recomputes it', async () => {
    const created = await mutate<{
      createStatement: { statement: { id: string; verification: { status: string; offset: number } }; userErrors: UserError[] };
    }>(`mutation($input: CreateStatementInput!) { createStatement(input: $input) { ${STATEMENT} ${ERRORS} } }`, {
      input: {
        text: 'get moving',
        kind: 'PARTIAL_QUOTE',
        speakerId: ids.trump,
        articleId: ids.article,
        channel: 'Truth Social',
        saidOn: '2025-04-11',
        saidOnPrecision: 'DAY',
        aboutIds: [ids.putin],
        evidence: [{ articleId: ids.article, paragraphIndex: 0, excerpt: 'told Moscow to "get moving"' }],
      },
    });
    expect(created.createStatement.userErrors).toEqual([]);
    expect(created.createStatement.statement.verification).toEqual({ status: 'VERBATIM', paragraphIndex: 0, offset: 52 });
    ids.statement = created.createStatement.statement.id;

    const edited = await mutate<{ updateStatement: { statement: { text: string; version: number; verification: { status: string } } } }>(
      `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { ${STATEMENT} ${ERRORS} } }`,
      { input: { id: ids.statement, expectedVersion: 1, text: 'senseless war' } },
    );
    expect(edited.updateStatement.statement).toMatchObject({ text: 'senseless war', version: 2, verification: { status: 'VERBATIM' } });
    const back = await mutate<{ updateStatement: { statement: { verification: { status: string } } } }>(
      `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { ${STATEMENT} ${ERRORS} } }`,
      { input: { id: ids.statement, expectedVersion: 2, text: 'get moving', kind: 'PARAPHRASE' } },
    );
    expect(back.updateStatement.statement.verification.status).toBe('NOT_APPLICABLE');
  });

  it('refuses missing references and evidence outside the reporting article', async () => {
    const create = (overrides: Record<string, unknown>) =>
      mutate<{ createStatement: { statement: unknown; userErrors: UserError[] } }>(
        `mutation($input: CreateStatementInput!) { createStatement(input: $input) { statement { id } ${ERRORS} } }`,
        {
          input: {
            text: 'Maybe',
            kind: 'DIRECT_QUOTE',
            speakerId: ids.peskov,
            articleId: ids.article,
            evidence: [{ articleId: ids.article, paragraphIndex: 6, excerpt: '"Maybe"' }],
            ...overrides,
          },
        },
      );
    const ghost = Buffer.from('Person:0123456789abcdef01234567').toString('base64');
    expect((await create({ speakerId: ghost })).createStatement.userErrors[0]).toMatchObject({
      code: 'INVALID_REFERENCE',
      field: ['input', 'speakerId'],
    });
    expect((await create({ aboutIds: [ids.putin, ghost] })).createStatement.userErrors[0].code).toBe('INVALID_REFERENCE');
    expect((await create({ evidence: [] })).createStatement.userErrors[0]).toMatchObject({
      code: 'VALIDATION',
      field: ['input', 'evidence'],
    });
    expect((await create({ saidOn: '2025-04-11' })).createStatement.userErrors[0]).toMatchObject({
      code: 'VALIDATION',
      field: ['input', 'saidOnPrecision'],
    });
    expect(
      (await create({ evidence: [{ articleId: ids.article, paragraphIndex: 6, excerpt: 'Perhaps' }] })).createStatement.userErrors[0].code,
    ).toBe('EVIDENCE_MISMATCH');
  });

  it('lets exactly one of two concurrent updates from the same version win', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        mutate<{ updateStatement: { statement: { version: number } | null; userErrors: UserError[] } }>(
          `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { statement { version } ${ERRORS} } }`,
          { input: { id: ids.statement, expectedVersion: 3, context: `edit ${i}` } },
        ),
      ),
    );
    const winners = attempts.filter((a) => a.updateStatement.statement !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0].updateStatement.statement?.version).toBe(4);
    expect(attempts.filter((a) => a.updateStatement.userErrors[0]?.code === 'STALE_VERSION')).toHaveLength(7);
  });

  it('deletes a statement', async () => {
    const { deleteStatement } = await mutate<{ deleteStatement: { deletedId: string; userErrors: UserError[] } }>(
      `mutation($input: DeleteInput!) { deleteStatement(input: $input) { deletedId ${ERRORS} } }`,
      { input: { id: ids.statement } },
    );
    expect(deleteStatement.deletedId).toBe(ids.statement);
    const again = await mutate<{ deleteStatement: { deletedId: string | null; userErrors: UserError[] } }>(
      `mutation($input: DeleteInput!) { deleteStatement(input: $input) { deletedId ${ERRORS} } }`,
      { input: { id: ids.statement } },
    );
    expect(again.deleteStatement).toMatchObject({ deletedId: null, userErrors: [{ code: 'NOT_FOUND' }] });
  });
});

describe('articles and exchanges', () => {
  it('creates and edits an article, refusing edits that would break citations', async () => {
    const created = await mutate<{
      createArticle: { article: { id: string; paragraphs: Array<{ index: number }> }; userErrors: UserError[] };
    }>(`mutation($input: CreateArticleInput!) { createArticle(input: $input) { article { id paragraphs { index } } ${ERRORS} } }`, {
      input: {
        slug: 'test-article',
        headline: 'A test article',
        publishedAt: '2025-05-01T12:00:00Z',
        paragraphs: [{ text: 'First paragraph says hello.' }, { text: 'Second.' }],
        personIds: [ids.trump],
      },
    });
    expect(created.createArticle.userErrors).toEqual([]);
    ids.testArticle = created.createArticle.article.id;
    const broken = await mutate<{ updateArticle: { userErrors: UserError[] } }>(
      `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { article { id } ${ERRORS} } }`,
      { input: { id: ids.article, expectedVersion: 1, paragraphs: [{ text: 'Everything rewritten.' }] } },
    );
    expect(broken.updateArticle.userErrors[0]).toMatchObject({ code: 'EVIDENCE_MISMATCH', field: ['input', 'paragraphs'] });
    const ok = await mutate<{ updateArticle: { article: { headline: string } } }>(
      `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { article { headline } ${ERRORS} } }`,
      { input: { id: ids.testArticle, expectedVersion: 1, headline: 'A renamed test article', paragraphs: [{ text: 'Only one.' }] } },
    );
    expect(ok.updateArticle.article.headline).toBe('A renamed test article');
  });

  it('creates an exchange, adds and removes a release, updates and deletes it', async () => {
    const created = await mutate<{ createExchange: { exchange: { id: string; releases: unknown[] }; userErrors: UserError[] } }>(
      `mutation($input: CreateExchangeInput!) { createExchange(input: $input) { exchange { id releases { releasedBy } } ${ERRORS} } }`,
      {
        input: {
          slug: 'test-exchange',
          date: '2025-02-11',
          description: 'An earlier exchange.',
          countries: ['RU', 'US'],
          articleIds: [ids.article],
        },
      },
    );
    expect(created.createExchange.userErrors).toEqual([]);
    const id = created.createExchange.exchange.id;
    const added = await mutate<{ addRelease: { exchange: { releases: Array<{ person: { slug: string } }> } } }>(
      `mutation($input: AddReleaseInput!) { addRelease(input: $input) { exchange { releases { person { slug } } } ${ERRORS} } }`,
      {
        input: {
          exchangeId: id,
          expectedVersion: 1,
          release: {
            personId: ids.testPerson,
            releasedBy: 'RU',
            releasedTo: 'US',
            evidence: [{ articleId: ids.article, paragraphIndex: 12, excerpt: 'second exchange' }],
          },
        },
      },
    );
    expect(added.addRelease.exchange.releases.map((r) => r.person.slug)).toEqual(['test-person']);
    const sameCountry = await mutate<{ addRelease: { userErrors: UserError[] } }>(
      `mutation($input: AddReleaseInput!) { addRelease(input: $input) { exchange { id } ${ERRORS} } }`,
      {
        input: {
          exchangeId: id,
          expectedVersion: 2,
          release: {
            personId: ids.testPerson,
            releasedBy: 'RU',
            releasedTo: 'RU',
            evidence: [{ articleId: ids.article, paragraphIndex: 12, excerpt: 'second exchange' }],
          },
        },
      },
    );
    expect(sameCountry.addRelease.userErrors[0].code).toBe('VALIDATION');
    const removed = await mutate<{ removeRelease: { exchange: { releases: unknown[] } } }>(
      `mutation($input: RemoveReleaseInput!) { removeRelease(input: $input) { exchange { releases { releasedBy } } ${ERRORS} } }`,
      { input: { exchangeId: id, expectedVersion: 2, index: 0 } },
    );
    expect(removed.removeRelease.exchange.releases).toEqual([]);
    const updated = await mutate<{ updateExchange: { exchange: { description: string } } }>(
      `mutation($input: UpdateExchangeInput!) { updateExchange(input: $input) { exchange { description } ${ERRORS} } }`,
      { input: { id, expectedVersion: 3, description: 'Corrected.' } },
    );
    expect(updated.updateExchange.exchange.description).toBe('Corrected.');
    const deleted = await mutate<{ deleteExchange: { deletedId: string; userErrors: UserError[] } }>(
      `mutation($input: DeleteInput!) { deleteExchange(input: $input) { deletedId ${ERRORS} } }`,
      { input: { id, expectedVersion: 4 } },
    );
    expect(deleted.deleteExchange.deletedId).toBe(id);
  });
});

describe('deleting what others refer to', () => {
  it('refuses to delete a referenced person, listing the references, and cascades when asked', async () => {
    const refused = await mutate<{ deletePerson: { deletedId: string | null; userErrors: UserError[] } }>(
      `mutation($input: DeleteInput!) { deletePerson(input: $input) { deletedId cascadedIds ${ERRORS} } }`,
      { input: { id: ids.peskov } },
    );
    expect(refused.deletePerson.deletedId).toBeNull();
    expect(refused.deletePerson.userErrors[0].code).toBe('REFERENCED');
    expect(refused.deletePerson.userErrors[0].message).toMatch(/3 statement\(s\) by them/);
    expect(await api.db.collection('statements').countDocuments()).toBe(12);

    const cascaded = await mutate<{ deletePerson: { deletedId: string; cascadedIds: string[]; userErrors: UserError[] } }>(
      `mutation($input: DeleteInput!) { deletePerson(input: $input) { deletedId cascadedIds ${ERRORS} } }`,
      { input: { id: ids.peskov, cascade: true } },
    );
    expect(cascaded.deletePerson.userErrors).toEqual([]);
    expect(cascaded.deletePerson.cascadedIds).toHaveLength(3);
    expect(await api.db.collection('statements').countDocuments()).toBe(9);
    const { data } = await api.query<{ article: { people: Array<{ slug: string }> } }>(
      '{ article(slug: "trump-tells-russia-to-get-moving-as-witkoff-meets-putin") { people { slug } } }',
    );
    expect(data?.article.people.map((p) => p.slug)).not.toContain('dmitry-peskov');
  });

  it('refuses to delete a referenced article, and cascades to its statements and citations', async () => {
    const refused = await mutate<{ deleteArticle: { userErrors: UserError[] } }>(
      `mutation($input: DeleteInput!) { deleteArticle(input: $input) { deletedId ${ERRORS} } }`,
      { input: { id: ids.article } },
    );
    expect(refused.deleteArticle.userErrors[0]).toMatchObject({ code: 'REFERENCED' });
    const cascaded = await mutate<{ deleteArticle: { deletedId: string; cascadedIds: string[] } }>(
      `mutation($input: DeleteInput!) { deleteArticle(input: $input) { deletedId cascadedIds ${ERRORS} } }`,
      { input: { id: ids.article, cascade: true } },
    );
    expect(cascaded.deleteArticle.deletedId).toBe(ids.article);
    // Its 9 statements, and the exchange it was the only source of.
    expect(cascaded.deleteArticle.cascadedIds).toHaveLength(10);
    expect(await api.db.collection('statements').countDocuments()).toBe(0);
    // No citation anywhere still points at the deleted article.
    const people = await api.db.collection('people').find({}).toArray();
    expect(people.every((p) => (p.roles as Array<{ evidence: unknown[] }>).every((r) => r.evidence.length > 0))).toBe(true);
    expect(JSON.stringify(people)).not.toContain(ids.article);
    expect(await api.db.collection('exchanges').countDocuments()).toBe(0);
  });
});

describe('write concern', () => {
  it('sends the configured write concern with every write (on the commit, for writes in a transaction) and none with reads', async () => {
    api.resetCommands();
    const created = await mutate<{ createPerson: { person: { id: string }; userErrors: UserError[] } }>(
      `mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id } ${ERRORS} } }`,
      { input: { slug: 'write-concern-person', name: 'Write Concern Person' } },
    );
    expect(created.createPerson.userErrors).toEqual([]);
    await api.query('{ people(first: 5) { nodes { name statements(first: 1) { totalCount } } } }');
    const writes = api.commands.filter((c) => ['insert', 'update', 'delete', 'findAndModify'].includes(c.commandName));
    const reads = api.commands.filter((c) => ['find', 'aggregate', 'count'].includes(c.commandName));
    expect(writes.length).toBeGreaterThan(0);
    expect(reads.length).toBeGreaterThan(0);
    // Statements inside a transaction carry no write concern; the commit carries it for them.
    const commits = api.commands.filter((c) => c.commandName === 'commitTransaction');
    for (const write of writes) {
      if (write.command.autocommit === false) expect(write.command.writeConcern).toBeUndefined();
      else expect(write.command.writeConcern).toMatchObject({ w: 'majority', j: true });
    }
    for (const commit of commits) expect(commit.command.writeConcern).toMatchObject({ w: 'majority', j: true });
    if (writes.some((write) => write.command.autocommit === false)) expect(commits.length).toBeGreaterThan(0);
    for (const read of reads) expect(read.command.writeConcern).toBeUndefined();
  });
});
