/** The path parameters of a signal's routes; the interventieteam's controls are signals too. */
import { z } from 'zod';
import { wholeNumber } from '../http/fields.ts';

/** A signal's id in a path. */
export const idParams = z.object({ id: wholeNumber('a signal id is a positive integer') });
