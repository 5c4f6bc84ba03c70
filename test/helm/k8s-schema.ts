// Checks rendered manifests against Kubernetes' API schemas in two ways:
//  1. kubernetes-models' validators (generated from the Kubernetes OpenAPI spec,
//     and the prometheus-operator CRDs for ServiceMonitor): required fields,
//     types, formats, enums.
//  2. An unknown-field check: those validators allow extra properties, but the
//     API server drops (or, with strict field validation, refuses) them, so a
//     misspelt field would silently do nothing. Each object is written as an
//     object literal typed with the package's TypeScript interfaces and
//     type-checked, so TypeScript's excess-property check reports any field the
//     schema does not have, at any depth.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import type { K8sObject } from './helm.js';

interface Model {
  validate(): void;
}

interface KindInfo {
  create: (data: K8sObject) => Model;
  typeModule: string;
  typeName: string;
}

const KINDS: Record<string, KindInfo> = {
  'v1/ConfigMap': { create: (d) => new ConfigMap(d as never), typeModule: 'kubernetes-models/v1/ConfigMap', typeName: 'IConfigMap' },
  'v1/Service': { create: (d) => new Service(d as never), typeModule: 'kubernetes-models/v1/Service', typeName: 'IService' },
  'apps/v1/Deployment': { create: (d) => new Deployment(d as never), typeModule: 'kubernetes-models/apps/v1/Deployment', typeName: 'IDeployment' },
  'networking.k8s.io/v1/Ingress': {
    create: (d) => new Ingress(d as never),
    typeModule: 'kubernetes-models/networking.k8s.io/v1/Ingress',
    typeName: 'IIngress',
  },
  'networking.k8s.io/v1/NetworkPolicy': {
    create: (d) => new NetworkPolicy(d as never),
    typeModule: 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy',
    typeName: 'INetworkPolicy',
  },
  'policy/v1/PodDisruptionBudget': {
    create: (d) => new PodDisruptionBudget(d as never),
    typeModule: 'kubernetes-models/policy/v1/PodDisruptionBudget',
    typeName: 'IPodDisruptionBudget',
  },
  'monitoring.coreos.com/v1/ServiceMonitor': {
    create: (d) => new ServiceMonitor(d as never),
    typeModule: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor',
    typeName: 'IServiceMonitor',
  },
};

function kindKey(d: K8sObject): string {
  return `${d.apiVersion}/${d.kind}`;
}

function label(d: K8sObject): string {
  return `${d.kind}/${d.metadata?.name ?? '?'}`;
}

/** Schema errors from kubernetes-models, one line per object; [] when all pass. */
export function schemaErrors(docs: K8sObject[]): string[] {
  const errors: string[] = [];
  for (const d of docs) {
    const info = KINDS[kindKey(d)];
    if (info === undefined) {
      errors.push(`${label(d)}: no schema for ${kindKey(d)}`);
      continue;
    }
    try {
      info.create(d).validate();
    } catch (err) {
      errors.push(`${label(d)}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return errors;
}

// The virtual source file lives beside this one so that its imports resolve
// through test/node_modules.
const HERE = dirname(fileURLToPath(import.meta.url));
const VIRTUAL = join(HERE, '__rendered_manifests__.ts');

/**
 * Fields the Kubernetes schema does not know, as "Kind/name: message" lines;
 * [] when every object's fields all exist. One type-check for all documents.
 */
export function unknownFieldErrors(docs: K8sObject[]): string[] {
  const imports = new Map<string, string>();
  const lines: string[] = [];
  const owners: { from: number; to: number; doc: K8sObject }[] = [];
  docs.forEach((d, i) => {
    const info = KINDS[kindKey(d)];
    if (info === undefined) return;
    imports.set(info.typeName + ':' + info.typeModule, `import type { ${info.typeName} } from '${info.typeModule}';`);
    const body = `export const doc${i}: ${info.typeName} = ${JSON.stringify(d, null, 2)};`.split('\n');
    owners.push({ from: lines.length, to: lines.length + body.length - 1, doc: d });
    lines.push(...body);
  });
  const header = [...imports.values()];
  const source = [...header, ...lines].join('\n') + '\n';
  const offset = header.length;

  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const realGetSourceFile = host.getSourceFile.bind(host);
  const realFileExists = host.fileExists.bind(host);
  const realReadFile = host.readFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) =>
    fileName === VIRTUAL ? ts.createSourceFile(fileName, source, languageVersion, true) : realGetSourceFile(fileName, languageVersion, onError, shouldCreate);
  host.fileExists = (fileName) => fileName === VIRTUAL || realFileExists(fileName);
  host.readFile = (fileName) => (fileName === VIRTUAL ? source : realReadFile(fileName));

  const program = ts.createProgram([VIRTUAL], options, host);
  const out: string[] = [];
  for (const diag of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diag.messageText, '\n').split('\n')[0] ?? '';
    if (diag.file === undefined || diag.file.fileName !== VIRTUAL || diag.start === undefined) {
      out.push(`type check: ${message}`);
      continue;
    }
    const line = diag.file.getLineAndCharacterOfPosition(diag.start).line - offset;
    const owner = owners.find((o) => line >= o.from && line <= o.to);
    out.push(`${owner ? label(owner.doc) : 'imports'}: ${message}`);
  }
  return out;
}
