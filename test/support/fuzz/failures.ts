import type { Problem } from './oracle.ts';
import { formatAnswer, formatRequest, type Answer, type FuzzRequest } from './wire.ts';

/**
 * Problems found, grouped by kind; within a kind, by operation, with how many requests
 * showed it and the first of them in full (request and answer). A run reports every
 * distinct failure at once instead of stopping at the first, and one cause met on many
 * routes (a bad token, say) reads as one failure.
 */
interface Group {
  /** Operation → requests that showed the problem, and the first of them written out. */
  operations: Map<string, { count: number; first: string }>;
}

export class FailureLog {
  private readonly groups = new Map<string, Group>();

  record(operation: string, problems: readonly Problem[], request: FuzzRequest, answer: Answer | null): void {
    for (const problem of problems) {
      let group = this.groups.get(problem.kind);
      if (!group) this.groups.set(problem.kind, (group = { operations: new Map() }));
      const seen = group.operations.get(operation);
      if (seen) {
        seen.count++;
        continue;
      }
      const first = [problem.detail && `(${problem.detail})`, formatRequest(request), answer ? formatAnswer(answer) : '→ no answer']
        .filter(Boolean)
        .join('\n');
      group.operations.set(operation, { count: 1, first });
    }
  }

  get size(): number {
    return this.groups.size;
  }

  report(): string {
    const indent = (text: string, by: string) => text.replace(/^/gm, by);
    const groups = [...this.groups.entries()].sort(([a], [b]) => a.localeCompare(b));
    const sections = groups.map(([kind, g]) => {
      const total = [...g.operations.values()].reduce((n, o) => n + o.count, 0);
      const examples = [...g.operations.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([operation, o]) => `  ${operation}: ${o.count} request${o.count > 1 ? 's' : ''}, the first:\n${indent(o.first, '      ')}`);
      return `✗ ${kind} — ${total} request${total > 1 ? 's' : ''} on ${g.operations.size} operation${g.operations.size > 1 ? 's' : ''}\n${examples.join('\n')}`;
    });
    return `${groups.length} distinct failure${groups.length === 1 ? '' : 's'}:\n\n${sections.join('\n\n')}`;
  }
}
