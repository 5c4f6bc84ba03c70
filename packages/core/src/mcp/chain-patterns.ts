// Built-in tool categories and multi-step attack chains. A call is put in
// categories by its tool name (and, for credentials and network commands, by
// its arguments); a chain is an ordered list of categories that must occur in
// that order within the window, with at most `max_gap` unrelated calls
// between consecutive steps. Data only: chains.ts runs it.
import type { Severity } from '../types.js';

export type ToolCategory = 'recon' | 'read' | 'credential' | 'write' | 'exec' | 'fetch' | 'send' | 'database' | 'delete' | (string & {});

/** Name words (split on _ - . / and camelCase, lower-cased) that put a tool in a category. */
export const CATEGORY_NAME_WORDS: Readonly<Record<string, readonly string[]>> = {
  recon: ['list', 'ls', 'search', 'find', 'glob', 'grep', 'whoami', 'ps', 'tree', 'stat', 'info', 'scan', 'enumerate', 'discover', 'directory'],
  read: ['read', 'get', 'cat', 'view', 'open', 'load', 'show', 'head', 'tail', 'download', 'export', 'dump'],
  credential: ['secret', 'secrets', 'credential', 'credentials', 'password', 'passwords', 'token', 'tokens', 'keychain', 'vault', 'apikey', 'keys', 'env', 'environ', 'environment', 'getenv', 'dotenv', 'printenv'],
  write: ['write', 'create', 'edit', 'update', 'save', 'put', 'append', 'move', 'copy', 'rename', 'patch', 'insert', 'replace', 'mkdir'],
  exec: ['exec', 'execute', 'run', 'shell', 'bash', 'sh', 'command', 'cmd', 'terminal', 'eval', 'spawn', 'python', 'script', 'powershell', 'process'],
  fetch: ['fetch', 'http', 'browse', 'navigate', 'url', 'web', 'request', 'curl', 'wget', 'scrape', 'crawl'],
  send: ['send', 'post', 'email', 'mail', 'upload', 'webhook', 'notify', 'publish', 'message', 'slack', 'tweet', 'share', 'transfer', 'sms', 'submit'],
  database: ['sql', 'query', 'db', 'database', 'select', 'mongo', 'postgres', 'mysql', 'redis', 'table'],
  delete: ['delete', 'remove', 'rm', 'drop', 'destroy', 'purge', 'erase', 'unlink', 'truncate', 'wipe'],
};

/** Argument text that puts any call in a category whatever its name. */
export const CATEGORY_ARG_PATTERNS: Readonly<Record<string, string>> = {
  credential: String.raw`(?:^|[\s/"'=])(?:\.env(?:\.(?!example\b|sample\b|template\b)\w+)?|\.aws/credentials|\.ssh/id_\w+|\.netrc|\.git-credentials|\.docker/config\.json|\.kube/config|\.npmrc|\.pypirc|credentials\.json|secrets?\.(?:ya?ml|json|toml)|/etc/shadow|id_rsa|id_ed25519)(?:$|[\s"',;])`,
  send: String.raw`\b(?:curl|wget|nc|ncat|netcat|scp|rsync|sftp|ftp)\s|https?://|\bwebhook\b`,
  recon: String.raw`\b(?:whoami|uname\s+-a|id|hostname|ifconfig|ip\s+a(?:ddr)?|netstat|ss\s+-\w+|ps\s+aux|env|printenv|ls\s+-la?\s+~|find\s+/)\b`,
};

export interface ChainPatternRow {
  name: string;
  sequence: readonly ToolCategory[];
  severity: Severity;
  why: string;
}

export const BUILTIN_CHAIN_PATTERNS: readonly ChainPatternRow[] = [
  { name: 'Recon Then Credential Exfiltration', sequence: ['recon', 'credential', 'send'], severity: 'critical', why: 'looks around, reads a credential, sends it out' },
  { name: 'Credential Exfiltration', sequence: ['credential', 'send'], severity: 'critical', why: 'reads a credential and sends data out right after' },
  { name: 'Credential Read Then Execute', sequence: ['credential', 'exec'], severity: 'high', why: 'reads a credential and runs a command with it' },
  { name: 'Download And Execute', sequence: ['fetch', 'exec'], severity: 'high', why: 'fetches content from the network and runs a command' },
  { name: 'Fetch Write Execute', sequence: ['fetch', 'write', 'exec'], severity: 'high', why: 'downloads, saves and runs a payload' },
  { name: 'Database Dump Exfiltration', sequence: ['database', 'send'], severity: 'high', why: 'queries a database and sends the result out' },
  { name: 'Recon Execute Send', sequence: ['recon', 'exec', 'send'], severity: 'high', why: 'surveys the host, runs a command, sends the output' },
  { name: 'Read Send Delete', sequence: ['read', 'send', 'delete'], severity: 'high', why: 'takes data, sends it out and covers the tracks' },
  { name: 'File Read Then Exfiltration', sequence: ['read', 'send'], severity: 'medium', why: 'reads data and sends it out; ordinary for some agents, so medium' },
  { name: 'Credential Then Write', sequence: ['credential', 'write'], severity: 'medium', why: 'copies a credential into another file' },
  { name: 'Write Then Execute', sequence: ['write', 'exec'], severity: 'medium', why: 'writes a file and runs a command; ordinary for coding agents, so medium' },
  { name: 'Recon Then Delete', sequence: ['recon', 'delete', 'delete'], severity: 'medium', why: 'enumerates and then deletes repeatedly' },
];
