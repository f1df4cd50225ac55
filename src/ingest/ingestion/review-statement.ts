import { z } from 'zod';
import type { ReviewStatementInput } from '../../__generated__/resolvers-types.js';
import type { Writer } from '../../auth/require-role.js';
import type { Collections } from '../../db/collections.js';
import type { StatementDocument } from '../../db/documents.js';
import { recount } from '../../db/statement-tallies.js';
import { changed } from '../../writes/audit.js';
import { guardedUpdate } from '../../writes/guarded-update.js';
import { inputId } from '../../writes/references.js';
import { refuse } from '../../writes/user-errors.js';
import { validate } from '../../writes/validation.js';

/**
 * An editor's review of a statement: CONFIRM (with corrections: speaker, text, kind, channel, date)
 * or REJECT. The version check and the write are one atomic update (guardedUpdate), so two editors
 * reviewing the same version cannot both win. Confirming a statement confirms its speaker too when
 * the extractor added that person; a statement stored without a speaker cannot be confirmed until
 * the editor names one.
 */
const reviewSchema = z
  .object({
    id: z.string().min(1).max(200),
    expectedVersion: z.number().int().min(1, 'must be a version you read (1 or more)'),
    decision: z.enum(['CONFIRM', 'REJECT']),
    speakerId: z.string().min(1).max(200).nullish(),
    text: z.string().trim().min(1, 'must not be empty').max(5000).nullish(),
    kind: z.enum(['DIRECT_QUOTE', 'PARTIAL_QUOTE', 'PARAPHRASE']).nullish(),
    channel: z.string().trim().min(1, 'must not be empty').max(200).nullish(),
    saidOn: z.string().nullish(),
    saidOnPrecision: z.enum(['DAY', 'WEEK', 'MONTH']).nullish(),
  })
  .refine((r) => !r.saidOn === !r.saidOnPrecision, { message: 'must be given together with saidOn', path: ['saidOnPrecision'] })
  .refine(
    (r) => r.decision === 'CONFIRM' || (r.speakerId == null && r.text == null && r.kind == null && r.channel == null && r.saidOn == null),
    {
      message: 'corrections go with CONFIRM only',
      path: ['decision'],
    },
  );

export async function reviewStatement(c: Collections, writer: Writer, input: ReviewStatementInput): Promise<StatementDocument> {
  const data = validate(reviewSchema, input);
  const id = inputId(data.id, 'Statement', ['input', 'id']);
  const current = await c.statements.findOne({ _id: id });
  if (!current) return refuse('NOT_FOUND', 'No statement with this id', ['input', 'id']);
  const set: Partial<StatementDocument> = { status: data.decision === 'CONFIRM' ? 'CONFIRMED' : 'REJECTED' };
  if (data.decision === 'CONFIRM') {
    if (!data.speakerId && !current.speakerId) {
      refuse('VALIDATION', 'input.speakerId: this statement has no speaker yet; name one to confirm it', ['input', 'speakerId']);
    }
    if (data.speakerId) {
      const speakerId = inputId(data.speakerId, 'Person', ['input', 'speakerId']);
      const speaker = await c.people.findOne({ _id: speakerId }, { projection: { nationalities: 1 } });
      if (!speaker) refuse('INVALID_REFERENCE', `input.speakerId: no Person with id ${speakerId.toHexString()}`, ['input', 'speakerId']);
      set.speakerId = speakerId;
      set.speakerNationalities = speaker.nationalities;
    }
    if (data.text) {
      const article = await c.articles.findOne({ _id: current.articleId }, { projection: { paragraphs: 1 } });
      const paragraph = article?.paragraphs.find((p) => p.index === current.paragraphIndex);
      if (current.kind !== 'PARAPHRASE' && !paragraph?.text.includes(data.text)) {
        refuse('EVIDENCE_MISMATCH', `input.text does not occur verbatim in paragraph ${current.paragraphIndex} of the article`, [
          'input',
          'text',
        ]);
      }
      set.text = data.text;
      set.evidence = current.evidence.map((e, i) => (i === 0 ? { ...e, excerpt: data.text as string } : e));
    }
    if (data.kind) set.kind = data.kind;
    if (data.channel !== undefined) set.channel = data.channel;
    if (data.saidOn !== undefined) {
      if (data.saidOn !== null && !/^\d{4}-\d{2}-\d{2}$/.test(data.saidOn))
        refuse('VALIDATION', 'input.saidOn must be YYYY-MM-DD', ['input', 'saidOn']);
      set.saidOn = data.saidOn;
      set.saidOnPrecision = data.saidOnPrecision ?? null;
    }
  }
  const updated = await guardedUpdate(c.statements, id, data.expectedVersion, { $set: set }, writer, 'Statement');
  await recount(c, current, updated);
  if (updated.status === 'CONFIRMED' && updated.speakerId) {
    const stamp = changed(writer);
    await c.people.updateOne(
      { _id: updated.speakerId, status: 'PENDING' },
      { $set: { status: 'CONFIRMED', ...stamp.$set }, $inc: stamp.$inc },
    );
  }
  return updated;
}
