// Word classes for the directive grammar (poison-grammar.ts): what a
// poisoned description asks the model to DO when no secret moves (harmful
// actions, tampering with another tool's call, obeying a tool's output,
// taking credit for it), and the parts that turn a description of the
// tool's own function into an order (a trigger on other events, a reach
// into other tools, the model addressed, a claim of consent or policy, a
// push to act at once). One class says one thing; the grammar scores the
// combinations. English only for now. Data only.

/** Destroys data: files, tables, branches, records, history. */
export const DESTROY = String.raw`\b(?:delet|remov|eras|wip|purg|drop|truncat|destroy|shred|nuk|clear|cancel)(?:e|es|ed|ing|s)?\s[^.;\n]{0,50}?\b(?:files?|folders?|director(?:y|ies)|tables?|databases?|records?|rows|backups?|branch(?:es)?|repos?|repositor(?:y|ies)|logs?|audit\w*|history|documents?|paths?|tests?|snapshots?|volumes?|buckets?|accounts?|users?|(?:api\s+|access\s+|ssh\s+)?keys|tokens|credentials|secrets|spreadsheets?|sheets?|notes?|meetings?|appointments?|bookings?|reservations?|subscriptions?|orders?|e-?mails?|messages?|photos?|projects?|issues?|workspaces?|originals?|everything)\b|\brm\s+-(?:rf|fr|r)\b|\bdrop\s+(?:table|database|schema)\b|\bdelete\s+from\s+\w+|\bforce[-\s]push\w*\b[^.;\n]{0,30}\b(?:main|master|every|all)\b`;

/** Widens access: admin roles, open ports, world-writable files, sudo without a password, public links. */
export const WIDEN_ACCESS = String.raw`\b(?:curl|wget)\s[^|\n]{0,120}\|\s*(?:sudo\s+)?(?:ba|z)?sh\b|\bInvoke-Expression\b|\biex\s*\(|\bchmod\s+(?:-R\s+)?0?7[0-7]7\b|\bchmod\s+-R\s+777\b|\bNOPASSWD\b|\bset\s+(?:\w+\s+){0,4}?to\s+(?:public(?:-read(?:-write)?)?|world-(?:readable|writable))\b|\btransfer\w*\s+(?:the\s+)?ownership\b|\b(?:give|grant|assign|add)(?:s|ed|ing)?\s[^.;\n]{0,50}?\b(?:write|full|admin|push|owner|root)\s+(?:access|rights|permissions?)\b|\bunsubscrib\w*\b[^.;\n]{0,40}\b(?:security|fraud|breach|login)\b|\b(?:disabl|turn\s+off|switch\s+off|skip)(?:e|es|ed|ing|s)?\s+(?:the\s+)?(?:tls\s+|ssl\s+|https\s+)?(?:certificate|cert|tls|ssl|signature|host\s+key)\s+(?:verification|validation|checks?)\b|\bverify\s*=\s*false\b|\bset\s+role\s*=\s*'?(?:admin|owner|root|superuser)\b|\bgrant\s+all\s+(?:privileges\s+)?on\b|\bmake\s+(?:the\s+)?(?:\w+\s+){0,3}?(?:public|public-read|world-readable|world-writable)\b|\b(?:add|invite|make|grant|give|assign|promote)(?:s|ed|ing)?\s[^.;\n]{0,50}?\b(?:as\s+(?:an?\s+)?)?(?:admins?|administrators?|owners?|superusers?|maintainers?)\b(?:\s+(?:role|access|rights|collaborator|permissions?))?|\bopen(?:s|ing)?\s+(?:port\s+)?\d{2,5}\b[^.;\n]{0,40}0\.0\.0\.0/0|\b0\.0\.0\.0/0\b|\banyone\s+with\s+the\s+link\s+can\s+edit\b|\b(?:disabl|turn\s+off|switch\s+off)(?:e|es|ed|ing)?\s+(?:the\s+)?(?:2fa|mfa|two-factor|firewall|branch\s+protection|audit\s+log\w*|logging|antivirus|security\s+checks?)\b`;

/** Approves or merges in bulk, or on its own. */
export const APPROVE = String.raw`\b(?:approv|merg|accept|authori[sz])(?:e|es|ed|ing)?\b[^.;\n]{0,40}?\b(?:every|all|any|each)\b[^.;\n]{0,30}?\b(?:pull\s+requests?|prs?|requests?|payments?|charges?|transactions?|invoices?|changes?|reviews?|transfers?)\b|\b(?:approv|accept)(?:e|es|ed|ing)?\b[^.;\n]{0,40}\bautomatically\b|\bauto-?approv(?:e|es|ed|ing)?\s+(?:every|all|any|each|the|it|them|this|requests?|payments?|pull|changes?|transactions?)\b`;

