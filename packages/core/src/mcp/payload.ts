// Inline interpreter code (python -c, perl -e, node -e, php -r, awk programs,
// PowerShell commands, Go/Lua files written by echo, …): which capabilities it
// combines. A socket plus command execution or descriptor redirection is a
// reverse shell; a fetch plus eval is download-and-run; a decode plus eval is
// encoded execution. Strings handed to exec-like calls are returned so the
// shell analysis can look inside them. Token groups are language-agnostic on
// purpose: the same idea written in another language should still match.

export interface PayloadFacts {
  socket: boolean;
  listen: boolean;
  fdRedirect: boolean;
  exec: boolean;
  fetch: boolean;
  evaluate: boolean;
  decode: boolean;
  send: boolean;
  environ: boolean;
  forkLoop: boolean;
  /** A shell started with no script (os.system("/bin/sh"), pty.spawn("bash"), exec "/bin/sh -i"). */
  shellSpawn: boolean;
  /** Command strings passed to exec-like calls, for the shell analysis. */
  commands: string[];
  /** Base64 literals long enough to be a hidden payload. */
  blobs: string[];
  /** Windows admin actions found in PowerShell text. */
  ps: Set<'wipe' | 'avOff' | 'logWipe' | 'autorun' | 'encodedIex' | 'fwOff'>;
}

