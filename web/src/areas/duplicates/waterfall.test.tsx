// The waterfall: each compared field's weight (term frequency folded in) as a signed bar in field
// order, the prior first, and the total with its probability.
import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { WaterfallChart } from './waterfall.tsx';
import type { Waterfall } from './types.ts';

const waterfall: Waterfall = {
  priorWeight: -8.5,
  steps: [
    { column: 'given_name', level: 'exact', m: 0.7, u: 0.003, weight: 7.7, termFrequencyAdjustment: -3.3 },
    { column: 'email', level: 'exact', m: 0.7, u: 0.002, weight: 8.3, termFrequencyAdjustment: 0 },
    { column: 'birth_date', level: 'null', m: null, u: null, weight: 0, termFrequencyAdjustment: 0 },
    { column: 'phone', level: 'different', m: 0.1, u: 0.9, weight: -3.2, termFrequencyAdjustment: 0 },
  ],
};

describe('match waterfall', () => {
  it('lists the prior and every field with its signed weight and draws bars to scale', () => {
    render(<MantineProvider><WaterfallChart waterfall={waterfall} matchWeight={1} probability={0.6667} /></MantineProvider>);
    const list = screen.getByRole('list', { name: 'Match weight by field' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual([
      'Starting odds (prior)−8.5',
      'Given name: exact (common value −3.3)+4.4',
      'Email: exact+8.3',
      'Birth date: missing on a side+0.0',
      'Phone: different−3.2',
    ]);
    // Bars scale to the largest magnitude (8.5 = half the width each side of the centre line).
    const bars = within(list).getAllByTestId('bar') as HTMLElement[];
    expect(bars[0]!.style.width).toBe('50%');
    expect(bars[0]!.style.left).toBe('0%');
    expect(parseFloat(bars[2]!.style.width)).toBeCloseTo((8.3 / 8.5) * 50, 5);
    expect(bars[2]!.style.left).toBe('50%');
    expect(bars[4]!.style.left).toBe(`${50 - (3.2 / 8.5) * 50}%`);
    expect(screen.getByText('Total +1.0')).toBeTruthy();
    expect(screen.getByText('66.7% likely the same')).toBeTruthy();
  });
});
