// The mapping editor (change a column's field, duplicate targets flagged) and the dry-run display
// (counts, stored preview with quality problems, likely duplicates, failed rows with reasons).
import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MantineProvider } from '@mantine/core';
import { useState } from 'react';
import { MappingEditor } from './mapping-editor.tsx';
import { DryRunResult } from './dry-run.tsx';
import { parseCsv, type DryRun } from './api.ts';

function Harness({ onMapping }: { onMapping(m: Record<string, string>): void }) {
  const [mapping, setMapping] = useState<Record<string, string>>({ 'First Name': 'givenName', 'E-mail': 'email', Notes: 'ignore' });
  return (
    <MappingEditor
      headers={['First Name', 'E-mail', 'Notes']}
      sample={[['Ada', 'ada@example.com', '<b>vip</b>'], ['Bob', 'bob@example.com', '']]}
      targets={['givenName', 'familyName', 'email', 'ignore']}
      mapping={mapping}
      onChange={(m) => { setMapping(m); onMapping(m); }}
    />
  );
}

describe('import mapping editor', () => {
  it('shows each column with samples as text and changes its field', async () => {
    const seen: Record<string, string>[] = [];
    render(<MantineProvider><Harness onMapping={(m) => seen.push(m)} /></MantineProvider>);
    expect(screen.getByText('ada@example.com · bob@example.com')).toBeTruthy();
    // User data is text, never markup.
    expect(screen.getByText('<b>vip</b>')).toBeTruthy();
    const notes = screen.getByLabelText('Field for column Notes') as HTMLSelectElement;
    expect(notes.value).toBe('ignore');
    await userEvent.selectOptions(notes, 'familyName');
    expect(seen.at(-1)).toEqual({ 'First Name': 'givenName', 'E-mail': 'email', Notes: 'familyName' });
    await userEvent.selectOptions(screen.getByLabelText('Field for column First Name'), 'email');
    expect(screen.getAllByText('Another column goes here too')).toHaveLength(2);
  });
});

describe('dry-run display', () => {
  const dryRun: DryRun = {
    at: '2026-12-01T10:00:00.000Z',
    counts: { rows: 3, created: 2, updated: 0, unchanged: 0, failed: 1 },
    preview: [
      { id: 'c1', displayName: 'Ada Lovelace', emails: [{ address: 'ada@example.com' }], phones: [], qualityIssues: [] },
      { id: 'c2', displayName: 'Bob', emails: [{ address: 'not-an-email' }], phones: [{ number: '123' }], qualityIssues: [{ code: 'email_invalid', field: 'emails.0.address', message: '"not-an-email" is not a valid email address' }] },
    ],
  };
  it('shows counts, the stored preview with problems, and the failed rows', () => {
    const report = '\ufeffRow,First Name,E-mail,Error\r\n4,"Smith, J",,"birthDate: ""31/02"" is not a date"\r\n';
    const [head, ...rows] = parseCsv(report);
    expect(head).toEqual(['Row', 'First Name', 'E-mail', 'Error']);
    const problems = { headers: head!.slice(1, -1), rows: rows.map((r) => ({ row: r[0]!, cells: r.slice(1, -1), error: r.at(-1)! })) };
    render(<MantineProvider><DryRunResult dryRun={dryRun} problems={problems} /></MantineProvider>);
    const counts = screen.getByRole('group', { name: 'Dry run counts' });
    expect(within(counts).getByText('New').nextSibling?.textContent).toBe('2');
    expect(within(counts).getByText('Failed').nextSibling?.textContent).toBe('1');
    const preview = screen.getByRole('table', { name: 'Dry run preview' });
    const bob = within(preview).getByText('Bob').closest('tr')!;
    expect(within(bob).getByText('email_invalid')).toBeTruthy();
    expect(within(bob).getByText('"not-an-email" is not a valid email address')).toBeTruthy();
    const failed = screen.getByRole('list', { name: 'Row problems' });
    expect(failed.textContent).toContain('Row 4:');
    expect(failed.textContent).toContain('birthDate: "31/02" is not a date');
    expect(failed.textContent).toContain('Smith, J');
  });

  it('lists rows that look like stored contacts (linked) or like other rows of the file', () => {
    const withDuplicates: DryRun = {
      ...dryRun,
      duplicates: {
        count: 3,
        checked: 1,
        rows: [
          { rowNo: 2, candidates: [{ contactId: 'c-ada', rowNo: null, displayName: 'Ada Lovelace', probability: 0.991 }, { contactId: null, rowNo: 5, displayName: 'Ada Lovelace', probability: 0.93 }] },
          { rowNo: 5, candidates: [{ contactId: null, rowNo: 2, displayName: 'Ada Lovelace', probability: 0.93 }] },
        ],
      },
    };
    render(<MantineProvider><DryRunResult dryRun={withDuplicates} problems={{ headers: [], rows: [] }} /></MantineProvider>);
    expect(screen.getByRole('heading', { name: 'Rows that look like contacts you have (3)' })).toBeTruthy();
    const list = screen.getByRole('list', { name: 'Likely duplicates' });
    const items = within(list).getAllByRole('listitem');
    expect(items[0]!.textContent).toBe('Row 2 looks like Ada Lovelace 99%, Ada Lovelace (row 5 of this file) 93%');
    expect(within(items[0]!).getByRole('link', { name: 'Ada Lovelace' }).getAttribute('href')).toBe('/contacts/c-ada');
    expect(within(items[1]!).queryByRole('link')).toBeNull();
    expect(items[2]!.textContent).toBe('… and 1 more row');
    expect(screen.getByText(/The first 1 of 2 new rows were checked/)).toBeTruthy();
  });

  it('says nothing about duplicates when the check found none', () => {
    render(<MantineProvider><DryRunResult dryRun={{ ...dryRun, duplicates: { count: 0, checked: 2, rows: [] } }} problems={{ headers: [], rows: [] }} /></MantineProvider>);
    expect(screen.queryByRole('list', { name: 'Likely duplicates' })).toBeNull();
    expect(screen.queryByText(/new rows were checked/)).toBeNull();
  });

  it('names interactions in the preview by their subject, or their kind', () => {
    const interactions: DryRun = {
      at: '2026-12-01T10:00:00.000Z',
      counts: { rows: 2, created: 2, updated: 0, unchanged: 0, failed: 0 },
      preview: [{ id: 'i1', kind: 'phone_call', subject: 'Intro call' }, { id: 'i2', kind: 'email', subject: null }],
    };
    render(<MantineProvider><DryRunResult dryRun={interactions} problems={{ headers: [], rows: [] }} /></MantineProvider>);
    const preview = screen.getByRole('table', { name: 'Dry run preview' });
    expect(within(preview).getByText('Intro call')).toBeTruthy();
    expect(within(preview).getByText('email')).toBeTruthy();
  });
});
