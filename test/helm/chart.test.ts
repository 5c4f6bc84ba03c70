// The Helm chart in deploy/helm/pipelock, rendered by the real helm binary:
// lint, Kubernetes schema checks, the rendered pipelock.yaml read by our own
// config parser, and the template-time validations that must fail fast.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@pipelock/core';
import { CHART, Helm, find, get, parseManifests, setupHelm, sha256 } from './helm.js';
import type { K8sObject } from './helm.js';
import { schemaErrors, unknownFieldErrors } from './k8s-schema.js';

const UPSTREAM = 'http://sure-web:3000/mcp';
const NAME = 'rel-pipelock';

// Value sets: each must lint, render, pass the schemas and load in our parser.
const VALUE_SETS: Record<string, object> = {
  // No values at all: what `helm install` does out of the box.
  defaults: {},
  minimal: { mcpProxy: { upstream: UPSTREAM } },
  // The seeds' documented Sure setup: image tag, mode, ingress, monitoring, PDB.
  seeds: {
    image: { tag: '0.3.2' },
    mode: 'balanced',
    mcpProxy: { upstream: UPSTREAM },
    ingress: {
      enabled: true,
      className: 'nginx',
      hosts: [{ host: 'pipelock.example.com', paths: [{ path: '/', pathType: 'Prefix' }] }],
      tls: [{ hosts: ['pipelock.example.com'], secretName: 'pipelock-tls' }],
    },
    serviceMonitor: { enabled: true, interval: '30s', additionalLabels: { release: 'prometheus' } },
    pdb: { enabled: true, maxUnavailable: 1 },
    extraConfig: { session_profiling: { enabled: true, max_sessions: 1000 } },
  },
  production: {
    mode: 'strict',
    replicaCount: 3,
    mcpProxy: { upstream: UPSTREAM },
    pdb: { enabled: true, minAvailable: 2 },
    networkPolicy: {
      enabled: true,
      forwardProxy: { from: [{ podSelector: { matchLabels: { app: 'sure' } } }] },
      mcpProxy: { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] },
      egress: {
        enabled: true,
        extraRules: [{ to: [{ podSelector: { matchLabels: { app: 'sure' } } }], ports: [{ port: 3000, protocol: 'TCP' }] }],
      },
    },
    dlp: { patterns: [{ name: 'Internal Token', regex: 'svc_[A-Za-z0-9]{32}', severity: 'critical' }] },
    mcpToolPolicy: { rules: [{ name: 'Bulk Export', tool_pattern: '(?i)^export_', action: 'block' }] },
    extraEnv: [{ name: 'NODE_OPTIONS', value: '--max-old-space-size=384' }],
  },
  mcpOnly: { forwardProxy: { enabled: false }, mcpProxy: { upstream: UPSTREAM }, serviceMonitor: { enabled: true } },
  forwardOnly: { mcpProxy: { enabled: false }, networkPolicy: { enabled: true } },
  // Every boolean that defaults to true, turned off.
  allFalse: {
    enforce: false,
    mcpProxy: { upstream: UPSTREAM },
    forwardProxy: { sniVerification: false },
    dlp: { scanEnv: false, includeDefaults: false },
    responseScanning: { enabled: false, includeDefaults: false },
    mcpInputScanning: { enabled: false },
    mcpToolScanning: { enabled: false, detectDrift: false },
    mcpToolPolicy: { enabled: false },
    mcpSessionBinding: { enabled: false },
    toolChainDetection: { enabled: false },
    logging: { includeBlocked: false },
  },
};

let helm: Helm;
let cleanup: () => void;
const rendered = new Map<string, K8sObject[]>();

function render(values: object, extraArgs: string[] = []): K8sObject[] {
  const r = helm.template(values, extraArgs);
  if (r.status !== 0) throw new Error(`helm template failed: ${r.stderr}`);
  return r.docs;
}

function renderError(values: object, extraArgs: string[] = []): string {
  const r = helm.template(values, extraArgs);
  expect(r.status, `expected helm template to fail; it rendered:\n${r.stdout.slice(0, 400)}`).not.toBe(0);
  return r.stderr;
}