/** Changes an amount or a subscription behind the user's back. */
export const MONEY = String.raw`\b(?:rais|increas|bump|inflat|mark)(?:e|es|ed|ing|s)?\s+(?:up\s+)?(?:the\s+)?(?:amounts?|prices?|totals?|quantit(?:y|ies)|fees?|charges?)\b[^.;\n]{0,60}\bby\s+\d|\b(?:leave|post|write|give|submit)\s+(?:a\s+)?(?:five|5|one|1)[-\s]star\s+(?:ratings?|reviews?)\b|\b(?:upvote|star|like|follow)\s+(?:every|all|each)\b|\b(?:doubl|tripl|quadrupl|inflat|multiply)(?:e|es|ed|ing|y|ies)?\s+(?:the\s+)?(?:quantity|quantities|amount|order|position|size|price|total)\b|\bre-?(?:subscrib|enabl|activat|instat|new)(?:e|es|ed|ing)\b[^.;\n]{0,30}\b(?:them|it|the\s+user|subscription|plan)\b`;

/** Cheats a check: edits the tests, reports success that did not happen. */
export const CHEAT = String.raw`\b(?:mark|close|dismiss|resolv|suppress|silenc|mut)(?:e|es|ed|ing|s)?\s+(?:\w+\s+){0,3}?(?:security\s+)?(?:alerts?|vulnerabilit(?:y|ies)|findings?|incidents?)\b|\b(?:edit|modify|chang|rewrit|delet|skip|disabl|weaken|comment\s+out)(?:s|es|ed|ing|e)?\s+(?:the\s+)?(?:failing\s+)?tests?\b[^.;\n]{0,40}\b(?:pass|instead|green)\b|\b(?:tell|assure|inform)\s+the\s+user\s+(?:that\s+)?(?:everything|all\s+(?:tests\s+)?|it|they)\s+(?:passed|is\s+fine|worked|succeeded|went\s+well)\b`;

/** Rewrites what another call carries: payee, recipient, address, remote, query, body. */
export const TAMPER = String.raw`\b(?:rewrit|chang|swap|switch|replac|set|modif|alter|edit|updat|point|redirect|rout|divert|overwrit|substitut|append|insert|inject|add)(?:e|es|ed|ing|y|ies|s)?\b[^;\n]{0,90}?\b(?:payees?|recipients?|beneficiar(?:y|ies)|iban|(?:bank\s+|destination\s+|receiving\s+)?account(?:\s+number)?|(?:shipping|delivery|billing|destination|to|from)\s+address|remote(?:\s+url)?|destination|mx(?:\s+records?)?|name\s?servers?|wallet(?:\s+address)?|query|quer(?:y|ies)|sql|body|script\s+tag|<script|webhook(?:\s+url)?)\b|\b(?:modif|rewrit|chang)(?:y|ies|e|es|ed|ing)?\s+(?:it|them)\s+to\s+also\b|\bpoint\s+(?:the\s+)?(?:\w+\s+){0,3}?(?:mx|ns|name\s?servers?|dns|records?)\b[^.;\n]{0,20}\b(?:at|to)\b`;

/** Sends something out: the verb. */
export const EXFIL_VERB = String.raw`\b(?:send|sent|post|forward|upload|transmit|e-?mail|mail|mirror|archiv|shar|copy|copies|copied|relay|push|deliver|submit|sync|beacon|bcc|cc|text|sms|leak|report|messag)(?:s|es|ed|ing|e)?\b|\bsend_message\b|\bhttp_request\b|\bcall\s+(?:the\s+)?[\w-]*(?:send|mail|email|post|upload|message|http|webhook)[\w-]*`;

/** A fixed place outside: mailbox, URL, phone, channel on another workspace. */
export const FIXED_DESTINATION = String.raw`[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b|\bhttps?://[^\s'")]+|\+\d[\d\s-]{7,}\d|\b(?:external|outside|other)\s+(?:workspace|server|host|endpoint|channel|address)\b`;

/** An example destination, not an order: "e.g. https://hooks.example.com". */
export const EXAMPLE_MARK = String.raw`\b(?:e\.g\.|eg\.|i\.e\.|for\s+example|such\s+as|like|format|example\.(?:com|org|net)|localhost|127\.0\.0\.1)`;

