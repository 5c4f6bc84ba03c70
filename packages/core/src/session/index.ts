export { createSessionTracker } from './tracker.js';
export type { EnforcementLevel, SessionObservation, SessionTracker } from './tracker.js';
