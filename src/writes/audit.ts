/** Audit stamps for created and changed documents. */

import type { Writer } from '../auth/require-role.js';
import type { AuditFields } from '../db/documents.js';

export function created(writer: Writer, now = new Date()): AuditFields {
  return { version: 1, createdAt: now, updatedAt: now, createdBy: writer.name, updatedBy: writer.name };
}

/** `$set` and `$inc` parts that mark a change by `writer`. */
export function changed(writer: Writer, now = new Date()): { $set: { updatedAt: Date; updatedBy: string }; $inc: { version: 1 } } {
  return { $set: { updatedAt: now, updatedBy: writer.name }, $inc: { version: 1 } };
}
