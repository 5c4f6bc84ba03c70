// Which tool-call arguments are commands: a shell or interpreter will run
// them (judge them with the shell engine), prose (a message, a title: it is
// read, not run), or data (paths, ids, URLs). Decided from the tool's name,
// the argument's key, and for unknown keys whether the value reads like a
// command line or carries an injected one ("x.txt; nc -e /bin/sh …"). Cheap:
// one short regex per argument value, nothing for plain identifiers.
import { DOWNLOADERS, INTERPRETERS, NET_CLIENTS, READERS, SHELLS, WRAPPERS } from './shell-features.js';

export type ArgKind = { kind: 'shell' } | { kind: 'code'; lang: string } | { kind: 'prose' } | { kind: 'data' };

/** Tool-name words meaning "runs a command line". */
const SHELL_TOOL_WORDS = new Set(['bash', 'sh', 'zsh', 'shell', 'terminal', 'command', 'commands', 'cmd', 'exec', 'execute', 'executor', 'run', 'runner', 'script', 'console', 'ssh', 'process', 'spawn', 'system', 'cli', 'subprocess', 'os']);
/** Tool-name words naming an interpreter language. */
const LANG_WORDS: Readonly<Record<string, string>> = {
  python: 'python', py: 'python', ipython: 'python', jupyter: 'python', notebook: 'python',
  node: 'js', nodejs: 'js', js: 'js', javascript: 'js', typescript: 'js', ts: 'js', deno: 'js',
  ruby: 'ruby', perl: 'perl', php: 'php', lua: 'lua', powershell: 'powershell', pwsh: 'powershell',
};

const SHELL_KEYS = new Set(['command', 'cmd', 'commands', 'shell', 'bash', 'sh', 'exec', 'run', 'commandline', 'command_line', 'cmdline', 'cmd_line', 'shell_command', 'shellcommand', 'script', 'line', 'oneliner']);
const CODE_KEYS = new Set(['code', 'source', 'source_code', 'program', 'snippet', 'expression', 'script', 'python', 'js', 'javascript', 'payload']);
const PROSE_KEYS = new Set([
  'message', 'messages', 'text', 'body', 'content', 'subject', 'title', 'description', 'comment', 'comments', 'note', 'notes', 'summary', 'prompt', 'query',
  'question', 'answer', 'reply', 'caption', 'markdown', 'html', 'reason', 'explanation', 'commit_message', 'msg', 'details', 'status', 'bio', 'post', 'tweet',
]);
const DATA_KEYS = new Set(['cwd', 'dir', 'directory', 'workdir', 'working_directory', 'path', 'paths', 'file', 'filename', 'url', 'uri', 'id', 'name', 'timeout', 'env', 'shell_type', 'language', 'lang', 'encoding', 'mode']);

/** Programs whose name starting a string makes it read as a command line. */
const EXTRA_COMMANDS = [
  'rm', 'chmod', 'chown', 'dd', 'mkfs', 'find', 'git', 'docker', 'kubectl', 'ssh', 'scp', 'rsync', 'systemctl', 'service', 'crontab', 'echo', 'printf', 'eval',
  'export', 'ln', 'mv', 'cp', 'kill', 'pkill', 'killall', 'iptables', 'ufw', 'useradd', 'usermod', 'passwd', 'chpasswd', 'mount', 'mkfifo', 'history', 'unset',
  'setenforce', 'shred', 'wipefs', 'truncate', 'touch', 'ls', 'cd', 'apt', 'apt-get', 'yum', 'dnf', 'brew', 'npm', 'pnpm', 'yarn', 'npx', 'pip', 'pip3',
  'make', 'cargo', 'go', 'mvn', 'gradle', 'dotnet', 'certutil', 'bitsadmin', 'mshta', 'regsvr32', 'rundll32', 'schtasks', 'reg', 'sc', 'net', 'netsh', 'wmic',
  'vssadmin', 'bcdedit', 'wevtutil', 'wbadmin', 'format', 'del', 'rd', 'iex', 'iwr', 'irm', 'msfvenom', 'nmap', 'tar', 'zip', 'unzip', 'setcap', 'nsenter',
  'sudo', 'su', 'doas', 'pkexec', 'vim', 'vi', 'gdb', 'awk', 'sed', 'xargs', 'tee', 'mknod', 'at', 'launchctl', 'security', 'procdump', 'mimikatz', 'unshadow',
  'dig', 'nslookup', 'host', 'ping', 'whois', 'start-process', 'remove-item', 'invoke-webrequest', 'invoke-expression', 'set-mppreference', 'new-object',
];
export const KNOWN_COMMANDS: ReadonlySet<string> = new Set([
  ...SHELLS, ...Object.keys(INTERPRETERS).map((k) => k.toLowerCase()), ...DOWNLOADERS, ...NET_CLIENTS, ...READERS, ...WRAPPERS, ...EXTRA_COMMANDS,
]);

