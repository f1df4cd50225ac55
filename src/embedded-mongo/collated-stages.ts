/**
 * `$group` and `$lookup` under an aggregate's collation, as mongod runs them: group keys that the
 * collation calls equal (`'Apple'`/`'apple'` at strength 2) form one group, whose `_id` is the first
 * key met; a `$lookup` with `localField`/`foreignField` joins values the collation calls equal.
 * mingo compares binary, so these two stages run here when a collation is given — and only then:
 * without one they stay in mingo at no extra cost. A `$lookup` with a sub-pipeline keeps mingo's
 * binary matching.
 */
import { compareValues, type Doc, isPlainObject, pathValues } from './bson-values.js';
import type { Collation } from './collation.js';
import { cloneDoc } from './update-document.js';

/** Runs mingo stages over documents (aggregate.ts's runner). */
export type StageRunner = (stages: Doc[], docs: Doc[]) => Doc[];

const GROUP_KEY = '__collatedGroupKey';

export function collatedGroup(stage: Doc, docs: Doc[], collation: Collation, run: StageRunner): Doc[] {
  const { _id: idExpression, ...accumulators } = stage.$group as Doc;
  const keyed = run([{ $addFields: { [GROUP_KEY]: idExpression === undefined ? null : idExpression } }], docs);
  const groups: Array<{ key: unknown; members: Doc[] }> = [];
  keyed.forEach((withKey, i) => {
    const key = withKey[GROUP_KEY] ?? null;
    const group = groups.find((g) => compareValues(g.key, key, collation.compareStrings) === 0);
    if (group) group.members.push(docs[i]);
    else groups.push({ key, members: [docs[i]] });
  });
  return groups.map(({ key, members }) => {
    const [result] = run([{ $group: { _id: null, ...accumulators } }], members);
    return { ...result, _id: key };
  });
}

/** Whether this `$lookup` is the localField/foreignField form this module joins under a collation. */
export function isFieldLookup(stage: Doc): boolean {
  const spec = stage.$lookup;
  return (
    isPlainObject(spec) &&
    typeof spec.from === 'string' &&
    typeof spec.localField === 'string' &&
    typeof spec.foreignField === 'string' &&
    typeof spec.as === 'string' &&
    !spec.as.includes('.') &&
    spec.pipeline === undefined &&
    spec.let === undefined
  );
}

export function collatedLookup(stage: Doc, docs: Doc[], foreign: Doc[], collation: Collation): Doc[] {
  const spec = stage.$lookup as { localField: string; foreignField: string; as: string };
  const valuesOf = (doc: Doc, path: string) => {
    const values = pathValues(doc, path);
    return values.length === 0 ? [null] : values;
  };
  const equal = (a: unknown, b: unknown) => compareValues(a, b, collation.compareStrings) === 0;
  const foreignValues = foreign.map((doc) => valuesOf(doc, spec.foreignField));
  return docs.map((doc) => {
    const local = valuesOf(doc, spec.localField);
    const matches = foreign.filter((_, i) => foreignValues[i].some((value) => local.some((l) => equal(l, value))));
    return { ...doc, [spec.as]: matches.map(cloneDoc) };
  });
}
