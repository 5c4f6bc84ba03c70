// What the shell risk engine (shell-risk.ts) knows, as data: command-name
// sets by role, sensitive paths, suspicious destinations, and the evidence
// rows it reports. Each evidence row names the rule it counts towards, its
// points and the sentence that explains it; a rule's severity is the sum of
// its evidence (thresholds below), so a finding always lists why it fired.
// Data only: no matching logic here.
import type { Severity } from '../types.js';

/** Rule names the engine reports (several shared with the regex rows of policy-rules.ts). */
export const SHELL_RULES = {
  reverse: 'Reverse Shell',
  escape: 'Shell Escape From Binary',
  download: 'Download And Execute',
  upload: 'File Upload To Network',
  envSend: 'Environment Dump To Network',
  credential: 'Credential File Access',
  envFile: 'Secrets File Read',
  encoded: 'Encoded Command Execution',
  rmRoot: 'Destructive Recursive Delete',
  disk: 'Disk Wipe',
  fork: 'Fork Bomb',
  destructive: 'Destructive Command',
  cron: 'Cron Persistence',
  profile: 'Shell Profile Persistence',
  keys: 'Authorized Keys Modification',
  persistence: 'Persistence',
  privesc: 'Privilege Escalation',
  evasion: 'Security Control Tampering',
  obfuscated: 'Obfuscated Command',
} as const;
export type ShellRule = (typeof SHELL_RULES)[keyof typeof SHELL_RULES];

export interface EvidenceRow {
  rule: ShellRule;
  points: number;
  why: string;
}

const R = SHELL_RULES;

/** Severity from a rule's total points. Below `medium` nothing is reported. */
export const SEVERITY_POINTS: ReadonlyArray<readonly [Severity, number]> = [
  ['critical', 100],
  ['high', 70],
  ['medium', 40],
];

/** Points added to every other rule of a script whose commands were obfuscated. */
export const OBFUSCATION_BOOST = 30;

