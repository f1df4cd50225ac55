import { Binary, Decimal128, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await startTestDatabase('bson');
});
afterAll(() => t.stop());

describe('BSON comparison semantics', () => {
  it('sorts across types in MongoDB order', async () => {
    const coll = t.db.collection('mixed');
    const values: Array<[string, unknown]> = [
      ['maxkey', new MaxKey()],
      ['regex', /x/],
      ['timestamp', new Timestamp({ t: 1, i: 1 })],
      ['date', new Date(0)],
      ['bool', true],
      ['objectid', new ObjectId('000000000000000000000001')],
      ['binary', new Binary(Buffer.from('a'))],
      ['array', [5]],
      ['object', { a: 1 }],
      ['string', 'a'],
      ['number', 1],
      ['null', null],
      ['minkey', new MinKey()],
    ];
    await coll.insertMany(values.map(([tag, v]) => ({ tag, v })));
    const ascending = await coll
      .find({}, { projection: { _id: 0, tag: 1 } })
      .sort({ v: 1 })
      .toArray();
    // An array sorts by its smallest element: [5] sorts among the numbers, after 1.
    expect(ascending.map((d) => d.tag)).toEqual([
      'minkey',
      'null',
      'number',
      'array',
      'string',
      'object',
      'binary',
      'objectid',
      'bool',
      'date',
      'timestamp',
      'regex',
      'maxkey',
    ]);
  });

  it('orders strings by their UTF-8 bytes, characters beyond U+FFFF after U+E000–U+FFFF', async () => {
    const coll = t.db.collection('strings');
    // JavaScript's own order (UTF-16 units) would put the emoji and the Gothic letter before U+E000 and U+FFFD.
    const ordered = ['', 'a', 'ab', 'abc', 'b', 'é', 'éa', 'ア', '\ue000', '\ufffd', '𐌰', '😀', '😀a', '😁'];
    await coll.insertMany([...ordered].reverse().map((s, i) => ({ i, s })));
    await coll.createIndex({ s: 1 });
    const scanned = await coll
      .find({}, { projection: { _id: 0, s: 1 } })
      .sort({ s: 1 })
      .hint({ $natural: 1 })
      .toArray();
    const indexed = await coll
      .find({ s: { $gte: '' } }, { projection: { _id: 0, s: 1 } })
      .sort({ s: -1 })
      .toArray();
    expect(scanned.map((doc) => doc.s)).toEqual(ordered);
    expect(indexed.map((doc) => doc.s)).toEqual([...ordered].reverse());
    const between = await coll.find({ s: { $gt: '\ufffd', $lt: '😁' } }).toArray();
    expect(between.map((doc) => doc.s).sort()).toEqual(['𐌰', '😀', '😀a'].sort());
  });

  it('compares numbers across int32, double, int64 and decimal', async () => {
    const coll = t.db.collection('numbers');
    await coll.insertMany([
      { k: 'int', v: 5 },
      { k: 'double', v: 2.5 },
      { k: 'long', v: Long.fromNumber(10) },
      { k: 'decimal', v: Decimal128.fromString('7.5') },
    ]);
    const sorted = await coll.find({}).sort({ v: 1 }).toArray();
    expect(sorted.map((d) => d.k)).toEqual(['double', 'int', 'decimal', 'long']);
    expect((await coll.find({ v: { $gt: 4 } }).toArray()).map((d) => d.k).sort()).toEqual(['decimal', 'int', 'long']);
    expect((await coll.find({ v: { $lte: Decimal128.fromString('5') } }).toArray()).map((d) => d.k).sort()).toEqual(['double', 'int']);
    expect((await coll.find({ v: 7.5 }).toArray()).map((d) => d.k)).toEqual(['decimal']);
    expect((await coll.find({ v: { $in: [2.5, Decimal128.fromString('10')] } }).toArray()).map((d) => d.k).sort()).toEqual([
      'double',
      'long',
    ]);
    expect(await coll.countDocuments({ v: { $ne: 5 } })).toBe(3);
    expect(await coll.countDocuments({ v: 10 })).toBe(1);
  });

  it('sorts missing fields with nulls, and arrays by min ascending and max descending', async () => {
    const coll = t.db.collection('arrays');
    await coll.insertMany([{ k: 'a', v: [3, 9] }, { k: 'b', v: 5 }, { k: 'c' }, { k: 'd', v: [1, 4] }]);
    expect((await coll.find({}).sort({ v: 1, k: 1 }).toArray()).map((d) => d.k)).toEqual(['c', 'd', 'a', 'b']);
    expect((await coll.find({}).sort({ v: -1, k: 1 }).toArray()).map((d) => d.k)).toEqual(['a', 'b', 'd', 'c']);
  });

  it('orders ObjectIds and Dates by value', async () => {
    const coll = t.db.collection('ids');
    const ids = [new ObjectId('65f000000000000000000002'), new ObjectId('65f000000000000000000001')];
    await coll.insertMany(ids.map((_id, i) => ({ _id, at: new Date(2025, 0, 2 - i) })));
    expect((await coll.find({}).sort({ _id: 1 }).toArray()).map((d) => d._id.toHexString())).toEqual([
      ids[1].toHexString(),
      ids[0].toHexString(),
    ]);
    expect((await coll.find({ at: { $lt: new Date(2025, 0, 2) } }).toArray()).map((d) => d._id.toHexString())).toEqual([
      ids[1].toHexString(),
    ]);
  });

  it('orders ObjectIds byte by byte, whichever of the twelve bytes differs', async () => {
    const coll = t.db.collection('id-bytes');
    // Ids differing from a base in one byte each, low and high (0x7f/0x80 is where a signed compare goes wrong).
    const hexes = new Set<string>();
    for (let at = 0; at < 12; at++)
      for (const byte of ['00', '7f', '80', 'ff']) hexes.add(`${'5a'.repeat(at)}${byte}${'5a'.repeat(11 - at)}`);
    const shuffled = [...hexes].sort((a, b) => (a.slice(5) < b.slice(5) ? -1 : 1));
    await coll.insertMany(shuffled.map((hex) => ({ _id: new ObjectId(hex) })));
    const ascending = [...hexes].sort();
    const read = async (filter: object) => (await coll.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id.toHexString());
    expect(await read({})).toEqual(ascending);
    const middle = ascending[ascending.length >> 1];
    expect(await read({ _id: { $gt: new ObjectId(middle) } })).toEqual(ascending.filter((hex) => hex > middle));
  });

  it('rejects documents over 16 MiB (10334 or the driver’s own size check)', async () => {
    const big = 'x'.repeat(17 * 1024 * 1024);
    const error = await t.db
      .collection('huge')
      .insertOne({ big })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(await t.db.collection('huge').countDocuments()).toBe(0);
  });
});
