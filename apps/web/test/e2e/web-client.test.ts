import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from './chromium';
import { startPlatformProcess, stopStartedPlatforms, type PlatformProcess } from './platform-process';

// The web client end to end: the platform started by the README's start command on a fresh
// database, a real headless Chromium, the officer's path through the application.
// Screenshots go to apps/web/test-results/e2e/.
const SHOTS = path.join(__dirname, '..', '..', 'test-results', 'e2e');
jest.setTimeout(120000);

let platform: PlatformProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

async function shot(name: string, fullPage = true) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

async function signIn(userLabel: RegExp) {
  await page.goto(`${platform.webUrl}/signin`);
  await page.getByRole('button', { name: userLabel }).click();
  await page.getByRole('tree', { name: 'Committee tree' }).waitFor();
}

async function signOut() {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
}

const row = (code: string) => page.locator(`[role="treeitem"][data-code="${code}"]`);

/** Waits until the tree row of `code` has the attribute `name` = `value`. */
async function expectRowAttr(code: string, name: string, value: string) {
  await page.waitForFunction(([c, n, v]) => document.querySelector(`[role="treeitem"][data-code="${c}"]`)?.getAttribute(n) === v, [code, name, value] as const, { timeout: 20000 });
}

/** Opens a tree node with the keyboard (WAI-ARIA: focus it, then Right). */
async function openWithKeyboard(code: string) {
  await row(code).click();
  await page.keyboard.press('ArrowRight');
  await expectRowAttr(code, 'aria-expanded', 'true');
}