function configText(docs: K8sObject[]): string {
  const text = get(docs, 'ConfigMap', NAME).data?.['pipelock.yaml'];
  if (text === undefined) throw new Error('ConfigMap has no pipelock.yaml');
  return text;
}

function pod(docs: K8sObject[]): Record<string, any> {
  return (get(docs, 'Deployment', NAME).spec as any).template.spec;
}

function container(docs: K8sObject[]): Record<string, any> {
  return pod(docs).containers[0];
}

beforeAll(() => {
  const h = setupHelm();
  cleanup = h.cleanup;
  helm = new Helm(h.bin, h.home);
  for (const [name, values] of Object.entries(VALUE_SETS)) rendered.set(name, render(values));
});

afterAll(() => cleanup?.());

describe('helm lint and Kubernetes schemas', () => {
  it.each(Object.keys(VALUE_SETS))('%s: helm lint --strict passes', (name) => {
    const r = helm.run(['lint', '--strict', '--namespace', 'agents', '-f', helm.valuesFile(VALUE_SETS[name]!), CHART]);
    expect(r.stdout + r.stderr).toContain('0 chart(s) failed');
    expect(r.status).toBe(0);
  });

  it('`helm template t <chart>` with no values renders: a forward proxy alone, no MCP listener', () => {
    const r = helm.run(['template', 't', CHART]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const docs = parseManifests(r.stdout);
    const c = (get(docs, 'Deployment', 't-pipelock').spec as any).template.spec.containers[0];
    expect(c.args).toEqual(['run', '--config', '/etc/pipelock/pipelock.yaml', '--listen', '0.0.0.0:8888']);
    expect(c.ports.map((p: any) => p.name)).toEqual(['proxy']);
    expect((get(docs, 'Service', 't-pipelock').spec as any).ports.map((p: any) => p.name)).toEqual(['proxy']);
    expect(find(docs, 'ConfigMap', 't-pipelock-proxy-env')).toBeDefined();
    expect(parseConfig(get(docs, 'ConfigMap', 't-pipelock').data!['pipelock.yaml']!).forward_proxy.enabled).toBe(true);
    // And it installs: the client-side dry run runs the same validation and prints the notes.
    const install = helm.run(['install', 't', CHART, '--dry-run=client']);
    expect(install.status).toBe(0);
    expect(install.stdout).toContain('HTTPS_PROXY=');
    expect(install.stdout).toContain('MCP reverse proxy: off. Set mcpProxy.upstream');
  });

  it('setting mcpProxy.upstream alone turns the MCP listener on', () => {
    const c = container(rendered.get('minimal')!);
    expect(c.args).toEqual(expect.arrayContaining(['--mcp-listen', '0.0.0.0:8889', '--mcp-upstream', UPSTREAM]));
    expect(c.ports.map((p: any) => p.name)).toEqual(['proxy', 'mcp']);
  });

  it.each(Object.keys(VALUE_SETS))('%s: every object passes the Kubernetes (and ServiceMonitor CRD) schema', (name) => {
    expect(schemaErrors(rendered.get(name)!)).toEqual([]);
  });

  it('no object has a field the Kubernetes schema does not know (all value sets)', () => {
    const all = [...rendered.values()].flat();
    expect(unknownFieldErrors(all)).toEqual([]);
  });

  it('the schema checks do catch bad objects', () => {
    const docs = structuredClone(rendered.get('minimal')!);
    const c = container(docs);
    c.imagePullPolicys = 'Always';
    (get(docs, 'Deployment', NAME).spec as any).replicas = 'three';
    expect(schemaErrors(docs).join('\n')).toMatch(/replicas must be integer/);
    expect(unknownFieldErrors(docs).join('\n')).toMatch(/imagePullPolicys/);
  });

  it('renders the objects each value set asks for', () => {
    const kinds = (name: string) => rendered.get(name)!.map((d) => `${d.kind}/${d.metadata.name}`).sort();
    expect(kinds('defaults')).toEqual([`ConfigMap/${NAME}`, `ConfigMap/${NAME}-proxy-env`, `Deployment/${NAME}`, `Service/${NAME}`]);
    expect(kinds('minimal')).toEqual([`ConfigMap/${NAME}`, `ConfigMap/${NAME}-proxy-env`, `Deployment/${NAME}`, `Service/${NAME}`]);
    expect(kinds('seeds')).toEqual(
      [
        `ConfigMap/${NAME}`,
        `ConfigMap/${NAME}-proxy-env`,
        `Deployment/${NAME}`,
        `Ingress/${NAME}`,
        `PodDisruptionBudget/${NAME}`,
        `Service/${NAME}`,
        `ServiceMonitor/${NAME}`,
      ].sort(),
    );
    expect(find(rendered.get('production')!, 'NetworkPolicy', NAME)).toBeDefined();
  });
});

describe('ConfigMap: pipelock.yaml rendered from values', () => {
  it.each(Object.keys(VALUE_SETS))('%s: our own parser accepts it', (name) => {
    expect(() => parseConfig(configText(rendered.get(name)!))).not.toThrow();
  });

  it('maps the structured values onto the config sections', () => {
    const cfg = parseConfig(configText(render({ ...VALUE_SETS.production, logging: { format: 'text' } })));
    expect(cfg.mode).toBe('strict');
    expect(cfg.fetch_proxy.listen).toBe('0.0.0.0:8888');
    expect(cfg.forward_proxy.enabled).toBe(true);
    expect(cfg.forward_proxy.max_tunnel_seconds).toBe(300);
    expect(cfg.forward_proxy.idle_timeout_seconds).toBe(120);
    expect(cfg.dlp.patterns.map((p) => p.name)).toContain('Internal Token');
    expect(cfg.response_scanning.action).toBe('warn');
    expect(cfg.mcp_input_scanning.action).toBe('block');
    expect(cfg.mcp_input_scanning.on_parse_error).toBe('block');
    expect(cfg.mcp_tool_scanning.detect_drift).toBe(true);
    expect(cfg.mcp_tool_policy.rules.map((r) => r.name)).toContain('Bulk Export');
    expect(cfg.mcp_session_binding.unknown_tool_action).toBe('warn');
    expect(cfg.tool_chain_detection.window_size).toBe(20);
    expect(cfg.tool_chain_detection.max_gap).toBe(3);
    expect(cfg.logging.format).toBe('text');
    expect(cfg.logging.include_allowed).toBe(false);
  });

  it('booleans that default to true can be set to false (values file)', () => {
    const cfg = parseConfig(configText(rendered.get('allFalse')!));
    expect(cfg.enforce).toBe(false);
    expect(cfg.forward_proxy.sni_verification).toBe(false);
    expect(cfg.dlp.scan_env).toBe(false);
    expect(cfg.dlp.include_defaults).toBe(false);
    expect(cfg.response_scanning.enabled).toBe(false);
    expect(cfg.response_scanning.include_defaults).toBe(false);
    expect(cfg.mcp_input_scanning.enabled).toBe(false);
    expect(cfg.mcp_tool_scanning.enabled).toBe(false);
    expect(cfg.mcp_tool_scanning.detect_drift).toBe(false);
    expect(cfg.mcp_tool_policy.enabled).toBe(false);
    expect(cfg.mcp_session_binding.enabled).toBe(false);
    expect(cfg.tool_chain_detection.enabled).toBe(false);
    expect(cfg.logging.include_blocked).toBe(false);
  });

  it('booleans can be set to false with --set too', () => {
    const docs = render(VALUE_SETS.minimal!, ['--set', 'dlp.scanEnv=false', '--set', 'forwardProxy.enabled=false', '--set', 'mcpToolScanning.detectDrift=false']);
    const cfg = parseConfig(configText(docs));
    expect(cfg.dlp.scan_env).toBe(false);
    expect(cfg.forward_proxy.enabled).toBe(false);
    expect(cfg.mcp_tool_scanning.detect_drift).toBe(false);
  });

  it('extraConfig adds sections and deep-merges over rendered ones, including false', () => {
    const docs = render({
      mcpProxy: { upstream: UPSTREAM },
      extraConfig: {
        session_profiling: { enabled: true, max_sessions: 500 },
        kill_switch: { sentinel_file: '/var/run/pipelock/kill' },
        forward_proxy: { sni_verification: false },
        logging: { format: 'text' },
        mode: 'audit',
      },
    });
    const text = configText(docs);
    const cfg = parseConfig(text);
    expect(cfg.session_profiling.enabled).toBe(true);
    expect(cfg.session_profiling.max_sessions).toBe(500);
    expect(cfg.kill_switch.sentinel_file).toBe('/var/run/pipelock/kill');
    expect(cfg.forward_proxy.sni_verification).toBe(false);
    expect(cfg.forward_proxy.max_tunnel_seconds).toBe(300); // siblings kept
    expect(cfg.logging.format).toBe('text');
    expect(cfg.logging.include_blocked).toBe(true);
    expect(cfg.mode).toBe('audit');
    expect(text.match(/^mode:/gm)).toHaveLength(1);
  });

  it('an unknown key in extraConfig renders, and our parser refuses it (the daemon would not start)', () => {
    const text = configText(render({ mcpProxy: { upstream: UPSTREAM }, extraConfig: { dlp: { paterns: [] } } }));
    expect(() => parseConfig(text)).toThrow(/paterns/);
  });
});

describe('Deployment', () => {
  it('mounts the ConfigMap at /etc/pipelock/pipelock.yaml and runs the daemon with both listeners', () => {
    const docs = rendered.get('minimal')!;
    const c = container(docs);
    expect(c.args).toEqual([
      'run',
      '--config',
      '/etc/pipelock/pipelock.yaml',
      '--listen',
      '0.0.0.0:8888',
      '--mcp-listen',
      '0.0.0.0:8889',
      '--mcp-upstream',
      UPSTREAM,
    ]);
    const mount = c.volumeMounts.find((m: any) => m.mountPath === '/etc/pipelock/pipelock.yaml');
    expect(mount).toMatchObject({ subPath: 'pipelock.yaml', readOnly: true });
    const vol = pod(docs).volumes.find((v: any) => v.name === mount.name);
    expect(vol.configMap.name).toBe(get(docs, 'ConfigMap', NAME).metadata.name);
    expect(c.ports).toEqual([
      { name: 'proxy', containerPort: 8888, protocol: 'TCP' },
      { name: 'mcp', containerPort: 8889, protocol: 'TCP' },
    ]);
  });

  it('runs as non-root with a read-only root filesystem and no privileges', () => {
    const docs = rendered.get('minimal')!;
    expect(pod(docs).securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container(docs).securityContext).toEqual({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod(docs).automountServiceAccountToken).toBe(false);
    // /tmp is the only writable path besides what the user mounts.
    expect(container(docs).volumeMounts.map((m: any) => m.mountPath)).toEqual(['/etc/pipelock/pipelock.yaml', '/tmp']);
  });

  it('probes GET /health on the forward-proxy port, in every mode', () => {
    for (const name of ['minimal', 'mcpOnly', 'forwardOnly']) {
      const c = container(rendered.get(name)!);
      for (const probe of [c.livenessProbe, c.readinessProbe]) {
        expect(probe.httpGet).toEqual({ path: '/health', port: 'proxy' });
      }
      expect(c.ports.find((p: any) => p.name === 'proxy').containerPort).toBe(8888);
    }
    const moved = container(render({ mcpProxy: { upstream: UPSTREAM }, forwardProxy: { port: 9999 } }));
    expect(moved.ports.find((p: any) => p.name === 'proxy').containerPort).toBe(9999);
    expect(moved.args).toContain('0.0.0.0:9999');
  });

  it('has resources and a topology spread constraint selecting its own pods', () => {
    const docs = rendered.get('production')!;
    expect(container(docs).resources.limits.memory).toBe('512Mi');
    const [tsc] = pod(docs).topologySpreadConstraints;
    const selector = (get(docs, 'Deployment', NAME).spec as any).selector.matchLabels;
    expect(tsc).toMatchObject({ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selector } });
    expect((get(docs, 'Deployment', NAME).spec as any).replicas).toBe(3);
    expect(container(docs).env).toEqual([{ name: 'NODE_OPTIONS', value: '--max-old-space-size=384' }]);
  });

  it('checksum/config is the hash of the rendered config: it changes with the config only', () => {
    const checksum = (docs: K8sObject[]) => (get(docs, 'Deployment', NAME).spec as any).template.metadata.annotations['checksum/config'];
    const base = rendered.get('minimal')!;
    // The ConfigMap holds two comment lines, then the config text the hash is taken of.
    const body = configText(base).split('\n').slice(2).join('\n').replace(/\n$/, '');
    expect(checksum(base)).toBe(sha256(body));
    expect(checksum(render({ ...VALUE_SETS.minimal, replicaCount: 2 }))).toBe(checksum(base));
    expect(checksum(render({ ...VALUE_SETS.minimal, mode: 'strict' }))).not.toBe(checksum(base));
    expect(checksum(render({ ...VALUE_SETS.minimal, extraConfig: { session_profiling: { enabled: true } } }))).not.toBe(checksum(base));
  });
});

describe('forwardProxy.enabled and mcpProxy.enabled', () => {
  it('forwardProxy.enabled=false: MCP-only, no proxy env, forward_proxy.enabled false, /health still served', () => {
    const docs = rendered.get('mcpOnly')!;
    expect(find(docs, 'ConfigMap', `${NAME}-proxy-env`)).toBeUndefined();
    expect(JSON.stringify(docs)).not.toMatch(/HTTPS?_PROXY/i);
    expect(parseConfig(configText(docs)).forward_proxy.enabled).toBe(false);
    const c = container(docs);
    expect(c.args).toEqual(expect.arrayContaining(['--listen', '0.0.0.0:8888', '--mcp-listen', '0.0.0.0:8889']));
    // The listener stays in the Service for /metrics (ServiceMonitor) and in the pod for probes.
    const svcPorts = (get(docs, 'Service', NAME).spec as any).ports.map((p: any) => p.name);
    expect(svcPorts).toEqual(['proxy', 'mcp']);
    expect((get(docs, 'ServiceMonitor', NAME).spec as any).endpoints[0]).toMatchObject({ port: 'proxy', path: '/metrics' });
  });

  it('forwardProxy.enabled=true: the proxy env ConfigMap points at the Service', () => {
    const env = get(rendered.get('minimal')!, 'ConfigMap', `${NAME}-proxy-env`).data!;
    expect(env.HTTPS_PROXY).toBe(`http://${NAME}.agents.svc:8888`);
    expect(env.HTTP_PROXY).toBe(env.HTTPS_PROXY);
    expect(env.https_proxy).toBe(env.HTTPS_PROXY);
    expect(env.NO_PROXY).toContain('.svc.cluster.local');
    // Pipelock itself is never told to proxy through itself.
    expect(container(rendered.get('minimal')!).env).toBeUndefined();
  });

  it('mcpProxy.enabled=false: no MCP listener or port, and no upstream needed', () => {
    const docs = rendered.get('forwardOnly')!;
    const c = container(docs);
    expect(c.args).not.toContain('--mcp-listen');
    expect(c.args).not.toContain('--mcp-upstream');
    expect(c.ports.map((p: any) => p.name)).toEqual(['proxy']);
    expect((get(docs, 'Service', NAME).spec as any).ports.map((p: any) => p.name)).toEqual(['proxy']);
    const np = get(docs, 'NetworkPolicy', NAME).spec as any;
    expect(np.ingress.map((r: any) => r.ports[0].port)).toEqual(['proxy']);
  });
});

describe('Service, Ingress, ServiceMonitor, PDB, NetworkPolicy', () => {
  it('Service exposes both ports with ClientIP affinity by default (MCP sessions are per replica)', () => {
    const svc = get(rendered.get('minimal')!, 'Service', NAME).spec as any;
    expect(svc.ports).toEqual([
      { name: 'proxy', port: 8888, targetPort: 'proxy', protocol: 'TCP' },
      { name: 'mcp', port: 8889, targetPort: 'mcp', protocol: 'TCP' },
    ]);
    expect(svc.sessionAffinity).toBe('ClientIP');
    expect(svc.sessionAffinityConfig.clientIP.timeoutSeconds).toBe(10800);
    const none = get(render({ ...VALUE_SETS.minimal, service: { sessionAffinity: 'None' } }), 'Service', NAME).spec as any;
    expect(none.sessionAffinity).toBe('None');
    expect(none.sessionAffinityConfig).toBeUndefined();
  });

  it('Ingress routes the hosts and paths to the MCP port only', () => {
    const docs = rendered.get('seeds')!;
    const ing = get(docs, 'Ingress', NAME).spec as any;
    expect(ing.ingressClassName).toBe('nginx');
    expect(ing.tls).toEqual([{ hosts: ['pipelock.example.com'], secretName: 'pipelock-tls' }]);
    expect(ing.rules).toEqual([
      {
        host: 'pipelock.example.com',
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: NAME, port: { name: 'mcp' } } } }] },
      },
    ]);
  });

  it('ServiceMonitor carries additionalLabels and selects the Service', () => {
    const docs = rendered.get('seeds')!;
    const sm = get(docs, 'ServiceMonitor', NAME);
    expect(sm.metadata.labels).toMatchObject({ release: 'prometheus' });
    const spec = sm.spec as any;
    expect(spec.endpoints).toEqual([{ port: 'proxy', path: '/metrics', scheme: 'http', interval: '30s', scrapeTimeout: '10s' }]);
    const svcLabels = get(docs, 'Service', NAME).metadata.labels!;
    for (const [k, v] of Object.entries(spec.selector.matchLabels as Record<string, string>)) expect(svcLabels[k]).toBe(v);
    expect(spec.namespaceSelector.matchNames).toEqual(['agents']);
  });

  it('PDB: minAvailable or maxUnavailable as given, 0 and percentages kept, maxUnavailable 1 by default', () => {
    const pdb = (values: object) => get(render({ ...VALUE_SETS.minimal, pdb: { enabled: true, ...values } }), 'PodDisruptionBudget', NAME).spec as any;
    expect(pdb({ minAvailable: 2 })).toMatchObject({ minAvailable: 2 });
    expect(pdb({ minAvailable: 2 }).maxUnavailable).toBeUndefined();
    expect(pdb({ maxUnavailable: '50%' })).toMatchObject({ maxUnavailable: '50%' });
    expect(pdb({ minAvailable: 0 })).toMatchObject({ minAvailable: 0 });
    expect(pdb({})).toMatchObject({ maxUnavailable: 1 });
    expect(find(rendered.get('minimal')!, 'PodDisruptionBudget')).toBeUndefined();
  });

  it('NetworkPolicy: per-port sources, DNS, public internet only, and extra egress rules', () => {
    const np = get(rendered.get('production')!, 'NetworkPolicy', NAME).spec as any;
    expect(np.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.ingress).toEqual([
      { ports: [{ port: 'proxy', protocol: 'TCP' }], from: [{ podSelector: { matchLabels: { app: 'sure' } } }] },
      { ports: [{ port: 'mcp', protocol: 'TCP' }], from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] },
    ]);
    expect(np.egress[0].ports.map((p: any) => p.port)).toEqual([53, 53]);
    expect(np.egress[1].to[0].ipBlock.except).toEqual(expect.arrayContaining(['10.0.0.0/8', '169.254.0.0/16']));
    expect(np.egress[2]).toEqual({ to: [{ podSelector: { matchLabels: { app: 'sure' } } }], ports: [{ port: 3000, protocol: 'TCP' }] });
    const ingressOnly = get(rendered.get('forwardOnly')!, 'NetworkPolicy', NAME).spec as any;
    expect(ingressOnly.policyTypes).toEqual(['Ingress']);
    expect(ingressOnly.egress).toBeUndefined();
  });
});

