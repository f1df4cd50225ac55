/** The shapes of the documents newsgraph stores, one interface per collection. */
import type { ObjectId } from 'mongodb';

/** Audit fields every stored entity carries; `version` guards against lost updates. */
export interface AuditFields {
  version: number;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  updatedBy: string;
}

export interface CitationDocument {
  articleId: ObjectId;
  paragraphIndex: number;
  excerpt: string;
}

export interface ParagraphDocument {
  index: number;
  text: string;
  section: string | null;
}

export interface ArticleDocument extends AuditFields {
  _id: ObjectId;
  slug: string;
  headline: string;
  publishedAt: Date;
  dateline: string | null;
  paragraphs: ParagraphDocument[];
  topics: string[];
  personIds: ObjectId[];
  sourceFile: string | null;
}

export interface RoleDocument {
  title: string;
  organization: string | null;
  country: string | null;
  evidence: CitationDocument[];
}

export interface PersonDocument extends AuditFields, ReviewFields {
  _id: ObjectId;
  slug: string;
  name: string;
  aliases: string[];
  description: string | null;
  nationalities: string[];
  roles: RoleDocument[];
}

export type ReviewStatus = 'PENDING' | 'CONFIRMED' | 'REJECTED';

/**
 * What ingestion adds to people and statements (src/ingest/). Absent on curated and editor-typed
 * documents, which count as CONFIRMED.
 */
export interface ReviewFields {
  status?: ReviewStatus;
  /** The extractor and version that proposed the document. */
  extractedBy?: string | null;
}

export interface SpeakerCandidateDocument {
  personId: ObjectId | null;
  name: string;
  score: number;
}

export type StatementKind = 'DIRECT_QUOTE' | 'PARTIAL_QUOTE' | 'PARAPHRASE';
export type DatePrecision = 'DAY' | 'WEEK' | 'MONTH';

export interface StatementDocument extends AuditFields, ReviewFields {
  _id: ObjectId;
  /** Unique natural key, so that seeding can upsert. */
  slug: string;
  text: string;
  kind: StatementKind;
  /** Null only while PENDING: the extractor found words but no named speaker; confirming needs one. */
  speakerId: ObjectId | null;
  /** The speaker's nationalities, copied so "statements by speaker nationality" is one indexed read; kept in step by person writes. */
  speakerNationalities: string[];
  articleId: ObjectId;
  /** The paragraph of the first citation, copied here to sort statements in reading order. */
  paragraphIndex: number;
  channel: string | null;
  /** `YYYY-MM-DD`, or null when the article does not say when. */
  saidOn: string | null;
  saidOnPrecision: DatePrecision | null;
  aboutIds: ObjectId[];
  context: string | null;
  evidence: CitationDocument[];
  /** The extractor's confidence in the attribution (0–1); absent when typed in. */
  confidence?: number | null;
  speakerCandidates?: SpeakerCandidateDocument[];
}

export interface ReleaseDocument {
  personId: ObjectId;
  releasedBy: string;
  releasedTo: string;
  detail: string | null;
  evidence: CitationDocument[];
}

export interface ExchangeDocument extends AuditFields {
  _id: ObjectId;
  slug: string;
  /** `YYYY-MM-DD`. */
  date: string;
  description: string;
  countries: string[];
  releases: ReleaseDocument[];
  /** Ids of released people, copied from `releases` so one index answers "exchanges of a person". */
  personIds: ObjectId[];
  articleIds: ObjectId[];
  evidence: CitationDocument[];
}
