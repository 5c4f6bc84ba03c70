// The word classes the injection grammar is written in: which words override,
// extract, reassign a role, exfiltrate, address the model, or only fill the
// gap between them. Data only; tokens.ts compiles it into one hash table.
// Words are written as people spell them (accents included); matching folds
// case, accents and lookalike letters on both sides, so "Précédentes",
// "precedentes" and "рrесеdеntеs" (Cyrillic letters) meet the same entry.

/** Word classes. The grammar (grammar.ts) names them in upper case. */
export const WORD_CLASSES = [
  // override
  'OVR', // strong override verb: ignore, disregard, forget, overlook
  'OVR2', // weak override verb: skip, drop, delete, clear (needs a core instruction noun)
  'COMPLY', // follow, obey: negated, an override ("do not follow")
  'NEG', // not, never, don't
  'PREV', // previous, prior, above, earlier
  'INSTR', // instructions, rules, guidelines, prompt
  'INSTR2', // weaker targets: context, conversation, text, task
  'ALLQ', // everything, anything, all, what
  'TOLD', // told, taught, instructed, given
  'VOID', // cancelled, void, revoked (declarations that instructions no longer hold)
  // people and grammar
  'YOU',
  'YOUR',
  'MY',
  'ME',
  'FILL', // determiners and quantifiers that may sit between a verb and its object
  'ADV', // adverbs and politeness that may sit anywhere: please, just, now
  'HAVE',
  'BE',
  'MODAL', // must, should, will, need, have (to)
  'CMODAL', // can, may, could: permission or ability, not a command
  'NOW',
  'OPENER', // clause openers that keep an imperative reading: and, then, so, also
  'SUBJ', // third-person subjects: it, they, the model, attackers
  'WANT', // want, need, ask, order (I want you to ...)
  'WH', // what, which, how
  'THAT',
  'TO',
  'AS',
  'WITH',
  'IN',
  // extraction
  'EXT', // reveal, print, repeat, tell, show
  'EXTS', // strong extraction verbs: reveal, disclose, leak, divulge
  'EXTW', // weak: summarize, translate, describe (count only with a clear secret)
  'SECRET', // password, secret, passcode, api key, token
  'SECRET2', // key, token, code, word: a secret only with a modifier (api key, secret word)
  'SMOD', // secret, hidden, system, initial, confidential: modifiers of a secret
  'SAMP', // full, exact, entire, verbatim: amplifiers that may precede a modifier
  'PROMPT', // prompt, instructions, rules, configuration (what the model was told)
  'PROMPT2', // text, words, message, context: what the model was told, only with a modifier or 'above'
  'NOTSECRET', // nouns after "password" that make it a modifier: policy, manager, field
  // roles
  'ROLEV', // act, pretend, roleplay, imagine, simulate, impersonate, become
  'PERSONA', // role, persona, character, identity, mode
  'JB', // jailbreak vocabulary: dan, jailbroken, unrestricted, unfiltered
  'JBW', // weaker persona words: evil, rogue, amoral, unlimited
  'AISELF', // ai, assistant, model, chatbot, llm, gpt
  'LIMIT', // filters, ethics, censorship, guardrails: limits a model has
  'LIMITW', // restrictions, limits, rules: limits anything may have
  'LMOD', // ethical, moral, safety, content: what kind of limit
  'PART', // out, back, down: particles after an extraction verb
  'TLD', // com, org, net, example: a host name ends here
  'FREE', // no, without, free, unbound: absence of limits
  'REFUSE',
  // exfiltration and tools
  'EXFIL', // send, post, upload, forward, transmit
  'SENS', // conversation, history, credentials, files, contacts
  'DEST', // url, webhook, server, endpoint, address
  'DECODE', // decode, decrypt, deobfuscate
  'EXEC', // execute, run, eval, follow
  'ENC', // base64, hex, rot13, encoded
  // indirect cues
  'RESP', // reply, response, answer, output, summary
  'FORMAT', // backward, reverse, uppercase, emoji, base64, rhyme
  'LANG', // french, spanish, german
  'OUTV', // write, start, begin, end, format (verbs that shape the reply)
  'INSERTV', // add, append, insert, include, mention
  'USER', // user, reader, customer, human
  'TELLV', // tell, inform, ask, convince, remind
  'HARM', // password, credit card, visit, click, download: what a hijack wants from the user
  'TASKW', // task, job, goal, mission, purpose
  'NEWW', // new, real, actual, true, only
  'DURING', // before, after, when, while (answering / summarizing)
  'PROCV', // answering, summarizing, responding, reading, processing
  'HIJACKV', // say, tell, send, add, recommend, rate, approve: what an injected clause makes the model do
  'DISC', // attack, injection, example, phrase: the sentence talks about injection
  'REPORTV', // asks, tells, tricks, convinces (the model to): reported instruction
  'UI', // click, tap, dashboard, button, field: a human using an interface
  'PWN', // pwned, hacked, granted (access granted)
  'PIECE', // letter, character, vowel, digit, syllable, hint: a piece of a secret a password game asks for
  'FORM', // poem, acrostic, riddle, dash, emoji, morse: a form a secret is turned into
  'SETUP', // configured, set (up), built, programmed, deployed: how the model was made what it is
  'HARMT', // napalm, explosives, malware, lethal dose: what a grief role-play wants recited
  'KIN', // grandmother, grandpa, mother, uncle: the relatives a grief role-play asks the model to play
  'TEACHV', // tell, explain, recite, whisper, teach: passing knowledge on, as a relative would at bedtime
  'CREATIVE', // poem, speech, joke, essay, song: a piece of writing a task switch asks for
  'CHATDATA', // conversation, history, transcript, messages, secrets: what a conversation holds (no files, keys or tokens, which API docs put in URLs)
  'CARRIER', // query, parameter, url, link, image, src: the parts of a link that carry data out
  'WRITEV', // write, compose, tell, schreib, écris, escribe: the verb of a task switch to a new piece of writing
  'ADMIN', // admin, administrator, developer, owner, operator: who a claim of authority says the writer is
  'REMINDV', // erinnere, rappelle, recuérdame, ricordami, напомни: "remind me" in other languages
  'LATE', // late, deceased, departed, verstorbene, difunta: the relative a grief role-play names is dead
  'HACKEDW', // hacked, gehackt, piraté, compromised: the word a hijacked reply is made to say
] as const;

