export { sampleRoutes } from './routes.ts';
export { memberProbability } from './store.ts';
