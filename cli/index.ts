/** The hennep command: its entry point, and the database context the bench reuses. */
export { main } from './main.ts';
export { withDatabase } from './context.ts';
