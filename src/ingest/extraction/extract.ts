import { parseArticleText } from './article-text.js';
import { subjectOf } from './attribution.js';
import { findChannel } from './channel.js';
import { type Cue, findCues } from './cues.js';
import { ATTRIBUTION_FORMS, SPEECH_VERBS } from './lexicon/attribution-verbs.js';
import { isFunctionWord } from './lexicon/english-lexicon.js';
import { buildPersonIndex, findMentions, type Mention } from './mentions.js';
import { collectPeople, findNameOccurrences } from './people.js';
import { findQuoteSpans, maskQuotes, type QuoteSpan } from './quote-spans.js';
import { type PlacedMention, type Resolution, resolveReference } from './resolution.js';
import { type DateMention, findDates } from './said-on.js';
import { type Sentence, splitSentences } from './sentences.js';
import { type Token, tokenize } from './tokens.js';
import type { DatePrecision, ExtractedStatement, Extraction, QuoteKind, SpeakerCandidate } from './types.js';

/**
 * The extractor: article text in, paragraphs, people and statements out. Pure and deterministic —
 * no clock, no network, no randomness; the same input always gives the same output.
 */
export const EXTRACTOR_VERSION = 'newsgraph-rules/1.0';

interface Layout {
  text: string;
  spans: QuoteSpan[];
  masked: string;
  sentences: Sentence[];
  tokens: Token[];
}

interface SpeakerContext {
  paragraph: number;
  channel: string | null;
  /** undefined: no date known; null: known to be unknown (an interview's publication date). */
  saidOn: string | null | undefined;
  precision: DatePrecision | null;
}