export const EVIDENCE = {
  // reverse and bind shells
  devTcp: { rule: R.reverse, points: 40, why: 'opens a /dev/tcp or /dev/udp connection' },
  shellOnSocket: { rule: R.reverse, points: 100, why: "a shell's input or output is a network connection" },
  netExecFlag: { rule: R.reverse, points: 75, why: 'a netcat-style client runs a program for the remote side (-e/-c/--exec)' },
  netExecShell: { rule: R.reverse, points: 100, why: 'a netcat-style client hands a shell to the remote side' },
  socatExec: { rule: R.reverse, points: 45, why: 'socat runs a program (exec:/system:)' },
  socatNetExec: { rule: R.reverse, points: 100, why: 'socat joins a program to a network socket' },
  pipeNetShell: { rule: R.reverse, points: 100, why: 'a network client and a shell are joined in one pipeline' },
  fifo: { rule: R.reverse, points: 15, why: 'creates a named pipe (used to loop a shell through a socket)' },
  payloadSocketExec: { rule: R.reverse, points: 100, why: 'interpreter code connects a socket and runs commands or redirects descriptors over it' },
  payloadSocket: { rule: R.reverse, points: 25, why: 'interpreter code opens a network socket' },
  offensiveTool: { rule: R.reverse, points: 90, why: 'generates or runs an offensive payload (msfvenom, meterpreter)' },
  remoteDisplay: { rule: R.reverse, points: 70, why: 'opens a terminal on a remote X display' },
  zshTcp: { rule: R.reverse, points: 60, why: 'opens a TCP connection from the shell itself (ztcp, /inet/tcp)' },
  // spawning a shell from another program
  wrapperShell: { rule: R.escape, points: 75, why: 'a command wrapper starts an interactive shell' },
  optionShell: { rule: R.escape, points: 80, why: "a program's command option starts an interactive shell" },
  interpShell: { rule: R.escape, points: 80, why: 'interpreter code starts an interactive shell' },
  bangShell: { rule: R.escape, points: 70, why: "a pager/editor-style '!' escape starts a shell" },
  stdioSwap: { rule: R.escape, points: 35, why: 'rewires a shell to the terminal through stderr/stdout (0<&2 1>&2)' },
  hostRootMount: { rule: R.escape, points: 75, why: "a container mounts the host's root file system or enters the host's namespaces" },
  privilegedFlag: { rule: R.escape, points: 25, why: 'a shell keeps elevated privileges (-p)' },
  nmapInteractive: { rule: R.escape, points: 70, why: "nmap's interactive mode (a shell escape)" },
  sudoShell: { rule: R.escape, points: 35, why: 'starts a root shell through sudo/su' },
  sudoUidBypass: { rule: R.privesc, points: 100, why: 'sudo -u#-1 runs as root despite a user restriction (CVE-2019-14287)' },
  pkexecShell: { rule: R.escape, points: 80, why: 'pkexec starts a shell' },
  // download and execute
  pipeDownloadInterp: { rule: R.download, points: 100, why: 'downloaded content is piped into an interpreter' },
  procsubDownload: { rule: R.download, points: 100, why: 'an interpreter runs a download through process substitution' },
  substDownload: { rule: R.download, points: 100, why: 'an interpreter runs the output of a download ($(curl …))' },
  downloadThenRun: { rule: R.download, points: 90, why: 'downloads a file and then runs it' },
  downloadChmod: { rule: R.download, points: 60, why: 'downloads a file and makes it executable' },
  lolbinDownload: { rule: R.download, points: 70, why: 'downloads with a Windows system binary (certutil, bitsadmin)' },
  remoteScriptHost: { rule: R.download, points: 100, why: 'a Windows script host runs code from a URL or inline script (mshta, regsvr32, rundll32)' },
  payloadFetchEval: { rule: R.download, points: 100, why: 'interpreter code fetches a URL and evaluates the result' },
  remotePackageExec: { rule: R.download, points: 75, why: 'installs or runs a package from an arbitrary URL or index' },
  processCreate: { rule: R.download, points: 60, why: 'creates a process through WMI' },
  // exfiltration
  uploadFile: { rule: R.upload, points: 40, why: 'sends a local file to a remote host' },
  uploadSensitive: { rule: R.upload, points: 75, why: 'the data sent is a credential or secrets file' },
  uploadBulk: { rule: R.upload, points: 40, why: 'the data sent is a system directory or a whole home directory' },
  substIntoNet: { rule: R.upload, points: 45, why: "a command's output is placed into a network request" },
  dnsExfil: { rule: R.upload, points: 70, why: 'encodes command output into a DNS or ping request' },
  suspiciousDest: { rule: R.upload, points: 25, why: 'the destination is an IP literal, a placeholder or a paste/tunnel/webhook service' },
  pipeToNet: { rule: R.upload, points: 45, why: 'pipes file contents to a network client' },
  envToNet: { rule: R.envSend, points: 100, why: 'sends the process environment over the network' },
  payloadSendFile: { rule: R.upload, points: 60, why: 'interpreter code sends a local file or the environment over the network' },
  // credentials
  readCredential: { rule: R.credential, points: 100, why: 'reads, copies or encodes a credential or private-key file' },
  readEnviron: { rule: R.credential, points: 75, why: "reads a process's environment (/proc/*/environ)" },
  readHistory: { rule: R.credential, points: 50, why: 'reads shell history, which often holds secrets' },
  credentialHunt: { rule: R.credential, points: 70, why: 'searches the file system for keys, wallets or password stores' },
  keychainDump: { rule: R.credential, points: 85, why: 'dumps passwords from the OS keychain' },
  hiveDump: { rule: R.credential, points: 100, why: 'saves the Windows SAM/SYSTEM/SECURITY hive' },
  lsassDump: { rule: R.credential, points: 100, why: 'dumps LSASS memory or runs a credential dumper' },
  unshadow: { rule: R.credential, points: 100, why: 'combines passwd and shadow for password cracking' },
  browserLogins: { rule: R.credential, points: 90, why: "reads a browser's saved logins" },
  readEnvFile: { rule: R.envFile, points: 75, why: 'dumps a .env file, which usually holds API keys' },
  payloadReadCredential: { rule: R.credential, points: 80, why: 'interpreter code opens a credential file' },
  // encoded execution
  pipeDecodeInterp: { rule: R.encoded, points: 100, why: 'decoded data is piped into an interpreter' },
  substDecodeInterp: { rule: R.encoded, points: 100, why: 'an interpreter runs decoded data ($(… | base64 -d))' },
  psEncoded: { rule: R.encoded, points: 85, why: 'PowerShell runs a base64-encoded command' },
  payloadDecodeEval: { rule: R.encoded, points: 100, why: 'interpreter code decodes data and evaluates it' },
  escapesToShell: { rule: R.encoded, points: 90, why: 'escape-encoded text is piped into a shell' },
  decodeThenRun: { rule: R.encoded, points: 80, why: 'decodes a file and runs the result' },
  // destruction
  rmRoot: { rule: R.rmRoot, points: 100, why: 'recursive forced delete of the root, a home or a system directory' },
  rmWorktree: { rule: R.rmRoot, points: 75, why: 'recursive forced delete of the whole working directory' },
  rmSystem: { rule: R.rmRoot, points: 75, why: 'recursive delete under a system directory' },
  findDeleteRoot: { rule: R.rmRoot, points: 100, why: 'find over the root or a home directory deletes what it finds' },
  diskWrite: { rule: R.disk, points: 100, why: 'writes over a raw block device' },
  diskFormat: { rule: R.disk, points: 100, why: 'formats or wipes a block device' },
  forkBomb: { rule: R.fork, points: 100, why: 'a function that pipes into itself in the background (fork bomb)' },
  payloadForkBomb: { rule: R.fork, points: 100, why: 'interpreter code forks in an endless loop' },
  permsRoot: { rule: R.destructive, points: 90, why: 'recursively changes permissions or owner of the root or a system directory' },
  moveToNull: { rule: R.destructive, points: 90, why: 'moves a home or system directory to /dev/null' },
  truncateSystem: { rule: R.destructive, points: 85, why: 'empties a system account or database file' },
  killAll: { rule: R.destructive, points: 80, why: 'kills every process' },
  winWipe: { rule: R.destructive, points: 100, why: 'deletes or formats a Windows drive or system directory' },
  recoveryOff: { rule: R.destructive, points: 90, why: 'deletes shadow copies or backups, or disables recovery' },
  crontabRemove: { rule: R.destructive, points: 70, why: "removes the user's whole crontab" },
  encryptDelete: { rule: R.destructive, points: 75, why: 'encrypts files and deletes the originals' },
  shredMany: { rule: R.destructive, points: 75, why: 'securely erases files found across the file system' },
  // persistence
  cronWrite: { rule: R.cron, points: 60, why: 'installs a cron job' },
  profileWrite: { rule: R.profile, points: 40, why: 'appends to a shell start-up file' },
  authorizedKeys: { rule: R.keys, points: 90, why: 'adds an SSH key to authorized_keys' },
  autostartWrite: { rule: R.persistence, points: 60, why: 'writes a service, start-up or preload file' },
  winAutorun: { rule: R.persistence, points: 70, why: 'adds a Windows Run key, scheduled task or service' },
  persistDanger: { rule: R.persistence, points: 50, why: 'the persisted command itself opens a connection, downloads or runs a shell' },
  persistHidden: { rule: R.persistence, points: 30, why: 'the persisted command runs from /tmp, /dev/shm or a hidden file' },
  atJob: { rule: R.persistence, points: 30, why: 'schedules a command with at' },
  // privilege
  uid0User: { rule: R.privesc, points: 100, why: 'creates a second root account (uid 0)' },
  setuid: { rule: R.privesc, points: 80, why: 'sets the setuid/setgid bit' },
  sudoersWrite: { rule: R.privesc, points: 100, why: 'writes to sudoers' },
  nopasswd: { rule: R.privesc, points: 80, why: 'grants password-less sudo' },
  adminGroup: { rule: R.privesc, points: 75, why: 'adds a user to an administrators group' },
  setcap: { rule: R.privesc, points: 80, why: 'grants a binary setuid or admin capabilities' },
  rootPassword: { rule: R.privesc, points: 75, why: "changes or removes root's password" },
  winUserAdd: { rule: R.privesc, points: 50, why: 'creates a local Windows account' },
  // defence evasion
  historyWipe: { rule: R.evasion, points: 75, why: 'disables or erases shell history' },
  selinuxOff: { rule: R.evasion, points: 75, why: 'turns SELinux enforcement off' },
  firewallOff: { rule: R.evasion, points: 75, why: 'disables or flushes the firewall' },
  auditOff: { rule: R.evasion, points: 80, why: 'stops auditing or a security agent' },
  logWipe: { rule: R.evasion, points: 80, why: 'erases system logs' },
  avOff: { rule: R.evasion, points: 90, why: 'disables antivirus protection' },
  timestomp: { rule: R.evasion, points: 40, why: "copies another file's timestamps (timestomping)" },
  // obfuscation
  obfName: { rule: R.obfuscated, points: 40, why: 'the command name is hidden by quoting, escapes, expansions or substitutions' },
  obfIfs: { rule: R.obfuscated, points: 45, why: 'reassigns IFS to hide word boundaries' },
  obfFold: { rule: R.obfuscated, points: 45, why: 'spells the command with full-width or other lookalike letters' },
} as const satisfies Record<string, EvidenceRow>;
export type EvidenceId = keyof typeof EVIDENCE;

