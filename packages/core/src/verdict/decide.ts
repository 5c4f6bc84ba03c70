// The one place that turns a finding into an action: mode x section action x
// severity x enforce x suppression. docs/decisions.md documents this table;
// decide.test.ts covers every row.
import type { Action, Mode, SectionAction, Severity } from '../types.js';
import { SEVERITY_RANK } from '../types.js';

export interface DecisionInput {
  mode: Mode;
  /** The action the section (or the pattern) asks for. */
  sectionAction: SectionAction;
  severity: Severity;
  /** `enforce: false` in config turns every block (and strip) into a warn. */
  enforce: boolean;
  suppressed?: boolean;
  /**
   * Fail-closed conditions (unreadable compressed body, body over the limit,
   * unparsable JSON/form/multipart, missing boundary, Host/authority mismatch)
   * block whatever the section's action, because they are how scanners are bypassed.
   */
  failClosed?: boolean;
  /** Whether an operator can answer an `ask` prompt; without one `ask` falls back to block. */
  canAsk?: boolean;
}

export function decide(input: DecisionInput): Action {
  if (input.suppressed) return 'allow';
  if (input.mode === 'audit') return 'warn';
  let action: Action;
  if (input.failClosed) {
    action = 'block';
  } else if (input.mode === 'strict') {
    action = input.sectionAction === 'strip' ? 'strip' : 'block';
  } else {
    // balanced: only high and critical findings are enforced.
    const enforced = SEVERITY_RANK[input.severity] >= SEVERITY_RANK.high;
    switch (input.sectionAction) {
      case 'block':
        action = enforced ? 'block' : 'warn';
        break;
      case 'ask':
        // No operator TTY in a daemon: ask falls back to block.
        action = enforced ? 'block' : 'warn';
        break;
      case 'strip':
        action = enforced ? 'strip' : 'warn';
        break;
      case 'warn':
        action = 'warn';
        break;
    }
  }
  if (!input.enforce && (action === 'block' || action === 'strip')) return 'warn';
  return action;
}
