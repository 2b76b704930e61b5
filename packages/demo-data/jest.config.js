// Pure functions: no database, so none of the preset's PostgreSQL setup.
const preset = require('../testing/jest-preset');
module.exports = { ...preset, globalSetup: undefined, globalTeardown: undefined, rootDir: __dirname };
