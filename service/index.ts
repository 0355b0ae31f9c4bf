/** The audited HTTP service: the app, its server, tokens and the roles, and the OpenAPI document: what the CLI and the bench use. */
import { packageVersion } from '../config/index.ts';

export { createApp } from './app.ts';
export { createAuthenticator, mintToken, parseTtl } from './auth/index.ts';
export { sendJson } from './http/respond.ts';
export { existingKeyId, parseHead, verifyAuditLogWithCheckpoints, type CheckpointReport } from './audit/index.ts';
export { ROLES, type Role, isRole } from './permissions.ts';
export { serve } from './server.ts';
export { openApiDocument } from './openapi.ts';
export { ROUTES } from './routes.ts';

/** The release this service reports, read from package.json on first use (never at import). */
export const VERSION = packageVersion;