const FIRST_WORD = /^\s*(?:\(\s*)?(?:[\w./~-]*[/\\])?([A-Za-z][\w.+-]{0,40})(?=\s|$|;|\|)/;
const INJECTED = /(?:[;&|`\n]|\$\()\s*(?:sudo\s+)?(?:[\w./-]*\/)?([A-Za-z][\w.+-]{0,40})(?=\s|$|;|\||\))/g;

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** What a tool runs, from its name: 'shell', a language, or null for other tools. */
export function toolLanguage(toolName: string): string | null {
  const w = words(toolName);
  for (const x of w) if (LANG_WORDS[x]) return LANG_WORDS[x]!;
  for (const x of w) if (SHELL_TOOL_WORDS.has(x)) return 'shell';
  return null;
}

/** The string reads as a command line: a known program first, then arguments or shell syntax. */
export function looksLikeCommand(value: string): boolean {
  const m = FIRST_WORD.exec(value);
  if (m && KNOWN_COMMANDS.has(m[1]!.toLowerCase()) && /[\s;|&<>$`]/.test(value.trim())) return true;
  return injectedCommand(value);
}

/** A command smuggled after a separator or inside $(…) in an otherwise ordinary value. */
export function injectedCommand(value: string): boolean {
  if (!/[;&|`\n]|\$\(/.test(value)) return false;
  // An obfuscated name after a separator ("x.png; $'\x6e\x63' -e …") is itself a sign of a command.
  if (/[;&|\n]\s*(?:\$['({]|`)/.test(value)) return true;
  INJECTED.lastIndex = 0;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = INJECTED.exec(value)) && n++ < 16) if (KNOWN_COMMANDS.has(m[1]!.toLowerCase())) return true;
  return false;
}

/**
 * How one string argument is judged. `key` is the argument's own key (the
 * last segment of its path); `toolLang` comes from toolLanguage(); `langHint`
 * from a sibling "language" argument.
 */
export function argKind(toolLang: string | null, key: string, value: string, langHint?: string): ArgKind {
  const k = key.toLowerCase().replace(/^\[|\]$/g, '');
  if (PROSE_KEYS.has(k)) return { kind: 'prose' };
  const codeLang = langHint ? normalizeLang(langHint) : toolLang && toolLang !== 'shell' ? toolLang : null;
  if (CODE_KEYS.has(k) && codeLang && codeLang !== 'shell') return { kind: 'code', lang: codeLang };
  if (SHELL_KEYS.has(k) || (CODE_KEYS.has(k) && (codeLang === 'shell' || toolLang === 'shell'))) return { kind: 'shell' };
  if (DATA_KEYS.has(k)) return injectedCommand(value) ? { kind: 'shell' } : { kind: 'data' };
  if (toolLang === 'shell' && looksLikeCommand(value)) return { kind: 'shell' };
  if (toolLang && toolLang !== 'shell' && CODE_KEYS.has(k)) return { kind: 'code', lang: toolLang };
  return looksLikeCommand(value) ? { kind: 'shell' } : { kind: 'data' };
}

function normalizeLang(l: string): string {
  const x = l.toLowerCase();
  if (/^(?:sh|bash|zsh|shell|cmd|batch)$/.test(x)) return 'shell';
  return LANG_WORDS[x] ?? x;
}
