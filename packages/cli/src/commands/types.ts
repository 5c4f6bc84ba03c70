// How a command hands its work to the program: the runner supplies the I/O,
// records the exit status, and turns thrown errors into the one-line message.
import type { Io } from '../io.js';

export type CommandRunner = (body: (io: Io) => Promise<number> | number) => Promise<void>;
