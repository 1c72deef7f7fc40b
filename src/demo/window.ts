import { dayOf } from './calendar.ts';

/** The demo's three years of trading. Fixed, so the demo never changes with the day it is built. */
export const firstTradingDay = dayOf('2023-01-01');
export const lastTradingDay = dayOf('2025-12-31');
