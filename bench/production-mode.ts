/**
 * Imported first by benchmarks that run newsgraph's code in their own process (bench/layers.ts):
 * graphql-js reads NODE_ENV once, when it loads, and outside production it checks every internal
 * `instanceof` for a second copy of itself (26 µs per article-reader request, measured with
 * `--cpu-prof`). The servers the benchmarks start run with NODE_ENV=production (harness.ts).
 */
process.env.NODE_ENV = 'production';
