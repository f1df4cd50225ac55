/**
 * The curated facts of the demo dataset, every one taken from the article and pointing at the
 * paragraph (zero-based) and the exact words that state it. The seed refuses to load an excerpt
 * that is not verbatim in its paragraph. Nothing here goes beyond what the article says: dates
 * the article does not give are null, and relative dates are resolved against 2025-04-11 (a
 * Friday): "Thursday" 2025-04-10, "last week" the week of Monday 2025-03-31, "last month" March 2025.
 */

export interface Evidence {
  paragraph: number;
  excerpt: string;
}

export interface PersonAnnotation {
  slug: string;
  name: string;
  aliases: string[];
  description: string;
  /** Stated outright (Karelina), or implied by a state office the article gives the person. */
  nationalities: string[];
  roles: Array<{ title: string; organization: string | null; country: string | null; evidence: Evidence[] }>;
}

export interface StatementAnnotation {
  slug: string;
  speaker: string;
  kind: 'DIRECT_QUOTE' | 'PARTIAL_QUOTE' | 'PARAPHRASE';
  text: string;
  channel: string | null;
  saidOn: string | null;
  saidOnPrecision: 'DAY' | 'WEEK' | 'MONTH' | null;
  about: string[];
  context: string | null;
  evidence: Evidence[];
}

export interface ExchangeAnnotation {
  slug: string;
  date: string;
  description: string;
  countries: string[];
  releases: Array<{ person: string; releasedBy: string; releasedTo: string; detail: string | null; evidence: Evidence[] }>;
  evidence: Evidence[];
}

export const ARTICLE = {
  slug: 'trump-tells-russia-to-get-moving-as-witkoff-meets-putin',
  // The source file has no headline; this one is ours and says only what paragraph 0 says.
  headline: 'Trump tells Russia to "get moving" on ending the war as envoy Witkoff meets Putin',
  dateline: null,
  topics: ['Russia-Ukraine war', 'US-Russia relations', 'Prisoner exchange'],
  sourceFile: '000_0b1de31f74846667.txt',
  textFile: 'article-2025-04-11.txt',
};

export const PEOPLE: PersonAnnotation[] = [
  {
    slug: 'donald-trump',
    name: 'Donald Trump',
    aliases: [],
    description: 'US President, in his second term.',
    nationalities: ['US'],
    roles: [
      {
        title: 'President',
        organization: 'United States',
        country: 'US',
        evidence: [{ paragraph: 0, excerpt: 'US President Donald Trump' }],
      },
    ],
  },
  {
    slug: 'steve-witkoff',
    name: 'Steve Witkoff',
    aliases: [],
    description: "Trump's envoy; a long-time Trump ally who worked with him in real estate.",
    nationalities: ['US'],
    roles: [
      {
        title: 'Envoy of the US President',
        organization: null,
        country: 'US',
        evidence: [{ paragraph: 0, excerpt: 'his envoy Steve Witkoff' }],
      },
    ],
  },
  {
    slug: 'vladimir-putin',
    name: 'Vladimir Putin',
    aliases: [],
    description: 'President of Russia; his home city is Saint Petersburg.',
    nationalities: ['RU'],
    roles: [
      {
        title: 'President',
        organization: 'Russia',
        country: 'RU',
        evidence: [{ paragraph: 0, excerpt: 'President Vladimir Putin in Russia' }],
      },
    ],
  },
  {
    slug: 'marco-rubio',
    name: 'Marco Rubio',
    aliases: [],
    description: 'Top US diplomat.',
    nationalities: ['US'],
    roles: [
      {
        title: 'Top diplomat',
        organization: 'United States',
        country: 'US',
        evidence: [{ paragraph: 2, excerpt: 'top US diplomat Marco Rubio' }],
      },
    ],
  },
  {
    slug: 'dmitry-peskov',
    name: 'Dmitry Peskov',
    aliases: [],
    description: 'Kremlin spokesman.',
    nationalities: ['RU'],
    roles: [
      {
        title: 'Spokesman',
        organization: 'Kremlin',
        country: 'RU',
        evidence: [{ paragraph: 4, excerpt: 'Kremlin spokesman Dmitry Peskov' }],
      },
    ],
  },
  {
    slug: 'kirill-dmitriev',
    name: 'Kirill Dmitriev',
    aliases: [],
    description: "Russia's top economic negotiator; met Witkoff on 2025-04-11.",
    nationalities: ['RU'],
    roles: [
      {
        title: 'Top economic negotiator',
        organization: null,
        country: 'RU',
        evidence: [{ paragraph: 10, excerpt: "Russia's top economic negotiator Kirill Dmitriev" }],
      },
    ],
  },
  {
    slug: 'ksenia-karelina',
    name: 'Ksenia Karelina',
    aliases: [],
    description: 'Dual US-Russian ballet dancer, freed by Russia in a prisoner exchange.',
    nationalities: ['US', 'RU'],
    roles: [
      {
        title: 'Ballet dancer',
        organization: null,
        country: null,
        evidence: [{ paragraph: 12, excerpt: 'dual US-Russian ballet dancer Ksenia Karelina' }],
      },
    ],
  },
  {
    slug: 'arthur-petrov',
    name: 'Arthur Petrov',
    aliases: [],
    description: 'Suspected tech smuggler, exchanged for Ksenia Karelina.',
    nationalities: [],
    roles: [
      {
        title: 'Suspected tech smuggler',
        organization: null,
        country: null,
        evidence: [{ paragraph: 12, excerpt: 'suspected tech smuggler Arthur Petrov' }],
      },
    ],
  },
  {
    slug: 'sergei-naryshkin',
    name: 'Sergei Naryshkin',
    aliases: [],
    description: "Head of Moscow's foreign intelligence service.",
    nationalities: ['RU'],
    roles: [
      {
        title: 'Head of the foreign intelligence service',
        organization: 'Foreign intelligence service',
        country: 'RU',
        evidence: [{ paragraph: 14, excerpt: "The head of Moscow's foreign intelligence service, Sergei Naryshkin" }],
      },
    ],
  },
];

