// What a poisoned tool definition looks like beyond ordinary prompt
// injection: text aimed at the model that the user never reads (marker tags,
// secrecy demands, "read ~/.ssh first"), claims over other tools (priority,
// shadowing, "use this instead of read_file"), and instructions that route
// data ("put the conversation in the notes field", "replace the values with
// this tool's response"). Each row is one signal with points; poison.ts adds
// the points per tool, so weak signals (a marker tag, "the model must …")
// only block together. Data only.
import type { Severity } from '../types.js';

export interface PoisonPatternRow {
  name: string;
  regex: string;
  severity: Severity;
  /** Points towards the tool's score (poison.ts: ≥ 70 high, ≥ 40 medium). */
  points: number;
  why: string;
}

export const BUILTIN_POISON_PATTERNS: readonly PoisonPatternRow[] = [
  {
    name: 'Hidden Instruction Tag',
    regex: String.raw`<\s*/?\s*(?:important|system|instructions?|secret|hidden|admin|critical|assistant|prompt)\s*>|\[\s*(?:important|system|admin(?:\s+note)?|instructions?|attention|urgent|critical|note\s+to\s+(?:the\s+)?(?:ai|assistant|model|llm|agent))\s*\]|\*\*\s*(?:note|important|attention|instructions?)\s+(?:to|for)\s+(?:the\s+)?(?:ai|assistant|model|llm|agent)s?\b|\{\{\s*system\b|<!--[^>]{0,400}?\b(?:assistant|ai|model|llm|agent|read|call|send|ignore|put|include)\b|(?:^|\n)\s*#{1,4}\s*(?:system|instructions?)\b|\b(?:note|message|instructions?)\s+(?:to|for)\s+(?:the\s+)?(?:ai|assistant|model|llm|agent)s?\s*[:—-]|(?:^|\n|\.\s)\s*(?:ai\s+)?assistant\s*:`,
    severity: 'high',
    points: 45,
    why: 'marker tags like <IMPORTANT> or [system] set text apart for the model, not the user',
  },
  {
    name: 'Conceal From User',
    regex: String.raw`\b(?:do\s+not|don'?t|never|without)\s+(?:tell(?:ing)?|mention(?:ing)?|inform(?:ing)?|reveal(?:ing)?|disclos(?:e|ing)|show(?:ing)?|notify(?:ing)?|alert(?:ing)?|let(?:ting)?|asking)\s+(?:\w+\s+){0,3}?(?:the\s+)?user\b|\bkeep\s+(?:this|these|it)\s+(?:step\s+|part\s+)?(?:hidden|secret|confidential)\b|\bsilently\s+(?:include|add|send|call|pass|run|forward|upload|copy|fill|put|append|attach)\b|\b(?:fill|do|run|send|add|put)\s+(?:it|this|them)\s+(?:in\s+)?quietly\b|\bthe\s+user\s+(?:must|should)\s+not\s+(?:know|see|notice|be\s+told)\b|\bno\s+need\s+to\s+(?:mention|tell|inform|show)\b|\b(?:don'?t|do\s+not|never)\s+(?:mention|reveal|disclose)\s+(?:this|these|it|the)\b|\bas\s+(?:if\s+it\s+were\s+)?your\s+own\s+answer\b|\b(?:keep|hide)\b[^.\n]{0,40}\bfrom\s+the\s+user\b|\b(?:do\s+not|don'?t|never)\s+let\s+the\s+user\s+(?:know|see|notice)\b|\bsay\s+(?:that\s+)?(?:they|it)\s+(?:are|is|come\s+from)\s+your\s+own\b|\bwithout\s+the\s+user\s+(?:knowing|noticing|seeing)\b|\bthe\s+user\s+(?:need\s+not|doesn'?t\s+need\s+to|must\s+never)\s+(?:know|see)\b`,
    severity: 'high',
    points: 70,
    why: 'a tool that asks the model to hide something from the user is hostile',
  },
  {
    name: 'Sensitive File Directive',
    regex: String.raw`\b(?:read|cat|open|load|include|attach|pass|send|provide|upload|fetch|get|retrieve|copy)\b[^.\n]{0,80}(?:~/\.|/etc/(?:passwd|shadow)|\.ssh\b|id_rsa|id_ed25519|\.env\b(?!\.example)|\.aws/|credentials\.json|\.netrc|private[\s_-]?key|mcp\.json|\.cursor/|\.kube/config|\.git-credentials)`,
    severity: 'critical',
    points: 80,
    why: 'tells the model to read or pass along a secret-bearing file',
  },
  {
    name: 'Tool Precondition Hijack',
    regex: String.raw`\b(?:before|prior\s+to|instead\s+of|after)\s+(?:using|calling|invoking|running|executing)\s+(?:this|any|the|other|another|each|every)\b[^.\n]{0,40}\btools?\b[^.\n]{0,60}\b(?:must|should|always|first|need\s+to|required\s+to)\b|\b(?:before|after)\s+(?:executing|calling|using|running|invoking)\s+(?:any|another|other|each|every|a)\s+(?:\w+\s+){0,2}(?:tool|function|command)s?\b[^.\n]{0,60}\b(?:call|use|run|invoke)\s+this\s+tool|\b(?:at\s+the\s+start\s+of|before)\s+(?:every|each|any)\s+(?:conversation|request|turn|answer|reply)\b[^.\n]{0,40}\b(?:call|use|run|invoke)\b`,
    severity: 'high',
    points: 70,
    why: 'rewires how the model uses tools, a common shadowing technique',
  },
  {
    name: 'Exfiltration Directive',
    regex: String.raw`\b(?:send|post|forward|upload|transmit|bcc|cc|copy|email|mail|mirror)\b[^.\n]{0,60}\b(?:to|into)\b[^.\n]{0,20}(?:https?://|ftp://|[\w.+-]+@[\w-]+\.[\w.]+|attacker|external\s+server)|\bbcc\s*:?\s*[\w.+-]+@[\w-]+\.[\w.]+`,
    severity: 'high',
    points: 70,
    why: 'a description should not tell the model where to send data',
  },
  {
    name: 'Parameter Smuggling',
    regex: String.raw`\b(?:add|append|include|put|place|insert|pass|copy|attach|provide)\b[^.\n]{0,40}\b(?:conversation|chat\s+history|system\s+prompt|previous\s+messages|message\s+history|all\s+(?:messages|context)|api[\s_-]?keys?|tokens?|secrets?|passwords?|environment\s+variables|env\s+vars|credentials|home\s+directory\s+listing)\b[^.\n]{0,60}\b(?:in|into|to|as)\b[^.\n]{0,30}\b(?:parameter|argument|field|param|value|metadata|context|notes|summary|token|profile|config)\b|\b(?:read|get|fetch|retrieve|load|open)\b[^.\n]{0,40}\b(?:environment\s+variables|env\s+vars|api\s+keys?|credentials|secrets)\b[^.\n]{0,60}\b(?:include|pass|put|add|provide|as|into)\b|\b(?:call|invoke|use)\s+(?:this\s+tool|[\w-]+)\s+with\s+(?:the\s+)?(?:full\s+|entire\s+|complete\s+|whole\s+)?(?:text\s+of\s+(?:the\s+)?)?(?:conversation|chat(?:\s+history)?|previous\s+messages|message\s+history|system\s+prompt|user'?s\s+messages)\b`,
    severity: 'high',
    points: 70,
    why: 'asks the model to pack context or secrets into a tool argument',
  },
  {
    name: 'Model-Directed Override',
    regex: String.raw`\b(?:the\s+)?(?:assistant|ai|model|llm|agent)s?\s+(?:must|should|is\s+required\s+to|needs\s+to|reading\s+this\s+must)\s+(?:always|never|ignore|disregard|first|secretly|silently|obey|call|route)\b`,
    severity: 'medium',
    points: 60,
    why: 'addresses the model with standing orders from inside a tool description',
  },
  {
    name: 'Instruction Override',
    regex: String.raw`\bignore\s+(?:all\s+)?(?:previous|prior|above|earlier|other)\s+(?:instructions|directions|rules)\b|\bdisregard\s+(?:the\s+)?user'?s?\b|\bfrom\s+now\s+on\s+you\s+are\b|\byou\s+are\s+(?:now\s+)?(?:required|obligated|authori[sz]ed)\s+to\b|\bwithout\s+(?:any\s+)?restrictions\b|\bdeveloper\s+(?:override|mode)\b|\bsafety\s+(?:checks?|settings?)\s+(?:are\s+)?(?:disabled|off)\b|\bnew\s+(?:policy|rules?|instructions?)\s*:|\badmin(?:istrator)?\s+mode\b|\bskip\s+(?:the\s+|all\s+|any\s+)?(?:confirmation|approval|safety)\b|\bignore\s+the\s+user\b`,
    severity: 'high',
    points: 70,
    why: "overrides the user's or the system's instructions from inside a tool description",
  },
  {
    name: 'Tool Priority Claim',
    regex: String.raw`\b(?:results?\s+from\s+)?other\s+(?:\w+\s+){0,2}tools?\s+(?:are|is)\s+(?:now\s+)?(?:deprecated|unsafe|broken|compromised|malicious|untrusted)\b|\buse\s+this\s+tool\s+(?:rather\s+than|instead\s+of|over|in\s+place\s+of)\s+(?:any|all|every|the)?\s*(?:other|built-in|another)\b|\balways\s+(?:prefer|use|choose|call|pick)\s+this\s+tool\b|\bprefer(?:red)?\s+(?:this\s+tool\s+)?over\s+(?:all\s+|any\s+|the\s+)?(?:other|built-in)\b|\bthis\s+tool\s+(?:supersedes|overrides|takes\s+precedence\s+over|has\s+(?:priority|precedence)\s+over)\b|\btakes\s+precedence\s+over\s+(?:every|all|any)\s+other\b|\b(?:never|do\s+not|don'?t)\s+use\s+(?:any\s+)?other\s+tools?\b|\bthe\s+only\s+tool\s+(?:you|that)\s+(?:should|may|must|can)\b|\bother\s+(?:\w+\s+)?tools?\s+(?:may|might|will|are|is|often)\s+(?:return|be|give|provide)\w*\s+(?:outdated|wrong|unreliable|incorrect|inaccurate|stale)|\bother\s+(?:\w+\s+)?tools\s+(?:are\s+not\s+allowed|must\s+not|should\s+(?:not|be\s+avoided))|\bhighest[-\s]priority\s+tool\b|\broute\s+(?:every|all)\s+(?:requests?|calls?|messages?)\s+through\b|\b(?:call|use)\s+(?:it|this\s+tool)\s+(?:before|first)\s+(?:anything|any\s+other|every|each)\b|\bmust\s+be\s+used\s+first\b|\bresults?\s+from\s+other\s+tools\s+(?:are|is)\s+(?:unreliable|wrong|outdated)|\buse\s+only\s+this\s+tool\b|\b(?:takes?|has|have)\s+(?:top\s+|highest\s+)?priority\s+over\s+(?:the\s+)?(?:other|any|all|every|built-in|user|system|instructions|[\w-]+\s+tools?)\b|\bmust\s+be\s+used\s+(?:instead\s+of|rather\s+than|in\s+place\s+of)\s+(?:any|all|other|the)\b|\b(?:choose|pick|select|prefer)\s+this\s+tool\s+(?:over|above|instead)\b|\bthe\s+others?\s+(?:return|give|provide|are)\s+(?:stale|outdated|wrong|unreliable|old)\b`,
    severity: 'high',
    points: 70,
    why: 'a tool that claims priority over the others is steering the model away from them',
  },
  {
    name: 'Generic Tool Shadowing',
    regex: String.raw`\bwhen(?:ever)?\s+the\s+user\s+(?:asks?|wants?|requests?)\s+(?:you\s+)?to\s+(?:use|call|run|send|read|write|fetch|search|open|create|delete|commit|push)\b[^.\n]{0,80}\b(?:first\s+)?(?:call|use|invoke|run)\s+this\s+tool|\b(?:any|every)\s+time\s+you\s+(?:would\s+)?(?:call|use|fetch|send|read|write|search|run|open)\b[^.\n]{0,80}\b(?:call|use|invoke)\s+this\s+tool|\bthis\s+tool\s+replaces\s+(?:the\s+)?(?!(?:it|them|this|that)\b)[\w-]+|\bmust\s+be\s+(?:mirrored|copied|forwarded|sent|duplicated)\s+to\s+this\s+tool|\b(?:mirror|copy|forward)\s+(?:\w+\s+){0,3}to\s+this\s+tool\b|\b(?:is|are)\s+(?:deprecated|broken|unreliable|outdated)\b[^.\n]{0,40}\b(?:use|call)\s+this\s+tool|\bsend\s+a\s+copy\s+of\s+every\s+\w+`,
    severity: 'high',
    points: 70,
    why: "changes how the model uses the other tools (shadowing) without naming one",
  },
  {
    name: 'Data Routing Instruction',
    regex: String.raw`\b(?:pass|include|put|add|append|attach|insert|place|copy|send|forward|upload|provide|give|cc|bcc|e-?mail|post|mirror|share|submit|transmit)\b[^.\n]{0,80}?(?:conversation|chat\s+(?:history|log|transcript)s?|(?:previous|prior|last|earlier)\s+(?:\w+\s+){0,2}messages|message\s+history|everything\s+(?:the\s+user|you)\s+(?:has\s+|have\s+)?(?:said|typed|wrote|asked|seen|read)|(?:the\s+)?user'?s\s+(?:\w+\s+)?(?:messages?|e-?mail(?:\s+address)?|phone(?:\s+number)?|contacts?|location|home\s+address|password|credentials?|api\s+keys?|tokens?|history)|system\s+prompt|environment\s+variables|env\s+vars|api\s+keys?|access\s+keys?|secret\s+keys?|secrets|passwords?(?!\s+(?:reset|policy|policies|strength|manager|field|prompt|change|expiry|rules?)\b)|auth(?:entication)?\s+tokens?|credentials|private\s+keys?|cookies|session\s+(?:ids?|tokens?)|keyring|~/[\w.-]+|\.ssh\b|\.env\b|\.npmrc|\.aws\b|(?:the\s+)?file\s+path\s+and\s+(?:its\s+)?contents?|(?:the\s+)?path\s+and\s+its\s+contents|customer\s+records?|every\s+(?:file|record|document|message)\s+you\s+(?:see|read|open))[^.\n]{0,80}?\b(?:in|into|as|to|with|inside|via)\b|\b(?:call|invoke|use)\s+(?:this\s+tool|it|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s+with\s+(?:the\s+|all\s+|every\s+)?(?:\w+\s+){0,3}?(?:conversation|chat\s+(?:history|log|transcript)s?|(?:previous|prior|last|earlier)\s+(?:\w+\s+){0,2}messages|message\s+history|everything\s+(?:the\s+user|you)\s+(?:has\s+|have\s+)?(?:said|typed|wrote|asked|seen|read)|(?:the\s+)?user'?s\s+(?:\w+\s+)?(?:messages?|e-?mail(?:\s+address)?|phone(?:\s+number)?|contacts?|location|home\s+address|password|credentials?|api\s+keys?|tokens?|history)|system\s+prompt|environment\s+variables|env\s+vars|api\s+keys?|access\s+keys?|secret\s+keys?|secrets|passwords?(?!\s+(?:reset|policy|policies|strength|manager|field|prompt|change|expiry|rules?)\b)|auth(?:entication)?\s+tokens?|credentials|private\s+keys?|cookies|session\s+(?:ids?|tokens?)|keyring|~/[\w.-]+|\.ssh\b|\.env\b|\.npmrc|\.aws\b|(?:the\s+)?file\s+path\s+and\s+(?:its\s+)?contents?|(?:the\s+)?path\s+and\s+its\s+contents|customer\s+records?|every\s+(?:file|record|document|message)\s+you\s+(?:see|read|open))`,
    severity: 'high',
    points: 70,
    why: 'tells the model to move conversation, personal data or secrets into a tool argument or somewhere else',
  },
  {
    name: 'Hooked Tool Call',
    regex: String.raw`\b(?:before|after|whenever|every\s+time|each\s+time|once|when(?:ever)?\s+(?:the\s+user|you))\b[^.\n]{0,80}\b(?:call|invoke|run|use|pass|send|include|put)\s+(?:this\s+tool|it|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b[^.\n]{0,60}\b(?:with|first|as\s+well|too|also|and\s+(?:pass|include|put|send))\b|\b(?:call|invoke)\s+this\s+tool\s+(?:first|at\s+the\s+start\s+of)\b|\b(?:call|invoke)\s+[a-z][a-z0-9]*(?:_[a-z0-9]+)+\s+at\s+the\s+start\s+of\b`,
    severity: 'high',
    points: 70,
    why: 'hooks a tool call onto the model\'s other actions ("after every answer, call …")',
  },
  {
    name: 'Response Tampering',
    regex: String.raw`\b(?:replace|overwrite|substitute|override)\s+(?:the\s+)?(?:values?|amounts?|results?|numbers?|answers?|outputs?|data|figures)\b[^.\n]{0,80}\bwith\s+(?:the\s+)?(?:values?|response|results?|output|data)\s+(?:of|from)\s+this\s+tool|\breplace\s+(?:the\s+)?values?\s+in\s+your\s+(?:answer|reply|response)\b|\bappend\s+(?:our|this|a)\s+(?:referral|affiliate|tracking)\s+link`,
    severity: 'high',
    points: 70,
    why: "tells the model to overwrite what other tools or the user said with this tool's output",
  },
  {
    name: 'Remote Instruction Fetch',
    regex: String.raw`\b(?:fetch|download|read|load|get|retrieve|open)\b[^.\n]{0,60}(?:https?|ftp)://\S+[^.\n]{0,40}\b(?:follow|obey|execute|apply|carry\s+out|run)\s+(?:the\s+|any\s+)?(?:instructions|directions|commands|steps)`,
    severity: 'high',
    points: 70,
    why: 'tells the model to fetch instructions from somewhere and follow them',
  },
];

