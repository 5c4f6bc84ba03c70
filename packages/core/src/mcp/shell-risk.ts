// Shell risk engine: parses a command (shell-parse.ts), walks its pipelines,
// substitutions and the inline code of interpreters it starts (payload.ts),
// and collects evidence rows (shell-features.ts). Each rule's severity is the
// sum of its evidence points, so every finding lists the reasons it fired.
// It decides from structure (who feeds whom, which program runs which) rather
// than phrases, and never executes anything. Bounded by the parser's limits
// and a fixed recursion depth.
import type { Severity } from '../types.js';
import { analyzePayload } from './payload.js';
import type { PayloadFacts } from './payload.js';
import { parseShell, walkCommands } from './shell-parse.js';
import type { Command, Script } from './shell-parse.js';
import {
  BULK_PATH,
  CREDENTIAL_PATHS,
  DECODERS,
  DOWNLOADERS,
  ENV_FILE,
  EVIDENCE,
  HISTORY_FILE,
  INTERPRETERS,
  NET_CLIENTS,
  OBFUSCATION_BOOST,
  PERSISTENCE_PATHS,
  READERS,
  SECURITY_SERVICES,
  SEVERITY_POINTS,
  SHELL_HOSTS,
  SHELL_RULES,
  SHELLS,
  SUSPICIOUS_DEST,
  WRAPPER_VALUED,
  WRAPPERS,
} from './shell-features.js';
import { KNOWN_COMMANDS } from './shell-context.js';
import type { EvidenceId, ShellRule } from './shell-features.js';

const MAX_DEPTH = 4;

export interface ShellFinding {
  rule: ShellRule;
  severity: Severity;
  points: number;
  /** The evidence sentences, strongest first. */
  because: string[];
  /** Obfuscation was part of the evidence. */
  obfuscated: boolean;
}

/** Why a nested command runs: started by a wrapper, a program's option, interpreter code, or a container. */
type Spawn = 'top' | 'wrapper' | 'option' | 'interp' | 'container' | 'content';

