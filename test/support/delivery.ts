import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryDirectory } from './tmp.ts';

/** A contract-valid address row with the given overrides, for small hand-built deliveries. */
export function addressRow(id: number, overrides: Partial<Record<string, string>> = {}): Record<string, string> {
  return {
    address_id: `0034010000${String(id).padStart(6, '0')}`,
    postcode: '1351AB',
    house_number: String(id),
    house_suffix: '',
    street: 'Lindelaan',
    district_code: 'WK003401',
    neighbourhood_code: 'BU00340101',
    x_rd: '145000.5',
    y_rd: '485000.25',
    building_year: '1985',
    floor_area_m2: '90',
    dwelling_type: 'terraced',
    ownership: 'social_rent',
    owner_is_company: 'false',
    woz_value_eur: '250000',
    ...overrides,
  };
}

export const addressIdOf = (id: number) => `0034010000${String(id).padStart(6, '0')}`;

/** Writes a delivery directory: per file a list of rows (objects: header from the first). */
export function writeDelivery(files: Record<string, Array<Record<string, string>> | string | Buffer>): string {
  const dir = temporaryDirectory('delivery');
  for (const [file, content] of Object.entries(files)) {
    if (typeof content === 'string' || Buffer.isBuffer(content)) {
      writeFileSync(join(dir, file), content);
      continue;
    }
    const header = Object.keys(content[0] ?? {});
    const lines = [header.join(','), ...content.map((row) => header.map((h) => row[h] ?? '').join(','))];
    writeFileSync(join(dir, file), `${lines.join('\n')}\n`);
  }
  return dir;
}
