/** Who the token says one is, and the feature catalogue: for every role, no address-level data. */
import { z } from 'zod';
import { FEATURE_CATALOGUE } from '../../features/index.ts';
import { langSchema } from '../http/fields.ts';
import { route } from '../http/route.ts';
import { PERMISSIONS, permissionsOf } from '../permissions.ts';

export const sessionRoutes = [
  route({
    method: 'get',
    path: '/me',
    action: 'session:read',
    summary: 'Who the token says you are, your roles and what they allow',
    response: z.object({
      subject: z.string(),
      name: z.string(),
      roles: z.array(z.string()),
      permissions: z.array(z.object({ action: z.string(), description: z.string(), purpose: z.boolean() })),
      expiresAt: z.string(),
    }),
    async handler({ principal }) {
      return {
        body: {
          subject: principal.subject,
          name: principal.name,
          roles: principal.roles,
          permissions: permissionsOf(principal.roles).map((action) => ({
            action,
            description: PERMISSIONS[action].description,
            purpose: PERMISSIONS[action].purpose,
          })),
          expiresAt: new Date(principal.expiresAt * 1000).toISOString(),
        },
      };
    },
  }),
  route({
    method: 'get',
    path: '/features',
    action: 'session:read',
    summary:
      'The feature catalogue: every input a model may see, what it measures, its sources, how missing data is treated and why it is used',
    query: z.strictObject({ lang: langSchema }),
    response: z.object({
      items: z.array(
        z.object({
          name: z.string(),
          group: z.string(),
          unit: z.string(),
          description: z.string(),
          sources: z.array(z.string()),
          missing: z.string(),
          purpose: z.string(),
        }),
      ),
    }),
    async handler({ query }) {
      return {
        body: {
          items: FEATURE_CATALOGUE.map((f) => ({
            name: f.name,
            group: f.group,
            unit: f.unit,
            description: f.description[query.lang],
            sources: [...f.sources],
            missing: f.missing,
            purpose: f.purpose,
          })),
        },
      };
    },
  }),
];