/** A naming verb a few words before a quote makes it a label: "dubbed the scheme the 'X'". */
const NAMED_BEFORE =
  /\b(?:so-called|dubbed|nicknamed|termed|labell?ed|branded|known as|billed as|headlined|titled|entitled)\s+(?:[\p{L}'’-]+\s+){0,4}["\u201C]$/iu;
const LABEL_BEFORE =
  /\b(?:so-called|dubbed|called|call|calls|termed|nicknamed|known as|headline|headlined|titled|entitled|slogan|banner|motto|programme|program|show|hashtag|phrase|label|term|word|operation|campaign|book|film|song|series)\s+(?:(?:the|a|an|its|his|her|their|of)\s+)?["\u201C]$/i;
/** "after the vote", "hours after the failure": words said right after the event, not dated otherwise. */
const AFTER_THE_EVENT = /\b(?:after|following) (?:the|its|their|this) (?:[a-z-]+ )?(?!weekend|holidays?|summer|war)[a-z]+\b/i;
const SMALL_WORDS = new Set(['the', 'a', 'an', 'of', 'and', 'or', 'in', 'on', 'at', 'to', 'for', 'with', 'de', 'la', 'le', 'du']);

function layoutOf(text: string): Layout {
  const spans = findQuoteSpans(text);
  const masked = maskQuotes(text, spans);
  const sentences = splitSentences(masked, text);
  const tokens = tokenize(text, (o) => spans.some((s) => o > s.open && o < s.close));
  return { text, spans, masked, sentences, tokens };
}

function sentenceOf(sentences: Sentence[], offset: number): number {
  const i = sentences.findIndex((s) => offset >= s.start && offset < s.end);
  return i >= 0 ? i : sentences.length - 1;
}

function place(mentions: Mention[], sentences: Sentence[]): PlacedMention[] {
  const seenTopic = new Set<number>();
  return mentions.map((m) => {
    const sentence = sentenceOf(sentences, m.start);
    const personLike = m.kind === 'PERSON' || m.kind === 'PRONOUN' || m.kind === 'ROLE' || m.kind === 'UNNAMED';
    const topic = personLike && !m.prepositional && !seenTopic.has(sentence);
    if (personLike && !m.prepositional) seenTopic.add(sentence);
    return { ...m, sentence, topic };
  });
}

function isTitleLike(text: string): boolean {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 8) return false;
  return words.every((w) => /^[\p{Lu}\d]/u.test(w) || SMALL_WORDS.has(w.toLowerCase())) && /^[\p{Lu}\d]/u.test(words[0]);
}

/**
 * A short quoted phrase the reporter uses as a noun — `rates the stock a "buy"`, `could create a
 * "Brussels pharmacy"`, `that "ghost projects" had left`, `the "so-called integrity"` — is a term, not
 * someone's statement: an article right before it (unless a named person's or an organisation's speech
 * verb reports it), a noun or a verb right after it, a possessive before it, or "so-called" inside it.
 */
function usedAsTerm(quote: QuoteSpan, paragraph: string, reportedByPerson: boolean): boolean {
  if (/^so-called\b/i.test(quote.text)) return true;
  const words = quote.text.split(/\s+/).filter(Boolean);
  if (words.length > 3 || !quote.closed) return false;
  const before = paragraph.slice(Math.max(0, quote.open - 6), quote.open);
  const startsWithDeterminer = /^(?:a|an|the|this|that|our|my|their|his|her)$/i.test(words[0]);
  const after = paragraph.slice(quote.close + 1, quote.close + 16);
  // `the "data-dependent" approach`: the quote modifies the noun after it, inside the reporter's phrase.
  const modifiesNoun = /^\s+([a-z]+)/.exec(after)?.[1];
  if (
    /\b(?:a|an|the|its|his|her|their)\s+$/i.test(before) &&
    modifiesNoun &&
    !isFunctionWord(modifiesNoun) &&
    !/(?:ing|ed|ly)$/.test(modifiesNoun)
  )
    return true;
  // `the first stage's "turbopump"`: a word or two after a possessive is a name for a thing.
  if (/['’]s\s+$/.test(before) && words.length <= 2) return true;
  if (/\b(?:a|an|the)\s+$/i.test(before) && !startsWithDeterminer && !reportedByPerson) return true;
  return /^\s+(?:had|has|have|was|were|is|are|would|will|could|can|may|might)\b/.test(after);
}

function nearestDate(dates: DateMention[], cue: { start: number; end: number } | null): DateMention | null {
  if (dates.length === 0) return null;
  if (!cue) return dates[0];
  const distance = (d: DateMention) => (d.start >= cue.end ? d.start - cue.end : cue.start - d.end);
  return dates.reduce((a, b) => (distance(b) < distance(a) ? b : a));
}

/**
 * Comma-enclosed clauses that describe someone or something — ", who met him in March,", ", launched
 * in March," — date that, not the words: their dates are blanked out. ", quoted by TASS on Friday,"
 * stays (an attribution verb).
 */
function blankDescriptiveClauses(text: string): string {
  return text.replace(/,\s*(?:who\b|([a-z]+ed)\b)[^,]*,/g, (m, participle: string | undefined) =>
    participle && ATTRIBUTION_FORMS.has(participle) ? m : ' '.repeat(m.length),
  );
}

export function extractStatements(input: { text: string; publishedOn: string }): Extraction {
  const article = parseArticleText(input);
  const { publishedOn } = article;
  const layouts = article.paragraphs.map((p) => layoutOf(p.text));
  const occurrences = layouts.flatMap((l, i) => findNameOccurrences(l.text, i, l.tokens));
  const people = collectPeople(
    occurrences,
    layouts.map((l) => l.text),
    layouts.map((l) => l.tokens),
  );
  const index = buildPersonIndex(people);

  const statements: ExtractedStatement[] = [];
  const history: PlacedMention[] = [];
  const resolutions = new Map<PlacedMention, Resolution>();
  const context = new Map<string, SpeakerContext>();
  const aliasUses = new Map<string, Set<string>>();
  let lastSpeaker: string | null = null;
  let lastDate: string | null = null;
  /** The day of the news the first paragraph reports ("exploded … on Monday"). */
  let leadDate: string | null = null;
  let lastOutlet: string | null = null;
  let previousEndedOpen = false;

  layouts.forEach((layout, p) => {
    const names = occurrences.filter((o) => o.paragraphIndex === p);
    const placed = place(findMentions(p, layout.tokens, names, index, lastSpeaker), layout.sentences);
    placed.forEach((m, k) => {
      // "The third member of the panel, Judge Allen Whitcomb, …", "A spokeswoman …, Lena Ortiz, …": a
      // description with the name in apposition is that person, not a reference back.
      const next = placed[k + 1];
      if ((m.kind === 'ROLE' || m.kind === 'UNNAMED') && next?.kind === 'PERSON' && next.person) {
        const between = layout.masked.slice(m.end, next.start);
        if (between.length < 60 && /^[^,.;:\u00B7]*,\s*(?:\p{Lu}[\p{L}.]*\s+)*$/u.test(between)) {
          m.kind = 'PERSON';
          m.person = next.person;
        }
      }
    });
    for (const m of placed) {
      if (m.kind === 'PRONOUN' || m.kind === 'ROLE') {
        const r = resolveReference(m, history, people, lastSpeaker);
        m.person = r.person;
        resolutions.set(m, r);
        // "She said" about a person whose first name the lexicon does not know: now we know.
        const person = r.person && m.kind === 'PRONOUN' && r.confidence >= 0.6 ? people.find((x) => x.name === r.person) : undefined;
        if (person && person.gender === 'unknown') person.gender = m.gender;
      }
      if (m.kind === 'PERSON' && m.person) {
        const form = layout.text.slice(m.start, m.end);
        if (form !== m.person) aliasUses.set(m.person, (aliasUses.get(m.person) ?? new Set()).add(form));
      }
      history.push(m);
    }
    for (const t of layout.tokens) {
      const named = t.inQuote && t.capitalised ? index.aliasTable.get(t.text) : undefined;
      if (named?.length === 1 && !layout.tokens.some((u) => u.start > t.start && u.start - t.end <= 1 && u.capitalised && u.word)) {
        aliasUses.set(named[0], (aliasUses.get(named[0]) ?? new Set()).add(t.text));
      }
    }
    const sentenceStarts = new Set(layout.sentences.map((s) => s.start));
    const cues = findCues(layout.tokens, sentenceStarts);
    const quoteCloses = layout.spans.map((s) => s.close);
    const paragraphStatements: ExtractedStatement[] = [];

    layout.sentences.forEach((sentence, sIndex) => {
      const reporterText = layout.masked.slice(sentence.start, sentence.end);
      const dates = findDates(blankDescriptiveClauses(reporterText), publishedOn, lastDate).map((d) => ({
        ...d,
        start: d.start + sentence.start,
        end: d.end + sentence.start,
      }));
      const sentenceCues = cues.filter((c) => c.start >= sentence.start && c.end <= sentence.end);
      const quotes = layout.spans.filter((s) => s.open >= sentence.start && s.open < sentence.end);
      const personOf = (cue: Cue) => {
        const subject = subjectOf(cue, sentence, layout.masked, placed, quoteCloses);
        return subject && 'mention' in subject ? subject.mention : null;
      };
      // An occasion sentence ("Speaking at a Cabinet meeting on Thursday, Trump said…") sets the
      // channel and day for that person's quotes that follow.
      for (const cue of sentenceCues) {
        if (cue.naming) continue;
        const m = personOf(cue);
        if (!m?.person) continue;
        const channel = findChannel(reporterText, sentence.start, cue.start, placed, lastOutlet, layout.text);
        const date = nearestDate(dates, cue);
        // In a sentence with quotes, only what it adds counts: the quotes set the rest below.
        if (quotes.length > 0 && !(channel && 'channel' in channel) && !date) break;
        const found = channel && 'channel' in channel ? channel.channel : null;
        const prev = context.get(m.person);
        const later = /\blater\b/i.test(reporterText);
        const sameOccasion =
          prev &&
          p - prev.paragraph <= 2 &&
          (!found || !prev.channel || found === prev.channel) &&
          (!date || prev.saidOn === undefined || date.date === prev.saidOn);
        const same = sameOccasion ? prev : undefined;
        const toReporters = /\btold (?:reporters|journalists|the press)\b/i.test(reporterText);
        context.set(m.person, {
          paragraph: p,
          channel: found ?? (toReporters ? null : same?.channel) ?? null,
          // "later told": the same day as this person's earlier remarks.
          saidOn: date ? date.date : (same ?? (later ? prev : undefined))?.saidOn,
          precision: date ? date.precision : ((same ?? (later ? prev : undefined))?.precision ?? null),
        });
        break;
      }

      for (const quote of quotes) {
        const prefix = layout.masked.slice(sentence.start, quote.open).trim();
        const startsSentence = prefix === '';
        const afterColon = prefix.endsWith(':');
        const upper = /^[\p{Lu}\d'‘]/u.test(quote.text);
        const continuesOpen = p > 0 && quote.open === 0 && previousEndedOpen;
        const previousInParagraph = paragraphStatements[paragraphStatements.length - 1];
        let kind: QuoteKind = ((startsSentence || afterColon) && upper) || continuesOpen ? 'DIRECT_QUOTE' : 'PARTIAL_QUOTE';
        if (
          kind === 'PARTIAL_QUOTE' &&
          prefix.endsWith(',') &&
          previousInParagraph?.kind === 'DIRECT_QUOTE' &&
          sentenceCues.some((c) => c.end <= quote.open)
        ) {
          kind = 'DIRECT_QUOTE';
        }
        const lead = layout.masked.slice(Math.max(0, quote.open - 40), quote.open + 1);
        const titleAfterPossessive =
          /['’]s\s+["\u201C]$/.test(lead) && placed.some((m) => m.outlet && m.end <= quote.open && quote.open - m.end < 6);
        const cueFollows = sentenceCues.some(
          (c) =>
            c.start > quote.close &&
            /^["\u201D]?[\s,]*(?:[\p{Lu}][\p{L}'’-]*\s*){0,3}$/u.test(layout.masked.slice(quote.close + 1, c.start)),
        );
        // "what he called 'a strong signal'" quotes him; "what London and Paris call a 'force'" is a label.
        const namingCue = sentenceCues.find((c) => c.naming && c.end <= quote.open && quote.open - c.end < 8);
        const namer = namingCue ? subjectOf(namingCue, sentence, layout.masked, placed, quoteCloses) : null;
        const namedByPerson = namer !== null && 'mention' in namer;
        // `said Putin was a "great leader"`: a person's reported words, even as a noun phrase.
        const reportedByPerson = () =>
          sentenceCues.some((c) => {
            if (c.naming || c.end > quote.open || /\b(?:who|which|whose)\b/.test(layout.masked.slice(c.end, quote.open))) return false;
            const found = subjectOf(c, sentence, layout.masked, placed, quoteCloses);
            if (found && 'nonPerson' in found) return SPEECH_VERBS.includes(c.verb);
            return found !== null && 'mention' in found && found.mention.kind !== 'UNNAMED';
          });
        if (
          (LABEL_BEFORE.test(lead) && !namedByPerson) ||
          NAMED_BEFORE.test(lead) ||
          titleAfterPossessive ||
          usedAsTerm(quote, layout.text, reportedByPerson()) ||
          (!afterColon && !cueFollows && !(startsSentence && quote.text.split(/\s+/).length > 3) && isTitleLike(quote.text))
        ) {
          continue;
        }

        const before = sentenceCues.filter((c) => c.end <= quote.open);
        const after = sentenceCues.filter((c) => c.start >= quote.close && !/["\u201C]/.test(layout.text.slice(quote.close + 1, c.start)));
        const order = startsSentence ? [...after.slice(0, 1), ...before.reverse()] : [...before.reverse(), ...after.slice(0, 1)];
        let cue: Cue | null = null;
        let subject: PlacedMention | null = null;
        let nonPerson = false;
        for (const c of order) {
          const found = subjectOf(c, sentence, layout.masked, placed, quoteCloses);
          if (found && 'mention' in found) {
            cue = c;
            subject = found.mention;
            break;
          }
          if (found && 'nonPerson' in found) {
            nonPerson = true;
            cue ??= c;
          }
        }
        cue ??= order[0] ?? null;

        let speaker: string | null = null;
        let attribution: ExtractedStatement['attribution'] = 'NONE';
        let confidence = 0.3;
        let candidates: SpeakerCandidate[] = [];
        let inherited: ExtractedStatement | null = null;
        let speakerRole: string | null = null;
        if (subject) {
          if (subject.kind === 'PERSON') {
            speaker = subject.person;
            attribution = 'NAME';
            confidence = subject.end - subject.start >= (speaker?.length ?? 0) ? 0.95 : 0.9;
            candidates = speaker ? [{ name: speaker, score: 10 }] : [];
          } else if (subject.kind === 'UNNAMED') {
            attribution = 'UNNAMED';
            confidence = 0.7;
          } else {
            const r = resolutions.get(subject) ?? { person: subject.person, candidates: [], confidence: 0.5 };
            speaker = r.person;
            attribution = r.unnamed ? 'UNNAMED' : subject.kind === 'ROLE' ? 'ROLE' : 'PRONOUN';
            // "the Kremlin spokesman said" with no such person in the article: the role, for matching.
            if (!speaker && subject.kind === 'ROLE')
              speakerRole = layout.text.slice(subject.start, subject.end).replace(/^(?:the|The)\s+/, '');
            confidence = r.confidence;
            candidates = r.candidates;
          }
        } else if (!cue || nonPerson) {
          const earlier = previousInParagraph ?? (continuesOpen ? statements[statements.length - 1] : undefined);
          if (!nonPerson && earlier && kind === 'DIRECT_QUOTE') {
            inherited = earlier;
            speaker = earlier.speaker;
            attribution = 'CONTINUATION';
            confidence = Math.round(earlier.confidence * 0.95 * 100) / 100;
            candidates = earlier.candidates;
            speakerRole = earlier.speakerRole;
          } else if (!nonPerson && kind === 'DIRECT_QUOTE') {
            const probe: PlacedMention = { ...placeholder(p, quote.open), sentence: sIndex, topic: false };
            const r = resolveReference(probe, history, people, lastSpeaker);
            speaker = r.person;
            attribution = 'CONTEXT';
            confidence = Math.min(0.6, r.confidence);
            candidates = r.candidates;
          }
        }
        const words = quote.text.split(/\s+/).length;
        // A short fragment nobody is said to have spoken is a term or a scare quote, not a statement;
        // one that an organisation "said" stays, with no person as its speaker.
        const spokenByOrganisation = nonPerson && cue !== null && SPEECH_VERBS.includes(cue.verb);
        if (!speaker && attribution !== 'UNNAMED' && !spokenByOrganisation && kind === 'PARTIAL_QUOTE' && words <= 6) continue;
        if (!speaker && attribution === 'NONE' && !cue) continue;

        const clause = clauseAround(reporterText, (cue?.start ?? quote.open) - sentence.start);
        const found = findChannel(clause.text, sentence.start + clause.start, cue?.start ?? quote.open, placed, lastOutlet, layout.text);
        const ctx = speaker ? context.get(speaker) : undefined;
        const explicitChannel = found && 'channel' in found ? found.channel : null;
        // A new medium is a new occasion: the earlier remarks' day does not carry over to it.
        const date = nearestDate(dates, cue);
        // Another day or another medium is another occasion: nothing carries over from the earlier one.
        const sameDay = !date || ctx?.saidOn === undefined || date.date === ctx.saidOn;
        const recent =
          ctx && p - ctx.paragraph <= 2 && sameDay && (!explicitChannel || !ctx.channel || explicitChannel === ctx.channel)
            ? ctx
            : undefined;
        // "told reporters" in a later paragraph: an occasion of its own that names no medium, unless this
        // paragraph has just named it ("at his briefing on March 14. '…,' he told reporters").
        const toReporters = cue !== null && recent?.paragraph !== p && /\btold (?:reporters|journalists|the press)\b/i.test(clause.text);
        let channel: string | null;
        if (found && 'channel' in found) channel = found.channel;
        else if (inherited) channel = inherited.channel;
        else channel = toReporters ? null : (recent?.channel ?? null);
        let saidOn: string | null;
        let precision: DatePrecision | null;
        if (date) [saidOn, precision] = [date.date, date.precision];
        else if (inherited) [saidOn, precision] = [inherited.saidOn, inherited.saidOnPrecision];
        else if (recent && recent.saidOn !== undefined) [saidOn, precision] = [recent.saidOn, recent.precision];
        else if (ctx && ctx.saidOn !== undefined && /\blater\b/i.test(reporterText)) [saidOn, precision] = [ctx.saidOn, ctx.precision];
        // "hours after the failure", "speaking after the vote": the day of the event the first paragraph reports.
        else if (leadDate && AFTER_THE_EVENT.test(reporterText)) [saidOn, precision] = [leadDate, 'DAY'];
        // "He has praised …", "had described" with no date: said at some time before, not on the day of the report.
        else if (cue && /\b(?:has|have|had)\s+(?:\w+ly\s+|also\s+|repeatedly\s+)?$/i.test(layout.masked.slice(sentence.start, cue.start)))
          [saidOn, precision] = [null, null];
        else [saidOn, precision] = [publishedOn, 'DAY'];

        const statement: ExtractedStatement = {
          paragraphIndex: p,
          start: quote.textStart,
          text: quote.text,
          kind,
          speaker,
          attribution,
          confidence: Math.round(confidence * 100) / 100,
          candidates,
          speakerRole,
          channel,
          saidOn,
          saidOnPrecision: saidOn ? precision : null,
          cue: cue ? layout.text.slice(sentence.start, sentence.end).trim() : null,
        };
        statements.push(statement);
        paragraphStatements.push(statement);
        if (speaker) {
          lastSpeaker = speaker;
          context.set(speaker, { paragraph: p, channel, saidOn, precision });
        }
      }
      const dayDates = dates.filter((d) => d.date && d.precision === 'DAY');
      if (p === 0 && leadDate === null && dayDates.length > 0) leadDate = dayDates[0].date;
      if (dayDates.length > 0) lastDate = dayDates[dayDates.length - 1].date;
      const outlets = placed.filter((m) => m.outlet && !m.head && m.start >= sentence.start && m.end <= sentence.end);
      if (outlets.length > 0) lastOutlet = layout.text.slice(outlets[outlets.length - 1].start, outlets[outlets.length - 1].end);
    });
    previousEndedOpen = layout.spans.length > 0 && !layout.spans[layout.spans.length - 1].closed;
  });

  return {
    publishedOn,
    paragraphs: article.paragraphs,
    people: people.map((person) => ({ ...person, aliases: [...(aliasUses.get(person.name) ?? [])] })),
    statements,
  };
}

/** The clause of a sentence around an offset: ", while", "; " and ", whereas" separate clauses. */
function clauseAround(text: string, at: number): { text: string; start: number } {
  let start = 0;
  let end = text.length;
  for (const m of text.matchAll(/(?:,\s*(?:while|whereas)\b|;)/g)) {
    const i = m.index ?? 0;
    if (i < at) start = i + m[0].length;
    else if (i < end) end = i;
  }
  return { text: text.slice(start, end), start };
}

function placeholder(paragraphIndex: number, at: number): Mention {
  return {
    kind: 'PRONOUN',
    paragraphIndex,
    from: 0,
    to: 0,
    start: at,
    end: at,
    person: null,
    gender: 'unknown',
    head: null,
    possessive: false,
    prepositional: false,
    outlet: false,
  };
}