async function figure(label: string): Promise<number> {
  const text = await page.locator('.figure', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('.figure-value').innerText();
  return Number(text.replace(/[^\d]/g, ''));
}

async function gql<T = any>(query: string, token: string): Promise<T> {
  const res = await fetch(`${platform.webUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
  const body = (await res.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function demoToken(userId: string): Promise<string> {
  const res = await fetch(`${platform.webUrl}/demo/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
  return ((await res.json()) as { token: string }).token;
}

async function axe(name: string): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')) }));
  });
  const serious = result.filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length) console.error(`axe on ${name}:`, JSON.stringify(serious, null, 2));
  return serious;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  platform = await startPlatformProcess();
  browser = await chromium.launch({
    executablePath: findChromium()!,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  // bypassCSP: axe-core is injected as a script tag, which the application's CSP would refuse.
  context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB', bypassCSP: true });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 300000);

afterAll(async () => {
  await browser?.close();
  await stopStartedPlatforms();
}, 60000);

test('sign in as the province officer; the scope decides the tree; no serious accessibility violation on sign-in', async () => {
  await page.goto(`${platform.webUrl}/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  expect(await axe('sign-in')).toEqual([]);
  await shot('01-sign-in');
  await page.getByRole('button', { name: /province officer/ }).click();
  await page.getByRole('tree', { name: 'Committee tree' }).waitFor();
  // Today the province officer's scope shows Khánh Hòa (Ninh Thuận was merged into it on 2025-07-01).
  await row('KHANH_HOA').waitFor();
  expect(await row('NINH_THUAN').count()).toBe(0);
});

test('on 31 Dec 2024 the tree opens three levels down, lazily, with the keyboard', async () => {
  await page.getByRole('button', { name: '31 Dec 2024' }).click();
  await row('NINH_THUAN').waitFor();
  await openWithKeyboard('NINH_THUAN');
  await row('NINH_HAI').waitFor();
  expect(await row('NINH_HAI').getAttribute('aria-level')).toBe('2');
  await openWithKeyboard('NINH_HAI');
  // Right again enters Ninh Hải's first child; Down walks (and scrolls) to the first one that has children.
  const tree = page.getByRole('tree');
  await page.locator('[role="treeitem"][aria-level="3"][data-code]').first().waitFor();
  await page.keyboard.press('ArrowRight');
  const active = () => page.evaluate(() => {
    const el = document.getElementById(document.querySelector('[role="tree"]')!.getAttribute('aria-activedescendant')!);
    return { code: el?.getAttribute('data-code') ?? null, level: el?.getAttribute('aria-level'), expanded: el?.getAttribute('aria-expanded') };
  });
  let current = await active();
  for (let i = 0; i < 500 && current.expanded !== 'false'; i++) {
    expect(current.level).toBe('3');
    await page.keyboard.press('ArrowDown');
    current = await active();
  }
  expect(current).toMatchObject({ level: '3', expanded: 'false' });
  const third = current.code!;
  await page.keyboard.press('ArrowRight');
  await expectRowAttr(third, 'aria-expanded', 'true');
  await page.locator('[role="treeitem"][aria-level="4"][data-code]').first().waitFor();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => {
    const el = document.getElementById(document.querySelector('[role="tree"]')!.getAttribute('aria-activedescendant')!);
    return el?.getAttribute('aria-level') === '4' && el.hasAttribute('data-code');
  }, undefined, { timeout: 20000 });
  expect(await row(third).innerText()).toMatch(/\d+ members/);
  // Left goes back to the parent.
  await page.keyboard.press('ArrowLeft');
  expect(await tree.getAttribute('aria-activedescendant')).toBe(await row(third).getAttribute('id'));
  await shot('02-tree-three-levels', false);
});

test('searching "ninh hai" lands on Ninh Hải with its ancestors open; the organisation page passes axe', async () => {
  await page.goto(`${platform.webUrl}/?asOf=2024-12-31`);
  await row('NINH_THUAN').waitFor();
  expect(await row('NINH_THUAN').getAttribute('aria-expanded')).toBe('false');
  await page.getByRole('combobox', { name: 'Search organisations' }).fill('ninh hai');
  await page
    .getByRole('option')
    .filter({ has: page.locator('.hit-name', { hasText: /^Đảng bộ huyện Ninh Hải$/ }) })
    .click();
  await expectRowAttr('NINH_HAI', 'aria-selected', 'true');
  expect(await row('NINH_THUAN').getAttribute('aria-expanded')).toBe('true');
  await page.getByRole('heading', { level: 1, name: /Đảng bộ huyện Ninh Hải/ }).waitFor();
  const crumbs = page.getByRole('navigation', { name: 'Committee tree' });
  expect(await crumbs.getByRole('link').allInnerTexts()).toEqual(['Đảng bộ tỉnh Ninh Thuận']);
  expect(page.url()).toContain('asOf=2024-12-31');
  await page.getByRole('table').first().waitFor();
  expect(await figure('Members')).toBeGreaterThan(0);
  expect(await axe('organisation page')).toEqual([]);
  await shot('03-organization-page', false);
  const main = (await page.locator('main').boundingBox())!;
  await page.screenshot({ path: path.join(SHOTS, '03-organization-page-top.png'), fullPage: true, clip: { x: main.x, y: main.y, width: main.width, height: Math.min(main.height, 1500) } });
  await shot('03-organization-page-full');
});

test('switching the as-of day to today: the district is gone from the tree', async () => {
  await page.getByRole('button', { name: 'Today', exact: true }).click();
  await row('KHANH_HOA').waitFor();
  await page.waitForFunction(() => !document.querySelector('[role="treeitem"][data-code="NINH_HAI"]'), undefined, { timeout: 20000 });
  expect(await row('NINH_THUAN').count()).toBe(0);
  // Ninh Hải did not exist today: the page says so instead of showing stale figures.
  await page.waitForFunction(() => !document.querySelector('h1')?.textContent?.includes('Ninh Hải'), undefined, { timeout: 20000 });
  const said = await page.locator('main').innerText();
  expect(said).toMatch(/Not found: it did not exist on \d+ \w+ \d{4}, or it lies outside your scope\./);
  await openWithKeyboard('KHANH_HOA');
  await row('XA_NINH_HAI').waitFor();
  await shot('04-today');
});

test('admitting a member changes the count by one; the member page passes axe', async () => {
  const token = await demoToken('province.officer');
  const data = await gql<{ organizationRoots: { prospects: { edges: { node: { id: string; fullName: string; organization: { id: string; code: string } } }[] } }[] }>(
    '{ organizationRoots { id prospects(stage: COMMITTEE_RESOLUTION, first: 5) { edges { node { id fullName organization { id asOf code } } } } } }',
    token,
  );
  const prospect = data.organizationRoots.flatMap((r) => r.prospects.edges.map((e) => e.node))[0];
  expect(prospect).toBeDefined();
  const cell = prospect!.organization.code;
  await page.goto(`${platform.webUrl}/org/${cell}`);
  await page.getByRole('heading', { name: 'Key figures' }).waitFor();
  const before = await figure('Members');
  const countBefore = (await gql<{ organization: { memberCount: number } }>(`{ organization(code: "${cell}") { id asOf memberCount } }`, token)).organization.memberCount;
  expect(before).toBe(countBefore);

  await page.getByRole('button', { name: `Admit… ${prospect!.fullName}` }).click();
  const form = page.getByRole('form', { name: `Admit ${prospect!.fullName}` });
  // The form checks before sending: no decision reference, no request.
  await form.getByRole('button', { name: 'Record' }).click();
  await form.getByText('Required').waitFor();
  await form.getByLabel(/Decision reference/).fill('E2E-17-QĐ/HU');
  await form.getByRole('button', { name: 'Record' }).click();
  await page.getByRole('status').filter({ hasText: `Recorded. ${prospect!.fullName}` }).waitFor();
  await page.waitForFunction(
    ([n]) => {
      const dt = [...document.querySelectorAll('.figure dt')].find((d) => d.textContent === 'Members');
      return dt && Number(dt.parentElement!.querySelector('.figure-value')!.textContent!.replace(/[^\d]/g, '')) === n;
    },
    [before + 1] as const,
    { timeout: 20000 },
  );
  expect(await figure('Members')).toBe(before + 1);
  const countAfter = (await gql<{ organization: { memberCount: number } }>(`{ organization(code: "${cell}") { id asOf memberCount } }`, token)).organization.memberCount;
  expect(countAfter).toBe(countBefore + 1);
  await shot('05-admitted');

  await page.getByRole('searchbox', { name: 'Name', exact: true }).fill(prospect!.fullName);
  await page.getByRole('link', { name: prospect!.fullName }).first().click();
  await page.getByRole('heading', { level: 1, name: prospect!.fullName }).waitFor();
  await page.getByText('Probationary').first().waitFor();
  await page.getByRole('button', { name: 'Transfer', exact: true }).click();
  await page.getByRole('form', { name: 'Transfer', exact: true }).waitFor();
  expect(await axe('member page')).toEqual([]);
  await shot('06-member-page');
});

test('Vietnamese and English switch the whole page, dates and numbers included', async () => {
  await page.goto(`${platform.webUrl}/org/NINH_HAI?asOf=2024-12-31`);
  await page.getByRole('heading', { name: 'Key figures' }).waitFor();
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await page.getByRole('heading', { name: 'Số liệu chính' }).waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe('vi');
  await page.getByText('Cây tổ chức tại ngày 31 thg 12, 2024').waitFor();
  await shot('07-vietnamese');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Key figures' }).waitFor();
});

test('a forbidden organisation gives a clear message', async () => {
  await signOut();
  await signIn(/district officer/);
  await page.goto(`${platform.webUrl}/org/NINH_THUAN?asOf=2024-12-31`);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  expect(await alert.innerText()).toContain('You do not have access to this organisation. It lies outside your scope (NINH_THUAN).');
  // What the district officer does reach: Ninh Hải on 31 Dec 2024.
  await row('NINH_HAI').waitFor();
  expect(await page.getByRole('treeitem').count()).toBe(1);
  await shot('08-forbidden');
});

test('no uncaught error in the page on the way', () => {
  expect(pageErrors).toEqual([]);
});
