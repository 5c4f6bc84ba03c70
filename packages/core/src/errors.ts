// One error base with a stable string code. Callers (the CLI's exit table,
// the proxy's status mapping) switch on `code`, never on message text.

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_YAML'
  | 'DIFF_UNPARSEABLE'
  | 'DIFF_TOO_LARGE'
  | 'INPUT_INVALID'
  | 'INPUT_TOO_LARGE'
  | 'BASELINE_INVALID'
  | 'USAGE'
  | 'IO'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_FAILED'
  | 'INTERNAL';

export class PipelockError extends Error {
  readonly code: ErrorCode;
  readonly data: Readonly<Record<string, unknown>> | undefined;
  constructor(code: ErrorCode, message: string, opts: { data?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'PipelockError';
    this.code = code;
    this.data = opts.data;
  }
}

export interface ConfigIssue {
  /** Dotted key path, e.g. 'dlp.patterns[2].regex'. */
  path: string;
  /** 1-based line in the YAML source, when the input was text and the key exists there. */
  line?: number;
  message: string;
}

/** A config the user wrote is wrong. The message names the key path and line of the first issue. */
export class ConfigError extends PipelockError {
  readonly issues: readonly ConfigIssue[];
  constructor(issues: ConfigIssue[], opts: { cause?: unknown; code?: 'CONFIG_INVALID' | 'CONFIG_YAML' } = {}) {
    const first = issues[0];
    const where = first ? `${first.path || '(root)'}${first.line !== undefined ? ` (line ${first.line})` : ''}` : '(root)';
    const more = issues.length > 1 ? ` (+${issues.length - 1} more)` : '';
    super(opts.code ?? 'CONFIG_INVALID', `invalid config: ${where}: ${first?.message ?? 'unknown error'}${more}`, {
      data: { issues },
      cause: opts.cause,
    });
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** A diff we cannot read as a unified diff. Never a silent pass. */
export class DiffParseError extends PipelockError {
  constructor(message: string, opts: { line?: number; code?: 'DIFF_UNPARSEABLE' | 'DIFF_TOO_LARGE' } = {}) {
    super(opts.code ?? 'DIFF_UNPARSEABLE', opts.line !== undefined ? `${message} (diff line ${opts.line})` : message, {
      data: opts.line !== undefined ? { line: opts.line } : {},
    });
    this.name = 'DiffParseError';
  }
}