export const STATEMENTS: StatementAnnotation[] = [
  {
    slug: 'trump-senseless-war',
    speaker: 'donald-trump',
    kind: 'PARTIAL_QUOTE',
    text: 'senseless war',
    channel: 'Truth Social',
    saidOn: '2025-04-11',
    saidOnPrecision: 'DAY',
    about: [],
    context: 'Trump told Moscow to "get moving" on ending its "senseless war" with Ukraine.',
    evidence: [{ paragraph: 0, excerpt: 'on Friday told Moscow to "get moving" on ending its "senseless war" with Ukraine' }],
  },
  {
    slug: 'trump-russia-has-to-get-moving',
    speaker: 'donald-trump',
    kind: 'DIRECT_QUOTE',
    text: 'Russia has to get moving',
    channel: 'Truth Social',
    saidOn: '2025-04-11',
    saidOnPrecision: 'DAY',
    about: [],
    context: 'Written on his Truth Social platform.',
    evidence: [{ paragraph: 3, excerpt: '"Russia has to get moving," Trump wrote on his Truth Social platform' }],
  },
  {
    slug: 'trump-senseless',
    speaker: 'donald-trump',
    kind: 'PARTIAL_QUOTE',
    text: 'senseless',
    channel: 'Truth Social',
    saidOn: '2025-04-11',
    saidOnPrecision: 'DAY',
    about: [],
    context: 'The conflict, which began more than three years ago when Moscow sent troops into Ukraine, was "senseless".',
    evidence: [{ paragraph: 3, excerpt: 'was "senseless"' }],
  },
  {
    slug: 'trump-should-have-never-happened',
    speaker: 'donald-trump',
    kind: 'PARTIAL_QUOTE',
    text: 'should have never happened',
    channel: 'Truth Social',
    saidOn: '2025-04-11',
    saidOnPrecision: 'DAY',
    about: [],
    context: 'Of the conflict in Ukraine.',
    evidence: [{ paragraph: 3, excerpt: 'and "should have never happened"' }],
  },
  {
    slug: 'trump-pissed-off',
    speaker: 'donald-trump',
    kind: 'PARTIAL_QUOTE',
    text: 'pissed off',
    channel: 'NBC News',
    saidOn: '2025-03-01',
    saidOnPrecision: 'MONTH',
    about: ['vladimir-putin'],
    context: 'Trump told NBC News he was "pissed off" with his Russian counterpart.',
    evidence: [{ paragraph: 2, excerpt: 'The US leader told NBC News last month that he was "pissed off" with his Russian counterpart' }],
  },
  {
    slug: 'rubio-endless-negotiations',
    speaker: 'marco-rubio',
    kind: 'PARTIAL_QUOTE',
    text: 'endless negotiations',
    channel: null,
    saidOn: '2025-03-31',
    saidOnPrecision: 'WEEK',
    about: [],
    context: 'Rubio warned that Washington would not tolerate "endless negotiations" with Russia over the conflict.',
    evidence: [
      {
        paragraph: 2,
        excerpt: 'Marco Rubio warned last week that Washington would not tolerate "endless negotiations" with Russia over the conflict',
      },
    ],
  },
  {
    slug: 'peskov-various-aspects',
    speaker: 'dmitry-peskov',
    kind: 'PARTIAL_QUOTE',
    text: 'various aspects of the Ukrainian settlement',
    channel: null,
    saidOn: '2025-04-11',
    saidOnPrecision: 'DAY',
    about: ['vladimir-putin', 'steve-witkoff'],
    context: 'The meeting in Putin\'s home city of Saint Petersburg would touch on "various aspects of the Ukrainian settlement".',
    evidence: [
      {
        paragraph: 4,
        excerpt:
          'The meeting, taking place in Putin\'s home city of Saint Petersburg, would touch on "various aspects of the Ukrainian settlement", Kremlin spokesman Dmitry Peskov said.',
      },
    ],
  },
  {
    slug: 'peskov-no-breakthroughs',
    speaker: 'dmitry-peskov',
    kind: 'DIRECT_QUOTE',
    text: 'There is no need to expect any breakthroughs here, the process of normalising relations is ongoing',
    channel: 'Russian state media',
    saidOn: null,
    saidOnPrecision: null,
    about: [],
    context: 'Quoted by Russian state media on the Putin–Witkoff talks.',
    evidence: [
      {
        paragraph: 5,
        excerpt:
          '"There is no need to expect any breakthroughs here, the process of normalising relations is ongoing," Peskov was quoted as saying by Russian state media',
      },
    ],
  },
  {
    slug: 'peskov-maybe',
    speaker: 'dmitry-peskov',
    kind: 'DIRECT_QUOTE',
    text: 'Maybe',
    channel: 'Russian state media',
    saidOn: null,
    saidOnPrecision: null,
    about: ['vladimir-putin', 'donald-trump'],
    context: 'Asked whether the two would discuss a possible meeting between Putin and Trump.',
    evidence: [
      {
        paragraph: 6,
        excerpt:
          'When asked whether the two would discuss a possible meeting between Putin and Trump, Peskov was quoted as saying: "Maybe".',
      },
    ],
  },
  {
    slug: 'witkoff-great-leader',
    speaker: 'steve-witkoff',
    kind: 'PARTIAL_QUOTE',
    text: 'great leader',
    channel: null,
    saidOn: null,
    saidOnPrecision: null,
    about: ['vladimir-putin'],
    context: 'After their last meeting, Witkoff said Putin was a "great leader".',
    evidence: [{ paragraph: 8, excerpt: 'said Putin was a "great leader"' }],
  },
  {
    slug: 'witkoff-not-a-bad-guy',
    speaker: 'steve-witkoff',
    kind: 'PARTIAL_QUOTE',
    text: 'not a bad guy',
    channel: null,
    saidOn: null,
    saidOnPrecision: null,
    about: ['vladimir-putin'],
    context: 'After their last meeting, Witkoff said Putin was "not a bad guy".',
    evidence: [{ paragraph: 8, excerpt: 'and "not a bad guy"' }],
  },
  {
    slug: 'naryshkin-more-prisoner-swaps',
    speaker: 'sergei-naryshkin',
    kind: 'PARAPHRASE',
    text: 'Russia would discuss more prisoner swaps in the future.',
    channel: null,
    saidOn: '2025-04-11',
    saidOnPrecision: 'DAY',
    about: [],
    context: null,
    evidence: [{ paragraph: 14, excerpt: 'said Friday that Russia would discuss more prisoner swaps in the future' }],
  },
];