/** Shells: an interactive one started by another program is a shell escape. */
export const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'csh', 'tcsh', 'ash', 'fish', 'yash', 'rbash', 'cmd', 'cmd.exe', 'powershell', 'powershell.exe', 'pwsh']);

/** Interpreters by the option that takes inline code; '' = code from a file or stdin only. */
export const INTERPRETERS: Readonly<Record<string, { lang: string; codeFlags: readonly string[] }>> = {
  python: { lang: 'python', codeFlags: ['-c'] },
  perl: { lang: 'perl', codeFlags: ['-e', '-E'] },
  ruby: { lang: 'ruby', codeFlags: ['-e'] },
  irb: { lang: 'ruby', codeFlags: [] },
  node: { lang: 'js', codeFlags: ['-e', '--eval', '-p', '--print'] },
  nodejs: { lang: 'js', codeFlags: ['-e', '--eval', '-p', '--print'] },
  deno: { lang: 'js', codeFlags: ['eval'] },
  bun: { lang: 'js', codeFlags: ['-e', '--eval'] },
  php: { lang: 'php', codeFlags: ['-r'] },
  lua: { lang: 'lua', codeFlags: ['-e'] },
  luajit: { lang: 'lua', codeFlags: ['-e'] },
  tclsh: { lang: 'tcl', codeFlags: [] },
  wish: { lang: 'tcl', codeFlags: [] },
  expect: { lang: 'tcl', codeFlags: ['-c'] },
  awk: { lang: 'awk', codeFlags: [] },
  gawk: { lang: 'awk', codeFlags: [] },
  mawk: { lang: 'awk', codeFlags: [] },
  nawk: { lang: 'awk', codeFlags: [] },
  java: { lang: 'java', codeFlags: ['-e'] },
  jrunscript: { lang: 'js', codeFlags: ['-e'] },
  jjs: { lang: 'js', codeFlags: [] },
  groovy: { lang: 'java', codeFlags: ['-e'] },
  Rscript: { lang: 'r', codeFlags: ['-e'] },
  osascript: { lang: 'applescript', codeFlags: ['-e'] },
  powershell: { lang: 'powershell', codeFlags: ['-c', '-command', '-cmd'] },
  'powershell.exe': { lang: 'powershell', codeFlags: ['-c', '-command', '-cmd'] },
  pwsh: { lang: 'powershell', codeFlags: ['-c', '-command', '-cmd'] },
};

