import type { Extraction } from './types.js';

/**
 * The extraction as the command line prints it and the gold files state it. `saidOn` is a day or
 * null: a week or a month ("last month") is not a day, as the gold format says.
 */
export interface PublicStatement {
  paragraphIndex: number;
  text: string;
  kind: string;
  speaker: string | null;
  channel: string | null;
  saidOn: string | null;
  confidence: number;
}

export interface PublicExtraction {
  statements: PublicStatement[];
  people: Array<{ name: string; aliases: string[]; roles: string[] }>;
}

export function publicOutput(extraction: Extraction): PublicExtraction {
  return {
    statements: extraction.statements.map((s) => ({
      paragraphIndex: s.paragraphIndex,
      text: s.text,
      kind: s.kind,
      speaker: s.speaker,
      channel: s.channel,
      saidOn: s.saidOnPrecision === 'DAY' ? s.saidOn : null,
      confidence: s.confidence,
    })),
    people: extraction.people.map((p) => ({ name: p.name, aliases: p.aliases, roles: p.roles })),
  };
}