const G = {
  socket:
    /socket\.socket|create_connection|\bsocket\s*\(\s*\w+\s*,\s*(?:PF_INET|AF_INET|2)|IO::Socket|TCPSocket|UDPSocket|\bfsockopen|socket_create|stream_socket_client|\bnet\.(?:connect|Socket|createConnection)|require\(\s*['"](?:net|dgram)['"]\s*\)|net\.Dial|new\s+(?:java\.net\.)?Socket\s*\(|Sockets\.TCPClient|\bTcpClient\b|socket\.tcp\s*\(|\/inet\/tcp\/|\/dev\/tcp\/|\bztcp\b|Socket\.new|\bsocket\.connect\b|\.connect\s*\(\s*\(\s*['"]|Net\.Sockets/i,
  listen: /\.bind\s*\(|\blisten\s*\(|\baccept\s*\(|TcpListener|\bcreateServer\b|socket_bind|TCPServer|socket_listen/i,
  fdRedirect:
    /\bdup2\b|\bfdopen\b|open\s*\(\s*STD(?:IN|OUT|ERR)\s*,\s*["']?[<>+]*&|\bstd(?:in|out|err)\s*=\s*[a-z_]\w*|\.pipe\(\s*\w+\.stdin|\.Std(?:in|out|err)\s*=|<&\s*\d|>&\s*\d|<&%d|\bSTDIN->|\.reopen\s*\(|GetStream\s*\(/i,
  exec: /os\.system|subprocess|os\.popen|os\.exec\w*|os\.spawn\w*|pty\.spawn|commands\.getoutput|\bsystem\s*[("'$]|\bexec\s*[("'$]|\bpopen\b|IO\.popen|Open3|Kernel\.exec|%x[([{]|\bqx[({/]|child_process|execSync|spawnSync|\bspawn\s*\(|\bexecFile\b|shell_exec|passthru|proc_open|pcntl_exec|os\.execute|io\.popen|getRuntime\(\)\.exec|ProcessBuilder|exec\.Command|Process\.Start|Start-Process|\biex\b|Invoke-Expression|\|\s*&|\|&|\bshell\s*\(|\.Run\s*\(|WScript\.Shell|\bexec\s+\/|\bexec\s+\{/i,
  fetch:
    /urlopen|urllib|requests\.get|http\.client|\bLWP\b|getstore|\bget\s*\(\s*["']https?:|Net::HTTP|open-uri|URI\.open|file_get_contents\s*\(\s*["']https?:|curl_exec|\bhttps?\.get\s*\(|\bfetch\s*\(\s*['"`]https?:|DownloadString|DownloadFile|DownloadData|Invoke-WebRequest|\biwr\b|\birm\b|Invoke-RestMethod|Net\.WebClient|WebClient|XMLHTTP|WinHttp|http\.Get\s*\(|socket\.http/i,
  evaluate:
    /\beval\b|\bexec\s*\(|\bexec\s+[a-z_]|\bcompile\s*\(|new\s+Function|\bFunction\s*\(|\biex\b|Invoke-Expression|instance_eval|class_eval|loadstring|\bload\s*\(|\bassert\s*\(|create_function|\bExecute(?:Global)?\s*\(|\.Invoke\s*\(|\bsystem\s*\(/i,
  decode:
    /b64decode|base64_decode|decode_base64|decode64|Base64\.decode|FromBase64String|\batob\s*\(|Buffer\.from\([^)]*['"](?:base64|hex)['"]|zlib\.decompress|gzinflate|gzuncompress|gzdecode|str_rot13|codecs\.decode|bytes\.fromhex|unhexlify|marshal\.loads|pickle\.loads|\bunpack\s*\(\s*["']m/i,
  send: /requests\.post|urlopen\([^)]*data\s*=|\bdata\s*=\s*(?:str|open|json)|\.send(?:all|to)?\s*\(|-Method\s+Post|UploadFile|UploadString|UploadData|-InFile|files\s*=\s*\{|\bPOST\b|\bmethod\s*:\s*['"]POST/i,
  environ: /os\.environ|process\.env\b|\$env:|%ENV\b|\bENV\b\s*[.[]|getenv\s*\(|\/proc\/self\/environ|Get-ChildItem\s+env:/i,
  forkLoop:
    /fork\s+while\s+fork|while\s*\(?\s*(?:1|true|True)\s*\)?\s*[:{]?\s*(?:os\.)?fork|os\.fork\(\)\s*for\b|\[\s*os\.fork\(\)|for\s*\(\s*;\s*;\s*\)\s*\{?\s*fork|loop\s*\{\s*fork|while\s+true\s*;\s*do\s+\w+\s*&/i,
};

/** Shells named as the thing to run, with no script: an interactive shell. */
const SHELL_LITERAL = /^\s*(?:\/usr)?(?:\/bin\/)?(?:ba|z|da|k|c|tc|fi)?sh(?:\s+-[ilp]+)*\s*$|^\s*(?:cmd(?:\.exe)?|powershell(?:\.exe)?|pwsh)\s*$/i;

const EXEC_CALL =
  /(?:os\.system|os\.popen|subprocess\.\w+|commands\.getoutput|\bsystem|\bexec[lvpe]*|shell_exec|passthru|\bpopen|IO\.popen|\bspawn|execSync|exec\.Command|os\.execute|io\.popen|getRuntime\(\)\.exec|pcntl_exec|proc_open|Process\.Start|Start-Process|pty\.spawn|\bcall|check_output|\bPopen|\.run|%x|\bqx|\bspawn)\s*\(?\s*(\[?)\s*((?:["'`][^"'`\n]{0,2000}["'`]\s*,?\s*)+)/gi;

const STRING_LIT = /["'`]([^"'`\n]{0,2000})["'`]/g;

/** String concatenation of literals ('o'+'s', "sy"."stem") and PowerShell escapes (I`E`X) undone. */
function unsplit(code: string): string {
  return code
    .replace(/(["'])\s*[+.]\s*\1/g, '')
    .replace(/`(?=[A-Za-z])/g, '')
    .replace(/(?<=[A-Za-z])''(?=[A-Za-z])|(?<=[A-Za-z])""(?=[A-Za-z])/g, '');
}

export function analyzePayload(lang: string, source: string): PayloadFacts {
  const code = unsplit(source.length > 64 * 1024 ? source.slice(0, 64 * 1024) : source);
  const f: PayloadFacts = {
    socket: G.socket.test(code),
    listen: G.listen.test(code),
    fdRedirect: G.fdRedirect.test(code),
    exec: G.exec.test(code),
    fetch: G.fetch.test(code),
    evaluate: G.evaluate.test(code),
    decode: G.decode.test(code),
    send: G.send.test(code),
    environ: G.environ.test(code),
    forkLoop: G.forkLoop.test(code),
    shellSpawn: false,
    commands: [],
    blobs: [],
    ps: new Set(),
  };
  EXEC_CALL.lastIndex = 0;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = EXEC_CALL.exec(code)) && n++ < 32) {
    const lits = [...m[2]!.matchAll(STRING_LIT)].map((x) => x[1]!);
    if (!lits.length) continue;
    // A list form (["/bin/sh", "-i"]) is one command; execl("/bin/sh", "sh", "-p") names the program first.
    const cmd = m[1] === '[' ? lits.join(' ') : /^exec[lv]/i.test(m[0]) && lits.length > 1 ? [lits[0], ...lits.slice(2)].join(' ') : lits[0]!;
    f.commands.push(cmd);
    if (SHELL_LITERAL.test(cmd)) f.shellSpawn = true;
  }
  // awk and perl/ruby backticks: "cmd" | getline, print | "cmd", `cmd`.
  for (const x of code.matchAll(/["']([^"'\n]{1,500})["']\s*\|\s*getline|\|\s*["']([^"'\n]{1,500})["']|`([^`\n]{1,500})`/g)) {
    const cmd = x[1] ?? x[2] ?? x[3];
    if (cmd && f.commands.length < 48) {
      f.commands.push(cmd);
      if (SHELL_LITERAL.test(cmd)) f.shellSpawn = true;
    }
  }
  // perl/ruby/tcl: exec "/bin/sh"; system "sh"; exec /bin/sh (tcl)
  for (const x of code.matchAll(/\b(?:exec|system)\s+["']?((?:\/[\w./-]+|(?:ba|z|da|k)?sh)\b[^"';\n]{0,200})/g)) {
    if (f.commands.length < 48) f.commands.push(x[1]!);
    if (SHELL_LITERAL.test(x[1]!.replace(/\s*<@.*$|\s*[<>].*$/, ''))) f.shellSpawn = true;
  }
  if (/pty\.spawn\s*\(\s*["'](?:\/bin\/)?(?:ba|z|da)?sh["']/.test(code)) f.shellSpawn = true;
  if (/spawn\s*\(\s*["'](?:\/bin\/)?(?:ba|z|da)?sh["']\s*(?:,\s*\{|\))/.test(code)) f.shellSpawn = true;
  for (const b of code.matchAll(/["']([A-Za-z0-9+/]{16,}={0,2})["']/g)) if (f.blobs.length < 8) f.blobs.push(b[1]!);
  if (lang === 'powershell' || /\b(?:Remove-Item|Set-MpPreference|Clear-EventLog|New-ScheduledTask|Register-ScheduledTask)\b/i.test(code)) {
    if (/\bRemove-Item\b[^;|]*-Recurse[^;|]*(?:\s['"]?[A-Za-z]:\\?['"]?(?:\s|$|;)|\$env:(?:SystemRoot|windir)|[A-Za-z]:\\(?:Windows|Users)\\?['"]?(?:\s|$))/i.test(code)) f.ps.add('wipe');
    if (/Set-MpPreference\s+[^;|]*-Disable\w+|Add-MpPreference\s+[^;|]*-Exclusion/i.test(code)) f.ps.add('avOff');
    if (/Clear-EventLog|Remove-EventLog|wevtutil\s+cl/i.test(code)) f.ps.add('logWipe');
    if (/(?:New|Register)-ScheduledTask|CurrentVersion\\Run/i.test(code)) f.ps.add('autorun');
    if (/FromBase64String/i.test(code) && f.evaluate) f.ps.add('encodedIex');
    if (/Set-NetFirewallProfile[^;|]*-Enabled\s+False/i.test(code)) f.ps.add('fwOff');
  }
  return f;
}
