import { describe, expect, it } from 'vitest';
import { parseAttributesCsv } from '../../training/attributes.ts';
import { auditAttribute, auditsForStorage, type AttributeAudit } from '../../training/fairness.ts';
import { formatFairness } from '../../training/fairness-format.ts';
import { checkFairness, DEFAULT_BOUNDS, type FairnessBounds } from '../../training/fairness-gate.ts';

interface GroupSpec {
  addresses: number;
  positives: number;
  /** Selected negatives. */
  falsePositives: number;
  /** Selected positives. */
  truePositives?: number;
}

/**
 * Rows whose selected addresses score 1 and the rest 0, with k = the number selected,
 * so each group's counts are exactly as specified.
 */
function population(groups: Record<string, GroupSpec>): { scores: number[]; labels: number[]; groupOf: string[]; k: number } {
  const scores: number[] = [];
  const labels: number[] = [];
  const groupOf: string[] = [];
  const add = (group: string, label: number, score: number, count: number) => {
    for (let i = 0; i < count; i++) {
      scores.push(score);
      labels.push(label);
      groupOf.push(group);
    }
  };
  for (const [group, g] of Object.entries(groups)) {
    const truePositives = g.truePositives ?? 0;
    if (truePositives > g.positives || g.positives + g.falsePositives > g.addresses)
      throw new Error(`group ${group}: counts do not add up`);
    add(group, 1, 1, truePositives);
    add(group, 0, 1, g.falsePositives);
    add(group, 1, 0, g.positives - truePositives);
    add(group, 0, 0, g.addresses - g.positives - g.falsePositives);
  }
  const k = Object.values(groups).reduce((n, g) => n + g.falsePositives + (g.truePositives ?? 0), 0);
  return { scores, labels, groupOf, k };
}

function audited(attribute: string, groups: Record<string, GroupSpec>): AttributeAudit {
  const { scores, labels, groupOf, k } = population(groups);
  return auditAttribute({ scores, labels, k }, attribute, groupOf);
}

const bound = (overrides: Partial<FairnessBounds> = {}): FairnessBounds => ({
  attribute: 'group',
  metric: 'falsePositiveRate',
  low: 0.8,
  high: 1.25,
  minimumGroupSize: 100,
  ...overrides,
});

