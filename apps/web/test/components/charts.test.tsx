import { render, screen, within } from '@testing-library/react';
import { BarChart } from '../../src/client/components/bar-chart';
import { createI18n, I18nProvider } from '../../src/client/i18n/i18n';
import { en, vi } from '../../src/client/i18n/messages';
import { quarterChartData, type OrganizationPageData } from '../../src/client/pages/organization-page';

describe('BarChart', () => {
  test('bars in proportion to the largest figure, target marks, and the same figures as a table', () => {
    render(
      <BarChart
        caption="Admissions by quarter in 2024 against the target"
        valueHeader="Admitted"
        targetHeader="Target"
        data={[
          { key: 'q1', label: 'Q1', value: 3, target: 4 },
          { key: 'q2', label: 'Q2', value: 8, target: 4 },
          { key: 'q3', label: 'Q3', value: 0, target: null },
        ]}
      />,
    );
    const svg = screen.getByRole('img', { name: 'Admissions by quarter in 2024 against the target' });
    const bars = svg.querySelectorAll('rect.chart-bar');
    // 620 wide, 250 for labels and 90 for values: 280 px for the largest figure (8).
    expect([...bars].map((b) => b.getAttribute('width'))).toEqual(['105', '280', '0']);
    const targets = svg.querySelectorAll('line.chart-target');
    expect([...targets].map((l) => l.getAttribute('x1'))).toEqual(['390', '390']);
    const table = screen.getByRole('table', { name: 'Admissions by quarter in 2024 against the target' });
    expect(within(table).getAllByRole('row').map((r) => r.textContent)).toEqual([' AdmittedTarget', 'Q134', 'Q284', 'Q30–']);
  });
});

const org = (over: Partial<NonNullable<OrganizationPageData['organization']>>) => ({ admissionTarget: null, admissions: { total: 0, byQuarter: [] }, ...over }) as unknown as NonNullable<OrganizationPageData['organization']>;

describe('quarterChartData', () => {
  test('quarterly targets and achievement when the committee set them', () => {
    const data = quarterChartData(
      org({
        admissionTarget: { hasTarget: true, target: 15, admitted: 17, achievementRate: 1.1333, quarters: [1, 2, 3, 4].map((q) => ({ quarter: q, target: q === 4 ? 3 : 4, admitted: [2, 5, 6, 4][q - 1]!, achievementRate: null })) },
      }),
      (q) => `Q${q}`,
    );
    expect(data).toEqual([
      { key: 'q1', label: 'Q1', value: 2, target: 4 },
      { key: 'q2', label: 'Q2', value: 5, target: 4 },
      { key: 'q3', label: 'Q3', value: 6, target: 4 },
      { key: 'q4', label: 'Q4', value: 4, target: 3 },
    ]);
  });
  test('without a target, the admissions by quarter alone', () => {
    const data = quarterChartData(org({ admissions: { total: 3, byQuarter: [{ key: '2', count: 1 }, { key: '3', count: 2 }] } }), (q) => `Q${q}`);
    expect(data.map((d) => [d.value, d.target])).toEqual([[0, null], [1, null], [2, null], [0, null]]);
  });
});

describe('i18n', () => {
  test('Vietnamese and English have the same texts, with the same placeholders', () => {
    expect(Object.keys(vi).sort()).toEqual(Object.keys(en).sort());
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect([key, holes(vi[key])]).toEqual([key, holes(en[key])]);
  });
  test('dates, numbers and percentages in the chosen language', () => {
    const e = createI18n('en');
    const v = createI18n('vi');
    expect(e.date('2024-12-31')).toBe('31 Dec 2024');
    expect(v.date('2024-12-31')).toBe('31 thg 12, 2024');
    expect(e.number(22551)).toBe('22,551');
    expect(v.number(22551)).toBe('22.551');
    expect(e.percent(1.06)).toBe('106%');
    expect(v.percent(1.7333)).toBe('173,3%');
    expect(v.t('org.admitted', { year: 2024 })).toBe('Kết nạp năm 2024');
  });
  test('the provider switches the page language', () => {
    render(
      <I18nProvider locale="vi">
        <span />
      </I18nProvider>,
    );
    expect(document.documentElement.lang).toBe('vi');
  });
});
