import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { MantineProvider } from '@mantine/core';
import { cleanup, render } from '@testing-library/react';
import { DataGrid, type GridColumn } from './data-grid.tsx';
import { installDomStubs } from './test-kit.tsx';

interface Row { id: string; name: string }
const columns: GridColumn<Row>[] = [{ id: 'name', header: 'Name', width: 200, render: (r) => r.name, sortField: 'name' }];
const rowsOf = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ id: `id-${i}`, name: `Person ${i}` }));

function Harness({ rows, hasMore = false, onLoadMore = () => {}, onOpen = () => {}, onSort }: { rows: Row[]; hasMore?: boolean; onLoadMore?: () => void; onOpen?: (r: Row) => void; onSort?: (s: string) => void }) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  return (
    <MantineProvider>
      <DataGrid label="People" rows={rows} columns={columns} hasMore={hasMore} loadingMore={false} onLoadMore={onLoadMore}
        selected={selected} onToggle={toggle} onToggleAll={() => setSelected(new Set(rows.map((r) => r.id)))} onOpen={onOpen}
        rowLabel={(r) => r.name} sort="name" {...(onSort ? { onSort } : {})} height={600} />
    </MantineProvider>
  );
}

beforeAll(() => installDomStubs(600));
afterEach(cleanup);

describe('DataGrid', () => {
  it('renders only the rows in view of a 200,000-row set', () => {
    render(<Harness rows={rowsOf(200_000)} />);
    const rendered = screen.getAllByRole('row').length - 1; // minus the header row
    // 600px / 40px = 15 rows in view, plus the overscan on each side.
    expect(rendered).toBeGreaterThanOrEqual(15);
    expect(rendered).toBeLessThan(40);
    expect(screen.getByText('Person 0')).toBeTruthy();
    expect(screen.queryByText('Person 199999')).toBeNull();
  });

  it('asks for the next page as the user scrolls near the end of what is loaded', () => {
    const onLoadMore = vi.fn();
    render(<Harness rows={rowsOf(100)} hasMore onLoadMore={onLoadMore} />);
    expect(onLoadMore).not.toHaveBeenCalled();
    const grid = screen.getByRole('grid');
    grid.scrollTop = 100 * 40 - 600;
    fireEvent.scroll(grid);
    expect(onLoadMore).toHaveBeenCalled();
    expect(screen.getByText('Person 99')).toBeTruthy();
  });

  it('moves the row focus with the arrow keys, selects with x and opens with Enter', () => {
    const onOpen = vi.fn();
    render(<Harness rows={rowsOf(50)} onOpen={onOpen} />);
    const grid = screen.getByRole('grid');
    grid.focus();
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowUp' });
    expect(grid.getAttribute('aria-activedescendant')).toBe('People-row-1');
    fireEvent.keyDown(grid, { key: 'x' });
    expect(screen.getByRole('checkbox', { name: 'Select Person 1' })).toHaveProperty('checked', true);
    expect(document.getElementById('People-row-1')?.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith({ id: 'id-1', name: 'Person 1' });
    fireEvent.keyDown(grid, { key: 'End' });
    expect(grid.getAttribute('aria-activedescendant')).toBe('People-row-49');
  });

  it('renders user data as text, never as markup', () => {
    render(<Harness rows={[{ id: 'x', name: '<img src=x onerror=alert(1)>' }]} />);
    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
  });

  it('sorts by a column header, ascending then descending', () => {
    const onSort = vi.fn();
    render(<Harness rows={rowsOf(3)} onSort={onSort} />);
    expect(screen.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(screen.getByRole('button', { name: /Name/ }));
    expect(onSort).toHaveBeenCalledWith('-name');
  });
});
