import { describe, expect, it } from 'vitest';
import { controlsCsv } from '../../service/controls/csv.ts';
import type { Control } from '../../service/controls/view.ts';
import { parseCsv } from '../support/csv.ts';

/**
 * The export the interventieteam opens in a spreadsheet: Dutch headers and words unless
 * English is asked for, the RIEC's decision with its legal basis (not its reason: free text that could tell a sample's control), the outcome,
 * and a 16-digit address id that keeps its leading zero.
 */
const control = (over: Partial<Control> = {}): Control => ({
  id: 7,
  addressId: '0034010000000123',
  address: {
    street: 'Één Straat',
    houseNumber: 12,
    houseSuffix: 'A',
    postcode: '1234AB',
    district: 'Wijk 1',
    neighbourhood: 'Buurt 2',
  } as Control['address'],
  status: 'outcome_recorded',
  priority: 1,
  plannedFor: '2026-12-01',
  approvedAt: '2026-11-20T10:00:00.000Z',
  approvedOn: '2026-11-20',
  reasons: ['Hoog stroomverbruik', 'Meldingen; van buren'],
  legalBasis: 'art. 13b Opiumwet',
  outcome: 'nothing_found',
  inspectionId: 'SVC-1',
  inspectedOn: '2026-12-02',
  outcomeAt: '2026-12-02T12:00:00.000Z',
  corrections: [],
  ...over,
});

describe('the controls export', () => {
  it('Excel form: byte-order mark, `;`, Dutch headers and words, the id as text with its leading zero', () => {
    const text = controlsCsv([control(), control({ id: 8, status: 'control_planned', outcome: null, inspectedOn: null })], ';', 'nl');
    const csv = parseCsv(text, ';');
    expect(csv.bom).toBe(true);
    expect(csv.header).toEqual([
      'Controle',
      'Prioriteit',
      'Status',
      'Gepland op',
      'Adres-id (BAG)',
      'Straat',
      'Huisnummer',
      'Toevoeging',
      'Postcode',
      'Wijk',
      'Buurt',
      'Redenen',
      'RIEC-besluit',
      'Besloten op',
      'Rechtsgrond',
      'Uitkomst',
      'Gecontroleerd op',
    ]);
    // Excel and LibreOffice show `="…"` as its text: all 16 digits, the zero first.
    expect(text).toContain(';="0034010000000123";');
    const [done, planned] = csv.rows;
    expect(done!['Adres-id (BAG)']).toBe('0034010000000123');
    expect(done!['Status']).toBe('uitkomst vastgelegd');
    expect(done!['Uitkomst']).toBe('niets aangetroffen');
    expect(done!['RIEC-besluit']).toBe('goedgekeurd');
    expect(done!['Besloten op']).toBe('2026-11-20');
    expect(done!['Rechtsgrond']).toBe('art. 13b Opiumwet');
    expect(done!['Straat']).toBe('Één Straat');
    expect(done!['Redenen']).toBe('Hoog stroomverbruik | Meldingen; van buren');
    expect(planned!['Status']).toBe('controle gepland');
    expect(planned!['Uitkomst']).toBe('');
  });

  it('does not let text that starts like a formula run in a spreadsheet', () => {
    const csv = parseCsv(controlsCsv([control({ legalBasis: '=HYPERLINK("x") art. 13b' })], ';', 'nl'), ';');
    expect(csv.rows[0]!['Rechtsgrond']).toBe(`'=HYPERLINK("x") art. 13b`);
  });

  it('plain form: `,`, no byte-order mark, the id as its digits; English when asked for', () => {
    const csv = parseCsv(controlsCsv([control()], ',', 'en'), ',');
    expect(csv.bom).toBe(false);
    expect(csv.header.slice(0, 5)).toEqual(['Control', 'Priority', 'Status', 'Planned for', 'Address id (BAG)']);
    expect(csv.rows[0]).toMatchObject({
      'Address id (BAG)': '0034010000000123',
      Status: 'outcome recorded',
      Outcome: 'nothing found',
      'RIEC decision': 'approved',
      'Legal basis': 'art. 13b Opiumwet',
    });
  });
});
