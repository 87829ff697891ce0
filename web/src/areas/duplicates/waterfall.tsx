// Why a pair scored as it did: the prior, then each compared field's match weight (with the term
// frequency adjustment folded in) as a signed bar, and the total with its probability. Weights are
// in bits: +1 doubles the odds that the two records are one person, -1 halves them.
import { Group, Stack, Text } from '@mantine/core';
import { BarList } from '../shared/bars.tsx';
import type { Waterfall } from './types.ts';

const columnLabels: Record<string, string> = {
  given_name: 'Given name', family_name: 'Family name', email: 'Email', phone: 'Phone', birth_date: 'Birth date',
  postcode: 'Postcode', city: 'City', company: 'Company', name: 'Name', domain: 'Domain', first_word: 'First word of name',
};
const levelLabel = (level: string) => (level === 'null' ? 'missing on a side' : level.replace(/_/g, ' '));
const signed = (n: number) => `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(1)}`;

export function WaterfallChart({ waterfall, matchWeight, probability }: { waterfall: Waterfall; matchWeight: number; probability: number }) {
  const items = [
    { key: '__prior', label: 'Starting odds (prior)', value: waterfall.priorWeight, display: signed(waterfall.priorWeight), color: 'gray' },
    ...waterfall.steps.map((s) => {
      const w = s.weight + s.termFrequencyAdjustment;
      const tf = s.termFrequencyAdjustment ? ` (common value ${signed(s.termFrequencyAdjustment)})` : '';
      return { key: s.column, label: `${columnLabels[s.column] ?? s.column}: ${levelLabel(s.level)}${tf}`, value: w, display: signed(w) };
    }),
  ];
  return (
    <Stack gap="xs">
      <BarList label="Match weight by field" items={items} signed />
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600}>
          Total {signed(matchWeight)}
        </Text>
        <Text size="sm" fw={600}>
          {(probability * 100).toFixed(probability > 0.99 || probability < 0.01 ? 2 : 1)}% likely the same
        </Text>
      </Group>
    </Stack>
  );
}