describe('auditAttribute', () => {
  // row:    0    1    2    3     4    5    6    7    8    9
  // score: .9   .8   .7   .6    .5   .4   .3   .2   .1   .05
  // label:  1    0    0    0     0    1    0    0    0    0
  // group:  a    b    a    null  a    b    a    b    a    b
  // Top 4: rows 0–3. Group a (rows 0 2 4 6 8): 5 addresses, 1 positive, selected 0 and 2,
  // one of them negative: selection rate 2/5 = 0.4, FPR 1/4 = 0.25.
  // Group b (rows 1 5 7 9): 4 addresses, 1 positive, selected row 1 (negative):
  // selection rate 1/4 = 0.25, FPR 1/3. Ratios to a: 0.25/0.4 = 0.625 and (1/3)/0.25 = 4/3.
  const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05];
  const labels = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0];
  const groupOf = ['a', 'b', 'a', null, 'a', 'b', 'a', 'b', 'a', 'b'];

  it('counts the top-k per group and compares rates with the largest group', () => {
    const audit = auditAttribute({ scores, labels, k: 4 }, 'group', groupOf);
    expect(audit.reference).toBe('a');
    expect(audit.groups).toEqual([
      {
        group: 'a',
        addresses: 5,
        positives: 1,
        selected: 2,
        selectionRate: 0.4,
        falsePositives: 1,
        falsePositiveRate: 0.25,
        selectionRatio: 1,
        falsePositiveRateRatio: 1,
      },
      expect.objectContaining({
        group: 'b',
        addresses: 4,
        positives: 1,
        selected: 1,
        selectionRate: 0.25,
        falsePositives: 1,
        selectionRatio: 0.625,
      }),
    ]);
    expect(audit.groups[1]!.falsePositiveRate).toBeCloseTo(1 / 3, 12);
    expect(audit.groups[1]!.falsePositiveRateRatio).toBeCloseTo(4 / 3, 12);
  });

  it('leaves rows without a group out of every group, while they still take a place in the top k', () => {
    const audit = auditAttribute({ scores, labels, k: 4 }, 'group', groupOf);
    // Row 3 (null) holds the fourth place; without it row 4 of group a would be selected.
    expect(audit.groups.map((g) => g.selected)).toEqual([2, 1]);
    expect(audit.groups.reduce((n, g) => n + g.addresses, 0)).toBe(9);
  });

  it('breaks ties at the k-th score by row order, the earlier row winning', () => {
    // Rows 1–3 tie at 0.5 for the second place: row 1 (group b) takes it.
    const audit = auditAttribute({ scores: [0.9, 0.5, 0.5, 0.5], labels: [0, 0, 0, 0], k: 2 }, 'group', ['a', 'b', 'c', 'c']);
    expect(audit.groups.map((g) => [g.group, g.selected])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 0],
    ]);
    const reordered = auditAttribute({ scores: [0.9, 0.5, 0.5, 0.5], labels: [0, 0, 0, 0], k: 2 }, 'group', ['a', 'c', 'b', 'c']);
    expect(reordered.groups.map((g) => [g.group, g.selected])).toEqual([
      ['a', 1],
      ['b', 0],
      ['c', 1],
    ]);
  });

  it('takes the group with most addresses as reference, equal sizes going to the first name', () => {
    const negatives = [0, 0, 0, 0, 0];
    expect(auditAttribute({ scores: [1, 2, 3, 4, 5], labels: negatives, k: 1 }, 'g', ['b', 'a', 'b', 'a', 'b']).reference).toBe('b');
    expect(auditAttribute({ scores: [1, 2, 3, 4, 5], labels: negatives, k: 1 }, 'g', ['b', 'a', 'b', 'a', null]).reference).toBe('a');
  });

  it('gives null for the false-positive rate of a group without negatives, and JSON keeps it', () => {
    const audit = audited('group', {
      a: { addresses: 10, positives: 1, falsePositives: 1 },
      c: { addresses: 3, positives: 3, falsePositives: 0, truePositives: 1 },
    });
    const c = audit.groups.find((g) => g.group === 'c')!;
    expect(c.falsePositiveRate).toBeNull();
    expect(c.falsePositiveRateRatio).toBeNull();
    // selection rate 1/3 against a's 1/10
    expect(c.selectionRatio).toBeCloseTo(10 / 3, 12);
    expect(JSON.parse(JSON.stringify(audit))).toEqual(audit);
  });

  it('gives ratio 1 when group and reference both have rate 0, and null when only the reference has', () => {
    const audit = audited('group', {
      a: { addresses: 10, positives: 0, falsePositives: 0 },
      b: { addresses: 5, positives: 1, falsePositives: 0, truePositives: 1 },
      c: { addresses: 4, positives: 0, falsePositives: 1 },
    });
    expect(audit.groups.map((g) => g.falsePositiveRateRatio)).toEqual([1, 1, null]);
  });

  it('refuses inputs of different length, labels other than 0/1 and k below 1', () => {
    expect(() => auditAttribute({ scores: [1, 2], labels: [0, 1], k: 1 }, 'g', ['a'])).toThrow(
      'scores (2), labels (2) and groups (1) differ in length',
    );
    expect(() => auditAttribute({ scores: [1, 2], labels: [0, 2], k: 1 }, 'g', ['a', 'a'])).toThrow('row 1: label is 2, expected 0 or 1');
    expect(() => auditAttribute({ scores: [1, 2], labels: [0, 1], k: 0 }, 'g', ['a', 'a'])).toThrow(
      'k must be a whole number of at least 1, not 0',
    );
    expect(() => auditAttribute({ scores: [1, 2], labels: [0, 1], k: 1 }, 'g', [null, null])).toThrow('attribute g: no row has a group');
  });
});

