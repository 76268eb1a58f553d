/** Question-queue commands. */
export const questionCommands = [] as const;
