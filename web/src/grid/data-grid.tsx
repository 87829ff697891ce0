// A virtualised data grid over a keyset-paged list: only the rows in view (plus a small overscan)
// are in the DOM, and the next page is asked for as the user nears the end of what is loaded, so a
// million-row list costs what a screenful does. Keyboard: arrows, Page Up/Down, Home/End move the
// row focus, Enter opens, x selects. Cells render text only (React escapes it); never HTML.
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Loader, Text, UnstyledButton } from '@mantine/core';
import classes from './data-grid.module.css';

export interface GridColumn<T> {
  id: string;
  header: string;
  width: number;
  /** Text (or elements holding text) for one cell. */
  render: (row: T) => ReactNode;
  /** The list field this column sorts by, when the API can sort on it. */
  sortField?: string;
}

export interface DataGridProps<T extends { id: string }> {
  label: string;
  rows: readonly T[];
  columns: readonly GridColumn<T>[];
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
  onOpen: (row: T) => void;
  rowLabel: (row: T) => string;
  sort?: string | null;
  onSort?: (sort: string) => void;
  rowActions?: (row: T) => ReactNode;
  rowHeight?: number;
  height?: number | string;
}

/** Ask for the next page when the last rendered row is this close to the end of what is loaded. */
const PREFETCH_ROWS = 30;

export function DataGrid<T extends { id: string }>(props: DataGridProps<T>) {
  const { rows, columns, rowHeight = 40, selected, hasMore, loadingMore, onLoadMore } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focus, setFocus] = useState(0);
  const count = rows.length + (hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 10,
    initialRect: { width: 1200, height: 800 },
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : -1;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - PREFETCH_ROWS) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, rows.length, onLoadMore]);

  useEffect(() => {
    if (focus > 0 && focus >= rows.length) setFocus(Math.max(0, rows.length - 1));
  }, [focus, rows.length]);

  const moveTo = useCallback((i: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, i));
    setFocus(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }, [rows.length, virtualizer]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Keys typed into a cell's own control (checkbox, button) are that control's.
    if (e.target !== e.currentTarget) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / rowHeight) - 1);
    const row = rows[focus];
    switch (e.key) {
      case 'ArrowDown': moveTo(focus + 1); break;
      case 'ArrowUp': moveTo(focus - 1); break;
      case 'PageDown': moveTo(focus + page); break;
      case 'PageUp': moveTo(focus - page); break;
      case 'Home': moveTo(0); break;
      case 'End': moveTo(rows.length - 1); break;
      case 'Enter': if (row) props.onOpen(row); break;
      case 'x': case 'X': case ' ': if (row) props.onToggle(row.id); break;
      default: return;
    }
    e.preventDefault();
  };

  const template = `44px ${columns.map((c) => `${c.width}px`).join(' ')} minmax(80px, 1fr)`;
  // selected.size first: with nothing ticked this costs nothing however many rows are loaded.
  const allSelected = selected.size > 0 && rows.length > 0 && rows.every((r) => selected.has(r.id));
  const someSelected = selected.size > 0 && !allSelected;
  const rowId = (i: number) => `${props.label.replace(/\W+/g, '-')}-row-${i}`;

  return (
    <div
      ref={scrollRef}
      className={classes.scroll}
      style={{ height: props.height ?? 'calc(100dvh - 260px)' }}
      role="grid"
      aria-label={props.label}
      aria-rowcount={hasMore ? -1 : rows.length + 1}
      aria-multiselectable
      tabIndex={0}
      aria-activedescendant={rows.length ? rowId(focus) : undefined}
      onKeyDown={onKeyDown}
      data-testid="data-grid"
    >
      <div className={classes.header} role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
        <div role="columnheader" className={classes.check}>
          <input type="checkbox" className={classes.box} aria-label="Select all loaded rows" checked={allSelected}
            ref={(el) => { if (el) el.indeterminate = someSelected; }} onChange={props.onToggleAll} tabIndex={-1} />
        </div>
        {columns.map((c) => <HeaderCell key={c.id} column={c} sort={props.sort ?? null} onSort={props.onSort} />)}
        <div role="columnheader" aria-label="Actions" />
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((v) => {
          const row = rows[v.index];
          if (!row) {
            return (
              <div key="more" className={classes.more} style={{ height: v.size, transform: `translateY(${v.start}px)` }} role="row">
                <Loader size="xs" aria-label="Loading more rows" /> <Text size="sm" c="dimmed" component="span">Loading more</Text>
              </div>
            );
          }
          return (
            <GridRow<T>
              key={row.id}
              row={row}
              index={v.index}
              start={v.start}
              size={v.size}
              domId={rowId(v.index)}
              selected={selected.has(row.id)}
              focused={v.index === focus}
              columns={columns}
              template={template}
              label={props.rowLabel(row)}
              onFocusRow={setFocus}
              onToggle={props.onToggle}
              onOpen={props.onOpen}
              rowActions={props.rowActions}
            />
          );
        })}
      </div>
    </div>
  );
}

function HeaderCell<T>({ column, sort, onSort }: { column: GridColumn<T>; sort: string | null; onSort: ((s: string) => void) | undefined }) {
  const field = column.sortField;
  if (!field || !onSort) return <div role="columnheader" className={classes.headCell}>{column.header}</div>;
  const state = sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : 'none';
  return (
    <div role="columnheader" aria-sort={state} className={classes.headCell}>
      <UnstyledButton className={classes.sortButton} onClick={() => onSort(state === 'ascending' ? `-${field}` : field)} tabIndex={-1}>
        {column.header} {state === 'ascending' ? '▲' : state === 'descending' ? '▼' : ''}
      </UnstyledButton>
    </div>
  );
}

interface RowProps<T> {
  row: T;
  index: number;
  start: number;
  size: number;
  domId: string;
  selected: boolean;
  focused: boolean;
  columns: readonly GridColumn<T>[];
  template: string;
  label: string;
  onFocusRow: (index: number) => void;
  onToggle: (id: string) => void;
  onOpen: (row: T) => void;
  rowActions: ((row: T) => ReactNode) | undefined;
}

// Memoised: scrolling re-renders the grid on every frame, but a row already on screen has nothing
// new to draw, so only the rows scrolling into view render.
const GridRow = memo(function GridRow<T extends { id: string }>(p: RowProps<T>) {
  return (
    <div
      id={p.domId}
      role="row"
      aria-rowindex={p.index + 2}
      aria-selected={p.selected}
      data-focused={p.focused || undefined}
      className={classes.row}
      style={{ gridTemplateColumns: p.template, height: p.size, transform: `translateY(${p.start}px)` }}
      onClick={() => p.onFocusRow(p.index)}
      onDoubleClick={() => p.onOpen(p.row)}
    >
      <div role="gridcell" className={classes.check}>
        <input type="checkbox" className={classes.box} aria-label={`Select ${p.label}`} checked={p.selected} onChange={() => p.onToggle(p.row.id)} tabIndex={-1} />
      </div>
      {p.columns.map((c) => (
        <div role="gridcell" key={c.id} className={classes.cell}>{c.render(p.row)}</div>
      ))}
      <div role="gridcell" className={classes.actions}>{p.rowActions?.(p.row)}</div>
    </div>
  );
}) as <T extends { id: string }>(p: RowProps<T>) => ReactNode;
