module.exports = { ...require('../testing/jest-preset'), rootDir: __dirname };
