import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPurpose } from '../../service/http/purpose.ts';
import { ACTIONS, grantingRole, PERMISSIONS, permissionsOf, ROLES } from '../../service/permissions.ts';
import { ROUTES } from '../../service/routes.ts';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('permissions table', () => {
  it('grants an action only to the roles listed, and nothing to no role', () => {
    for (const action of ACTIONS) {
      for (const role of ROLES)
        expect(grantingRole([role], action) !== null, `${role} ${action}`).toBe(
          (PERMISSIONS[action].roles as readonly string[]).includes(role),
        );
      expect(grantingRole([], action)).toBeNull();
    }
    expect(permissionsOf(['interventieteam'])).toEqual(['session:read', 'controls:read', 'controls:plan', 'controls:outcome']);
    expect(permissionsOf(['beheerder']).some((a) => PERMISSIONS[a].purpose)).toBe(false);
  });

  it('is documented in the README row by row, as in the code', () => {
    for (const action of ACTIONS) {
      const row = README.split('\n').find((line) => line.startsWith(`| \`${action}\` |`));
      expect(row, `README lacks ${action}`).toBeDefined();
      const cells = row!
        .split('|')
        .slice(2, 2 + ROLES.length + 1)
        .map((c) => c.trim());
      const roles = ROLES.filter((_, i) => cells[i] === '✓');
      expect(roles, action).toEqual(ROLES.filter((r) => (PERMISSIONS[action].roles as readonly string[]).includes(r)));
      expect(cells[ROLES.length] === 'yes', `${action} purpose`).toBe(PERMISSIONS[action].purpose);
    }
  });

  it('lists every route in the README with its permission', () => {
    for (const route of ROUTES)
      expect(README, `${route.method} ${route.path}`).toContain(
        `| \`${route.method.toUpperCase()} /api/v1${route.path}\` | \`${route.action}\` |`,
      );
  });
});

describe('purpose binding', () => {
  it('asks for a purpose of at least 10 letters or digits or a case reference', () => {
    expect(checkPurpose(null)).toContain('needs a purpose');
    expect(checkPurpose('kijken')).toContain('has 6 letters or digits');
    expect(checkPurpose('Onderzoek melding wijk 3')).toBeNull();
    expect(checkPurpose('RIEC-2026-42')).toBeNull();
    expect(checkPurpose('ZK-2026-123456')).toBeNull();
    expect(checkPurpose('x'.repeat(501))).toContain('at most 500');
    expect(checkPurpose('Ｏｎｄｅｒｚｏｅｋ ｗｉｊｋ')).toBeNull();
  });

  it('is not fooled by short references, invisible characters, marks or symbols', () => {
    for (const short of ['AB', 'OK', 'X1', 'ZK123456', 'RIEC-26-1', 'RIEC-1'])
      expect(checkPurpose(short), short).toContain('letters or digits');
    expect(checkPurpose('\u200b'.repeat(10))).toContain('U+200B');
    expect(checkPurpose('ab\u202ecdefghijkl')).toContain('U+202E');
    expect(checkPurpose('Onderzoek\u0000 zaak 2026-1')).toContain('U+0000');
    expect(checkPurpose('Onderzoek\u0085zaak 2026-1')).toContain('U+0085');
    expect(checkPurpose('Onderzoek\u2028zaak 2026-1')).toContain('U+2028');
    expect(checkPurpose('\u2800'.repeat(12))).toContain('has 0 letters or digits');
    expect(checkPurpose(`a${'\u0301'.repeat(12)}`)).toContain('has 1 letters or digits');
    expect(checkPurpose('🙂'.repeat(500))).toContain('has 0 letters or digits');
  });
});