describe('template-time validation fails fast', () => {
  it.each<[string, object, RegExp]>([
    ['both PDB fields', { pdb: { enabled: true, minAvailable: 1, maxUnavailable: 1 } }, /pdb\.minAvailable \(1\) and pdb\.maxUnavailable \(1\) are mutually exclusive/],
    ['ingress without hosts', { ingress: { enabled: true } }, /ingress\.enabled is true but ingress\.hosts is empty/],
    ['ingress host without paths', { ingress: { enabled: true, hosts: [{ host: 'a.example.com' }] } }, /ingress\.hosts\[0\] \(a\.example\.com\) has no paths/],
    ['ingress host with empty paths', { ingress: { enabled: true, hosts: [{ host: 'a.example.com', paths: [] }] } }, /has no paths/],
    ['ingress without the MCP listener', { mcpProxy: { enabled: false }, ingress: { enabled: true, hosts: [{ host: 'a', paths: [{ path: '/' }] }] } }, /ingress\.enabled needs mcpProxy\.enabled/],
    ['mcpProxy.enabled=true without an upstream', { mcpProxy: { enabled: true, upstream: '' } }, /mcpProxy\.upstream is required while mcpProxy\.enabled is true/],
    ['an upstream that is not http(s)', { mcpProxy: { upstream: 'ftp://x/mcp' } }, /must be an http\(s\) URL/],
    ['an upstream without a scheme', { mcpProxy: { upstream: 'sure-web:3000/mcp' } }, /mcpProxy\.upstream must be an http\(s\) URL, not "sure-web:3000\/mcp"/],
    ['an upstream of blanks', { mcpProxy: { upstream: '   ' } }, /must be an http\(s\) URL/],
    ['both listeners off', { forwardProxy: { enabled: false }, mcpProxy: { enabled: false } }, /nothing to run/],
    ['both listeners on one port', { forwardProxy: { port: 9000 }, mcpProxy: { port: 9000 } }, /need different ports/],
    ['an unknown mode (values.schema.json)', { mode: 'paranoid' }, /mode.*strict.*balanced.*audit/],
    ['a misspelt top-level key (values.schema.json)', { forwardproxy: { enabled: false } }, /forwardproxy/],
    ['a bad action (values.schema.json)', { mcpInputScanning: { action: 'drop' } }, /mcpInputScanning\/action/],
  ])('%s', (_name, values, message) => {
    const mcpProxy = { upstream: UPSTREAM, ...(values as { mcpProxy?: object }).mcpProxy };
    const stderr = renderError({ ...values, mcpProxy });
    expect(stderr).toMatch(message);
  });

  it('--set mcpProxy.enabled=true with no upstream fails with the same line', () => {
    expect(renderError({}, ['--set', 'mcpProxy.enabled=true'])).toMatch(/mcpProxy\.upstream is required while mcpProxy\.enabled is true/);
  });

  it('--set pdb.minAvailable with pdb.maxUnavailable fails too', () => {
    const stderr = renderError(VALUE_SETS.minimal!, ['--set', 'pdb.enabled=true', '--set', 'pdb.minAvailable=1', '--set', 'pdb.maxUnavailable=50%']);
    expect(stderr).toMatch(/mutually exclusive; set only one/);
  });
});

