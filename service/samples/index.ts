/** The random sample stream: its routes, and the chance a sample's member was drawn with (for the inspection it becomes). */
export { sampleRoutes } from './routes.ts';
export { memberProbability } from './store.ts';
