module.exports = { ...require('@party/testing/jest-preset'), rootDir: __dirname };
