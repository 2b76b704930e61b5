// Where the end-to-end suite finds a Chromium: CHROMIUM_PATH, else Debian's package
// (apt-get install chromium → /usr/bin/chromium), else none (the suite is then skipped, loudly).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { existsSync } = require('node:fs');

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

module.exports = { findChromium };