/** Commands that run another command given as their arguments. */
export const WRAPPERS = new Set([
  'env', 'nice', 'nohup', 'timeout', 'time', 'stdbuf', 'ionice', 'taskset', 'flock', 'strace', 'ltrace', 'valgrind', 'unshare', 'nsenter',
  'cpulimit', 'chroot', 'setarch', 'linux32', 'linux64', 'setsid', 'chrt', 'exec', 'command', 'builtin', 'xargs', 'busybox', 'doas', 'sudo',
  'torsocks', 'proxychains', 'proxychains4', 'firejail', 'capsh', 'faketime', 'rlwrap', 'catchsegv', 'dbus-launch', 'softlimit', 'runuser',
  'pkexec', 'start-stop-daemon', 'script', 'watch', 'su', 'run-parts', 'npm', 'npx', 'yarn', 'pnpm', 'bundle', 'cgexec', 'systemd-run',
]);

/** Options of wrappers that take a value (the next word), so the wrapped command is found. */
export const WRAPPER_VALUED: Readonly<Record<string, readonly string[]>> = {
  sudo: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '--user', '--group', '--chdir', '--prompt'],
  doas: ['-u', '-C'],
  runuser: ['-u', '-g', '-G', '--user', '--group'],
  env: ['-u', '-C', '-S', '--unset', '--chdir', '--split-string'],
  timeout: ['-k', '-s', '--kill-after', '--signal'],
  nice: ['-n', '--adjustment'],
  ionice: ['-c', '-n', '-p', '--class', '--classdata'],
  flock: ['-w', '-E', '--timeout', '--conflict-exit-code'],
  strace: ['-o', '-e', '-p', '-s', '-u', '-a', '-E', '-b', '-I', '-O', '-P', '-S', '-X'],
  ltrace: ['-o', '-e', '-a', '-n', '-p', '-s', '-u', '-A', '-D', '-F', '-l', '-x'],
  nsenter: ['-t', '--target', '-S', '-G', '--setuid', '--setgid'],
  cpulimit: ['-l', '-p', '-e', '--limit', '--pid', '--exe'],
  chrt: ['-p'],
  xargs: ['-a', '-I', '-L', '-n', '-P', '-s', '-d', '-E', '--arg-file', '--max-args', '--max-procs', '--delimiter'],
  stdbuf: ['-i', '-o', '-e'],
  cgexec: ['-g'],
  'systemd-run': ['-p', '--unit', '--property', '-u', '--uid', '--gid', '--slice'],
  chroot: ['--userspec', '--groups'],
  time: ['-f', '-o', '--format', '--output'],
  exec: ['-a'],
  setsid: [],
  unshare: ['--map-user', '--map-group', '--setuid', '--setgid', '--wd'],
  valgrind: [],
  taskset: [],
  setarch: [],
  nohup: [],
  command: [],
  builtin: [],
  busybox: [],
  torsocks: ['-a', '-P', '-u', '-p'],
  proxychains: ['-f'],
  proxychains4: ['-f'],
  firejail: [],
  faketime: ['-f'],
  rlwrap: ['-f', '-H', '-P', '-S'],
};

