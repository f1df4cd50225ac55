/**
 * Verbs that attribute words to a speaker, as data (in the spirit of GenderGapTracker's
 * quote_verb_list). Base forms only; `inflections` derives the forms the text uses.
 */
export const ATTRIBUTION_VERBS: readonly string[] = [
  'accuse',
  'acknowledge',
  'add',
  'admit',
  'advise',
  'affirm',
  'agree',
  'allege',
  'announce',
  'answer',
  'argue',
  'ask',
  'assert',
  'assure',
  'blast',
  'boast',
  'brag',
  'call',
  'caution',
  'charge',
  'cite',
  'claim',
  'comment',
  'complain',
  'concede',
  'conclude',
  'confirm',
  'contend',
  'counter',
  'criticise',
  'criticize',
  'declare',
  'decry',
  'demand',
  'deny',
  'describe',
  'dismiss',
  'emphasise',
  'emphasize',
  'estimate',
  'exclaim',
  'explain',
  'express',
  'grumble',
  'hail',
  'indicate',
  'inform',
  'insist',
  'joke',
  'lament',
  'maintain',
  'mention',
  'mock',
  'muse',
  'note',
  'observe',
  'plead',
  'pledge',
  'post',
  'praise',
  'predict',
  'proclaim',
  'promise',
  'protest',
  'quip',
  'quote',
  'reaffirm',
  'reason',
  'reassure',
  'recall',
  'recount',
  'reiterate',
  'reject',
  'remark',
  'remind',
  'repeat',
  'reply',
  'report',
  'respond',
  'retort',
  'reveal',
  'say',
  'scoff',
  'shout',
  'signal',
  'speak',
  'state',
  'stress',
  'suggest',
  'swear',
  'tell',
  'testify',
  'text',
  'thank',
  'threaten',
  'tout',
  'tweet',
  'underline',
  'underscore',
  'urge',
  'vow',
  'warn',
  'write',
];

/** Verbs that can name a thing ("dubbed the 'X'"): a quote after them is a label unless a person speaks. */
export const NAMING_VERBS: readonly string[] = ['call', 'dub', 'term', 'label', 'brand', 'nickname', 'style', 'title', 'name'];

/** Verbs of speaking proper: with an organisation as subject ("the ministry said") they still report words. */
export const SPEECH_VERBS: readonly string[] = [
  'say',
  'tell',
  'write',
  'state',
  'announce',
  'add',
  'warn',
  'claim',
  'insist',
  'post',
  'declare',
  'explain',
  'note',
  'stress',
  'confirm',
  'reply',
  'respond',
  'tweet',
  'maintain',
  'argue',
  'assert',
];

/** Irregular forms the suffix rules below cannot derive. */
const IRREGULAR: Record<string, string[]> = {
  say: ['said', 'says', 'saying'],
  tell: ['told', 'tells', 'telling'],
  write: ['wrote', 'written', 'writes', 'writing'],
  speak: ['spoke', 'spoken', 'speaks', 'speaking'],
  swear: ['swore', 'sworn', 'swears', 'swearing'],
  text: ['texted', 'texts', 'texting'],
};

/** The inflected forms of a base verb: base, -s, -ed, -ing (regular English spelling rules). */
export function inflections(base: string): string[] {
  if (IRREGULAR[base]) return [base, ...IRREGULAR[base]];
  const forms = [base];
  if (/(s|sh|ch|x|z)$/.test(base)) forms.push(`${base}es`);
  else if (/[^aeiou]y$/.test(base)) forms.push(`${base.slice(0, -1)}ies`);
  else forms.push(`${base}s`);
  if (base.endsWith('e')) forms.push(`${base}d`, `${base.slice(0, -1)}ing`);
  else if (/[^aeiou]y$/.test(base)) forms.push(`${base.slice(0, -1)}ied`, `${base}ing`);
  else if (/^[^aeiou]*[aeiou][^aeiouwxy]$/.test(base)) forms.push(`${base}${base.slice(-1)}ed`, `${base}${base.slice(-1)}ing`);
  else forms.push(`${base}ed`, `${base}ing`);
  return forms;
}

function formTable(bases: readonly string[]): Map<string, string> {
  const table = new Map<string, string>();
  for (const base of bases) for (const form of inflections(base)) table.set(form, base);
  return table;
}

/** Inflected form → base verb. */
export const ATTRIBUTION_FORMS: ReadonlyMap<string, string> = formTable(ATTRIBUTION_VERBS);
export const NAMING_FORMS: ReadonlyMap<string, string> = formTable(NAMING_VERBS);
