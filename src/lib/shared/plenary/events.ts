/** Events of the plenary slice. */
import type { PlenaryState } from './types.js';

export type PlenaryEvent = { type: 'plenary.viewChanged'; view: PlenaryState['view'] };