/** Wrappers whose start of a shell is ordinary (containers, remote hosts, terminal tools). */
export const SHELL_HOSTS = new Set(['docker', 'podman', 'nerdctl', 'kubectl', 'oc', 'lxc', 'incus', 'vagrant', 'ssh', 'mosh', 'tmux', 'screen', 'toolbox', 'distrobox', 'wsl', 'gcloud', 'aws', 'az', 'heroku', 'fly', 'code', 'devcontainer']);

/** Commands that fetch a URL. */
export const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'lwp-download', 'lwp-request', 'GET', 'http', 'https', 'aria2c', 'axel', 'iwr', 'invoke-webrequest', 'irm', 'invoke-restmethod', 'tftp', 'ftp', 'certutil', 'bitsadmin', 'busybox-wget', 'wget2', 'curlie', 'xh']);

/** Interactive network clients that carry raw bytes. */
export const NET_CLIENTS = new Set(['nc', 'ncat', 'netcat', 'nc.traditional', 'nc.openbsd', 'telnet', 'socat', 'cryptcat', 'sbd', 'openssl', 'pwncat', 'gnutls-cli', 'sclient']);

/** Commands that send data to a host. */
export const UPLOADERS = new Set(['curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'scp', 'rsync', 'sftp', 'ftp', 'smbclient', 'tftp', 'openssl', 'whois', 'telnet', 'ssh', 'aws', 'gsutil', 'rclone', 'iwr', 'invoke-webrequest', 'irm', 'invoke-restmethod']);

/** Commands that read, copy, pack or encode files given as arguments. */
export const READERS = new Set([
  'cat', 'tac', 'less', 'more', 'most', 'head', 'tail', 'nl', 'strings', 'od', 'xxd', 'hexdump', 'base64', 'base32', 'basenc', 'uuencode', 'cp', 'mv', 'rsync',
  'scp', 'tar', 'zip', '7z', 'gzip', 'bzip2', 'xz', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'awk', 'sed', 'cut', 'sort', 'uniq', 'paste', 'diff', 'vim', 'vi',
  'view', 'nano', 'emacs', 'type', 'get-content', 'gc', 'sqlite3', 'openssl', 'gpg', 'dd', 'tee', 'ln', 'install', 'curl', 'wget', 'nc', 'ncat', 'socat',
  'python', 'perl', 'ruby', 'node', 'php', 'jq', 'yq', 'unshadow', 'john', 'hashcat', 'copy', 'xcopy', 'robocopy', 'findstr', 'more.com', 'bat', 'batcat',
  'file', 'look', 'fold', 'fmt', 'pr', 'column', 'rev', 'iconv', 'split', 'shuf', 'comm', 'join', 'expand', 'unexpand', 'ul', 'wc',
]);

/** Decoders whose output, piped into an interpreter, is encoded execution. */
export const DECODERS = new Set(['base64', 'base32', 'basenc', 'xxd', 'uudecode', 'openssl', 'certutil', 'rev', 'tr', 'gunzip', 'zcat', 'gzip', 'bzip2', 'xz', 'unxz', 'zstd', 'printf', 'echo']);

/** Credential and private-key files (any directory): reading or sending them is a credential leak. */
export const CREDENTIAL_PATHS = String.raw`(?:^|[/\\\s=@'"])(?:\.ssh[/\\](?:id_[a-z0-9_]+(?![\w.]*\.pub)\b|[\w.-]*_key(?!\.pub)\b|identity\b)|ssh_host_\w+_key(?!\.pub)\b|id_(?:rsa|dsa|ecdsa|ed25519)(?!\.pub)\b|\.aws[/\\]credentials\b|\.git-credentials\b|\.netrc\b|_netrc\b|\.pgpass\b|\.my\.cnf\b|\.docker[/\\]config\.json|\.kube[/\\]config\b|\.npmrc\b|\.pypirc\b|\.vault-token\b|\.config[/\\]gcloud[/\\]|application_default_credentials\.json|credentials\.tfrc\.json|\.azure[/\\](?:accessTokens|msal_token_cache)|\.config[/\\]gh[/\\]hosts\.yml|\.gnupg[/\\]|/etc/(?:shadow|gshadow|master\.passwd)\b|serviceaccount[/\\]token\b|\bwallet\.dat\b|\.kdbx\b|keychain-db\b|\.keychain\b|Login Data\b|logins\.json\b|key[34]\.db\b|NTDS\.dit\b|\\config\\(?:SAM|SYSTEM|SECURITY)\b|\.password-store\b|secrets?\.(?:ya?ml|json|toml)\b|\.p12\b|\.pfx\b|private[_-]?key(?:\.pem)?\b)`;

/** .env files (not the committed templates). */
export const ENV_FILE = String.raw`(?:^|[/\\\s=@'"])\.env(?:\.(?!example\b|sample\b|template\b|dist\b|defaults?\b|tmpl\b)[\w-]+)?$`;

/** Shell history files. */
export const HISTORY_FILE = String.raw`(?:^|[/\\\s])\.(?:bash|zsh|sh|python|mysql|psql|node_repl|lesshst)_?history\b|ConsoleHost_history\.txt`;

/** Whole system or home trees: sending them out is bulk exfiltration. */
export const BULK_PATH = String.raw`^(?:/|/\*|~/?|~/\*|\$HOME/?|\$\{HOME\}/?|/etc/?|/home/?|/root/?|/var/?|/home/[\w.-]+/?|/Users/[\w.-]+/?|C:\\Users\\?[\w.-]*\\?)$`;

/** Network destinations typical of exfiltration and reverse shells rather than ordinary services. */
export const SUSPICIOUS_DEST = String.raw`(?:\b(?:\d{1,3}\.){3}\d{1,3}\b|\$\{?(?:RHOST|LHOST|ATTACKER\w*|RIP|LIP|TARGET_?IP|REMOTE_?HOST|C2\w*)\}?|<(?:ip|lhost|rhost|attacker[\w-]*|host)>|\battacker\b|\bevil\b|\bc2\b|transfer\.sh|webhook\.site|pastebin\.com|paste\.ee|hastebin|ix\.io|0x0\.st|termbin\.com|ngrok(?:-free)?\.(?:io|app)|requestbin|pipedream\.net|interact\.sh|\.oast\.|burpcollaborator|canarytokens|discord(?:app)?\.com/api/webhooks|api\.telegram\.org/bot|trycloudflare\.com|serveo\.net|localhost\.run|file\.io|anonfiles)`;

/** Where a write makes a command survive the session, by the rule it counts for. */
export const PERSISTENCE_PATHS: ReadonlyArray<readonly [EvidenceId, string]> = [
  ['authorizedKeys', String.raw`\.ssh/authorized_keys2?$`],
  ['cronWrite', String.raw`^/(?:etc/cron(?:tab|\.d|\.daily|\.hourly|\.weekly|\.monthly)|var/spool/cron)\b`],
  ['profileWrite', String.raw`(?:^|/)\.(?:bashrc|bash_profile|bash_login|bash_logout|profile|zshrc|zprofile|zshenv|zlogin|kshrc|cshrc|tcshrc|config/fish/config\.fish)$|^/etc/(?:profile|bash\.bashrc|bashrc|zshrc|zsh/zshrc|environment)$|^/etc/profile\.d/`],
  ['autostartWrite', String.raw`^/(?:etc|lib|usr/lib)/systemd/(?:system|user)/|\.config/systemd/user/|^/etc/rc\.local$|^/etc/init\.d/|^/etc/ld\.so\.preload$|Library/Launch(?:Agents|Daemons)/|\.config/autostart/|^/etc/xdg/autostart/|^/etc/update-motd\.d/|\.git/hooks/|Start Menu\\Programs\\Startup`],
  ['sudoersWrite', String.raw`^/etc/sudoers(?:\.d/|$)`],
  ['uid0User', String.raw`^/etc/passwd$`],
];

/** System directories: recursive deletes or permission changes there break the host. */
export const SYSTEM_DIRS = String.raw`^/(?:etc|usr|var|home|root|boot|bin|sbin|lib|lib64|opt|srv|sys|proc|dev|Applications|System|Library|Users)(?:/[\w.-]*)?/?$`;

/** Services whose stop means a security control is off. */
export const SECURITY_SERVICES = String.raw`^(?:auditd|apparmor|firewalld|ufw|iptables|nftables|falco|falcon-sensor|crowdstrike|osqueryd|wazuh-agent|ossec|clamav-daemon|clamd|sysmon|syslog|rsyslog|syslog-ng|systemd-journald|selinux|aide|tripwire|sshguard|fail2ban|auditbeat|filebeat|sentinelone|sentinelagent|cbagentd|mdatp|WinDefend|Sense|EventLog)$`;
