// What a poisoned tool description looks like beyond ordinary prompt
// injection: instructions aimed at the model that the user never sees
// (hidden tags, secrecy demands, "read ~/.ssh first"), and directives that
// reach into other tools. Data only; poison.ts runs it.
import type { Severity } from '../types.js';

export interface PoisonPatternRow {
  name: string;
  regex: string;
  severity: Severity;
  why: string;
}

export const BUILTIN_POISON_PATTERNS: readonly PoisonPatternRow[] = [
  {
    name: 'Hidden Instruction Tag',
    regex: String.raw`<\s*(?:important|system|instructions?|secret|hidden|admin|critical)\s*>`,
    severity: 'high',
    why: 'tags like <IMPORTANT> mark text meant for the model, not the user',
  },
  {
    name: 'Conceal From User',
    regex: String.raw`\b(?:do\s+not|don'?t|never|without)\s+(?:tell(?:ing)?|mention(?:ing)?|inform(?:ing)?|reveal(?:ing)?|disclos(?:e|ing)|show(?:ing)?|notify(?:ing)?|alert(?:ing)?|let(?:ting)?)\s+(?:\w+\s+){0,3}?(?:the\s+)?user\b`,
    severity: 'high',
    why: 'a tool that asks the model to hide something from the user is hostile',
  },
  {
    name: 'Sensitive File Directive',
    regex: String.raw`\b(?:read|cat|open|load|include|attach|pass|send|provide|upload|fetch|get)\b[^.\n]{0,80}(?:~/\.|/etc/(?:passwd|shadow)|\.ssh\b|id_rsa|id_ed25519|\.env\b|\.aws/|credentials\.json|\.netrc|private[\s_-]?key|mcp\.json|\.cursor/)`,
    severity: 'critical',
    why: 'tells the model to read or pass along a secret-bearing file',
  },
  {
    name: 'Tool Precondition Hijack',
    regex: String.raw`\b(?:before|prior\s+to|instead\s+of|after)\s+(?:using|calling|invoking|running)\s+(?:this|any|the|other|another|each|every)\b[^.\n]{0,40}\btools?\b[^.\n]{0,60}\b(?:must|should|always|first|need\s+to|required\s+to)\b`,
    severity: 'high',
    why: 'rewires how the model uses tools, a common shadowing technique',
  },
  {
    name: 'Exfiltration Directive',
    regex: String.raw`\b(?:send|post|forward|upload|transmit|bcc|cc|copy)\b[^.\n]{0,60}\b(?:to|into)\b[^.\n]{0,20}(?:https?://|[\w.+-]+@[\w-]+\.[\w.]+|webhook|attacker|external\s+server)`,
    severity: 'high',
    why: 'a description should not tell the model where to send data',
  },
  {
    name: 'Parameter Smuggling',
    regex: String.raw`\b(?:add|append|include|put|place|insert)\b[^.\n]{0,40}\b(?:conversation|chat\s+history|system\s+prompt|previous\s+messages|all\s+(?:messages|context)|api[\s_-]?keys?|tokens?|secrets?|passwords?)\b[^.\n]{0,40}\b(?:in|into|to|as)\b[^.\n]{0,30}\b(?:parameter|argument|field|param|the\s+\w+\s+(?:parameter|argument|field))`,
    severity: 'high',
    why: 'asks the model to pack context or secrets into a tool argument',
  },
  {
    name: 'Model-Directed Override',
    regex: String.raw`\b(?:the\s+)?(?:assistant|ai|model|llm|agent)\s+(?:must|should|is\s+required\s+to|needs\s+to)\s+(?:always|never|ignore|disregard|first|secretly|silently)\b`,
    severity: 'medium',
    why: 'addresses the model with standing orders from inside a tool description',
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
  String.raw`\b(?:when(?:ever)?|before|after|if)\s+(?:you\s+|the\s+(?:assistant|model|agent)\s+)?(?:use|uses|using|call|calls|calling|invoke|invokes|invoking|run|running)\s+(?:the\s+)?__tool__\b[^.
]{0,120}\b(?:must|always|also|never|instead|make\s+sure|ensure|first\s+send|add|include|bcc|cc)\b`,
  String.raw`__tool__\s+(?:tool\s+)?(?:must|should|has\s+to|needs\s+to|is\s+required\s+to)\s+(?:always|also|never|instead|only|now)\b`,
  String.raw`\binstead\s+of\s+(?:using\s+|calling\s+)?(?:the\s+)?__tool__\b`,
  String.raw`\b(?:do\s+not|don'?t|never)\s+(?:use|call|invoke)\s+(?:the\s+)?__tool__\b`,
  String.raw`\b(?:all|every|any)\s+(?:emails?|messages?|requests?|calls?|results?)\s+(?:sent\s+|made\s+)?(?:via|through|with|by)\s+(?:the\s+)?__tool__\b[^.
]{0,80}\b(?:must|should|to)\b`,
];
