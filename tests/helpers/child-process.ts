/** Starts project scripts (the embedded server CLI, the API) in child processes and waits until they are ready. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildServer {
  child: ChildProcess;
  uri: string;
}

/**
 * Runs a project script in a child process and resolves with the first match of `ready` in its
 * output. A `.ts` script runs through tsx; a `.js` one (the compiled build) runs as it is.
 */
async function spawnUntilReady(
  script: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: string; output: () => string }> {
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...loader, script, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const match = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = ready.exec(output);
      if (found) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${output}${errors}`)));
  });
  return { child, match, output: () => output };
}

export async function spawnEmbeddedServer(args: string[]): Promise<ChildServer> {
  const { child, match } = await spawnUntilReady('src/embedded-mongo/cli.ts', args, {}, /^(mongodb:\/\/\S+)$/m);
  return { child, uri: match };
}

/** `npm start` in a child process (the API with its database as `env` chooses); resolves with its base URL. */
export async function spawnApi(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const { child, match } = await spawnUntilReady('src/index.ts', [], { PORT: '0', ...env }, /ready at (http:\/\/\S+)\/graphql/);
  return { child, url: match };
}

/**
 * What `npm start` runs: the compiled API, from the dist/ and web/dist/ that `npm run build` (its
 * prestart) made — tests/global-build.ts runs that build once before any test file. Resolves once the
 * start-up banner has been printed, with the banner so far and everything it prints from then on.
 */
export async function spawnBuiltApi(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; banner: string; output: () => string }> {
  const { child, match, output } = await spawnUntilReady(
    'dist/src/index.js',
    [],
    { PORT: '0', ...env },
    /ready at (http:\/\/\S+)\/graphql/,
  );
  return { child, url: match, banner: output(), output };
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}
