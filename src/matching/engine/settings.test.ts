// The settings document: a bad one is refused with a message that names the field at fault (the
// CLI prints it, the CRM returns it as the problem's detail), and a rule over a column the input
// does not have is refused by name before any work starts.
import { describe, expect, it } from 'vitest';
import { matchDatasets } from './match.ts';
import { parseSettings, type SettingsInput } from './settings.ts';

const base = () => ({
  comparisons: [{ column: 'first', kind: 'given_name' }, { column: 'last', kind: 'surname' }] as SettingsInput['comparisons'],
  blocking: [{ keys: ['last:metaphone'] }] as SettingsInput['blocking'],
});

/** The message parseSettings throws for a document (fails the test when it is accepted). */
function problem(doc: unknown): string {
  try {
    parseSettings(doc);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('accepted');
}

describe('parseSettings', () => {
  it('accepts a good document and fills the defaults', () => {
    const s = parseSettings(base());
    expect(s.threshold).toBe(0.5);
    expect(s.maxBlockSize).toBe(500);
    expect(s.blocking[0]!.keys).toEqual(['last:metaphone']);
  });

  it('an unknown field kind names the comparison and the kinds allowed', () => {
    const msg = problem({ ...base(), comparisons: [{ column: 'first', kind: 'given_name' }, { column: 'last', kind: 'family' }] });
    expect(msg).toMatch(/^settings: comparisons\.1\.kind: /);
    expect(msg).toContain('surname');
  });

  it('a threshold outside 0..1, or not a number, names threshold', () => {
    expect(problem({ ...base(), threshold: 1.5 })).toMatch(/^settings: threshold: .*1/);
    expect(problem({ ...base(), threshold: -0.1 })).toMatch(/^settings: threshold: /);
    expect(problem({ ...base(), threshold: 'high' })).toMatch(/^settings: threshold: /);
    expect(problem({ ...base(), cluster: { strongThreshold: 2 } })).toMatch(/^settings: cluster\.strongThreshold: /);
  });

  it('a blocking key with an unknown transform names the key and the transform', () => {
    expect(problem({ ...base(), blocking: [{ keys: ['last:soundex'] }] })).toBe('settings: blocking key last:soundex: unknown transform soundex');
    expect(problem({ ...base(), blocking: [{ keys: ['last'], tokens: true, with: ['dob:decade'] }] })).toBe('settings: blocking key dob:decade: unknown transform decade');
  });

  it('a malformed blocking rule names its place in the document', () => {
    expect(problem({ ...base(), blocking: [{ keys: [] }] })).toMatch(/^settings: blocking\.0\.keys: /);
    expect(problem({ ...base(), blocking: [{ keys: ['last'] }, { keys: ['a:b:c'] }] })).toMatch(/^settings: blocking\.1\.keys\.0: /);
    expect(problem({ ...base(), blocking: [{ keys: ['last'], rarest: 0 }] })).toMatch(/^settings: blocking\.0\.rarest: /);
    expect(problem({ ...base(), blocking: [] })).toMatch(/^settings: blocking: /);
  });

  it('every problem of a document is listed, not only the first', () => {
    const msg = problem({ comparisons: [{ column: '', kind: 'given_name' }], blocking: [{ keys: ['x'] }], threshold: 7, maxBlockSize: 1 });
    for (const field of ['comparisons.0.column', 'threshold', 'maxBlockSize']) expect(msg).toContain(`${field}: `);
  });

  it('a document that is not an object is refused as a whole', () => {
    expect(problem(null)).toMatch(/^settings: \(document\): /);
    expect(problem([])).toMatch(/^settings: \(document\): /);
  });
});

describe('settings against the input', () => {
  const input = { ids: ['1', '2', '3'], columns: { first: ['ann', 'anne', 'bob'], last: ['lee', 'lee', 'ray'] } };

  it('a blocking rule over a column the input lacks is refused, naming the column', async () => {
    // The document alone cannot know the input's columns: parseSettings accepts a column only
    // blocking reads (blocking on a column not compared is allowed); the run refuses it by name.
    const doc = { ...base(), blocking: [{ keys: ['postcode'] }] };
    expect(() => parseSettings(doc)).not.toThrow();
    await expect(matchDatasets([input], { settings: doc, workers: 1 })).rejects.toThrow('column postcode is missing from input 1');
  });

  it('a compared column the input lacks is refused, naming the column', async () => {
    const doc = { ...base(), comparisons: [...base().comparisons, { column: 'email', kind: 'email' as const }] };
    await expect(matchDatasets([input], { settings: doc, workers: 1 })).rejects.toThrow('column email is missing from input 1');
  });

  it('a training rule over an unknown column is refused the same way', async () => {
    const doc = { ...base(), training: [{ keys: ['city'] }] };
    await expect(matchDatasets([input], { settings: doc, workers: 1 })).rejects.toThrow('column city is missing from input 1');
  });
});