describe('checkFairness', () => {
  // FPR a = 10/1000 = 0.01 (reference); b = 16/1000 = 0.016, ratio 1.6 (fails);
  // c = 2/200 = 0.01, ratio 1 (passes); d has 50 addresses (not assessed).
  const audit = audited('group', {
    a: { addresses: 2000, positives: 1000, falsePositives: 10 },
    b: { addresses: 1000, positives: 0, falsePositives: 16 },
    c: { addresses: 200, positives: 0, falsePositives: 2 },
    d: { addresses: 50, positives: 0, falsePositives: 40 },
  });

  it('fails a group outside the bound, passes one within, and names rates, ratio and bound', () => {
    const gate = checkFairness([audit], DEFAULT_BOUNDS);
    expect(gate.passed).toBe(false);
    expect(gate.findings.map((f) => [f.group, f.passed, f.ratio])).toEqual([
      ['b', false, 1.6],
      ['c', true, 1],
      ['d', true, 80],
    ]);
    expect(gate.findings[0]!.reason).toBe('group b: false-positive rate 0.016 is 1.6 × that of group a (0.01); outside the bound 0.8–1.25');
    expect(gate.findings[1]!.reason).toBe('group c: false-positive rate 0.01 is 1 × that of group a (0.01); within the bound 0.8–1.25');
  });

  it('reports a group below the minimum size as not assessed, without failing the gate', () => {
    const gate = checkFairness([audit], [bound({ minimumGroupSize: 100 })]);
    expect(gate.findings[2]).toMatchObject({
      group: 'd',
      passed: true,
      reason: 'group d: not assessed, its 50 addresses are fewer than the minimum group size of 100',
    });
    const small = checkFairness([audit], [bound({ minimumGroupSize: 1001 })]);
    expect(small.passed).toBe(true);
    expect(small.findings.every((f) => f.reason.includes('not assessed'))).toBe(true);
  });

  it('passes ratios exactly on a bound, also when rounding lands just outside', () => {
    // 0.008 / 0.01 = 0.8; (25/120) / (17/102) = 1.25 but computes as 1.2500000000000002.
    const low = audited('group', {
      a: { addresses: 1000, positives: 0, falsePositives: 10 },
      b: { addresses: 500, positives: 0, falsePositives: 4 },
    });
    expect(checkFairness([low], [bound()]).passed).toBe(true);
    const high = audited('group', {
      a: { addresses: 132, positives: 30, falsePositives: 17 },
      b: { addresses: 120, positives: 0, falsePositives: 25 },
    });
    expect(high.groups[1]!.falsePositiveRateRatio).toBeGreaterThan(1.25);
    expect(checkFairness([high], [bound()]).passed).toBe(true);
    const over = audited('group', {
      a: { addresses: 132, positives: 30, falsePositives: 17 },
      b: { addresses: 120, positives: 0, falsePositives: 26 },
    });
    expect(checkFairness([over], [bound()]).passed).toBe(false);
  });

  it('fails a ratio that cannot be computed because the reference selected none of its negatives', () => {
    const zero = audited('group', {
      a: { addresses: 1000, positives: 0, falsePositives: 0 },
      b: { addresses: 500, positives: 0, falsePositives: 3 },
    });
    const gate = checkFairness([zero], [bound()]);
    expect(gate.passed).toBe(false);
    expect(gate.findings[0]).toMatchObject({
      ratio: null,
      passed: false,
      reason:
        'group b: false-positive rate 0.006 cannot be compared: that of the reference group a is 0 (none of its 1000 negatives is selected)',
    });
  });

  it('passes with ratio 1 when neither group has a false positive', () => {
    const none = audited('group', {
      a: { addresses: 1000, positives: 5, falsePositives: 0, truePositives: 5 },
      b: { addresses: 500, positives: 0, falsePositives: 0 },
    });
    const gate = checkFairness([none], [bound()]);
    expect(gate).toEqual({
      passed: true,
      findings: [
        expect.objectContaining({
          ratio: 1,
          passed: true,
          reason: 'group b: false-positive rate is 0, as is that of group a, so the ratio is 1; within the bound 0.8–1.25',
        }),
      ],
    });
  });

  it('fails a group without negatives, whose false-positive rate does not exist', () => {
    const allPositive = audited('group', {
      a: { addresses: 1000, positives: 0, falsePositives: 5 },
      c: { addresses: 100, positives: 100, falsePositives: 0 },
    });
    expect(checkFairness([allPositive], [bound()]).findings[0]).toMatchObject({
      passed: false,
      reason: 'group c: false-positive rate cannot be computed: all its 100 addresses are labelled positive',
    });
  });

  it('applies a selection-rate bound to the selection ratio', () => {
    // selection rate a = 10/1000 = 0.01, b = 8/500 = 0.016 → ratio 1.6 fails; c = 2/200 → 1 passes
    const selection = audited('group', {
      a: { addresses: 1000, positives: 5, falsePositives: 5, truePositives: 5 },
      b: { addresses: 500, positives: 300, falsePositives: 0, truePositives: 8 },
      c: { addresses: 200, positives: 0, falsePositives: 2 },
    });
    const gate = checkFairness([selection], [bound({ metric: 'selectionRate' })]);
    expect(gate.findings.map((f) => [f.metric, f.passed])).toEqual([
      ['selectionRate', false],
      ['selectionRate', true],
    ]);
    expect(gate.findings[0]!.reason).toBe('group b: selection rate 0.016 is 1.6 × that of group a (0.01); outside the bound 0.8–1.25');
  });

  it('does not apply a bound whose attribute was not audited', () => {
    expect(checkFairness([audit], [bound({ attribute: 'age' })])).toEqual({ passed: true, findings: [] });
    expect(checkFairness([], DEFAULT_BOUNDS)).toEqual({ passed: true, findings: [] });
  });
});

