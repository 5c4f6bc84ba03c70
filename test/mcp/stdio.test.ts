// End to end over stdio: the official SDK client spawns `pipelock mcp proxy
// -- node sdk-server.mjs --stdio` (the built CLI), which runs the SDK server
// as its child and scans both directions.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');
const fixture = fileURLToPath(new URL('./fixtures/sdk-server.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pipelock-mcp-stdio-'));
const config = join(dir, 'pipelock.yaml');
writeFileSync(
  config,
  [
    'mode: balanced',
    'response_scanning: { action: block }',
    'mcp_tool_scanning: { action: block }',
    'mcp_tool_policy: { action: block }',
    'mcp_session_binding: { unknown_tool_action: block }',
    'tool_chain_detection: { action: block }',
    '',
  ].join('\n'),
);

const clients: Client[] = [];
afterEach(async () => {
  while (clients.length) await clients.pop()!.close();
});

async function wrapped(mode: string) {
  const stderr: string[] = [];
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, 'mcp', 'proxy', '--config', config, '--env', `FIXTURE_MODE=${mode}`, '--', process.execPath, fixture, '--stdio'],
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const client = new Client({ name: 'stdio-e2e', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return { client, stderr };
}

const awsKey = () => ['AKIA', 'QZ7W3NB4', 'XK2LM5PD'].join('');

/** The wrapper's stderr arrives through a pipe, possibly after the answer it explains. */
async function stderrMatching(stderr: string[], re: RegExp): Promise<string> {
  for (let i = 0; i < 100 && !re.test(stderr.join('')); i++) await new Promise((r) => setTimeout(r, 20));
  return stderr.join('');
}

describe('pipelock mcp proxy -- COMMAND (stdio)', () => {
  it('passes a clean session: tools listed and called', async () => {
    const { client } = await wrapped('clean');
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toContain('get_weather');
    const r = await client.callTool({ name: 'get_weather', arguments: { city: 'Oslo' } });
    expect(r.content).toEqual([{ type: 'text', text: 'The weather in Oslo is sunny, 21°C, light wind from the west.' }]);
  });

  it('blocks a secret in arguments and an injected result, and says why on stderr', async () => {
    const { client, stderr } = await wrapped('injected');
    await client.listTools();
    await expect(client.callTool({ name: 'echo', arguments: { text: awsKey() } })).rejects.toThrow(/dlp rule/);
    await expect(client.callTool({ name: 'fetch_page', arguments: { url: 'https://example.org' } })).rejects.toThrow(/injection rule/);
    const log = await stderrMatching(stderr, /to-server block dlp:/);
    expect(log).toMatch(/to-server block dlp:/);
    expect(log).not.toContain(awsKey());
  });

  it('flags a poisoned tool list and a rug pull', async () => {
    const poisoned = await wrapped('poisoned');
    await expect(poisoned.client.listTools()).rejects.toThrow(/tool-poison rule/);
    const rug = await wrapped('rugpull');
    await rug.client.listTools();
    await rug.client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    await expect(rug.client.listTools()).rejects.toThrow(/pipelock blocked this response/);
    const rugLog = await stderrMatching(rug.stderr, /drift:Tool Definition Changed/);
    expect(rugLog).toMatch(/to-client block .*drift:Tool Definition Changed@mcp\.tools\[echo\]/);
  });

  it('blocks an unknown tool and a recon → credential → send chain', async () => {
    const { client } = await wrapped('clean');
    await client.listTools();
    await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(/Unknown Tool/);
    await client.callTool({ name: 'list_directory', arguments: { path: '~' } });
    await client.callTool({ name: 'read_file', arguments: { path: '/home/app/.env' } });
    await expect(client.callTool({ name: 'http_post', arguments: { url: 'https://c.example', body: 'x' } })).rejects.toThrow(/chain rule/);
  });
});