const CRED = new RegExp(CREDENTIAL_PATHS, 'i');
const GIT_COMMAND_SETTING = /^(core\.(?:pager|sshcommand|editor|fsmonitor|hookspath|askpass)|alias\.[\w-]+|sequence\.editor|diff\.\w+\.textconv|filter\.\w+\.(?:clean|smudge|process))=(.*)$/is;
/** Variables whose value a shell or git later runs as a command. */
const RUNS_LATER_VARS = new Set(['PROMPT_COMMAND', 'BASH_ENV', 'ENV', 'GIT_SSH_COMMAND', 'GIT_PAGER', 'GIT_EDITOR', 'GIT_ASKPASS', 'SSH_ASKPASS', 'PAGER', 'EDITOR', 'VISUAL']);
const CRED_DIR = /(?:^|[/\\])\.(?:ssh|aws|gnupg|kube|docker|password-store|azure)[/\\]?$/i;
const ENVF = new RegExp(ENV_FILE, 'i');
const HIST = new RegExp(HISTORY_FILE, 'i');
const BULK = new RegExp(BULK_PATH, 'i');
const SUSP = new RegExp(SUSPICIOUS_DEST, 'i');
const SEC_SVC = new RegExp(SECURITY_SERVICES, 'i');
const PERSIST = PERSISTENCE_PATHS.map(([id, src]) => [id, new RegExp(src, 'i')] as const);
const ENVIRON = /^\/proc\/(?:self|\d+|\*)\/environ$/;
const DEV_NET = /^\/dev\/(?:tcp|udp)\/[^/\s]+\/\S+/;
const BLOCK_DEV = /^\/dev\/(?:sd[a-z]|nvme\d|hd[a-z]|vd[a-z]|xvd[a-z]|mmcblk\d|disk\d|md\d|dm-\d|mapper\/|loop\d|sr\d)/;
const ROOT_DIRS = /^(?:\/\*?|\/(?:etc|usr|bin|sbin|lib|lib64|boot|root|home|var|opt|sys|proc|dev|srv|System|Library|Users|Applications)\/?\*?|~\/?\*?|\$HOME\/?\*?|\$\{HOME\}\/?\*?)$/;
const SYSTEM_DEEP = /^\/(?:etc|usr|boot|bin|sbin|lib|lib64|var\/lib|var\/log)(?:\/[^/\s]+)?\/?$/;
const URLISH = /^(?:[a-z][\w+.-]*:\/\/|\w[\w.-]*\.[a-z]{2,}\/|(?:\d{1,3}\.){3}\d{1,3}\b)/i;
const SENSITIVE_NAME = /(?:^|\W)(?:id_rsa|id_dsa|id_ecdsa|id_ed25519|\*\.pem|\*\.key|\*\.kdbx|wallet\.dat|\*\.p12|\*\.pfx|credentials|\.git-credentials|\.netrc|shadow|\*\.ovpn|\.env|authorized_keys|known_hosts|\*password\*|\*secret\*)(?:$|\W)/i;
const SHELL_RC_SAFE = /^(?:export|alias|source|\.|set|setopt|eval\s+"\$\((?:direnv|starship|zoxide|rbenv|pyenv|nodenv|brew|fnm|mise|rtx)\b|PATH=|[A-Z_]+=)/;

/** Command names by word, memoised: the same few dozen names recur in every command line. */
const BASE_CACHE = new Map<string, string>();
function base(word: string): string {
  const hit = BASE_CACHE.get(word);
  if (hit !== undefined) return hit;
  let b: string;
  if (word.charCodeAt(0) === 33) b = word.toLowerCase(); // '!cmd'
  else {
    const cut = Math.max(word.lastIndexOf('/'), word.lastIndexOf('\\'));
    b = (cut >= 0 ? word.slice(cut + 1) : word).toLowerCase();
    if (b.endsWith('.exe')) b = b.slice(0, -4);
  }
  if (word.length <= 64) {
    if (BASE_CACHE.size >= 2048) BASE_CACHE.clear();
    BASE_CACHE.set(word, b);
  }
  return b;
}

/** Interpreter names without version suffixes: python3.11 → python. */
function interpName(b: string): string {
  return b.replace(/\.exe$/, '').replace(/[\d.]+$/, '') || b;
}

const INTERP = new Map(Object.entries(INTERPRETERS).map(([k, v]) => [k.toLowerCase(), v]));
const RESERVED = new Set(['do', 'then', 'else', 'elif', 'if', 'while', 'until', '!', '{', '}', 'time', 'done', 'fi', 'esac', 'coproc']);

function isShellName(b: string): boolean {
  return SHELLS.has(b) || SHELLS.has(b.replace(/\.exe$/, ''));
}

class Evidence {
  readonly items = new Map<EvidenceId, ShellRule>();
  obfuscated = false;
  /** Files downloaded or decoded earlier in the same script, by base name. */
  readonly downloaded = new Set<string>();
  readonly decoded = new Set<string>();
  /** File descriptors opened on /dev/tcp. */
  readonly netFds = new Set<string>();
  /** Files written with given content (echo … > f), for later reads by run commands. */
  add(id: EvidenceId, rule?: ShellRule): void {
    if (!this.items.has(id)) this.items.set(id, rule ?? EVIDENCE[id].rule);
  }
  has(id: EvidenceId): boolean {
    return this.items.has(id);
  }
}

/** Options of a command: the flags (with their values) and the positional arguments. */
function positional(argv: string[], valued: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a.length > 1) {
      if (valued.has(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

function optValue(argv: string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    for (const n of names) {
      if (a === n && i + 1 < argv.length) out.push(argv[i + 1]!);
      else if (n.startsWith('--') && a.startsWith(`${n}=`)) out.push(a.slice(n.length + 1));
      else if (!n.startsWith('--') && n.length === 2 && a.startsWith(n) && a.length > 2 && !a.startsWith('--')) out.push(a.slice(2));
    }
  }
  return out;
}

function hasFlag(argv: string[], letter: string, long?: string): boolean {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (long && a === long) return true;
    if (/^-[A-Za-z]+$/.test(a) && a.includes(letter)) return true;
  }
  return false;
}

/** The file a shell or interpreter is asked to run, if any. */
function scriptArg(argv: string[], codeFlags: readonly string[] = ['-c']): { code?: string; file?: string; stdin: boolean; noexec: boolean } {
  let noexec = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (codeFlags.includes(a)) return { code: argv.slice(i + 1, i + 2)[0] ?? '', stdin: false, noexec };
    // perl -ne / ruby -pe: the cluster's last letter takes the code
    if (/^-[a-zA-Z]*[eE]$/.test(a) && codeFlags.includes('-e') && a.length > 2 && !a.startsWith('--')) return { code: argv[i + 1] ?? '', stdin: false, noexec };
    if (/^-[a-zA-Z]*c$/.test(a) && codeFlags.includes('-c') && a.length > 2) return { code: argv[i + 1] ?? '', stdin: false, noexec };
    for (const f of codeFlags) if (f.length === 2 && a.startsWith(f) && a.length > 2 && !a.startsWith('--')) return { code: a.slice(2), stdin: false, noexec };
    if (a === '-n' || a === '--noexec') noexec = true;
    if (a === '-' || a === '-s') return { stdin: true, noexec };
    if (a === '-m' || a === '-M' || a === '-r' || a === '-I' || a === '-W' || a === '-o' || a === '-O' || a === '--rcfile' || a === '--init-file') {
      if (!(a === '-r' && codeFlags.includes('-r'))) {
        i++;
        if (a === '-m') return { file: argv[i], stdin: false, noexec: true };
        continue;
      }
    }
    if (a.startsWith('-') || a.startsWith('+')) continue;
    return { file: a, stdin: false, noexec };
  }
  return { stdin: true, noexec };
}

interface Ctx {
  ev: Evidence;
  depth: number;
  spawn: Spawn;
  /** The raw text of the whole input, for cheap whole-script checks. */
  text: string;
}

export function analyzeShell(text: string): ShellFinding[] {
  const ev = new Evidence();
  const ctx: Ctx = { ev, depth: 0, spawn: 'top', text };
  runScript(parseCommandLine(text), ctx);
  wholeText(text, ctx);
  return score(ev);
}

/** Windows command lines keep their backslashes (C:\Users\…, HKLM\…): a POSIX parse would eat them. */
function parseCommandLine(text: string): Script {
  const windows = /(?:^|[\s"'=])[A-Za-z]:\\|%\w+%|\$env:|\\\\[\w.$-]+\\|\b(?:HKLM|HKCU|HKEY_[A-Z_]+|HKU|HKCR)\\/i.test(text) && !text.includes("$'");
  return parseShell(windows ? text.replace(/\\/g, '\\\\') : text);
}

/** Inline code in a named language (a tool that runs Python, JavaScript, …). */
export function analyzeCode(lang: string, code: string): ShellFinding[] {
  const ev = new Evidence();
  payload(lang, code, { ev, depth: 0, spawn: 'top', text: code });
  return score(ev);
}

function score(ev: Evidence): ShellFinding[] {
  const byRule = new Map<ShellRule, { points: number; because: Array<[number, string]> }>();
  for (const [id, rule] of ev.items) {
    const row = EVIDENCE[id];
    const r = byRule.get(rule) ?? { points: 0, because: [] };
    byRule.set(rule, r);
    r.points += row.points;
    r.because.push([row.points, row.why]);
  }
  const obfRule = byRule.get(SHELL_RULES.obfuscated);
  const out: ShellFinding[] = [];
  for (const [rule, r] of byRule) {
    let points = r.points;
    const obfuscated = !!obfRule && rule !== SHELL_RULES.obfuscated;
    if (obfuscated && points >= 20) {
      points += OBFUSCATION_BOOST;
      r.because.push([OBFUSCATION_BOOST, 'written with shell obfuscation']);
    }
    const sev = SEVERITY_POINTS.find(([, min]) => points >= min)?.[0];
    if (!sev) continue;
    out.push({ rule, severity: sev, points, because: r.because.sort((a, b) => b[0] - a[0]).map(([, w]) => w), obfuscated });
  }
  return out.sort((a, b) => b.points - a.points);
}

function runScript(script: Script, ctx: Ctx): void {
  if (ctx.depth > MAX_DEPTH) return;
  if (script.ifsChanged) ctx.ev.add('obfIfs');
  if (script.folded) ctx.ev.add('obfFold');
  for (const p of script.pipelines) {
    const stages = p.cmds.map((c) => stage(c, ctx));
    stages.forEach((st, i) => (st.before = stages.slice(0, i)));
    pipeline(stages, ctx);
    for (const s of stages) for (const alt of s.alts) command(alt, s, ctx);
  }
}

interface Stage {
  cmd: Command;
  argv: string[];
  name: string;
  /** Alternatives to analyse (the command itself, and an IFS-joined reading). */
  alts: string[][];
  kind: Set<'interp' | 'download' | 'net' | 'decode' | 'env' | 'reads' | 'sink' | 'literal' | 'escapes'>;
  lang?: string;
  literal?: string;
  files: string[];
  /** The stages before this one in its pipeline (what feeds its standard input). */
  before?: Stage[];
  /** argv with wrappers (sudo, env, timeout …) removed, and its command name. */
  inner: string[];
  innerName: string;
}

/** A command found inside another's arguments (find -exec, watch -x …), sharing the outer command's redirections. */
function subStage(s: Stage, argv: string[]): Stage {
  const inner = unwrapWrappers(argv);
  return { ...s, argv, alts: [], files: [], inner, innerName: inner.length ? base(inner[0]!) : '' };
}

function unwrapReserved(argv: string[]): string[] {
  let i = 0;
  while (i < argv.length - 1 && RESERVED.has(argv[i]!)) i++;
  if (argv[i] === 'for' || argv[i] === 'case' || argv[i] === 'select') return [];
  return i ? argv.slice(i) : argv;
}

/**
 * Which known program a glob in the command name can run ("/???/?at" is cat, "/b??/n?" nc). A shell
 * runs the first match in its directory, so when several programs fit, the riskiest one is the
 * reading to judge: a shell, a network client, an interpreter, a downloader, then a file reader.
 */
const GLOB_PREFERENCE: ReadonlyArray<ReadonlySet<string>> = [SHELLS, NET_CLIENTS, new Set(Object.keys(INTERPRETERS).map((k) => k.toLowerCase())), DOWNLOADERS, READERS];
function resolveGlob(name: string): { name: string; glob: boolean } {
  if (!/[?*[]/.test(name)) return { name, glob: false };
  const b = name.replace(/^.*\//, '');
  if (!b || b.length > 40) return { name, glob: false };
  let re: RegExp;
  try {
    // [abc] stays a class; an unbalanced bracket is no glob a shell would expand
    re = new RegExp(`^${b.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\?/g, '.').replace(/\*/g, '.*')}$`);
  } catch {
    return { name, glob: false };
  }
  const hits = [...KNOWN_COMMANDS].filter((k) => re.test(k));
  if (hits.length === 0) return { name, glob: false };
  if (hits.length === 1) return { name: hits[0]!, glob: true };
  for (const set of GLOB_PREFERENCE) {
    const h = hits.find((k) => set.has(k));
    if (h !== undefined) return { name: h, glob: true };
  }
  return { name: hits[0]!, glob: true };
}

function stage(cmd: Command, ctx: Ctx): Stage {
  const argv = unwrapReserved(cmd.argv);
  if (argv.length) {
    const g = resolveGlob(argv[0]!);
    argv[0] = g.name;
    // a wildcard standing for a program's name has no use but hiding it
    if (g.glob && /[?[]/.test(cmd.argv[0] ?? '')) ctx.ev.add('obfName');
  }
  const alts = [argv];
  if (cmd.obfuscatedName) ctx.ev.add('obfName');
  // IFS=,;X=r,m;$X … splits the name into short pieces; also read them joined.
  if (argv.length > 2 && argv[0]!.length <= 3 && argv[1]!.length <= 3 && !argv[1]!.startsWith('-')) alts.push([argv[0]! + argv[1]!, ...argv.slice(2)]);
  const inner = unwrapWrappers(argv);
  const name = inner.length ? base(inner[0]!) : '';
  const s: Stage = { cmd, argv, name: argv.length ? base(argv[0]!) : '', alts, kind: new Set(), files: [], inner, innerName: name };
  const iname = interpName(name);
  const interp = INTERP.get(iname);
  if (isShellName(name) || interp || name === 'iex' || name === 'invoke-expression' || ((name === 'source' || name === '.') && /^\/dev\/(?:stdin|fd\/0)$/.test(inner[1] ?? ''))) {
    const sa = scriptArg(inner, interp ? interp.codeFlags : ['-c', '/c', '/k']);
    if ((sa.stdin && !sa.noexec && !(interp && ['awk'].includes(interp.lang))) || name === 'iex' || name === 'invoke-expression' || /^\/dev\/(?:stdin|fd\/0)$/.test(sa.file ?? '')) {
      s.kind.add('interp');
      s.lang = isShellName(name) ? 'shell' : (interp?.lang ?? 'powershell');
    }
  }
  if (DOWNLOADERS.has(name)) {
    const toFile = optValue(inner, ['-o', '--output', '-O', '--output-document', '-OutFile', '-outfile']).filter((v) => v !== '-');
    const bareO = name === 'curl' && inner.some((a) => a === '-O' || a === '--remote-name' || /^-[a-zA-Z]*O$/.test(a));
    const wgetFile = name === 'wget' && !inner.some((a) => a === '-O-' || a === '-qO-' || /^-[a-zA-Z]*O-?$/.test(a) || a === '-O' || a === '--output-document');
    if (!toFile.length && !bareO && !wgetFile && !cmd.redirects.some((r) => r.op.startsWith('>') && r.fd === '1' && !r.target.startsWith('&'))) s.kind.add('download');
  }
  if (name === 'nc' || name === 'ncat' || name === 'netcat' || name === 'telnet' || name === 'cryptcat' || (name === 'openssl' && inner[1] === 's_client') || (name === 'socat' && inner.some((a) => /^(?:tcp|udp|ssl|openssl)[\w-]*:/i.test(a)))) {
    s.kind.add('net');
    s.kind.add('sink');
  }
  if (cmd.redirects.some((r) => r.op.startsWith('<') && DEV_NET.test(r.target))) s.kind.add('net');
  if (DECODERS.has(name)) {
    const dec =
      (name === 'base64' || name === 'base32' || name === 'basenc') && inner.some((a) => a === '-d' || a === '--decode' || a === '-D' || /^-[a-zA-Z]*d/.test(a))
        ? true
        : name === 'xxd'
          ? inner.includes('-r')
          : name === 'openssl'
            ? inner.includes('-d') || inner[1] === 'base64'
            : name === 'certutil'
              ? inner.some((a) => /^[-/]decode/i.test(a))
              : name === 'rev' || name === 'uudecode' || (name === 'tr' && inner.length >= 3 && !inner[1]!.startsWith('[:'))
                ? true
                : (name === 'gunzip' || name === 'zcat' || name === 'unxz' || ((name === 'gzip' || name === 'xz' || name === 'bzip2' || name === 'zstd') && inner.includes('-d')));
    if (dec) s.kind.add('decode');
    if ((name === 'printf' && /\\(?:x[0-9a-f]|[0-7]{3})/i.test(inner.slice(1).join(' '))) || (name === 'echo' && inner.some((a) => /^-[a-zA-Z]*e/.test(a)) && /\\(?:x[0-9a-f]|[0-7]{3})/i.test(inner.join(' ')))) s.kind.add('escapes');
  }
  if (name === 'echo' || name === 'printf') {
    s.kind.add('literal');
    s.literal = name === 'printf' ? inner.slice(1).join(' ') : inner.slice(1).filter((a, k) => !(k === 0 && /^-[neE]+$/.test(a))).join(' ');
  }
  if (cmd.stdin !== undefined && (name === 'cat' || name === '')) {
    s.kind.add('literal');
    s.literal = cmd.stdin;
  }
  if ((name === 'env' && inner.length === 1) || name === 'printenv' || (name === 'set' && inner.length === 1) || (name === 'export' && inner[1] === '-p') || name === 'get-childitem' && /env:/i.test(inner[1] ?? '')) s.kind.add('env');
  if (READERS.has(name) || name === 'tar' || name === 'zip') {
    const files = positional(inner, new Set(['-n', '-c', '-m', '-A', '-B', '-C', '-e', '-f', '-w', '-s', '-t'])).filter((a) => !URLISH.test(a));
    if (name === 'tar' || name === 'zip') s.files.push(...files.filter((f) => !/\.(?:tgz|tar|gz|zip|xz|bz2)$/.test(f)));
    else s.files.push(...files);
    for (const r of cmd.redirects) if (r.op === '<' && !DEV_NET.test(r.target)) s.files.push(r.target);
    if (s.files.length || name === 'cat') s.kind.add('reads');
    if (ENVIRON.test(s.files[0] ?? '')) s.kind.add('env');
  }
  if (name === 'ssh' || name === 'curl' || name === 'wget' || name === 'aws') s.kind.add('sink');
  return s;
}

/** Strips command wrappers (sudo, env, nice, timeout 10, xargs …) to the command they run. */
function unwrapWrappers(argv: string[], limit = 4): string[] {
  let cur = argv;
  for (let n = 0; n < limit && cur.length; n++) {
    const name = base(cur[0]!);
    if (!WRAPPERS.has(name) || name === 'script' || name === 'watch' || name === 'su' || name === 'start-stop-daemon' || name === 'run-parts') return cur;
    let i = 1;
    const takesParam = new Set(['timeout', 'taskset', 'setarch', 'flock', 'chrt', 'chroot', 'cgexec', 'faketime']);
    if ((name === 'npm' || name === 'yarn' || name === 'pnpm' || name === 'bundle') && cur[1] !== 'exec' && cur[1] !== 'x' && cur[1] !== 'dlx') return cur;
    if (name === 'npm' || name === 'yarn' || name === 'pnpm' || name === 'bundle') i = 2;
    if (name === 'busybox' && cur[1] && !cur[1].startsWith('-')) {
      cur = cur.slice(1);
      continue;
    }
    while (i < cur.length) {
      const a = cur[i]!;
      if (a === '--') {
        i++;
        break;
      }
      if (name === 'env' && /^[A-Za-z_]\w*=/.test(a)) {
        i++;
        continue;
      }
      if (a.startsWith('-')) {
        // options that take a value
        const valued = WRAPPER_VALUED[name] ?? [];
        if (valued.includes(a)) i += 2;
        else i++;
        continue;
      }
      break;
    }
    if (takesParam.has(name) && i < cur.length) i++;
    if (i >= cur.length) return cur;
    cur = cur.slice(i);
  }
  return cur;
}

function pipeline(stages: Stage[], ctx: Ctx): void {
  const ev = ctx.ev;
  for (let i = 0; i < stages.length; i++) {
    const s = stages[i]!;
    if (!s.kind.has('interp')) continue;
    const before = stages.slice(0, i);
    const after = stages.slice(i + 1);
    if (before.some((b) => b.kind.has('download'))) ev.add('pipeDownloadInterp');
    if (before.some((b) => b.kind.has('net')) || (s.lang === 'shell' && after.some((a) => a.kind.has('net')))) ev.add(before.some((b) => b.kind.has('download') && !b.kind.has('net')) ? 'pipeDownloadInterp' : 'pipeNetShell');
    if (before.some((b) => b.kind.has('decode'))) {
      ev.add('pipeDecodeInterp');
      const decoded = decodePipeline(before);
      if (decoded) nested(decoded, s.lang ?? 'shell', ctx, 'content');
    } else if (before.some((b) => b.kind.has('escapes'))) {
      ev.add('escapesToShell');
      const lit = before.find((b) => b.literal !== undefined)?.literal;
      if (lit !== undefined) nested(lit, s.lang ?? 'shell', ctx, 'content');
    } else {
      const lit = before.length === 1 ? before[0]!.literal : undefined;
      if (lit !== undefined) nested(lit, s.lang ?? 'shell', ctx, ctx.spawn === 'top' ? 'content' : ctx.spawn);
    }
  }
  // "curl … | tee /usr/local/bin/x": the written file is a download.
  for (let i = 1; i < stages.length; i++) {
    const s = stages[i]!;
    if (s.innerName === 'tee' && stages.slice(0, i).some((b) => b.kind.has('download'))) for (const t of positional(s.inner)) ev.downloaded.add(base(t));
  }
  // "… | crontab -": the job text comes from the pipeline.
  for (let i = 0; i < stages.length; i++) {
    const s = stages[i]!;
    const inner = s.inner;
    if (s.innerName !== 'crontab' || inner.includes('-r') || inner.includes('-l') || inner.includes('-e')) continue;
    const file = positional(inner, new Set(['-u']))[0];
    if (file && file !== '-') {
      if (/^\/tmp\/|^\/dev\/shm\/|(?:^|\/)\.[\w-]+$/.test(file)) {
        ev.add('cronWrite');
        ev.add('persistHidden', SHELL_RULES.cron);
      }
      continue;
    }
    if (i === 0 && s.cmd.stdin === undefined) continue;
    ev.add('cronWrite');
    persistedContent(contentOf(s, stages.slice(0, i)), SHELL_RULES.cron, ctx);
  }
  // Producers that read files or the environment, feeding a network sender.
  for (let i = 1; i < stages.length; i++) {
    const s = stages[i]!;
    if (!s.kind.has('sink') && !s.kind.has('net')) continue;
    const before = stages.slice(0, i);
    if (before.some((b) => b.kind.has('env'))) ev.add('envToNet');
    const files = before.flatMap((b) => b.files);
    const grp = before.flatMap((b) => (b.cmd.group ? [...walkCommands(b.cmd.group)] : []));
    for (const g of grp) if (['env', 'printenv'].includes(base(g.argv[0] ?? ''))) ev.add('envToNet');
    if (files.length || before.some((b) => b.kind.has('reads'))) {
      const sinkTakesStdin = s.kind.has('net') || s.argv.some((a) => a === '@-' || /=@-$/.test(a) || a === '-T' || a === '--data-binary' || a === '-d' || a === '--data') || s.name === 'ssh';
      if (!sinkTakesStdin) continue;
      ev.add('pipeToNet', SHELL_RULES.upload);
      sensitivity(files, ctx);
      if (before.some((b) => b.name === 'base64' || b.name === 'xxd' || b.name === 'gzip')) ev.add('uploadFile');
      if (dest(s.argv)) ev.add('suspiciousDest');
    }
  }
}

function decodePipeline(before: Stage[]): string | null {
  const first = before[0];
  let text: string | null = first?.literal ?? first?.cmd.stdin ?? null;
  if (text === null) return null;
  for (const b of before.slice(1)) {
    if (b.name === 'base64' || b.name === 'openssl' || b.name === 'basenc') text = b64(text);
    else if (b.name === 'xxd') text = hex(text);
    else if (b.name === 'rev') text = [...(text ?? '')].reverse().join('');
    else if (b.name === 'tr' && b.argv.length >= 3) text = tr(text ?? '', b.argv[1]!, b.argv[2]!);
    else if (b.name === 'gunzip' || b.name === 'zcat') return null;
    if (text === null) return null;
  }
  if (first && first.name === 'base64' && first.cmd.stdin !== undefined) text = b64(first.cmd.stdin);
  return text ?? null;
}

function b64(s: string | null): string | null {
  if (s === null) return null;
  const clean = s.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/=_-]{4,}$/.test(clean)) return null;
  const t = Buffer.from(clean, 'base64').toString('utf8');
  return /[\x00-\x08\x0e-\x1f]|\ufffd/.test(t) ? null : t;
}
function hex(s: string | null): string | null {
  if (s === null) return null;
  const clean = s.replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(clean)) return null;
  const t = Buffer.from(clean, 'hex').toString('utf8');
  return t.includes('\ufffd') ? null : t;
}
function tr(text: string, from: string, to: string): string {
  const range = (spec: string) => spec.replace(/(.)-(.)/g, (_m, a: string, b: string) => {
    let o = '';
    for (let c = a.charCodeAt(0); c <= b.charCodeAt(0) && o.length < 256; c++) o += String.fromCharCode(c);
    return o;
  });
  const f = range(from);
  const t = range(to);
  let out = '';
  for (const ch of text) {
    const k = f.indexOf(ch);
    out += k < 0 ? ch : (t[Math.min(k, t.length - 1)] ?? ch);
  }
  return out;
}

/** Analyse a nested command string or code in some language. */
function nested(text: string, lang: string, ctx: Ctx, spawn: Spawn): void {
  if (ctx.depth >= MAX_DEPTH || !text) return;
  const sub: Ctx = { ev: ctx.ev, depth: ctx.depth + 1, spawn, text };
  if (lang === 'shell') {
    runScript(parseCommandLine(text), sub);
    wholeText(text, sub);
  } else payload(lang, text, sub);
}

function payload(lang: string, code: string, ctx: Ctx): void {
  const f: PayloadFacts = analyzePayload(lang, code);
  const ev = ctx.ev;
  if (f.socket && (f.exec || f.fdRedirect || (f.evaluate && lang === 'powershell'))) ev.add('payloadSocketExec');
  else if (f.socket) ev.add('payloadSocket');
  if (f.fetch && (f.evaluate || f.exec)) ev.add('payloadFetchEval');
  if (f.decode && (f.evaluate || f.exec)) ev.add('payloadDecodeEval');
  if (f.forkLoop) ev.add('payloadForkBomb');
  if (f.shellSpawn && !f.socket && ctx.spawn !== 'container') ev.add('interpShell');
  if ((f.send || f.socket) && (f.environ || CRED.test(code))) {
    ev.add('payloadSendFile');
    if (CRED.test(code)) ev.add('uploadSensitive');
    if (f.environ) ev.add('envToNet');
  }
  else if (CRED.test(code) && /\bopen\s*\(|File\.read|readFile|file_get_contents|Get-Content|io\.open|slurp/i.test(code)) ev.add('payloadReadCredential');
  if (f.ps.has('wipe')) ev.add('winWipe');
  if (f.ps.has('avOff')) ev.add('avOff');
  if (f.ps.has('logWipe')) ev.add('logWipe');
  if (f.ps.has('autorun')) ev.add('winAutorun');
  if (f.ps.has('fwOff')) ev.add('firewallOff');
  for (const c of f.commands.slice(0, 16)) nested(c, 'shell', ctx, ctx.spawn === 'container' ? 'container' : 'interp');
  if (f.decode || f.evaluate) {
    for (const blob of f.blobs) {
      const t = b64(blob);
      if (t && t.length >= 6) nested(t, lang, ctx, 'content');
    }
  }
  if (lang === 'powershell') {
    // PowerShell runs native commands too: certutil, schtasks, reg, netsh … inside -Command text.
    if (/\b(?:certutil|bitsadmin|schtasks|reg|netsh|wevtutil|vssadmin|bcdedit|mshta|regsvr32|rundll32|wmic|cmd|net|sc)(?:\.exe)?\s/i.test(code)) nested(code.replace(/\$env:\w+/gi, 'C:\\x'), 'shell', ctx, ctx.spawn);
  }
}

function sensitivity(paths: string[], ctx: Ctx): void {
  for (const p of paths) {
    if (CRED.test(p) || CRED_DIR.test(p) || HIST.test(p) || ENVF.test(p) || ENVIRON.test(p)) ctx.ev.add('uploadSensitive');
    else if (BULK.test(p) || ROOT_DIRS.test(p) || /^\/etc\/(?:passwd|group|hosts|hostname)$/.test(p)) ctx.ev.add('uploadBulk');
  }
}

function dest(argv: string[]): boolean {
  return argv.slice(1).some((a) => SUSP.test(a) && !/^(?:127\.|0\.0\.0\.0|localhost)/.test(a.replace(/^\w+:\/\//, '')));
}

function readsOf(name: string, argv: string[], cmd: Command): string[] {
  if (!READERS.has(name) && name !== 'tar' && name !== 'zip' && name !== '7z') return [];
  let files = positional(argv, new Set(['-n', '-c', '-m', '-A', '-B', '-C', '-e', '-f', '-w', '-s', '-t', '-o', '-H', '-d', '-X', '-T']));
  if (name === 'cp' || name === 'mv' || name === 'ln' || name === 'install' || name === 'rsync' || name === 'scp' || name === 'copy' || name === 'xcopy' || name === 'robocopy') files = files.slice(0, -1);
  if (name === 'grep' || name === 'egrep' || name === 'fgrep' || name === 'rg' || name === 'ag' || name === 'awk' || name === 'sed' || name === 'jq' || name === 'yq' || name === 'findstr') files = files.slice(1);
  if (name === 'sqlite3') files = files.slice(0, 1);
  if (name === 'curl' || name === 'wget' || name === 'nc' || name === 'ncat' || name === 'socat' || name === 'python' || name === 'perl' || name === 'ruby' || name === 'node' || name === 'php' || name === 'openssl' || name === 'gpg' || name === 'dd') files = [];
  if (name === 'dd') files = argv.filter((a) => a.startsWith('if=')).map((a) => a.slice(3));
  for (const r of cmd.redirects) if (r.op === '<') files.push(r.target);
  return files;
}

function writesOf(argv: string[], cmd: Command, name: string): string[] {
  const out: string[] = [];
  for (const r of cmd.redirects) if ((r.op === '>' || r.op === '>>' || r.op === '>|' || r.op === '&>' || r.op === '&>>' || r.op === '<>') && !r.target.startsWith('&') && !/^\d+$/.test(r.target)) out.push(r.target);
  if (name === 'tee') out.push(...positional(argv));
  if (name === 'cp' || name === 'mv' || name === 'ln' || name === 'install') {
    const p = positional(argv, new Set(['-t', '-S', '-m', '-o', '-g']));
    if (p.length >= 2) out.push(p[p.length - 1]!);
  }
  if (name === 'dd') out.push(...argv.filter((a) => a.startsWith('of=')).map((a) => a.slice(3)));
  return out;
}

function contentOf(s: Stage, stagesBefore: Stage[] | undefined): string {
  const parts: string[] = [];
  const inner = s.inner;
  const n = s.innerName;
  if (n === 'cp' || n === 'ln' || n === 'mv' || n === 'install') parts.push(positional(inner).slice(0, -1).join(' '));
  if (s.literal !== undefined) parts.push(s.literal);
  if (s.kind.has('download')) parts.push('curl http://downloaded');
  if (s.cmd.stdin !== undefined) parts.push(s.cmd.stdin);
  for (const b of stagesBefore ?? []) {
    if (b.literal !== undefined) parts.push(b.literal);
    if (b.cmd.group) for (const g of walkCommands(b.cmd.group)) if (g.argv[0] === 'echo' || g.argv[0] === 'printf') parts.push(g.argv.slice(1).join(' '));
    if (b.kind.has('download')) parts.push('curl http://downloaded');
  }
  return parts.join('\n');
}

/** Whether content written to a start-up location is itself dangerous. */
function persistedContent(content: string, rule: ShellRule, ctx: Ctx): void {
  if (!content.trim()) return;
  const lines = content
    .split('\n')
    .map((l) => l.replace(/^\s*(?:@\w+|(?:[\d*/,-]+\s+){5})(?:root\s+|[a-z_][\w-]*\s+(?=\/))?/, ''))
    .join('\n');
  const sub = new Evidence();
  const subCtx: Ctx = { ev: sub, depth: ctx.depth + 1, spawn: 'content', text: lines };
  runScript(parseCommandLine(lines), subCtx);
  wholeText(lines, subCtx);
  const danger = [...sub.items.keys()].some((id) => EVIDENCE[id].points >= 40) || /\b(?:curl|wget|nc|ncat|socat|\/dev\/tcp)\b/.test(lines);
  if (danger) ctx.ev.add('persistDanger', rule);
  if (/(?:^|\s|["'=])(?:\/tmp\/|\/dev\/shm\/|\/var\/tmp\/|[\w/]*\/\.[\w.-]+(?:\s|$|["']))/.test(lines)) ctx.ev.add('persistHidden', rule);
  for (const [id, r] of sub.items) ctx.ev.add(id, r);
}

function command(argvIn: string[], s: Stage, ctx: Ctx): void {
  const ev = ctx.ev;
  const cmd = s.cmd;
  // Function definitions: a body that pipes into itself in the background is a fork bomb.
  if (cmd.defines && cmd.group) {
    const fn = cmd.defines;
    const body = cmd.group;
    for (const p of body.pipelines) if (p.cmds.filter((c) => c.argv[0] === fn).length >= 2 || (p.cmds.some((c) => c.argv[0] === fn) && /&/.test(ctx.text))) ev.add('forkBomb');
    runScript(body, { ...ctx, depth: ctx.depth + 1 });
    return;
  }
  if (cmd.group) runScript(cmd.group, { ...ctx, depth: ctx.depth + 1 });
  for (const sub of cmd.subs) {
    // Substitutions run in the same context (a download inside $(…) is judged by who consumes it).
    runScript(sub, { ...ctx, depth: ctx.depth + 1 });
  }
  // Assignments that switch shell history off, or hand the shell a command to run later
  // (also spelled "export NAME=value").
  const exported = /^(?:export|declare|typeset|readonly)$/.test(argvIn[0] ?? '')
    ? argvIn.slice(1).flatMap((a): Array<[string, string]> => {
        const m = /^([A-Za-z_]\w*)=(.*)$/s.exec(a);
        return m ? [[m[1]!, m[2]!]] : [];
      })
    : [];
  for (const [k, v] of exported.length ? [...cmd.assigns, ...exported] : cmd.assigns) {
    if (RUNS_LATER_VARS.has(k) && v.length >= 4) nested(v, 'shell', ctx, 'option');
    if (k === 'HISTFILE' && (v === '/dev/null' || v === '')) ev.add('historyWipe');
    if ((k === 'HISTSIZE' || k === 'HISTFILESIZE' || k === 'SAVEHIST') && v === '0') ev.add('historyWipe');
    if (k === 'PROMPT_COMMAND' && /curl|wget|nc\b|\/dev\/tcp|sh\b/.test(v)) ev.add('persistDanger', SHELL_RULES.profile);
  }
  for (const r of cmd.redirects) {
    if (DEV_NET.test(r.target)) {
      ev.add('devTcp');
      if (r.op === '<>' || r.op === '<' || r.op === '>' || r.op === '>&') if (/^\d+$/.test(r.fd) && r.fd !== '0' && r.fd !== '1' && r.fd !== '2') ev.netFds.add(r.fd);
    }
  }
  if (!argvIn.length) {
    // Bare redirections: "> /etc/passwd" empties a file; "exec 5<>/dev/tcp/…" opens a socket.
    for (const t of writesOf([], cmd, '')) writeTarget(t, '', s, ctx, true);
    return;
  }
  const inner = argvIn === s.argv ? s.inner : unwrapWrappers(argvIn);
  const wrapped = inner !== argvIn && inner.length > 0 ? base(argvIn[0]!) : '';
  const argv = inner.length ? inner : argvIn;
  const name = argv === s.inner ? s.innerName || base(argv[0]!) : base(argv[0]!);
  const spawn: Spawn = wrapped && !SHELL_HOSTS.has(wrapped) ? 'wrapper' : ctx.spawn;

  if ((base(argvIn[0]!) === 'npx' || base(argvIn[0]!) === 'bunx') && argvIn.some((a) => /^https?:\/\/|\.tgz$|^git\+/.test(a))) ev.add('remotePackageExec');
  // sudo tricks before the wrapped command is judged.
  if (wrapped === 'sudo' && argvIn.some((a) => /^(?:-u)?#-1$|^-u#?-1$|^--user=#-1$/.test(a))) ev.add('sudoUidBypass');
  if (wrapped === 'pkexec' && isShellName(name)) ev.add('pkexecShell');
  if (wrapped === 'nsenter' && argvIn.some((a, i) => (a === '-t' || a === '--target') && argvIn[i + 1] === '1')) ev.add('hostRootMount');

  // Interactive shells: judged by who starts them.
  if (name.startsWith('!') && name.length > 1) {
    // "!/bin/sh" typed into less, man, ftp, gdb … after the program started.
    const rest = [argv[0]!.slice(1), ...argv.slice(1)].join(' ');
    if (isShellName(base(rest.split(/\s+/)[0] ?? ''))) ev.add('bangShell');
    else nested(rest, 'shell', ctx, 'option');
    return;
  }
  if (isShellName(name)) shellCommand(argv, name, cmd, s, ctx, spawn, wrapped);
  // A command read from a variable with its output on a network descriptor: a read-eval loop over a socket.
  if (/^\$\w+$/.test(argv[0]!) && cmd.redirects.some((r) => ev.netFds.has(r.target.replace('&', '')))) ev.add('shellOnSocket');

  const iname = interpName(name);
  const interp = INTERP.get(iname);
  if (interp && (!isShellName(name) || interp.lang === 'powershell')) {
    const sa = scriptArg(argv, interp.codeFlags);
    let code = sa.code;
    if (interp.lang === 'powershell') code = powershellCode(argv, ctx) ?? code;
    if (interp.lang === 'awk') code = positional(argv, new Set(['-F', '-v', '-f']))[0];
    if (interp.lang === 'tcl' && code === undefined && cmd.stdin) code = cmd.stdin;
    if (code === undefined && cmd.stdin !== undefined) code = cmd.stdin;
    if (code) payload(interp.lang, code, { ...ctx, depth: ctx.depth + 1, spawn: spawn === 'container' ? 'container' : 'interp' });
    if (sa.file) {
      if (ctx.ev.downloaded.has(base(sa.file))) ev.add('downloadThenRun');
      if (ctx.ev.decoded.has(base(sa.file))) ev.add('decodeThenRun');
      if (sa.file === '/dev/fd/63') for (const sub of cmd.subs) if ([...walkCommands(sub)].some((c) => DOWNLOADERS.has(base(c.argv[0] ?? '')))) ev.add('procsubDownload');
    }
    if (iname === 'python' && argv.includes('-m') && /^(?:pip)$/.test(argv[argv.indexOf('-m') + 1] ?? '')) remotePackage(argv, ev);
  }

  // Files downloaded then run directly.
  if (ctx.ev.downloaded.has(name) && !DOWNLOADERS.has(name)) ev.add('downloadThenRun');
  if (ctx.ev.decoded.has(name)) ev.add('decodeThenRun');

  programSpecific(argv, name, cmd, s, ctx, spawn);
  reads(argv, name, cmd, ctx);
  for (const t of writesOf(argv, cmd, name)) writeTarget(t, name, s, ctx, false);
}

function shellCommand(argv: string[], name: string, cmd: Command, s: Stage, ctx: Ctx, spawn: Spawn, wrapped: string): void {
  const ev = ctx.ev;
  const win = name === 'cmd' || name === 'cmd.exe';
  const sa = scriptArg(argv, win ? ['/c', '/k', '/C', '/K'] : ['-c']);
  if (name.startsWith('powershell') || name === 'pwsh') return; // handled as an interpreter
  if (sa.code !== undefined) {
    let code = sa.code;
    if (win) code = argv.slice(argv.findIndex((a) => /^\/[ck]$/i.test(a)) + 1).join(' ');
    const subs = cmd.subs.flatMap((x) => [...walkCommands(x)]);
    if (subs.some((c) => DOWNLOADERS.has(base(c.argv[0] ?? '')))) ev.add('substDownload');
    if (subs.some((c) => DECODERS.has(base(c.argv[0] ?? '')) && stageDecodes(c))) ev.add('substDecodeInterp');
    nested(code, 'shell', ctx, spawn === 'top' ? 'top' : spawn);
    return;
  }
  if (sa.file) {
    if (ctx.ev.downloaded.has(base(sa.file))) ev.add('downloadThenRun');
    if (ctx.ev.decoded.has(base(sa.file))) ev.add('decodeThenRun');
    if (sa.file === '/dev/fd/63') for (const sub of cmd.subs) if ([...walkCommands(sub)].some((c) => DOWNLOADERS.has(base(c.argv[0] ?? '')))) ev.add('procsubDownload');
    return;
  }
  if (sa.noexec) return;
  // An interactive shell.
  const redirs = cmd.redirects;
  if (redirs.some((r) => DEV_NET.test(r.target)) || redirs.some((r) => /^&?\d+$/.test(r.target) && ev.netFds.has(r.target.replace('&', ''))) || (ev.has('zshTcp') && redirs.some((r) => /^&?\$\w+$/.test(r.target)))) ev.add('shellOnSocket');
  if (redirs.some((r) => (r.fd === '0' && /^&?2$/.test(r.target)) || (r.fd === '1' && /^&?0$/.test(r.target)) || /\$\(tty\)/.test(r.target))) ev.add('stdioSwap');
  if (argv.some((a) => /^-[a-z]*p[a-z]*$/.test(a))) ev.add('privilegedFlag');
  if (spawn === 'wrapper') {
    if (wrapped === 'sudo' || wrapped === 'su' || wrapped === 'doas' || wrapped === 'runuser') ev.add('sudoShell');
    else if (wrapped !== 'pkexec') ev.add('wrapperShell');
  } else if (spawn === 'option') ev.add('optionShell');
  else if (spawn === 'interp') ev.add('interpShell');
  if (s.kind.has('interp')) return;
}

function stageDecodes(c: Command): boolean {
  const n = base(c.argv[0] ?? '');
  if (n === 'base64' || n === 'base32') return c.argv.some((a) => /^-[a-zA-Z]*d|^--decode$|^-D$/.test(a));
  if (n === 'xxd') return c.argv.includes('-r');
  if (n === 'openssl') return c.argv.includes('-d');
  if (n === 'printf') return /\\(?:x[0-9a-f]|[0-7]{3})/i.test(c.argv.join(' '));
  return n === 'rev' || n === 'gunzip' || n === 'zcat';
}

function powershellCode(argv: string[], ctx: Ctx): string | undefined {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!.toLowerCase();
    if (/^[-/](?:e|ec|en|enc|enco|encod|encode|encoded|encodedc\w*)$/.test(a) && argv[i + 1]) {
      ctx.ev.add('psEncoded');
      try {
        const t = Buffer.from(argv[i + 1]!, 'base64').toString('utf16le');
        if (/^[\x09\x0a\x0d\x20-\x7e]+$/.test(t)) return t;
      } catch {
        /* not base64 */
      }
      return '';
    }
    if (/^[-/](?:c|co|com|comm|comma|comman|command|cmd)$/.test(a)) return argv.slice(i + 1).join(' ');
    if (/^[-/](?:file|f)$/.test(a)) return undefined;
    if (a.startsWith('-') || a.startsWith('/')) {
      if (/^[-/](?:w|win|window|windowstyle|ep|exec|executionpolicy|ex)$/.test(a)) i++;
      continue;
    }
    return argv.slice(i).join(' ');
  }
  return undefined;
}

function remotePackage(argv: string[], ev: Evidence): void {
  if (argv.some((a, i) => /^--(?:index-url|extra-index-url|trusted-host)$|^-i$/.test(a) && /^http:\/\/|^\S*(?:\d{1,3}\.){3}\d{1,3}/.test(argv[i + 1] ?? ''))) ev.add('remotePackageExec');
}

function reads(argv: string[], name: string, cmd: Command, ctx: Ctx): void {
  const ev = ctx.ev;
  const files = readsOf(name, argv, cmd);
  for (const f of files) {
    if (/\.pub$/.test(f)) continue;
    if (CRED.test(f) || (CRED_DIR.test(f) && (name === 'tar' || name === 'zip' || name === '7z' || name === 'cp' || name === 'scp' || name === 'rsync' || hasFlag(argv, 'r') || hasFlag(argv, 'R')))) ev.add('readCredential');
    else if (ENVIRON.test(f)) ev.add('readEnviron');
    else if (HIST.test(f) && name !== 'ln') ev.add('readHistory');
    else if (ENVF.test(f) && !/^(?:cp|mv|ln|install)$/.test(name)) ev.add('readEnvFile');
  }
}

function writeTarget(t: string, name: string, s: Stage, ctx: Ctx, bare: boolean): void {
  const ev = ctx.ev;
  if (DEV_NET.test(t)) {
    if (s.files.length) {
      ev.add('uploadFile');
      sensitivity(s.files, ctx);
    }
    return;
  }
  if (BLOCK_DEV.test(t) && !/^\/dev\/(?:null|zero|stdout|stderr|tty|fd)/.test(t)) {
    ev.add('diskWrite');
    return;
  }
  const emptying = bare || ((name === 'echo' || name === 'printf' || name === ':' || name === 'true') && !(s.literal ?? '').trim()) || name === 'cat' && s.cmd.argv.includes('/dev/null');
  if (/^\/etc\/(?:passwd|shadow|group|sudoers)$/.test(t) && emptying) {
    ev.add('truncateSystem');
    return;
  }
  if (/^\/var\/log\//.test(t) && emptying) {
    ev.add('logWipe');
    return;
  }
  if (HIST.test(t) && emptying) {
    ev.add('historyWipe');
    return;
  }
  for (const [id, re] of PERSIST) {
    if (!re.test(t)) continue;
    const rule = EVIDENCE[id].rule;
    const content = contentOf(s, s.before);
    if (id === 'uid0User') {
      if (/:0:0:/.test(content)) ev.add('uid0User');
      else if (emptying) ev.add('truncateSystem');
      return;
    }
    if (id === 'sudoersWrite') {
      ev.add('sudoersWrite');
      if (/NOPASSWD/i.test(content)) ev.add('nopasswd');
      return;
    }
    if (id === 'profileWrite' && content && content.split('\n').every((l) => SHELL_RC_SAFE.test(l.trim()) && !/curl|wget|\/dev\/tcp|\bnc\b|base64|\/tmp\//.test(l))) return;
    ev.add(id);
    persistedContent(content, rule, ctx);
    return;
  }
  // Code written to a script file: judged by what it would do when run.
  const ext = /\.(sh|bash|py|pl|rb|js|php|lua|nse|go|ps1|tcl)$/.exec(t)?.[1];
  const content = contentOf(s, s.before);
  const langs: Record<string, string> = { sh: 'shell', bash: 'shell', py: 'python', pl: 'perl', rb: 'ruby', js: 'js', php: 'php', lua: 'lua', nse: 'lua', go: 'go', ps1: 'powershell', tcl: 'tcl' };
  if (ext && content) nested(content, langs[ext] ?? 'shell', ctx, 'content');
}

function programSpecific(argv: string[], name: string, cmd: Command, s: Stage, ctx: Ctx, spawn: Spawn): void {
  const ev = ctx.ev;
  const pos = () => positional(argv);
  const opt = (names: readonly string[]) => optValue(argv, names);
  const run = (text: string, sp: Spawn = 'option') => nested(text, 'shell', ctx, spawn === 'container' ? 'container' : sp);
  switch (name) {
    case 'rm':
    case 'rmdir':
    case 'unlink':
    case 'shred':
    case 'srm': {
      const recursive = hasFlag(argv, 'r') || hasFlag(argv, 'R', '--recursive');
      const force = hasFlag(argv, 'f', '--force') || name === 'shred';
      const targets = pos();
      if (argv.includes('--no-preserve-root')) ev.add('rmRoot');
      for (const t of targets) {
        if (HIST.test(t)) ev.add('historyWipe');
        if (/^\/var\/log\//.test(t) && (name === 'shred' || name === 'rm')) ev.add('logWipe');
        if (name === 'shred' && BLOCK_DEV.test(t)) ev.add('diskFormat');
        if (!recursive) continue;
        if (ROOT_DIRS.test(t) || BULK.test(t)) ev.add(force ? 'rmRoot' : 'rmSystem');
        else if (/^(?:\.|\.\.|\*|\.\/\*|\.\.\/\*|\.\/|\.\.\/)$/.test(t) && force) ev.add('rmWorktree');
        else if (SYSTEM_DEEP.test(t) && force) ev.add('rmSystem');
      }
      break;
    }
    case 'find': {
      const starts: string[] = [];
      let i = 1;
      for (; i < argv.length && !/^[-(!]/.test(argv[i]!); i++) starts.push(argv[i]!);
      const bulk = starts.some((t) => ROOT_DIRS.test(t) || BULK.test(t) || t === '/home' || t === '/Users');
      const names = opt(['-name', '-iname', '-path', '-wholename', '-regex']);
      if (bulk && argv.includes('-delete')) ev.add('findDeleteRoot');
      if (bulk && names.some((n) => SENSITIVE_NAME.test(n))) ev.add('credentialHunt');
      for (let k = i; k < argv.length; k++) {
        if (!/^-(?:exec|execdir|ok|okdir)$/.test(argv[k]!)) continue;
        let e = k + 1;
        while (e < argv.length && argv[e] !== ';' && argv[e] !== '+' && argv[e] !== '\\;') e++;
        const innerArgv = argv.slice(k + 1, e).map((a) => (a.includes('{}') ? a.replace(/\{\}/g, bulk ? (names[0] && SENSITIVE_NAME.test(names[0]) ? `/x/${names[0]}` : starts[0]!) : './item') : a));
        k = e;
        if (!innerArgv.length) continue;
        const ib = base(innerArgv[0]!);
        if (bulk && (ib === 'rm' || ib === 'shred' || ib === 'srm')) ev.add(ib === 'rm' ? 'findDeleteRoot' : 'shredMany');
        const sub = subStage(s, innerArgv);
        command(innerArgv, sub, { ...ctx, depth: ctx.depth + 1, spawn: 'option' });
      }
      break;
    }
    case 'dd':
      for (const a of argv) if (a.startsWith('of=') && BLOCK_DEV.test(a.slice(3))) ev.add('diskWrite');
      break;
    case 'mkfs':
    case 'mke2fs':
    case 'mkfs.ext2':
    case 'mkfs.ext3':
    case 'mkfs.ext4':
    case 'mkfs.xfs':
    case 'mkfs.btrfs':
    case 'mkfs.vfat':
    case 'mkfs.fat':
    case 'mkfs.ntfs':
    case 'wipefs':
    case 'blkdiscard':
    case 'mkswap':
    case 'sgdisk':
      if (argv.some((a) => BLOCK_DEV.test(a)) && (name !== 'sgdisk' || argv.some((a) => /^(?:-Z|--zap-all|-o|--clear)$/.test(a)))) ev.add('diskFormat');
      break;
    case 'chmod':
    case 'chown':
    case 'chgrp': {
      const p = pos();
      const mode = name === 'chmod' ? (p[0] ?? '') : '';
      if (name === 'chmod' && (/^[ugoa]*[+=][rwxXt]*s/.test(mode) || /^[2467][0-7]{3}$/.test(mode) || /^\+s$/.test(mode))) ev.add('setuid');
      if ((hasFlag(argv, 'R', '--recursive') || argv.includes('--recursive')) && p.slice(1).some((t) => ROOT_DIRS.test(t))) ev.add('permsRoot');
      break;
    }
    case 'mv':
      if (pos().slice(-1)[0] === '/dev/null' && pos().slice(0, -1).some((t) => ROOT_DIRS.test(t) || BULK.test(t))) ev.add('moveToNull');
      break;
    case 'truncate':
      if (argv.some((a) => /^(?:-s|--size)$/.test(a)) && pos().some((t) => /^\/etc\/(?:passwd|shadow)$|^\/var\/lib\/(?:mysql|postgresql|mongodb|redis)\//.test(t) || /^\/var\/log\//.test(t))) ev.add(pos().some((t) => /^\/var\/log\//.test(t)) ? 'logWipe' : 'truncateSystem');
      if (pos().some((t) => HIST.test(t))) ev.add('historyWipe');
      break;
    case 'kill':
    case 'pkill':
    case 'killall':
      if (name === 'kill' && argv.slice(1).includes('-1') && argv.slice(1).some((a) => /^-(?:9|KILL|SIGKILL)$/.test(a))) ev.add('killAll');
      if (argv.slice(1).some((a) => SEC_SVC.test(a) || /\$\(pgrep\s+\w+/.test(a))) {
        const subs = cmd.subs.flatMap((x) => [...walkCommands(x)]);
        if (argv.slice(1).some((a) => SEC_SVC.test(a)) || subs.some((c) => c.argv.slice(1).some((a) => SEC_SVC.test(a)))) ev.add('auditOff');
      }
      break;
    case 'killall5':
      ev.add('killAll');
      break;
    case 'mkfifo':
      ev.add('fifo');
      break;
    case 'mknod':
      if (argv.includes('p')) ev.add('fifo');
      break;
    case 'nc':
    case 'ncat':
    case 'netcat':
    case 'nc.traditional':
    case 'nc.openbsd':
    case 'cryptcat': {
      const prog = opt(['-e', '-c', '--exec', '--sh-exec', '--lua-exec']);
      if (prog.length) {
        const p = prog[0]!;
        const shell = isShellName(base(p.split(/\s+/)[0] ?? '')) || argv.includes('-c') || argv.includes('--sh-exec');
        ev.add(shell ? 'netExecShell' : 'netExecFlag');
      }
      const upl = cmd.redirects.filter((r) => r.op === '<').map((r) => r.target);
      if (upl.length) {
        ev.add('uploadFile');
        sensitivity(upl, ctx);
        if (dest(argv)) ev.add('suspiciousDest');
      }
      break;
    }
    case 'socat': {
      const addrs = argv.slice(1).filter((a) => !a.startsWith('-') || a === '-');
      const exec = addrs.some((a) => /^(?:exec|system):/i.test(a));
      const net = addrs.some((a) => /^(?:tcp|udp|ssl|openssl|sctp)[\w-]*:/i.test(a));
      if (exec) ev.add(net ? 'socatNetExec' : 'socatExec');
      if (exec && !net) {
        const prog = addrs.find((a) => /^(?:exec|system):/i.test(a))!.replace(/^\w+:/, '').split(',')[0]!;
        if (isShellName(base(prog.split(/\s+/)[0] ?? ''))) ev.add('optionShell');
      }
      const file = addrs.find((a) => /^(?:file|open|gopen):/i.test(a));
      if (file && net) {
        ev.add('uploadFile');
        sensitivity([file.replace(/^\w+:/, '').split(',')[0]!], ctx);
      }
      break;
    }
    case 'openssl':
      if (argv[1] === 's_client') {
        const upl = cmd.redirects.filter((r) => r.op === '<' && r.target !== '/dev/null').map((r) => r.target);
        if (upl.length) {
          ev.add('uploadFile');
          sensitivity(upl, ctx);
        }
      }
      break;
    case 'telnet':
      break;
    case 'dig':
    case 'nslookup':
    case 'host':
    case 'drill':
    case 'ping':
    case 'ping6':
    case 'whois':
    case 'traceroute': {
      if (!cmd.subs.length || !argv.some((a) => a.includes('$('))) break;
      ev.add(name === 'whois' ? 'substIntoNet' : 'dnsExfil');
      const inner = cmd.subs.flatMap((x) => [...walkCommands(x)]);
      sensitivity(inner.flatMap((c) => readsOf(base(c.argv[0] ?? ''), c.argv, c)), ctx);
      if (inner.some((c) => /^(?:env|printenv)$/.test(base(c.argv[0] ?? '')))) ev.add('envToNet');
      if (name === 'whois' && inner.some((c) => c.argv.length > 1)) ev.add('uploadFile');
      break;
    }
    case 'lwp-download':
    case 'tftp': {
      const p = positional(argv);
      if (p.length >= 2) ev.downloaded.add(base(p[p.length - 1]!));
      break;
    }
    case 'curl':
    case 'wget':
    case 'iwr':
    case 'invoke-webrequest':
    case 'irm':
    case 'invoke-restmethod':
      httpClient(argv, name, cmd, s, ctx);
      break;
    case 'scp':
    case 'rsync':
    case 'sftp':
    case 'rclone':
    case 'smbclient':
    case 'ftp':
    case 'aws':
    case 'gsutil':
      fileTransfer(argv, name, cmd, ctx);
      break;
    case 'ssh': {
      for (const o of opt(['-o'])) {
        const m = /^(ProxyCommand|LocalCommand|KnownHostsCommand|RemoteCommand)\s*=?\s*(.*)$/is.exec(o);
        if (m && !/^ssh\b|^nc\b.*%h|^corkscrew|^connect-proxy|^cloudflared|^gcloud|^aws/.test(m[2]!.trim())) run(m[2]!.replace(/^;/, ''));
      }
      break;
    }
    case 'git': {
      // Settings whose value git runs as a command, given once (-c k=v) or stored (git config k v).
      const setting = (kv: string): void => {
        const m = GIT_COMMAND_SETTING.exec(kv);
        if (m && !/^(?:less|more|cat|vim?|nano|emacs|code|true|delta|diff-so-fancy|ssh)\b/.test(m[2]!.replace(/^!/, ''))) run(m[2]!.replace(/^!/, ''));
      };
      for (const c of opt(['-c'])) setting(c);
      const at = argv.indexOf('config');
      if (at > 0) {
        const rest = argv.slice(at + 1).filter((a) => !/^--(?:global|system|local|worktree|add|replace-all)$/.test(a));
        if (rest.length >= 2 && !rest[0]!.startsWith('-')) setting(`${rest[0]}=${rest.slice(1).join(' ')}`);
      }
      for (const u of opt(['--upload-pack', '--receive-pack', '-u', '--exec'])) run(u);
      if (argv.some((a) => /^ext::/.test(a))) run(argv.find((a) => /^ext::/.test(a))!.slice(5));
      break;
    }
    case 'tar': {
      for (const a of argv) {
        const m = /^--(?:checkpoint-action=exec|to-command|use-compress-program|rsh-command|info-script|new-volume-script)=(.*)$/s.exec(a);
        if (m) run(m[1]!);
      }
      for (const v of opt(['-I', '-F'])) run(v);
      break;
    }
    case 'zip':
      for (const v of opt(['-TT', '--unzip-command'])) run(v);
      break;
    case 'vim':
    case 'vi':
    case 'nvim':
    case 'view':
    case 'rvim':
    case 'vimdiff':
    case 'ex':
      for (const c of [...opt(['-c', '--cmd']), ...argv.filter((a) => a.startsWith('+') && a.length > 1).map((a) => a.slice(1))]) editorCommand(c, ctx, spawn);
      break;
    case 'gdb':
      for (const c of opt(['-ex', '--eval-command', '-iex'])) {
        if (/^(?:!|shell\s)/.test(c)) run(c.replace(/^(?:!|shell\s+)/, ''));
        else if (/^python3?\s/.test(c)) payload('python', c.replace(/^python3?\s+/, ''), { ...ctx, depth: ctx.depth + 1, spawn: 'interp' });
      }
      break;
    case 'mysql':
    case 'mariadb':
    case 'psql':
      for (const c of opt(['-e', '-c', '--execute', '--command'])) {
        const m = /^\\!\s*(.*)$|^system\s+(.*)$/s.exec(c.trim());
        if (m) run(m[1] ?? m[2] ?? '');
      }
      break;
    case 'sqlite3':
      for (const a of argv.slice(1)) {
        const m = /^\.(?:shell|system)\s+(.*)$/s.exec(a.trim());
        if (m) run(m[1]!);
      }
      break;
    case 'emacs':
      for (const c of opt(['--eval', '-eval'])) {
        if (/\((?:term|ansi-term|shell|eshell)\b/.test(c)) ev.add('optionShell');
        const m = /\((?:shell-command|call-process|start-process)\s+"([^"]+)"/.exec(c);
        if (m) run(m[1]!);
      }
      break;
    case 'expect':
      for (const c of opt(['-c'])) for (const m of c.matchAll(/\bspawn\s+([^;\n]+)/g)) run(m[1]!);
      break;
    case 'make':
    case 'gmake':
      for (const c of opt(['--eval', '-E'])) for (const m of c.matchAll(/\n\t-?@?([^\n]+)/g)) run(m[1]!);
      break;
    case 'openvpn':
      for (const c of opt(['--up', '--down', '--route-up', '--ipchange', '--client-connect', '--learn-address', '--tls-verify', '--auth-user-pass-verify'])) run(c);
      break;
    case 'nmap':
      if (argv.includes('--interactive')) ev.add('nmapInteractive');
      break;
    case 'watch': {
      const x = argv.indexOf('-x');
      const p = positional(argv, new Set(['-n', '--interval', '-d']));
      if (x > 0) command(argv.slice(x + 1), subStage(s, argv.slice(x + 1)), { ...ctx, depth: ctx.depth + 1, spawn: 'wrapper' });
      else if (p.length) run(p.join(' '), 'wrapper');
      break;
    }
    case 'script': {
      const c = opt(['-c', '--command']);
      const qc = argv.findIndex((a) => /^-[a-z]*c$/.test(a));
      const code = c[0] ?? (qc > 0 ? argv[qc + 1] : undefined);
      if (code) run(code, 'wrapper');
      break;
    }
    case 'su': {
      const c = opt(['-c', '--command']);
      if (c.length) run(c[0]!, 'top');
      else if (!positional(argv, new Set(['-s', '--shell', '-g', '-G'])).some((u) => u !== 'root' && u !== '-')) ev.add('sudoShell');
      break;
    }
    case 'start-stop-daemon':
      for (const c of opt(['-x', '--exec', '--startas', '-a'])) command([c], subStage(s, [c]), { ...ctx, depth: ctx.depth + 1, spawn: 'wrapper' });
      break;
    case 'run-parts':
      if (argv.some((a) => a === '--regex' || a.startsWith('--regex=')) && argv.some((a) => /^(?:\/usr)?\/s?bin\/?$/.test(a))) ev.add('optionShell');
      break;
    case 'xterm':
      if (opt(['-display']).some((d) => !/^:\d/.test(d))) ev.add('remoteDisplay');
      break;
    case 'zsh':
      break;
    case 'ztcp':
      ev.add('zshTcp');
      break;
    case 'zmodload':
      if (argv.includes('zsh/net/tcp')) ev.add('zshTcp');
      break;
    case 'msfvenom':
    case 'msfconsole':
    case 'meterpreter':
      if (name === 'msfvenom' || argv.some((a) => /^-[xr]$/.test(a))) ev.add('offensiveTool');
      break;
    case 'docker':
    case 'podman':
    case 'nerdctl':
      container(argv, ctx);
      break;
    case 'kubectl':
    case 'oc': {
      const dd = argv.indexOf('--');
      if (dd > 0) command(argv.slice(dd + 1), subStage(s, argv.slice(dd + 1)), { ...ctx, depth: ctx.depth + 1, spawn: 'container' });
      break;
    }
    case 'crontab':
      if (argv.includes('-r')) ev.add('crontabRemove');
      else if (argv.includes('-') || (argv.length === 1 && s.kind.size === 0 && !cmd.stdin)) {
        // "… | crontab -": the job text comes from the pipeline (judged in pipelineContent).
      }
      break;
    case 'at':
    case 'batch':
      if (cmd.stdin) {
        ev.add('atJob');
        persistedContent(cmd.stdin, SHELL_RULES.persistence, ctx);
      }
      break;
    case 'systemctl':
    case 'service': {
      const verbs = name === 'service' ? [argv[2] ?? ''] : argv.slice(1).filter((a) => !a.startsWith('-'));
      const units = name === 'service' ? [argv[1] ?? ''] : verbs.slice(1);
      const verb = name === 'service' ? verbs[0]! : (verbs[0] ?? '');
      if (/^(?:stop|disable|mask|kill)$/.test(verb) && units.some((u) => SEC_SVC.test(u.replace(/\.service$/, '')))) ev.add(units.some((u) => /^(?:ufw|firewalld|iptables|nftables)/.test(u)) ? 'firewallOff' : 'auditOff');
      if (/^(?:enable|start|link)$/.test(verb) && ev.has('autostartWrite')) ev.add('persistHidden', SHELL_RULES.persistence);
      break;
    }
    case 'launchctl':
      if (/^(?:load|bootstrap|submit)$/.test(argv[1] ?? '') && ev.has('autostartWrite')) ev.add('persistHidden', SHELL_RULES.persistence);
      break;
    case 'setenforce':
      if (/^(?:0|permissive)$/i.test(argv[1] ?? '')) ev.add('selinuxOff');
      break;
    case 'ufw':
      if (argv[1] === 'disable' || (argv[1] === '--force' && argv[2] === 'disable')) ev.add('firewallOff');
      break;
    case 'iptables':
    case 'ip6tables':
      if (argv.some((a) => a === '-F' || a === '--flush') || (argv.includes('-P') && argv.includes('ACCEPT') && argv.includes('INPUT'))) ev.add('firewallOff');
      break;
    case 'nft':
      if (argv[1] === 'flush' && argv[2] === 'ruleset') ev.add('firewallOff');
      break;
    case 'auditctl':
      if (argv.includes('-D') || (argv.includes('-e') && argv[argv.indexOf('-e') + 1] === '0')) ev.add('auditOff');
      break;
    case 'history':
      if (argv.some((a) => /^-[a-z]*c/.test(a))) ev.add('historyWipe');
      break;
    case 'unset':
      if (argv.includes('HISTFILE')) ev.add('historyWipe');
      break;
    case 'set':
      if (argv[1] === '+o' && argv[2] === 'history') ev.add('historyWipe');
      break;
    case 'export':
      for (const a of argv.slice(1)) if (/^HISTFILE=(?:\/dev\/null)?$|^HIST(?:FILE)?SIZE=0$/.test(a)) ev.add('historyWipe');
      break;
    case 'ln':
      if (argv.includes('/dev/null') && pos().some((t) => HIST.test(t))) ev.add('historyWipe');
      break;
    case 'journalctl':
      if (argv.some((a) => /^--vacuum-(?:time=\d+s|size=\d+[KMk]?)$/.test(a) && /=(?:[1-9]s|\d{1,3}[Kk]?)$/.test(a))) ev.add('logWipe');
      break;
    case 'touch':
      if (argv.includes('-r')) ev.add('timestomp');
      break;
    case 'useradd':
    case 'adduser':
      if ((argv.includes('-o') && /^0$/.test(opt(['-u'])[0] ?? '')) || opt(['-u', '--uid']).includes('0')) ev.add('uid0User');
      if (name === 'adduser' && pos().length === 2 && /^(?:sudo|wheel|admin|root)$/.test(pos()[1]!)) ev.add('adminGroup');
      break;
    case 'usermod':
    case 'gpasswd': {
      const groups = [...opt(['-G', '--groups', '-a']), ...argv.filter((a) => /^-a?G$/.test(a)).map((a) => argv[argv.indexOf(a) + 1] ?? '')].join(',');
      if (/(?:^|,)(?:sudo|wheel|admin|root|adm)(?:,|$)/.test(groups)) ev.add('adminGroup');
      if (name === 'usermod' && opt(['-u']).includes('0')) ev.add('uid0User');
      break;
    }
    case 'setcap':
      if (argv.some((a) => /cap_(?:setuid|setgid|sys_admin|dac_override|dac_read_search|sys_ptrace|sys_module)/i.test(a))) ev.add('setcap');
      break;
    case 'chpasswd':
      if (/(?:^|\n)root:/.test(contentOf(s, s.before)) || /(?:^|\n|\s)root:/.test(ctx.text)) ev.add('rootPassword');
      break;
    case 'passwd':
      if (argv.includes('-d') && (argv.includes('root') || pos().length === 0)) ev.add('rootPassword');
      break;
    case 'security':
      if (/^(?:find-generic-password|find-internet-password|dump-keychain)$/.test(argv[1] ?? '') && argv.some((a) => /^-[a-z]*[wgd]/.test(a))) ev.add('keychainDump');
      break;
    case 'unshadow':
      ev.add('unshadow');
      break;
    case 'mimikatz':
    case 'mimikatz.exe':
    case 'pypykatz':
    case 'lsassy':
      ev.add('lsassDump');
      break;
    case 'procdump':
    case 'procdump.exe':
    case 'procdump64.exe':
      if (argv.some((a) => /lsass/i.test(a))) ev.add('lsassDump');
      break;
    case 'rundll32':
    case 'rundll32.exe': {
      const t = argv.slice(1).join(' ');
      if (/comsvcs(?:\.dll)?\s*,\s*#?(?:MiniDump|24)/i.test(t)) ev.add('lsassDump');
      if (/javascript:|vbscript:|url\.dll\s*,\s*(?:OpenURL|FileProtocolHandler)|mshtml\s*,\s*RunHTMLApplication|https?:\/\//i.test(t)) ev.add('remoteScriptHost');
      break;
    }
    case 'mshta':
    case 'mshta.exe':
      if (argv.slice(1).some((a) => /^(?:https?:|vbscript:|javascript:|\\\\)/i.test(a))) ev.add('remoteScriptHost');
      break;
    case 'regsvr32':
    case 'regsvr32.exe':
      if (argv.some((a) => /^[-/]i:(?:https?:|\\\\)/i.test(a)) || (argv.some((a) => /scrobj/i.test(a)) && argv.some((a) => /https?:/i.test(a)))) ev.add('remoteScriptHost');
      break;
    case 'msiexec':
    case 'msiexec.exe':
      if (argv.some((a) => /^https?:\/\//i.test(a))) ev.add('remoteScriptHost');
      break;
    case 'certutil':
    case 'certutil.exe': {
      const flags = argv.slice(1).map((a) => a.toLowerCase());
      if (flags.some((a) => /^[-/]urlcache$/.test(a)) || flags.some((a) => /^[-/]verifyctl$/.test(a))) {
        ev.add('lolbinDownload');
        const p = argv.slice(1).filter((a) => !/^[-/]/.test(a));
        if (p.length >= 2) ev.downloaded.add(base(p[p.length - 1]!));
      }
      if (flags.some((a) => /^[-/]decode(?:hex)?$/.test(a))) {
        const p = argv.slice(1).filter((a) => !/^[-/]/.test(a));
        if (p.length >= 2) ev.decoded.add(base(p[p.length - 1]!));
      }
      break;
    }
    case 'bitsadmin':
    case 'bitsadmin.exe':
      if (argv.some((a) => /^\/(?:transfer|addfile)$/i.test(a))) {
        ev.add('lolbinDownload');
        ev.downloaded.add(base(argv[argv.length - 1]!));
      }
      break;
    case 'wmic':
    case 'wmic.exe': {
      const t = argv.slice(1).join(' ');
      if (/process\s+call\s+create/i.test(t)) {
        ev.add('processCreate');
        const m = /create\s+(.*)$/is.exec(t);
        if (m) run(m[1]!, 'top');
      }
      if (/shadowcopy\s+delete/i.test(t)) ev.add('recoveryOff');
      break;
    }
    case 'vssadmin':
      if (/delete\s+shadows|resize\s+shadowstorage/i.test(argv.slice(1).join(' '))) ev.add('recoveryOff');
      break;
    case 'wbadmin':
      if (/^delete$/i.test(argv[1] ?? '')) ev.add('recoveryOff');
      break;
    case 'bcdedit':
    case 'bcdedit.exe':
      if (/recoveryenabled\s+no|bootstatuspolicy\s+ignoreallfailures/i.test(argv.slice(1).join(' '))) ev.add('recoveryOff');
      break;
    case 'wevtutil':
      if (/^(?:cl|clear-log)$/i.test(argv[1] ?? '')) ev.add('logWipe');
      break;
    case 'netsh':
      if (/advfirewall\s+set\s+\w+\s+state\s+off|firewall\s+set\s+opmode\s+(?:mode=)?disable/i.test(argv.slice(1).join(' '))) ev.add('firewallOff');
      break;
    case 'reg':
    case 'reg.exe': {
      const verb = (argv[1] ?? '').toLowerCase();
      const key = argv[2] ?? '';
      if (verb === 'save' && /\\(?:sam|system|security)$/i.test(key)) ev.add('hiveDump');
      if (verb === 'add' && /\\(?:Run|RunOnce|RunServices|Winlogon|Image File Execution Options\\[^\\]+)$|\\Policies\\Explorer\\Run$/i.test(key)) ev.add('winAutorun');
      if (verb === 'add' && /Windows Defender/i.test(key) && /Disable/i.test(argv.join(' '))) ev.add('avOff');
      break;
    }
    case 'schtasks':
    case 'schtasks.exe':
      if (argv.some((a) => /^\/create$/i.test(a))) {
        ev.add('winAutorun');
        const tr = argv[argv.findIndex((a) => /^\/tr$/i.test(a)) + 1];
        if (tr) persistedContent(tr, SHELL_RULES.persistence, ctx);
      }
      break;
    case 'sc':
    case 'sc.exe':
      if (/^(?:create|config)$/i.test(argv[1] ?? '') && argv.some((a) => /^binpath=/i.test(a))) {
        ev.add('winAutorun');
        const bp = argv[argv.findIndex((a) => /^binpath=$/i.test(a)) + 1] ?? argv.find((a) => /^binpath=./i.test(a))?.slice(8);
        if (bp) persistedContent(bp, SHELL_RULES.persistence, ctx);
      }
      if (/^(?:stop|delete|config)$/i.test(argv[1] ?? '') && SEC_SVC.test(argv[2] ?? '')) ev.add('auditOff');
      break;
    case 'net':
    case 'net.exe':
    case 'net1':
      if (/^user$/i.test(argv[1] ?? '') && argv.some((a) => /^\/add$/i.test(a))) ev.add('winUserAdd');
      if (/^localgroup$/i.test(argv[1] ?? '') && /^(?:administrators|"?remote desktop users"?)$/i.test(argv[2] ?? '') && argv.some((a) => /^\/add$/i.test(a))) ev.add('adminGroup');
      break;
    case 'format':
    case 'format.com':
      if (/^[A-Za-z]:$/.test(argv[1] ?? '')) ev.add('winWipe');
      break;
    case 'rd':
    case 'del':
    case 'erase':
    case 'remove-item':
    case 'ri':
    case 'cipher': {
      const t = argv.slice(1);
      const recursive = t.some((a) => /^(?:\/s|-recurse|-r)$/i.test(a)) || name === 'cipher';
      if (recursive && t.some((a) => /^[A-Za-z]:\\?(?:\*(?:\.\*)?)?$|^[A-Za-z]:\\(?:Windows|Users|Program Files)\\?$|^\/w:[A-Za-z]:?\\?$/i.test(a))) ev.add('winWipe');
      break;
    }
    case 'start':
    case 'start-process':
    case 'invoke-item':
      for (const a of argv.slice(1)) if (ev.downloaded.has(base(a)) || ev.decoded.has(base(a))) ev.add(ev.downloaded.has(base(a)) ? 'downloadThenRun' : 'decodeThenRun');
      break;
    case 'npx':
    case 'bunx':
      if (argv.some((a) => /^https?:\/\/|\.tgz$/.test(a))) ev.add('remotePackageExec');
      break;
    case 'pip':
    case 'pip3':
      remotePackage(argv, ev);
      break;
    case 'eval':
    case 'source':
    case '.': {
      const text = argv.slice(1).join(' ');
      const subs = cmd.subs.flatMap((x) => [...walkCommands(x)]);
      if (subs.some((c) => DOWNLOADERS.has(base(c.argv[0] ?? '')))) ev.add(name === 'eval' ? 'substDownload' : 'procsubDownload');
      if (subs.some((c) => stageDecodes(c))) ev.add('substDecodeInterp');
      if (name === 'eval') nested(text, 'shell', ctx, ctx.spawn);
      else if (argv[1] === '/dev/fd/63' && subs.some((c) => DOWNLOADERS.has(base(c.argv[0] ?? '')))) ev.add('procsubDownload');
      else if (argv[1] && ev.downloaded.has(base(argv[1]))) ev.add('downloadThenRun');
      break;
    }
    case 'grep':
    case 'egrep':
    case 'rg':
      if ((hasFlag(argv, 'r') || hasFlag(argv, 'R') || name === 'rg') && pos().slice(1).some((t) => ROOT_DIRS.test(t)) && /password|passwd|secret|api[_-]?key|BEGIN (?:RSA|OPENSSH|EC) PRIVATE|aws_secret/i.test(pos()[0] ?? '')) ev.add('credentialHunt');
      break;
    case 'locate':
    case 'mlocate':
    case 'plocate':
      if (pos().some((n) => SENSITIVE_NAME.test(n) || /id_rsa|\.pem$|wallet|\.kdbx/.test(n))) ev.add('credentialHunt');
      break;
    case 'openssl-enc':
      break;
    case 'chattr':
      break;
    default:
      break;
  }
  // chmod +x on a downloaded file: staging it to run.
  if (name === 'chmod' && pos().slice(1).some((t) => ev.downloaded.has(base(t)))) ev.add('downloadChmod');
  // Encrypt-then-delete loops over a home or the root (ransomware shape).
  if (name === 'openssl' && argv[1] === 'enc' && !argv.includes('-d') && /\bfind\s+(?:~|\/|\$HOME)\S*\s/.test(ctx.text) && /\brm\s/.test(ctx.text)) ev.add('encryptDelete');
}

function editorCommand(c: string, ctx: Ctx, spawn: Spawn): void {
  const t = c.trim().replace(/^:+/, '');
  const sp: Spawn = spawn === 'container' ? 'container' : 'option';
  for (const part of t.split('|')) {
    const p = part.trim().replace(/^:+/, '');
    if (/^!/.test(p)) nested(p.slice(1), 'shell', ctx, sp);
    else if (/^(?:sh|shell|terminal|term)\b/.test(p)) ctx.ev.add('optionShell');
    else if (/^(?:py3?|python3?|pyx|pythonx)\s/.test(p)) payload('python', p.replace(/^\S+\s+/, ''), { ...ctx, depth: ctx.depth + 1, spawn: 'interp' });
    else if (/^(?:lua|perl|ruby|rb|tcl)\s/.test(p)) payload(p.split(/\s/)[0]!.replace(/^rb$/, 'ruby'), p.replace(/^\S+\s+/, ''), { ...ctx, depth: ctx.depth + 1, spawn: 'interp' });
  }
}

function httpClient(argv: string[], name: string, cmd: Command, s: Stage, ctx: Ctx): void {
  const ev = ctx.ev;
  const isCurl = name === 'curl';
  const dataFlags = isCurl ? ['-d', '--data', '--data-binary', '--data-raw', '--data-urlencode', '--data-ascii', '-F', '--form', '-T', '--upload-file', '--json'] : ['--post-file', '--body-file', '--post-data', '--body-data', '-InFile', '-infile', '-Body', '-body'];
  const data = optValue(argv, dataFlags);
  const files: string[] = [];
  for (const d of data) {
    const m = /(?:^|=)[@<](?!-$)([^;,]+)/.exec(d);
    if (m) files.push(m[1]!);
    else if (optValue(argv, ['-T', '--upload-file', '--post-file', '--body-file', '-InFile', '-infile']).includes(d) && d !== '-' && d !== '.') files.push(d);
  }
  const words = argv.slice(1);
  const substituted = words.some((w) => w.includes('$(')) || cmd.subs.length > 0;
  const urls = words.filter((w) => URLISH.test(w));
  if (files.length) {
    ev.add('uploadFile');
    sensitivity(files, ctx);
  }
  if (substituted && cmd.subs.length) {
    const inner = cmd.subs.flatMap((x) => [...walkCommands(x)]);
    const innerNames = inner.map((c) => base(c.argv[0] ?? ''));
    if (innerNames.some((n) => ['cat', 'env', 'printenv', 'whoami', 'id', 'hostname', 'uname', 'base64', 'ls', 'head', 'tail', 'xxd'].includes(n))) {
      ev.add('substIntoNet');
      const readFiles = inner.flatMap((c) => readsOf(base(c.argv[0] ?? ''), c.argv, c));
      sensitivity(readFiles, ctx);
      if (innerNames.some((n) => n === 'env' || n === 'printenv')) ev.add('envToNet');
    }
  }
  if ((files.length || ev.has('substIntoNet')) && urls.some((u) => SUSP.test(u) && !/^(?:https?:\/\/)?(?:127\.|localhost)/.test(u))) ev.add('suspiciousDest');
  // Downloads to a file: remember it, so running it later is download-and-execute.
  const out = optValue(argv, ['-o', '--output', '-O', '--output-document', '-OutFile', '-outfile']).filter((v) => v !== '-' && v !== '/dev/null');
  for (const o of out) ev.downloaded.add(base(o));
  for (const r of cmd.redirects) if (r.op.startsWith('>') && r.fd === '1' && !r.target.startsWith('&') && r.target !== '/dev/null') ev.downloaded.add(base(r.target));
  if ((isCurl && argv.some((a) => a === '-O' || /^-[a-zA-Z]*O$/.test(a))) || (name === 'wget' && !out.length)) for (const u of urls) ev.downloaded.add(base(u.replace(/[?#].*$/, '')));
  void s;
}

function fileTransfer(argv: string[], name: string, cmd: Command, ctx: Ctx): void {
  const ev = ctx.ev;
  const p = positional(argv, new Set(['-i', '-P', '-p', '-o', '-F', '-S', '-e', '-c', '-U', '-W', '-l', '--rsh', '-J']));
  if (name === 'rsync') for (const e of optValue(argv, ['-e', '--rsh', '--rsync-path'])) if (!/^ssh\b/.test(e)) nested(e, 'shell', ctx, 'option');
  if (name === 'scp') for (const e of optValue(argv, ['-S'])) nested(e, 'shell', ctx, 'option');
  let sources: string[] = [];
  let remote = false;
  if (name === 'scp' || name === 'rsync') {
    const last = p[p.length - 1] ?? '';
    remote = /^(?:[\w.-]+@)?[\w.-]+:|^rsync:\/\/|^\w+::/.test(last) && !/^[A-Za-z]:\\/.test(last);
    sources = p.slice(0, -1).filter((x) => !/^(?:[\w.-]+@)?[\w.-]+:/.test(x));
  } else if (name === 'aws' || name === 'gsutil') {
    const cp = p.indexOf('cp') >= 0 ? p.indexOf('cp') : p.indexOf('sync') >= 0 ? p.indexOf('sync') : p.indexOf('mv');
    if (cp >= 0 && /^(?:s3|gs):\/\//.test(p[cp + 2] ?? '')) {
      remote = true;
      sources = [p[cp + 1] ?? ''];
    }
  } else if (name === 'rclone') {
    remote = /^[\w-]+:/.test(p[p.length - 1] ?? '');
    sources = p.slice(1, -1);
  } else {
    // sftp/ftp/smbclient/tftp: "put FILE" in a command string or here-string
    const text = [...argv, cmd.stdin ?? ''].join(' ');
    for (const m of text.matchAll(/\bput\s+(\S+)/gi)) sources.push(m[1]!);
    remote = sources.length > 0;
  }
  if (!remote || !sources.length) return;
  const before = new Set(ev.items.keys());
  sensitivity(sources, ctx);
  if (ev.has('uploadSensitive') || ev.has('uploadBulk')) {
    ev.add('uploadFile');
    if (dest(argv)) ev.add('suspiciousDest');
  } else if (!before.has('uploadFile')) {
    // An ordinary file to a named host: not evidence.
  }
}

function container(argv: string[], ctx: Ctx): void {
  const ev = ctx.ev;
  const verb = argv.find((a, i) => i > 0 && !a.startsWith('-')) ?? '';
  if (verb !== 'run' && verb !== 'create' && verb !== 'exec') return;
  const vols = optValue(argv, ['-v', '--volume', '--mount']);
  if (vols.some((v) => /^\/:|(?:^|,)(?:source|src)=\/(?:,|$)/.test(v))) ev.add('hostRootMount');
  const privileged = argv.includes('--privileged');
  if (privileged && argv.some((a) => /^--pid=host$/.test(a)) && argv.some((a) => a === 'nsenter' || a === 'chroot')) ev.add('hostRootMount');
  // the container's own command (after the image): judged without counting its shell as an escape
  const vi = argv.indexOf(verb);
  const valued = new Set(['-v', '--volume', '-e', '--env', '-p', '--publish', '-w', '--workdir', '--name', '--mount', '-u', '--user', '--network', '--net', '--pid', '--entrypoint', '--env-file', '-l', '--label', '-c', '--cpus', '-m', '--memory', '--platform', '--restart', '-h', '--hostname', '--add-host', '--device', '--cap-add', '--security-opt', '--ipc', '--uts', '--userns', '--log-driver', '--gpus', '--ulimit', '--tmpfs', '--shm-size']);
  let i = vi + 1;
  while (i < argv.length) {
    const a = argv[i]!;
    if (!a.startsWith('-')) break;
    i += valued.has(a) ? 2 : 1;
  }
  const cmd = argv.slice(i + 1);
  if (cmd.length) {
    const text = cmd.map((w) => (/[\s;&|'"$]/.test(w) ? `'${w.replace(/'/g, "'\\''")}'` : w)).join(' ');
    nested(text, 'shell', ctx, 'container');
  }
}

/**
 * Cheap checks over the raw text that survive any parse: fork-bomb shapes,
 * meterpreter, gawk's /inet/tcp, and PowerShell code left unquoted after
 * -Command (a POSIX parse would cut it at its ';').
 */
function wholeText(text: string, ctx: Ctx): void {
  const ev = ctx.ev;
  if (text.includes('{') && text.includes('&') && /(\w+|:)\s*\(\s*\)\s*\{\s*\1\s*\|\s*\1\s*&\s*\}\s*;?\s*\1/.test(text)) ev.add('forkBomb');
  if (/\bmeterpreter\b|\bshell_reverse_tcp\b|\breverse_(?:tcp|https?)\b.*\bLHOST=/i.test(text)) ev.add('offensiveTool');
  if (text.includes('/inet/') && /\/inet\/tcp\/\d+\/[\w.$-]+\/\d+/.test(text)) ev.add('zshTcp');
  const ps = /p(?:owershell|wsh)/i.test(text) ? /^\s*(?:\S*[\\/])?(?:powershell|pwsh)(?:\.exe)?\s+(.*)$/is.exec(text) : null;
  if (ps && ctx.depth < MAX_DEPTH && /;/.test(ps[1]!)) payload('powershell', ps[1]!, { ...ctx, depth: ctx.depth + 1, spawn: ctx.spawn === 'container' ? 'container' : 'interp' });
}
