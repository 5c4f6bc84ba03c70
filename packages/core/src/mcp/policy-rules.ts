// Built-in tool-policy rules: what a tool call must never do, matched against
// the call's arguments after shell de-obfuscation (shell.ts). Data only; the
// engine in policy.ts compiles them. Each regex is RE2-compatible (a test
// compiles every row with RE2), case-insensitive.
import type { SectionAction, Severity } from '../types.js';

export interface ToolPolicyRow {
  id: string;
  name: string;
  /** Tool names the rule applies to (regex source); '' = every tool. */
  tool: string;
  /** The argument text (all string arguments, de-obfuscated) must match this. */
  args: string;
  severity: Severity;
  action?: SectionAction;
  /**
   * Which argument text the regex reads: 'shell' = arguments judged to be
   * command lines (shell-context.ts), where the shell engine also runs;
   * 'data' = the other arguments (paths, ids); 'any' = every argument.
   */
  scope?: 'shell' | 'data' | 'any';
  why: string;
}

const SHELLS = String.raw`(?:ba|z|da|k|c|tc|fi)?sh`;

export const BUILTIN_TOOL_POLICY: readonly ToolPolicyRow[] = [
  {
    id: 'destructive-delete',
    name: 'Destructive Recursive Delete',
    tool: '',
    args: String.raw`\brm\s+(?:-[a-z]*r[a-z]*f[a-z]*|-[a-z]*f[a-z]*r[a-z]*|-r\s+-f|-f\s+-r|--recursive\s+--force|--force\s+--recursive|--no-preserve-root)\s+(?:-\S+\s+)*(?:/|/\*|~/?|~/\*|\*|\$HOME/?|/(?:etc|usr|var|home|root|boot|bin|lib|opt)\b/?|\.\.?/?)(?:\s|$|;|&|\|)`,
    severity: 'critical',
    scope: 'shell',
    why: 'rm -rf on the filesystem root, home, system directories or the working tree destroys data',
  },
  {
    id: 'disk-wipe',
    name: 'Disk Wipe',
    tool: '',
    args: String.raw`\b(?:dd\s+[^;|&]*\bof=/dev/(?:sd|nvme|hd|vd|xvd|mmcblk|disk)|mkfs(?:\.\w+)?\s+/dev/|wipefs\s+(?:-\S+\s+)*/dev/|shred\s+(?:-\S+\s+)*/dev/|blkdiscard\s+/dev/|>\s*/dev/(?:sd|nvme|hd|vd)[a-z0-9]*\b)`,
    severity: 'critical',
    scope: 'shell',
    why: 'writing to a raw block device or formatting it destroys the disk',
  },
  {
    id: 'fork-bomb',
    name: 'Fork Bomb',
    tool: '',
    args: String.raw`:\s*\(\s*\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:`,
    severity: 'high',
    scope: 'shell',
    why: 'exhausts the process table',
  },
  {
    id: 'credential-file',
    name: 'Credential File Access',
    tool: '',
    args: String.raw`(?:~|\$HOME|/home/[\w.-]+|/root|\.\.)?/?\.(?:aws/credentials|aws/config|ssh/id_(?:rsa|dsa|ecdsa|ed25519)(?:\b|$)|ssh/[\w.-]*_key\b|netrc\b|git-credentials\b|docker/config\.json|kube/config\b|npmrc\b|pypirc\b|pgpass\b|config/gcloud/(?:credentials\.db|application_default_credentials\.json|legacy_credentials)|azure/(?:accessTokens\.json|msal_token_cache)|gnupg/(?:private-keys|secring))|/etc/(?:shadow|gshadow|sudoers)\b`,
    severity: 'critical',
    scope: 'data',
    why: 'reads or writes a file that holds credentials or private keys',
  },
  {
    id: 'env-file-read',
    name: 'Secrets File Read',
    tool: '',
    args: String.raw`\b(?:cat|less|more|head|tail|base64|xxd|od|strings|curl\b[^;|&]*@|type)\s+(?:[^;|&\n]*[\s/])?\.env(?:\.[\w-]+)?(?:\s|$|;|&|\|)`,
    severity: 'high',
    scope: 'shell',
    why: 'dumps a .env file, which usually holds API keys',
  },
  {
    id: 'env-dump-exfil',
    name: 'Environment Dump To Network',
    tool: '',
    args: String.raw`\b(?:env|printenv|set|export\s+-p)\b[^;&]*\|\s*(?:curl|wget|nc|ncat|netcat|socat|telnet)\b`,
    severity: 'critical',
    scope: 'shell',
    why: 'sends the process environment, and the secrets in it, over the network',
  },
  {
    id: 'reverse-shell',
    name: 'Reverse Shell',
    tool: '',
    args: String.raw`(?:\b${SHELLS}\b[^;|&\n]*\s\d?[<>]&?\s*/dev/(?:tcp|udp)/[\w.-]+/\d+|/dev/(?:tcp|udp)/[\w.-]+/\d+\s+0>&1|\b(?:nc|ncat|netcat)\b[^;|&]*\s-(?:[a-z]*e|c)\s*(?:/bin/)?${SHELLS}\b|\bsocat\b[^;|&]*\b(?:exec|system):[^;|&]*${SHELLS}|\bmkfifo\b[^\n]{0,200}\|\s*(?:nc|ncat|netcat)\b|\bpty\.spawn\s*\(|\bsocket\.socket\s*\([^)]*\)[^;]*\bconnect\s*\(|\bfsockopen\s*\(|\bTCPSocket\.(?:new|open)\s*\(|New-Object\s+System\.Net\.Sockets\.TCPClient)`,
    severity: 'critical',
    scope: 'shell',
    why: 'opens an interactive shell to a remote host',
  },
  {
    id: 'download-exec',
    name: 'Download And Execute',
    tool: '',
    args: String.raw`\b(?:curl|wget|fetch|iwr|Invoke-WebRequest|irm|Invoke-RestMethod)\b[^;&|]*\|\s*(?:sudo\s+)?(?:${SHELLS}|python[\d.]*|perl|ruby|node|php|iex|Invoke-Expression)\b|\b(?:${SHELLS})\s+(?:-c\s+)?["']?\$\(\s*(?:curl|wget)\b|\biex\s*\(\s*(?:iwr|Invoke-WebRequest|New-Object\s+Net\.WebClient)`,
    severity: 'critical',
    scope: 'shell',
    why: 'runs code fetched from the network without review',
  },
  {
    id: 'persistence-cron',
    name: 'Cron Persistence',
    tool: '',
    args: String.raw`\bcrontab\s+(?:-[a-z]*\s+)*-(?:\s|$)|\|\s*crontab\b|(?:>>?|\btee\b[^;|&]*)\s*/(?:etc/cron(?:tab|\.d|\.daily|\.hourly)|var/spool/cron)\b|(?:>>?|\btee\b[^;|&]*)\s*/etc/systemd/system/[\w@.-]+\.service`,
    severity: 'high',
    scope: 'shell',
    why: 'installs a job that survives the session',
  },
  {
    id: 'persistence-profile',
    name: 'Shell Profile Persistence',
    tool: '',
    args: String.raw`(?:>>?|\btee\s+(?:-a\s+)?)\s*(?:~|\$HOME|/home/[\w.-]+|/root)?/?\.(?:bashrc|bash_profile|bash_login|profile|zshrc|zprofile|zshenv|config/fish/config\.fish)\b|(?:>>?|\btee\s+(?:-a\s+)?)\s*/etc/(?:profile|bash\.bashrc|environment|profile\.d/)`,
    severity: 'medium',
    scope: 'shell',
    why: 'plants commands that run at every login',
  },
  {
    id: 'persistence-ssh-key',
    name: 'Authorized Keys Modification',
    tool: '',
    args: String.raw`(?:>>?|\btee\b[^;|&]*|\bcp\b[^;|&]*|\bmv\b[^;|&]*)\s*(?:~|\$HOME|/home/[\w.-]+|/root)?/?\.ssh/authorized_keys2?\b`,
    severity: 'critical',
    scope: 'shell',
    why: 'grants a stranger SSH access',
  },
  {
    id: 'encoded-exec',
    name: 'Encoded Command Execution',
    tool: '',
    args: String.raw`\b(?:base64|b64decode|openssl\s+(?:base64|enc))\b[^;&]*(?:-d|--decode|-D)\b[^;&]*\|\s*(?:sudo\s+)?(?:${SHELLS}|python[\d.]*|perl|ruby|node|php)\b|\b(?:xxd\s+-r(?:\s+-p)?)\b[^;&]*\|\s*(?:${SHELLS})\b|\bpowershell(?:\.exe)?\b[^;|&]*\s-(?:e|en|enc|enco|encod|encode|encoded|encodedcommand)\s+[A-Za-z0-9+/=]{16,}|\b(?:exec|eval)\s*\(\s*(?:base64\.b64decode|atob|Buffer\.from)\s*\(`,
    severity: 'critical',
    scope: 'shell',
    why: 'decodes a hidden payload and runs it',
  },
  {
    id: 'privilege-escalation',
    name: 'Privilege Escalation',
    tool: '',
    args: String.raw`\bchmod\s+(?:-\S+\s+)*(?:[ugo]*\+s|[2467][0-7]{3})\b|\bchown\s+(?:-\S+\s+)*root\b[^;|&]*&&[^;|&]*chmod|(?:>>?|\btee\b[^;|&]*)\s*/etc/(?:sudoers|passwd)\b|\bNOPASSWD\s*:|\busermod\s+(?:-\S+\s+)*-a?G\s*(?:sudo|wheel|root|docker)\b`,
    severity: 'high',
    scope: 'shell',
    why: 'grants root or setuid rights',
  },
  {
    id: 'defense-evasion',
    name: 'Security Control Tampering',
    tool: '',
    args: String.raw`\b(?:history\s+-c|unset\s+HISTFILE|export\s+HISTFILE=/dev/null|setenforce\s+0|ufw\s+disable|iptables\s+(?:-F|--flush)|systemctl\s+(?:stop|disable)\s+(?:auditd|apparmor|firewalld|falco|crowdstrike|osqueryd)|auditctl\s+-D)\b`,
    severity: 'high',
    scope: 'shell',
    why: 'disables logging, auditing or the firewall to hide activity',
  },
  {
    id: 'file-upload-exfil',
    name: 'File Upload To Network',
    tool: '',
    args: String.raw`\bcurl\b[^;|&]*\s(?:-F|--form)\s+["']?[\w-]+=@["']?(?:~|/etc|/home|/root|\$HOME|[^\s"']*\.ssh/|[^\s"']*\.aws/)|\bcurl\b[^;|&]*\s(?:-d|--data(?:-binary|-raw|-urlencode)?|-T|--upload-file)\s+["']?@?(?:~|/etc|/home|/root|\$HOME|\.ssh|\.aws)|\bwget\b[^;|&]*--post-file=?\s*(?:~|/etc|/home|/root|\$HOME)`,
    severity: 'high',
    scope: 'shell',
    why: 'sends a local file to a remote host',
  },
  {
    id: 'cloud-metadata',
    name: 'Cloud Metadata Access',
    tool: '',
    args: String.raw`\b169\.254\.169\.254\b|\bmetadata\.google\.internal\b|\b100\.100\.100\.200\b|\[?fd00:ec2::254\]?|/latest/meta-data/iam/security-credentials`,
    severity: 'critical',
    scope: 'any',
    why: 'reads instance credentials from the cloud metadata service',
  },
  {
    id: 'database-destroy',
    name: 'Destructive Database Statement',
    tool: '',
    args: String.raw`\b(?:DROP\s+(?:DATABASE|SCHEMA|TABLE)\s+(?:IF\s+EXISTS\s+)?[\w."\x60]+|TRUNCATE\s+(?:TABLE\s+)?[\w."\x60]+|DELETE\s+FROM\s+[\w."\x60]+\s*(?:;|$)|dropDatabase\s*\(\s*\)|FLUSHALL\b)`,
    severity: 'high',
    scope: 'any',
    why: 'deletes whole databases or tables without a condition',
  },
  {
    id: 'system-shutdown',
    name: 'System Shutdown Or Mass Kill',
    tool: '',
    args: String.raw`(?:^|[;&|]\s*|sudo\s+)(?:shutdown|reboot|halt|poweroff)\b|\binit\s+[06]\b|\bkill\s+-9\s+-1\b|\bkillall5\b|\bsystemctl\s+(?:poweroff|halt|reboot)\b`,
    severity: 'medium',
    scope: 'shell',
    why: 'takes the host down',
  },
  {
    id: 'git-destructive',
    name: 'Destructive Git Operation',
    tool: '',
    args: String.raw`\bgit\s+push\s+(?:[^;|&]*\s)?(?:--force\b|-f\b|--mirror\b|--delete\s|:\S)|\bgit\s+(?:clean\s+-[a-z]*f[a-z]*d|reset\s+--hard\s+\S+\s*&&\s*git\s+push)`,
    severity: 'medium',
    scope: 'shell',
    why: 'rewrites or deletes shared history',
  },
];