export type WordClass = (typeof WORD_CLASSES)[number];

const w = (s: string): string[] => s.trim().split(/\s+/);

/**
 * class → words. Inflections are listed (not stemmed): "ignores" and
 * "ignored" are marked as inflected forms by INFLECTED below.
 */
export const LEXICON: Readonly<Record<WordClass, readonly string[]>> = {
  OVR: w(`
    zignoruj ignoruj zapomnij

    vergeet negeer negeren αγνόησε αγνοήστε ξέχασε ξεχάστε تجاهل تجاهلي تجاهلوا انس انسى
    ignore ignores ignored ignoring disregard disregards disregarded disregarding forget forgets forgot forgotten forgetting
    overlook overlooks overlooked overlooking
    disobey disobeys disobeyed disobeying circumvent circumvents circumvented neglect neglects neglected
    unlearn nevermind ignora ignore ignorez ignoriere ignorieren ignori olvida olvide olvidate olvídate olvidar oublie oubliez oublier
    vergiss vergessen vergesst missachte missachten desatiende desconsidere desconsidera esqueça esqueca esquecer esquece esqueçam dimentica dimenticare
    игнорируй игнорируйте проигнорируй проигнорируйте забудь забудьте игнорировать
  `),
  OVR2: w(`
    skip skips skipped drop discard discards discarded dismiss dismissed abandon abandons abandoned omit scrap erase delete clear wipe reset
    cancel cancels revoke void nullify remove ditch suspend disable deactivate violate break escape bypass bypasses bypassed bypassing
    override overrides overridden overriding overrule overrules overruled
  `),
  COMPLY: w(`follow following obey obeying heed respect observe adhere adhering comply complying abide listen listening mind`),
  NEG: w(`
    not never don't dont doesn't doesnt didn't didnt won't wont cannot can't cant shouldn't mustn't no avoid without nobody stop stopped
    ne pas nicht kein keine não nao не
  `),
  PREV: w(`
    önceki onceki evvelki

    poprzednie poprzednich wcześniejsze

    vorige eerdere eerder προηγούμενες προηγούμενα προηγούμενους السابقة السابق
    исходную
    previous previously prior preceding above earlier former original initial foregoing old past aforementioned before beforehand
    prev preceeding existing given first last
    anteriores anterior previas previos précédentes précédente precedentes antérieures dessus vorherigen vorherige bisherigen vorigen obigen
    früheren oben vorher предыдущие прежние предыдущих вышеуказанные раньше precedenti precedente sopra acima antes avant prima
  `),
  INSTR: w(`
    talimatları talimatlari talimatlar kuralları kurallari kurallar

    zasady zasadach zasad reguły regułach instrukcjach

    instrukcje instrukcji instrukcjami polecenia poleceń poleceniach poleceniami wytyczne wytycznych zasadami regułami

    instructies richtlijnen regels οδηγίες κανόνες εντολές التعليمات تعليمات الأوامر القواعد normas normes normen norme
    instructions instruction instrucions rule directives directive directions guidelines guideline prompt prompts programming commands
    orders rules guidance training conditioning constraints restrictions policies guardrails safeguards protocols limitations principles
    instrucciones indicaciones reglas consignes règles regles anweisungen vorgaben regeln befehle richtlinien instruções instrucoes regras
    инструкции указания правила istruzioni regole
  `),
  INSTR2: w(`context conversation text input messages message content information task tasks request requests data chat everything stuff ones`),
  ALLQ: w(`everything anything all whatever what what's whats todo tout alles всё все tudo tutto`),
  TOLD: w(`
    bekommen erhalten reçues reçu recibido recibiste recibidas ricevuto ricevute recebeu recebido recebidas gekregen ontvangen dato date dado dados

    opgedragen gezegd verteld gegeven demandé demande pedido chiesto gevraagd
    told taught instructed given said written programmed trained asked ordered commanded directed shown informed provided fed received
    got gotten assigned stated mentioned dicho dijeron dit gesagt dito disseram detto сказали говорили deram dieron
    donné donnée données дали
  `),
  VOID: w(`
    void null cancelled canceled revoked obsolete deprecated invalid outdated wrong fake lie mistake suspended lifted removed overridden
    superseded replaced irrelevant expired rescinded terminated withdrawn nullified meaningless pointless useless optional changed gone
  `),
  YOU: w(`
    jij you u ya ye you've youve you're youre you'll youll yourself tu du ты вы você voce usted sie vous`),
  YOUR: w(`
    je

    swoich swoje twoich

    tue tuoi tua tuo teu teus tuas uw jouw σου twoje twoich
your ur yours thy tu tus tes ton ta vos votre dein deine deinen deiner deinem твои свои твой свой твою твоя свою su sus seu sua seus suas`),
  MY: w(`my our mine`),
  ME: w(`

    mij μου لي me us moi mir mich мне меня`),
  FILL: w(`
    tüm bütün tum butun

    wszystkie wszystko

    όλες όλα όλους τις τα τους τον την het jouw جميع كل
    the a an all any every each of these those this that such said about whole entire complete full other same some both
    remaining rest own its their his her ci
    las los les la le el die der das den des alle toutes tous todas todos as os все свои tutte tutti le gli eine ein einen un une
    una uno um uma o lo
  `),
  ADV: w(`
    just now simply completely entirely totally fully please kindly also again literally absolutely immediately hereby then really
    seriously quickly basically right altogether permanently ok okay actually first instead so always sometimes often usually
    occasionally still even
    por favor bitte s'il plait
  `),
  HAVE: w(`have has had 've hast habe`),
  BE: w(`is are was were be been being 's am é es est ist eres bist sei è lautet является sont son sind são`),
  MODAL: w(`must should will shall need needs have has going gonna can may might would could ought 'll required supposed`),
  CMODAL: w(`can may might could would`),
  NOW: w(`
    adesso nu
now henceforth onwards forward today ahora maintenant jetzt теперь agora ora`),
  OPENER: w(`and then so also but or next finally ok okay alright hey hi hello well now please kindly just simply instead und dann et puis ensuite y luego e poi depois en daarna`),
  SUBJ: w(`
    i we they he she it who which someone anyone people one attackers attacker adversaries users user model models llm llms bot
    bots assistant assistants chatbot agent agents system tool program researchers hackers author authors developers vendors
    there
  `),
  WANT: w(`want wants need needs ask asking order ordering command require request instruct tell told`),
  WH: w(`
    wat welk welke
what what's whats which how que qué quel quelle wie welches какой какая qual cuál cual`),
  THAT: w(`that which who`),
  TO: w(`to`),
  AS: w(`as like como comme wie как come`),
  WITH: w(`with using`),
  IN: w(`in into within`),
  EXT: w(`
    podaj pokaż powiedz повтори

    muéstrame enséñame ripeti repite répète répétez wiederhole herhaal repita toon geef vertel zeg πες δείξε أخبرني وأخبرني اخبرني أظهر
    reveal reveals print prints repeat recite output display show share give tell disclose leak dump expose spell write list
    say echo paste provide quote divulge confess enumerate copy reproduce restate retype transcribe send let

    revela muestra dime dame révèle revele montre affiche donne dis zeig zeige verrate gib nenne mostre diga покажи раскрой скажи
    выведи назови dimmi mostrami rivela
  `),
  EXTS: w(`reveal disclose leak divulge dump expose recite spell revela révèle revele verrate раскрой rivela`),
  EXTW: w(`describe summarize summarise translate convert rewrite format encode encrypt explain confirm read type`),
  SECRET: w(`
    şifre sifre şifreyi parolayı

    hasło haslo

    wachtwoord κωδικό κωδικός συνθηματικό
    password passwords passcode passphrase pass-phrase passkey secret secrets codeword credentials credential
    contraseña contrasena passwort kennwort senha пароль segreto
  `),
  SECRET2: w(`
    parola palabra palavra woord
key keys token tokens code word phrase number value pin combination mot passe clave`),
  SMOD: w(`
    secret hidden confidential private initial original system internal developer pre api access auth bearer admin starting opening
    beginning underlying activation license licence serial product root setup startup initialization initialisation init boot bootup
    geheime geheimes geheimen secreto secreta secrète secrete секретный секретное sistema système systeme ursprünglichen
    ursprungliche originales originaux initiales iniciales ocultas cachées versteckten исходные скрытые системный
  `),
  SAMP: w(`full exact entire complete verbatim real actual true whole`),
  PROMPT: w(`
    systeeminstructies systeemprompt systeembericht

    prompt prompts preprompt pre-prompt instructions instruction rules guidelines directives configuration config systemprompt
    systemanweisung instrucciones consignes anweisungen instruções instrucoes промпт инструкции istruzioni
  `),
  PROMPT2: w(`
    mensaje messaggio mensagem nachricht bericht context message messages text words sentence sentences lines line conversation
    testo texto texte текст
    briefing preamble preface wording`),
  NOTSECRET: w(`
    policy policies manager managers field fields reset resets strength requirements requirement rules hash hashes length change changes
    recovery protection form page box input rotation management generator vault store storage expiry expiration complexity settings
    option options prompt reuse hint hints authentication auth protected
  `),
  ROLEV: w(`
    act acting behave pretend pretending roleplay role-play imagine simulate simulating impersonate become transform embody portray
    emulate mimic play playing assume adopt
    actúa actua finge imagina finja age aja притворись представь сыграй
  `),
  PERSONA: w(`role persona character identity personality version mode alter ego twin avatar self`),
  JB: w(`
    dan stan jailbreak jailbroken jailbreaking unrestricted unfiltered uncensored unbound unchained unshackled liberated
    unmoderated unaligned betterdan basedgpt chaosgpt
  `),
  JBW: w(`evil rogue amoral immoral unethical lawless limitless boundless unlimited uncontrolled`),
  AISELF: w(`
    ai ais a.i. assistant assistants model models llm llms chatbot chatbots bot bots gpt chatgpt claude gemini bard copilot agent agents
    machine robot language summarizer summariser ki ia ии нейросеть
  `),
  LIMIT: w(`
    filters filter filtering ethics morals morality censorship guardrails safeguards alignment conscience remorse compass scruples
    filtros filtres filter ограничений фильтров
  `),
  LIMITW: w(`
    normas normes normen norme regels règle regla regel regola regra κανόνες القيود
    restrictions restriction limits limitations limitation rules guidelines boundaries policies policy constraints principles programming
    values laws norms regulations protocols confines oversight supervision considerations limitations
    restricciones límites reglas restrictions limites règles einschränkungen regeln grenzen richtlinien restrições regras ограничения правил limiti regole
  `),
  LMOD: w(`ethical moral safety content usage security ethic éticas morales éticos ethischen moralischen этических`),
  PART: w(`out back down up aloud over`),
  TLD: w(`com org net io co ai app dev xyz info biz example ru cn de uk me ly gg sh tk top site online shop store cc ws su`),
  FREE: w(`no without free unbound released freed liberated zero none devoid lacking sin sans ohne sem без senza`),
  REFUSE: w(`refuse refuses refusing decline declines deny denies reject`),
  EXFIL: w(`send post upload forward transmit exfiltrate email mail copy leak push sync relay submit beam export deliver dump share log`),
  SENS: w(`
    conversation conversations chat history messages transcript transcripts emails email inbox files file documents folder folders
    contacts calendar credentials passwords password keys key secrets secret tokens token cookies cookie notes everything contents
    data information details summary logs env environment variables
  `),
  DEST: w(`url webhook server endpoint address inbox site link domain ip`),
  DECODE: w(`decode decodes decoding decrypt decipher deobfuscate unscramble unescape unpack base64-decode`),
  EXEC: w(`execute run eval evaluate follow obey perform carry do apply act`),
  ENC: w(`base64 b64 hex hexadecimal rot13 rot-13 encoded encrypted binary ciphertext payload string cipher caesar`),
  RESP: w(`reply replies response responses answer answers output outputs summary summaries message messages translation explanation text email`),
  FORMAT: w(`
    backward backwards reverse reversed reversing uppercase lowercase caps capital capitals emoji emojis emoticons base64 rot13 morse
    binary hex hexadecimal pig latin rhyme rhymes rhyming poem haiku limerick cipher caesar encrypted encode encoded leetspeak
    pirate shakespeare riddles
  `),
  LANG: w(`french spanish german italian portuguese russian chinese japanese korean dutch polish turkish arabic hindi latin klingon english`),
  OUTV: w(`write start begin end finish format make keep put phrase translate encode encrypt reverse compose structure style use`),
  INSERTV: w(`add append insert include prepend attach put mention embed füge ergänze`),
  USER: w(`user users reader readers customer customers human humans visitor visitors recipient recipients sender client clients applicant`),
  TELLV: w(`tell inform notify ask remind convince persuade urge instruct advise warn encourage direct trick request`),
  HARM: w(`
    password passwords pin credit card bank ssn social security visit click call pay wire transfer download install disable buy scam
    compromised suspended locked urgent prize won winner verify login log credentials account fee deposit refund
  `),
  TASKW: w(`
    tâche tache aufgabe tarea tarefa compito taak task job goal objective mission purpose assignment
    brief remit briefing trabajo travail lavoro trabalho задача задание задачу auftrag propósito proposito scopo objetivo missione`),
  NEWW: w(`
    sole single

    nouvelle nouveau neue neuen nueva nuevo nuova nuovo nova novo nieuwe new real actual true only next main primary updated revised current
    único única unico unica seule seul einzige einziger enige единственная единственный новая`),
  DURING: w(`before after when while whenever instead`),
  PROCV: w(`
    answering answer responding respond summarizing summarising summarize summarise translating processing
    generating presenting reviewing explaining analysing analyzing
  `),
  HIJACKV: w(`
    say tell send add recommend rate rank approve mark state mention include insert append claim report call visit
    delete forward reply respond ask translate encode replace promote praise invent buy purchase accept decline
    escalate close archive open create push merge remove install run grant give count treat consider log store save
  `),
  DISC: w(`
    attack attacks attacker attackers adversary adversarial malicious injection injections injected jailbreaks payload payloads exploit
    exploits example examples e.g. phrase phrases string strings pattern patterns classifier detector detect detects detection
    detected flag flags flagged blocked caught dataset benchmark red-team redteam researchers paper study studies trick tricks
    tricked convince manipulate players vendors common classic typical refers defend defense defence protect
    prevent mitigate guardrail security owasp vulnerable vulnerability lesson students such instance quote quoted
    hypothetical novel villain protagonist
  `),
  REPORTV: w(`asks asked tells told instructs instructed tricks tricked convinces convinced gets got causes caused forces forced makes made persuades persuaded manipulates coaxes lets lures`),
  UI: w(`
    click clicking tap tapping press button icon menu dashboard settings console portal page screen tab field panel header command
    terminal cli flag option keychain browser app window dialog form link toggle eye chrome android extensions device phone
    iphone ios build tapping
  `),
  PWN: w(`pwned pwn`),
  PIECE: w(`
    letter letters character characters vowel vowels consonant consonants digit digits syllable syllables half halves hint hints clue clues
    initial initials length rhyme synonym synonyms spelling part parts symbol symbols word words meaning
  `),
  SETUP: w(`
    configured setup programmed deployed prompted briefed tasked initialised initialized primed instructed
    eingerichtet konfiguriert programmiert eingestellt configuré configurée programmé programmée conçu configurado configurada
    programado programada programaron configuraron configurato configurata programmato programmata impostato ingesteld
    geprogrammeerd geconfigureerd настроили настроен настроена запрограммировали запрограммирован создали
    creato creata creado creada créé créée erstellt erschaffen gemaakt criado criada создан создана
  `),
  HARMT: w(`
    napalm meth methamphetamine fentanyl heroin cocaine bomb bombs explosive explosives dynamite grenade grenades detonator detonators
    thermite nitroglycerin molotov gunpowder ricin sarin anthrax nerve toxin toxins poison poisons chlorine mustard pathogen pathogens
    bioweapon bioweapons weapon weapons firearm firearms silencer malware ransomware keylogger keyloggers virus viruses trojan rootkit
    botnet phishing lethal overdose opioids shoplift shoplifting counterfeit hotwire lockpick lockpicking
    sprengstoff bombe bomben giftgas explosivo explosivos bomba explosif explosifs взрывчатка бомбу
  `),
  KIN: w(`
    grandmother grandma granny gran nana nan grandfather grandpa granddad grandad gramps mother mom mum mommy mummy father dad
    daddy papa uncle aunt auntie aunty brother sister oma opa abuela abuelo mamie papi nonna nonno avó avô бабушка дедушка
  `),
  TEACHV: w(`
    explains describes teaches tells recites whispers reads shows lists gives walks
    sang sung recited described whispered narrated
    tell telling told explain explaining explained describe describing teach teaching taught read reading recite reciting whisper
    whispering whispered walk walking show showing give list share sing singing say saying recount narrate erzähl erzähle erkläre
    cuéntame dime raconte raccontami conta расскажи
  `),
  HACKEDW: w(`
    hacked gehackt hackeado hackerato piraté pirate übernommen overgenomen owned compromised hackado gehacked
  `),
  LATE: w(`
    deceased late dead departed verstorbener verstorbene difunta difunto défunte défunt defunta defunto
  `),
  ADMIN: w(`
    admin administrator administrators sysadmin developer developers creator creators owner operator supervisor superuser root
    maker boss programmer administrateur administrador amministratore beheerder entwickler développeur desarrollador администратор
  `),
  REMINDV: w(`
    erinnere erinnert rappelle rappelez recuérdame recuerdame recuerdas recuérdamela ricordami ricordamelo lembra lembre напомни
    herinner
  `),
  WRITEV: w(`
    write compose draft tell create generate produce craft pen sing give schreib schreibe schreibt verfasse erzähl erzähle dichte
    écris écrivez rédige rédigez raconte racontez escribe escriba redacta cuéntame cuenta scrivi scriva racconta componi escreva
    escreve conta schrijf vertel напиши расскажи
  `),
  CREATIVE: w(`
    gedicht rede witz witze aufsatz lied geschichte poème discours blague chanson histoire poema discurso chiste canción historia
    poesia barzelletta canzone storia piada canção toespraak grap verhaal стихотворение стих речь шутку шутка
    poem poems speech joke jokes essay story song rap limerick haiku manifesto slogan tweet rant insult insults article editorial
    sonnet ballad ode advertisement pitch propaganda sermon eulogy lyrics
  `),
  CHATDATA: w(`
    chat
    conversation conversations history transcript thread messages summary everything secrets details dialogue exchange discussion
    prompt points questions answers replies
  `),
  CARRIER: w(`
    query parameter parameters param params url urls link links hyperlink image img src querystring pixel href
  `),
  FORM: w(`
    poem poems song songs story tale acrostic riddle riddles haiku limerick chorus verse verses rhyme rhymes cipher dash dashes hyphen
    hyphens asterisk asterisks emoji emojis underscore underscores nato phonetic morse acronym anagram crossword sentence sentences
    stories list table line lines space spaces star stars dot dots comma commas alphabet shift reverse backwards puzzle joke dialogue
    script binary hex base64
  `),
};

