/**
 * A statement an editor confirms (PENDING → CONFIRMED, `reviewStatement`) is new to readers as surely
 * as one inserted confirmed, so `statementAdded` delivers it too. Its change event is an update
 * naming the field; the hub reads the statement once per such event (not once per subscriber) and
 * matches it like an insert.
 */
import type { ChangeStreamDocument, Document, ObjectId } from 'mongodb';

export function confirmedStatementId(change: ChangeStreamDocument<Document>): ObjectId | undefined {
  if (change.operationType !== 'update') return undefined;
  return change.updateDescription.updatedFields?.status === 'CONFIRMED' ? (change.documentKey._id as ObjectId) : undefined;
}
