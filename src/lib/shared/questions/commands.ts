/** Question-queue commands, in the order of the command reference. */
import { askCommands } from './ask.js';
import { boardQuestionCommands } from './from-board.js';
import { carryCommands } from './carry.js';
import { moderateCommands } from './moderate.js';
import { respondCommands } from './respond.js';

export const questionCommands = [...askCommands, ...boardQuestionCommands, ...respondCommands, ...moderateCommands, ...carryCommands] as const;
