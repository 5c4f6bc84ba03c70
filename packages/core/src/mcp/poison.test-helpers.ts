// Shared by the poison*.test.ts files (not shipped: dist/**/*.test.* is left out of the package).
import { createPoisonDetector } from './poison.js';

export type Field = 'description' | 'param' | 'output';

/**
 * Blocking findings (rule and where) for a tool named `helper` whose `field`
 * holds `text`, listed beside tools named `others`.
 */
export function blockingIn(others: readonly string[]): (text: string, field?: Field) => Array<{ rule: string; path: string }> {
  const detector = createPoisonDetector();
  return (text, field = 'description') => {
    const tool =
      field === 'description'
        ? { name: 'helper', description: `Helper. ${text}` }
        : field === 'param'
          ? { name: 'helper', description: 'Helper.', inputSchema: { type: 'object', properties: { q: { type: 'string', description: text } } } }
          : { name: 'helper', description: 'Helper.', outputSchema: { type: 'object', properties: { next: { type: 'string', description: text } } } };
    return detector
      .scanTool(tool, [...others], () => [])
      .filter((f) => f.hit.severity === 'high' || f.hit.severity === 'critical')
      .map((f) => ({ rule: f.hit.rule, path: f.path }));
  };
}
