/** What the test helpers read from the environment (set by the jest global setup or the caller). */
export interface TestEnvironment {
  /** Administrative URL of the test server. */
  adminUrl: string | undefined;
  /** Log level of services started by the harness (default: silent). */
  logLevel: string;
}

export function testEnvironment(env: Record<string, string | undefined> = process.env): TestEnvironment {
  return { adminUrl: env.TEST_ADMIN_URL ?? env.TEST_DATABASE_URL, logLevel: env.TEST_LOG_LEVEL ?? 'silent' };
}
