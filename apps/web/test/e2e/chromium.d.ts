/** Path of a Chromium to drive, or null when none is installed. */
export function findChromium(env?: Record<string, string | undefined>): string | null;
