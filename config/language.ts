/** The languages the product speaks: Dutch first (the users' language), English for reviewers. */

export const LANGUAGES = ['nl', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