export const EXCHANGES: ExchangeAnnotation[] = [
  {
    slug: 'karelina-petrov-2025-04-10',
    date: '2025-04-10',
    description:
      'Russia freed ballet dancer Ksenia Karelina in exchange for suspected tech smuggler Arthur Petrov: the second exchange between Moscow and Washington in less than two months.',
    countries: ['RU', 'US'],
    releases: [
      {
        person: 'ksenia-karelina',
        releasedBy: 'RU',
        releasedTo: 'US',
        detail:
          'Freed from prison. Arrested last January while visiting Russia to see family; was serving a 12-year sentence on "treason" charges after donating the equivalent of around $50 to a pro-Ukraine charity.',
        evidence: [
          { paragraph: 12, excerpt: 'Russia freed dual US-Russian ballet dancer Ksenia Karelina from prison' },
          {
            paragraph: 13,
            excerpt:
              'arrested last January while visiting Russia to see family, was serving a 12-year sentence on "treason" charges after she donated the equivalent of around $50 to a pro-Ukraine charity',
          },
        ],
      },
      {
        person: 'arthur-petrov',
        releasedBy: 'US',
        releasedTo: 'RU',
        detail: 'Suspected tech smuggler, released in exchange for Karelina.',
        evidence: [{ paragraph: 12, excerpt: 'in exchange for suspected tech smuggler Arthur Petrov' }],
      },
    ],
    evidence: [
      { paragraph: 12, excerpt: 'On Thursday, Russia freed' },
      { paragraph: 12, excerpt: 'the second exchange between Moscow and Washington in less than two months' },
    ],
  },
];