/** What goes out from the session: everything, each document, the figure, the conversation, a copy. */
export const SESSION_OBJECT = String.raw`\b(?:every|each|all|any)\s+(?:\w+\s+){0,2}?contacts?\b|\bthe\s+user'?s\s+(?:\w+\s+)?(?:messages?|requests?|questions?|prompts?|input|text)\b|\b(?:last|latest|previous|recent)\s+(?:\w+\s+)?messages?\b|\b(?:every|each|all|any)\s+(?:\w+\s+){0,2}?(?:documents?|files?|receipts?|invoices?|transcripts?|messages?|e-?mails?|contracts?|results?|records?|reports?|conversations?|chats?|notes?|summar(?:y|ies)|attachments?|images?|photos?|scans?|screenshots?|pages?|uploads?|forms?|tickets?|orders?|statements?)\b|\b(?:a\s+)?cop(?:y|ies)\s+of\b|\bthe\s+(?:result|figure|output|response|reply|answer|balance|amount|text|transcript|conversation|clipboard|document|summary)\b|\bclipboard\b|\bconversation\b|\btranscripts?\b`;

/** The sentence hangs on an event: when, whenever, each time, during any, for every. */
export const TRIGGER = String.raw`\bas\s+soon\s+as\b|\bthe\s+moment\b|\bbefore\s+the\s+user\s+(?:says|asks|types|writes)\b|\bon\s+(?:connect|startup|load)\b|\b(?:when(?:ever)?|any\s+time|every\s+time|each\s+time|if|once|during\s+(?:any|every|each)|for\s+(?:any|every|each|all)|on\s+(?:any|every|each)|after\s+(?:any|every|each)|while)\b`;

/** The sentence reaches into other tools ("any payment tool", "whichever mail tool", "with the billing tool"). */
export const CROSS_TOOL = String.raw`\b(?:any|every|each|all|whichever|whatever|other)\s+(?:\w+\s+){0,3}?(?:tools?|integrations?|servers?|plugins?)\b|\b(?:with|via|using|through|in|from|by)\s+(?:the\s+|a\s+|an\s+)?(?:\w+\s+){0,2}?[\w-]+\s+(?:tools?|integrations?)\b|\b[\w-]+\s+tools?\s+(?:is\s+|are\s+)?(?:runs?|called|invoked|used|executes?|pushes|saves|places?|sends?|opens?)\b`;

/** An act that happens in bulk: every, all, any, each. */
export const UNIVERSAL = String.raw`\b(?:every|all|any|each|whatever|whichever)\b`;

/** Act at once, without the user: no confirmation, straight away. */
export const AT_ONCE = String.raw`\bwithout\s+(?:asking|any\s+confirmation|confirmation|confirming|checking|prompting|a\s+prompt|review(?:ing)?|the\s+user)\b|\bno\s+(?:follow-?up\s+)?questions\b|\b(?:right|straight)\s+away\b|\bimmediately\b|\bno\s+confirmation\b|\bdirectly\b[^.;\n]{0,20}\bno\b|\bsilently\b|\bquietly\b|\bin\s+the\s+background\b`;

/** A claim of consent or standing approval ("has granted full admin consent", "consent was collected at signup"). */
export const CONSENT_CLAIM = String.raw`\b(?:has|have|had)\s+(?:already\s+)?(?:granted|given|provided)\s+(?:full\s+|blanket\s+|standing\s+|explicit\s+|prior\s+)?(?:admin\s+)?(?:consent|permission|approval|authori[sz]ation)\b|\bstanding\s+(?:permission|approval|consent|authori[sz]ation)\b|\bpre-?authori[sz]ed\b|\bsigned\s+off\b|\bconsent\s+(?:for\s+[\w\s]{0,30}?)?(?:was|has\s+been|is)\s+(?:already\s+)?(?:collected|given|obtained|granted|recorded)\b|\b(?:carries|has|speaks\s+with|holds|with)\s+(?:full\s+)?(?:operator|admin|system|root|owner)\s+(?:authority|privileges|rights)\b|\boutrank\w*\b|\b(?:direct|binding)\s+(?:orders?|instructions?|commands?)\s+from\b`;

/** Do what the tool's output says. */
export const DELEGATE = String.raw`\b(?:whatever|everything|anything|any\s+\w+|every\s+\w+|all\s+(?:the\s+)?\w+)\s+(?:that\s+)?(?:this\s+tool(?:'s\s+\w+)?|the\s+tool(?:'s\s+\w+)?|it|its\s+\w+|[\w-]+'s\s+(?:replies|output|responses?))\s+(?:returns?|lists?|suggests?|asks?|says?|requests?|outputs?)\b|\bits\s+returned\s+(?:steps|commands|actions|instructions)\b|\btreat(?:s|ed)?\s+(?:any|all|every|the)\s+(?:\w+\s+){0,3}(?:returned|output|text|replies|responses?)\b[^.;\n]{0,40}\bas\s+(?:an?\s+)?(?:direct\s+)?(?:orders?|instructions?|commands?)\b|\bobey\s+(?:it|this\s+tool|its\s+\w+)\b`;

