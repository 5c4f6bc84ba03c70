// The A2A (Agent2Agent) protocol's shapes as a scanner needs them, across
// its versions: JSON-RPC method names (0.1/0.2 'tasks/send', 0.2/0.3
// 'message/send', 1.0 'SendMessage'), the objects results carry (Task,
// Message, status and artifact updates) and the Agent Card. Data and shape
// tests only; a2a/scan.ts decides.

/** What a method's params carry. */
export type A2aMethodKind = 'message' | 'task' | 'push-config' | 'card';

export const A2A_METHODS: ReadonlyMap<string, A2aMethodKind> = new Map<string, A2aMethodKind>([
  // 0.2 / 0.3 (JSON-RPC binding)
  ['message/send', 'message'],
  ['message/stream', 'message'],
  ['tasks/get', 'task'],
  ['tasks/cancel', 'task'],
  ['tasks/resubscribe', 'task'],
  ['tasks/pushNotificationConfig/set', 'push-config'],
  ['tasks/pushNotificationConfig/get', 'push-config'],
  ['tasks/pushNotificationConfig/list', 'push-config'],
  ['tasks/pushNotificationConfig/delete', 'push-config'],
  ['agent/getAuthenticatedExtendedCard', 'card'],
  // 0.1 (tasks carried the message)
  ['tasks/send', 'message'],
  ['tasks/sendSubscribe', 'message'],
  // 1.0 (protobuf-style names over JSON-RPC)
  ['SendMessage', 'message'],
  ['SendStreamingMessage', 'message'],
  ['GetTask', 'task'],
  ['CancelTask', 'task'],
  ['ListTasks', 'task'],
  ['SubscribeToTask', 'task'],
  ['TaskSubscription', 'task'],
  ['SetTaskPushNotificationConfig', 'push-config'],
  ['CreateTaskPushNotificationConfig', 'push-config'],
  ['GetTaskPushNotificationConfig', 'push-config'],
  ['ListTaskPushNotificationConfig', 'push-config'],
  ['DeleteTaskPushNotificationConfig', 'push-config'],
  ['GetExtendedAgentCard', 'card'],
  ['GetAuthenticatedExtendedCard', 'card'],
]);

/** The `kind` discriminators of A2A result objects (0.2+). */
const RESULT_KINDS: ReadonlySet<string> = new Set(['task', 'message', 'status-update', 'artifact-update']);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An Agent Card: a name and either skills or the capabilities/url pair every card has. */
export function looksLikeAgentCard(v: unknown): boolean {
  if (!isObject(v) || typeof v.name !== 'string') return false;
  if (Array.isArray(v.skills)) return true;
  return isObject(v.capabilities) && (typeof v.url === 'string' || Array.isArray(v.supportedInterfaces) || Array.isArray(v.additionalInterfaces));
}

/** A Message (role + parts), Task (status / artifacts / history), or a streamed update. */
export function looksLikeA2aObject(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (typeof v.kind === 'string' && RESULT_KINDS.has(v.kind)) return true;
  if (Array.isArray(v.parts) && (typeof v.role === 'string' || typeof v.messageId === 'string')) return true;
  if (isObject(v.status) && (typeof v.contextId === 'string' || Array.isArray(v.artifacts) || Array.isArray(v.history))) return true;
  // 1.0 stream responses wrap one of these in a named field.
  for (const k of ['task', 'message', 'statusUpdate', 'artifactUpdate', 'msg']) if (isObject(v[k]) && looksLikeA2aObject(v[k])) return true;
  return false;
}

/** A JSON-RPC message (or a bare A2A object, or an Agent Card) that belongs to A2A rather than MCP. */
export function isA2aPayload(v: unknown): boolean {
  if (Array.isArray(v)) return v.some((x) => isA2aPayload(x));
  if (!isObject(v)) return false;
  if (typeof v.method === 'string') return A2A_METHODS.has(v.method);
  if ('result' in v) return looksLikeA2aObject(v.result) || looksLikeAgentCard(v.result);
  if (v.jsonrpc !== undefined) return false;
  return looksLikeA2aObject(v) || looksLikeAgentCard(v) || (isObject(v.message) && looksLikeA2aObject(v.message));
}

/** Card fields that hold URLs the client will contact (SSRF-checked), matched on the key. */
export const CARD_URL_KEY = /(?:^|[^A-Za-z]|[a-z])(?:url|uri|endpoint)$/i;

/** Keys in messages whose string values are file content in base64 (0.3 'bytes', 1.0 'raw'). */
export const FILE_BYTES_KEY = /\.(?:bytes|raw)$/;
/** Keys whose values are a reference the remote side will fetch. */
export const FILE_URI_KEY = /\.(?:uri|url|fileWithUri)$/;