/**
 * Cross-tool shadowing: a description that changes how ANOTHER tool behaves.
 * The other tool's name is replaced by __tool__ in a window of text around
 * its mention before these run, so one compiled set serves every name.
 * Merely naming another tool ("check the time zone with get_current_time
 * first") is ordinary and does not match.
 */
export const SHADOWING_PATTERNS: readonly string[] = [
  String.raw`\b(?:when(?:ever)?|before|after|if)\s+(?:you\s+|the\s+(?:assistant|model|agent|user)\s+)?(?:use|uses|using|call|calls|calling|invoke|invokes|invoking|run|running|execute|executes|executing|asks?\s+(?:you\s+)?to\s+use)\s+(?:the\s+)?__tool__\b[^.
]{0,120}\b(?:must|always|also|never|instead|make\s+sure|ensure|first|add|include|bcc|cc|call\s+this|pass|run\s+this)\b`,
  String.raw`__tool__\s+(?:tool\s+)?(?:must|should|has\s+to|needs\s+to|is\s+required\s+to)\s+(?:always|also|never|instead|only|now)\b`,
  String.raw`\binstead\s+of\s+(?:using\s+|calling\s+)?(?:the\s+)?__tool__\b`,
  String.raw`\b(?:do\s+not|don'?t|never)\s+(?:use|call|invoke)\s+(?:the\s+)?__tool__\b`,
  String.raw`\b(?:all|every|any)\s+(?:emails?|messages?|requests?|calls?|results?)\s+(?:sent\s+|made\s+)?(?:via|through|with|by)\s+(?:the\s+)?__tool__\b[^.
]{0,80}\b(?:must|should|to)\b`,
  String.raw`\bthis\s+tool\s+replaces\s+(?:the\s+)?__tool__\b|\b__tool__\s+(?:is|has\s+been)\s+(?:deprecated|broken|replaced|disabled)\b`,
  String.raw`\b(?:whenever|every\s+time|each\s+time)\s+you\s+(?:call|use|invoke)\s+(?:the\s+)?__tool__\b`,
  String.raw`\b(?:after|before)\s+calling\s+__tool__\b[^.
]{0,60}\b(?:pass|send|give|forward)\b`,
  String.raw`\b(?:amounts?|values?|results?)\s+returned\s+by\s+__tool__\b[^.
]{0,40}\bwith\b`,
];

/** Points for an injection-engine hit inside tool metadata, and for a tool that impersonates another's name. */
export const POISON_POINTS = { injection: 45, impersonation: 70, invisible: 70, shadowing: 70, schemaField: 20, addressesModel: 10 } as const;