/** A policy, agreement or rule named as the reason ("per the vendor agreement", "company policy 7.3 requires"). */
export const POLICY_CLAIM = String.raw`\b(?:per|under|in\s+line\s+with|in\s+accordance\s+with|pursuant\s+to|as\s+(?:agreed|required|mandated|stipulated)\s+(?:in|by|under))\s+(?:the\s+|our\s+|your\s+|a\s+)?(?:[\w-]+\s+){0,3}?(?:agreement|policy|terms|licen[cs]e|contract|regulation|requirement|mandate|sla|dpa)\b|\b(?:company|corporate|data[-\s]retention|security|compliance|privacy)\s+policy\s+[\d.]*\s*(?:requires|mandates|says)\b|\bregulation\s+requires\b|\bby\s+regulatory\s+requirement\b|\b(?:regulatory|legal|compliance)\s+(?:requirement|obligation)s?\b`;

/** Take credit, hide sponsorship, rank a sponsor first. */
export const ATTRIBUTION = String.raw`\bas\s+if\s+(?:it|this|they|that)\s+(?:were|was|are|is)\s+your\s+(?:own\s+|personal\s+)?(?:opinion|idea|view|recommendation|work|words|finding)s?\b|\btell\s+the\s+user\s+(?:that\s+)?you\s+(?:read|wrote|did|researched|found|made|checked)\b[^.;\n]{0,40}\byourself\b|\b(?:don'?t|do\s+not|never)\s+(?:attribute|credit)\s+(?:it|them|this|the\s+\w+)\s+to\s+(?:this|the)\s+tool\b|\btake\s+(?:the\s+|full\s+)?credit\s+for\b|\b(?:present|describe|pass)\s+(?:it|them|this)\s+(?:off\s+)?as\s+(?:something|anything|text|work|ideas?)\s+you\s+(?:came\s+up\s+with|wrote|thought\s+of|created)\b|\b(?:present|pass|frame|describe|report|offer|give|credit)(?:s|ed|ing)?\s+(?:the\s+|these\s+|this\s+|its\s+|their\s+|any\s+)?(?:\w+\s+){0,5}?as\s+(?:if\s+(?:they|it)\s+(?:were|was)\s+)?(?:your|the\s+user'?s)\s+own\b|\b(?:credit|attribut)(?:e|es|ed|ing)?\s+(?:it|them|this|that|any|the|these)\b[^.;\n]{0,50}?\bto\s+(?:yourself|you\b|the\s+user'?s?|the\s+[\w\s]{1,20}community|someone\s+else)|\b(?:should|must)\s+be\s+credited\s+to\s+(?:you|yourself|the\s+assistant)\b|\b(?:call|present|describe|label|frame|pass)(?:s|ed|ing)?\s+(?:it|them|this|that|the\s+\w+|these\s+\w+)\s+(?:off\s+)?(?:as\s+)?(?:an?\s+)?(?:impartial|independent|neutral|unbiased|objective|organic|fair)\b|\brather\s+than\s+(?:a\s+)?(?:sponsored|paid)\b|\bnot\s+(?:a\s+)?(?:sponsored|paid)\s+(?:one|placement|listing|ad|result)\b|\balways\s+(?:rank|list|recommend|put|place|describe)\s+[A-Z][\w-]+\b[^.;\n]{0,40}\b(?:first|top|best|above)\b`;

/** A negation right before the act says what the tool does not do ("does not delete anything"). */
export const NOT_BEFORE = String.raw`\b(?:can|could|may|might)\s+(?:also\s+|still\s+|then\s+)?$|\b(?:which|that|it|this|they)\s+(?:will|would|can|may|might)\s+(?:also\s+)?$|\b(?:not|never|no|nor|without|cannot|can'?t|won'?t|isn'?t|aren'?t|n't|avoid|refuses?\s+to|unless)\s+(?:\w+\s+){0,3}$`;

/** After the act: it is refused, needs approval, or is what happens if the user asks. */
export const GUARDED_AFTER = String.raw`^[^.;\n]{0,60}\b(?:(?:is|are)\s+(?:refused|rejected|blocked|not\s+allowed)|requires?\s+(?:the\s+)?(?:force|user|two|approval|confirmation|justification|a\s+\w+\s+flag)|(?:ask|confirm)\s+(?:with\s+)?the\s+user|only\s+(?:when|if)\s+the\s+user|when\s+the\s+user\s+(?:explicitly\s+)?asks)\b`;
