/** The audited HTTP service: the app, its server, tokens and the roles, and the OpenAPI document: what the CLI and the bench use. */
export { createApp, VERSION } from './app.ts';
export { createAuthenticator, mintToken, parseTtl } from './auth.ts';
export { sendJson } from './http.ts';
export { parseHead } from './audit.ts';
export { existingKeyId, verifyAuditLogWithCheckpoints, type CheckpointReport } from './checkpoints/index.ts';
export { ROLES, type Role, isRole } from './permissions.ts';
export { serve } from './server.ts';
export { openApiDocument } from './openapi.ts';
export { ROUTES } from './routes/index.ts';
