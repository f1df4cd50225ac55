/**
 * Schema validation (https://www.mongodb.com/docs/manual/core/schema-validation/): a collection's
 * `validator` (query operators or `$jsonSchema`), set by `create` or `collMod`, refuses writes
 * with DocumentValidationFailure (121) and an `errInfo` naming the document and explaining the
 * failure; `validationLevel: 'moderate'` lets already-invalid documents be updated,
 * `validationAction: 'warn'` only logs, and `bypassDocumentValidation` skips the check.
 */
import { MongoBulkWriteError, type MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase('validation');
});
afterAll(() => t.stop());

const codeOf = (error: unknown) => (error as MongoServerError).code;

describe('validators set by collMod', () => {
  it('refuse failing inserts and updates with 121 and errInfo.details as mongod explains them', async () => {
    const coll = t.db.collection('modified');
    await coll.insertOne({ _id: 1 as never, x: 'text' });
    await t.db.command({ collMod: 'modified', validator: { x: { $type: 'string' } } });
    const refused = (await coll.updateOne({ _id: 1 as never }, { $set: { x: 1 } }).catch((e: unknown) => e)) as MongoServerError;
    expect(refused.code).toBe(121);
    expect(refused.errInfo).toEqual({
      failingDocumentId: 1,
      details: {
        operatorName: '$type',
        specifiedAs: { x: { $type: 'string' } },
        reason: 'type did not match',
        consideredValue: 1,
        consideredType: 'int',
      },
    });
    const fromFindAndModify = await coll.findOneAndUpdate({ _id: 1 as never }, { $set: { x: 2 } }).catch((e: unknown) => e);
    expect(codeOf(fromFindAndModify)).toBe(121);
    expect((fromFindAndModify as MongoServerError).errInfo?.failingDocumentId).toBe(1);
    const many = await coll.insertMany([{ x: 'ok' }, { x: 5 }], { ordered: true }).catch((e: unknown) => e);
    expect(many).toBeInstanceOf(MongoBulkWriteError);
    expect([(many as MongoBulkWriteError).writeErrors].flat()[0]?.code).toBe(121);
    expect(await coll.countDocuments()).toBe(2);
    expect(await coll.countDocuments({ x: { $type: 'number' } })).toBe(0);
  });

  it('explains a validator of several clauses under $and with the clauses not satisfied', async () => {
    await t.db.createCollection('several', { validator: { a: { $gte: 10 }, b: { $exists: true } } });
    const error = (await t.db
      .collection('several')
      .insertOne({ _id: 7 as never, a: 3 })
      .catch((e: unknown) => e)) as MongoServerError;
    expect(error.code).toBe(121);
    expect(error.errInfo?.details).toEqual({
      operatorName: '$and',
      clausesNotSatisfied: [
        { index: 0, details: { operatorName: '$gte', specifiedAs: { a: { $gte: 10 } }, reason: 'comparison failed', consideredValue: 3 } },
        { index: 1, details: { operatorName: '$exists', specifiedAs: { b: { $exists: true } }, reason: 'path does not exist' } },
      ],
    });
  });

  it('honour validationLevel moderate, validationAction warn and bypassDocumentValidation', async () => {
    const coll = t.db.collection('levels');
    await coll.insertMany([
      { _id: 1 as never, n: 5 },
      { _id: 2 as never, n: -5 },
    ]);
    await t.db.command({ collMod: 'levels', validator: { n: { $gte: 0 } }, validationLevel: 'moderate' });
    // Moderate: a document that was already invalid may be updated; a valid one must stay valid.
    expect((await coll.updateOne({ _id: 2 as never }, { $set: { n: -6 } })).modifiedCount).toBe(1);
    expect(codeOf(await coll.updateOne({ _id: 1 as never }, { $set: { n: -1 } }).catch((e: unknown) => e))).toBe(121);
    expect((await coll.updateOne({ _id: 1 as never }, { $set: { n: -1 } }, { bypassDocumentValidation: true })).modifiedCount).toBe(1);
    await coll.insertOne({ _id: 3 as never, n: -3 }, { bypassDocumentValidation: true });
    await t.db.command({ collMod: 'levels', validationAction: 'warn' });
    await coll.insertOne({ _id: 4 as never, n: -4 });
    expect(await coll.countDocuments({ n: { $lt: 0 } })).toBe(4);
    const [info] = await t.db.listCollections({ name: 'levels' }).toArray();
    expect((info as { options: object }).options).toMatchObject({
      validator: { n: { $gte: 0 } },
      validationLevel: 'moderate',
      validationAction: 'warn',
    });
  });

  it('refuses unknown collMod options and validation settings with mongod codes', async () => {
    await t.db.createCollection('settings');
    expect(codeOf(await t.db.command({ collMod: 'settings', noSuchOption: 1 }).catch((e: unknown) => e))).toBe(72);
    expect(codeOf(await t.db.command({ collMod: 'settings', validationLevel: 'sometimes' }).catch((e: unknown) => e))).toBe(2);
    expect(codeOf(await t.db.command({ collMod: 'absent_collection', validator: {} }).catch((e: unknown) => e))).toBe(26);
  });
});

describe('$jsonSchema validators', () => {
  it('created with the collection, they refuse documents with the schema rules not satisfied', async () => {
    await t.db.createCollection('students', {
      validator: {
        $jsonSchema: {
          bsonType: 'object',
          required: ['name', 'year'],
          properties: {
            name: { bsonType: 'string', description: 'must be a string' },
            year: { bsonType: 'int', minimum: 2017, maximum: 3017 },
          },
        },
      },
    });
    const students = t.db.collection('students');
    await students.insertOne({ name: 'Alice', year: 2019 });
    const wrongType = (await students
      .insertOne({ _id: 'bob' as never, name: 'Bob', year: 'two' })
      .catch((e: unknown) => e)) as MongoServerError;
    expect(wrongType.code).toBe(121);
    expect(wrongType.errInfo).toEqual({
      failingDocumentId: 'bob',
      details: {
        operatorName: '$jsonSchema',
        schemaRulesNotSatisfied: [
          {
            operatorName: 'properties',
            propertiesNotSatisfied: [
              {
                propertyName: 'year',
                details: [
                  {
                    operatorName: 'bsonType',
                    specifiedAs: { bsonType: 'int' },
                    reason: 'type did not match',
                    consideredValue: 'two',
                    consideredType: 'string',
                  },
                ],
              },
            ],
          },
        ],
      },
    });
    const missing = (await students.insertOne({ _id: 'cid' as never, name: 'Cid' }).catch((e: unknown) => e)) as MongoServerError;
    expect(missing.errInfo?.details).toEqual({
      operatorName: '$jsonSchema',
      schemaRulesNotSatisfied: [{ operatorName: 'required', specifiedAs: { required: ['name', 'year'] }, missingProperties: ['year'] }],
    });
    expect(await students.countDocuments()).toBe(1);
    // The same schema is a query filter too.
    expect(await students.countDocuments({ $jsonSchema: { required: ['year'], properties: { year: { minimum: 2018 } } } })).toBe(1);
  });
});
