// `pipelock tls init [--dir DIR] [--force] [--key-type ec|rsa]`: create the
// interception CA (ca.pem 0644, ca-key.pem 0600; never overwritten without
// --force). `pipelock tls show-ca [--config F | --cert FILE]`: print the CA
// certificate (stdout) and its SHA-256 fingerprint (stderr) for clients to trust.
import type { Command } from 'commander';
import { X509Certificate } from 'node:crypto';
import { chmod, mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { PipelockError } from '@pipelock/core/lite';
import type { CaKeyType } from '@pipelock/proxy';
import { loadConfig } from '../config-file.js';
import { EXIT_OK, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { ioError, readTextFile } from '../io.js';
import type { CommandRunner } from './types.js';

export const CA_CERT_FILE = 'ca.pem';
export const CA_KEY_FILE = 'ca-key.pem';

export interface TlsInitFlags {
  dir?: string;
  force?: boolean;
  keyType?: string;
}

export interface TlsShowFlags {
  config?: string;
  cert?: string;
}

/** ~/.pipelock: per user, no root needed; point tls_interception at another place with --dir. */
function defaultDir(io: Io): string {
  return join(io.env['HOME'] ?? homedir(), '.pipelock');
}

export function registerTls(parent: Command, run: CommandRunner): Command {
  const tls = parent.command('tls').description('the TLS interception CA');
  tls
    .command('init')
    .description(`create a CA for tls_interception (${CA_CERT_FILE} and ${CA_KEY_FILE}; default dir ~/.pipelock)`)
    .option('--dir <dir>', 'where to write the CA files (default: ~/.pipelock)')
    .option('--force', 'replace existing CA files')
    .option('--key-type <type>', 'ec (ECDSA P-256) or rsa (RSA 2048)', 'ec')
    .action(async (flags: TlsInitFlags) => {
      await run((io) => tlsInit(io, flags));
    });
  tls
    .command('show-ca')
    .description('print the CA certificate (stdout) and its SHA-256 fingerprint (stderr)')
    .option('--config <file>', 'read tls_interception.ca_cert from this pipelock.yaml')
    .option('--cert <file>', 'the CA certificate file (default: ~/.pipelock/ca.pem)')
    .action(async (flags: TlsShowFlags) => {
      await run((io) => tlsShowCa(io, flags));
    });
  return tls;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw ioError(err, `cannot check ${path}`);
  }
}

export async function tlsInit(io: Io, flags: TlsInitFlags): Promise<number> {
  // Loaded on use: the proxy package (undici, prom-client, TLS) costs every other command its start-up.
  const { generateCa } = await import('@pipelock/proxy');
  const keyType = flags.keyType ?? 'ec';
  if (keyType !== 'ec' && keyType !== 'rsa') throw new UsageError(`--key-type must be ec or rsa, not "${keyType}"`);
  const dir = resolve(io.cwd, flags.dir ?? defaultDir(io));
  const certPath = join(dir, CA_CERT_FILE);
  const keyPath = join(dir, CA_KEY_FILE);
  for (const p of [certPath, keyPath]) {
    if (!(await exists(p))) continue;
    // Replacing a CA silently would break every client that trusts the old one.
    if (!flags.force) throw new PipelockError('IO', `${p} already exists; pass --force to replace the CA (clients must then trust the new one)`);
    await unlink(p).catch((err: unknown) => {
      throw ioError(err, `cannot remove ${p}`);
    });
  }
  const ca = generateCa({ keyType: keyType as CaKeyType });
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // 'wx': never follow a file someone slipped in between the check and the write.
    await writeFile(keyPath, ca.keyPem, { mode: 0o600, flag: 'wx' });
    await chmod(keyPath, 0o600); // the mode above is filtered by the umask; make it exact
    await writeFile(certPath, ca.certPem, { mode: 0o644, flag: 'wx' });
  } catch (err) {
    throw ioError(err, `cannot write the CA to ${dir}`);
  }
  const fp = new X509Certificate(ca.certPem).fingerprint256;
  io.stderr.write(`pipelock: wrote ${certPath} (0644) and ${keyPath} (0600)\nSHA-256 fingerprint: ${fp}\n`);
  // stdout: the config to paste, so `pipelock tls init >> pipelock.yaml` works.
  io.stdout.write(`tls_interception:\n  enabled: true\n  ca_cert: ${certPath}\n  ca_key: ${keyPath}\n`);
  return EXIT_OK;
}

export async function tlsShowCa(io: Io, flags: TlsShowFlags): Promise<number> {
  if (flags.config !== undefined && flags.cert !== undefined) throw new UsageError('--config and --cert are alternatives; give one');
  let path: string;
  if (flags.cert !== undefined) {
    path = resolve(io.cwd, flags.cert);
  } else if (flags.config !== undefined) {
    const config = await loadConfig(resolve(io.cwd, flags.config));
    if (config.tls_interception.ca_cert === '') {
      throw new PipelockError('CONFIG_INVALID', `${flags.config}: tls_interception.ca_cert is not set (create a CA with \`pipelock tls init\`)`);
    }
    path = resolve(io.cwd, config.tls_interception.ca_cert);
  } else {
    path = join(defaultDir(io), CA_CERT_FILE);
  }
  const pem = await readTextFile(path, 'CA certificate');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw new PipelockError('INPUT_INVALID', `${path} is not a PEM certificate`);
  }
  io.stdout.write(cert.toString());
  io.stderr.write(`subject: ${cert.subject.split('\n').join(', ')}\nexpires: ${cert.validTo}\nSHA-256 fingerprint: ${cert.fingerprint256}\n`);
  return EXIT_OK;
}