describe('NOTES.txt', () => {
  it('tells how to reach both listeners', () => {
    const notes = helm.notes(VALUE_SETS.seeds!);
    expect(notes).toContain(`HTTPS_PROXY=http://${NAME}.agents.svc:8888`);
    expect(notes).toContain(`envFrom:`);
    expect(notes).toContain(`http://${NAME}.agents.svc:8889`);
    expect(notes).toContain('https://pipelock.example.com/');
    expect(notes).toContain('healthcheck --addr 127.0.0.1:8888');
  });

  it('MCP-only: no HTTPS_PROXY advice', () => {
    const notes = helm.notes(VALUE_SETS.mcpOnly!);
    expect(notes).not.toContain('HTTPS_PROXY=');
    expect(notes).toContain('disabled (MCP-only)');
  });

  it('several replicas: names the per-replica state and the affinity in force', () => {
    const notes = helm.notes({ ...VALUE_SETS.minimal, replicaCount: 3 });
    expect(notes).toMatch(/kept per replica/);
    expect(notes).toContain('Service affinity: ClientIP');
    const risky = helm.notes({ ...VALUE_SETS.minimal, replicaCount: 3, service: { sessionAffinity: 'None' } });
    expect(risky).toContain('WARNING: service.sessionAffinity is None');
  });
});