/** Inflected forms: the same word, but not the bare imperative. */
export const INFLECTED = new Set(
  w(`
    ignores ignored ignoring disregards disregarded disregarding forgets forgot forgotten forgetting overlooks overlooked overlooking
    bypasses bypassed bypassing overrides overridden overriding overrules overruled disobeys disobeyed disobeying circumvents circumvented
    neglects neglected skips skipped discards discarded dismissed abandons abandoned cancels reveals prints
  `),
);

/**
 * Content words that tolerate one typo (edit distance 1, after folding):
 * the verbs and nouns an attacker must spell. Short words and fillers never
 * do — "tell" one edit from "bell" would match everything.
 */
export const FUZZY_CLASSES: readonly WordClass[] = ['OVR', 'PREV', 'INSTR', 'ALLQ', 'TOLD', 'EXT', 'SECRET', 'SMOD', 'PROMPT', 'ROLEV', 'JB', 'LIMIT', 'DECODE'];
/**
 * Classes of content words that tolerate one typo when six letters or
 * longer (a typo in a shorter word of these classes is too often another
 * word): the vocabulary of exfiltration, hiding and hijacked replies.
 */
export const FUZZY_LONG_CLASSES: readonly WordClass[] = ['NEG', 'YOU', 'EXTS', 'EXTW', 'OVR2', 'COMPLY', 'SECRET2', 'PROMPT2', 'PERSONA', 'JBW', 'AISELF', 'LIMITW', 'LMOD', 'EXFIL', 'SENS', 'DEST', 'EXEC', 'RESP', 'OUTV', 'INSERTV', 'USER', 'TELLV', 'TASKW', 'HIJACKV', 'VOID', 'FREE', 'REFUSE'];
export const FUZZY_LONG_LENGTH = 6;
/** Short function words that still tolerate one typo ('yuor'). */
export const FUZZY_SHORT = new Set(['your']);
export const FUZZY_MIN_LENGTH = 5;
/** Words in a fuzzy class that must still be spelled exactly (too close to common words). */
export const FUZZY_EXCLUDE = new Set(w(`print write state share given first words lines above keys token tokens types rules unbound training spell reset
  clear drop skip paste quote dump leak read return order orders`));