describe('parseAttributesCsv', () => {
  it('reads address ids and groups, accepting a BOM, CRLF and blank lines', () => {
    const groups = parseAttributesCsv('\uFEFFaddress_id,group\r\n17,a\r\n\r\n18, b \r\n', 'attrs.csv');
    expect([...groups]).toEqual([
      ['17', 'a'],
      ['18', 'b'],
    ]);
  });

  it('names file and line for a missing or wrong header', () => {
    expect(() => parseAttributesCsv('', 'attrs.csv')).toThrow(
      'attrs.csv line 1: missing header: expected exactly "address_id,group", but the file is empty',
    );
    expect(() => parseAttributesCsv('id,group\n1,a\n', 'attrs.csv')).toThrow(
      'attrs.csv line 1: missing header: expected exactly "address_id,group", but the first line is "id,group"',
    );
  });

  it('names file and line for a wrong column count and an empty value', () => {
    expect(() => parseAttributesCsv('address_id,group\n1,a\n2,b,c\n', 'attrs.csv')).toThrow(
      'attrs.csv line 3: expected 2 columns (address_id,group), found 3',
    );
    expect(() => parseAttributesCsv('address_id,group\n1,\n', 'attrs.csv')).toThrow('attrs.csv line 2, column group: the value is empty');
    expect(() => parseAttributesCsv('address_id,group\n ,a\n', 'attrs.csv')).toThrow(
      'attrs.csv line 2, column address_id: the value is empty',
    );
  });

  it('names both lines of a duplicate address id', () => {
    expect(() => parseAttributesCsv('address_id,group\n7,a\n8,a\n7,b\n', 'attrs.csv')).toThrow(
      'attrs.csv line 4, column address_id: address_id 7 appears on line 2 and again on line 4',
    );
  });
});

describe('formatFairness', () => {
  it('prints a table per attribute with the reference marked, and the gate findings', () => {
    const audit = audited('group', {
      a: { addresses: 1000, positives: 0, falsePositives: 10 },
      b: { addresses: 500, positives: 0, falsePositives: 8 },
      c: { addresses: 2, positives: 2, falsePositives: 0 },
    });
    const text = formatFairness([audit], checkFairness([audit], DEFAULT_BOUNDS));
    expect(text).toBe(
      [
        'Attribute group (reference * = a)',
        'group  addresses  selected  selection rate    FPR  FPR ratio',
        'a *         1000        10            0.01   0.01          1',
        'b            500         8           0.016  0.016        1.6',
        'c              2         0               0      –          –',
        '',
        'Fairness gate: FAILED (1 of 2 findings)',
        '  FAIL  group falsePositiveRate: group b: false-positive rate 0.016 is 1.6 × that of group a (0.01); outside the bound 0.8–1.25',
        '  pass  group falsePositiveRate: group c: not assessed, its 2 addresses are fewer than the minimum group size of 100',
        '',
      ].join('\n'),
    );
  });
});

describe('audits as stored', () => {
  it('keep no counts for groups under ten addresses, and everything else as audited', () => {
    // 12 addresses in group x, 3 in group y; the top 2 are rows 0 and 12.
    const scores = Array.from({ length: 15 }, (_, i) => (i === 0 || i === 12 ? 1 : 0));
    const labels = Array.from({ length: 15 }, () => 0);
    const groups = Array.from({ length: 15 }, (_, i) => (i < 12 ? 'x' : 'y'));
    const audit = auditAttribute({ scores, labels, k: 2 }, 'group', groups);
    const [stored] = auditsForStorage([audit]);
    expect(stored!.groups[0]).toEqual(audit.groups[0]);
    expect(stored!.groups[1]).toEqual({ group: 'y', suppressed: 'fewer than 10 addresses: counts not stored' });
  });
});
