// Three projects: component tests in jsdom (React through SWC); the web server in node; and
// the end-to-end suite in node (the real platform started by the test, a real headless
// Chromium driven by playwright-core) whenever a Chromium is found — otherwise it says so loudly.
const fs = require('node:fs');
const path = require('node:path');
const preset = require('@party/testing/jest-preset');
const { findChromium } = require('./test/e2e/chromium');

const swc = [
  require.resolve('@swc/jest'),
  {
    jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' },
    module: { type: 'commonjs' },
  },
];

const chromium = findChromium();
if (!chromium) {
  const why = "END-TO-END TESTS OF THE WEB CLIENT SKIPPED: no Chromium found. Set CHROMIUM_PATH, or install Debian's package: apt-get install -y chromium";
  const line = '!'.repeat(100);
  process.stderr.write(`\n${line}\n!! ${why}\n${line}\n\n`);
  // scripts/test.mjs repeats it next to the closing line of `npm test`.
  fs.mkdirSync(path.join(__dirname, 'test-results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'test-results', 'skipped.txt'), why + '\n');
}

module.exports = {
  projects: [
    {
      displayName: 'components',
      rootDir: __dirname,
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/test/components/**/*.test.tsx'],
      transform: { '^.+\\.(ts|tsx)$': swc },
      setupFilesAfterEnv: ['<rootDir>/test/components/setup.ts'],
    },
    {
      displayName: 'server',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/server/**/*.test.ts'],
      transform: { '^.+\\.ts$': swc },
    },
    ...(chromium
      ? [
          {
            ...preset,
            displayName: 'e2e',
            rootDir: __dirname,
            testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
            transform: { '^.+\\.ts$': swc },
            testTimeout: 300000,
          },
        ]
      : []),
  ],
};
